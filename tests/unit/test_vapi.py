"""The vAPI error types and the runtime's error type -> HTTP status map."""

from __future__ import annotations

import pytest

from vcsa_conformance.contract.vapi import ERROR_TYPES, PRE_SERVICE_TYPE, status_for, types_for


def test_the_enum_has_the_25_standard_types_once() -> None:
    assert len(ERROR_TYPES) == 25
    assert len(set(ERROR_TYPES)) == 25
    assert ERROR_TYPES[0] == "ERROR"


@pytest.mark.parametrize(
    ("error_type", "status"),
    [
        ("FEATURE_IN_USE", 400),
        ("INVALID_ARGUMENT", 400),
        ("NOT_ALLOWED_IN_CURRENT_STATE", 400),
        ("UNSUPPORTED", 400),
        ("UNAUTHENTICATED", 401),
        ("UNAUTHORIZED", 403),
        ("NOT_FOUND", 404),
        ("OPERATION_NOT_FOUND", 404),
        ("INTERNAL_SERVER_ERROR", 500),
        ("ERROR", 500),
        ("CANCELED", 500),
        ("UNEXPECTED_INPUT", 500),
        ("SERVICE_UNAVAILABLE", 503),
        ("TIMED_OUT", 504),
    ],
)
def test_status_for(error_type: str, status: int) -> None:
    assert status_for(error_type) == status


def test_an_unknown_type_is_answered_500() -> None:
    assert status_for("NO_SUCH_TYPE") == 500


def test_types_for_partitions_the_enum_bar_invalid_request() -> None:
    statuses = {400, 401, 403, 404, 500, 503, 504}
    groups = [types_for(status) - {PRE_SERVICE_TYPE} for status in statuses]
    assert sum(len(group) for group in groups) == len(ERROR_TYPES) - 1
    assert frozenset().union(*groups) | {PRE_SERVICE_TYPE} == frozenset(ERROR_TYPES)
    assert len(types_for(400)) == 13
    assert types_for(401) == {"UNAUTHENTICATED"}
    assert types_for(403) == {"UNAUTHORIZED"}
    assert types_for(404) == {"NOT_FOUND", "OPERATION_NOT_FOUND", "INVALID_REQUEST"}
    assert types_for(500) == {
        "ERROR",
        "CANCELED",
        "CONCURRENT_CHANGE",
        "INTERNAL_SERVER_ERROR",
        "INVALID_REQUEST",
        "UNEXPECTED_INPUT",
        "UNVERIFIED_PEER",
    }


def test_invalid_request_goes_with_every_status_the_runtime_answers_before_the_service() -> None:
    """VMware's runtime: routing, content type and deserializer errors are INVALID_REQUEST
    at 400, 404, 405, 415 and 500 (shared/reference/vmware-vapi-runtime.md)."""
    for status in (400, 404, 405, 415, 500):
        assert PRE_SERVICE_TYPE in types_for(status)
    for status in (401, 403, 503, 504):
        assert PRE_SERVICE_TYPE not in types_for(status)
    assert types_for(405) == types_for(415) == {"INVALID_REQUEST"}
    assert status_for("INVALID_REQUEST") == 400


def test_a_status_no_type_maps_to_has_no_types() -> None:
    assert types_for(418) == frozenset()
    assert types_for(200) == frozenset()
