"""Masking of secrets before anything is logged or written to a report.

One place decides what a secret is: passwords in request bodies, the appliance password,
session tokens and Authorization headers. Values registered with ``Redactor.add`` (the
secrets a run actually sent) are masked wherever they appear, whatever the field name.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from typing import Any

MASK = "********"
SECRET_HEADERS = frozenset({"authorization", "vmware-api-session-id", "cookie", "set-cookie"})
SECRET_FIELDS = frozenset(
    {"backup_password", "location_password", "password", "sessionid", "secret"}
)


class Redactor:
    """Masks known secret values, secret headers and secret JSON fields."""

    def __init__(self, secrets: Iterable[str] = ()) -> None:
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
            return self.text(_mask_secret_fields_in_text(text))
        return self.text(json.dumps(self.json_value(parsed), ensure_ascii=False))


_FIELD_IN_TEXT = re.compile(
    r'("(?:{})"\s*:\s*)"(?:[^"\\]|\\.)*"'.format("|".join(sorted(SECRET_FIELDS))), re.IGNORECASE
)


def _mask_secret_fields_in_text(text: str) -> str:
    """Mask "password": "..." pairs in text that is not valid JSON (e.g. a truncated body)."""
    return _FIELD_IN_TEXT.sub(lambda m: f'{m.group(1)}"{MASK}"', text)
