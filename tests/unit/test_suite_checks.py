"""The suite's checks: each holds on a conforming answer and fails on the deviation it names."""

from __future__ import annotations

import json
from typing import Any

import pytest

from vcsa_conformance.results import RecordedRequest, RecordedResponse
from vcsa_conformance.suite.http.exchange import Exchange
from vcsa_conformance.suite.judge import checks
from vcsa_conformance.suite.judge.recorder import CheckFailed

CREATE = "POST /api/appliance/recovery/backup/job"
GET_JOB = "GET /api/appliance/recovery/backup/job/{id}"
UNAUTH = {
    "error_type": "UNAUTHENTICATED",
    "messages": [{"id": "x", "default_message": "Authentication required.", "args": []}],
}
STATUS = {
    "id": "20261127-120000-1",
    "state": "INPROGRESS",
    "messages": [],
    "progress": 0,
    "start_time": "2026-11-27T12:00:00.000Z",
}


def exchange(
    status: int,
    body: Any = None,
    *,
    operation: str | None = CREATE,
    content_type: str = "application/json",
    raw: bytes | None = None,
    secrets: tuple[str, ...] = (),
) -> Exchange:
    content = raw if raw is not None else (b"" if body is None else json.dumps(body).encode())
    return Exchange(
        operation=operation,
        request=RecordedRequest("POST", "https://127.0.0.1/api/appliance/recovery/backup/job"),
        response=RecordedResponse(status, {}, content.decode("utf-8", "replace") or None),
        status=status,
        headers={"content-type": content_type} if content else {},
        content=content,
        secrets=secrets,
    )


def fails(check: Any, *args: Any) -> str:
    with pytest.raises(CheckFailed) as caught:
        check(*args)
    assert "Expected:" in str(caught.value) and "Received:" in str(caught.value)
    return caught.value.received


def test_status_documented() -> None:
    checks.check_status_documented(exchange(201, STATUS))
    assert fails(checks.check_status_documented, exchange(409, UNAUTH)) == "409"
    fails(checks.check_status_documented, exchange(200, [], operation=None))


def test_json_answer() -> None:
    checks.check_json_answer(exchange(201, STATUS))
    checks.check_json_answer(exchange(204))
    fails(checks.check_json_answer, exchange(400, raw=b"<html/>", content_type="text/html"))
    fails(checks.check_json_answer, exchange(400, raw=b"{oops"))


def test_body_matches_schema() -> None:
    checks.check_body_matches_schema(exchange(201, STATUS))
    missing = {k: v for k, v in STATUS.items() if k != "start_time"}
    assert "start_time" in fails(checks.check_body_matches_schema, exchange(201, missing))
    no_zone = {**STATUS, "start_time": "2026-11-27T12:00:00"}
    fails(checks.check_body_matches_schema, exchange(201, no_zone))
    fails(checks.check_body_matches_schema, exchange(400, {"error_type": "INVALID_ARGUMENT"}))


def test_error_type_matches_status() -> None:
    checks.check_error_type_matches_status(exchange(401, UNAUTH))
    bad = {**UNAUTH, "error_type": "CONCURRENT_CHANGE"}
    assert "CONCURRENT_CHANGE" in fails(checks.check_error_type_matches_status, exchange(400, bad))


def test_vapi_error_body() -> None:
    checks.check_vapi_error_body(exchange(401, UNAUTH))
    fails(checks.check_vapi_error_body, exchange(201, STATUS))
    fails(checks.check_vapi_error_body, exchange(400, {"error_type": "INVALID_ARGUMENT"}))
    fails(checks.check_vapi_error_body, exchange(400, {**UNAUTH, "error_type": "BAD_REQUEST"}))


def test_not_created_and_invalid_argument() -> None:
    checks.check_not_created(exchange(400, UNAUTH))
    fails(checks.check_not_created, exchange(201, STATUS))
    invalid = {**UNAUTH, "error_type": "INVALID_ARGUMENT"}
    checks.check_invalid_argument(exchange(400, invalid))
    assert fails(checks.check_invalid_argument, exchange(500, {**UNAUTH, "error_type": "ERROR"}))


def test_invalid_request_is_fine_only_for_what_cannot_be_deserialized() -> None:
    """VMware's runtime answers undeserializable input 400 INVALID_REQUEST (BKP-INPUT-012)."""
    invalid_request = exchange(400, {**UNAUTH, "error_type": "INVALID_REQUEST"})
    checks.check_invalid_argument(invalid_request, True)
    assert "INVALID_REQUEST" in fails(checks.check_invalid_argument, invalid_request)
    fails(
        checks.check_invalid_argument,
        exchange(500, {**UNAUTH, "error_type": "INVALID_REQUEST"}),
        True,
    )


def test_invalid_request_goes_with_every_status_of_the_runtimes_http_layer() -> None:
    """BKP-RESP-004 must not fail VMware's own runtime (404, 405, 415, 500 INVALID_REQUEST)."""
    for status in (400, 404, 405, 415, 500):
        checks.check_error_type_matches_status(
            exchange(status, {**UNAUTH, "error_type": "INVALID_REQUEST"})
        )
    fails(
        checks.check_error_type_matches_status,
        exchange(401, {**UNAUTH, "error_type": "INVALID_REQUEST"}),
    )
    not_found = {**UNAUTH, "error_type": "INVALID_REQUEST"}
    cancel = "POST /api/appliance/recovery/backup/job/{id}"
    checks.check_body_matches_schema(exchange(404, not_found, operation=cancel))


def test_created_or_busy() -> None:
    checks.check_created_or_busy(exchange(201, STATUS))
    checks.check_created_or_busy(exchange(400, {**UNAUTH, "error_type": "FEATURE_IN_USE"}))
    fails(checks.check_created_or_busy, exchange(500, {**UNAUTH, "error_type": "ERROR"}))


def test_exactly_one_created() -> None:
    busy = exchange(400, {**UNAUTH, "error_type": "FEATURE_IN_USE"})
    checks.check_exactly_one_created([exchange(201, STATUS), busy, busy])
    fails(checks.check_exactly_one_created, [exchange(201, STATUS), exchange(201, STATUS)])


@pytest.mark.parametrize(
    ("check", "good", "bad"),
    [
        (checks.check_state_in_enum, STATUS, {**STATUS, "state": "RUNNING"}),
        (checks.check_progress_range, STATUS, {**STATUS, "progress": 101}),
        (checks.check_progress_range, STATUS, {**STATUS, "progress": True}),
        (checks.check_times_rfc3339, STATUS, {**STATUS, "start_time": "2026-11-27 12:00:00"}),
        (
            checks.check_no_end_time_while_running,
            {**STATUS, "end_time": None},
            {**STATUS, "end_time": "2026-11-27T12:01:00Z"},
        ),
        (
            checks.check_end_time_when_finished,
            {**STATUS, "state": "FAILED", "end_time": "2026-11-27T12:01:00Z"},
            {**STATUS, "state": "FAILED", "end_time": "2026-11-27T11:00:00Z"},
        ),
        (checks.check_end_time_when_finished, STATUS, {**STATUS, "state": "SUCCEEDED"}),
        (
            checks.check_succeeded_complete,
            {**STATUS, "state": "SUCCEEDED", "progress": 100},
            {**STATUS, "state": "SUCCEEDED", "progress": 99},
        ),
    ],
)
def test_job_status_rules(check: Any, good: dict[str, Any], bad: dict[str, Any]) -> None:
    check(good)
    fails(check, bad)


def test_progress_monotonic() -> None:
    checks.check_progress_monotonic([0, 10, 10, 100])
    fails(checks.check_progress_monotonic, [0, 50, 10])


def test_job_found_and_listed() -> None:
    read = exchange(200, STATUS, operation=GET_JOB)
    checks.check_job_found(read, STATUS["id"])
    fails(checks.check_job_found, read, "other")
    fails(checks.check_job_found, read, "")
    checks.check_job_listed(exchange(200, [STATUS["id"]]), STATUS["id"])
    fails(checks.check_job_listed, exchange(200, []), STATUS["id"])


def test_cancel_checks() -> None:
    checks.check_cancel_result(exchange(200, {"status": "OK", "messages": []}))
    fails(checks.check_cancel_result, exchange(404, UNAUTH))
    checks.check_left_running(exchange(200, {**STATUS, "state": "FAILED"}))
    fails(checks.check_left_running, exchange(200, STATUS))
    done = exchange(200, {**STATUS, "state": "SUCCEEDED"})
    checks.check_cancel_finished(
        exchange(200, {"status": "FAIL", "messages": []}), "SUCCEEDED", done
    )
    fails(
        checks.check_cancel_finished,
        exchange(200, {"status": "OK"}),
        "SUCCEEDED",
        exchange(200, {**STATUS, "state": "FAILED"}),
    )


def test_a_cancelled_job_does_not_succeed() -> None:
    checks.check_not_succeeded(exchange(200, {**STATUS, "state": "FAILED"}))
    assert "SUCCEEDED" in fails(
        checks.check_not_succeeded, exchange(200, {**STATUS, "state": "SUCCEEDED"})
    )


def test_parts_checks() -> None:
    checks.check_parts_list(exchange(200, [{"id": "common"}, {"id": "seat"}]))
    fails(checks.check_parts_list, exchange(200, [{"id": "seat"}]))
    checks.check_part_size(exchange(200, 512))
    fails(checks.check_part_size, exchange(200, -1))
    fails(checks.check_part_size, exchange(200, "512"))


def test_no_secret_echo() -> None:
    secret = 'Canary"Pass1!'
    clean = exchange(400, UNAUTH, secrets=(secret,))
    checks.check_no_secret_echo(clean)
    echoed = exchange(400, {**UNAUTH, "data": {"pw": secret}}, secrets=(secret,))
    received = fails(checks.check_no_secret_echo, echoed)
    assert secret not in received  # the failure itself never repeats the secret
    checks.check_no_secret_echo(exchange(400, {**UNAUTH, "data": "A"}, secrets=("A",)))
    fails(
        checks.check_no_secret_echo, exchange(200, {"x": "Earlier-Secret-1"}), ("Earlier-Secret-1",)
    )


@pytest.mark.parametrize("word", ["password", "content-", "Authentication required."])
def test_no_secret_echo_ignores_words_an_answer_holds_anyway(word: str) -> None:
    body = {**UNAUTH, "data": "backup_password: the password must be; content-type; " + word}
    checks.check_no_secret_echo(exchange(400, body, secrets=(word,)))


def test_no_secret_echo_searches_session_tokens() -> None:
    token = "9439efdd83f24d809f3f1a78ebd4ddac"
    fails(checks.check_no_secret_echo, exchange(200, {"echo": token}, secrets=(token,)))


def test_one_backup_at_a_time_allows_only_provably_serial_jobs() -> None:
    busy = exchange(400, {**UNAUTH, "error_type": "FEATURE_IN_USE"})
    two = [exchange(201, STATUS), exchange(201, STATUS), busy]
    running = [STATUS, STATUS]
    fails(checks.check_one_backup_at_a_time, two, running)
    serial = [
        {
            **STATUS,
            "state": "SUCCEEDED",
            "start_time": "2026-11-27T12:00:00Z",
            "end_time": "2026-11-27T12:00:00Z",
        },
        {
            **STATUS,
            "state": "SUCCEEDED",
            "start_time": "2026-11-27T12:00:00Z",
            "end_time": "2026-11-27T12:00:01Z",
        },
    ]
    checks.check_one_backup_at_a_time(two, serial)
    fails(checks.check_one_backup_at_a_time, [*two[:2], exchange(409, UNAUTH)], serial)


def test_session_checks() -> None:
    checks.check_session_created(exchange(201, "9439efdd83f24d809f3f1a78ebd4ddac"))
    fails(checks.check_session_created, exchange(201, {"value": "9439efdd83f24d80"}))
    fails(checks.check_session_created, exchange(200, "9439efdd83f24d809f3f1a78ebd4ddac"))
    info = {"user": "administrator@vsphere.local", "created_time": "2026-11-27T12:00:00Z"}
    checks.check_session_info(exchange(200, info))
    fails(checks.check_session_info, exchange(200, {"created_time": "2026-11-27T12:00:00Z"}))


def test_status_and_type() -> None:
    checks.check_status_and_type(exchange(401, UNAUTH), 401, "UNAUTHENTICATED")
    fails(checks.check_status_and_type, exchange(200, STATUS), 401, "UNAUTHENTICATED")
    fails(
        checks.check_status_and_type,
        exchange(401, {**UNAUTH, "error_type": "UNAUTHORIZED"}),
        401,
        "UNAUTHENTICATED",
    )


def test_known_path_error() -> None:
    checks.check_known_path_error(exchange(404, UNAUTH, operation=None))
    checks.check_known_path_error(exchange(405, UNAUTH, operation=None))
    fails(checks.check_known_path_error, exchange(200, {}, operation=None))
