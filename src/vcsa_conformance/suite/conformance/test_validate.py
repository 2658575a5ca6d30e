"""Validate (POST .../backup?action=validate): a valid request is judged without starting a
backup; the password and type rules of create apply to it as well.

Validate spends no backup: on a conformant appliance it starts nothing. It still goes through
the BackupController's ``validate``, which reads the job list before and after: a backup a
faulty appliance starts all the same is charged to the budget (on a live target one unit must
be free, as for a create meant to be refused) and cancelled at once, and it is BKP-VALIDATE-001's
failure.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from vcsa_conformance.contract.api import LOCATION_TYPES
from vcsa_conformance.contract.password import Rule, broken_rules
from vcsa_conformance.suite.conformance.scenarios import is_running, start_backup
from vcsa_conformance.suite.generate import strategies
from vcsa_conformance.suite.generate.neighbours import (
    LOCATION_TYPE_VARIANTS,
    PASSWORDS,
    TYPES,
    Neighbour,
)
from vcsa_conformance.suite.generate.requests import BackupLocation, minimal_request
from vcsa_conformance.suite.http.backups import BackupController, validate
from vcsa_conformance.suite.http.exchange import Exchange
from vcsa_conformance.suite.judge import checks, expectations
from vcsa_conformance.suite.judge.recorder import Recorder
from vcsa_conformance.suite.run.plan import Step

pytestmark = pytest.mark.step(Step.READS)

UNREACHABLE = "sftp://unreachable.example/backups/vcsa-conformance"  # .example never resolves


def _validate(backups: BackupController, recorder: Recorder, body: Any) -> Exchange:
    """Validate on an idle appliance (a busy one answers FEATURE_IN_USE, which judges no
    rule); BKP-VALIDATE-001 holds the appliance to starting nothing, whatever it answers."""
    backups.make_idle()
    exchange, started = validate(backups, body)
    with recorder.collecting():
        expectations.answer(recorder, exchange)
        recorder.check("BKP-VALIDATE-001", checks.check_started_nothing, started, exchange=exchange)
    return exchange


@pytest.mark.requirement("BKP-VALIDATE-001")
@given(data=st.data())
def test_validate_valid_requests(
    backups: BackupController, recorder: Recorder, parts: list[str], data: st.DataObject
) -> None:
    exchange = _validate(backups, recorder, data.draw(strategies.backup_requests(parts)))
    recorder.check("BKP-VALIDATE-001", checks.check_validate_result, exchange)


@pytest.mark.requirement("BKP-VALIDATE-001", "BKP-VALIDATE-004")
def test_validate_unreachable_location(backups: BackupController, recorder: Recorder) -> None:
    exchange = _validate(backups, recorder, minimal_request(location=UNREACHABLE))
    with recorder.collecting():
        recorder.check("BKP-VALIDATE-001", checks.check_validate_result, exchange)
        recorder.check("BKP-VALIDATE-004", checks.check_location_reported, exchange)


def _refused(
    recorder: Recorder, exchange: Exchange, password: bool, undeserializable: bool
) -> None:
    """Invalid input: never validated OK (the password policy: a MUST), ideally 400
    INVALID_ARGUMENT (or INVALID_REQUEST for what cannot be deserialized)."""
    with recorder.collecting():
        if password:
            why = "a backup_password breaking the policy"
            recorder.check("BKP-VALIDATE-003", checks.check_not_validated_ok, exchange, why)
        recorder.check(
            "BKP-VALIDATE-005", checks.check_invalid_argument, exchange, undeserializable
        )


@pytest.mark.step(Step.NEIGHBOURS)
@pytest.mark.parametrize(
    "neighbour",
    [
        pytest.param(
            n,
            id=n.name,
            marks=pytest.mark.requirement(
                *(("BKP-VALIDATE-003",) if n in PASSWORDS else ()),
                "BKP-VALIDATE-001",
                "BKP-VALIDATE-005",
            ),
        )
        for n in (*PASSWORDS, *LOCATION_TYPE_VARIANTS[:4], *TYPES)
    ],
)
def test_validate_nearest_invalid_neighbour(
    backups: BackupController, recorder: Recorder, neighbour: Neighbour
) -> None:
    """The nearest invalid neighbours of create's password, location type and type rules."""
    exchange = _validate(backups, recorder, neighbour.request())
    _refused(recorder, exchange, neighbour in PASSWORDS, neighbour.undeserializable)


@pytest.mark.step(Step.INVALID)
@pytest.mark.requirement("BKP-VALIDATE-001", "BKP-VALIDATE-003", "BKP-VALIDATE-005")
@given(rule=st.sampled_from(list(Rule)), data=st.data())
def test_validate_passwords_breaking_a_rule(
    backups: BackupController, recorder: Recorder, rule: Rule, data: st.DataObject
) -> None:
    password = data.draw(strategies.passwords_breaking(rule))
    assume(broken_rules(password) == [rule])
    exchange = _validate(backups, recorder, minimal_request(backup_password=password))
    _refused(recorder, exchange, True, False)


@pytest.mark.step(Step.INVALID)
@pytest.mark.requirement("BKP-VALIDATE-001", "BKP-VALIDATE-005")
@given(location_type=strategies.invalid_location_types())
def test_validate_location_type_outside_enum(
    backups: BackupController, recorder: Recorder, location_type: str
) -> None:
    assume(location_type not in LOCATION_TYPES)
    scheme = location_type.strip().lower() or "sftp"
    body = minimal_request(location_type=location_type, location=f"{scheme}://192.0.2.10/b")
    _refused(recorder, _validate(backups, recorder, body), False, False)


@pytest.mark.step(Step.INVALID)
@pytest.mark.requirement("BKP-VALIDATE-001", "BKP-VALIDATE-005")
@given(data=st.data())
def test_validate_wrong_json_types(
    backups: BackupController, recorder: Recorder, parts: list[str], data: st.DataObject
) -> None:
    field, request = data.draw(strategies.wrong_type_requests(parts))
    assume(not strategies.is_json_type_of(field, request[field]))
    _refused(recorder, _validate(backups, recorder, request), False, True)


# Right after the second create, before the valid creates that may race backup 1's end.
@pytest.mark.step(Step.SECOND_CREATE)
@pytest.mark.requirement("BKP-VALIDATE-002")
def test_validate_while_a_backup_runs(
    backups: BackupController, recorder: Recorder, location: BackupLocation
) -> None:
    """While the run's backup runs: FEATURE_IN_USE. Timing-proof: an answer other than
    FEATURE_IN_USE is judged only if that backup still reads INPROGRESS after it (else it
    may have ended before the validate arrived)."""
    if backups.bounded:
        # Its last read, not a new one: an appliance whose backup ends when it is read
        # (instant-jobs) must still meet this validate; a stale state is settled after it.
        running = backups.running_jobs()
        if not running:
            pytest.skip("no backup of this run is running to validate against")
        job = running[-1]
    else:
        _, job = start_backup(backups, recorder, location)
    exchange, _ = validate(backups, minimal_request())
    expectations.answer(recorder, exchange)
    busy = exchange.status == 400 and exchange.error_type == "FEATURE_IN_USE"
    if not busy and not is_running(backups.state(job)):
        pytest.skip(f"the run's backup {job} ended before the validate could be judged")
    recorder.check(
        "BKP-VALIDATE-002", checks.check_status_and_type, exchange, 400, "FEATURE_IN_USE"
    )
