"""RFC 3339 date-times as the contract requires them: a 'T' and a time zone, nothing looser."""

from __future__ import annotations

import re
from datetime import datetime

_RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$")


def parse_rfc3339(value: str) -> datetime:
    """The aware datetime of an RFC 3339 date-time; ValueError naming the value otherwise."""
    if not _RFC3339.match(value):
        raise ValueError(f"{value!r} is not an RFC 3339 date-time with a time zone")
    try:
        return datetime.fromisoformat(value.upper().replace("Z", "+00:00"))
    except ValueError:
        raise ValueError(f"{value!r} is not a valid calendar date-time") from None
