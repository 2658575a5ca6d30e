"""The backup_password policy: password.py and openapi.yaml's BackupPassword hold the same tables.

Each table row goes through `broken_rules` and through the schema with both JSON Schema
engines in use (jsonschema for the suite's checks, jsonschema_rs inside schemathesis), so the
rule cannot drift between the code and the contract.
"""

from __future__ import annotations

import time
from typing import Any

import jsonschema_rs
import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from jsonschema import Draft202012Validator

from vcsa_conformance.contract import spec as contract
from vcsa_conformance.contract.password import MAX_LENGTH, MIN_LENGTH, Rule, broken_rules, is_valid

SCHEMA: dict[str, Any] = contract.load_spec()["components"]["schemas"]["BackupPassword"]
PYTHON = Draft202012Validator(SCHEMA)
RUST = jsonschema_rs.Draft202012Validator(SCHEMA)

VALID = [
    "Backup#2026",
    "Aa1!aaaa",  # exactly 8
    "Aa1!" + "a" * 16,  # exactly 20
    "P@ssw0rd",
    "~Zz9~~~~",
    "Aa1_aaaa",  # underscore is special: it is not in [0-9a-zA-Z]
    'Aa1"aaaa',
    "Aa1\\aaaa",
    "Aa1`aaaa",
    "zZ0{}|~!",
    "0aA-" * 5,
]

# Each password breaks exactly the one rule named beside it.
BREAKS_ONE: list[tuple[str, Rule]] = [
    ("Aa1!aaa", Rule.TOO_SHORT),
    ("Aa1!", Rule.TOO_SHORT),
    ("Aa1!" + "a" * 17, Rule.TOO_LONG),
    ("Aa1!" + "a" * 40, Rule.TOO_LONG),
    ("aa1!aaaa", Rule.NO_UPPER),
    ("AA1!AAAA", Rule.NO_LOWER),
    ("Aaa!aaaa", Rule.NO_DIGIT),
    ("Aa1aaaaa", Rule.NO_SPECIAL),
    ("Abcdefg12345678XYZ90", Rule.NO_SPECIAL),
    ("Aa1! aaa", Rule.NOT_VISIBLE_ASCII),  # a space is special, but not visible
    ("Passw0rd!\n", Rule.NOT_VISIBLE_ASCII),  # Python's `$` matches before a final newline
    ("Aa1!aaa\t", Rule.NOT_VISIBLE_ASCII),
    ("Aa1!aaa\x7f", Rule.NOT_VISIBLE_ASCII),
    ("Aa1!aaa\x00", Rule.NOT_VISIBLE_ASCII),
    ("Aa1!aaa\u00e9", Rule.NOT_VISIBLE_ASCII),
    ("Aa1!aaa\u00a0", Rule.NOT_VISIBLE_ASCII),
    ("Aa1!aaa\U0001f600", Rule.NOT_VISIBLE_ASCII),
]

# The schema clause (keyword, value) that states each rule.
CLAUSES: dict[Rule, set[tuple[str, str]]] = {
    Rule.TOO_SHORT: {("minLength", str(MIN_LENGTH))},
    Rule.TOO_LONG: {("maxLength", str(MAX_LENGTH))},
    Rule.NO_UPPER: {("pattern", "[A-Z]")},
    Rule.NO_LOWER: {("pattern", "[a-z]")},
    Rule.NO_DIGIT: {("pattern", "[0-9]")},
    Rule.NO_SPECIAL: {("pattern", "[^0-9a-zA-Z]")},
    Rule.NOT_VISIBLE_ASCII: {("pattern", "^[!-~]*$"), ("not", "{'pattern': '[^!-~]'}")},
}


def _failed_clauses(password: str) -> set[tuple[str, str]]:
    return {(str(error.validator), str(error.validator_value)) for error in _leaf_errors(password)}


def _leaf_errors(password: str) -> list[Any]:
    errors = []
    for error in PYTHON.iter_errors(password):
        errors.extend(error.context if error.context else [error])
    return errors


@pytest.mark.parametrize("password", VALID)
def test_valid_passwords_are_accepted_by_code_and_contract(password: str) -> None:
    assert broken_rules(password) == []
    assert is_valid(password)
    assert PYTHON.is_valid(password)
    assert RUST.is_valid(password)


@pytest.mark.parametrize(
    ("password", "rule"), BREAKS_ONE, ids=[rule.name for _, rule in BREAKS_ONE]
)
def test_each_broken_rule_is_rejected_by_code_and_contract(password: str, rule: Rule) -> None:
    assert broken_rules(password) == [rule]
    assert not is_valid(password)
    assert not PYTHON.is_valid(password)
    assert not RUST.is_valid(password)
    failed = _failed_clauses(password)
    assert failed, password
    assert failed <= CLAUSES[rule]


def test_every_rule_has_a_row_and_a_clause() -> None:
    assert {rule for _, rule in BREAKS_ONE} == set(Rule) == set(CLAUSES)


def test_the_length_bounds_are_the_schemas() -> None:
    assert (SCHEMA["minLength"], SCHEMA["maxLength"]) == (MIN_LENGTH, MAX_LENGTH)
    assert SCHEMA["format"] == "password"
    assert SCHEMA["writeOnly"] is True


def test_several_broken_rules_are_all_reported_in_documented_order() -> None:
    assert broken_rules("") == [
        Rule.TOO_SHORT,
        Rule.NO_UPPER,
        Rule.NO_LOWER,
        Rule.NO_DIGIT,
        Rule.NO_SPECIAL,
    ]
    assert broken_rules("a b") == [
        Rule.TOO_SHORT,
        Rule.NO_UPPER,
        Rule.NO_DIGIT,
        Rule.NOT_VISIBLE_ASCII,
    ]


def test_every_rule_has_a_message() -> None:
    assert all(isinstance(rule.value, str) and rule.value.startswith("must ") for rule in Rule)


def _password_operation() -> Any:
    """A one-operation contract whose body is just a BackupPassword, from openapi.yaml."""
    document = contract.load_spec()
    document["paths"] = {
        "/password": {
            "post": {
                "requestBody": {
                    "required": True,
                    "content": {
                        "application/json": {
                            "schema": {
                                "type": "object",
                                "required": ["backup_password"],
                                "properties": {
                                    "backup_password": {
                                        "$ref": "#/components/schemas/BackupPassword"
                                    }
                                },
                            }
                        }
                    },
                },
                "responses": {"200": {"description": "accepted"}},
            }
        }
    }
    return schemathesis.openapi.from_dict(document)["/password"]["POST"]


def test_schemathesis_generates_valid_passwords_from_the_contract_quickly() -> None:
    drawn: list[str] = []

    @settings(
        max_examples=30,
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
    )
    @given(case=_password_operation().as_strategy())
    def draw(case: Any) -> None:
        drawn.append(case.body["backup_password"])

    started = time.monotonic()
    draw()
    assert time.monotonic() - started < 30
    assert len(drawn) >= 10
    assert [password for password in drawn if broken_rules(password)] == []
    assert len(set(drawn)) >= 5
