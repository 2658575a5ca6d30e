"""Cancel: a running job leaves INPROGRESS; unknown ids are 404; finished jobs keep state."""

from __future__ import annotations

import pytest
from hypothesis import given

from vcsa_conformance.suite import checks, expectations, strategies
from vcsa_conformance.suite.backups import BackupController
from vcsa_conformance.suite.client import Client
from vcsa_conformance.suite.recorder import Recorder
from vcsa_conformance.suite.scenarios import finished_backup, is_running, start_backup
from vcsa_conformance.suite.session import SuiteSession


def _cancel_bound(suite_session: SuiteSession) -> float:
    """How long a cancelled job may take to leave INPROGRESS: on the mock, less than a job
    runs by itself (so an ignored cancel is caught); live, the busy wait."""
    if suite_session.target().embedded:
        return suite_session.options.job_seconds / 2
    return suite_session.options.busy_wait


@pytest.mark.requirement("BKP-CANCEL-001")
def test_cancel_running_job(
    client: Client, backups: BackupController, recorder: Recorder, suite_session: SuiteSession
) -> None:
    _, job_id = start_backup(backups, recorder)
    if not is_running(backups.state(job_id)):
        pytest.skip("the backup finished before it could be cancelled")
    cancel = backups.cancel(job_id)
    expectations.answer(recorder, cancel)
    recorder.check("BKP-CANCEL-001", checks.check_cancel_result, cancel)
    after = backups.wait_until_left_running(job_id, _cancel_bound(suite_session))
    expectations.answer(recorder, after)
    expectations.job_status(recorder, after)
    recorder.check("BKP-CANCEL-001", checks.check_left_running, after)


@pytest.mark.requirement("BKP-CANCEL-002")
@given(job_id=strategies.unknown_job_ids())
def test_cancel_unknown_job(client: Client, recorder: Recorder, job_id: str) -> None:
    expectations.not_found(recorder, "BKP-CANCEL-002", client.cancel_job(job_id))


@pytest.mark.requirement("BKP-CANCEL-003")
def test_cancel_finished_job(
    client: Client, backups: BackupController, recorder: Recorder, suite_session: SuiteSession
) -> None:
    job_id = finished_backup(backups, recorder)
    before = backups.state(job_id)
    if before.status != 200 or is_running(before) or not isinstance(before.json, dict):
        pytest.skip(f"no finished job to cancel (reading it answered {before.describe()})")
    cancel = backups.cancel(job_id)
    after = backups.state(job_id)
    expectations.answer(recorder, cancel)
    recorder.check(
        "BKP-CANCEL-003", checks.check_cancel_finished, cancel, before.json.get("state"), after
    )
