"""Groups of checks that the conformance tests apply again and again.

Each function states what is expected of one kind of answer, by requirement id, so a test
reads as a scenario followed by expectations.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from vcsa_conformance.contract.api import FAILED, INPROGRESS, SUCCEEDED
from vcsa_conformance.suite.http.exchange import Exchange
from vcsa_conformance.suite.judge import checks
from vcsa_conformance.suite.judge.recorder import Recorder


def answer(recorder: Recorder, exchange: Exchange) -> None:
    """Every answer: documented status, JSON, schema-valid, consistent error_type, no secret."""
    recorder.judged()
    with recorder.collecting():
        recorder.check("BKP-RESP-001", checks.check_status_documented, exchange)
        recorder.check("BKP-RESP-002", checks.check_json_answer, exchange)
        recorder.check("BKP-RESP-003", checks.check_body_matches_schema, exchange)
        recorder.check("BKP-RESP-004", checks.check_error_type_matches_status, exchange)
        recorder.check("BKP-SEC-001", checks.check_no_secret_echo, exchange)


# Rules whose every violation is a request that cannot be deserialized (a wrong JSON type,
# a body that is not a JSON object): VMware's runtime answers them INVALID_REQUEST.
_UNDESERIALIZABLE = frozenset({"BKP-INPUT-002", "BKP-INPUT-011"})


def rejected(
    recorder: Recorder,
    requirement_id: str,
    exchange: Exchange,
    why: str = "invalid request",
    *,
    undeserializable: bool = False,
) -> None:
    """An invalid create: never 201, a vAPI error (MUST), ideally 400 INVALID_ARGUMENT (or
    INVALID_REQUEST, for input that cannot be deserialized). ``why`` says what makes the
    request invalid (it appears in the failure, unmasked, so it must never hold a secret)."""
    undeserializable = undeserializable or requirement_id in _UNDESERIALIZABLE
    with recorder.collecting():
        answer(recorder, exchange)
        recorder.check(requirement_id, checks.check_not_created, exchange, why)
        recorder.check(requirement_id, checks.check_vapi_error_body, exchange)
        if not 200 <= exchange.status < 300:  # an accepted request is the MUST failure above
            recorder.check(
                "BKP-INPUT-012", checks.check_invalid_argument, exchange, undeserializable
            )


def unauthenticated(recorder: Recorder, requirement_id: str, exchange: Exchange) -> None:
    """401 UNAUTHENTICATED with a vAPI error body."""
    with recorder.collecting():
        answer(recorder, exchange)
        recorder.check(
            requirement_id, checks.check_status_and_type, exchange, 401, "UNAUTHENTICATED"
        )
        recorder.check(requirement_id, checks.check_vapi_error_body, exchange)


def not_found(recorder: Recorder, requirement_id: str, exchange: Exchange) -> None:
    """404 NOT_FOUND with a vAPI error body (an id that no job has)."""
    with recorder.collecting():
        answer(recorder, exchange)
        recorder.check(requirement_id, checks.check_status_and_type, exchange, 404, "NOT_FOUND")
        recorder.check(requirement_id, checks.check_vapi_error_body, exchange)


# (requirement, check, states where it applies; None: any): a rule about finished jobs only
# counts as checked once a finished job was seen, so "pass" never means "never exercised".
_JOB_RULES: tuple[tuple[str, Any, frozenset[str] | None], ...] = (
    ("BKP-JOB-003", checks.check_state_in_enum, None),
    ("BKP-JOB-004", checks.check_progress_range, None),
    ("BKP-JOB-006", checks.check_times_rfc3339, None),
    ("BKP-JOB-007", checks.check_no_end_time_while_running, frozenset({INPROGRESS})),
    ("BKP-JOB-008", checks.check_end_time_when_finished, frozenset({SUCCEEDED, FAILED})),
    ("BKP-JOB-009", checks.check_succeeded_complete, frozenset({SUCCEEDED})),
)


def job_status(recorder: Recorder, exchange: Exchange) -> None:
    """The semantic rules of one BackupJobStatus answer (its schema is BKP-RESP-003's)."""
    status = exchange.json
    if exchange.status not in (200, 201) or not isinstance(status, dict):
        return
    with recorder.collecting():
        for requirement_id, check, states in _JOB_RULES:
            if states is None or status.get("state") in states:
                recorder.check(requirement_id, check, status, exchange=exchange)


def read_on_the_way(recorder: Recorder, exchange: Exchange, progress: Sequence[Any]) -> None:
    """An answer read on the way (waiting, counting, cancelling, cleaning up): every answer
    rule, the job status rules, and that the job's progress never went down. Kept, never
    raised (``Recorder.noting``), so that the wait or the cleanup goes on."""
    with recorder.noting():
        answer(recorder, exchange)
        if exchange.request.method != "GET":  # a cancel's ReturnResult, not a job status
            return
        job_status(recorder, exchange)
        if len(progress) > 1:
            recorder.check(
                "BKP-JOB-005", checks.check_progress_monotonic, list(progress), exchange=exchange
            )
