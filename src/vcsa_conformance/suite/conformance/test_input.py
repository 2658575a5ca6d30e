"""Input validation of create: every invalid request is refused cleanly, never 201.

MUST: not 201 and a vAPI error body (each rule its own requirement); SHOULD: 400
INVALID_ARGUMENT (BKP-INPUT-012, checked inside ``expectations.rejected``). Every example
is re-checked to still break the rule it is reported for, so a shrunk example can never be
a valid request (the known false-positive class).
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import assume, example, given
from hypothesis import strategies as st

from vcsa_conformance.contract.api import LOCATION_TYPES, REQUIRED_FIELDS
from vcsa_conformance.contract.password import Rule, broken_rules
from vcsa_conformance.suite.generate import strategies
from vcsa_conformance.suite.generate.requests import minimal_request
from vcsa_conformance.suite.http.backups import BackupController
from vcsa_conformance.suite.http.client import UNSET
from vcsa_conformance.suite.judge import checks, expectations
from vcsa_conformance.suite.judge.recorder import Recorder
from vcsa_conformance.suite.run.plan import Step

PASSWORD_RULES: dict[Rule, str] = {
    Rule.TOO_SHORT: "BKP-INPUT-004",
    Rule.TOO_LONG: "BKP-INPUT-005",
    Rule.NO_UPPER: "BKP-INPUT-006",
    Rule.NO_LOWER: "BKP-INPUT-007",
    Rule.NO_DIGIT: "BKP-INPUT-008",
    Rule.NO_SPECIAL: "BKP-INPUT-009",
    Rule.NOT_VISIBLE_ASCII: "BKP-INPUT-010",
}

pytestmark = pytest.mark.step(Step.INVALID)


def _refused(
    backups: BackupController,
    recorder: Recorder,
    requirement_id: str,
    body: Any,
    why: str,
    **kwargs: Any,
) -> None:
    backups.make_idle()  # a busy target would refuse anything: the rule would go untested
    exchange = backups.create(body, expect="refused", **kwargs)
    expectations.rejected(recorder, requirement_id, exchange, why)


@pytest.mark.requirement("BKP-INPUT-001", "BKP-INPUT-012")
@pytest.mark.parametrize("field", REQUIRED_FIELDS)
def test_each_required_field_missing(
    backups: BackupController, recorder: Recorder, field: str
) -> None:
    request = {k: v for k, v in minimal_request().items() if k != field}
    _refused(backups, recorder, "BKP-INPUT-001", request, f"required field {field} missing")


@pytest.mark.requirement("BKP-INPUT-001", "BKP-INPUT-012")
@given(data=st.data())
def test_required_fields_missing(
    backups: BackupController, recorder: Recorder, parts: list[str], data: st.DataObject
) -> None:
    missing, request = data.draw(strategies.missing_field_requests(parts))
    assume(all(field not in request for field in missing))
    why = f"required field(s) {', '.join(missing)} missing"
    _refused(backups, recorder, "BKP-INPUT-001", request, why)


@pytest.mark.requirement("BKP-INPUT-002", "BKP-INPUT-012")
@pytest.mark.parametrize("field", strategies.WRONG_TYPE_FIELDS)
@given(data=st.data())
def test_wrong_json_types(
    backups: BackupController,
    recorder: Recorder,
    parts: list[str],
    field: str,
    data: st.DataObject,
) -> None:
    field, request = data.draw(strategies.wrong_type_requests(parts, field))
    assume(not strategies.is_json_type_of(field, request[field]))
    why = f"{field} is a JSON {type(request[field]).__name__}"  # the type only: maybe a secret
    _refused(backups, recorder, "BKP-INPUT-002", request, why)


@pytest.mark.requirement("BKP-INPUT-003", "BKP-INPUT-012")
@given(location_type=strategies.invalid_location_types())
@example(location_type="sftp")  # tried on every run: case variants, empty, other protocols
@example(location_type="Sftp")
@example(location_type=" SFTP")
@example(location_type="")
@example(location_type="S3")
def test_location_type_outside_enum(
    backups: BackupController, recorder: Recorder, location_type: str
) -> None:
    assume(location_type not in LOCATION_TYPES)
    scheme = location_type.strip().lower() or "sftp"
    request = minimal_request(
        location_type=location_type, location=f"{scheme}://192.0.2.10/backups/vcsa"
    )
    why = f"location_type {location_type!r} is not one of the eight"
    _refused(backups, recorder, "BKP-INPUT-003", request, why)


def _password_test(rule: Rule) -> Any:
    requirement_id = PASSWORD_RULES[rule]

    @pytest.mark.requirement(requirement_id, "BKP-INPUT-012")
    @given(password=strategies.passwords_breaking(rule))
    def test(backups: BackupController, recorder: Recorder, password: str) -> None:
        assume(broken_rules(password) == [rule])  # still broken for this reason only
        request = minimal_request(backup_password=password)
        why = f"a backup_password of {len(password)} characters breaking only {rule.name}"
        _refused(backups, recorder, requirement_id, request, why)

    test.__name__ = f"test_password_{rule.name.lower()}"
    test.__doc__ = f"{requirement_id}: a backup_password breaking only {rule.name}."
    return test


test_password_too_short = _password_test(Rule.TOO_SHORT)
test_password_too_long = _password_test(Rule.TOO_LONG)
test_password_no_upper = _password_test(Rule.NO_UPPER)
test_password_no_lower = _password_test(Rule.NO_LOWER)
test_password_no_digit = _password_test(Rule.NO_DIGIT)
test_password_no_special = _password_test(Rule.NO_SPECIAL)
test_password_not_visible_ascii = _password_test(Rule.NOT_VISIBLE_ASCII)


@pytest.mark.requirement("BKP-INPUT-011", "BKP-INPUT-012")
@pytest.mark.parametrize("kind", sorted(strategies.MALFORMED_EXAMPLES))
def test_each_kind_of_malformed_body(
    backups: BackupController, recorder: Recorder, kind: str
) -> None:
    body = strategies.MALFORMED_EXAMPLES[kind]
    headers = {"Content-Type": "application/json"}
    why = f"a {kind} body that is not a JSON object"
    _refused(backups, recorder, "BKP-INPUT-011", UNSET, why, content=body, headers=headers)


@pytest.mark.requirement("BKP-INPUT-011", "BKP-INPUT-012")
@given(data=st.data())
def test_malformed_bodies(
    backups: BackupController, recorder: Recorder, parts: list[str], data: st.DataObject
) -> None:
    body = data.draw(strategies.malformed_bodies(parts))
    assume(not strategies.is_json_object(body))
    headers = {"Content-Type": "application/json"}
    why = f"a body of {len(body)} bytes that is not a JSON object"  # never the body itself
    _refused(backups, recorder, "BKP-INPUT-011", UNSET, why, content=body, headers=headers)


@pytest.mark.step(Step.LEFTOVERS)
@pytest.mark.requirement("BKP-INPUT-013")
@given(unknown=st.text("abcdefghijklmnopqrstuvwxyz-_0123456789", min_size=1, max_size=16))
def test_unknown_part_ids(
    backups: BackupController, recorder: Recorder, parts: list[str], unknown: str
) -> None:
    assume(unknown not in parts)
    backups.make_idle()
    exchange = backups.create(minimal_request(parts=[*parts[:1], unknown]), expect="refused")
    expectations.answer(recorder, exchange)
    recorder.check("BKP-INPUT-013", checks.check_not_created, exchange)
