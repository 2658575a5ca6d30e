"""Who is calling, as both REST forms (/api, /rest) read it: HTTP Basic, the session header."""

from __future__ import annotations

import base64
import binascii

from starlette.requests import Request

from vcsa_conformance.contract.api import SESSION_HEADER
from vcsa_conformance.mock.model import errors


def basic_credentials(request: Request) -> tuple[str, str]:
    """User and password of an HTTP Basic header; 401 if absent or unreadable."""
    scheme, _, encoded = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "basic":
        raise errors.unauthenticated()
    try:
        decoded = base64.b64decode(encoded.strip(), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        raise errors.unauthenticated() from None
    username, separator, password = decoded.partition(":")
    if not separator:
        raise errors.unauthenticated()
    return username, password


def session_token(request: Request) -> str | None:
    """The session token the request sends, if any; the Appliance judges it."""
    return request.headers.get(SESSION_HEADER)
