"""Job status: ids found and listed, states, progress, times, unknown ids."""

from __future__ import annotations

import time

import pytest
from hypothesis import given

from vcsa_conformance.suite import checks, expectations, strategies
from vcsa_conformance.suite.backups import BackupController
from vcsa_conformance.suite.client import Client
from vcsa_conformance.suite.exchange import Exchange
from vcsa_conformance.suite.profiles import Profile
from vcsa_conformance.suite.recorder import Recorder
from vcsa_conformance.suite.scenarios import is_running, start_backup
from vcsa_conformance.suite.session import SuiteSession


@pytest.mark.requirement("BKP-JOB-001", "BKP-JOB-002")
def test_created_job_is_found_and_listed(
    client: Client, backups: BackupController, recorder: Recorder
) -> None:
    _, job_id = start_backup(backups, recorder)
    read = backups.state(job_id)
    listing = client.list_jobs()
    with recorder.collecting():
        expectations.answer(recorder, read)
        expectations.answer(recorder, listing)
        recorder.check("BKP-JOB-001", checks.check_job_found, read, job_id)
        recorder.check("BKP-JOB-002", checks.check_job_listed, listing, job_id)


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
    backups: BackupController, recorder: Recorder, profile: Profile, suite_session: SuiteSession
) -> None:
    """Read one job from its create answer until it finishes; every read obeys the rules."""
    created, job_id = start_backup(backups, recorder)
    with recorder.collecting():  # one broken rule must not hide the others
        _follow(created, job_id, backups, recorder, profile, suite_session)


def _follow(
    created: Exchange,
    job_id: str,
    backups: BackupController,
    recorder: Recorder,
    profile: Profile,
    suite_session: SuiteSession,
) -> None:
    expectations.job_status(recorder, created)
    progresses = [created.json.get("progress")]
    embedded = suite_session.target().embedded
    timeout = max(5.0, 4 * suite_session.options.job_seconds)
    if not embedded:
        timeout = suite_session.options.busy_wait
    pause = timeout / (4 * max(profile.progress_reads, 1))
    end = time.monotonic() + timeout
    while True:
        read = backups.state(job_id)
        expectations.answer(recorder, read)
        expectations.job_status(recorder, read)
        if read.status != 200 or not isinstance(read.json, dict):
            pytest.skip(f"the job could not be read back: {read.describe()} (see BKP-JOB-001)")
        progresses.append(read.json.get("progress"))
        recorder.check("BKP-JOB-005", checks.check_progress_monotonic, progresses, exchange=read)
        if not is_running(read):
            return
        if time.monotonic() > end:  # left running: BKP-CANCEL-001 ends it next
            for requirement_id in ("BKP-JOB-008", "BKP-JOB-009"):
                recorder.skip(requirement_id, f"the job was still running after {timeout:.0f} s")
            return
        time.sleep(min(pause, 0.25) if embedded else pause)


@pytest.mark.requirement("BKP-JOB-010")
@given(job_id=strategies.unknown_job_ids())
def test_unknown_job_id(client: Client, recorder: Recorder, job_id: str) -> None:
    expectations.not_found(recorder, "BKP-JOB-010", client.get_job(job_id))
