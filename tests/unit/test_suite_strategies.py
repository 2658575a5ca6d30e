"""The suite's strategies generate what they claim: valid stays valid, invalid breaks one rule."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlsplit

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vcsa_conformance.contract.password import Rule, broken_rules, is_valid
from vcsa_conformance.suite.generate import strategies

PARTS = ["common", "seat", "supervisors"]
fast = settings(max_examples=60, deadline=None, database=None, derandomize=True)


@fast
@given(strategies.valid_passwords())
def test_valid_passwords_are_valid(password: str) -> None:
    assert is_valid(password)


@pytest.mark.parametrize("rule", list(Rule))
def test_each_breaker_breaks_exactly_its_rule(rule: Rule) -> None:
    @fast
    @given(strategies.passwords_breaking(rule))
    def check(password: str) -> None:
        assert broken_rules(password) == [rule]

    check()


@fast
@given(strategies.backup_requests(PARTS))
def test_backup_requests_are_valid(request: dict[str, Any]) -> None:
    assert request["location_type"] in strategies.LOCATION_TYPES
    assert urlsplit(request["location"]).scheme == request["location_type"].lower()
    assert set(request["parts"]) <= set(PARTS)
    assert "backup_password" not in request or is_valid(request["backup_password"])
    assert set(request) <= {*strategies.REQUIRED_FIELDS, *strategies.OPTIONAL_FIELDS}


def test_backup_requests_reach_every_location_type_and_optional_field() -> None:
    seen_types: set[str] = set()
    seen_fields: set[str] = set()

    @settings(max_examples=300, deadline=None, database=None, derandomize=True)
    @given(strategies.backup_requests(PARTS))
    def collect(request: dict[str, Any]) -> None:
        seen_types.add(request["location_type"])
        seen_fields.update(request)

    collect()
    assert seen_types == set(strategies.LOCATION_TYPES)
    assert set(strategies.OPTIONAL_FIELDS) <= seen_fields


@fast
@given(strategies.invalid_location_types())
def test_invalid_location_types_are_outside_the_enum(location_type: str) -> None:
    assert location_type not in strategies.LOCATION_TYPES


@fast
@given(strategies.wrong_type_requests(PARTS))
def test_wrong_type_requests_have_exactly_one_wrong_field(pair: tuple[str, dict[str, Any]]) -> None:
    field, request = pair
    wrong = [name for name, value in request.items() if not strategies.is_json_type_of(name, value)]
    assert wrong == [field]
    json.dumps(request)  # still serialisable


@fast
@given(strategies.missing_field_requests(PARTS))
def test_missing_field_requests_lack_the_fields(
    pair: tuple[tuple[str, ...], dict[str, Any]],
) -> None:
    missing, request = pair
    assert missing and not set(missing) & set(request)


@fast
@given(strategies.malformed_bodies(PARTS))
def test_malformed_bodies_are_never_json_objects(body: bytes) -> None:
    assert not strategies.is_json_object(body)


@fast
@given(st.data())
def test_part_lists_come_from_the_catalogue(data: st.DataObject) -> None:
    listed = data.draw(strategies.part_lists(PARTS))
    assert len(set(listed)) == len(listed) and set(listed) <= set(PARTS)
    assert data.draw(strategies.part_lists([])) == []


@fast
@given(strategies.unknown_job_ids())
def test_unknown_job_ids_cannot_be_real(job_id: str) -> None:
    assert job_id.startswith(("vcsa-conformance-unknown-", "2099"))


def test_fixed_malformed_bodies_are_never_json_objects() -> None:
    assert not any(map(strategies.is_json_object, strategies.MALFORMED_EXAMPLES.values()))
    assert strategies.is_json_object(b"{}")
