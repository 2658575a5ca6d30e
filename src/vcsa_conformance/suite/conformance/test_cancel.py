"""Cancel: a running job leaves INPROGRESS and does not succeed; unknown ids are 404;
finished jobs keep their state."""

from __future__ import annotations

import pytest
from hypothesis import given

from vcsa_conformance.contract.api import SUCCEEDED
from vcsa_conformance.suite.conformance.scenarios import (
    cancelled_backup,
    finished_backup,
    is_running,
    start_backup,
)
from vcsa_conformance.suite.generate import strategies
from vcsa_conformance.suite.generate.requests import BackupLocation
from vcsa_conformance.suite.http.backups import BackupController
from vcsa_conformance.suite.http.client import Client
from vcsa_conformance.suite.http.exchange import Exchange
from vcsa_conformance.suite.http.ledger import CLOCK_TOLERANCE, Cancelled, seconds_between
from vcsa_conformance.suite.judge import checks, expectations
from vcsa_conformance.suite.judge.recorder import Recorder
from vcsa_conformance.suite.run.plan import Step


@pytest.mark.step(Step.CANCEL)
@pytest.mark.requirement("BKP-CANCEL-001", "BKP-CANCEL-004")
def test_cancel_running_job(
    backups: BackupController, recorder: Recorder, location: BackupLocation
) -> None:
    """Cancel the run's running backup as soon as its create answered, then follow it for at
    most --job-wait: it must leave INPROGRESS, and (cancel answered OK) not end SUCCEEDED.

    On a live appliance, a backup that a late create started (a create sent while backup 1
    ran, answered 201 just after its end) was already cancelled at once: that is this test's
    backup, and its create, cancel and first read are judged here."""
    cancelled = cancelled_backup(backups) if backups.bounded else None
    if cancelled is None:
        cancelled = _cancel_at_once(backups, recorder, location)
    after = cancelled.first
    if is_running(after):
        after = backups.wait_until_left_running(cancelled.job, backups.job_wait)
    with recorder.collecting():
        expectations.answer(recorder, cancelled.cancel)
        recorder.check("BKP-CANCEL-001", checks.check_cancel_result, cancelled.cancel)
        for read in (cancelled.first, after):
            expectations.answer(recorder, read)
            expectations.job_status(recorder, read)
        recorder.check("BKP-CANCEL-001", checks.check_left_running, after)
        _judge_outcome(recorder, cancelled, after)


def _cancel_at_once(
    backups: BackupController, recorder: Recorder, location: BackupLocation
) -> Cancelled:
    created, job_id = start_backup(backups, recorder, location)
    if not is_running(created):
        pytest.skip("the backup had finished before it could be cancelled")
    cancel = backups.cancel(job_id)
    return Cancelled(job_id, created, cancel, backups.state(job_id))


def _judge_outcome(recorder: Recorder, cancelled: Cancelled, after: Exchange) -> None:
    """BKP-CANCEL-004, when it can be told: the cancel answered OK and the job ended. An end
    other than SUCCEEDED passes; SUCCEEDED fails only if the job was still running when the
    cancel was handled (seen INPROGRESS after it, or it ran longer than create to cancel
    took), else it may have finished before the cancel arrived."""
    result = cancelled.cancel.json
    if not (isinstance(result, dict) and result.get("status") == "OK"):
        recorder.skip("BKP-CANCEL-004", "the cancel was not answered with status OK")
        return
    if is_running(after):
        recorder.skip("BKP-CANCEL-004", "the job had not ended within --job-wait")
        return
    took = cancelled.cancel.received_at - cancelled.created.sent_at  # create to cancel
    ran_on = is_running(cancelled.first) or _ran_longer_than(after, took)
    if after.state == SUCCEEDED and not ran_on:
        recorder.skip(
            "BKP-CANCEL-004", "the job may have finished before the cancel arrived (it succeeded)"
        )
        return
    recorder.check("BKP-CANCEL-004", checks.check_not_succeeded, after)


def _ran_longer_than(status: Exchange, seconds: float) -> bool:
    """True when the job's own start and end times say it ran longer than ``seconds``
    (plus a tolerance): then it was still running when the cancel was handled."""
    ran = seconds_between(status.json, status.json)
    return ran is not None and ran > seconds + CLOCK_TOLERANCE


@pytest.mark.step(Step.READS)
@pytest.mark.requirement("BKP-CANCEL-002")
@given(job_id=strategies.unknown_job_ids())
def test_cancel_unknown_job(client: Client, recorder: Recorder, job_id: str) -> None:
    expectations.not_found(recorder, "BKP-CANCEL-002", client.cancel_job(job_id))


@pytest.mark.step(Step.CANCEL_FINISHED)
@pytest.mark.requirement("BKP-CANCEL-003")
def test_cancel_finished_job(
    backups: BackupController, recorder: Recorder, location: BackupLocation
) -> None:
    job_id = finished_backup(backups, recorder, location)
    before = backups.state(job_id)
    if before.status != 200 or is_running(before) or not isinstance(before.json, dict):
        pytest.skip(f"no finished job to cancel (reading it answered {before.describe()})")
    cancel = backups.cancel(job_id)
    after = backups.state(job_id)
    expectations.answer(recorder, cancel)
    recorder.check("BKP-CANCEL-003", checks.check_cancel_finished, cancel, before.state, after)
