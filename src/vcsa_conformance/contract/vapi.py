"""vAPI standard errors: the error type enum and the runtime's error type -> HTTP status map.

Source: the VapiStdErrorsErrorType enum of VMware's 8.0.2 API description, and the vAPI
runtime's REST mapping (see shared/reference/real-appliance-behaviour.md). Types the runtime
does not map explicitly (ERROR, CANCELED, ...) are answered 500. Requests the runtime rejects
before the service are INVALID_REQUEST at any of 400, 404, 405, 415 and 500.
"""

from __future__ import annotations

ERROR_TYPES: tuple[str, ...] = (
    "ERROR",
    "ALREADY_EXISTS",
    "ALREADY_IN_DESIRED_STATE",
    "CANCELED",
    "CONCURRENT_CHANGE",
    "FEATURE_IN_USE",
    "INTERNAL_SERVER_ERROR",
    "INVALID_ARGUMENT",
    "INVALID_ELEMENT_CONFIGURATION",
    "INVALID_ELEMENT_TYPE",
    "INVALID_REQUEST",
    "NOT_ALLOWED_IN_CURRENT_STATE",
    "NOT_FOUND",
    "OPERATION_NOT_FOUND",
    "RESOURCE_BUSY",
    "RESOURCE_IN_USE",
    "RESOURCE_INACCESSIBLE",
    "SERVICE_UNAVAILABLE",
    "TIMED_OUT",
    "UNABLE_TO_ALLOCATE_RESOURCE",
    "UNAUTHENTICATED",
    "UNAUTHORIZED",
    "UNEXPECTED_INPUT",
    "UNSUPPORTED",
    "UNVERIFIED_PEER",
)

_STATUS_BY_TYPE: dict[str, int] = {
    **dict.fromkeys(
        (
            "ALREADY_EXISTS",
            "ALREADY_IN_DESIRED_STATE",
            "FEATURE_IN_USE",
            "INVALID_ARGUMENT",
            "INVALID_ELEMENT_CONFIGURATION",
            "INVALID_ELEMENT_TYPE",
            "INVALID_REQUEST",
            "NOT_ALLOWED_IN_CURRENT_STATE",
            "RESOURCE_BUSY",
            "RESOURCE_IN_USE",
            "RESOURCE_INACCESSIBLE",
            "UNABLE_TO_ALLOCATE_RESOURCE",
            "UNSUPPORTED",
        ),
        400,
    ),
    "UNAUTHENTICATED": 401,
    "UNAUTHORIZED": 403,
    "NOT_FOUND": 404,
    "OPERATION_NOT_FOUND": 404,
    "SERVICE_UNAVAILABLE": 503,
    "TIMED_OUT": 504,
}


def status_for(error_type: str) -> int:
    """The HTTP status the vAPI runtime answers for this error type (500 if unmapped)."""
    return _STATUS_BY_TYPE.get(error_type, 500)


# VMware's runtime answers every request it rejects before the service (routing, content
# type, JSON, deserializer) with INVALID_REQUEST, whatever the status it chose
# (shared/reference/vmware-vapi-runtime.md, WsgiApplication.__call__).
PRE_SERVICE_TYPE = "INVALID_REQUEST"
PRE_SERVICE_STATUSES = frozenset({400, 404, 405, 415, 500})


def types_for(status: int) -> frozenset[str]:
    """The error types the runtime answers with this HTTP status: its mapping, plus
    INVALID_REQUEST for the statuses it answers before reaching the service."""
    mapped = {kind for kind in ERROR_TYPES if status_for(kind) == status}
    if status in PRE_SERVICE_STATUSES:
        mapped.add(PRE_SERVICE_TYPE)
    return frozenset(mapped)
