"""The mock's /api REST form, in-process (mock/protocols/rest.py, mock/app.py, the model)."""

from __future__ import annotations

import json
import re
import warnings
from collections.abc import Iterator
from typing import Any
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vcsa_conformance.contract.vapi import ERROR_TYPES, status_for
from vcsa_conformance.mock.app import create_app
from vcsa_conformance.mock.model.config import MockConfig

with warnings.catch_warnings():  # starlette 1.x prefers httpx2; httpx is what we depend on
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

ADMIN = ("administrator@vsphere.local", "VMware1!")
READONLY = ("readonly@vsphere.local", "ReadOnly1!")
JOB = "/api/appliance/recovery/backup/job"
PARTS = "/api/appliance/recovery/backup/parts"
CAPTURED_401 = {
    "error_type": "UNAUTHENTICATED",
    "messages": [
        {
            "args": [],
            "default_message": "Authentication required.",
            "id": "com.vmware.vapi.endpoint.method.authentication.required",
        }
    ],
}
VALID = {
    "parts": ["seat"],
    "location_type": "SFTP",
    "location": "sftp://10.0.0.5/backups/vc01",
    "backup_password": "Backup#2026",
    "location_password": "LocPassw0rd!",
}
RFC3339 = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z")


class Clock:
    """A settable clock so that job progress and session expiry are deterministic."""

    def __init__(self) -> None:
        self.now = 1_795_780_800.0

    def __call__(self) -> float:
        return self.now


class Mock:
    """A TestClient on a fresh mock, logged in as the administrator."""

    def __init__(self, config: MockConfig | None = None) -> None:
        self.clock = Clock()
        self.log: list[str] = []
        self.app = create_app(
            config or MockConfig(job_seconds=10), clock=self.clock, access_log=self.log.append
        )
        self.http = TestClient(self.app, raise_server_exceptions=False)
        self.token = self.login(ADMIN)

    def login(self, credentials: tuple[str, str]) -> str:
        answer = self.http.post("/api/session", auth=credentials)
        assert answer.status_code == 201, answer.text
        token: str = answer.json()
        return token

    def headers(self, token: str | None = None) -> dict[str, str]:
        return {"vmware-api-session-id": token or self.token}

    def get(self, path: str, token: str | None = None) -> Any:
        return self.http.get(path, headers=self.headers(token))

    def create(self, body: object = VALID, token: str | None = None) -> Any:
        return self.http.post(JOB, json=body, headers=self.headers(token))

    def cancel(self, job_id: str, token: str | None = None) -> Any:
        return self.http.post(f"{JOB}/{job_id}?action=cancel", headers=self.headers(token))


@pytest.fixture
def mock() -> Iterator[Mock]:
    instance = Mock()
    yield instance
    assert instance.app.state.errors == []


def _vapi_error(answer: Any, error_type: str, status: int | None = None) -> dict[str, Any]:
    assert answer.status_code == (status or status_for(error_type)), answer.text
    assert answer.headers["content-type"].startswith("application/json")
    body: dict[str, Any] = answer.json()
    assert body["error_type"] == error_type
    assert body["messages"] and all(
        set(message) >= {"id", "default_message", "args"} for message in body["messages"]
    )
    return body


# sessions -------------------------------------------------------------------------------


def test_login_answers_201_with_a_32_hex_token_string(mock: Mock) -> None:
    assert re.fullmatch(r"[0-9a-f]{32}", mock.token)


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"authorization": "Basic !!!"},
        {"authorization": "Bearer abc"},
        {"authorization": "Basic dXNlcg=="},  # "user" without a colon
    ],
)
def test_login_without_readable_basic_credentials_is_401(
    mock: Mock, headers: dict[str, str]
) -> None:
    _vapi_error(mock.http.post("/api/session", headers=headers), "UNAUTHENTICATED")


@pytest.mark.parametrize(
    "credentials", [("administrator@vsphere.local", "wrong"), ("nobody", "VMware1!")]
)
def test_login_with_wrong_credentials_is_401(mock: Mock, credentials: tuple[str, str]) -> None:
    answer = mock.http.post("/api/session", auth=credentials)
    assert credentials[1] not in answer.text
    _vapi_error(answer, "UNAUTHENTICATED")


def test_session_info_and_logout(mock: Mock) -> None:
    info = mock.get("/api/session").json()
    assert info["user"] == ADMIN[0]
    assert RFC3339.fullmatch(info["created_time"]) and RFC3339.fullmatch(info["last_accessed_time"])
    assert mock.http.delete("/api/session", headers=mock.headers()).status_code == 204
    assert mock.get("/api/session").json() == CAPTURED_401
    assert mock.get(JOB).json() == CAPTURED_401


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", JOB),
        ("POST", JOB),
        ("GET", f"{JOB}/x"),
        ("POST", f"{JOB}/x?action=cancel"),
        ("GET", PARTS),
        ("GET", f"{PARTS}/common"),
        ("GET", "/api/session"),
        ("DELETE", "/api/session"),
    ],
)
@pytest.mark.parametrize("token", [None, "", "0" * 32, "not a token"])
def test_missing_or_unknown_tokens_get_the_captured_401(
    mock: Mock, method: str, path: str, token: str | None
) -> None:
    headers = {} if token is None else {"vmware-api-session-id": token}
    answer = mock.http.request(
        method, path, headers=headers, json=VALID if method == "POST" else None
    )
    assert answer.status_code == 401
    assert answer.json() == CAPTURED_401


def test_sessions_expire_after_the_idle_time() -> None:
    mock = Mock(MockConfig(session_idle_seconds=60))
    mock.clock.now += 59
    assert mock.get(JOB).status_code == 200
    mock.clock.now += 61
    assert mock.get(JOB).json() == CAPTURED_401


def test_sessions_are_capped() -> None:
    mock = Mock(MockConfig(max_sessions=2))
    first = mock.token
    mock.login(ADMIN)
    mock.login(ADMIN)
    assert mock.get(JOB, first).status_code == 401


def test_a_read_only_user_reads_but_may_not_create_or_cancel(mock: Mock) -> None:
    job_id = mock.create().json()["id"]
    reader = mock.login(READONLY)
    assert mock.get(JOB, reader).status_code == 200
    assert mock.get(f"{JOB}/{job_id}", reader).status_code == 200
    assert mock.get(PARTS, reader).status_code == 200
    _vapi_error(mock.create(token=reader), "UNAUTHORIZED")
    _vapi_error(mock.cancel(job_id, reader), "UNAUTHORIZED")
    assert mock.get(f"{JOB}/{job_id}").json()["state"] == "INPROGRESS"


# jobs -----------------------------------------------------------------------------------


def test_create_answers_201_with_a_running_job_status(mock: Mock) -> None:
    answer = mock.create()
    assert answer.status_code == 201
    status = answer.json()
    assert set(status) == {"id", "state", "messages", "progress", "start_time"}
    assert re.fullmatch(r"\d{8}-\d{6}-24305161", status["id"])
    assert (status["state"], status["progress"], status["messages"]) == ("INPROGRESS", 0, [])
    assert RFC3339.fullmatch(status["start_time"])


def test_a_job_progresses_to_succeeded_with_an_end_time(mock: Mock) -> None:
    job = f"{JOB}/{mock.create().json()['id']}"
    mock.clock.now += 4.5
    assert mock.get(job).json()["progress"] == 45
    assert "end_time" not in mock.get(job).json()
    mock.clock.now += 6
    status = mock.get(job).json()
    assert (status["state"], status["progress"]) == ("SUCCEEDED", 100)
    assert status["end_time"] > status["start_time"]


def test_a_second_create_while_running_is_feature_in_use_then_allowed_after(mock: Mock) -> None:
    mock.create()
    body = _vapi_error(mock.create(), "FEATURE_IN_USE")
    assert body["messages"][0]["default_message"] == "A backup or restore is already in progress."
    mock.clock.now += 10
    assert mock.create().status_code == 201


def test_a_location_on_an_unreachable_host_ends_failed(mock: Mock) -> None:
    body = {**VALID, "location": "sftp://unreachable.example/backups"}
    job = f"{JOB}/{mock.create(body).json()['id']}"
    mock.clock.now += 10
    status = mock.get(job).json()
    assert status["state"] == "FAILED" and status["end_time"]
    assert "unreachable.example" in status["messages"][0]["default_message"]


def test_jobs_are_listed_newest_first(mock: Mock) -> None:
    ids = []
    for _ in range(3):
        ids.append(mock.create().json()["id"])
        mock.clock.now += 10
    assert mock.get(JOB).json() == ids[::-1]


def test_job_history_is_capped() -> None:
    mock = Mock(MockConfig(job_seconds=0, max_jobs=5))
    ids = [mock.create().json()["id"] for _ in range(8)]
    assert mock.get(JOB).json() == ids[:2:-1]
    _vapi_error(mock.get(f"{JOB}/{ids[0]}"), "NOT_FOUND")


def test_unknown_job_ids_are_404(mock: Mock) -> None:
    _vapi_error(mock.get(f"{JOB}/20200101-000000-1"), "NOT_FOUND")
    _vapi_error(mock.cancel("20200101-000000-1"), "NOT_FOUND")


def test_cancel_of_a_running_job(mock: Mock) -> None:
    job_id = mock.create().json()["id"]
    mock.clock.now += 2
    answer = mock.cancel(job_id)
    assert answer.status_code == 200
    assert answer.json()["status"] == "OK" and answer.json()["messages"]
    mock.clock.now += 1
    status = mock.get(f"{JOB}/{job_id}").json()
    assert (status["state"], status["progress"]) == ("FAILED", 20)
    assert status["end_time"] and status["messages"]
    assert mock.create().status_code == 201


def test_cancel_of_a_finished_job_answers_fail_and_changes_nothing(mock: Mock) -> None:
    job_id = mock.create().json()["id"]
    mock.clock.now += 11
    before = mock.get(f"{JOB}/{job_id}").json()
    answer = mock.cancel(job_id)
    assert answer.status_code == 200 and answer.json()["status"] == "FAIL"
    assert mock.get(f"{JOB}/{job_id}").json() == before


@pytest.mark.parametrize("query", ["", "?action=stop", "?action=CANCEL"])
def test_post_on_a_job_needs_action_cancel(mock: Mock, query: str) -> None:
    job_id = mock.create().json()["id"]
    answer = mock.http.post(f"{JOB}/{job_id}{query}", headers=mock.headers())
    _vapi_error(answer, "INVALID_ARGUMENT")


# parts and validate ---------------------------------------------------------------------


def test_parts_catalogue(mock: Mock) -> None:
    parts = {part["id"]: part for part in mock.get(PARTS).json()}
    assert set(parts) == {"common", "seat", "supervisors"}
    assert parts["common"]["optional"] is False and parts["common"]["selected_by_default"]
    assert parts["seat"]["optional"] is True
    assert set(parts["seat"]["name"]) == {"id", "default_message", "args"}
    for part_id in parts:
        size = mock.get(f"{PARTS}/{part_id}").json()
        assert isinstance(size, int) and size >= 0
    _vapi_error(mock.get(f"{PARTS}/bogus"), "NOT_FOUND")


def test_validate_action(mock: Mock) -> None:
    path = "/api/appliance/recovery/backup?action=validate"
    answer = mock.http.post(path, json=VALID, headers=mock.headers())
    assert answer.json() == {"status": "OK", "messages": []}
    _vapi_error(mock.http.post(path, json={}, headers=mock.headers()), "INVALID_ARGUMENT")
    _vapi_error(
        mock.http.post(path.split("?")[0], json=VALID, headers=mock.headers()), "INVALID_ARGUMENT"
    )


def test_system_version_names_the_emulated_version_and_build(mock: Mock) -> None:
    answer = mock.get("/api/appliance/system/version")
    assert answer.status_code == 200
    body = answer.json()
    # VMware's ApplianceSystemVersionVersionStruct: seven required strings, no value wrapper
    fields = {"version", "product", "build", "type", "summary", "releasedate", "install_time"}
    assert set(body) == fields and all(isinstance(v, str) for v in body.values())
    assert (body["version"], body["build"]) == ("8.0.2.00000", "24305161")
    assert "mock" in body["product"]
    assert RFC3339.fullmatch(body["install_time"])
    custom = Mock(MockConfig(version="7.0.3.01000", build="20051473"))
    body = custom.get("/api/appliance/system/version").json()
    assert (body["version"], body["build"]) == ("7.0.3.01000", "20051473")
    _vapi_error(mock.http.get("/api/appliance/system/version"), "UNAUTHENTICATED")


# routing, bodies, errors ----------------------------------------------------------------


@pytest.mark.parametrize("path", ["/", "/api/nope", f"{JOB}/x/y", "/rest/nope", "/api/appliance"])
def test_unknown_paths_are_404_before_authentication(mock: Mock, path: str) -> None:
    _vapi_error(mock.http.get(path), "NOT_FOUND")


@pytest.mark.parametrize(
    ("method", "path"),
    [("PUT", JOB), ("DELETE", f"{JOB}/x"), ("POST", PARTS), ("PATCH", "/api/session")],
)
def test_wrong_methods_are_405_with_a_vapi_body(mock: Mock, method: str, path: str) -> None:
    answer = mock.http.request(method, path)
    assert answer.status_code == 405
    assert answer.json()["messages"][0]["default_message"] == "Method not allowed."
    assert "allow" in answer.headers


@pytest.mark.parametrize(
    ("content", "content_type", "error_type"),
    [
        (b"{", "application/json", "INVALID_REQUEST"),
        (b"", "application/json", "INVALID_ARGUMENT"),
        (b"   ", None, "INVALID_ARGUMENT"),
        (b"[1, 2]", "application/json", "INVALID_ARGUMENT"),
        (b'"text"', "application/json", "INVALID_ARGUMENT"),
        (b"null", "application/json", "INVALID_ARGUMENT"),
        (b"NaN", "application/json", "INVALID_REQUEST"),
        (b"\xff\xfe", "application/json", "INVALID_REQUEST"),
        (b"[" * 100_000, "application/json", "INVALID_REQUEST"),
        (b" " * (1 << 20) + json.dumps(VALID).encode(), "application/json", "INVALID_ARGUMENT"),
        (json.dumps(VALID).encode(), "text/plain", "INVALID_REQUEST"),
        (json.dumps(VALID).encode(), "application/x-www-form-urlencoded", "INVALID_REQUEST"),
    ],
)
def test_bad_bodies_are_400(
    mock: Mock, content: bytes, content_type: str | None, error_type: str
) -> None:
    """A body that cannot be parsed is INVALID_REQUEST (vAPI's definition); one that parses
    but is not a valid BackupRequest (empty, not an object, too large) INVALID_ARGUMENT."""
    headers = mock.headers()
    if content_type:
        headers["content-type"] = content_type
    _vapi_error(mock.http.post(JOB, content=content, headers=headers), error_type)


def test_json_with_charset_and_without_content_type_is_accepted(mock: Mock) -> None:
    headers = {**mock.headers(), "content-type": "application/json; charset=utf-8"}
    assert mock.http.post(JOB, content=json.dumps(VALID), headers=headers).status_code == 201
    mock.clock.now += 10
    assert mock.http.post(JOB, content=json.dumps(VALID), headers=mock.headers()).status_code == 201


def test_no_answer_echoes_secrets(mock: Mock) -> None:
    weak = {**VALID, "backup_password": "weak-secret-pw"}
    answers = [mock.create(weak), mock.create(), mock.create(), mock.get(JOB)]
    for answer in answers:
        for secret in ("weak-secret-pw", VALID["location_password"], VALID["backup_password"]):
            assert secret not in answer.text
        assert mock.token not in answer.text and mock.token not in str(answer.headers)


def test_handler_exceptions_become_a_vapi_500_and_are_recorded() -> None:
    mock = Mock()

    def broken(token: str | None) -> list[str]:
        raise RuntimeError("boom: secret detail")

    mock.app.state.appliance.list_jobs = broken
    answer = mock.get(JOB)
    body = _vapi_error(answer, "ERROR", 500)
    assert "boom" not in answer.text and "Traceback" not in answer.text
    assert body["messages"]
    assert [type(error) for error in mock.app.state.errors] == [RuntimeError]


def test_access_log_has_one_line_per_request_without_secrets(mock: Mock) -> None:
    mock.create()
    mock.get("/api/nope")
    assert len(mock.log) == 3
    assert re.fullmatch(r"POST /api/appliance/recovery/backup/job 201 \d+\.\dms", mock.log[1])
    assert mock.log[2].startswith("GET /api/nope 404 ")
    assert all(mock.token not in line and "Backup#2026" not in line for line in mock.log)


# the never-a-500 property ----------------------------------------------------------------

_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=12,
)
_FIELDS = st.fixed_dictionaries(
    {},
    optional={
        "parts": st.lists(st.sampled_from(["common", "seat", "supervisors", "x"])) | _JSON,
        "location_type": st.sampled_from(["SFTP", "NFS", "sftp", "FTP"]) | _JSON,
        "location": st.sampled_from(["sftp://h/x", "nfs://h:/x", "h/x", ""]) | _JSON,
        "backup_password": st.text(max_size=24) | _JSON,
        "location_user": _JSON,
        "location_password": _JSON,
        "comment": _JSON,
        "fast_backup": _JSON,
    },
)


def _check_answer(answer: Any) -> None:
    assert answer.status_code in (201, 400), answer.text
    if answer.status_code == 400:
        body = answer.json()
        assert body["error_type"] in ERROR_TYPES and status_for(body["error_type"]) == 400
        assert body["messages"]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(body=_JSON | _FIELDS)
def test_arbitrary_json_bodies_never_get_a_500(body: object) -> None:
    mock = _fuzz_mock()
    _check_answer(mock.http.post(JOB, content=json.dumps(body), headers=_fuzz_headers(mock)))
    assert mock.app.state.errors == []


@settings(max_examples=100, deadline=None)
@given(content=st.binary(max_size=64))
def test_arbitrary_bytes_never_get_a_500(content: bytes) -> None:
    mock = _fuzz_mock()
    _check_answer(mock.http.post(JOB, content=content, headers=_fuzz_headers(mock)))
    assert mock.app.state.errors == []


_FUZZ: dict[str, Mock] = {}


def _fuzz_mock(purpose: str = "create") -> Mock:
    """One mock per fuzz test, shared by its examples (a fresh app per example is slow)."""
    if purpose not in _FUZZ:
        _FUZZ[purpose] = Mock(MockConfig(job_seconds=0))
    return _FUZZ[purpose]


def _fuzz_headers(mock: Mock) -> dict[str, str]:
    return {**mock.headers(), "content-type": "application/json"}


def test_a_chunked_body_beyond_1_mib_is_refused(mock: Mock) -> None:
    def chunks() -> Iterator[bytes]:
        for _ in range(20):
            yield b" " * 65536

    headers = {**mock.headers(), "content-type": "application/json"}
    body = _vapi_error(mock.http.post(JOB, content=chunks(), headers=headers), "INVALID_ARGUMENT")
    assert "1 MiB" in body["messages"][0]["default_message"]


_SEGMENT = st.text(st.characters(codec="utf-8", exclude_characters="/?#"), min_size=1, max_size=16)


@settings(max_examples=100, deadline=None)
@given(
    method=st.sampled_from(["GET", "POST", "DELETE", "PUT"]),
    prefix=st.sampled_from([f"{JOB}/", f"{PARTS}/", "/api/", "/"]),
    segment=_SEGMENT,
    query=st.dictionaries(st.sampled_from(["action", "x"]), st.text(max_size=8), max_size=2),
)
def test_arbitrary_paths_ids_and_queries_never_get_a_500(
    method: str, prefix: str, segment: str, query: dict[str, str]
) -> None:
    mock = _fuzz_mock("paths")
    answer = mock.http.request(
        method, prefix + quote(segment, safe=""), params=query, headers=mock.headers()
    )
    # 401: "/api/" + "session" may log the fuzzing session out (or POST it without Basic)
    assert answer.status_code in (200, 201, 204, 400, 401, 404, 405), answer.text
    if answer.status_code >= 400:
        assert answer.json()["messages"]
    assert mock.app.state.errors == []
