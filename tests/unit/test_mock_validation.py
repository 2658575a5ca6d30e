"""The mock's hand-written BackupRequest validation (mock/model/validation.py)."""

from __future__ import annotations

from typing import Any

import pytest

from vcsa_conformance.contract.api import LOCATION_SCHEMES as SCHEMES
from vcsa_conformance.mock.model.errors import VapiError
from vcsa_conformance.mock.model.faults import Fault
from vcsa_conformance.mock.model.validation import validate

GOOD_PASSWORD = "Backup#2026"


def _request(**changes: Any) -> dict[str, Any]:
    request: dict[str, Any] = {
        "parts": ["seat"],
        "location_type": "SFTP",
        "location": "sftp://10.0.0.5/backups/vc01",
    }
    request.update(changes)
    return {key: value for key, value in request.items() if value is not ...}


def _rejected(request: object, faults: frozenset[Fault] = frozenset()) -> VapiError:
    with pytest.raises(VapiError) as caught:
        validate(request, faults)
    assert caught.value.error_type == "INVALID_ARGUMENT"
    assert caught.value.status == 400
    return caught.value


def _text(error: VapiError) -> str:
    return str(error.body())


def test_a_minimal_request_is_valid() -> None:
    backup = validate(_request())
    assert backup.parts == ("seat",)
    assert backup.host == "10.0.0.5"


def test_every_optional_field_is_accepted() -> None:
    backup = validate(
        _request(
            location_user="backup",
            location_password="x",
            comment="nightly",
            backup_password=GOOD_PASSWORD,
            fast_backup=True,
        )
    )
    assert backup.fast_backup is True
    assert backup.comment == "nightly"


@pytest.mark.parametrize("kind", sorted(SCHEMES))
def test_each_location_type_with_its_scheme_is_valid(kind: str) -> None:
    location = f"{SCHEMES[kind]}://fileserver:2121/share/vc01"
    assert validate(_request(location_type=kind, location=location)).location_type == kind


def test_an_empty_parts_list_is_valid() -> None:
    assert validate(_request(parts=[])).parts == ()


def test_null_optional_fields_mean_unset_and_unknown_fields_are_ignored() -> None:
    backup = validate(_request(comment=None, fast_backup=None, surprise={"a": 1}))
    assert backup.comment is None
    assert backup.fast_backup is None


@pytest.mark.parametrize("field", ["parts", "location_type", "location"])
def test_required_fields_are_required(field: str) -> None:
    error = _rejected(_request(**{field: ...}))
    assert field in error.messages[0]["default_message"]


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("parts", "seat"),
        ("parts", [1]),
        ("location_type", 1),
        ("location", ["sftp://h/x"]),
        ("location_user", 7),
        ("location_password", True),
        ("comment", {}),
        ("backup_password", 12345678),
        ("fast_backup", 1),
        ("fast_backup", "true"),
    ],
)
def test_wrong_types_are_rejected_naming_the_field(field: str, value: object) -> None:
    error = _rejected(_request(**{field: value}))
    assert error.messages[0]["args"][0] == field


@pytest.mark.parametrize("body", [[], "x", 1, None, True])
def test_a_body_that_is_not_an_object_is_rejected(body: object) -> None:
    _rejected(body)


@pytest.mark.parametrize("kind", ["sftp", "Sftp", "SFTP ", "WEBDAV", ""])
def test_location_type_must_be_exactly_one_of_the_eight(kind: str) -> None:
    _rejected(_request(location_type=kind))


@pytest.mark.parametrize(
    "location", ["", "ftp://h/x", "10.0.0.5/backups", "sftp://", "sftp:///path", "sftp://[bad/x"]
)
def test_the_location_must_fit_its_type_and_name_a_host(location: str) -> None:
    error = _rejected(_request(location=location))
    assert error.messages[0]["args"][0] == "location"


def test_the_scheme_is_compared_case_insensitively() -> None:
    assert validate(_request(location="SFTP://host/x")).host == "host"


def test_unknown_part_ids_are_rejected() -> None:
    _rejected(_request(parts=["seat", "bogus"]))


@pytest.mark.parametrize(
    "password", ["Aa1!", "Aa1!" * 6, "aaaa1111!", "AAAA1111!", "Aaaaaaaa!", "Aaaa1111", "Aa1! aaaa"]
)
def test_weak_passwords_are_rejected_without_echoing_them(password: str) -> None:
    error = _rejected(_request(backup_password=password))
    assert error.messages[0]["args"][0] == "backup_password"
    assert password not in _text(error)


def test_secret_values_never_appear_in_type_errors() -> None:
    error = _rejected(_request(location_password=["Secret#123"]))
    assert "Secret#123" not in _text(error)


@pytest.mark.parametrize(
    ("fault", "password"),
    [
        (Fault.PASSWORD_MIN_LENGTH, "Aa1!a"),
        (Fault.PASSWORD_MAX_LENGTH, "Aa1!" * 6),
        (Fault.PASSWORD_UPPERCASE, "aaaa1111!"),
        (Fault.PASSWORD_LOWERCASE, "AAAA1111!"),
        (Fault.PASSWORD_DIGIT, "Aaaaaaaa!"),
        (Fault.PASSWORD_SPECIAL, "Aaaa1111"),
        (Fault.PASSWORD_VISIBLE_ASCII, "Aa1!\taaaa"),
    ],
)
def test_each_password_fault_lets_exactly_its_rule_through(fault: Fault, password: str) -> None:
    _rejected(_request(backup_password=password))
    assert validate(_request(backup_password=password), frozenset({fault}))
    others = frozenset(Fault) - {fault} - {Fault.SECRET_ECHOED}
    password_faults = {f for f in others if f.value.startswith("password-")}
    # the other password faults alone do not let it through
    _rejected(_request(backup_password=password), frozenset(password_faults))


@pytest.mark.parametrize(
    ("fault", "accepted", "still_rejected"),
    [
        (Fault.PASSWORD_7_CHARACTERS, "Aa1!aaa", "Aa1!aa"),
        (Fault.PASSWORD_21_CHARACTERS, "Aa1!" * 5 + "a", "Aa1!" * 5 + "aa"),
        (Fault.PASSWORD_SPACE, "Aa1! aaaa", "Aa1!\taaaa"),
    ],
)
def test_each_boundary_fault_lets_exactly_one_neighbour_through(
    fault: Fault, accepted: str, still_rejected: str
) -> None:
    _rejected(_request(backup_password=accepted))
    assert validate(_request(backup_password=accepted), frozenset({fault}))
    _rejected(_request(backup_password=still_rejected), frozenset({fault}))


def test_location_type_faults() -> None:
    lower = _request(location_type="sftp")
    assert (
        validate(lower, frozenset({Fault.LOCATION_TYPE_CASE_INSENSITIVE})).location_type == "SFTP"
    )
    _rejected(_request(location_type="WEBDAV"), frozenset({Fault.LOCATION_TYPE_CASE_INSENSITIVE}))
    anything = _request(location_type="WEBDAV", location="anything")
    assert validate(anything, frozenset({Fault.LOCATION_TYPE_NOT_CHECKED}))


@pytest.mark.parametrize(
    ("field", "fault"),
    [
        ("parts", Fault.PARTS_NOT_REQUIRED),
        ("location_type", Fault.LOCATION_TYPE_NOT_REQUIRED),
        ("location", Fault.LOCATION_NOT_REQUIRED),
    ],
)
def test_each_required_field_fault_drops_only_its_field(field: str, fault: Fault) -> None:
    assert validate(_request(**{field: ...}), frozenset({fault}))
    for other in {"parts", "location_type", "location"} - {field}:
        _rejected(_request(**{other: ...}), frozenset({fault}))


def test_wrong_types_fault_coerces() -> None:
    faults = frozenset({Fault.WRONG_TYPES_ACCEPTED})
    backup = validate(_request(comment=5, fast_backup="yes", parts="seat"), faults)
    assert (backup.comment, backup.fast_backup, backup.parts) == ("5", True, ())


def test_secret_echoed_fault_quotes_the_password() -> None:
    error = _rejected(_request(backup_password="weakpass"), frozenset({Fault.SECRET_ECHOED}))
    assert "weakpass" in _text(error)
