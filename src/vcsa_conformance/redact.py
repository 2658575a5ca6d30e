"""Masking of secrets before anything is logged or written to a report.

One place decides what a secret is: passwords in request bodies, the appliance password,
session tokens and Authorization headers. Values registered with ``Redactor.add`` (the
secrets a run actually sent) are masked wherever they appear, whatever the field name; in
free text (``free_text``, the reports' final pass) secret-looking patterns are masked too.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from typing import Any

from vcsa_conformance.contract.api import SESSION_HEADER

MASK = "********"
SECRET_HEADERS = frozenset({"authorization", SESSION_HEADER, "cookie", "set-cookie"})
SECRET_FIELDS = frozenset(
    {"backup_password", "location_password", "password", "sessionid", "secret"}
)


_HEADERS_NAMED = "|".join(sorted(re.escape(name) for name in SECRET_HEADERS))
_FIELDS_NAMED = "|".join(sorted(SECRET_FIELDS, key=len, reverse=True))
# "Authorization: Basic ...", 'vmware-api-session-id': '...': the value up to a quote or EOL.
_HEADER_IN_TEXT = re.compile(
    r"""(["']?\b(?:""" + _HEADERS_NAMED + r""")\b["']?[ \t]*[:=][ \t]*["']?)[^"'\r\n]+""",
    re.IGNORECASE,
)
# password: x, "backup_password": "x", password=x (a JSON null is left alone).
_FIELD_PAIR = re.compile(
    r"""(["']?\b(?:""" + _FIELDS_NAMED + r""")\b["']?[ \t]*[:=][ \t]*)"""
    r"""("(?:[^"\\]|\\.)*"|'[^']*'|(?!null\b)[^\s&,;}\]'"]+)""",
    re.IGNORECASE,
)
_SCHEME_CREDENTIALS = re.compile(r"\b(Basic|Bearer)[ \t]+[A-Za-z0-9+/=._~-]{6,}", re.IGNORECASE)
_URL_PASSWORD = re.compile(r"(\b[a-z][a-z0-9+.-]*://[^/\s:@]*:)[^/\s@]+@", re.IGNORECASE)
# "password": "..." pairs in a body that is not valid JSON (e.g. a truncated one).
_FIELD_IN_TEXT = re.compile(
    r'("(?:{})"\s*:\s*)"(?:[^"\\]|\\.)*"'.format("|".join(sorted(SECRET_FIELDS))), re.IGNORECASE
)


class Redactor:
    """Masks known secret values, secret headers and secret JSON fields."""

    def __init__(self, secrets: Iterable[str | None] = ()) -> None:
        self._secrets: set[str] = set()
        # (secret, its JSON-escaped form) longest first; rebuilt lazily after an add, since
        # text() runs for every header and string of every exchange (thousands per run).
        self._order: list[tuple[str, str]] | None = None
        for secret in secrets:
            self.add(secret)

    def add(self, secret: str | None) -> None:
        """Remember a value that must never be shown (empty and tiny values are ignored)."""
        if secret and len(secret) >= 3 and secret not in self._secrets:
            self._secrets.add(secret)
            self._order = None

    def text(self, value: str) -> str:
        """The text with every known secret replaced by the mask, longest first."""
        if self._order is None:
            ordered = sorted(self._secrets, key=len, reverse=True)
            self._order = [(secret, json.dumps(secret)[1:-1]) for secret in ordered]
        for secret, escaped in self._order:
            if secret in value:
                value = value.replace(secret, MASK)
            if escaped != secret and escaped in value:
                value = value.replace(escaped, MASK)
        return value

    def free_text(self, value: str) -> str:
        """Free text (a message, a curl command) with known secrets masked and, by pattern,
        secret header lines, ``password: value`` pairs, Basic/Bearer credentials and the
        password in ``scheme://user:password@host`` URLs: the final pass of a report."""
        value = self.text(value)
        value = _HEADER_IN_TEXT.sub(lambda m: m.group(1) + MASK, value)
        value = _FIELD_PAIR.sub(lambda m: m.group(1) + _quoted_mask(m.group(2)), value)
        value = _SCHEME_CREDENTIALS.sub(lambda m: f"{m.group(1)} {MASK}", value)
        return _URL_PASSWORD.sub(lambda m: m.group(1) + MASK + "@", value)

    def headers(self, headers: Mapping[str, str]) -> dict[str, str]:
        """Headers with secret headers masked whole and known secrets masked elsewhere."""
        return {
            name: MASK if name.lower() in SECRET_HEADERS else self.text(value)
            for name, value in headers.items()
        }

    def json_value(self, value: Any) -> Any:
        """A JSON value with secret fields masked, recursively."""
        if isinstance(value, dict):
            return {
                key: MASK
                if isinstance(key, str) and key.lower() in SECRET_FIELDS and item is not None
                else self.json_value(item)
                for key, item in value.items()
            }
        if isinstance(value, list):
            return [self.json_value(item) for item in value]
        if isinstance(value, str):
            return self.text(value)
        return value

    def body(self, body: str | bytes | None) -> str | None:
        """A request or response body as text, with secret fields and known secrets masked."""
        if body is None:
            return None
        text = body.decode("utf-8", "replace") if isinstance(body, bytes) else body
        try:
            parsed = json.loads(text)
        except ValueError:
            return self.text(_FIELD_IN_TEXT.sub(lambda m: f'{m.group(1)}"{MASK}"', text))
        return self.text(json.dumps(self.json_value(parsed), ensure_ascii=False))


def _quoted_mask(value: str) -> str:
    """The mask, quoted like the value it replaces so that JSON-ish text stays well-formed."""
    quote = value[0]
    return quote + MASK + quote if quote in "\"'" else MASK


def secrets_in(body: Any) -> tuple[str, ...]:
    """The secret values a request body carries (its secret fields' non-empty strings)."""
    if not isinstance(body, dict):
        return ()
    return tuple(
        value
        for name, value in body.items()
        if name.lower() in SECRET_FIELDS and isinstance(value, str) and value
    )
