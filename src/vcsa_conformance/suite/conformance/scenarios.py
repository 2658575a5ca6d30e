"""Steps several conformance tests share: the run's backup (running, or any), a finished
one, reading a state, an id no job has."""

from __future__ import annotations

import uuid

import pytest

from vcsa_conformance.contract.api import FAILED, SUCCEEDED
from vcsa_conformance.suite.generate.requests import BackupLocation
from vcsa_conformance.suite.http.backups import RUNNING, BackupController
from vcsa_conformance.suite.http.exchange import Exchange
from vcsa_conformance.suite.judge import expectations
from vcsa_conformance.suite.judge.recorder import Recorder


def start_backup(
    backups: BackupController, recorder: Recorder, location: BackupLocation
) -> tuple[Exchange, str]:
    """A running backup of this run: the one already running (on a live appliance the budget
    is precious), else a new one on an idle target; skip the test if none can be had.

    The exchange is the create answer, or the latest known answer about the reused job."""
    if backups.bounded:
        for job in backups.running_jobs():
            return backups.created.get(job) or backups.state(job), job
    exchange = backups.create_when_idle(location.request())
    expectations.answer(recorder, exchange)
    body = exchange.json
    if exchange.status != 201 or not isinstance(body, dict) or not body.get("id"):
        pytest.skip(f"could not start a backup to observe: create answered {exchange.describe()}")
    return exchange, str(body["id"])


def a_backup(
    backups: BackupController, recorder: Recorder, location: BackupLocation
) -> tuple[Exchange, str]:
    """A backup of this run, running or not, with its create answer: on a live appliance the
    newest one the run started (a test that reads a job back needs no new backup), else a
    new one, as ``start_backup``."""
    if backups.bounded:
        for job in reversed(backups.created):
            return backups.created[job], job
    return start_backup(backups, recorder, location)


def finished_backup(backups: BackupController, recorder: Recorder, location: BackupLocation) -> str:
    """A job of this run seen finished: an earlier one, else one started and cancelled."""
    backups.make_idle()
    for job, state in reversed(backups.started.items()):  # the newest: still in the history
        if state in (SUCCEEDED, FAILED):
            return job
    _, job = start_backup(backups, recorder, location)
    backups.make_idle()
    return job


def is_running(exchange: Exchange) -> bool:
    """True when a job status answer says INPROGRESS."""
    body = exchange.json
    return isinstance(body, dict) and body.get("state") == RUNNING


def unknown_job_id() -> str:
    """An id no appliance has given out (a UUID under a prefix of ours)."""
    return f"vcsa-conformance-unknown-{uuid.uuid4().hex}"
