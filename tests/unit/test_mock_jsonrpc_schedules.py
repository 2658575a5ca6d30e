"""Schedules and job details over vAPI JSON-RPC (mock/protocols/jsonrpc_schedules.py), through
``jsonrpc.handle`` without HTTP: the SDK's operation ids, structure names and type tags
(tests/compat runs the SDK itself), vAPI errors, and an answer for any input.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vcsa_conformance.mock.model.appliance import Appliance
from vcsa_conformance.mock.model.config import MockConfig
from vcsa_conformance.mock.protocols.jsonrpc import handle

ADMIN = ("administrator@vsphere.local", "VMware1!")
READONLY = ("readonly@vsphere.local", "ReadOnly1!")
SCHEDULES = "com.vmware.appliance.recovery.backup.schedules"
DETAILS = "com.vmware.appliance.recovery.backup.job.details"
JOB = "com.vmware.appliance.recovery.backup.job"
ERRORS = "com.vmware.vapi.std.errors."
LOCATION = "sftp://192.0.2.10/backups/vc01"


class Clock:
    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now


def recurrence(minute: object = 30, hour: object = 2, days: object = None) -> dict[str, Any]:
    fields = {"minute": minute, "hour": hour, "days": {"OPTIONAL": days}}
    return {"STRUCTURE": {f"{SCHEDULES}.recurrence_info": fields}}


def create_spec(**changes: Any) -> dict[str, Any]:
    """A CreateSpec as the SDK writes it: every optional field tagged, secrets tagged."""
    fields: dict[str, Any] = {
        "parts": {"OPTIONAL": ["seat"]},
        "backup_password": {"OPTIONAL": {"SECRET": "Backup#2026"}},
        "location": LOCATION,
        "location_user": {"OPTIONAL": "backup"},
        "location_password": {"OPTIONAL": {"SECRET": "LocPassw0rd!"}},
        "enable": {"OPTIONAL": None},
        "recurrence_info": {"OPTIONAL": recurrence(days=["MONDAY"])},
        "retention_info": {
            "OPTIONAL": {"STRUCTURE": {f"{SCHEDULES}.retention_info": {"max_count": 7}}}
        },
        "fast_backup": {"OPTIONAL": None},
        **changes,
    }
    return {"STRUCTURE": {f"{SCHEDULES}.create_spec": fields}}


def update_spec(**fields: Any) -> dict[str, Any]:
    return {"STRUCTURE": {f"{SCHEDULES}.update_spec": fields}}


class Rpc:
    """One Appliance (test clock) and the JSON-RPC calls of a logged-in SDK client."""

    def __init__(self, config: MockConfig | None = None) -> None:
        self.clock = Clock()
        self.appliance = Appliance(config or MockConfig(job_seconds=10.0), clock=self.clock)
        self.session = self.appliance.login(*ADMIN)

    def invoke(
        self, service: str, operation: str, fields: dict[str, Any] | None = None, **ctx: Any
    ) -> dict[str, Any]:
        session = ctx.get("session", self.session)
        security = {"schemeId": "com.vmware.vapi.std.security.session_id", "sessionId": session}
        body = {
            "jsonrpc": "2.0",
            "method": "invoke",
            "id": "7",
            "params": {
                "serviceId": service,
                "operationId": operation,
                "input": {"STRUCTURE": {"operation-input": fields or {}}},
                "ctx": {"appCtx": {}, "securityCtx": security},
            },
        }
        answer, _ = handle(self.appliance, json.dumps(body).encode(), {})
        assert answer["jsonrpc"] == "2.0" and answer["id"] == "7"
        result: dict[str, Any] = answer["result"]
        return result

    def output(self, service: str, operation: str, fields: dict[str, Any] | None = None) -> Any:
        result = self.invoke(service, operation, fields)
        assert "error" not in result, result
        return result["output"]

    def error(
        self, service: str, operation: str, fields: dict[str, Any] | None = None, **ctx: Any
    ) -> tuple[str, dict[str, Any]]:
        """The std error's short name (``not_found``) and fields."""
        result = self.invoke(service, operation, fields, **ctx)
        ((name, error),) = result["error"]["ERROR"].items()
        assert name.startswith(ERRORS) and error["messages"]
        return name.removeprefix(ERRORS), error

    def create(self, schedule: str = "default", **changes: Any) -> None:
        spec = create_spec(**changes)
        assert self.output(SCHEDULES, "create", {"schedule": schedule, "spec": spec}) is None


@pytest.fixture
def rpc() -> Rpc:
    return Rpc()


def entries(output: Any) -> dict[str, Any]:
    """A vAPI map (a list of map-entry structures) as a dict."""
    found: dict[str, Any] = {}
    for entry in output:
        fields = entry["STRUCTURE"]["map-entry"]
        assert set(fields) == {"key", "value"}
        found[fields["key"]] = fields["value"]
    return found


def structure(value: Any, name: str) -> dict[str, Any]:
    ((found, fields),) = value["STRUCTURE"].items()
    assert found == name
    result: dict[str, Any] = fields
    return result


# --- schedules -----------------------------------------------------------------------------


def test_get_answers_the_info_structure_the_sdk_reads(rpc: Rpc) -> None:
    rpc.create()
    info = structure(rpc.output(SCHEDULES, "get", {"schedule": "default"}), f"{SCHEDULES}.info")
    assert info == {
        "parts": ["seat"],
        "location": LOCATION,
        "location_user": {"OPTIONAL": "backup"},
        "enable": True,
        "recurrence_info": {"OPTIONAL": recurrence(days=["MONDAY"])},
        "retention_info": {
            "OPTIONAL": {"STRUCTURE": {f"{SCHEDULES}.retention_info": {"max_count": 7}}}
        },
        "fast_backup": {"OPTIONAL": None},
    }
    assert "backup_password" not in json.dumps(info)


def test_list_is_a_map_of_infos(rpc: Rpc) -> None:
    assert rpc.output(SCHEDULES, "list") == []
    rpc.create()
    listed = entries(rpc.output(SCHEDULES, "list"))
    assert listed == {"default": rpc.output(SCHEDULES, "get", {"schedule": "default"})}


def test_update_delete_and_their_void_answers(rpc: Rpc) -> None:
    rpc.create()
    change = {"schedule": "default", "spec": update_spec(enable={"OPTIONAL": False})}
    assert rpc.output(SCHEDULES, "update", change) is None
    info = structure(rpc.output(SCHEDULES, "get", {"schedule": "default"}), f"{SCHEDULES}.info")
    assert info["enable"] is False and info["location"] == LOCATION
    assert rpc.output(SCHEDULES, "delete", {"schedule": "default"}) is None
    assert rpc.output(SCHEDULES, "list") == []


def test_run_answers_a_backup_job_status(rpc: Rpc) -> None:
    rpc.create()
    run = {"schedule": "default", "comment": {"OPTIONAL": "now"}}
    status = structure(rpc.output(SCHEDULES, "run", run), f"{JOB}.backup_job_status")
    assert status["state"] == "INPROGRESS" and status["end_time"] == {"OPTIONAL": None}
    assert rpc.error(SCHEDULES, "run", {"schedule": "default"})[0] == "feature_in_use"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"backup_password": {"OPTIONAL": {"SECRET": "weak"}}}, "spec.backup_password"),
        ({"recurrence_info": {"OPTIONAL": recurrence(minute=60)}}, "spec.recurrence_info.minute"),
        ({"recurrence_info": {"OPTIONAL": recurrence(hour=-1)}}, "spec.recurrence_info.hour"),
        (
            {"recurrence_info": {"OPTIONAL": recurrence(days=["SOMEDAY"])}},
            "spec.recurrence_info.days",
        ),
        ({"location": "gopher://192.0.2.10/x"}, "spec.location"),
        ({"parts": {"OPTIONAL": ["nope"]}}, "spec.parts"),
    ],
)
def test_an_invalid_spec_is_invalid_argument(rpc: Rpc, changes: dict[str, Any], field: str) -> None:
    spec = create_spec(**changes)
    name, error = rpc.error(SCHEDULES, "create", {"schedule": "default", "spec": spec})
    assert name == "invalid_argument"
    message = structure(error["messages"][0], "com.vmware.vapi.std.localizable_message")
    assert message["args"][0] == field
    assert "weak" not in json.dumps(error)
    assert rpc.output(SCHEDULES, "list") == []


def test_missing_inputs_are_invalid_argument(rpc: Rpc) -> None:
    rpc.create()
    assert rpc.error(SCHEDULES, "create", {"spec": create_spec()})[0] == "invalid_argument"
    assert rpc.error(SCHEDULES, "create", {"schedule": "weekly"})[0] == "invalid_argument"
    assert rpc.error(SCHEDULES, "update", {"schedule": "default"})[0] == "invalid_argument"
    assert rpc.error(SCHEDULES, "get", {"schedule": 7})[0] == "invalid_argument"
    assert rpc.error(SCHEDULES, "run", {})[0] == "invalid_argument"


def test_an_unknown_schedule_is_not_found(rpc: Rpc) -> None:
    update = {"schedule": "nightly", "spec": update_spec(enable={"OPTIONAL": False})}
    assert rpc.error(SCHEDULES, "get", {"schedule": "nightly"})[0] == "not_found"
    assert rpc.error(SCHEDULES, "update", update)[0] == "not_found"
    assert rpc.error(SCHEDULES, "delete", {"schedule": "nightly"})[0] == "not_found"
    assert rpc.error(SCHEDULES, "run", {"schedule": "nightly"})[0] == "not_found"


def test_a_second_schedule_is_already_exists(rpc: Rpc) -> None:
    rpc.create()
    spec = create_spec()
    assert rpc.error(SCHEDULES, "create", {"schedule": "default", "spec": spec})[0] == (
        "already_exists"
    )


def test_the_readonly_user_and_a_missing_session(rpc: Rpc) -> None:
    rpc.create()
    readonly = rpc.appliance.login(*READONLY)
    update = {"schedule": "default", "spec": update_spec()}
    for operation, fields in [("create", {}), ("update", update), ("run", {}), ("delete", {})]:
        name, _ = rpc.error(SCHEDULES, operation, fields, session=readonly)
        assert name == "unauthorized"
        assert rpc.error(SCHEDULES, operation, fields, session="nope")[0] == "unauthenticated"
    assert rpc.error(DETAILS, "list", session="nope")[0] == "unauthenticated"


# --- job details ---------------------------------------------------------------------------


def test_details_list_a_map_of_infos_the_sdk_reads(rpc: Rpc) -> None:
    rpc.create()
    scheduled = structure(
        rpc.output(SCHEDULES, "run", {"schedule": "default"}), f"{JOB}.backup_job_status"
    )["id"]
    rpc.clock.now += 4
    listed = entries(rpc.output(DETAILS, "list", {"filter": {"OPTIONAL": None}}))
    info = structure(listed[scheduled], f"{DETAILS}.info")
    assert info["type"] == "SCHEDULED" and info["status"] == "RUNNING"
    assert info["duration"] == {"OPTIONAL": 4}
    progress = structure(info["progress"]["OPTIONAL"], "com.vmware.cis.task.progress")
    assert (progress["total"], progress["completed"]) == (100, 40)
    structure(progress["message"], "com.vmware.vapi.std.localizable_message")
    structure(info["build"]["OPTIONAL"], f"{DETAILS}.build_info")
    structure(info["description"], "com.vmware.vapi.std.localizable_message")
    assert info["error"] == {"OPTIONAL": None} and info["end_time"] == {"OPTIONAL": None}
    assert info["parent"] == {"OPTIONAL": None} and info["target"] == {"OPTIONAL": None}


def test_a_failed_job_carries_its_reason_as_a_std_error(rpc: Rpc) -> None:
    job = {
        "piece": {
            "STRUCTURE": {
                f"{JOB}.backup_request": {
                    "parts": [],
                    "location_type": "FTP",
                    "location": "ftp://unreachable.example/x",
                }
            }
        }
    }
    job_id = structure(rpc.output(JOB, "create", job), f"{JOB}.backup_job_status")["id"]
    rpc.clock.now += 60
    info = structure(entries(rpc.output(DETAILS, "list"))[job_id], f"{DETAILS}.info")
    assert info["status"] == "FAILED"
    ((name, error),) = info["error"]["OPTIONAL"]["ERROR"].items()
    assert name == f"{ERRORS}error"
    message = structure(error["messages"][0], "com.vmware.vapi.std.localizable_message")
    assert "unreachable.example" in message["default_message"]


def test_the_filter_narrows_the_details(rpc: Rpc) -> None:
    rpc.create()
    rpc.output(SCHEDULES, "run", {"schedule": "default"})

    def listed(jobs: object) -> dict[str, Any]:
        spec = {"STRUCTURE": {f"{DETAILS}.filter_spec": {"jobs": {"OPTIONAL": jobs}}}}
        return entries(rpc.output(DETAILS, "list", {"filter": {"OPTIONAL": spec}}))

    assert len(listed(None)) == 1
    assert listed([]) == {}  # an empty set matches no job; unset matches every job
    assert listed(["nope"]) == {}
    assert rpc.error(DETAILS, "list", {"filter": 3})[0] == "invalid_argument"
    bad = {"STRUCTURE": {f"{DETAILS}.filter_spec": {"jobs": {"OPTIONAL": [1]}}}}
    assert rpc.error(DETAILS, "list", {"filter": bad})[0] == "invalid_argument"


# --- any input -----------------------------------------------------------------------------

_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=6),
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(
            st.sampled_from(["location", "minute", "jobs", "OPTIONAL", "STRUCTURE", "x"]),
            inner,
            max_size=3,
        )
    ),
    max_leaves=15,
)
_OPERATIONS = st.sampled_from(
    [(SCHEDULES, operation) for operation in ("list", "get", "create", "update", "delete", "run")]
    + [(DETAILS, "list")]
)
_FIELDS = st.dictionaries(
    st.sampled_from(["schedule", "spec", "comment", "filter"]),
    _JSON | st.just("default") | st.just(create_spec()) | st.just(update_spec()),
)


@settings(max_examples=200, deadline=None)
@given(_OPERATIONS, _FIELDS)
def test_any_input_gets_a_result_or_a_vapi_error(
    operation: tuple[str, str], fields: dict[str, Any]
) -> None:
    rpc = Rpc()
    rpc.create()
    body = {
        "jsonrpc": "2.0",
        "method": "invoke",
        "id": 1,
        "params": {
            "serviceId": operation[0],
            "operationId": operation[1],
            "input": {"STRUCTURE": {"operation-input": fields}},
            "ctx": {"securityCtx": {"schemeId": "x", "sessionId": rpc.session}},
        },
    }
    answer, _ = handle(
        rpc.appliance, json.dumps(body).encode(), {"vmware-api-session-id": rpc.session}
    )
    assert ("result" in answer) != ("error" in answer)
    if "error" in answer:  # only a malformed tagged value may fail the envelope
        assert answer["error"]["code"] == -32602
    else:
        assert set(answer["result"]) in ({"output"}, {"error"})
