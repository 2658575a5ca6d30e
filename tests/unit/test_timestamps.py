"""RFC 3339 date-times written and read in one module (contract/timestamps.py)."""

from __future__ import annotations

import pytest

from vcsa_conformance.contract.timestamps import format_rfc3339, parse_rfc3339

T0 = 1_795_780_800.0  # 2026-11-27T12:00:00Z


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({}, "2026-11-27T12:00:00.250Z"),
        ({"zone": False}, "2026-11-27T12:00:00.250"),
        ({"offset_minutes": 120}, "2026-11-27T14:00:00.250+02:00"),
        ({"offset_minutes": -90}, "2026-11-27T10:30:00.250-01:30"),
    ],
)
def test_format_rfc3339(kwargs: dict[str, object], expected: str) -> None:
    assert format_rfc3339(T0 + 0.25, **kwargs) == expected  # type: ignore[arg-type]


def test_what_is_written_with_a_zone_reads_back_and_without_one_is_refused() -> None:
    assert parse_rfc3339(format_rfc3339(T0, offset_minutes=120)).timestamp() == T0
    with pytest.raises(ValueError, match="time zone"):
        parse_rfc3339(format_rfc3339(T0, zone=False))
