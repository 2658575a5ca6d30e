"""The mock over real HTTP(S): TLS with the generated CA, concurrency, clean start and stop."""

from __future__ import annotations

import asyncio
import socket
import ssl
from typing import Any

import httpx
import pytest

from vcsa_conformance.mock.model.config import MockConfig
from vcsa_conformance.mock.model.faults import Fault
from vcsa_conformance.mock.server import RunningMock, bind, serve_in_thread

ADMIN = ("administrator@vsphere.local", "VMware1!")
JOB = "/api/appliance/recovery/backup/job"
VALID: dict[str, Any] = {"parts": ["seat"], "location_type": "SMB", "location": "smb://fs/share"}


def _client(mock: RunningMock) -> httpx.Client:
    verify: bool | ssl.SSLContext = False
    if mock.ca_path is not None:
        verify = ssl.create_default_context(cafile=str(mock.ca_path))
    return httpx.Client(base_url=mock.url, verify=verify, timeout=10)


def test_https_verifies_with_the_generated_ca() -> None:
    with serve_in_thread(MockConfig()) as mock:
        assert mock.url.startswith("https://127.0.0.1:")
        assert mock.ca_path is not None and mock.ca_path.read_text().startswith("-----BEGIN")
        with _client(mock) as client:
            assert client.post("/api/session", auth=ADMIN).status_code == 201
        with pytest.raises(httpx.ConnectError), httpx.Client(verify=True) as untrusting:
            untrusting.get(mock.url + "/api/session")
        assert mock.app is not None and mock.app.state.errors == []


def test_plain_http_and_a_clean_stop_that_frees_the_port() -> None:
    with serve_in_thread(MockConfig(), tls=False) as mock:
        assert mock.url.startswith("http://") and mock.ca_path is None
        with _client(mock) as client:
            assert client.get("/api/nope").status_code == 404
        port = int(mock.url.rsplit(":", 1)[1])
    with socket.create_server(("127.0.0.1", port)):
        pass  # the port is free again


def test_the_listening_socket_is_tcp_so_answers_are_not_delayed_by_nagle() -> None:
    sock = bind("127.0.0.1", 0)
    with sock:
        assert sock.proto == socket.IPPROTO_TCP  # asyncio sets TCP_NODELAY only then


def test_binding_a_port_in_use_fails_at_once() -> None:
    with socket.create_server(("127.0.0.1", 0)) as taken, pytest.raises(OSError):
        bind("127.0.0.1", taken.getsockname()[1])


async def _burst(mock: RunningMock, count: int) -> list[int]:
    context = ssl.create_default_context(cafile=str(mock.ca_path))
    limits = httpx.Limits(max_connections=count)
    async with httpx.AsyncClient(
        base_url=mock.url, verify=context, limits=limits, timeout=30
    ) as client:
        token = (await client.post("/api/session", auth=ADMIN)).json()
        headers = {"vmware-api-session-id": token}
        # open every connection first so the creates arrive together
        await asyncio.gather(*(client.get(JOB, headers=headers) for _ in range(count)))
        answers = await asyncio.gather(
            *(client.post(JOB, json=VALID, headers=headers) for _ in range(count))
        )
        refused = [answer.json()["error_type"] for answer in answers if answer.status_code != 201]
        assert set(refused) <= {"FEATURE_IN_USE"}
        return [answer.status_code for answer in answers]


def test_concurrent_creates_on_an_idle_mock_give_exactly_one_201() -> None:
    with serve_in_thread(MockConfig(job_seconds=30)) as mock:
        statuses = asyncio.run(_burst(mock, 20))
        assert statuses.count(201) == 1
        assert statuses.count(400) == 19
        assert mock.app is not None and mock.app.state.errors == []


def test_the_race_fault_lets_concurrent_creates_through_over_https() -> None:
    config = MockConfig(job_seconds=30, faults=frozenset({Fault.CONCURRENT_CREATE_RACE}))
    with serve_in_thread(config) as mock:
        statuses = asyncio.run(_burst(mock, 10))
        assert statuses.count(201) > 1
        with _client(mock) as client:
            token = client.post("/api/session", auth=ADMIN).json()
            second = client.post(JOB, json=VALID, headers={"vmware-api-session-id": token})
            assert second.status_code == 400
