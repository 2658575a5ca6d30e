"""The nearest invalid neighbours: each breaks exactly the rule it is reported for."""

from __future__ import annotations

import pytest

from vcsa_conformance.contract.password import Rule, broken_rules
from vcsa_conformance.mock.model.errors import VapiError
from vcsa_conformance.mock.model.validation import validate
from vcsa_conformance.suite.generate import strategies
from vcsa_conformance.suite.generate.neighbours import NEIGHBOURS, PASSWORDS, Neighbour
from vcsa_conformance.suite.generate.requests import minimal_request

RULES = {
    "BKP-INPUT-004": Rule.TOO_SHORT,
    "BKP-INPUT-005": Rule.TOO_LONG,
    "BKP-INPUT-006": Rule.NO_UPPER,
    "BKP-INPUT-007": Rule.NO_LOWER,
    "BKP-INPUT-008": Rule.NO_DIGIT,
    "BKP-INPUT-009": Rule.NO_SPECIAL,
    "BKP-INPUT-010": Rule.NOT_VISIBLE_ASCII,
}


def test_the_base_request_is_valid() -> None:
    validate(minimal_request())


@pytest.mark.parametrize("neighbour", PASSWORDS, ids=lambda n: n.name)
def test_each_password_breaks_exactly_its_rule(neighbour: Neighbour) -> None:
    password = neighbour.request()["backup_password"]
    assert broken_rules(password) == [RULES[neighbour.requirement_id]]
    assert password not in neighbour.why


def test_passwords_sit_at_the_boundaries() -> None:
    lengths = {n.name: len(n.request()["backup_password"]) for n in PASSWORDS}
    assert lengths["password-7-characters"] == 7
    assert lengths["password-21-characters"] == 21
    spaces = [n for n in PASSWORDS if n.name == "password-one-space"]
    assert spaces[0].request()["backup_password"].count(" ") == 1


def test_every_location_type_in_every_case_and_whitespace_variant() -> None:
    values = {
        n.request()["location_type"] for n in NEIGHBOURS if n.requirement_id == "BKP-INPUT-003"
    }
    for kind in strategies.LOCATION_TYPES:
        assert {kind.lower(), kind.capitalize(), f" {kind}", f"{kind} "} <= values
    assert not values & set(strategies.LOCATION_TYPES)


def test_type_neighbours_are_of_the_wrong_json_type_and_never_a_runtime_boolean() -> None:
    for neighbour in (n for n in NEIGHBOURS if n.requirement_id == "BKP-INPUT-002"):
        request = neighbour.request()
        (field,) = [k for k in request if request[k] != minimal_request().get(k)]
        assert not strategies.is_json_type_of(field, request[field]), neighbour.name
        if isinstance(request[field], str):
            assert request[field].lower() not in ("true", "false")
    parts = [n.request()["parts"] for n in NEIGHBOURS if n.name == "parts-bare-string"]
    assert parts == ["common"]


def test_required_fields_are_missing_or_null() -> None:
    for neighbour in (n for n in NEIGHBOURS if n.requirement_id == "BKP-INPUT-001"):
        request = neighbour.request()
        missing = [f for f in strategies.REQUIRED_FIELDS if request.get(f) is None]
        assert len(missing) == 1, neighbour.name
        assert neighbour.undeserializable == (missing[0] in request)


@pytest.mark.parametrize("neighbour", NEIGHBOURS, ids=lambda n: n.name)
def test_the_clean_mock_refuses_each(neighbour: Neighbour) -> None:
    with pytest.raises(VapiError):
        validate(neighbour.request())
