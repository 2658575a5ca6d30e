"""Steps several conformance tests share: a known-valid request, a backup that is running."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from vcsa_conformance.suite import expectations
from vcsa_conformance.suite.backups import RUNNING, BackupController
from vcsa_conformance.suite.exchange import Exchange
from vcsa_conformance.suite.recorder import Recorder

CANARY_PASSWORD = "Conform4nce!"  # meets every rule of contract/password.py


def minimal_request(**overrides: Any) -> dict[str, Any]:
    """A valid create request with only the required fields and a backup password."""
    request: dict[str, Any] = {
        "parts": [],
        "location_type": "SFTP",
        "location": "sftp://192.0.2.10/backups/vcsa-conformance",
        "backup_password": CANARY_PASSWORD,
    }
    request.update(overrides)
    return request


def start_backup(backups: BackupController, recorder: Recorder) -> tuple[Exchange, str]:
    """A running backup of this run: on a live appliance the one already running (the budget
    is precious), else a new one on an idle target; skip the test if none can be had.

    The exchange is the create answer, or the latest read of the reused job."""
    if backups.bounded:
        for job in backups.running_jobs(refresh=True):
            read = backups.state(job)
            if is_running(read):
                return read, job
    exchange = backups.create_when_idle(minimal_request())
    expectations.answer(recorder, exchange)
    body = exchange.json
    if exchange.status != 201 or not isinstance(body, dict) or not body.get("id"):
        pytest.skip(f"could not start a backup to observe: create answered {exchange.describe()}")
    return exchange, str(body["id"])


def finished_backup(backups: BackupController, recorder: Recorder) -> str:
    """A job of this run seen finished: an earlier one, else one started and cancelled."""
    backups.make_idle()
    for job, state in reversed(backups.started.items()):  # the newest: still in the history
        if state in ("SUCCEEDED", "FAILED"):
            return job
    _, job = start_backup(backups, recorder)
    backups.make_idle()
    return job


def is_running(exchange: Exchange) -> bool:
    """True when a job status answer says INPROGRESS."""
    body = exchange.json
    return isinstance(body, dict) and body.get("state") == RUNNING


def unknown_job_id() -> str:
    """An id no appliance has given out (a UUID under a prefix of ours)."""
    return f"vcsa-conformance-unknown-{uuid.uuid4().hex}"
