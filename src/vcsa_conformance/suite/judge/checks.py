"""Small named checks, one rule each; the function name is the check id in reports.

Every check takes what it judges (mostly an ``Exchange``) and raises ``CheckFailed`` with
Expected/Received text. It does not know the requirement level: the caller names the
requirement id through ``Recorder.check`` (one check may serve several requirements, e.g.
``check_vapi_error_body`` for every input-validation rule). The first docstring line names
the requirement ids a check is used for.
"""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Sequence
from typing import Any

from vcsa_conformance.contract import schemas, spec, vapi
from vcsa_conformance.contract.api import FAILED, INPROGRESS, JOB_STATES, REQUIRED_PART, SUCCEEDED
from vcsa_conformance.contract.timestamps import parse_rfc3339
from vcsa_conformance.suite.http.exchange import NO_JSON, Exchange
from vcsa_conformance.suite.judge.recorder import CheckFailed

_SHORTEST_SECRET_SEARCHED = 8  # shorter generated values occur in answers by chance
_TOKEN = re.compile(r"[A-Za-z0-9_+/=-]{24,}")


def _searchable(secret: str) -> bool:
    """A secret worth searching an answer for: one that cannot be there by chance.

    Generated values may be words an honest answer holds anyway: hypothesis draws string
    constants from the code, so a location_password of "password" meets "backup_password"
    in an error message, and "content-" meets a header name. Only values with all four
    character classes (the suite's canary passwords) and long token-like values (session
    ids) are distinctive enough for an echo to mean an echo.
    """
    if len(secret) < _SHORTEST_SECRET_SEARCHED:
        return False
    if _TOKEN.fullmatch(secret) and any(c.isdigit() for c in secret):
        return True
    return (
        any(c.isupper() for c in secret)
        and any(c.islower() for c in secret)
        and any(c.isdigit() for c in secret)
        and any(not c.isalnum() for c in secret)
    )


def _body_excerpt(exchange: Exchange, limit: int = 300) -> str:
    text = exchange.response.body or ""
    return text if len(text) <= limit else text[:limit] + "..."


# Responses (BKP-RESP-*)


def check_status_documented(exchange: Exchange) -> None:
    """BKP-RESP-001: the status is one the contract documents for the operation."""
    operation = _operation(exchange)
    if not operation.documents(exchange.status):
        raise CheckFailed(
            f"a status documented for {operation.key}: {', '.join(operation.statuses)}",
            str(exchange.status),
        )


def check_json_answer(exchange: Exchange) -> None:
    """BKP-RESP-002: an answer with a body is application/json and parses as JSON."""
    if not exchange.content:
        return
    if exchange.content_type != "application/json":
        raise CheckFailed(
            "Content-Type application/json",
            f"Content-Type {exchange.headers.get('content-type', '(none)')!r}",
        )
    if exchange.json is NO_JSON:
        raise CheckFailed("a body that parses as JSON", _body_excerpt(exchange))


def check_body_matches_schema(exchange: Exchange) -> None:
    """BKP-RESP-003, BKP-CREATE-002: the body validates against the contract's schema."""
    operation = _operation(exchange)
    if exchange.json is NO_JSON:
        if schemas.schema_pointer(operation, exchange.status) is None:
            return
        raise CheckFailed(
            f"a JSON body valid against the schema of {operation.key} {exchange.status}",
            f"a body that is not JSON: {_body_excerpt(exchange)}",
        )
    errors = schemas.validation_errors(operation, exchange.status, exchange.json)
    if errors:
        raise CheckFailed(
            f"a body valid against the schema of {operation.key} {exchange.status}",
            "; ".join(errors[:5]),
        )


def check_error_type_matches_status(exchange: Exchange) -> None:
    """BKP-RESP-004: an error_type is one the vAPI runtime maps to the answer's status."""
    kind = exchange.error_type
    if kind is None or exchange.status < 400:
        return
    if kind not in vapi.types_for(exchange.status):
        raise CheckFailed(
            f"for status {exchange.status} an error_type from "
            f"{sorted(vapi.types_for(exchange.status))}",
            f"{kind} (mapped to {vapi.status_for(kind)})",
        )


def check_vapi_error_body(exchange: Exchange) -> None:
    """BKP-INPUT-*, BKP-AUTH-*, BKP-RESP-005: the answer is an error with a vAPI error body."""
    if exchange.status < 400:
        raise CheckFailed("an error status (4xx or 5xx)", exchange.describe())
    body = exchange.json
    problem = _vapi_error_problem(body)
    if problem:
        raise CheckFailed(
            "a vAPI error body {error_type, messages: [{id, default_message, args}]}",
            f"{problem}: {_body_excerpt(exchange)}",
        )


def _vapi_error_problem(body: Any) -> str | None:
    if not isinstance(body, dict):
        return "not a JSON object"
    messages = body.get("messages")
    if not isinstance(messages, list):
        return "no messages list"
    for message in messages:
        if not isinstance(message, dict) or not all(
            isinstance(message.get(key), str) for key in ("id", "default_message")
        ):
            return "a message without string id and default_message"
    kind = body.get("error_type")
    if kind is not None and kind not in vapi.ERROR_TYPES:
        return f"error_type {kind!r} outside the vAPI enum"
    return None


def check_status_and_type(exchange: Exchange, status: int, error_type: str) -> None:
    """BKP-AUTH-002..006, BKP-JOB-010, BKP-CANCEL-002, BKP-CONC-001: STATUS ERROR_TYPE."""
    if exchange.status != status or exchange.error_type != error_type:
        raise CheckFailed(f"{status} {error_type}", exchange.describe())


def check_not_created(exchange: Exchange, why: str = "the request is invalid") -> None:
    """BKP-INPUT-*, BKP-INPUT-013: an invalid create request is never answered 201."""
    if exchange.status == 201:
        raise CheckFailed(f"not 201 ({why})", "201: a backup job was created")


def check_invalid_argument(exchange: Exchange, undeserializable: bool = False) -> None:
    """BKP-INPUT-012: invalid input is answered 400 INVALID_ARGUMENT; input that cannot be
    parsed or deserialized may be 400 INVALID_REQUEST (vAPI's definition, VMware's runtime)."""
    allowed = ("INVALID_ARGUMENT", "INVALID_REQUEST") if undeserializable else ("INVALID_ARGUMENT",)
    if exchange.status != 400 or exchange.error_type not in allowed:
        raise CheckFailed(f"400 {' or '.join(allowed)}", exchange.describe())


def check_known_path_error(exchange: Exchange) -> None:
    """BKP-RESP-005: an unknown path or undeclared method answers 404 or 405."""
    if exchange.status not in (404, 405):
        raise CheckFailed("404 or 405", exchange.describe())


# Authentication (BKP-AUTH-*)


def check_session_created(exchange: Exchange) -> None:
    """BKP-AUTH-001: login answers 201 with the token as a JSON string."""
    if exchange.status != 201 or not isinstance(exchange.json, str) or not exchange.json:
        raise CheckFailed("201 with the session token as a JSON string", exchange.describe())


def check_session_info(exchange: Exchange) -> None:
    """BKP-AUTH-001: GET /api/session with the token answers 200 with a session Info."""
    body = exchange.json
    if exchange.status != 200 or not isinstance(body, dict) or not body.get("user"):
        raise CheckFailed("200 with a session Info {user, ...}", exchange.describe())


# Create and one backup at a time (BKP-CREATE-*, BKP-CONC-*)


def check_created_or_busy(exchange: Exchange) -> None:
    """BKP-CREATE-001: a valid create answers 201, or 400 FEATURE_IN_USE while one runs."""
    busy = exchange.status == 400 and exchange.error_type == "FEATURE_IN_USE"
    if exchange.status != 201 and not busy:
        raise CheckFailed("201, or 400 FEATURE_IN_USE while a backup runs", exchange.describe())


def check_created(exchange: Exchange) -> None:
    """BKP-CONC-003: a valid create on an idle target answers 201."""
    if exchange.status != 201:
        raise CheckFailed("201 (no backup is in progress)", exchange.describe())


def check_exactly_one_created(exchanges: Sequence[Exchange]) -> None:
    """BKP-CONC-002: N concurrent creates on an idle target give exactly one 201."""
    created = [e for e in exchanges if e.status == 201]
    others = [e for e in exchanges if e.status != 201]
    busy = [e for e in others if e.status == 400 and e.error_type == "FEATURE_IN_USE"]
    if len(created) != 1 or len(busy) != len(others):
        answers = ", ".join(sorted(e.describe() for e in exchanges))
        raise CheckFailed(f"exactly one 201 and {len(exchanges) - 1} x 400 FEATURE_IN_USE", answers)


def check_one_backup_at_a_time(answers: Sequence[Exchange], created: Sequence[Any]) -> None:
    """BKP-CONC-002: exactly one of N concurrent creates is 201, the others FEATURE_IN_USE;
    several 201s pass only when their jobs (``created``: statuses read right after) provably
    did not run at the same time (a conformant appliance whose jobs end at once)."""
    try:
        check_exactly_one_created(answers)
    except CheckFailed:
        busy = [e for e in answers if e.status != 201]
        refused_right = all(e.status == 400 and e.error_type == "FEATURE_IN_USE" for e in busy)
        if len(created) < 2 or not refused_right or _overlapping(created):
            raise


def _overlapping(statuses: Sequence[Any]) -> bool:
    """True unless the jobs are shown to have run one after the other."""
    if not all(isinstance(status, dict) for status in statuses):
        return True
    if sum(1 for status in statuses if status.get("state") == INPROGRESS) >= 2:
        return True
    try:
        spans = sorted(
            (
                parse_rfc3339(str(status.get("start_time"))),
                parse_rfc3339(str(status.get("end_time"))),
            )
            for status in statuses
        )
    except ValueError:
        return True  # cannot show they did not overlap
    return any(later[0] < earlier[1] for earlier, later in itertools.pairwise(spans))


# Job status (BKP-JOB-*)


def check_job_found(exchange: Exchange, job_id: str) -> None:
    """BKP-JOB-001: GET job/{id} of a created job answers 200 with that id."""
    if not job_id:
        raise CheckFailed("a non-empty job id", repr(job_id))
    body = exchange.json
    if exchange.status != 200 or not isinstance(body, dict) or body.get("id") != job_id:
        raise CheckFailed(f"200 with a BackupJobStatus of id {job_id!r}", exchange.describe())


def check_created_job_id(exchange: Exchange) -> None:
    """BKP-JOB-001: a 201 create answer names its job with a non-empty id (else the job
    cannot be read back, followed or cancelled)."""
    body = exchange.json
    job_id = body.get("id") if isinstance(body, dict) else None
    if exchange.status == 201 and not (isinstance(job_id, str) and job_id):
        raise CheckFailed("a 201 BackupJobStatus with a non-empty job id", f"id {job_id!r}")


def check_job_listed(exchange: Exchange, job_id: str) -> None:
    """BKP-JOB-002: the job list holds the id of a created job."""
    body = exchange.json
    if exchange.status != 200 or not isinstance(body, list) or job_id not in body:
        raise CheckFailed(f"200 with a list holding {job_id!r}", _body_excerpt(exchange))


def check_state_in_enum(status: dict[str, Any]) -> None:
    """BKP-JOB-003: state is one of FAILED, INPROGRESS, NONE, SUCCEEDED."""
    if status.get("state") not in JOB_STATES:
        raise CheckFailed(f"state in {list(JOB_STATES)}", repr(status.get("state")))


def check_progress_range(status: dict[str, Any]) -> None:
    """BKP-JOB-004: progress is an integer from 0 to 100."""
    progress = status.get("progress")
    valid = isinstance(progress, int) and not isinstance(progress, bool)
    if not valid or not 0 <= progress <= 100:  # type: ignore[operator]
        raise CheckFailed("progress an integer 0..100", repr(progress))


def check_progress_monotonic(progresses: Sequence[Any]) -> None:
    """BKP-JOB-005: successive reads of one job never show progress decreasing."""
    numbers = [p for p in progresses if isinstance(p, int | float)]
    for before, after in itertools.pairwise(numbers):
        if after < before:
            raise CheckFailed("progress never decreasing", f"progress readings {numbers}")


def check_times_rfc3339(status: dict[str, Any]) -> None:
    """BKP-JOB-006: start_time and end_time are RFC 3339 date-times with a zone."""
    for name in ("start_time", "end_time"):
        value = status.get(name)
        if value is None:
            continue  # a missing start_time is the schema's failure (BKP-RESP-003), not this
        try:
            parse_rfc3339(value if isinstance(value, str) else repr(value))
        except ValueError as error:
            raise CheckFailed(f"{name} an RFC 3339 date-time with a zone", str(error)) from None


def check_no_end_time_while_running(status: dict[str, Any]) -> None:
    """BKP-JOB-007: a job in state INPROGRESS has no end_time (absent or null)."""
    if status.get("state") == INPROGRESS and status.get("end_time") is not None:
        raise CheckFailed("no end_time while INPROGRESS", f"end_time {status['end_time']!r}")


def check_end_time_when_finished(status: dict[str, Any]) -> None:
    """BKP-JOB-008: a SUCCEEDED or FAILED job has an end_time not before its start_time."""
    if status.get("state") not in (SUCCEEDED, FAILED):
        return
    end, start = status.get("end_time"), status.get("start_time")
    if not isinstance(end, str):
        raise CheckFailed(f"an end_time once {status['state']}", f"end_time {end!r}")
    try:
        if isinstance(start, str) and parse_rfc3339(end) < parse_rfc3339(start):
            raise CheckFailed("end_time not earlier than start_time", f"{start} .. {end}")
    except ValueError:
        return  # an unparsable time is BKP-JOB-006's failure, not this one's


def check_succeeded_complete(status: dict[str, Any]) -> None:
    """BKP-JOB-009: a SUCCEEDED job has progress 100."""
    if status.get("state") == SUCCEEDED and status.get("progress") != 100:
        raise CheckFailed("progress 100 once SUCCEEDED", repr(status.get("progress")))


# Cancel (BKP-CANCEL-*)


def check_cancel_result(exchange: Exchange) -> None:
    """BKP-CANCEL-001: cancel of a running job answers 200 with a ReturnResult."""
    body = exchange.json
    if exchange.status != 200 or not isinstance(body, dict) or "status" not in body:
        raise CheckFailed("200 with a ReturnResult {status, messages}", exchange.describe())


def check_left_running(exchange: Exchange) -> None:
    """BKP-CANCEL-001: after cancel the job leaves INPROGRESS."""
    if exchange.state == INPROGRESS:
        raise CheckFailed("the job no longer INPROGRESS after cancel", f"state {exchange.state}")


def check_not_succeeded(exchange: Exchange) -> None:
    """BKP-CANCEL-004: a job whose cancel was answered OK does not end SUCCEEDED."""
    if exchange.state == SUCCEEDED:
        raise CheckFailed(
            "the cancelled job not SUCCEEDED (cancel answered OK)", f"state {exchange.state}"
        )


def check_cancel_finished(cancel: Exchange, before: object, after: Exchange) -> None:
    """BKP-CANCEL-003: cancel of a finished job keeps its state; 200 or 400 NOT_ALLOWED..."""
    allowed = cancel.status == 200 or (
        cancel.status == 400 and cancel.error_type == "NOT_ALLOWED_IN_CURRENT_STATE"
    )
    if not allowed:
        raise CheckFailed("200 or 400 NOT_ALLOWED_IN_CURRENT_STATE", cancel.describe())
    if after.state != before:
        raise CheckFailed(f"state {before} unchanged by cancel", f"state {after.state}")


# Parts (BKP-PARTS-*)


def check_parts_list(exchange: Exchange) -> None:
    """BKP-PARTS-001: the parts list answers 200 with an array of Part including common."""
    body = exchange.json
    ids = [p.get("id") for p in body if isinstance(p, dict)] if isinstance(body, list) else []
    if exchange.status != 200 or REQUIRED_PART not in ids:
        raise CheckFailed(
            f"200 with a list of Part including {REQUIRED_PART!r}", _body_excerpt(exchange)
        )


def check_part_size(exchange: Exchange) -> None:
    """BKP-PARTS-002: the size of a listed part is 200 with a non-negative integer."""
    size = exchange.json
    integer = isinstance(size, int) and not isinstance(size, bool)
    if exchange.status != 200 or not integer or size < 0:
        raise CheckFailed("200 with a non-negative integer", _body_excerpt(exchange))


# Secrets (BKP-SEC-001)


def check_no_secret_echo(exchange: Exchange, earlier: Sequence[str] = ()) -> None:
    """BKP-SEC-001: no answer body or header holds a secret the request (or ``earlier``
    requests, e.g. the create of the job now read) carried."""
    candidates = [*exchange.secrets, *earlier]
    searched = [s for s in candidates if _searchable(s)]
    if not searched:
        return
    haystack = (
        exchange.content.decode("utf-8", "replace")
        + "\n"
        + "\n".join(f"{name}: {value}" for name, value in exchange.headers.items())
    )
    for secret in searched:
        forms = {secret, json.dumps(secret)[1:-1], json.dumps(secret, ensure_ascii=False)[1:-1]}
        if any(form in haystack for form in forms):
            raise CheckFailed(
                "no secret of the request in the answer",
                "the answer holds a password or session token the request sent (masked here)",
            )


# Schedules (BKP-SCHED-*)

# Schedules.Info fields an UpdateSpec may carry (the passwords are never answered).
_INFO_FIELDS = (
    "parts",
    "location",
    "location_user",
    "enable",
    "recurrence_info",
    "retention_info",
    "fast_backup",
)


def check_answered_204(exchange: Exchange, what: str = "a valid schedule write") -> None:
    """BKP-SCHED-001, -004, -006: a schedule create, update or delete answers 204."""
    if exchange.status != 204:
        raise CheckFailed(f"204 ({what})", exchange.describe())


def check_schedule_listed(exchange: Exchange, schedule_id: str, listed: bool = True) -> None:
    """BKP-SCHED-001, -006: the schedule list holds (or no longer holds) the id."""
    body = exchange.json
    holds = isinstance(body, dict) and schedule_id in body
    if exchange.status != 200 or not isinstance(body, dict) or holds != listed:
        what = "holding" if listed else "no longer holding"
        raise CheckFailed(f"200 with a map {what} {schedule_id!r}", _body_excerpt(exchange))


def check_schedule_info(exchange: Exchange, spec: dict[str, Any]) -> None:
    """BKP-SCHED-001: GET of a created schedule answers 200 with the spec's parts, location,
    location_user and enable (true when the spec left it out)."""
    body = exchange.json
    if exchange.status != 200 or not isinstance(body, dict):
        raise CheckFailed("200 with the schedule's Info", exchange.describe())
    expected = {
        "parts": sorted(spec.get("parts") or []),
        "location": spec.get("location"),
        "location_user": spec.get("location_user"),
        "enable": spec.get("enable", True) is not False,
    }
    received = {
        "parts": sorted(body.get("parts") or []) if isinstance(body.get("parts"), list) else None,
        "location": body.get("location"),
        "location_user": body.get("location_user"),
        "enable": body.get("enable"),
    }
    differ = [name for name in expected if expected[name] != received[name]]
    if differ:
        raise CheckFailed(
            "the Info of the spec created: " + ", ".join(f"{n} {expected[n]!r}" for n in differ),
            ", ".join(f"{n} {received[n]!r}" for n in differ),
        )


def check_schedule_unchanged(before: Any, after: Exchange) -> None:
    """BKP-SCHED-002, -005: a refused create or update leaves the schedule as it was."""
    if after.status != 200 or after.json != before:
        raise CheckFailed(
            "the schedule's Info unchanged by the refused write", _body_excerpt(after)
        )


def check_schedule_updated(before: Any, change: dict[str, Any], after: Exchange) -> None:
    """BKP-SCHED-004: after an update the fields it carried are changed and every other
    field of the Info is unchanged."""
    body = after.json
    if after.status != 200 or not isinstance(body, dict) or not isinstance(before, dict):
        raise CheckFailed("200 with the updated schedule's Info", after.describe())
    wrong: list[str] = []
    for name in _INFO_FIELDS:
        if name in change:
            want = change[name]
            got = body.get(name)
            if name == "parts":
                want, got = sorted(want), sorted(got) if isinstance(got, list) else got
            if got != want:
                wrong.append(f"{name} {got!r} (sent {want!r})")
        elif body.get(name) != before.get(name):
            wrong.append(f"{name} {body.get(name)!r} (was {before.get(name)!r}, not sent)")
    if wrong:
        raise CheckFailed(
            f"the fields sent ({', '.join(sorted(change)) or 'none'}) changed, the others not",
            "; ".join(wrong),
        )


def check_not_written(exchange: Exchange, why: str) -> None:
    """BKP-SCHED-009: a schedule create or update breaking the password policy is never
    answered 204 (nor any 2xx)."""
    if 200 <= exchange.status < 300:
        raise CheckFailed(f"not 2xx ({why})", f"{exchange.status}: the schedule was written")


def check_backup_started(exchange: Exchange) -> None:
    """BKP-SCHED-007: a schedule's run on an idle appliance answers 200 with a
    BackupJobStatus naming its job."""
    body = exchange.json
    job_id = body.get("id") if isinstance(body, dict) else None
    if exchange.status != 200 or not isinstance(job_id, str) or not job_id:
        raise CheckFailed("200 with a BackupJobStatus with a job id", exchange.describe())


# Validate (BKP-VALIDATE-*)

_VALIDATE_STATUSES = ("OK", "WARNING", "FAIL")


def check_validate_result(exchange: Exchange) -> None:
    """BKP-VALIDATE-001: validate of a valid request answers 200 with a ReturnResult."""
    body = exchange.json
    status = body.get("status") if isinstance(body, dict) else None
    messages = body.get("messages") if isinstance(body, dict) else None
    if exchange.status != 200 or status not in _VALIDATE_STATUSES or not isinstance(messages, list):
        raise CheckFailed(
            "200 with a ReturnResult {status: OK, WARNING or FAIL, messages: [...]}",
            f"{exchange.describe()}: {_body_excerpt(exchange)}",
        )


def check_started_nothing(started: Sequence[str]) -> None:
    """BKP-VALIDATE-001: the job list holds no new job after a validate."""
    if started:
        raise CheckFailed(
            "no new job in the job list after validate", f"new job(s) {', '.join(started)}"
        )


def check_not_validated_ok(exchange: Exchange, why: str) -> None:
    """BKP-VALIDATE-003: a validate breaking the password policy is not 200 status OK."""
    body = exchange.json
    if exchange.status == 200 and isinstance(body, dict) and body.get("status") == "OK":
        raise CheckFailed(f"not 200 with status OK ({why})", "200 with status OK")


def check_location_reported(exchange: Exchange) -> None:
    """BKP-VALIDATE-004: validate of an unreachable location answers 200 with status FAIL
    or WARNING and at least one message."""
    body = exchange.json
    status = body.get("status") if isinstance(body, dict) else None
    messages = body.get("messages") if isinstance(body, dict) else None
    if exchange.status != 200 or status not in ("FAIL", "WARNING") or not messages:
        raise CheckFailed(
            "200 with status FAIL or WARNING and a message (the location cannot be reached)",
            f"{exchange.describe()}: {_body_excerpt(exchange)}",
        )


# Job details (BKP-DETAILS-*)

# A job's BackupJobStatus state -> the details' status it agrees with.
DETAILS_STATUS = {INPROGRESS: "RUNNING", SUCCEEDED: "SUCCEEDED", FAILED: "FAILED"}


def check_details_cover(exchange: Exchange, jobs: Sequence[str]) -> None:
    """BKP-DETAILS-001: the details map holds a JobDetails for every listed job."""
    body = exchange.json
    if exchange.status != 200 or not isinstance(body, dict):
        raise CheckFailed("200 with a map of job id to JobDetails", exchange.describe())
    missing = [job for job in jobs if not isinstance(body.get(job), dict)]
    if missing:
        raise CheckFailed(
            f"details for every job of the job list ({len(jobs)})",
            f"none for {', '.join(missing[:5])}",
        )


def check_details_type(details: dict[str, Any], expected: str) -> None:
    """BKP-DETAILS-002: a create's job has type MANUAL, a schedule run's SCHEDULED."""
    if details.get("type") != expected:
        raise CheckFailed(f"type {expected}", f"type {details.get('type')!r}")


def check_details_filtered(exchange: Exchange, asked: Sequence[str]) -> None:
    """BKP-DETAILS-003: ?jobs=ID answers a map holding that id and no other."""
    body = exchange.json
    if exchange.status != 200 or not isinstance(body, dict):
        raise CheckFailed("200 with a map of job id to JobDetails", exchange.describe())
    keys = sorted(body)
    if not set(asked) <= set(keys) or not set(keys) <= set(asked):
        raise CheckFailed(f"exactly the ids asked for: {sorted(asked)}", f"ids {keys[:5]}")


def check_details_agree(details: dict[str, Any], states: Sequence[Any]) -> None:
    """BKP-DETAILS-004: status as the job's state (``states``: read just before and just
    after, so a job that ended in between may show either), a start_time, an end_time only
    once finished, and while running or finished duration, size and a progress with
    completed not above total."""
    allowed = {DETAILS_STATUS[s] for s in states if s in DETAILS_STATUS}
    status = details.get("status")
    if allowed and status not in allowed:
        raise CheckFailed(f"status {' or '.join(sorted(allowed))} (the job's state)", repr(status))
    if not details.get("start_time"):
        raise CheckFailed("a start_time", "none")
    if status == "RUNNING" and details.get("end_time") is not None:
        raise CheckFailed("no end_time while RUNNING", f"end_time {details['end_time']!r}")
    if status in ("SUCCEEDED", "FAILED") and not details.get("end_time"):
        raise CheckFailed(f"an end_time once {status}", "none")
    if status in ("RUNNING", "SUCCEEDED", "FAILED"):
        progress = details.get("progress")
        missing = [name for name in ("duration", "size") if details.get(name) is None]
        if not isinstance(progress, dict):
            missing.append("progress")
        if missing or not isinstance(progress, dict):
            raise CheckFailed(f"duration, size and progress once {status}", f"no {missing}")
        done, total = progress.get("completed"), progress.get("total")
        if not isinstance(done, int) or not isinstance(total, int) or done > total:
            raise CheckFailed("progress.completed not above progress.total", f"{done} of {total}")


def check_details_leave_out(exchange: Exchange, unknown: str) -> None:
    """BKP-DETAILS-005: ?jobs=ID of an id no job has answers 200 without it."""
    body = exchange.json
    if exchange.status != 200 or not isinstance(body, dict) or unknown in body:
        raise CheckFailed(f"200 with a map not holding {unknown!r}", _body_excerpt(exchange))


def _operation(exchange: Exchange) -> spec.Operation:
    operation = next((op for op in spec.operations() if op.key == exchange.operation), None)
    if operation is None:
        raise CheckFailed(
            "a request to an operation of the contract",
            f"{exchange.request.method} {exchange.request.url} (not in openapi.yaml)",
        )
    return operation
