"""RFC 3339 date-times, written and read in one place.

Written as the appliance writes them (milliseconds and a zone); read as the contract requires
them: a 'T' and a time zone, nothing looser.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone

_RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$")


def format_rfc3339(seconds: float, *, zone: bool = True, offset_minutes: int = 0) -> str:
    """``2026-11-27T12:00:00.000Z``; with an offset ``...+02:00``; without a zone bare (which
    ``parse_rfc3339`` refuses: the form of a faulty appliance)."""
    moment = datetime.fromtimestamp(seconds, UTC)
    if offset_minutes:
        moment = moment.astimezone(timezone(timedelta(minutes=offset_minutes)))
    text = moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}"
    if not zone:
        return text
    if not offset_minutes:
        return text + "Z"
    sign = "+" if offset_minutes > 0 else "-"
    hours, minutes = divmod(abs(offset_minutes), 60)
    return f"{text}{sign}{hours:02d}:{minutes:02d}"


def parse_rfc3339(value: str) -> datetime:
    """The aware datetime of an RFC 3339 date-time; ValueError naming the value otherwise."""
    if not _RFC3339.match(value):
        raise ValueError(f"{value!r} is not an RFC 3339 date-time with a time zone")
    try:
        return datetime.fromisoformat(value.upper().replace("Z", "+00:00"))
    except ValueError:
        raise ValueError(f"{value!r} is not a valid calendar date-time") from None
