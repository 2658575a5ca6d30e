"""Job status: ids found and listed, states, progress, times, unknown ids."""

from __future__ import annotations

import time

import pytest
from hypothesis import given

from vcsa_conformance.contract.api import SUCCEEDED
from vcsa_conformance.suite.conformance.scenarios import a_backup, is_running
from vcsa_conformance.suite.generate import strategies
from vcsa_conformance.suite.generate.requests import BackupLocation
from vcsa_conformance.suite.http.backups import BackupController
from vcsa_conformance.suite.http.client import Client
from vcsa_conformance.suite.judge import checks, expectations
from vcsa_conformance.suite.judge.recorder import Recorder
from vcsa_conformance.suite.run.plan import Step


def _not_succeeded(job_id: str, status: dict[str, object], location: BackupLocation) -> str:
    """Why BKP-JOB-009 was not checked: how the followed backup really ended, and what to do."""
    messages = status.get("messages")
    first = messages[0] if isinstance(messages, list) and messages else None
    said = first.get("default_message") if isinstance(first, dict) else None
    how = f"the followed backup {job_id} ended {status.get('state')}"
    how += f" ({said})" if isinstance(said, str) and said else ""
    if location.url is None:
        return (
            f"{how}: without --backup-location the suite's backups go to a TEST-NET address, "
            "where a real appliance's backup fails; give --backup-location of a server the "
            "appliance can write to"
        )
    return f"{how}; no backup of this run ended SUCCEEDED (check --backup-location)"


@pytest.mark.step(Step.READ_BACK)
@pytest.mark.requirement("BKP-JOB-001", "BKP-JOB-002")
def test_created_job_is_found_and_listed(
    client: Client, backups: BackupController, recorder: Recorder, location: BackupLocation
) -> None:
    """The run's backup is found by its id and listed. On a live appliance every backup the
    run started so far is read back: a late create's backup (cancelled at once) is as much a
    created job as backup 1, and may be the one the appliance loses."""
    _, job_id = a_backup(backups, recorder, location)
    others = [job for job in backups.ledger.created if job != job_id] if backups.bounded else []
    listing = client.list_jobs()
    with recorder.collecting():
        expectations.answer(recorder, listing)
        for job in (job_id, *others):
            read = backups.state(job)
            expectations.answer(recorder, read)
            recorder.check("BKP-JOB-001", checks.check_job_found, read, job)
            recorder.check("BKP-JOB-002", checks.check_job_listed, listing, job)


@pytest.mark.step(Step.FOLLOW)
@pytest.mark.requirement(
    "BKP-JOB-003",
    "BKP-JOB-004",
    "BKP-JOB-005",
    "BKP-JOB-006",
    "BKP-JOB-007",
    "BKP-JOB-008",
    "BKP-JOB-009",
)
def test_job_life_cycle(
    backups: BackupController, recorder: Recorder, location: BackupLocation
) -> None:
    """Read one job until it finishes, for at most --job-wait; every read obeys the rules,
    and the progress of every read of it in this run never decreases."""
    created, job_id = a_backup(backups, recorder, location)
    wait = backups.waits.waiting("following backup", job_id, "--job-wait", backups.job_wait)
    with recorder.collecting():  # one broken rule must not hide the others
        expectations.job_status(recorder, created)
        with wait as end:
            _read_until_ended(job_id, end, backups, recorder, location)


def _read_until_ended(
    job_id: str, end: float, backups: BackupController, recorder: Recorder, location: BackupLocation
) -> None:
    pauses = backups.waits.pauses()
    while True:
        read = backups.state(job_id)
        expectations.answer(recorder, read)
        expectations.job_status(recorder, read)
        if read.status != 200 or not isinstance(read.json, dict):
            pytest.skip(f"the job could not be read back: {read.describe()} (see BKP-JOB-001)")
        progress = backups.ledger.progress[job_id]
        recorder.check("BKP-JOB-005", checks.check_progress_monotonic, progress, exchange=read)
        if not is_running(read):
            if read.state != SUCCEEDED:
                recorder.skip("BKP-JOB-009", _not_succeeded(job_id, read.json, location))
            return
        if time.monotonic() > end:  # left running: the next tests cancel it
            for requirement_id in ("BKP-JOB-008", "BKP-JOB-009"):
                reason = f"the job was still running after {backups.job_wait:.0f} s (--job-wait)"
                recorder.skip(requirement_id, reason)
            return
        time.sleep(next(pauses))


@pytest.mark.step(Step.READS)
@pytest.mark.requirement("BKP-JOB-010")
@given(job_id=strategies.unknown_job_ids())
def test_unknown_job_id(client: Client, recorder: Recorder, job_id: str) -> None:
    expectations.not_found(recorder, "BKP-JOB-010", client.get_job(job_id))
