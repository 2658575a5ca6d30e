"""vAPI JSON-RPC on POST /api (mock/protocols/jsonrpc.py), in-process over httpx, without the SDK.

The wire shapes are the ones VMware's Python SDK sends and accepts
(shared/reference/vmware-python-sdk-wire.md); tests/compat runs the real SDK.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vcsa_conformance.mock.model.appliance import Appliance
from vcsa_conformance.mock.model.config import MockConfig
from vcsa_conformance.mock.model.faults import Fault
from vcsa_conformance.mock.protocols.jsonrpc import handle
from vcsa_conformance.mock.server import RunningMock, serve_in_thread

ADMIN = ("administrator@vsphere.local", "VMware1!")
READONLY = ("readonly@vsphere.local", "ReadOnly1!")
SESSION = "com.vmware.cis.session"
BACKUP = "com.vmware.appliance.recovery.backup"
JOB = "com.vmware.appliance.recovery.backup.job"
PARTS = "com.vmware.appliance.recovery.backup.parts"
STATUS = f"{JOB}.backup_job_status"
REQUEST = f"{JOB}.backup_request"
BACKUP_PASSWORD = "Backup#2026"


class Clock:
    """A clock the test moves by hand, so job progress needs no sleeping."""

    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture(scope="module")
def mock() -> Iterator[RunningMock]:
    """One plain-HTTP mock for the module; each test gets a fresh Appliance in it."""
    with serve_in_thread(MockConfig(), tls=False) as running:
        yield running


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


def envelope(
    service: str,
    operation: str,
    fields: dict[str, Any] | None = None,
    *,
    session: str | None = None,
    user_pass: tuple[str, str] | None = None,
    request_id: object = "0",
) -> dict[str, Any]:
    """A JSON-RPC invoke request as the SDK writes it."""
    ctx: dict[str, Any] = {"appCtx": {"opId": "test"}}
    if session is not None:
        ctx["securityCtx"] = {
            "schemeId": "com.vmware.vapi.std.security.session_id",
            "sessionId": session,
        }
    if user_pass is not None:
        ctx["securityCtx"] = {
            "schemeId": "com.vmware.vapi.std.security.user_pass",
            "userName": user_pass[0],
            "password": user_pass[1],
        }
    return {
        "jsonrpc": "2.0",
        "method": "invoke",
        "id": request_id,
        "params": {
            "serviceId": service,
            "operationId": operation,
            "input": {"STRUCTURE": {"operation-input": fields or {}}},
            "ctx": ctx,
        },
    }


def call(client: httpx.Client, body: object, headers: dict[str, str] | None = None) -> Any:
    response = client.post("/api", json=body, headers=headers)
    assert response.status_code == 200, response.text
    return response.json()


def output(answer: dict[str, Any]) -> Any:
    assert answer["jsonrpc"] == "2.0"
    assert "error" not in answer["result"], answer
    return answer["result"]["output"]


def vapi_error(answer: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    ((name, fields),) = answer["result"]["error"]["ERROR"].items()
    return name, fields


def login(client: httpx.Client, user: tuple[str, str] = ADMIN) -> str:
    token = output(call(client, envelope(SESSION, "create", user_pass=user)))["SECRET"]
    assert isinstance(token, str)
    return token


def piece(password: str = BACKUP_PASSWORD, **extra: Any) -> dict[str, Any]:
    fields = {
        "parts": ["common"],
        "backup_password": {"OPTIONAL": {"SECRET": password}},
        "location_type": "FTP",
        "location": "ftp://192.0.2.10/backups",
        "location_user": {"OPTIONAL": "backup"},
        "location_password": {"OPTIONAL": {"SECRET": "LocPassw0rd!"}},
        "comment": {"OPTIONAL": None},
        "fast_backup": {"OPTIONAL": None},
        **extra,
    }
    return {"STRUCTURE": {REQUEST: fields}}


def create(client: httpx.Client, token: str, **extra: Any) -> dict[str, Any]:
    answer: dict[str, Any] = call(
        client, envelope(JOB, "create", {"piece": piece(**extra)}, session=token)
    )
    return answer


# --- sessions ----------------------------------------------------------------------------


def test_login_answers_the_token_as_a_secret(client: httpx.Client) -> None:
    answer = call(client, envelope(SESSION, "create", user_pass=ADMIN, request_id="7"))
    assert answer["id"] == "7"
    assert len(output(answer)["SECRET"]) >= 32


def test_login_with_a_wrong_password_is_unauthenticated_in_a_200(client: httpx.Client) -> None:
    response = client.post("/api", json=envelope(SESSION, "create", user_pass=(ADMIN[0], "no")))
    assert response.status_code == 200
    assert response.headers["vapi-error"] == "com.vmware.vapi.std.errors.unauthenticated"
    name, fields = vapi_error(response.json())
    assert name == "com.vmware.vapi.std.errors.unauthenticated"
    assert fields["error_type"] == {"OPTIONAL": "UNAUTHENTICATED"}
    assert fields["data"] == {"OPTIONAL": None}
    (message,) = fields["messages"]
    assert set(message["STRUCTURE"]["com.vmware.vapi.std.localizable_message"]) >= {
        "id",
        "default_message",
        "args",
    }


def test_login_without_a_user_pass_context_is_unauthenticated(client: httpx.Client) -> None:
    name, _ = vapi_error(call(client, envelope(SESSION, "create")))
    assert name == "com.vmware.vapi.std.errors.unauthenticated"


def test_session_get_answers_the_info_structure(client: httpx.Client) -> None:
    token = login(client)
    info = output(call(client, envelope(SESSION, "get", session=token)))
    fields = info["STRUCTURE"]["com.vmware.cis.session.info"]
    assert fields["user"] == ADMIN[0]
    assert fields["created_time"].endswith("Z")


def test_logout_answers_null_and_a_stale_logout_is_a_quiet_unauthenticated(
    client: httpx.Client,
) -> None:
    token = login(client)
    assert output(call(client, envelope(SESSION, "delete", session=token))) is None
    name, _ = vapi_error(call(client, envelope(SESSION, "delete", session=token)))
    assert name == "com.vmware.vapi.std.errors.unauthenticated"
    name, _ = vapi_error(call(client, envelope(JOB, "list", session=token)))
    assert name == "com.vmware.vapi.std.errors.unauthenticated"


def test_the_session_header_is_honoured_like_the_runtime_does(client: httpx.Client) -> None:
    token = login(client)
    answer = call(client, envelope(JOB, "list"), headers={"vmware-api-session-id": token})
    assert output(answer) == []


# --- jobs --------------------------------------------------------------------------------


def test_create_answers_a_backup_job_status_with_end_time_optional(client: httpx.Client) -> None:
    status = output(create(client, login(client)))["STRUCTURE"][STATUS]
    assert status["state"] == "INPROGRESS"
    assert status["end_time"] == {"OPTIONAL": None}
    assert status["messages"] == []
    assert set(status) == {"id", "state", "messages", "progress", "start_time", "end_time"}


def test_create_with_a_weak_password_is_invalid_argument_without_the_secret(
    client: httpx.Client,
) -> None:
    answer = create(client, login(client), password="weak")
    name, fields = vapi_error(answer)
    assert name == "com.vmware.vapi.std.errors.invalid_argument"
    assert "backup_password" in json.dumps(fields)
    assert "weak" not in json.dumps(answer)


def test_create_with_an_unknown_location_type_reaches_the_model(client: httpx.Client) -> None:
    name, _ = vapi_error(create(client, login(client), location_type="GOPHER"))
    assert name == "com.vmware.vapi.std.errors.invalid_argument"


def test_create_without_piece_is_invalid_argument(client: httpx.Client) -> None:
    name, fields = vapi_error(call(client, envelope(JOB, "create", {}, session=login(client))))
    assert name == "com.vmware.vapi.std.errors.invalid_argument"
    assert "piece" in json.dumps(fields)


def test_a_second_create_is_feature_in_use(client: httpx.Client) -> None:
    token = login(client)
    output(create(client, token))
    name, _ = vapi_error(create(client, token))
    assert name == "com.vmware.vapi.std.errors.feature_in_use"


def test_one_model_a_rest_job_blocks_a_jsonrpc_create_and_shows_in_its_list(
    client: httpx.Client,
) -> None:
    token = login(client)
    body = {
        "parts": ["common"],
        "backup_password": BACKUP_PASSWORD,
        "location_type": "FTP",
        "location": "ftp://192.0.2.10/backups",
    }
    rest = client.post(
        "/api/appliance/recovery/backup/job", json=body, headers={"vmware-api-session-id": token}
    )
    assert rest.status_code == 201
    name, _ = vapi_error(create(client, token))
    assert name == "com.vmware.vapi.std.errors.feature_in_use"
    assert output(call(client, envelope(JOB, "list", session=token))) == [rest.json()["id"]]


def test_get_list_cancel_and_the_finished_job_has_end_time(
    client: httpx.Client, clock: Clock
) -> None:
    token = login(client)
    job_id = output(create(client, token))["STRUCTURE"][STATUS]["id"]
    clock.now += 1
    got = output(call(client, envelope(JOB, "get", {"id": job_id}, session=token)))
    assert got["STRUCTURE"][STATUS]["progress"] > 0
    assert output(call(client, envelope(JOB, "list", session=token))) == [job_id]
    result = output(call(client, envelope(JOB, "cancel", {"id": job_id}, session=token)))
    assert result["STRUCTURE"][f"{JOB}.return_result"]["status"] == "OK"
    ended = output(call(client, envelope(JOB, "get", {"id": job_id}, session=token)))
    fields = ended["STRUCTURE"][STATUS]
    assert fields["state"] == "FAILED"
    assert isinstance(fields["end_time"]["OPTIONAL"], str)


def test_get_of_an_unknown_job_is_not_found(client: httpx.Client) -> None:
    answer = call(client, envelope(JOB, "get", {"id": "nope"}, session=login(client)))
    assert vapi_error(answer)[0] == "com.vmware.vapi.std.errors.not_found"


def test_get_without_an_id_is_invalid_argument_after_authentication(client: httpx.Client) -> None:
    name, _ = vapi_error(call(client, envelope(JOB, "get", {})))
    assert name == "com.vmware.vapi.std.errors.unauthenticated"
    name, _ = vapi_error(call(client, envelope(JOB, "get", {"id": 5}, session=login(client))))
    assert name == "com.vmware.vapi.std.errors.invalid_argument"


def test_read_only_user_may_not_create_or_cancel(client: httpx.Client) -> None:
    token = login(client, READONLY)
    assert vapi_error(create(client, token))[0] == "com.vmware.vapi.std.errors.unauthorized"
    answer = call(client, envelope(JOB, "cancel", {"id": "x"}, session=token))
    assert vapi_error(answer)[0] == "com.vmware.vapi.std.errors.unauthorized"


def test_faults_of_the_model_apply_to_jsonrpc_too(
    use: Callable[[MockConfig], httpx.Client],
) -> None:
    client = use(MockConfig(faults=frozenset({Fault.SECOND_BACKUP_ACCEPTED})))
    token = login(client)
    output(create(client, token))
    output(create(client, token))


# --- validate ----------------------------------------------------------------------------


def test_validate_answers_the_backup_services_return_result(client: httpx.Client) -> None:
    token = login(client)
    answer = output(call(client, envelope(BACKUP, "validate", {"piece": piece()}, session=token)))
    assert answer == {"STRUCTURE": {f"{BACKUP}.return_result": {"status": "OK", "messages": []}}}
    unreachable = piece(location="ftp://unreachable.example/x")
    answer = output(
        call(client, envelope(BACKUP, "validate", {"piece": unreachable}, session=token))
    )
    result = answer["STRUCTURE"][f"{BACKUP}.return_result"]
    assert result["status"] == "FAIL"
    assert set(result["messages"][0]["STRUCTURE"]) == {f"{BACKUP}.localizable_message"}
    assert output(call(client, envelope(JOB, "list", session=token))) == []  # no job started


def test_validate_refuses_what_create_refuses(client: httpx.Client) -> None:
    token = login(client)
    weak = call(client, envelope(BACKUP, "validate", {"piece": piece("weak")}, session=token))
    name, fields = vapi_error(weak)
    assert name == "com.vmware.vapi.std.errors.invalid_argument"
    assert "weak" not in json.dumps(fields)
    missing = call(client, envelope(BACKUP, "validate", session=token))
    assert vapi_error(missing)[0] == "com.vmware.vapi.std.errors.invalid_argument"
    create(client, token)
    busy = call(client, envelope(BACKUP, "validate", {"piece": piece()}, session=token))
    assert vapi_error(busy)[0] == "com.vmware.vapi.std.errors.feature_in_use"
    readonly = login(client, READONLY)
    refused = call(client, envelope(BACKUP, "validate", {"piece": piece()}, session=readonly))
    assert vapi_error(refused)[0] == "com.vmware.vapi.std.errors.unauthorized"


# --- parts -------------------------------------------------------------------------------


def test_parts_list_and_part_size(client: httpx.Client) -> None:
    token = login(client)
    parts = output(call(client, envelope(PARTS, "list", session=token)))
    first = parts[0]["STRUCTURE"][f"{PARTS}.part"]
    assert first["id"] == "common"
    assert first["standalone"] == {"OPTIONAL": None}
    assert f"{PARTS}.localizable_message" in first["name"]["STRUCTURE"]
    size = output(call(client, envelope(PARTS, "get", {"id": "common"}, session=token)))
    assert isinstance(size, int)
    assert size > 0
    answer = call(client, envelope(PARTS, "get", {"id": "nope"}, session=token))
    assert vapi_error(answer)[0] == "com.vmware.vapi.std.errors.not_found"


# --- vAPI-level errors and JSON-RPC protocol errors ----------------------------------------


@pytest.mark.parametrize(("service", "operation"), [("com.example.nope", "get"), (JOB, "frob")])
def test_unknown_service_or_operation_is_operation_not_found(
    client: httpx.Client, service: str, operation: str
) -> None:
    name, _ = vapi_error(call(client, envelope(service, operation)))
    assert name == "com.vmware.vapi.std.errors.operation_not_found"


def test_input_that_is_no_operation_input_structure_is_invalid_argument(
    client: httpx.Client,
) -> None:
    body = envelope(JOB, "list", session=login(client))
    body["params"]["input"] = "list"
    assert vapi_error(call(client, body))[0] == "com.vmware.vapi.std.errors.invalid_argument"


def _protocol_error(answer: dict[str, Any]) -> tuple[int, object]:
    assert answer["jsonrpc"] == "2.0"
    assert "result" not in answer
    assert isinstance(answer["error"]["message"], str)
    return answer["error"]["code"], answer["id"]


def test_a_body_that_is_not_json_is_a_parse_error(client: httpx.Client) -> None:
    response = client.post("/api", content=b"{not json", headers={"content-type": "text/plain"})
    assert response.status_code == 200
    assert _protocol_error(response.json()) == (-32700, None)
    response = client.post("/api", content=b"\xff\xfe")
    assert _protocol_error(response.json()) == (-32700, None)


@pytest.mark.parametrize(
    "mutate",
    [
        lambda body: [body],
        lambda body: {**body, "jsonrpc": "1.0"},
        lambda body: {key: value for key, value in body.items() if key != "method"},
        lambda body: {key: value for key, value in body.items() if key != "id"},
        lambda body: {key: value for key, value in body.items() if key != "params"},
        lambda body: {**body, "params": [1]},
        lambda body: {**body, "id": {"a": 1}},
        lambda body: {**body, "id": True},
    ],
)
def test_an_unreadable_envelope_is_an_invalid_request_with_a_null_id(
    client: httpx.Client, mutate: Any
) -> None:
    answer = call(client, mutate(envelope(JOB, "list")))
    assert _protocol_error(answer) == (-32600, None)


def test_a_method_other_than_invoke_is_method_not_found(client: httpx.Client) -> None:
    answer = call(client, {**envelope(JOB, "list", request_id=3), "method": "list"})
    assert _protocol_error(answer) == (-32601, 3)


@pytest.mark.parametrize(
    "params",
    [
        {"operationId": "list", "input": {"STRUCTURE": {"operation-input": {}}}, "ctx": {}},
        {"serviceId": JOB, "operationId": 1, "input": None, "ctx": {}},
        {"serviceId": JOB, "operationId": "list", "input": {"STRUCTURE": {"operation-input": {}}}},
        {"serviceId": JOB, "operationId": "list", "ctx": {}},
        {"serviceId": JOB, "operationId": "list", "input": {"NOPE": {}}, "ctx": {}},
        {"serviceId": JOB, "operationId": "list", "input": {"SECRET": 1}, "ctx": {}},
        {
            "serviceId": JOB,
            "operationId": "list",
            "input": {"STRUCTURE": {"operation-input": {}}},
            "ctx": {"securityCtx": "token"},
        },
    ],
)
def test_unreadable_params_are_invalid_params(client: httpx.Client, params: Any) -> None:
    answer = call(client, {"jsonrpc": "2.0", "method": "invoke", "id": "9", "params": params})
    assert _protocol_error(answer) == (-32602, "9")


def test_headers_that_contradict_the_body_are_refused(client: httpx.Client) -> None:
    headers = {"vapi-service": JOB, "vapi-operation": "get"}
    answer = call(client, envelope(JOB, "list", request_id="4"), headers=headers)
    assert _protocol_error(answer) == (-31001, "4")
    headers = {"vapi-service": JOB, "vapi-operation": "list"}
    answer = call(client, envelope(JOB, "list", session=login(client)), headers=headers)
    assert output(answer) == []


def test_get_on_the_jsonrpc_path_is_not_allowed(client: httpx.Client) -> None:
    assert client.get("/api").status_code == 405


def test_the_id_is_echoed_with_its_type(client: httpx.Client) -> None:
    assert call(client, envelope(JOB, "list", request_id=12))["id"] == 12


_KEYS = (
    *("jsonrpc", "method", "id", "params", "serviceId", "operationId", "input", "ctx"),
    *("STRUCTURE", "OPTIONAL", "SECRET", "securityCtx", "operation-input", "x"),
)
_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.sampled_from(_KEYS), inner, max_size=5)
    ),
    max_leaves=25,
)


@settings(max_examples=200, deadline=None)
@given(_json)
def test_any_json_body_gets_a_jsonrpc_answer(document: Any) -> None:
    appliance = Appliance(MockConfig())
    answer, _ = handle(appliance, json.dumps(document).encode(), {})
    assert answer["jsonrpc"] == "2.0"
    assert ("result" in answer) != ("error" in answer)


_OPERATIONS = st.sampled_from(
    [(SESSION, "get"), (SESSION, "delete"), (PARTS, "list"), (PARTS, "get"), (BACKUP, "validate")]
    + [(JOB, operation) for operation in ("create", "get", "list", "cancel")]
)
_FIELDS = st.dictionaries(st.sampled_from(["piece", "id", "x"]), _json | st.just(piece()))


@settings(max_examples=200, deadline=None)
@given(_OPERATIONS, _FIELDS)
def test_any_input_of_an_authenticated_call_gets_a_result(
    operation: tuple[str, str], fields: dict[str, Any]
) -> None:
    appliance = Appliance(MockConfig())
    token = appliance.login(*ADMIN)
    body = envelope(*operation, fields, session=token)
    answer, _ = handle(appliance, json.dumps(body).encode(), {})
    assert ("result" in answer) != ("error" in answer)
    if "error" in answer:  # only a malformed tagged value may fail the envelope
        assert answer["error"]["code"] == -32602
