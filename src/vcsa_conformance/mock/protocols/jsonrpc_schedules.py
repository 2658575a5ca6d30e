"""The vAPI services of backup schedules and job details (issue 19) the JSON-RPC endpoint
serves, beside jsonrpc_operations.py and built the same way: each operation one call into
the Appliance, the same methods the /api and /rest routes call.

Names and types are those of the SDK's bindings (``Schedules`` in
``com.vmware.appliance.recovery.backup_client``, ``Details`` in
``com.vmware.appliance.recovery.backup.job_client``): list answers a map (vAPI's list of
map-entry structures), create/update/delete answer nothing, run a BackupJobStatus. Choices
where the bindings leave room: a job's ``error`` (vAPI's "any error", a plain string on the
REST forms) travels as a std ``Error`` carrying the reason as its message; a
``Details.FilterSpec`` whose ``jobs`` is an empty set matches no job (unset matches all).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from vcsa_conformance.contract.api import (
    JOB_DETAILS_SERVICE,
    JOB_SERVICE,
    RUN_ACTION,
    SCHEDULES_SERVICE,
)
from vcsa_conformance.mock.model import errors
from vcsa_conformance.mock.model.errors import message
from vcsa_conformance.mock.protocols.jsonrpc_operations import (
    BACKUP_JOB_STATUS,
    Call,
    Operation,
    required_string,
)
from vcsa_conformance.mock.protocols.vapi_values import (
    PLAIN,
    ListOf,
    MapOf,
    OptionalOf,
    Structure,
    error_structure,
    message_type,
)

_RECURRENCE = Structure(
    f"{SCHEDULES_SERVICE}.recurrence_info",
    {"minute": PLAIN, "hour": PLAIN, "days": OptionalOf(ListOf(PLAIN))},
)
_RETENTION = Structure(f"{SCHEDULES_SERVICE}.retention_info", {"max_count": PLAIN})
SCHEDULE_INFO = Structure(
    f"{SCHEDULES_SERVICE}.info",
    {
        "parts": ListOf(PLAIN),
        "location": PLAIN,
        "location_user": OptionalOf(PLAIN),
        "enable": PLAIN,
        "recurrence_info": OptionalOf(_RECURRENCE),
        "retention_info": OptionalOf(_RETENTION),
        "fast_backup": OptionalOf(PLAIN),
    },
)

_STD_MESSAGE = message_type()
# Details.Info is a vAPI task's CommonInfo too: its progress is the cis.task structure.
_PROGRESS = Structure(
    "com.vmware.cis.task.progress",
    {"total": PLAIN, "completed": PLAIN, "message": _STD_MESSAGE},
)
_BUILD = Structure(
    f"{JOB_DETAILS_SERVICE}.build_info",
    {"version_name": PLAIN, "version": PLAIN, "build_number": PLAIN},
)
_DYNAMIC_ID = Structure("com.vmware.vapi.std.dynamic_ID", {"type": PLAIN, "id": PLAIN})
_JOB_ERROR = "ERROR"  # the std error a failed job's ``error`` is sent as
DETAILS_INFO = Structure(
    f"{JOB_DETAILS_SERVICE}.info",
    {
        "location": PLAIN,
        "duration": OptionalOf(PLAIN),
        "size": OptionalOf(PLAIN),
        "progress": OptionalOf(_PROGRESS),
        "location_user": PLAIN,
        "type": PLAIN,
        "messages": ListOf(_STD_MESSAGE),
        "build": OptionalOf(_BUILD),
        "fast_backup": OptionalOf(PLAIN),
        "description": _STD_MESSAGE,
        "service": PLAIN,
        "operation": PLAIN,
        "parent": OptionalOf(PLAIN),
        "target": OptionalOf(_DYNAMIC_ID),
        "status": PLAIN,
        "cancelable": PLAIN,
        "error": OptionalOf(error_structure(_JOB_ERROR)),
        "start_time": OptionalOf(PLAIN),
        "end_time": OptionalOf(PLAIN),
        "user": OptionalOf(PLAIN),
    },
)


def _schedule(call: Call, operation: str | None = None) -> str:
    """The ``schedule`` id, read after authentication (``operation``: a write of it)."""
    return required_string(call, "schedule", write=operation, service=SCHEDULES_SERVICE)


def _create(call: Call) -> None:
    # The model checks the session and privilege first, then the id and the spec by the
    # names the vAPI input uses too (schedule, spec).
    call.appliance.create_schedule(call.session_id, dict(call.input))


def _get(call: Call) -> object:
    return call.appliance.get_schedule(call.session_id, _schedule(call))


def _update(call: Call) -> None:
    schedule = _schedule(call, "update")
    spec = call.input.get("spec")
    if spec is None:  # the REST forms read no body as an empty UpdateSpec; vAPI requires one
        raise errors.invalid_argument("spec", "the field is required")
    call.appliance.update_schedule(call.session_id, schedule, spec)


def _delete(call: Call) -> None:
    call.appliance.delete_schedule(call.session_id, _schedule(call, "delete"))


def _run(call: Call) -> object:
    schedule = _schedule(call, RUN_ACTION)
    comment = {"comment": call.input.get("comment")}
    return call.appliance.run_schedule(call.session_id, schedule, comment)


def _details(call: Call) -> dict[str, Any]:
    call.appliance.authenticate(call.session_id)
    details = call.appliance.job_details(call.session_id, _filter_jobs(call.input.get("filter")))
    return {job_id: _with_error(info) for job_id, info in details.items()}


def _filter_jobs(spec: object) -> list[str] | None:
    """The job ids of a Details.FilterSpec; None (every job) when it or its jobs is unset."""
    if spec is None:
        return None
    if not isinstance(spec, dict):
        raise errors.invalid_argument("filter", "expected a FilterSpec structure")
    jobs = spec.get("jobs")
    if jobs is None:
        return None
    if not isinstance(jobs, list) or not all(isinstance(job, str) for job in jobs):
        raise errors.invalid_argument("filter.jobs", "expected a set of job ids")
    return jobs


def _with_error(info: dict[str, Any]) -> dict[str, Any]:
    """Details.Info with its ``error`` reason as the std Error vAPI's "any error" needs."""
    if "error" not in info:
        return info
    reason = message(f"{JOB_SERVICE}.failed", str(info["error"]))
    return {**info, "error": {"messages": [reason], "data": None, "error_type": _JOB_ERROR}}


OPERATIONS: Mapping[str, Mapping[str, Operation]] = {
    SCHEDULES_SERVICE: {
        "list": Operation(
            lambda call: call.appliance.list_schedules(call.session_id), MapOf(SCHEDULE_INFO)
        ),
        "get": Operation(_get, SCHEDULE_INFO),
        "create": Operation(_create, None),
        "update": Operation(_update, None),
        "delete": Operation(_delete, None),
        RUN_ACTION: Operation(_run, BACKUP_JOB_STATUS),
    },
    JOB_DETAILS_SERVICE: {"list": Operation(_details, MapOf(DETAILS_INFO))},
}
