"""The vAPI services of sessions and backups (validate, jobs, parts) the JSON-RPC endpoint
serves, each operation one call into the Appliance; schedules and job details are in
jsonrpc_schedules.py.

One model, three protocols: every operation here calls the same ``Appliance`` method as the
/api REST route for it, so job state, validation, faults and errors are shared. This module
knows the vAPI names (operation ids and structure names under the service ids of
contract/api.py, as the SDK's bindings in ``com.vmware.appliance.recovery_client``,
``com.vmware.appliance.recovery.backup_client`` and ``com.vmware.cis_client`` declare them) and
the type of each answer; the envelope lives in protocols/jsonrpc.py.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from vcsa_conformance.contract.api import (
    BACKUP_SERVICE,
    JOB_SERVICE,
    PARTS_SERVICE,
    SESSION_SERVICE,
    VALIDATE_ACTION,
)
from vcsa_conformance.mock.model import errors
from vcsa_conformance.mock.model.appliance import Appliance
from vcsa_conformance.mock.protocols.vapi_values import (
    PLAIN,
    SECRET_STRING,
    ListOf,
    OptionalOf,
    Structure,
    VapiType,
    message_type,
)

USER_PASS_SCHEME = "com.vmware.vapi.std.security.user_pass"
SESSION_SCHEME = "com.vmware.vapi.std.security.session_id"

SESSION_INFO = Structure(
    f"{SESSION_SERVICE}.info", {"user": PLAIN, "created_time": PLAIN, "last_accessed_time": PLAIN}
)
_JOB_MESSAGE = message_type(f"{JOB_SERVICE}.localizable_message")
BACKUP_JOB_STATUS = Structure(
    f"{JOB_SERVICE}.backup_job_status",
    {
        "id": PLAIN,
        "state": PLAIN,
        "messages": ListOf(_JOB_MESSAGE),
        "progress": PLAIN,
        "start_time": PLAIN,
        "end_time": OptionalOf(PLAIN),
    },
)
RETURN_RESULT = Structure(
    f"{JOB_SERVICE}.return_result", {"status": PLAIN, "messages": ListOf(_JOB_MESSAGE)}
)
# Backup.validate answers the Backup service's own copies of ReturnResult and its message.
_BACKUP_MESSAGE = message_type(f"{BACKUP_SERVICE}.localizable_message")
VALIDATE_RESULT = Structure(
    f"{BACKUP_SERVICE}.return_result", {"status": PLAIN, "messages": ListOf(_BACKUP_MESSAGE)}
)
_PART_MESSAGE = message_type(f"{PARTS_SERVICE}.localizable_message")
PART = Structure(
    f"{PARTS_SERVICE}.part",
    {
        "id": PLAIN,
        "name": _PART_MESSAGE,
        "description": _PART_MESSAGE,
        "selected_by_default": PLAIN,
        "optional": PLAIN,
        "standalone": OptionalOf(PLAIN),
    },
)


@dataclass(frozen=True)
class Call:
    """One invocation once its envelope is checked: who calls, with which plain input."""

    appliance: Appliance
    session_id: str | None
    user_pass: tuple[str, str] | None
    input: Mapping[str, Any]


@dataclass(frozen=True)
class Operation:
    """How to run one operation and the vAPI type of its output (None: void)."""

    run: Callable[[Call], object]
    output: VapiType | None


def _login(call: Call) -> str:
    if call.user_pass is None:
        # Session.create needs the user_pass security context; anything else is anonymous.
        raise errors.unauthenticated()
    return call.appliance.login(*call.user_pass)


def required_string(
    call: Call, name: str, *, write: str | None = None, service: str = JOB_SERVICE
) -> str:
    """A required string input field, read after authentication (``write``: the operation
    of ``service`` the caller must be allowed) as on the /api routes."""
    call.appliance.authenticate(call.session_id, write=write, service=service)
    value = call.input.get(name)
    if value is None:
        raise errors.invalid_argument(name, "the field is required")
    if not isinstance(value, str):
        raise errors.invalid_argument(name, "expected a string")
    return value


def _piece(call: Call, operation: str) -> object:
    """The BackupRequest of create or validate, read after authentication."""
    call.appliance.authenticate(call.session_id, write=operation)
    if call.input.get("piece") is None:
        raise errors.invalid_argument("piece", "the field is required")
    return call.input["piece"]


def _create(call: Call) -> object:
    return call.appliance.create_job(call.session_id, _piece(call, "create"))


def _validate(call: Call) -> object:
    return call.appliance.validate_backup(call.session_id, _piece(call, VALIDATE_ACTION))


def _get(call: Call) -> object:
    return call.appliance.get_job(call.session_id, required_string(call, "id"))


def _cancel(call: Call) -> object:
    return call.appliance.cancel_job(call.session_id, required_string(call, "id", write="cancel"))


def _part_size(call: Call) -> object:
    return call.appliance.part_size(call.session_id, required_string(call, "id"))


OPERATIONS: Mapping[str, Mapping[str, Operation]] = {
    SESSION_SERVICE: {
        "create": Operation(_login, SECRET_STRING),
        "get": Operation(lambda call: call.appliance.session_info(call.session_id), SESSION_INFO),
        "delete": Operation(lambda call: call.appliance.logout(call.session_id), None),
    },
    BACKUP_SERVICE: {VALIDATE_ACTION: Operation(_validate, VALIDATE_RESULT)},
    JOB_SERVICE: {
        "create": Operation(_create, BACKUP_JOB_STATUS),
        "get": Operation(_get, BACKUP_JOB_STATUS),
        "list": Operation(lambda call: call.appliance.list_jobs(call.session_id), ListOf(PLAIN)),
        "cancel": Operation(_cancel, RETURN_RESULT),
    },
    PARTS_SERVICE: {
        "list": Operation(lambda call: call.appliance.list_parts(call.session_id), ListOf(PART)),
        "get": Operation(_part_size, PLAIN),
    },
}


def operation_not_found(
    service_id: str, operation_id: str, *, known_service: bool
) -> errors.VapiError:
    """What VMware's runtime answers for an unknown service or operation (a vAPI error)."""
    if not known_service:
        key, text, name = "vapi.method.input.invalid.interface", "Invalid interface", service_id
    else:
        key, text, name = "vapi.method.input.invalid.method", "Invalid method", operation_id
    return errors.VapiError.with_message("OPERATION_NOT_FOUND", key, f"{text} {name}", name)
