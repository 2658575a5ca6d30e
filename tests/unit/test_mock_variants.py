"""Conformant variants: each changes the mock's answers in its documented, conformant way."""

from __future__ import annotations

import re
import uuid
import warnings
from typing import Any

import httpx
import pytest

from vcsa_conformance.mock.app import create_app
from vcsa_conformance.mock.model.config import MockConfig
from vcsa_conformance.mock.model.variants import Variant

with warnings.catch_warnings():  # starlette 1.x prefers httpx2; httpx is what we depend on
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

ADMIN = ("administrator@vsphere.local", "VMware1!")
JOB = "/api/appliance/recovery/backup/job"
VALID: dict[str, Any] = {"parts": [], "location_type": "NFS", "location": "nfs://10.1.1.1:/b/"}


class Mock:
    """A TestClient on a fresh mock with a settable clock, logged in as the administrator."""

    def __init__(self, *variants: Variant) -> None:
        self.now = 1_795_780_800.0
        config = MockConfig(job_seconds=10, variants=frozenset(variants))
        self.app = create_app(config, clock=lambda: self.now)
        self.http = TestClient(self.app, raise_server_exceptions=False)
        self.headers = {"vmware-api-session-id": self.http.post("/api/session", auth=ADMIN).json()}

    def create(self, body: object = VALID) -> httpx.Response:
        return self.http.post(JOB, json=body, headers=self.headers)

    def get(self, path: str) -> httpx.Response:
        return self.http.get(path, headers=self.headers)


def test_instant_jobs_have_succeeded_by_the_first_read() -> None:
    mock = Mock(Variant.INSTANT_JOBS)
    job_id = mock.create().json()["id"]
    status = mock.get(f"{JOB}/{job_id}").json()
    assert (status["state"], status["progress"]) == ("SUCCEEDED", 100)
    assert status["end_time"] >= status["start_time"]
    assert mock.create().status_code == 201


def test_instant_jobs_still_refuse_a_create_before_any_read() -> None:
    mock = Mock(Variant.INSTANT_JOBS)
    mock.create()
    assert mock.create().json()["error_type"] == "FEATURE_IN_USE"


def test_extra_fields_in_every_object() -> None:
    mock = Mock(Variant.EXTRA_FIELDS)
    answers = [mock.create(), mock.get("/api/session"), mock.get("/api/x"), mock.create()]
    for answer in answers:
        assert "x_vendor_trace" in answer.json(), answer.text
    parts = mock.get("/api/appliance/recovery/backup/parts").json()
    assert all("x_vendor_trace" in part for part in parts)
    assert isinstance(mock.get(JOB).json(), list)


def test_challenge_on_401() -> None:
    mock = Mock(Variant.CHALLENGE_ON_401)
    answer = mock.http.get(JOB)
    assert answer.status_code == 401
    assert answer.json()["error_type"] == "UNAUTHENTICATED"
    assert answer.json()["challenge"].startswith("Basic realm=")
    assert answer.headers["www-authenticate"].startswith("Basic realm=")
    assert "challenge" not in mock.get("/api/x").json()


def test_other_id_format() -> None:
    mock = Mock(Variant.OTHER_ID_FORMAT)
    job_id = mock.create().json()["id"]
    assert uuid.UUID(job_id)
    assert mock.get(f"{JOB}/{job_id}").status_code == 200


@pytest.mark.parametrize("body", [{}, {**VALID, "location_type": "nfs"}, b"{", b""])
def test_invalid_input_500(body: object) -> None:
    mock = Mock(Variant.INVALID_INPUT_500)
    if isinstance(body, bytes):
        headers = {**mock.headers, "content-type": "application/json"}
        answer = mock.http.post(JOB, content=body, headers=headers)
    else:
        answer = mock.create(body)
    assert answer.status_code == 500
    assert answer.json()["error_type"] == "ERROR" and answer.json()["messages"]
    assert mock.app.state.errors == []
    assert mock.create().status_code == 201


def test_null_end_time_while_running() -> None:
    mock = Mock(Variant.NULL_END_TIME)
    job_id = mock.create().json()["id"]
    assert mock.get(f"{JOB}/{job_id}").json()["end_time"] is None
    mock.now += 10
    assert mock.get(f"{JOB}/{job_id}").json()["end_time"]


def test_zone_offset_times() -> None:
    mock = Mock(Variant.ZONE_OFFSET_TIMES)
    status = mock.create().json()
    assert re.fullmatch(r".*T.*\+02:00", status["start_time"])


def test_job_messages() -> None:
    mock = Mock(Variant.JOB_MESSAGES)
    job_id = mock.create().json()["id"]
    mock.now += 5
    messages = mock.get(f"{JOB}/{job_id}").json()["messages"]
    assert messages[0]["args"] == ["50"] and set(messages[0]) == {"id", "default_message", "args"}


def test_cancel_finished_not_allowed() -> None:
    mock = Mock(Variant.CANCEL_FINISHED_NOT_ALLOWED)
    job_id = mock.create().json()["id"]
    mock.now += 10
    answer = mock.http.post(f"{JOB}/{job_id}?action=cancel", headers=mock.headers)
    assert answer.status_code == 400
    assert answer.json()["error_type"] == "NOT_ALLOWED_IN_CURRENT_STATE"
    assert mock.get(f"{JOB}/{job_id}").json()["state"] == "SUCCEEDED"


def test_every_variant_is_documented_and_parsed() -> None:
    for variant in Variant:
        assert variant.description
        assert Variant.parse(variant.value) is variant
    with pytest.raises(ValueError, match=r"unknown variant 'x'.*instant-jobs"):
        Variant.parse("x")


def test_variants_declare_only_should_failures() -> None:
    from vcsa_conformance.contract.requirements import requirement
    from vcsa_conformance.mock.model.variants import Variant

    declared = {rid for variant in Variant for rid in variant.should_failures}
    assert declared, "at least invalid-input-500 breaks a SHOULD on purpose"
    assert all(requirement(rid).level == "SHOULD" for rid in declared)


@pytest.mark.parametrize(
    ("content", "content_type", "status"),
    [
        (b"{", "application/json", 400),  # not JSON
        (b"[]", "application/json", 500),  # the runtime calls .items() on a list
        (b'{"parts": "common", "location_type": "NFS", "location": "nfs://h/b"}', None, 415),
        (b'{"parts": [], "location_type": "NFS", "location": "nfs://h/b"}', "text/plain", 415),
    ],
)
def test_vapi_runtime_refuses_unreadable_bodies_with_invalid_request(
    content: bytes, content_type: str | None, status: int
) -> None:
    mock = Mock(Variant.VAPI_RUNTIME)
    headers = {**mock.headers, **({"content-type": content_type} if content_type else {})}
    answer = mock.http.post(JOB, content=content, headers=headers)
    assert (answer.status_code, answer.json()["error_type"]) == (status, "INVALID_REQUEST")


@pytest.mark.parametrize(
    ("change", "status"),
    [
        ({"parts": "common"}, 400),  # a list given as a string
        ({"parts": None}, 400),  # null for a required field
        ({"comment": 5}, 400),  # a string given as a number
        ({"fast_backup": "yes"}, 400),
        ({"fast_backup": 1}, 500),  # the runtime calls .lower() on an int
        ({"x_unknown": "y"}, 400),  # an unknown field
    ],
)
def test_vapi_runtime_deserializes_before_the_service(change: dict[str, Any], status: int) -> None:
    answer = Mock(Variant.VAPI_RUNTIME).create({**VALID, **change})
    assert (answer.status_code, answer.json()["error_type"]) == (status, "INVALID_REQUEST")


def test_vapi_runtime_reads_true_and_false_as_booleans_and_leaves_the_rest_to_the_service() -> None:
    mock = Mock(Variant.VAPI_RUNTIME)
    assert mock.create({**VALID, "fast_backup": "TRUE"}).status_code == 201
    service = Mock(Variant.VAPI_RUNTIME)
    assert service.create({"parts": []}).json()["error_type"] == "INVALID_ARGUMENT"  # missing
    answer = service.create({**VALID, "location_type": "nfs"})  # open enums reach the service
    assert answer.json()["error_type"] == "INVALID_ARGUMENT"
    empty = service.http.post(
        JOB, content=b"", headers={**service.headers, "content-type": "application/json"}
    )
    assert empty.json()["error_type"] == "INVALID_ARGUMENT"


def test_vapi_runtime_routing_errors_are_invalid_request_and_the_body_comes_first() -> None:
    mock = Mock(Variant.VAPI_RUNTIME)
    for answer, status in (
        (mock.get("/api/appliance/recovery/backup/nothing"), 404),
        (mock.http.put(JOB, headers=mock.headers), 405),
        (mock.http.post(f"{JOB}/any", headers=mock.headers), 404),  # no ?action=cancel
        (mock.http.post(f"{JOB}/any?action=stop", headers=mock.headers), 404),
    ):
        assert (answer.status_code, answer.json()["error_type"]) == (status, "INVALID_REQUEST")
    anonymous = mock.http.post(JOB, content=b"{", headers={"content-type": "application/json"})
    assert anonymous.status_code == 400  # parsed before the session is checked
    assert mock.http.post(JOB, json=VALID).status_code == 401


def test_a_create_races_the_end_of_the_backup_it_meets() -> None:
    """The third create sent during a backup (after its first read) finds it just ended."""
    mock = Mock(Variant.CREATE_RACES_BACKUP_END)
    first = mock.create().json()["id"]
    assert mock.create().json()["error_type"] == "FEATURE_IN_USE"  # before any read: no count
    mock.get(f"{JOB}/{first}")
    assert [mock.create().status_code for _ in range(2)] == [400, 400]
    second = mock.create()
    assert second.status_code == 201
    ended = mock.get(f"{JOB}/{first}").json()
    assert (ended["state"], ended["progress"]) == ("SUCCEEDED", 100)
    assert ended["end_time"] <= second.json()["start_time"]
