"""Each injectable fault changes the mock's behaviour the way its description says."""

from __future__ import annotations

import asyncio
import re
import warnings
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from vcsa_conformance.contract.requirements import catalogue
from vcsa_conformance.contract.vapi import ERROR_TYPES
from vcsa_conformance.mock.app import create_app
from vcsa_conformance.mock.model.config import MockConfig
from vcsa_conformance.mock.model.faults import Fault

with warnings.catch_warnings():  # starlette 1.x prefers httpx2; httpx is what we depend on
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

ADMIN = ("administrator@vsphere.local", "VMware1!")
JOB = "/api/appliance/recovery/backup/job"
PARTS = "/api/appliance/recovery/backup/parts"
VALID: dict[str, Any] = {
    "parts": ["seat"],
    "location_type": "SFTP",
    "location": "sftp://10.0.0.5/backups/vc01",
}
ZONED = re.compile(r".*T.*(Z|[+-]\d\d:\d\d)$")


class Mock:
    """A TestClient on a fresh mock with a settable clock, logged in as the administrator."""

    def __init__(self, faults: frozenset[Fault]) -> None:
        self.now = 1_795_780_800.0
        self.app = create_app(MockConfig(job_seconds=10, faults=faults), clock=lambda: self.now)
        self.http = TestClient(self.app, raise_server_exceptions=False)
        self.token = self.http.post("/api/session", auth=ADMIN).json()
        self.headers = {"vmware-api-session-id": self.token}

    def create(self, **changes: Any) -> httpx.Response:
        body = {key: value for key, value in {**VALID, **changes}.items() if value is not ...}
        return self.http.post(JOB, json=body, headers=self.headers)

    def get(self, path: str) -> httpx.Response:
        return self.http.get(path, headers=self.headers)

    def job(self, job_id: str) -> dict[str, Any]:
        status: dict[str, Any] = self.get(f"{JOB}/{job_id}").json()
        return status


def _progress_past_100(mock: Mock) -> bool:
    """Past half-way (of 10 s) a running job reports more than 100."""
    job_id = mock.create().json()["id"]
    mock.now += 6
    status = mock.job(job_id)
    return status["state"] == "INPROGRESS" and status["progress"] > 100


def _accepts(**changes: Any) -> Callable[[Mock], bool]:
    return lambda mock: mock.create(**changes).status_code == 201


def _progress_backwards(mock: Mock) -> bool:
    job_id = mock.create().json()["id"]
    mock.now += 1
    first, second = mock.job(job_id)["progress"], mock.job(job_id)["progress"]
    return bool(second < first)


def _finished(mock: Mock) -> dict[str, Any]:
    job_id = mock.create().json()["id"]
    mock.now += 10
    return mock.job(job_id)


def _second_create(mock: Mock) -> httpx.Response:
    mock.create()
    return mock.create()


def _busy_after_finish(mock: Mock) -> bool:
    mock.create()
    mock.now += 10
    return mock.create().status_code != 201


def _concurrent_creates(mock: Mock) -> bool:
    async def burst() -> list[int]:
        transport = httpx.ASGITransport(app=mock.app)
        async with httpx.AsyncClient(transport=transport, base_url="http://mock") as client:
            answers = await asyncio.gather(
                *(client.post(JOB, json=VALID, headers=mock.headers) for _ in range(5))
            )
        return [answer.status_code for answer in answers]

    statuses = asyncio.run(burst())
    sequential = mock.create().status_code
    assert sequential != 201, "a sequential second create must still be refused"
    return statuses.count(201) > 1


def _malformed_json(mock: Mock) -> bool:
    headers = {**mock.headers, "content-type": "application/json"}
    answer = mock.http.post(JOB, content=b"{", headers=headers)
    return answer.status_code == 500 and answer.headers["content-type"].startswith("text/plain")


def _deleted_session(mock: Mock) -> bool:
    assert mock.http.delete("/api/session", headers=mock.headers).status_code == 204
    return mock.get(JOB).status_code == 200


def _cancel_ignored(mock: Mock) -> bool:
    job_id = mock.create().json()["id"]
    assert mock.http.post(f"{JOB}/{job_id}?action=cancel", headers=mock.headers).status_code == 200
    return bool(mock.job(job_id)["state"] == "INPROGRESS")


def _created_not_found(mock: Mock) -> bool:
    return mock.get(f"{JOB}/{mock.create().json()['id']}").status_code == 404


def _missing_from_list(mock: Mock) -> bool:
    job_id = mock.create().json()["id"]
    return job_id not in mock.get(JOB).json()


def _secret_echoed(mock: Mock) -> bool:
    in_error = "weakpass" in mock.create(backup_password="weakpass").text
    job_id = mock.create(location_password="Loc#Secret1").json()["id"]
    in_job = "Loc#Secret1" in mock.get(f"{JOB}/{job_id}").text
    assert in_error == in_job
    return in_error


SCHEDULES = "/api/appliance/recovery/backup/schedules"
SCHEDULE_SPEC: dict[str, Any] = {"location": "sftp://10.0.0.5/backups/vc01", "enable": False}


def _schedule_weak_password(mock: Mock) -> bool:
    body = {"schedule": "s1", "spec": {**SCHEDULE_SPEC, "backup_password": "Aa1!aaa"}}
    return mock.http.post(SCHEDULES, json=body, headers=mock.headers).status_code == 204


def _unknown_schedule_400(mock: Mock) -> bool:
    return mock.get(f"{SCHEDULES}/nope").status_code == 400


def _schedule_run_while_busy(mock: Mock) -> bool:
    body = {"schedule": "s1", "spec": SCHEDULE_SPEC}
    mock.http.post(SCHEDULES, json=body, headers=mock.headers)
    mock.create()
    run = mock.http.post(f"{SCHEDULES}/s1?action=run", headers=mock.headers)
    return run.status_code == 200


def _validate(mock: Mock, **changes: Any) -> httpx.Response:
    body = {**VALID, **changes}
    url = "/api/appliance/recovery/backup?action=validate"
    return mock.http.post(url, json=body, headers=mock.headers)


def _validate_starts_backup(mock: Mock) -> bool:
    _validate(mock)
    return bool(mock.get(JOB).json())


def _details_of_a_scheduled_run(mock: Mock) -> bool:
    body = {"schedule": "s1", "spec": SCHEDULE_SPEC}
    mock.http.post(SCHEDULES, json=body, headers=mock.headers)
    job_id = mock.http.post(f"{SCHEDULES}/s1?action=run", headers=mock.headers).json()["id"]
    details = mock.get(f"{JOB}/details").json()
    return bool(details[job_id]["type"] == "MANUAL")


def _details_missing_newest(mock: Mock) -> bool:
    job_id = mock.create().json()["id"]
    return job_id not in mock.get(f"{JOB}/details").json()


SCENARIOS: dict[Fault, Callable[[Mock], bool]] = {
    Fault.PASSWORD_MIN_LENGTH: _accepts(backup_password="Aa1!a"),
    Fault.PASSWORD_MAX_LENGTH: _accepts(backup_password="Aa1!" * 6),
    Fault.PASSWORD_UPPERCASE: _accepts(backup_password="aaaa1111!"),
    Fault.PASSWORD_LOWERCASE: _accepts(backup_password="AAAA1111!"),
    Fault.PASSWORD_DIGIT: _accepts(backup_password="Aaaaaaaa!"),
    Fault.PASSWORD_SPECIAL: _accepts(backup_password="Aaaa1111"),
    Fault.PASSWORD_VISIBLE_ASCII: _accepts(backup_password="Aa1! aaaa"),
    Fault.PASSWORD_7_CHARACTERS: _accepts(backup_password="Aa1!aaa"),
    Fault.PASSWORD_21_CHARACTERS: _accepts(backup_password="Aa1!" * 5 + "a"),
    Fault.PASSWORD_SPACE: _accepts(backup_password="Aa1! aaaa"),
    Fault.LOCATION_TYPE_NOT_CHECKED: _accepts(location_type="WEBDAV"),
    Fault.LOCATION_TYPE_TRIMMED: _accepts(location_type=" SFTP"),
    Fault.NULL_PARTS_ACCEPTED: _accepts(parts=None),
    Fault.PARTS_BARE_STRING: _accepts(parts="common"),
    Fault.BOOLEAN_STRINGS: _accepts(fast_backup="yes"),
    Fault.CREATE_200: lambda mock: mock.create().status_code == 200,
    Fault.UNKNOWN_JOB_SUCCEEDED: lambda mock: mock.job("nope").get("state") == "SUCCEEDED",
    Fault.LOCATION_TYPE_CASE_INSENSITIVE: _accepts(location_type="sftp"),
    Fault.PARTS_NOT_REQUIRED: _accepts(parts=...),
    Fault.LOCATION_TYPE_NOT_REQUIRED: _accepts(location_type=...),
    Fault.LOCATION_NOT_REQUIRED: _accepts(location=...),
    Fault.WRONG_TYPES_ACCEPTED: _accepts(comment=5),
    Fault.CREATE_FIELD_MISSING: lambda mock: "start_time" not in mock.create().json(),
    Fault.CREATE_FIELD_MISTYPED: lambda mock: isinstance(mock.create().json()["progress"], str),
    Fault.STATE_OUTSIDE_ENUM: lambda mock: (
        mock.job(mock.create().json()["id"])["state"]
        not in ("FAILED", "INPROGRESS", "NONE", "SUCCEEDED")
    ),
    Fault.PROGRESS_OUT_OF_RANGE: lambda mock: (
        not 0 <= mock.job(mock.create().json()["id"])["progress"] <= 100
    ),
    Fault.PROGRESS_BACKWARDS: _progress_backwards,
    Fault.PROGRESS_PAST_100: _progress_past_100,
    Fault.SUCCEEDED_BELOW_100: lambda mock: _finished(mock)["progress"] != 100,
    Fault.END_TIME_WHILE_RUNNING: lambda mock: "end_time" in mock.job(mock.create().json()["id"]),
    Fault.END_TIME_MISSING: lambda mock: "end_time" not in _finished(mock),
    Fault.TIMES_WITHOUT_ZONE: lambda mock: not ZONED.match(_finished(mock)["end_time"]),
    Fault.SECOND_BACKUP_ACCEPTED: lambda mock: _second_create(mock).status_code == 201,
    Fault.FEATURE_IN_USE_409: lambda mock: _second_create(mock).status_code == 409,
    Fault.FEATURE_IN_USE_WRONG_TYPE: lambda mock: (
        _second_create(mock).json()["error_type"] != "FEATURE_IN_USE"
    ),
    Fault.BUSY_AFTER_FINISH: _busy_after_finish,
    Fault.CONCURRENT_CREATE_RACE: _concurrent_creates,
    Fault.ERROR_WITHOUT_MESSAGES: lambda mock: "messages" not in mock.get("/api/x").json(),
    Fault.UNKNOWN_ERROR_TYPE: lambda mock: (
        mock.create(parts=7).json()["error_type"] not in ERROR_TYPES
    ),
    Fault.HTML_ERROR_BODY: lambda mock: (
        mock.get("/api/x").headers["content-type"].startswith("text/html")
    ),
    Fault.MALFORMED_JSON_500: _malformed_json,
    Fault.VALID_INPUT_500: lambda mock: mock.create(comment="nightly").status_code == 500,
    Fault.NO_AUTHENTICATION: lambda mock: mock.http.get(JOB).status_code == 200,
    Fault.DELETED_SESSION_ACCEPTED: _deleted_session,
    Fault.WRONG_CREDENTIALS_ACCEPTED: lambda mock: (
        mock.http.post("/api/session", auth=(ADMIN[0], "wrong")).status_code == 201
    ),
    Fault.SESSION_INFO_WITHOUT_USER: lambda mock: "user" not in mock.get("/api/session").json(),
    Fault.UNKNOWN_JOB_200: lambda mock: mock.get(f"{JOB}/nope").status_code == 200,
    Fault.CREATED_JOB_NOT_FOUND: _created_not_found,
    Fault.CREATED_JOB_ID_EMPTY: lambda mock: mock.create().json()["id"] == "",
    Fault.JOB_MISSING_FROM_LIST: _missing_from_list,
    Fault.CANCEL_IGNORED: _cancel_ignored,
    Fault.CANCEL_UNKNOWN_200: lambda mock: (
        mock.http.post(f"{JOB}/nope?action=cancel", headers=mock.headers).status_code == 200
    ),
    Fault.SECRET_ECHOED: _secret_echoed,
    Fault.PARTS_WITHOUT_COMMON: lambda mock: (
        "common" not in [part["id"] for part in mock.get(PARTS).json()]
    ),
    Fault.NEGATIVE_PART_SIZE: lambda mock: mock.get(f"{PARTS}/common").json() < 0,
    Fault.SCHEDULE_PASSWORD_NOT_CHECKED: _schedule_weak_password,
    Fault.UNKNOWN_SCHEDULE_400: _unknown_schedule_400,
    Fault.SCHEDULE_RUN_WHILE_BUSY: _schedule_run_while_busy,
    Fault.VALIDATE_STARTS_BACKUP: _validate_starts_backup,
    Fault.VALIDATE_WITHOUT_MESSAGES: lambda mock: "messages" not in _validate(mock).json(),
    Fault.VALIDATE_PASSWORD_NOT_CHECKED: lambda mock: (
        _validate(mock, backup_password="Aa1!aaa").status_code == 200
    ),
    Fault.DETAILS_MISSING_NEWEST: _details_missing_newest,
    Fault.DETAILS_TYPE_MANUAL: _details_of_a_scheduled_run,
}


@pytest.mark.parametrize("fault", list(Fault), ids=lambda fault: fault.value)
def test_the_fault_shows_and_the_clean_mock_does_not(fault: Fault) -> None:
    scenario = SCENARIOS[fault]
    assert scenario(Mock(frozenset())) is False
    faulty = Mock(frozenset({fault}))
    assert scenario(faulty) is True
    assert faulty.app.state.errors == []  # faults are deliberate answers, not crashes


def test_every_fault_has_a_scenario_description_and_must_requirements() -> None:
    requirements = catalogue()
    assert len(Fault) >= 27
    assert set(SCENARIOS) == set(Fault)
    for fault in Fault:
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)+", fault.value)
        assert fault.description
        assert fault.requirements
        for requirement_id in fault.requirements:
            assert requirements[requirement_id].level == "MUST", (fault, requirement_id)


def test_parse() -> None:
    assert Fault.parse("secret-echoed") is Fault.SECRET_ECHOED
    with pytest.raises(ValueError, match=r"unknown fault 'nope'.*secret-echoed"):
        Fault.parse("nope")
