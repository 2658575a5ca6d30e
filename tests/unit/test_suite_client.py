"""The suite's client against the mock: masking, counting, rate limit, time bound (the backup
budget is test_suite_backups.py's)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from unittest import SkipTest

import pytest

from vcsa_conformance.mock.model.config import MockConfig
from vcsa_conformance.mock.server import RunningMock, serve_in_thread
from vcsa_conformance.redact import MASK, Redactor
from vcsa_conformance.suite.generate.requests import CANARY_PASSWORD, minimal_request
from vcsa_conformance.suite.http.client import Client, Liveness, NoAnswer
from vcsa_conformance.suite.judge.recorder import Recorder

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
    with pytest.raises(SkipTest, match="time limit"):
        client.list_parts()
    client.close()


def test_the_appliance_version_is_read_and_a_refusal_is_unknown(mock: RunningMock) -> None:
    from vcsa_conformance.suite.http.version import appliance_version

    client = make_client(mock)
    version = appliance_version(client)
    assert (version.version, version.build) == ("8.0.2.00000", "24305161")
    assert version.known and "mock" in version.product
    anonymous = Client(mock.url, str(mock.ca_path), recorder=Recorder(), redactor=Redactor())
    assert not appliance_version(anonymous).known  # 401: not a failure, just unknown
    elsewhere = Client(
        mock.url + "/not-vcenter", str(mock.ca_path), recorder=Recorder(), redactor=Redactor()
    )
    elsewhere.token = client.token
    assert appliance_version(elsewhere) == appliance_version(anonymous)  # 404
    for each in (client, anonymous, elsewhere):
        each.close()


def test_every_exchange_is_kept_masked_only_when_asked(mock: RunningMock) -> None:
    kept, counted = Recorder(keep_exchanges=True), Recorder()
    for recorder in (kept, counted):
        client = Client(mock.url, str(mock.ca_path), recorder=recorder, redactor=Redactor())
        client.login(ADMIN, PASSWORD)
        client.create_job(minimal_request(parts=["bogus-part"]))
        client.close()
    assert counted.exchanges == [] and counted.requests == 2
    login, create = kept.exchanges
    assert login.request.headers["authorization"] == MASK
    assert create.request.method == "POST" and create.response.status == 400
    assert CANARY_PASSWORD not in (create.request.body or "")
    assert login.started.endswith("Z") and len(login.started) == len("2026-11-30T09:00:00.000Z")
    assert login.started <= create.started and create.duration_ms > 0
    assert create.http_version == "HTTP/1.1"


def test_an_appliance_that_stops_answering_ends_within_three_timeouts() -> None:
    """Issue 16: no answer is a skip (never a false MUST failure); three in a row and the
    run's clients stop sending, with one line saying since which request."""
    with serve_in_thread(MockConfig(hang_after=2)) as hanging:  # answers the login, 1 more
        client = make_client(hanging, timeout=0.3)
        assert client.list_jobs().status == 200
        started = time.monotonic()
        for _ in range(3):
            with pytest.raises(NoAnswer, match="no answer"):
                client.list_parts()
        stopped = client.liveness.stopped
        assert stopped is not None and "3 requests in a row" in stopped
        assert "since GET /api/appliance/recovery/backup/parts" in stopped
        with pytest.raises(NoAnswer, match="stopped answering"):
            client.list_jobs()  # not sent: at once
        assert time.monotonic() - started < 3


def test_an_answer_resets_the_count_of_requests_without_one() -> None:
    liveness = Liveness(limit=2)
    liveness.unanswered("GET /x", TimeoutError("slow"))
    liveness.answered()
    liveness.unanswered("GET /y", TimeoutError("slow"))
    assert liveness.stopped is None
    liveness.unanswered("GET /z", TimeoutError("slow"))
    assert liveness.stopped is not None and "since GET /y" in liveness.stopped
