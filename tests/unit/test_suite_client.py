"""The suite's client and backup controller against the mock: masking, counting, rate limit,
time bound, backup budget and cleanup."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest

from vcsa_conformance.mock.config import MockConfig
from vcsa_conformance.mock.server import RunningMock, serve_in_thread
from vcsa_conformance.redact import MASK, Redactor
from vcsa_conformance.suite.backups import BackupController
from vcsa_conformance.suite.client import Client
from vcsa_conformance.suite.recorder import Recorder
from vcsa_conformance.suite.scenarios import CANARY_PASSWORD, minimal_request

ADMIN, PASSWORD = "administrator@vsphere.local", "VMware1!"


@pytest.fixture(scope="module")
def mock() -> Iterator[RunningMock]:
    with serve_in_thread(MockConfig(job_seconds=30.0)) as running:
        yield running


def make_client(mock: RunningMock, **kwargs: object) -> Client:
    client = Client(mock.url, str(mock.ca_path), recorder=Recorder(), redactor=Redactor(), **kwargs)  # type: ignore[arg-type]
    client.login(ADMIN, PASSWORD)
    return client


def test_exchanges_are_recorded_masked_and_counted(mock: RunningMock) -> None:
    recorder = Recorder()
    client = Client(mock.url, str(mock.ca_path), recorder=recorder, redactor=Redactor())
    login = client.login(ADMIN, PASSWORD)
    assert login.status == 201 and client.token
    assert login.request.headers["authorization"] == MASK
    assert client.token not in (login.response.body or "")  # the token is masked in the body
    create = client.create_job(minimal_request(parts=["bogus-part"]))
    assert create.secrets and CANARY_PASSWORD in create.secrets
    assert CANARY_PASSWORD not in (create.request.body or "")
    assert create.request.headers["vmware-api-session-id"] == MASK
    assert create.operation == "POST /api/appliance/recovery/backup/job"
    assert recorder.requests == 2
    assert recorder.coverage["POST /api/session"]["201"] == 1
    client.close()


def test_rate_limit_spaces_requests(mock: RunningMock) -> None:
    client = make_client(mock, rate_limit=20.0)
    start = time.monotonic()
    for _ in range(5):
        client.list_parts()
    assert time.monotonic() - start >= 0.19
    client.close()


def test_time_bound_skips_further_requests(mock: RunningMock) -> None:
    client = make_client(mock, deadline=time.monotonic() + 60)
    client._deadline = time.monotonic() - 1
    with pytest.raises(pytest.skip.Exception, match="time limit"):
        client.list_parts()
    client.close()


def test_budget_cleanup_and_skip(mock: RunningMock) -> None:
    client = make_client(mock)
    backups = BackupController(client, max_backups=1, busy_wait=0.0, settle=5.0, poll=0.05)
    first = backups.create(minimal_request())
    assert first.status == 201 and backups.spent == 1
    busy = backups.create(minimal_request())  # ours still runs: allowed, answers busy
    assert busy.status == 400 and backups.spent == 1
    backups.finish()  # cancels and awaits the job
    assert not backups.running_jobs(refresh=True)
    with pytest.raises(pytest.skip.Exception, match="--max-backups 1"):
        backups.create(minimal_request())
    client.close()


def test_a_foreign_backup_is_waited_for_then_skipped(mock: RunningMock) -> None:
    other = make_client(mock)
    started = other.create_job(minimal_request())
    assert started.status == 201
    client = make_client(mock)
    backups = BackupController(client, max_backups=1, busy_wait=0.2, settle=5.0, poll=0.05)
    with pytest.raises(pytest.skip.Exception, match="not started by this run"):
        backups.create(minimal_request())
    assert backups.spent == 0
    other.cancel_job(started.json["id"])
    client.close()
    other.close()
