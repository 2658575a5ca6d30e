"""The deprecated /rest form of schedules and job details (mock/protocols/rest_legacy_schedules.py)
and of validate (rest_legacy.py), in-process: VMware's 8.0.2 paths and methods, the
``{"spec": ...}``, ``{"piece": ...}`` and ``{"value": ...}`` envelopes, maps as
``[{"key", "value"}]``, and vAPI errors in the legacy envelope; never a 500.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schedule_data import ADMIN, PIECE, READONLY, SPEC, Clock

from vcsa_conformance.mock.app import create_app
from vcsa_conformance.mock.model.config import MockConfig

with warnings.catch_warnings():  # starlette 1.x prefers httpx2; httpx is what we depend on
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

SESSION = "/rest/com/vmware/cis/session"
BACKUP = "/rest/appliance/recovery/backup"
SCHEDULES = f"{BACKUP}/schedules"
DETAILS = f"{BACKUP}/job/details"
ERRORS = "com.vmware.vapi.std.errors."


class Legacy:
    """A TestClient on a fresh mock, logged in over /rest; no answer may be a 500."""

    def __init__(self, config: MockConfig | None = None) -> None:
        self.clock = Clock()
        self.app = create_app(config or MockConfig(job_seconds=10), clock=self.clock)
        self.http = TestClient(self.app, raise_server_exceptions=False)
        self.token = self.login(ADMIN)

    def login(self, credentials: tuple[str, str]) -> str:
        token: str = self.http.post(SESSION, auth=credentials).json()["value"]
        return token

    def call(
        self, method: str, path: str, body: Any = None, token: str | None = None, **kwargs: Any
    ) -> httpx.Response:
        headers = {"vmware-api-session-id": token or self.token, **kwargs.pop("headers", {})}
        if body is not None:
            kwargs["json"] = body
        answer = self.http.request(method, path, headers=headers, **kwargs)
        assert answer.status_code < 500, answer.text
        return answer

    def create(self, schedule: str = "default", spec: dict[str, Any] | None = None) -> None:
        done(self.call("POST", f"{SCHEDULES}/{schedule}", {"spec": spec or SPEC}))


@pytest.fixture
def mock() -> Iterator[Legacy]:
    legacy = Legacy()
    yield legacy
    assert legacy.app.state.errors == []


def value(response: httpx.Response) -> Any:
    assert response.status_code == 200, response.text
    body = response.json()
    assert set(body) == {"value"}
    return body["value"]


def done(response: httpx.Response) -> None:
    """An operation that returns nothing: 200 without a body."""
    assert response.status_code == 200, response.text
    assert response.content == b""


def legacy_error(response: httpx.Response, status: int, name: str) -> list[dict[str, Any]]:
    """Assert the legacy error envelope; answer its messages."""
    assert response.status_code == status, response.text
    body = response.json()
    assert body["type"] == ERRORS + name
    messages: list[dict[str, Any]] = body["value"]["messages"]
    assert messages and all({"id", "default_message", "args"} <= set(m) for m in messages)
    return messages


# --- schedules -----------------------------------------------------------------------------


def test_create_get_list_update_delete(mock: Legacy) -> None:
    mock.create()
    info = value(mock.call("GET", f"{SCHEDULES}/default"))
    assert info == {
        "parts": ["seat"],
        "location": SPEC["location"],
        "location_user": "backup",
        "enable": True,
        "recurrence_info": SPEC["recurrence_info"],
        "retention_info": {"max_count": 7},
    }
    assert value(mock.call("GET", SCHEDULES)) == [{"key": "default", "value": info}]
    change = {"spec": {"enable": False, "retention_info": {"max_count": 3}}}
    done(mock.call("PUT", f"{SCHEDULES}/update/default", change))
    updated = value(mock.call("GET", f"{SCHEDULES}/default"))
    assert updated == {**info, "enable": False, "retention_info": {"max_count": 3}}
    done(mock.call("DELETE", f"{SCHEDULES}/default"))
    assert value(mock.call("GET", SCHEDULES)) == []


def test_the_schedule_is_the_api_schedule(mock: Legacy) -> None:
    mock.create()
    answer = mock.call("GET", "/api/appliance/recovery/backup/schedules/default")
    assert answer.json() == value(mock.call("GET", f"{SCHEDULES}/default"))


@pytest.mark.parametrize(
    ("spec", "field"),
    [
        ({**SPEC, "backup_password": "weak"}, "spec.backup_password"),
        ({**SPEC, "recurrence_info": {"minute": 60, "hour": 2}}, "spec.recurrence_info.minute"),
        ({**SPEC, "recurrence_info": {"minute": 0, "hour": "2"}}, "spec.recurrence_info.hour"),
        ({**SPEC, "retention_info": {"max_count": 0}}, "spec.retention_info.max_count"),
        ({**SPEC, "location": "gopher://10.0.0.5/x"}, "spec.location"),
        ({"parts": []}, "spec.location"),
        ({**SPEC, "enable": "yes"}, "spec.enable"),
    ],
)
def test_an_invalid_create_spec_is_invalid_argument_naming_the_field(
    mock: Legacy, spec: dict[str, Any], field: str
) -> None:
    answer = mock.call("POST", f"{SCHEDULES}/default", {"spec": spec})
    messages = legacy_error(answer, 400, "invalid_argument")
    assert messages[0]["args"][0] == field
    assert "weak" not in answer.text
    assert value(mock.call("GET", SCHEDULES)) == []


@pytest.mark.parametrize(
    "content", [b"", b"{", b"[]", b'{"piece": {}}', b'{"spec": null}', b"\xff"]
)
def test_a_create_body_without_a_spec_is_invalid_argument(mock: Legacy, content: bytes) -> None:
    answer = mock.call("POST", f"{SCHEDULES}/default", content=content)
    legacy_error(answer, 400, "invalid_argument")


def test_a_taken_id_or_a_second_schedule_is_already_exists(mock: Legacy) -> None:
    mock.create()
    legacy_error(mock.call("POST", f"{SCHEDULES}/default", {"spec": SPEC}), 400, "already_exists")
    legacy_error(mock.call("POST", f"{SCHEDULES}/weekly", {"spec": SPEC}), 400, "already_exists")


def test_a_bad_update_changes_nothing(mock: Legacy) -> None:
    mock.create()
    before = value(mock.call("GET", f"{SCHEDULES}/default"))
    bad = {"spec": {"enable": False, "recurrence_info": {"minute": -1, "hour": 2}}}
    legacy_error(mock.call("PUT", f"{SCHEDULES}/update/default", bad), 400, "invalid_argument")
    legacy_error(mock.call("PUT", f"{SCHEDULES}/update/default", {}), 400, "invalid_argument")
    assert value(mock.call("GET", f"{SCHEDULES}/default")) == before


def test_an_unknown_schedule_is_not_found(mock: Legacy) -> None:
    legacy_error(mock.call("GET", f"{SCHEDULES}/nightly"), 404, "not_found")
    change = {"spec": {"enable": False}}
    legacy_error(mock.call("PUT", f"{SCHEDULES}/update/nightly", change), 404, "not_found")
    legacy_error(mock.call("DELETE", f"{SCHEDULES}/nightly"), 404, "not_found")
    legacy_error(mock.call("POST", f"{SCHEDULES}/nightly?action=run"), 404, "not_found")


def test_run_answers_the_job_status_and_one_backup_at_a_time(mock: Legacy) -> None:
    mock.create()
    status = value(mock.call("POST", f"{SCHEDULES}/default?action=run", {"comment": "now"}))
    assert status["state"] == "INPROGRESS"
    assert {"id", "state", "messages", "progress", "start_time"} <= set(status)
    again = mock.call("POST", f"{SCHEDULES}/default?action=run")  # no body: no comment
    legacy_error(again, 400, "feature_in_use")


@pytest.mark.parametrize(
    ("query", "content"),
    [("action=frob", b"{}"), ("action=run", b"{"), ("action=run", b'{"comment": 1}')],
)
def test_a_bad_run_is_invalid_argument(mock: Legacy, query: str, content: bytes) -> None:
    mock.create()
    answer = mock.call("POST", f"{SCHEDULES}/default?{query}", content=content)
    legacy_error(answer, 400, "invalid_argument")


def test_the_readonly_user_reads_but_may_not_write(mock: Legacy) -> None:
    mock.create()
    readonly = mock.login(READONLY)
    assert value(mock.call("GET", f"{SCHEDULES}/default", token=readonly))["enable"] is True
    writes = [
        ("POST", f"{SCHEDULES}/weekly", b"{"),  # refused before the body is read
        ("PUT", f"{SCHEDULES}/update/default", b"{}"),
        ("DELETE", f"{SCHEDULES}/default", None),
        ("POST", f"{SCHEDULES}/default?action=run", None),
    ]
    for method, path, content in writes:
        answer = mock.call(method, path, token=readonly, content=content)
        operation = legacy_error(answer, 403, "unauthorized")[0]["args"][0]
        assert operation.startswith("com.vmware.appliance.recovery.backup.schedules.")


def test_without_a_session_every_operation_is_unauthenticated(mock: Legacy) -> None:
    mock.create()
    calls = [
        ("GET", SCHEDULES),
        ("GET", f"{SCHEDULES}/default"),
        ("POST", f"{SCHEDULES}/weekly"),
        ("PUT", f"{SCHEDULES}/update/default"),
        ("DELETE", f"{SCHEDULES}/default"),
        ("POST", f"{SCHEDULES}/default?action=run"),
        ("GET", DETAILS),
        ("POST", f"{BACKUP}/validate"),
    ]
    for method, path in calls:
        legacy_error(mock.call(method, path, token="nope", content=b"{"), 401, "unauthenticated")


def test_wrong_methods_are_405(mock: Legacy) -> None:
    assert mock.call("POST", SCHEDULES).status_code == 405
    assert mock.call("PATCH", f"{SCHEDULES}/default").status_code == 405
    assert mock.call("POST", DETAILS).status_code == 405


# --- job details ---------------------------------------------------------------------------


def test_details_of_every_job_or_the_filtered_ones(mock: Legacy) -> None:
    mock.create()
    scheduled = value(mock.call("POST", f"{SCHEDULES}/default?action=run"))["id"]
    mock.clock.now += 60
    manual = value(mock.call("POST", f"{BACKUP}/job", {"piece": PIECE}))["id"]
    mock.clock.now += 2
    listed = value(mock.call("GET", DETAILS))
    assert [entry["key"] for entry in listed] == [manual, scheduled]
    by_id = {entry["key"]: entry["value"] for entry in listed}
    assert by_id[scheduled]["type"] == "SCHEDULED" and by_id[scheduled]["status"] == "SUCCEEDED"
    assert by_id[manual]["type"] == "MANUAL" and by_id[manual]["status"] == "RUNNING"
    assert by_id[manual]["progress"] == {
        "total": 100,
        "completed": 20,
        "message": by_id[manual]["progress"]["message"],
    }
    api = mock.call("GET", "/api/appliance/recovery/backup/job/details").json()
    assert api == by_id
    only = value(mock.call("GET", DETAILS, params={"filter.jobs": [scheduled, "nope"]}))
    assert [entry["key"] for entry in only] == [scheduled]


# --- validate ------------------------------------------------------------------------------


def test_validate_answers_a_return_result_and_starts_nothing(mock: Legacy) -> None:
    assert value(mock.call("POST", f"{BACKUP}/validate", {"piece": PIECE})) == {
        "status": "OK",
        "messages": [],
    }
    unreachable = {**PIECE, "location": "nfs://unreachable.example/x"}
    result = value(mock.call("POST", f"{BACKUP}/validate", {"piece": unreachable}))
    assert result["status"] == "FAIL"
    assert value(mock.call("GET", f"{BACKUP}/job")) == []


def test_validate_refuses_what_create_refuses(mock: Legacy) -> None:
    weak = {"piece": {**PIECE, "backup_password": "weak"}}
    answer = mock.call("POST", f"{BACKUP}/validate", weak)
    legacy_error(answer, 400, "invalid_argument")
    assert "weak" not in answer.text
    legacy_error(mock.call("POST", f"{BACKUP}/validate", PIECE), 400, "invalid_argument")
    value(mock.call("POST", f"{BACKUP}/job", {"piece": PIECE}))
    busy = mock.call("POST", f"{BACKUP}/validate", {"piece": PIECE})
    legacy_error(busy, 400, "feature_in_use")
    readonly = mock.login(READONLY)
    answer = mock.call("POST", f"{BACKUP}/validate", {"piece": PIECE}, token=readonly)
    legacy_error(answer, 403, "unauthorized")


# --- any input -----------------------------------------------------------------------------

_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=6),
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(st.sampled_from([*SPEC, "spec", "comment", "x"]), inner, max_size=4)
    ),
    max_leaves=15,
)
_CALLS = st.sampled_from(
    [
        ("POST", f"{SCHEDULES}/default"),
        ("PUT", f"{SCHEDULES}/update/default"),
        ("POST", f"{SCHEDULES}/default?action=run"),
        ("POST", f"{BACKUP}/validate"),
    ]
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_CALLS, _JSON)
def test_any_json_body_gets_a_vapi_answer(call: tuple[str, str], body: Any) -> None:
    mock = Legacy()
    mock.create()
    answer = mock.call(*call, content=httpx.Request("POST", "/", json=body).content)
    assert answer.status_code in (200, 400, 404)
    if answer.status_code != 200:
        assert answer.json()["type"].startswith(ERRORS)
    assert mock.app.state.errors == []
