"""Before any test: can the target be reached, trusted and logged in to?

Each failure raises a ``TargetError`` whose one-line message says what to do, so the CLI can
exit 2 without a traceback and without a run that "fails" every requirement for one cause.
"""

from __future__ import annotations

import socket
import ssl
from urllib.parse import urlsplit

import httpx

from vcsa_conformance.contract.api import SESSION_HEADER, SESSION_PATH
from vcsa_conformance.suite.http.client import ssl_context
from vcsa_conformance.suite.run.errors import (
    TargetCredentialsRejected,
    TargetError,
    TargetTlsError,
    TargetUnreachable,
)
from vcsa_conformance.suite.run.options import SuiteOptions

_CONNECT_TIMEOUT = 10.0


def check_target(options: SuiteOptions) -> None:
    """Connect, shake hands and log in once (then log out); raise TargetError on failure.
    The options are trusted: ``options_from`` checked the URL and the credentials."""
    if options.target is None:
        return
    parts = urlsplit(options.target)
    assert parts.hostname is not None
    port = parts.port or (443 if parts.scheme == "https" else 80)
    _connect(parts.hostname, port, options)
    _login(options, f"{parts.hostname}:{port}")


def _connect(host: str, port: int, options: SuiteOptions) -> None:
    timeout = min(options.request_timeout, _CONNECT_TIMEOUT)
    try:
        with socket.create_connection((host, port), timeout=timeout):
            pass
    except OSError as error:
        reason = error.strerror or type(error).__name__
        raise TargetUnreachable(
            f"cannot connect to {host}:{port} ({reason}); check --target (host and port) "
            "and that the appliance is up and reachable from here"
        ) from None


def _login(options: SuiteOptions, where: str) -> None:
    assert options.target is not None and options.user is not None
    assert options.password is not None
    try:
        with httpx.Client(
            base_url=options.target,
            verify=ssl_context(options.verify),
            timeout=options.request_timeout,
            trust_env=False,
        ) as http:
            answer = http.post(SESSION_PATH, auth=(options.user, options.password))
            if answer.status_code == 201:
                http.delete(SESSION_PATH, headers={SESSION_HEADER: answer.json()})
    except httpx.ConnectError as error:
        if _is_tls(error):
            raise TargetTlsError(
                f"TLS handshake with {where} failed ({_tls_reason(error)}); use --insecure to "
                "skip TLS verification, or --ca-bundle PATH to trust the appliance's CA"
            ) from None
        raise TargetUnreachable(f"cannot connect to {where} ({error}); check --target") from None
    except (httpx.HTTPError, ValueError) as error:
        raise TargetError(
            f"login at {where} failed ({type(error).__name__}); is --target an appliance?"
        ) from None
    if answer.status_code in (401, 403):
        raise TargetCredentialsRejected(
            f"{where} refused the credentials of {options.user} ({answer.status_code}); check "
            "--user and the password in VCSA_PASSWORD or --password-file"
        )
    if answer.status_code != 201:
        raise TargetError(
            f"login at {where} answered {answer.status_code}, not 201; is --target an appliance "
            "with the /api endpoints (vSphere 7.0 or later)?"
        )


def _is_tls(error: BaseException) -> bool:
    seen: BaseException | None = error
    while seen is not None:
        if isinstance(seen, ssl.SSLError):
            return True
        seen = seen.__cause__ or seen.__context__
    return "SSL" in str(error) or "certificate" in str(error).lower()


def _tls_reason(error: BaseException) -> str:
    seen: BaseException | None = error
    while seen is not None:
        if isinstance(seen, ssl.SSLCertVerificationError):
            return seen.verify_message or "certificate not trusted"
        seen = seen.__cause__ or seen.__context__
    return str(error).splitlines()[0][:120]
