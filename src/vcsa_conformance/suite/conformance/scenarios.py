"""Steps several conformance tests share: the run's backup (running, or any), a create sent
while it runs, a backup cancelled at once, a finished one, an id no job has, the details of
a job."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from vcsa_conformance.contract.api import FAILED, SUCCEEDED
from vcsa_conformance.suite.generate.requests import BackupLocation
from vcsa_conformance.suite.http.backups import BackupController
from vcsa_conformance.suite.http.exchange import Exchange
from vcsa_conformance.suite.http.ledger import RUNNING, Cancelled
from vcsa_conformance.suite.judge import checks, expectations
from vcsa_conformance.suite.judge.recorder import Recorder


def start_backup(
    backups: BackupController, recorder: Recorder, location: BackupLocation
) -> tuple[Exchange, str]:
    """A running backup of this run: the one a test started on purpose and still running (on
    a live appliance the budget is precious), else a new one on an idle target; skip the test
    if none can be had.

    The exchange is the create answer, or the latest known answer about the reused job."""
    if backups.bounded:
        running = backups.running_jobs()
        for job in reversed(backups.ledger.kept):
            if job in running:
                return backups.ledger.created.get(job) or backups.state(job), job
    exchange = backups.create_when_idle(location.request())
    expectations.answer(recorder, exchange)
    recorder.check("BKP-JOB-001", checks.check_created_job_id, exchange)
    body = exchange.json
    if exchange.status != 201 or not isinstance(body, dict) or not body.get("id"):
        pytest.skip(f"could not start a backup to observe: create answered {exchange.describe()}")
    return exchange, str(body["id"])


def a_backup(
    backups: BackupController, recorder: Recorder, location: BackupLocation
) -> tuple[Exchange, str]:
    """A backup a test of this run started on purpose, running or not, with its create
    answer: on a live appliance the newest such (a test that reads a job back needs no new
    backup; never one cancelled at once as unwanted), else a new one, as ``start_backup``."""
    if backups.bounded and backups.ledger.kept:
        job = backups.ledger.kept[-1]
        return backups.ledger.created[job], job
    return start_backup(backups, recorder, location)


def create_while_busy(
    backups: BackupController, recorder: Recorder, body: Any, **kwargs: Any
) -> Exchange:
    """A valid create while the run's backup runs (live). A 201 while that backup was still
    running is a second backup (BKP-CONC-001); a 201 after it ended is a late create, which
    the controller keeps as the run's next backup (``late_create``, ``cancelled_backup``)."""
    answer = backups.create_busy(body, **kwargs)
    if answer.overlapped:
        recorder.check(
            "BKP-CONC-001", checks.check_status_and_type, answer.exchange, 400, "FEATURE_IN_USE"
        )
    return answer.exchange


def late_create(backups: BackupController) -> Exchange | None:
    """The first create of this run answered 201 after the backup it met had ended (it
    starts a backup once the last one ended: BKP-CONC-003), if there was one."""
    ledger = backups.ledger
    return ledger.created[ledger.late[0]] if ledger.late else None


def cancelled_backup(backups: BackupController) -> Cancelled | None:
    """A backup of this run started by a late create and cancelled at once, as the cancel
    test would have done with a backup of its own (BKP-CANCEL-001, -004), if there was one."""
    for job in backups.ledger.late:
        if job in backups.ledger.cancels:
            return backups.ledger.cancels[job]
    return None


def finished_backup(backups: BackupController, recorder: Recorder, location: BackupLocation) -> str:
    """A job of this run seen finished: an earlier one, else one started and cancelled."""
    backups.make_idle()
    for job, state in reversed(backups.ledger.states.items()):  # the newest: still in the history
        if state in (SUCCEEDED, FAILED):
            return job
    _, job = start_backup(backups, recorder, location)
    backups.make_idle()
    return job


def is_running(exchange: Exchange) -> bool:
    """True when a job status answer says INPROGRESS."""
    return exchange.state == RUNNING


def unknown_job_id() -> str:
    """An id no appliance has given out (a UUID under a prefix of ours)."""
    return f"vcsa-conformance-unknown-{uuid.uuid4().hex}"


def judge_details(backups: BackupController, recorder: Recorder, job_id: str, kind: str) -> None:
    """The details of one job of the run (BKP-DETAILS-002, -004): its type (MANUAL for a
    create's, SCHEDULED for a schedule run's), and status, times and progress agreeing with
    its state read just before and just after (a job may end in between: either agrees)."""
    first = backups.state(job_id)
    details = backups.client.job_details([job_id])
    last = backups.state(job_id)
    expectations.answer(recorder, details)
    body = details.json
    info = body.get(job_id) if isinstance(body, dict) else None
    if not isinstance(info, dict):
        return  # BKP-DETAILS-001 and -003 say so, where they are checked
    recorder.check("BKP-DETAILS-002", checks.check_details_type, info, kind, exchange=details)
    states = [read.state for read in (first, last) if read.status == 200]
    recorder.check("BKP-DETAILS-004", checks.check_details_agree, info, states, exchange=details)
