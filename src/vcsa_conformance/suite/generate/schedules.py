"""Schedule specs, valid and invalid, for the schedule tests (and validate's, which reuse
create's ``strategies``).

The run's schedules are always created disabled (``enable: false``): a live appliance must
never start a backup from one of them by the clock, outside the run's budget; ``run`` is the
only way the run starts one. The password rule is create's (``strategies.passwords_breaking``);
a schedule has no location_type: the location's scheme says it.
"""

from __future__ import annotations

import string
from collections.abc import Sequence
from typing import Any

from hypothesis import strategies as st

from vcsa_conformance.contract.api import DAYS_OF_WEEK, LOCATION_TYPES
from vcsa_conformance.suite.generate import strategies
from vcsa_conformance.suite.generate.requests import (
    CANARY_LOCATION,
    CANARY_PASSWORD,
    TEST_NET_LOCATION,
)


def minimal_spec(**overrides: Any) -> dict[str, Any]:
    """A valid, disabled CreateSpec at the edges of its ranges (23:59 on every day, one
    backup kept) carrying canary passwords, so that an echo of them shows."""
    spec: dict[str, Any] = {
        "parts": [],
        "location": TEST_NET_LOCATION,
        "backup_password": CANARY_PASSWORD,
        **CANARY_LOCATION,
        "enable": False,
        "recurrence_info": {"minute": 59, "hour": 23, "days": list(DAYS_OF_WEEK)},
        "retention_info": {"max_count": 1},
    }
    spec.update(overrides)
    return spec


def schedule_specs(parts: Sequence[str]) -> st.SearchStrategy[dict[str, Any]]:
    """Valid disabled CreateSpecs: any location type's location, any listed parts, any
    recurrence within its ranges (the edges 0, 23 and 59 included), any retention >= 1."""
    recurrence = st.fixed_dictionaries(
        {"minute": st.integers(0, 59), "hour": st.integers(0, 23)},
        optional={"days": st.lists(st.sampled_from(DAYS_OF_WEEK), unique=True, max_size=7)},
    )
    return st.fixed_dictionaries(
        {
            "parts": strategies.part_lists(parts),
            "location": st.sampled_from(LOCATION_TYPES).flatmap(strategies.locations),
            "backup_password": strategies.valid_passwords(),
            "enable": st.just(False),
        },
        optional={
            "location_user": st.text(string.ascii_letters, min_size=1, max_size=8),
            "recurrence_info": recurrence,
            "retention_info": st.fixed_dictionaries({"max_count": st.integers(1, 60)}),
            "fast_backup": st.booleans(),
        },
    )


def invalid_recurrences() -> st.SearchStrategy[tuple[str, dict[str, Any]]]:
    """(why, recurrence_info) outside its ranges: a minute outside 0..59, an hour outside
    0..23, a day outside the DayOfWeek enum; the nearest ones (-1, 60, 24, a lower-case day)
    most often."""
    minutes = st.one_of(st.sampled_from([-1, 60]), st.integers(max_value=-1), st.integers(60))
    hours = st.one_of(st.sampled_from([-1, 24]), st.integers(max_value=-1), st.integers(24))
    days = st.one_of(
        st.sampled_from(["monday", "Monday", "MON", " MONDAY", ""]),
        st.text(string.ascii_uppercase, max_size=10),
    ).filter(lambda day: day not in DAYS_OF_WEEK)
    return st.one_of(
        minutes.map(lambda m: (f"minute {m}", {"minute": m, "hour": 0})),
        hours.map(lambda h: (f"hour {h}", {"minute": 0, "hour": h})),
        days.map(lambda d: (f"day {d!r}", {"minute": 0, "hour": 0, "days": [d]})),
    )


def invalid_retentions() -> st.SearchStrategy[int]:
    """retention max_count values below 1 (0 and -1 most often)."""
    return st.one_of(st.sampled_from([0, -1]), st.integers(max_value=0))


_UNKNOWN_PART = "vcsa-conformance-no-such-part"
# (name, why, spec changes; None removes the field): content a schedule create must refuse.
INVALID_CONTENT: tuple[tuple[str, str, dict[str, Any]], ...] = (
    ("location-missing", "no location", {"location": None}),
    ("location-no-scheme", "a location without a scheme", {"location": "192.0.2.10/backups"}),
    ("location-other-scheme", "a location of no location type", {"location": "gopher://h/b"}),
    ("location-no-host", "a location without a host", {"location": "sftp:///backups"}),
    ("unknown-part", "an unknown part id", {"parts": [_UNKNOWN_PART]}),
    ("parts-bare-string", "parts as a bare string", {"parts": "common"}),
    ("enable-string", "enable as the string 'yes'", {"enable": "yes"}),
    ("location-number", "location as a number", {"location": 5}),
)
UNDESERIALIZABLE = frozenset({"parts-bare-string", "enable-string", "location-number"})


def with_changes(spec: dict[str, Any], changes: dict[str, Any]) -> dict[str, Any]:
    """The spec with ``changes`` applied (None removes a field)."""
    changed = {**spec, **changes}
    return {key: value for key, value in changed.items() if value is not None}
