"""What a suite run targets and how carefully it treats that target.

``SuiteOptions`` is built once at a boundary (the CLI, or the environment for plain pytest)
and trusted everywhere else. It holds the appliance password in memory only; nothing in the
suite logs or stores it unmasked.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

from vcsa_conformance.contract.api import LOCATION_TYPES_BY_SCHEME

Profile = Literal["quick", "full"]
PROFILES: tuple[Profile, ...] = ("quick", "full")
# The run's overall bound when --time-limit is not given: a quick run against a live appliance
# waits at most --busy-wait for someone else's backup, --job-wait for each of its own two, and
# sends a few hundred requests; a full run explores for longer.
TIME_LIMITS: dict[str, float] = {"quick": 900.0, "full": 1800.0}
# Backups a run may start on a live appliance unless told otherwise: the smallest budget that
# checks a conformant appliance completely (docs/suite.md, "The backup budget").
DEFAULT_MAX_BACKUPS = 2


@dataclass(frozen=True)
class SuiteOptions:
    """Options of one conformance run (see notes/interfaces.md, Suite section)."""

    target: str | None = None  # None -> the embedded mock (HTTPS, free loopback port)
    user: str | None = None
    password: str | None = None  # never logged or stored
    verify: bool | str = True  # False = --insecure, str = CA bundle path
    profile: Profile = "quick"
    max_backups: int = DEFAULT_MAX_BACKUPS  # live only; embedded mock: unbounded
    request_timeout: float = 30.0
    time_limit: float | None = None  # overall bound, seconds; None: the profile's
    rate_limit: float | None = None  # requests per second
    busy_wait: float = 300.0  # wait this long for an already running backup
    job_wait: float = 300.0  # live: follow a backup of ours this long (to its end, or a cancel)
    backup_location: str | None = None  # live: where the backups meant to succeed go
    backup_location_user: str | None = None
    backup_location_password: str | None = None  # never logged or stored
    faults: tuple[str, ...] = ()  # embedded mock only
    variants: tuple[str, ...] = ()  # embedded mock only
    job_seconds: float = 1.0  # embedded mock only
    seed: int | None = None
    readonly_user: str | None = None
    readonly_password: str | None = None

    def __repr__(self) -> str:
        """Never show the passwords, even in a debugger or a traceback."""
        return (
            f"SuiteOptions(target={self.target!r}, user={self.user!r}, "
            f"profile={self.profile!r}, max_backups={self.max_backups})"
        )

    @property
    def run_time_limit(self) -> float:
        """The overall bound of the run: --time-limit, else the profile's default."""
        return self.time_limit if self.time_limit is not None else TIME_LIMITS[self.profile]

    @property
    def embedded(self) -> bool:
        """True when the run starts its own mock instead of talking to a live appliance."""
        return self.target is None


class OptionsError(ValueError):
    """Raised when environment variables or options for the suite hold an unusable value."""


def parse_target(raw: str, name: str = "--target") -> str:
    """``scheme://host[:port]`` of an appliance; OptionsError (one line, never echoing
    credentials) for anything else: no scheme or host, a bad port, a path, credentials."""
    try:
        parts = urlsplit(raw.strip())
        port = parts.port  # urlsplit checks brackets at once, the port only when read
    except ValueError as error:
        why = "the port must be a number 1..65535" if "port" in str(error).lower() else str(error)
        if "@" in raw:
            raise OptionsError(f"{name} must not hold credentials (use --user)") from None
        raise OptionsError(
            f"{name} {raw!r} is not a URL like https://host[:port] ({why})"
        ) from None
    if "@" in parts.netloc:  # never echo it: it may hold a password
        raise OptionsError(f"{name} must not hold credentials (use --user and VCSA_PASSWORD)")
    usage = f"{name} {raw!r} is not a URL like https://host[:port]"
    if parts.scheme.lower() not in ("https", "http") or not parts.hostname:
        raise OptionsError(f"{usage} (give the scheme and the host)")
    if port == 0:
        raise OptionsError(f"{usage} (the port must be a number 1..65535)")
    if parts.path not in ("", "/") or parts.query or parts.fragment:
        raise OptionsError(f"{usage} (leave out the path: the API paths are fixed)")
    return f"{parts.scheme.lower()}://{parts.netloc}"


def parse_backup_location(raw: str, name: str = "--backup-location") -> str:
    """A backup location URL whose scheme names a location_type (sftp://host/folder, ...);
    OptionsError otherwise. Credentials belong in the user and password options, never here."""
    try:
        parts = urlsplit(raw.strip())
    except ValueError as error:
        raise OptionsError(f"{name} is not a URL ({error})") from None
    if "@" in parts.netloc:
        raise OptionsError(
            f"{name} must not hold credentials (use --backup-location-user and "
            "VCSA_BACKUP_LOCATION_PASSWORD)"
        )
    schemes = ", ".join(f"{scheme}://" for scheme in LOCATION_TYPES_BY_SCHEME)
    if parts.scheme.lower() not in LOCATION_TYPES_BY_SCHEME or not parts.netloc:
        raise OptionsError(f"{name} {raw!r} needs one of {schemes} and a host")
    return raw.strip()


def options_from_env(environ: Mapping[str, str] | None = None) -> SuiteOptions:
    """Options for plain ``pytest`` and ``tox -e live``, from the VCSA_* variables."""
    env = os.environ if environ is None else environ
    target = env.get("VCSA_TARGET") or None
    if target is not None:
        target = parse_target(target, "VCSA_TARGET")
    location = env.get("VCSA_BACKUP_LOCATION") or None
    if location is not None:
        location = parse_backup_location(location, "VCSA_BACKUP_LOCATION")
    ca_bundle = env.get("VCSA_CA_BUNDLE") or None
    verify: bool | str = ca_bundle if ca_bundle else not _flag(env, "VCSA_INSECURE")
    profile = env.get("VCSA_PROFILE", "quick") or "quick"
    if profile not in PROFILES:
        raise OptionsError(f"VCSA_PROFILE={profile!r} is not a profile: use quick or full")
    return SuiteOptions(
        target=target,
        user=env.get("VCSA_USER") or None,
        password=_password(env),
        verify=verify,
        profile=profile,  # type: ignore[arg-type]  # checked against PROFILES above
        max_backups=_budget(env),
        faults=_names(env.get("VCSA_FAULTS", "")),
        variants=_names(env.get("VCSA_VARIANTS", "")),
        seed=_int(env, "VCSA_SEED"),
        readonly_user=env.get("VCSA_READONLY_USER") or None,
        readonly_password=env.get("VCSA_READONLY_PASSWORD") or None,
        backup_location=location,
        backup_location_user=env.get("VCSA_BACKUP_LOCATION_USER") or None,
        backup_location_password=_secret(
            env, "VCSA_BACKUP_LOCATION_PASSWORD", "VCSA_BACKUP_LOCATION_PASSWORD_FILE"
        ),
    )


def _budget(env: Mapping[str, str]) -> int:
    budget = _or_default(_int(env, "VCSA_MAX_BACKUPS"), DEFAULT_MAX_BACKUPS)
    if budget < 1:
        raise OptionsError(f"VCSA_MAX_BACKUPS={budget} must be 1 or more")
    return budget


def _flag(env: Mapping[str, str], name: str) -> bool:
    return env.get(name, "").strip().lower() in ("1", "true", "yes", "on")


def _password(env: Mapping[str, str]) -> str | None:
    return _secret(env, "VCSA_PASSWORD", "VCSA_PASSWORD_FILE")


def _secret(env: Mapping[str, str], name: str, file_name: str) -> str | None:
    """A password from the variable ``name``, else from the file ``file_name`` names."""
    if env.get(name):
        return env[name]
    path = env.get(file_name)
    if not path:
        return None
    try:
        secret = Path(path).read_text("utf-8").rstrip("\r\n")
    except (OSError, UnicodeDecodeError) as error:
        why = getattr(error, "strerror", None) or "not UTF-8 text"
        raise OptionsError(
            f"cannot read {file_name} {path!r}: {why}; "
            "point it at a readable file holding only the password"
        ) from None
    if not secret:
        raise OptionsError(f"{file_name} {path!r} is empty (put the password in it)")
    return secret


def _int(env: Mapping[str, str], name: str) -> int | None:
    raw = env.get(name, "").strip()
    if not raw:
        return None
    try:
        return int(raw)
    except ValueError:
        raise OptionsError(f"{name}={raw!r} is not an integer") from None


def _or_default(value: int | None, default: int) -> int:
    return default if value is None else value


def _names(raw: str) -> tuple[str, ...]:
    return tuple(name.strip() for name in raw.split(",") if name.strip())
