"""A recorded request as a curl command a person can paste into a POSIX shell.

Headers curl sets itself (Host, Content-Length, ...) are left out: the body shown is the
masked one, so a recorded Content-Length would be wrong. Masked values stay masked (the
reader substitutes their own session token); the command is re-masked here as well, because
a report must never depend on its caller having masked the request.
"""

from __future__ import annotations

import shlex

from vcsa_conformance.reports.masking import Masker
from vcsa_conformance.results import RecordedRequest

# Hop-by-hop and length headers curl computes itself.
_OMITTED = frozenset(
    {"host", "content-length", "connection", "accept-encoding", "transfer-encoding", "user-agent"}
)
_CONTINUATION = " \\\n  "


def to_curl(request: RecordedRequest) -> str:
    """``curl -i …`` reproducing the request, one option per line, every argument quoted."""
    masker = Masker()
    words = ["curl -i"]
    if request.method.upper() != "GET":
        words.append(f"-X {_quote(request.method.upper())}")
    for name, value in masker.headers(request.headers).items():
        if name.lower() not in _OMITTED:
            words.append(f"-H {_quote(f'{name}: {value}')}")
    body = masker.body(request.body)
    if body is not None:
        words.append(f"--data-raw {_quote(body)}")
    words.append(_quote(masker.text(request.url)))
    return _CONTINUATION.join(words)


def _quote(value: str) -> str:
    """Shell quoting; bash's $'…' form when the value holds control characters."""
    if all(character.isprintable() or character in "\n\t" for character in value):
        return shlex.quote(value)
    return "$'" + "".join(_ansi_c(character) for character in value) + "'"


def _ansi_c(character: str) -> str:
    if character in "\\'":
        return "\\" + character
    if character.isprintable():
        return character
    code = ord(character)
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"
