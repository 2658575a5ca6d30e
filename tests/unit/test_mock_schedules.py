"""The mock's schedules, validate and job details over /api (issue 19), in-process.

Every answer is also judged against openapi.yaml: a status the contract lists for the
operation, and a body valid against its schema (contract/schemas.py).
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schedule_data import ADMIN, PIECE, READONLY, SPEC, Clock

from vcsa_conformance.contract import spec
from vcsa_conformance.contract.api import (
    BACKUP_PATH,
    JOB_DETAILS_PATH,
    JOB_PATH,
    SCHEDULES_PATH,
    SESSION_HEADER,
)
from vcsa_conformance.contract.schemas import validation_errors
from vcsa_conformance.contract.vapi import status_for
from vcsa_conformance.mock.app import create_app
from vcsa_conformance.mock.model.config import MockConfig
from vcsa_conformance.mock.model.variants import Variant

with warnings.catch_warnings():  # starlette 1.x prefers httpx2; httpx is what we depend on
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

VALIDATE = f"{BACKUP_PATH}?action=validate"
BACKUP = PIECE  # a valid backup request


class Mock:
    """A TestClient on a fresh mock; every answer is judged against the contract."""

    def __init__(self, config: MockConfig | None = None) -> None:
        self.clock = Clock()
        self.app = create_app(config or MockConfig(job_seconds=10), clock=self.clock)
        self.http = TestClient(self.app, raise_server_exceptions=False)
        self.token = self.login(ADMIN)

    def login(self, credentials: tuple[str, str]) -> str:
        token: str = self.http.post("/api/session", auth=credentials).json()
        return token

    def call(
        self, method: str, path: str, body: Any = None, token: str | None = None, **kwargs: Any
    ) -> Any:
        headers = {SESSION_HEADER: token or self.token, **kwargs.pop("headers", {})}
        if body is not None:
            kwargs["json"] = body
        answer = self.http.request(method, path, headers=headers, **kwargs)
        _judge(method, path, answer)
        return answer

    def create(self, schedule: str = "default", spec: Any = SPEC, **kwargs: Any) -> Any:
        return self.call("POST", SCHEDULES_PATH, {"schedule": schedule, "spec": spec}, **kwargs)


def _judge(method: str, path: str, answer: Any) -> None:
    """The answer has a status the contract lists and a body valid against its schema."""
    bare, _, query = path.partition("?")
    action = query.removeprefix("action=") if query.startswith("action=") else None
    operation = spec.find(method, bare, action)
    assert operation is not None, (method, path)
    assert operation.documents(answer.status_code), (operation.key, answer.status_code)
    body = answer.json() if answer.content else None
    if answer.status_code == 204:
        assert not answer.content
        return
    assert validation_errors(operation, answer.status_code, body) == [], (operation.key, body)


@pytest.fixture
def mock() -> Iterator[Mock]:
    instance = Mock()
    yield instance
    assert instance.app.state.errors == []


def _error(answer: Any, error_type: str) -> dict[str, Any]:
    assert answer.status_code == status_for(error_type), answer.text
    body: dict[str, Any] = answer.json()
    assert body["error_type"] == error_type
    return body


# schedules --------------------------------------------------------------------------------


def test_a_created_schedule_is_listed_and_read_back_without_passwords(mock: Mock) -> None:
    assert mock.create().status_code == 204
    info = mock.call("GET", f"{SCHEDULES_PATH}/default").json()
    assert info == {
        "parts": ["seat"],
        "location": SPEC["location"],
        "location_user": "backup",
        "enable": True,
        "recurrence_info": SPEC["recurrence_info"],
        "retention_info": {"max_count": 7},
    }
    assert mock.call("GET", SCHEDULES_PATH).json() == {"default": info}
    listed = mock.call("GET", SCHEDULES_PATH).text
    assert "Backup#2026" not in listed and "LocPassw0rd!" not in listed


def test_the_smallest_schedule_has_defaults(mock: Mock) -> None:
    assert mock.create("nightly", {"location": "nfs://10.0.0.6/exports"}).status_code == 204
    info = mock.call("GET", f"{SCHEDULES_PATH}/nightly").json()
    assert info == {"parts": [], "location": "nfs://10.0.0.6/exports", "enable": True}


def test_one_schedule_per_appliance_by_default(mock: Mock) -> None:
    assert mock.create().status_code == 204
    _error(mock.create(), "ALREADY_EXISTS")
    _error(mock.create("weekly"), "ALREADY_EXISTS")
    assert list(mock.call("GET", SCHEDULES_PATH).json()) == ["default"]


def test_max_schedules_is_a_setting() -> None:
    mock = Mock(MockConfig(max_schedules=2))
    assert mock.create("a").status_code == 204
    assert mock.create("b").status_code == 204
    _error(mock.create("c"), "ALREADY_EXISTS")


def test_update_changes_only_the_fields_it_carries(mock: Mock) -> None:
    mock.create()
    change = {"enable": False, "recurrence_info": {"minute": 59, "hour": 23}}
    assert mock.call("PATCH", f"{SCHEDULES_PATH}/default", change).status_code == 204
    info = mock.call("GET", f"{SCHEDULES_PATH}/default").json()
    assert info["enable"] is False
    assert info["recurrence_info"] == {"minute": 59, "hour": 23}
    assert (info["location"], info["retention_info"]) == (SPEC["location"], {"max_count": 7})
    assert mock.call("PATCH", f"{SCHEDULES_PATH}/default").status_code == 204  # no body
    assert mock.call("GET", f"{SCHEDULES_PATH}/default").json() == info


def test_an_invalid_update_changes_nothing(mock: Mock) -> None:
    mock.create()
    before = mock.call("GET", f"{SCHEDULES_PATH}/default").json()
    bad = {"enable": False, "recurrence_info": {"minute": 60, "hour": 1}}
    _error(mock.call("PATCH", f"{SCHEDULES_PATH}/default", bad), "INVALID_ARGUMENT")
    assert mock.call("GET", f"{SCHEDULES_PATH}/default").json() == before


def test_delete_forgets_the_schedule(mock: Mock) -> None:
    mock.create()
    assert mock.call("DELETE", f"{SCHEDULES_PATH}/default").status_code == 204
    _error(mock.call("GET", f"{SCHEDULES_PATH}/default"), "NOT_FOUND")
    assert mock.call("GET", SCHEDULES_PATH).json() == {}
    assert mock.create("weekly").status_code == 204  # the place is free again


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", f"{SCHEDULES_PATH}/nope"),
        ("PATCH", f"{SCHEDULES_PATH}/nope"),
        ("DELETE", f"{SCHEDULES_PATH}/nope"),
        ("POST", f"{SCHEDULES_PATH}/nope?action=run"),
    ],
)
def test_unknown_schedule_ids_are_404(mock: Mock, method: str, path: str) -> None:
    _error(mock.call(method, path), "NOT_FOUND")


BAD_SPECS: dict[str, Any] = {
    "password too short": {**SPEC, "backup_password": "Ab1!"},
    "password without a digit": {**SPEC, "backup_password": "Backup#Pass"},
    "password with a space": {**SPEC, "backup_password": "Backup 2026!"},
    "minute 60": {**SPEC, "recurrence_info": {"minute": 60, "hour": 2}},
    "minute -1": {**SPEC, "recurrence_info": {"minute": -1, "hour": 2}},
    "hour 24": {**SPEC, "recurrence_info": {"minute": 0, "hour": 24}},
    "hour as a string": {**SPEC, "recurrence_info": {"minute": 0, "hour": "2"}},
    "minute as a boolean": {**SPEC, "recurrence_info": {"minute": True, "hour": 2}},
    "no hour": {**SPEC, "recurrence_info": {"minute": 0}},
    "unknown day": {**SPEC, "recurrence_info": {"minute": 0, "hour": 2, "days": ["monday"]}},
    "retention 0": {**SPEC, "retention_info": {"max_count": 0}},
    "retention without max_count": {**SPEC, "retention_info": {}},
    "no location": {"parts": []},
    "location without a scheme": {**SPEC, "location": "10.0.0.5/backups"},
    "location of another scheme": {**SPEC, "location": "gopher://10.0.0.5/b"},
    "location without a host": {**SPEC, "location": "sftp:///backups"},
    "unknown part": {**SPEC, "parts": ["nope"]},
    "parts as a string": {**SPEC, "parts": "seat"},
    "enable as a string": {**SPEC, "enable": "yes"},
    "spec not an object": [],
}


@pytest.mark.parametrize("spec_value", BAD_SPECS.values(), ids=list(BAD_SPECS))
def test_invalid_specs_are_400_invalid_argument(mock: Mock, spec_value: Any) -> None:
    body = _error(mock.create(spec=spec_value), "INVALID_ARGUMENT")
    assert "Backup#" not in str(body) and "LocPassw0rd!" not in str(body)
    assert mock.call("GET", SCHEDULES_PATH).json() == {}
    mock.create()
    update = mock.call("PATCH", f"{SCHEDULES_PATH}/default", spec_value)
    if spec_value == {"parts": []}:  # an UpdateSpec needs no location
        assert update.status_code == 204
    else:
        _error(update, "INVALID_ARGUMENT")


@pytest.mark.parametrize(
    "body",
    [{}, {"schedule": "x"}, {"spec": SPEC}, {"schedule": "", "spec": SPEC}, {"schedule": 1}, []],
)
def test_invalid_create_bodies_are_400_invalid_argument(mock: Mock, body: Any) -> None:
    _error(mock.call("POST", SCHEDULES_PATH, body), "INVALID_ARGUMENT")


def test_unparsable_bodies_are_400_invalid_request(mock: Mock) -> None:
    headers = {"content-type": "application/json"}
    _error(mock.call("POST", SCHEDULES_PATH, content=b"{", headers=headers), "INVALID_REQUEST")
    text = {"content-type": "text/plain"}
    _error(mock.call("POST", SCHEDULES_PATH, content=b"{}", headers=text), "INVALID_REQUEST")
    runtime = Mock(MockConfig(variants=frozenset({Variant.VAPI_RUNTIME})))
    answer = runtime.call("POST", SCHEDULES_PATH, content=b"{}", headers=text)
    assert (answer.status_code, answer.json()["error_type"]) == (415, "INVALID_REQUEST")


def test_writes_need_a_session_and_a_writer(mock: Mock) -> None:
    _error(mock.create(token="nope"), "UNAUTHENTICATED")
    _error(mock.call("GET", SCHEDULES_PATH, token="nope"), "UNAUTHENTICATED")
    reader = mock.login(READONLY)
    _error(mock.create(token=reader), "UNAUTHORIZED")
    mock.create()
    assert mock.call("GET", f"{SCHEDULES_PATH}/default", token=reader).status_code == 200
    for method, path in [
        ("PATCH", f"{SCHEDULES_PATH}/default"),
        ("DELETE", f"{SCHEDULES_PATH}/default"),
        ("POST", f"{SCHEDULES_PATH}/default?action=run"),
    ]:
        _error(mock.call(method, path, token=reader), "UNAUTHORIZED")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    spec_value=st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(max_size=8),
        lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner),
        max_leaves=6,
    )
    | st.fixed_dictionaries(
        {},
        optional={
            "location": st.sampled_from(["sftp://h/x", "", "x", 5]),
            "recurrence_info": st.dictionaries(
                st.sampled_from(["minute", "hour", "days"]),
                st.integers(-2, 70) | st.lists(st.text(max_size=6), max_size=2) | st.none(),
            ),
            "retention_info": st.dictionaries(st.just("max_count"), st.integers(-2, 3)),
            "parts": st.lists(st.sampled_from(["seat", "x"]), max_size=2),
            "backup_password": st.text(max_size=22),
        },
    )
)
def test_any_spec_is_answered_204_or_400_never_500(spec_value: Any) -> None:
    mock = Mock()
    answer = mock.create(spec=spec_value)
    assert answer.status_code in (204, 400), answer.text
    if answer.status_code == 400:
        assert answer.json()["error_type"] == "INVALID_ARGUMENT"
    answer = mock.call("PATCH", f"{SCHEDULES_PATH}/default", spec_value)
    assert answer.status_code in (204, 400, 404), answer.text
    assert mock.app.state.errors == []


# run -------------------------------------------------------------------------------------


def test_run_starts_a_scheduled_backup_one_at_a_time(mock: Mock) -> None:
    mock.create(spec={**SPEC, "enable": False})  # run does not depend on enable
    run = f"{SCHEDULES_PATH}/default?action=run"
    answer = mock.call("POST", run, {"comment": "before the upgrade"})
    assert answer.status_code == 200
    job = answer.json()
    assert job["state"] == "INPROGRESS"
    assert mock.call("GET", JOB_PATH).json() == [job["id"]]
    _error(mock.call("POST", run), "FEATURE_IN_USE")
    _error(mock.call("POST", JOB_PATH, BACKUP), "FEATURE_IN_USE")
    mock.clock.now += 11
    assert mock.call("POST", run).status_code == 200  # no body: no comment
    assert mock.app.state.appliance.usage() == (2, 1)


def test_run_refuses_a_wrong_action_and_a_bad_body(mock: Mock) -> None:
    mock.create()
    _error(mock.call("POST", f"{SCHEDULES_PATH}/default"), "INVALID_ARGUMENT")
    _error(mock.call("POST", f"{SCHEDULES_PATH}/default?action=go"), "INVALID_ARGUMENT")
    run = f"{SCHEDULES_PATH}/default?action=run"
    _error(mock.call("POST", run, {"comment": 5}), "INVALID_ARGUMENT")
    _error(mock.call("POST", run, [1]), "INVALID_ARGUMENT")
    assert mock.call("GET", JOB_PATH).json() == []


# validate --------------------------------------------------------------------------------


def test_validate_starts_nothing(mock: Mock) -> None:
    answer = mock.call("POST", VALIDATE, BACKUP)
    assert answer.json() == {"status": "OK", "messages": []}
    assert mock.call("GET", JOB_PATH).json() == []
    assert mock.app.state.appliance.usage() == (0, 0)


def test_validate_of_an_unreachable_location_is_fail_not_an_error(mock: Mock) -> None:
    unreachable = {**BACKUP, "location": "nfs://unreachable.example/exports"}
    result = mock.call("POST", VALIDATE, unreachable).json()
    assert result["status"] == "FAIL"
    assert result["messages"][0]["args"] == ["unreachable.example"]
    test_net = {**BACKUP, "location": "nfs://192.0.2.10/exports"}
    assert mock.call("POST", VALIDATE, test_net).json()["status"] == "OK"  # backups there pass
    slow = Mock(MockConfig(unreachable_seconds=5.0))  # TEST-NET backups fail: so does validate
    assert slow.call("POST", VALIDATE, test_net).json()["status"] == "FAIL"
    assert mock.call("GET", JOB_PATH).json() == []


def test_validate_refuses_what_create_refuses(mock: Mock) -> None:
    weak = {**BACKUP, "backup_password": "weak"}
    _error(mock.call("POST", VALIDATE, weak), "INVALID_ARGUMENT")
    _error(mock.call("POST", VALIDATE), "INVALID_ARGUMENT")  # no body: fields are missing
    mock.call("POST", JOB_PATH, BACKUP)
    _error(mock.call("POST", VALIDATE, BACKUP), "FEATURE_IN_USE")


# job details -----------------------------------------------------------------------------


def test_details_report_manual_and_scheduled_jobs(mock: Mock) -> None:
    assert mock.call("GET", JOB_DETAILS_PATH).json() == {}
    manual = mock.call("POST", JOB_PATH, {**BACKUP, "parts": ["seat"], "fast_backup": True})
    manual_id = manual.json()["id"]
    mock.clock.now += 4
    running = mock.call("GET", JOB_DETAILS_PATH).json()[manual_id]
    assert (running["type"], running["status"], running["cancelable"]) == (
        "MANUAL",
        "RUNNING",
        True,
    )
    assert running["progress"]["completed"] == 40 and running["progress"]["total"] == 100
    assert running["duration"] == 4 and running["size"] > 0
    assert running["location"] == BACKUP["location"] and running["location_user"] == ""
    assert running["fast_backup"] is True and running["user"] == ADMIN[0]
    assert "end_time" not in running
    mock.clock.now += 10
    mock.create()
    scheduled_id = mock.call("POST", f"{SCHEDULES_PATH}/default?action=run").json()["id"]
    details = mock.call("GET", JOB_DETAILS_PATH).json()
    assert list(details) == [scheduled_id, manual_id]  # newest first, as the job list
    done = details[manual_id]
    assert (done["status"], done["duration"], done["progress"]["completed"]) == (
        "SUCCEEDED",
        10,
        100,
    )
    assert done["end_time"] and not done["cancelable"]
    assert details[scheduled_id]["type"] == "SCHEDULED"
    assert details[scheduled_id]["location_user"] == "backup"


def test_details_of_a_cancelled_job_are_failed(mock: Mock) -> None:
    job_id = mock.call("POST", JOB_PATH, BACKUP).json()["id"]
    mock.call("POST", f"{JOB_PATH}/{job_id}?action=cancel")
    details = mock.call("GET", JOB_DETAILS_PATH).json()[job_id]
    assert details["status"] == "FAILED" and details["error"]


def test_details_filter_by_job_ids(mock: Mock) -> None:
    first = mock.call("POST", JOB_PATH, BACKUP).json()["id"]
    mock.clock.now += 11
    second = mock.call("POST", JOB_PATH, BACKUP).json()["id"]
    only = mock.call("GET", JOB_DETAILS_PATH, params={"jobs": [first]}).json()
    assert list(only) == [first]
    both = mock.call("GET", JOB_DETAILS_PATH, params={"jobs": [first, second, "nope"]}).json()
    assert set(both) == {first, second}
    assert mock.call("GET", JOB_DETAILS_PATH, params={"jobs": "nope"}).json() == {}


def test_details_is_not_a_job_id(mock: Mock) -> None:
    """job/details is its own route, not job/{id} with the id "details"."""
    answer = mock.call("GET", JOB_DETAILS_PATH)
    assert answer.status_code == 200 and answer.json() == {}
    _error(mock.call("GET", JOB_DETAILS_PATH, token="nope"), "UNAUTHENTICATED")


def test_extra_fields_go_into_objects_never_into_maps_of_ids() -> None:
    mock = Mock(MockConfig(variants=frozenset({Variant.EXTRA_FIELDS})))
    mock.create()
    listed = mock.call("GET", SCHEDULES_PATH).json()
    assert list(listed) == ["default"] and listed["default"]["x_vendor_trace"] == "mock"
    mock.call("POST", f"{SCHEDULES_PATH}/default?action=run")
    details = mock.call("GET", JOB_DETAILS_PATH).json()
    assert len(details) == 1 and all("x_vendor_trace" in info for info in details.values())


def test_a_refused_writer_is_told_the_schedule_operation(mock: Mock) -> None:
    reader = mock.login(READONLY)
    body = _error(mock.create(token=reader), "UNAUTHORIZED")
    assert body["messages"][0]["args"] == ["com.vmware.appliance.recovery.backup.schedules.create"]
    mock.create()
    run = mock.call("POST", f"{SCHEDULES_PATH}/default?action=run", token=reader)
    assert _error(run, "UNAUTHORIZED")["messages"][0]["args"][0].endswith("schedules.run")
