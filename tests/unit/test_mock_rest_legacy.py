"""The deprecated /rest routes (mock/protocols/rest_legacy.py) over HTTP, curl-style with httpx."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest

from vcsa_conformance.mock.model.appliance import Appliance
from vcsa_conformance.mock.model.config import MockConfig
from vcsa_conformance.mock.model.faults import Fault
from vcsa_conformance.mock.server import RunningMock, serve_in_thread

ADMIN = ("administrator@vsphere.local", "VMware1!")
READONLY = ("readonly@vsphere.local", "ReadOnly1!")
SESSION = "/rest/com/vmware/cis/session"
JOB = "/rest/appliance/recovery/backup/job"
PARTS = "/rest/appliance/recovery/backup/parts"
ERRORS = "com.vmware.vapi.std.errors."
PIECE = {
    "parts": ["common"],
    "backup_password": "Backup#2026",
    "location_type": "FTP",
    "location": "ftp://192.0.2.10/backups",
}


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture(scope="module")
def mock() -> Iterator[RunningMock]:
    """One plain-HTTP mock for the module; each test gets a fresh Appliance in it."""
    with serve_in_thread(MockConfig(), tls=False) as running:
        yield running


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def use(mock: RunningMock, clock: Clock) -> Iterator[Callable[[MockConfig], httpx.Client]]:
    """Install a fresh Appliance (test clock, given config) and answer a client for it."""
    assert mock.app is not None
    app = mock.app
    clients: list[httpx.Client] = []

    def install(config: MockConfig) -> httpx.Client:
        app.state.appliance = Appliance(config, clock=clock)
        clients.append(httpx.Client(base_url=mock.url, trust_env=False, timeout=10))
        return clients[-1]

    yield install
    for opened in clients:
        opened.close()
    assert app.state.errors == []


@pytest.fixture
def client(use: Callable[[MockConfig], httpx.Client]) -> httpx.Client:
    return use(MockConfig(job_seconds=10.0))


def login(client: httpx.Client, user: tuple[str, str] = ADMIN) -> dict[str, str]:
    """Log in; the session header for later calls."""
    response = client.post(SESSION, auth=user)
    assert response.status_code == 200
    token = response.json()["value"]
    assert isinstance(token, str)
    return {"vmware-api-session-id": token}


def value(response: httpx.Response) -> Any:
    assert response.status_code == 200, response.text
    body = response.json()
    assert set(body) == {"value"}
    return body["value"]


def legacy_error(response: httpx.Response, status: int, name: str) -> dict[str, Any]:
    """Assert the legacy error envelope and answer its value."""
    assert response.status_code == status, response.text
    body = response.json()
    assert body["type"] == ERRORS + name
    messages = body["value"]["messages"]
    assert messages
    assert all({"id", "default_message", "args"} <= set(message) for message in messages)
    result: dict[str, Any] = body["value"]
    return result


# --- sessions ----------------------------------------------------------------------------


def test_login_answers_200_with_the_token_as_value(client: httpx.Client) -> None:
    assert len(login(client)["vmware-api-session-id"]) >= 32


@pytest.mark.parametrize("auth", [(ADMIN[0], "wrong"), ("nobody", "x"), None])
def test_login_without_valid_credentials_is_401(
    client: httpx.Client, auth: tuple[str, str] | None
) -> None:
    legacy_error(client.post(SESSION, auth=auth), 401, "unauthenticated")


def test_malformed_basic_credentials_are_401(client: httpx.Client) -> None:
    for header in ("Basic !!!", "Basic " + "bm9jb2xvbg==", "Bearer x"):  # "nocolon"
        legacy_error(
            client.post(SESSION, headers={"authorization": header}), 401, "unauthenticated"
        )


def test_session_info_by_get_and_by_the_old_action_form(client: httpx.Client) -> None:
    headers = login(client)
    info = value(client.get(SESSION, headers=headers))
    assert info["user"] == ADMIN[0]
    assert set(info) == {"user", "created_time", "last_accessed_time"}
    assert value(client.post(SESSION, params={"~action": "get"}, headers=headers)) == info


def test_logout_answers_200_and_ends_the_session(client: httpx.Client) -> None:
    headers = login(client)
    response = client.delete(SESSION, headers=headers)
    assert response.status_code == 200
    assert response.content == b""
    legacy_error(client.get(SESSION, headers=headers), 401, "unauthenticated")
    legacy_error(client.delete(SESSION, headers=headers), 401, "unauthenticated")


# --- jobs --------------------------------------------------------------------------------


def test_create_takes_a_piece_and_answers_200_with_the_status(client: httpx.Client) -> None:
    status = value(client.post(JOB, json={"piece": PIECE}, headers=login(client)))
    assert status["state"] == "INPROGRESS"
    assert {"id", "state", "messages", "progress", "start_time"} <= set(status)


def test_create_errors_use_the_legacy_envelope_and_vapi_statuses(client: httpx.Client) -> None:
    headers = login(client)
    weak = {"piece": {**PIECE, "backup_password": "weak"}}
    response = client.post(JOB, json=weak, headers=headers)
    legacy_error(response, 400, "invalid_argument")
    assert "weak" not in response.text
    legacy_error(client.post(JOB, json=PIECE, headers=headers), 400, "invalid_argument")
    legacy_error(client.post(JOB, content=b"{", headers=headers), 400, "invalid_argument")
    legacy_error(client.post(JOB, json={"piece": PIECE}), 401, "unauthenticated")
    legacy_error(client.post(JOB, content=b"{"), 401, "unauthenticated")


def test_a_second_create_is_feature_in_use(client: httpx.Client) -> None:
    headers = login(client)
    value(client.post(JOB, json={"piece": PIECE}, headers=headers))
    legacy_error(client.post(JOB, json={"piece": PIECE}, headers=headers), 400, "feature_in_use")


def test_list_get_and_cancel(client: httpx.Client, clock: Clock) -> None:
    headers = login(client)
    job_id = value(client.post(JOB, json={"piece": PIECE}, headers=headers))["id"]
    clock.now += 1
    assert value(client.get(JOB, headers=headers)) == [job_id]
    assert value(client.get(f"{JOB}/{job_id}", headers=headers))["progress"] > 0
    result = value(client.post(f"{JOB}/{job_id}/cancel", headers=headers))
    assert result["status"] == "OK"
    ended = value(client.get(f"{JOB}/{job_id}", headers=headers))
    assert ended["state"] == "FAILED"
    assert "end_time" in ended


def test_unknown_job_is_404_not_found(client: httpx.Client) -> None:
    headers = login(client)
    legacy_error(client.get(f"{JOB}/nope", headers=headers), 404, "not_found")
    legacy_error(client.post(f"{JOB}/nope/cancel", headers=headers), 404, "not_found")


def test_read_only_user_may_not_create_or_cancel(client: httpx.Client) -> None:
    headers = login(client, READONLY)
    legacy_error(client.post(JOB, json={"piece": PIECE}, headers=headers), 403, "unauthorized")
    legacy_error(client.post(f"{JOB}/x/cancel", headers=headers), 403, "unauthorized")


def test_one_model_a_legacy_job_is_the_api_job(client: httpx.Client) -> None:
    headers = login(client)
    job_id = value(client.post(JOB, json={"piece": PIECE}, headers=headers))["id"]
    response = client.get(f"/api/appliance/recovery/backup/job/{job_id}", headers=headers)
    assert response.status_code == 200
    assert response.json()["id"] == job_id
    api_create = client.post("/api/appliance/recovery/backup/job", json=PIECE, headers=headers)
    assert api_create.status_code == 400
    assert api_create.json()["error_type"] == "FEATURE_IN_USE"


def test_a_fault_status_override_reaches_the_legacy_routes(
    use: Callable[[MockConfig], httpx.Client],
) -> None:
    client = use(MockConfig(faults=frozenset({Fault.FEATURE_IN_USE_409})))
    headers = login(client)
    value(client.post(JOB, json={"piece": PIECE}, headers=headers))
    legacy_error(client.post(JOB, json={"piece": PIECE}, headers=headers), 409, "feature_in_use")


# --- parts -------------------------------------------------------------------------------


def test_parts_and_part_size(client: httpx.Client) -> None:
    headers = login(client)
    parts = value(client.get(PARTS, headers=headers))
    assert parts[0]["id"] == "common"
    size = value(client.get(f"{PARTS}/seat", headers=headers))
    assert isinstance(size, int)
    legacy_error(client.get(f"{PARTS}/nope", headers=headers), 404, "not_found")
    legacy_error(client.get(PARTS), 401, "unauthenticated")


def test_wrong_method_is_405(client: httpx.Client) -> None:
    assert client.delete(JOB, headers=login(client)).status_code == 405
