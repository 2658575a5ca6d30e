"""Steps several conformance tests share: known-valid requests, the run's running backup.

Two kinds of valid request:

- ``minimal_request``: the required fields and a backup password, to a TEST-NET address
  (192.0.2.10, never routed). Used where a backup must not start: invalid neighbours of it,
  creates sent while a backup runs.
- ``BackupLocation.request``: the creates meant to start a backup. On a live appliance they
  go where the user says (``--backup-location``), each to a new sub-folder (VMware wants an
  empty folder), so that the job can succeed; without it, to the TEST-NET address (where a
  real appliance's job will fail, leaving BKP-JOB-009 unchecked). They carry canary
  secrets so that a job status echoing them is caught (BKP-SEC-001).
"""

from __future__ import annotations

import itertools
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import pytest

from vcsa_conformance.contract.api import FAILED, LOCATION_TYPES_BY_SCHEME, SUCCEEDED
from vcsa_conformance.suite import expectations
from vcsa_conformance.suite.backups import RUNNING, BackupController
from vcsa_conformance.suite.exchange import Exchange
from vcsa_conformance.suite.options import SuiteOptions
from vcsa_conformance.suite.recorder import Recorder

CANARY_PASSWORD = "Conform4nce!"  # meets every rule of contract/password.py
# Canary location credentials (never real ones), long and mixed enough to be searched for.
CANARY_LOCATION = {"location_user": "canary", "location_password": "Canary-Location-Pw-1!"}
TEST_NET_LOCATION = "sftp://192.0.2.10/backups/vcsa-conformance"


def minimal_request(**overrides: Any) -> dict[str, Any]:
    """A valid create request with only the required fields and a backup password."""
    request: dict[str, Any] = {
        "parts": [],
        "location_type": "SFTP",
        "location": TEST_NET_LOCATION,
        "backup_password": CANARY_PASSWORD,
    }
    request.update(overrides)
    return request


@dataclass
class BackupLocation:
    """Where the backups a run means to start go: the user's location or TEST-NET."""

    url: str | None = None
    user: str | None = None
    password: str | None = field(default=None, repr=False)
    run_id: str = field(default_factory=lambda: datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ"))
    _numbers: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    @classmethod
    def of(cls, options: SuiteOptions) -> BackupLocation:
        """The location the options name (``--backup-location`` and its credentials)."""
        return cls(
            options.backup_location,
            options.backup_location_user,
            options.backup_location_password,
        )

    def request(self) -> dict[str, Any]:
        """A valid create request for a backup that is meant to start (and succeed)."""
        if self.url is None:
            return minimal_request(**CANARY_LOCATION)
        scheme = self.url.split("://", 1)[0].lower()
        folder = f"{self.url.rstrip('/')}/vcsa-conformance-{self.run_id}-{next(self._numbers)}"
        request = minimal_request(location_type=LOCATION_TYPES_BY_SCHEME[scheme], location=folder)
        if self.user is not None:
            request["location_user"] = self.user
        if self.password is not None:
            request["location_password"] = self.password
        return request


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
