"""Create: every valid request is accepted (201 BackupJobStatus, or 400 FEATURE_IN_USE)."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vcsa_conformance.contract.api import LOCATION_SCHEMES, LOCATION_TYPES
from vcsa_conformance.suite.conformance.scenarios import create_while_busy
from vcsa_conformance.suite.generate import strategies
from vcsa_conformance.suite.generate.requests import minimal_request
from vcsa_conformance.suite.http.backups import BackupController
from vcsa_conformance.suite.judge import checks, expectations
from vcsa_conformance.suite.judge.recorder import Recorder
from vcsa_conformance.suite.run.plan import Step

pytestmark = pytest.mark.step(Step.BUSY_CREATES)


def _create_valid(backups: BackupController, recorder: Recorder, request: dict[str, Any]) -> None:
    """On the embedded mock: on an idle appliance, so that it answers 201. On a live one:
    while the run's backup runs (read just before), so that it answers FEATURE_IN_USE and
    starts nothing; once that backup has ended the test is skipped. A create that arrives
    just after the end is answered 201, which is right (``create_while_busy``)."""
    if backups.bounded:
        backups.running_jobs(refresh=True)
        exchange = create_while_busy(backups, recorder, request)
    else:
        backups.make_idle()
        exchange = backups.create(request, expect="start")
    with recorder.collecting():
        expectations.answer(recorder, exchange)
        recorder.check("BKP-CREATE-001", checks.check_created_or_busy, exchange)
        if exchange.status == 201:
            recorder.check("BKP-CREATE-002", checks.check_body_matches_schema, exchange)
            recorder.check("BKP-JOB-001", checks.check_created_job_id, exchange)
            expectations.job_status(recorder, exchange)


@pytest.mark.requirement("BKP-CREATE-001", "BKP-CREATE-002")
@pytest.mark.parametrize("location_type", LOCATION_TYPES)
def test_each_location_type(
    backups: BackupController, recorder: Recorder, location_type: str
) -> None:
    scheme = LOCATION_SCHEMES[location_type]
    request = minimal_request(
        location_type=location_type, location=f"{scheme}://192.0.2.10/backups/vcsa"
    )
    _create_valid(backups, recorder, request)


@pytest.mark.requirement("BKP-CREATE-001", "BKP-CREATE-002")
def test_every_listed_part(backups: BackupController, recorder: Recorder, parts: list[str]) -> None:
    _create_valid(backups, recorder, minimal_request(parts=list(parts)))


@pytest.mark.requirement("BKP-CREATE-001", "BKP-CREATE-002")
def test_every_optional_field(backups: BackupController, recorder: Recorder) -> None:
    request = minimal_request(
        location_user="backup",
        location_password="Location-Pw-1!",
        comment="vcsa-conformance: every optional field",
        fast_backup=True,
    )
    _create_valid(backups, recorder, request)


@pytest.mark.requirement("BKP-CREATE-001", "BKP-CREATE-002")
@given(data=st.data())
def test_valid_requests(
    backups: BackupController, recorder: Recorder, parts: list[str], data: st.DataObject
) -> None:
    _create_valid(backups, recorder, data.draw(strategies.backup_requests(parts)))
