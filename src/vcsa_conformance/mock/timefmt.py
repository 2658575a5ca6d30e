"""RFC 3339 date-times as the appliance writes them: milliseconds and a zone."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone


def rfc3339(seconds: float, *, zone: bool = True, offset_minutes: int = 0) -> str:
    """``2026-11-27T12:00:00.000Z``; with an offset ``...+02:00``; without a zone bare."""
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
