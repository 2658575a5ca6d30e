"""Hypothesis strategies for the targeted rules: valid requests and precisely broken ones.

Every invalid strategy breaks exactly one rule and filters on it, so that shrinking can never
turn an invalid example into a valid one (the known false-positive class: a shrunk "too short"
password that lost its too-shortness). Tests re-check the rule on the example they got.
"""

from __future__ import annotations

import json
import string
from collections.abc import Sequence
from typing import Any

from hypothesis import strategies as st

from vcsa_conformance.contract.api import (
    LOCATION_SCHEMES,
    LOCATION_TYPES,
    OPTIONAL_STRINGS,
    REQUIRED_FIELDS,
)
from vcsa_conformance.contract.password import MAX_LENGTH, MIN_LENGTH, Rule, broken_rules

OPTIONAL_FIELDS = (*OPTIONAL_STRINGS, "fast_backup")
SPECIALS = string.punctuation  # visible ASCII outside [0-9a-zA-Z]
VISIBLE = "".join(map(chr, range(0x21, 0x7F)))  # visible ASCII: letters, digits, SPECIALS
_HOSTS = (
    "192.0.2.10",
    "10.0.0.5",
    "backup.example.com",
)
_NOT_VISIBLE = (" ", "\t", "\n", "\x00", "\x7f", "é", "ß", "€", "\u00a0", "😀")

_upper = st.sampled_from(string.ascii_uppercase)
_lower = st.sampled_from(string.ascii_lowercase)
_digit = st.sampled_from(string.digits)
_special = st.sampled_from(SPECIALS)
_visible = st.sampled_from(list(VISIBLE))


def _password(
    required: Sequence[st.SearchStrategy[str]],
    filler: st.SearchStrategy[str],
    min_size: int,
    max_size: int,
) -> st.SearchStrategy[str]:
    """A shuffled password holding one char from each required class, padded with filler."""
    extra = st.lists(
        filler, min_size=max(0, min_size - len(required)), max_size=max(0, max_size - len(required))
    )
    return (
        st.tuples(st.tuples(*required), extra)
        .flatmap(lambda parts: st.permutations([*parts[0], *parts[1]]))
        .map("".join)
    )


def valid_passwords() -> st.SearchStrategy[str]:
    """Passwords meeting every rule of contract/password.py."""
    return _password([_upper, _lower, _digit, _special], _visible, MIN_LENGTH, MAX_LENGTH).filter(
        lambda p: not broken_rules(p)
    )


def _without(chars: str) -> st.SearchStrategy[str]:
    return st.sampled_from([c for c in VISIBLE if c not in chars])


_BREAKERS: dict[Rule, st.SearchStrategy[str]] = {
    Rule.TOO_SHORT: _password([_upper, _lower, _digit, _special], _visible, 4, MIN_LENGTH - 1),
    Rule.TOO_LONG: _password([_upper, _lower, _digit, _special], _visible, MAX_LENGTH + 1, 40),
    Rule.NO_UPPER: _password(
        [_lower, _digit, _special], _without(string.ascii_uppercase), MIN_LENGTH, MAX_LENGTH
    ),
    Rule.NO_LOWER: _password(
        [_upper, _digit, _special], _without(string.ascii_lowercase), MIN_LENGTH, MAX_LENGTH
    ),
    Rule.NO_DIGIT: _password(
        [_upper, _lower, _special], _without(string.digits), MIN_LENGTH, MAX_LENGTH
    ),
    Rule.NO_SPECIAL: _password(
        [_upper, _lower, _digit],
        st.sampled_from(string.ascii_letters + string.digits),
        MIN_LENGTH,
        MAX_LENGTH,
    ),
    Rule.NOT_VISIBLE_ASCII: _password(
        [_upper, _lower, _digit, _special, st.sampled_from(_NOT_VISIBLE)],
        _visible,
        MIN_LENGTH,
        MAX_LENGTH,
    ),
}


def passwords_breaking(rule: Rule) -> st.SearchStrategy[str]:
    """Passwords that break exactly this one rule (filtered, so shrinking keeps it broken)."""
    return _BREAKERS[rule].filter(lambda p: broken_rules(p) == [rule])


def locations(location_type: str) -> st.SearchStrategy[str]:
    """A location URL whose scheme fits the location_type."""
    scheme = LOCATION_SCHEMES[location_type]
    folder = st.lists(
        st.text(string.ascii_letters + string.digits + "-_", min_size=1, max_size=8),
        min_size=1,
        max_size=3,
    ).map("/".join)
    port = st.one_of(st.just(""), st.integers(1, 65535).map(lambda p: f":{p}"))
    return st.builds(
        lambda host, port, path: f"{scheme}://{host}{port}/{path}",
        st.sampled_from(_HOSTS),
        port,
        folder,
    )


def _optional_fields() -> st.SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries(
        {},
        optional={
            "backup_password": valid_passwords(),
            "location_user": st.text(
                string.ascii_letters + string.digits + "._@", min_size=1, max_size=20
            ),
            "location_password": st.text(VISIBLE, min_size=1, max_size=24),
            "comment": st.text(max_size=40),
            "fast_backup": st.booleans(),
        },
    )


def part_lists(parts: Sequence[str]) -> st.SearchStrategy[list[str]]:
    """Part lists from the target's catalogue: [], one part, several, in any order."""
    if not parts:
        return st.just([])
    return st.lists(st.sampled_from(list(parts)), unique=True, max_size=len(parts))


def backup_requests(
    parts: Sequence[str], location_type: str | None = None
) -> st.SearchStrategy[dict[str, Any]]:
    """Valid BackupRequests: every location_type, every combination of optional fields."""
    types = st.just(location_type) if location_type else st.sampled_from(LOCATION_TYPES)
    return types.flatmap(
        lambda kind: st.builds(
            lambda listed, location, optional: {
                "parts": listed,
                "location_type": kind,
                "location": location,
                **optional,
            },
            part_lists(parts),
            locations(kind),
            _optional_fields(),
        )
    )


def invalid_location_types() -> st.SearchStrategy[str]:
    """Strings that are not exactly one of the eight location types."""
    case_variants = st.sampled_from(LOCATION_TYPES).flatmap(
        lambda kind: st.sampled_from([kind.lower(), kind.capitalize(), f" {kind}", f"{kind} "])
    )
    protocols = "FILE S3 GOPHER RSYNC WEBDAV NFS4 SFTPS CIFS TFTP SSH null"
    others = st.sampled_from(["", *protocols.split()])
    anything = st.text(max_size=12)
    return st.one_of(case_variants, others, anything).filter(lambda t: t not in LOCATION_TYPES)


_WRONG_STRING = st.one_of(
    st.integers(-5, 5),
    st.floats(allow_nan=False, allow_infinity=False),
    st.booleans(),
    st.lists(st.text(max_size=3), max_size=2),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
)
_WRONG_TYPES: dict[str, st.SearchStrategy[Any]] = {
    "parts": st.one_of(
        st.text(max_size=8),
        st.integers(),
        st.booleans(),
        st.dictionaries(st.text(max_size=3), st.text(max_size=3), max_size=2),
        st.lists(
            st.one_of(st.integers(), st.booleans(), st.lists(st.text(max_size=3))),
            min_size=1,
            max_size=3,
        ),
    ),
    "location_type": _WRONG_STRING,
    "location": _WRONG_STRING,
    "backup_password": _WRONG_STRING,
    "location_user": _WRONG_STRING,
    "location_password": _WRONG_STRING,
    "comment": _WRONG_STRING,
    # Never "true" or "false" (any case): VMware's runtime reads those as booleans.
    "fast_backup": st.one_of(
        st.sampled_from(["yes", "no", "on", "off", "1", "0", ""]),
        st.integers(0, 1),
        st.lists(st.booleans(), max_size=1),
    ),
}
WRONG_TYPE_FIELDS = tuple(_WRONG_TYPES)


def is_json_type_of(field: str, value: Any) -> bool:
    """True when the value has the JSON type the contract declares for the field."""
    if field == "parts":
        return isinstance(value, list) and all(isinstance(item, str) for item in value)
    if field == "fast_backup":
        return isinstance(value, bool)
    return isinstance(value, str)


def wrong_type_requests(
    parts: Sequence[str], field: str | None = None
) -> st.SearchStrategy[tuple[str, dict[str, Any]]]:
    """(field, request): a valid request with exactly one field (or ``field``) of the wrong
    JSON type."""
    fields = st.just(field) if field else st.sampled_from(WRONG_TYPE_FIELDS)
    return fields.flatmap(
        lambda name: st.tuples(
            st.just(name),
            st.builds(
                lambda request, value: {**request, name: value},
                backup_requests(parts),
                _WRONG_TYPES[name].filter(lambda v: not is_json_type_of(name, v)),
            ),
        )
    )


def missing_field_requests(
    parts: Sequence[str],
) -> st.SearchStrategy[tuple[tuple[str, ...], dict[str, Any]]]:
    """(missing fields, request): a valid request without one or more required fields."""
    subsets = st.lists(st.sampled_from(REQUIRED_FIELDS), min_size=1, unique=True).map(
        lambda fields: tuple(sorted(fields))
    )
    return st.tuples(subsets, backup_requests(parts)).map(
        lambda pair: (pair[0], {k: v for k, v in pair[1].items() if k not in pair[0]})
    )


# One body of each kind a parser must refuse cleanly, tried on every run.
MALFORMED_EXAMPLES: dict[str, bytes] = {
    "empty": b"",
    "whitespace": b" \n",
    "truncated": b'{"parts": [], "location_type": "SFTP", "loc',
    "not-json": b"parts=common&location_type=SFTP",
    "single-quotes": b"{'parts': []}",
    "invalid-utf8": b"\xff\xfe{}",
    "array": b"[]",
    "null": b"null",
    "number": b"42",
    "string": b'"text"',
}


def malformed_bodies(parts: Sequence[str]) -> st.SearchStrategy[bytes]:
    """Bodies that are not a JSON object: empty, truncated, not JSON, other JSON values."""
    truncated = st.tuples(backup_requests(parts), st.floats(0.0, 0.99)).map(
        lambda pair: json.dumps(pair[0])[: int(len(json.dumps(pair[0])) * pair[1])].encode()
    )
    fixed = st.sampled_from(
        [
            b"",
            b" ",
            b"{",
            b"}",
            b"{]",
            b"[]",
            b"null",
            b"42",
            b'"text"',
            b"true",
            b"{'parts': []}",
            b"\xff\xfe",
            b"parts=common",
            b"<xml/>",
            b'{"parts":}',
        ]
    )
    values = st.one_of(
        st.lists(st.integers(), max_size=2), st.text(max_size=5), st.integers(), st.none()
    ).map(lambda v: json.dumps(v).encode())
    return st.one_of(fixed, truncated, values).filter(lambda body: not is_json_object(body))


def is_json_object(body: bytes) -> bool:
    """True when the bytes parse as a JSON object (which a malformed body must not be)."""
    try:
        return isinstance(json.loads(body), dict)
    except ValueError:
        return False


_ID_CHARS = string.ascii_letters + string.digits + "-_"


def unknown_job_ids() -> st.SearchStrategy[str]:
    """Job ids no appliance gave out: our own prefix, or timestamp ids far in the future."""
    prefixed = st.text(_ID_CHARS, max_size=24).map(lambda s: f"vcsa-conformance-unknown-{s}")
    future = st.builds(
        lambda day, second, build: f"2099{day}-{second}-{build}",
        st.sampled_from(["0101", "0630", "1231"]),
        st.integers(0, 235959).map(lambda n: f"{n:06d}"),
        st.integers(1, 99999999),
    )
    return st.one_of(prefixed, future)
