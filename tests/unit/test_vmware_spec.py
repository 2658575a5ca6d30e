"""openapi.yaml against VMware's published 8.0.2 description: 0 differences, operation by operation.

VMware's Swagger 2.0 files (appliance and session, 8.0.2) live beside the clone in
``../shared/vmware-api-specs/`` (or where ``VCSA_VMWARE_SPECS`` points); without them the
comparison skips, saying where it looked.

What is compared, for every operation the contract describes (found in VMware's file by its
path, method and ``?action=``):

- the operation exists in VMware's description, with the same security where VMware states
  one (its session file states none);
- statuses: every status VMware documents is documented; the contract adds only 401, 403,
  415 and 500 (authentication, the vAPI runtime, unexpected failures: see openapi.yaml
  "Errors") and the few ``ASSUMED`` statuses it explains (marked "assumed" in its text).
  No success status differs;
- parameters: path parameters by name and type; query parameters (bar the ``action`` that
  names the operation) by name, required flag and schema (``collectionFormat: multi`` is
  OpenAPI's ``style: form, explode: true``); the request body's presence, required flag and
  schema (a body VMware leaves optional may be required when its schema requires fields:
  an absent body could not be valid anyway);
- each documented answer's schema (or its absence), errors included, and for an error the
  contract must admit the error type VMware names (``VapiStdErrorsNotFound`` -> NOT_FOUND);
- schemas, recursively through references: ``type``, ``format``, ``enum`` (as sets),
  ``required`` (as sets), the property names, ``items`` and ``additionalProperties``.

"Stricter but compatible" counts as equal. The contract may add keywords that only narrow the
set of valid values, which VMware states in prose: ``minimum``, ``maximum``, ``minLength``,
``maxLength``, ``pattern``, an ``allOf`` or ``not`` of such keywords (the password policy),
and the annotations ``description``, ``examples``, ``writeOnly``. Two narrowings are named
rather than general: an error answer's ``error_type`` enum may be the subset the vAPI runtime
maps to its status, and ``format`` may be added where VMware gives none only as an
annotation (``password``). One widening is allowed, and listed: ``NULLABLE``.
"""

from __future__ import annotations

import copy
import json
import os
import re
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from vcsa_conformance.contract import api
from vcsa_conformance.contract import spec as contract

REPOSITORY = Path(__file__).resolve().parents[2]
ENVIRONMENT = "VCSA_VMWARE_SPECS"
FILES = ("appliance-8.0.2.json", "session-8.0.2.json")

# Statuses every operation may add: authentication, the vAPI runtime's 415, unexpected failure.
ADDED_EVERYWHERE = frozenset({"401", "403", "415", "500"})
# Statuses the contract adds to one operation, each explained as an assumption in openapi.yaml.
ASSUMED = {
    "cancelBackupJob": {"400"},  # cancel of a finished job: NOT_ALLOWED_IN_CURRENT_STATE
    "getBackupPartSize": {"404"},  # an unknown part id: NOT_FOUND (VMware: only 500)
    "validateBackup": {"404"},  # a missing or other action: the runtime's INVALID_REQUEST
}
# Where the contract admits null and VMware does not: the SDK's JSON-RPC form sends an unset
# optional as null (openapi.yaml, "end_time").
NULLABLE = frozenset({"BackupJobStatus.end_time"})
ANNOTATION_FORMATS = frozenset({"password"})


def _candidates() -> list[Path]:
    """Where VMware's files may be: the environment's choice, beside this clone, and, for a
    git worktree, beside the clone it belongs to."""
    found = [Path(os.environ[ENVIRONMENT])] if os.environ.get(ENVIRONMENT) else []
    found.append(REPOSITORY.parent / "shared" / "vmware-api-specs")
    dot_git = REPOSITORY / ".git"
    if dot_git.is_file():  # "gitdir: <main clone>/.git/worktrees/<name>"
        gitdir = Path(dot_git.read_text(encoding="utf-8").partition(":")[2].strip())
        found.append(gitdir.parents[2].parent / "shared" / "vmware-api-specs")
    return found


def _specs_dir() -> Path | None:
    return next((d for d in _candidates() if all((d / f).is_file() for f in FILES)), None)


needs_vmware = pytest.mark.skipif(
    _specs_dir() is None,
    reason="VMware's 8.0.2 API description is not beside this clone (looked in "
    + ", ".join(str(d) for d in _candidates())
    + f"); CI places it in ../shared/vmware-api-specs/, or set {ENVIRONMENT}",
)


@cache
def vmware() -> dict[str, Any]:
    """VMware's appliance and session descriptions (8.0.2), merged: paths and definitions."""
    directory = _specs_dir()
    assert directory is not None
    merged: dict[str, Any] = {"paths": {}, "definitions": {}}
    for name in FILES:
        document = json.loads((directory / name).read_text(encoding="utf-8"))
        for path, item in document["paths"].items():
            merged["paths"].setdefault(path, {}).update(item)
        merged["definitions"].update(document["definitions"])
    return merged


# --- the comparison ----------------------------------------------------------------------------


class _Comparison:
    """Differences between one contract document (OpenAPI 3.1) and VMware's (Swagger 2.0)."""

    def __init__(self, ours: dict[str, Any], theirs: dict[str, Any]) -> None:
        self.ours = ours
        self.theirs = theirs
        self.differences: list[str] = []

    def run(self) -> list[str]:
        for operation in contract.operations(self.ours):
            self._operation(operation)
        return self.differences

    def _differ(self, where: str, text: str) -> None:
        self.differences.append(f"{where}: {text}")

    # operations ----------------------------------------------------------------------------

    def _operation(self, operation: contract.Operation) -> None:
        name = operation.operation_id
        item = self.ours["paths"][operation.path]
        ours = item[operation.method.lower()]
        theirs = self.theirs["paths"].get(operation.target, {}).get(operation.method.lower())
        if theirs is None:
            self._differ(name, f"{operation.method} {operation.target} is not in VMware's 8.0.2")
            return
        if "security" in theirs and ours.get("security") != theirs["security"]:
            self._differ(name, f"security {ours.get('security')} != {theirs.get('security')}")
        self._statuses(name, ours, theirs)
        self._parameters(name, [*item.get("parameters", []), *ours.get("parameters", [])], theirs)
        self._body(name, ours.get("requestBody"), theirs)
        for status, response in theirs["responses"].items():
            if status in ours["responses"]:
                self._response(f"{name} {status}", ours["responses"][status], response)

    def _statuses(self, name: str, ours: dict[str, Any], theirs: dict[str, Any]) -> None:
        mine, vmware = set(ours["responses"]), set(theirs["responses"])
        for status in sorted(vmware - mine):
            self._differ(name, f"VMware documents {status}, the contract does not")
        for status in sorted(mine - vmware - ADDED_EVERYWHERE - ASSUMED.get(name, set())):
            self._differ(name, f"the contract documents {status}, VMware does not")

    def _parameters(self, name: str, parameters: list[Any], theirs: dict[str, Any]) -> None:
        mine = {
            (p["in"], p["name"]): p
            for p in map(self._ref, parameters)
            if (p["in"], p["name"]) != ("query", "action")
        }
        vmware = {
            (p["in"], p["name"]): p for p in theirs.get("parameters", []) if p["in"] != "body"
        }
        for key in sorted(set(mine) ^ set(vmware)):
            side = "the contract" if key in mine else "VMware"
            self._differ(name, f"only {side} has the {key[0]} parameter {key[1]!r}")
        for key in sorted(set(mine) & set(vmware)):
            where = f"{name} {key[0]} parameter {key[1]}"
            ours, vmware_parameter = mine[key], vmware[key]
            if bool(ours.get("required")) != bool(vmware_parameter.get("required")):
                self._differ(where, "the required flag differs")
            if vmware_parameter.get("collectionFormat") == "multi" and not (
                ours.get("style", "form") == "form" and ours.get("explode", True)
            ):
                self._differ(where, "VMware repeats it (multi): use style form, explode true")
            plain = {k: v for k, v in vmware_parameter.items() if k in ("type", "items", "enum")}
            self._schema(where, ours["schema"], plain)

    def _body(self, name: str, ours: dict[str, Any] | None, theirs: dict[str, Any]) -> None:
        vmware = next((p for p in theirs.get("parameters", []) if p["in"] == "body"), None)
        if (ours is None) != (vmware is None):
            side = "the contract" if ours is not None else "VMware"
            self._differ(name, f"only {side} has a request body")
            return
        if ours is None or vmware is None:
            return
        schema = ours["content"]["application/json"]["schema"]
        required, vmware_required = bool(ours.get("required")), bool(vmware.get("required"))
        stricter = required and self._flat(schema).get("required")
        if required != vmware_required and not stricter:
            self._differ(f"{name} body", "the required flag differs")
        self._schema(f"{name} body", schema, vmware["schema"])

    def _response(self, where: str, ours: dict[str, Any], theirs: dict[str, Any]) -> None:
        ours = self._ref(ours)
        content = ours.get("content", {}).get("application/json", {})
        if "schema" not in theirs:
            if content:
                self._differ(where, "the contract has a body, VMware none")
            return
        if "schema" not in content:
            self._differ(where, "VMware has a body, the contract none")
            return
        error = where.rsplit(" ", 1)[-1] >= "400"
        self._schema(where, content["schema"], theirs["schema"], narrow_error_type=error)
        error_name = theirs["schema"].get("$ref", "").rsplit("/", 1)[-1]
        if error and error_name.startswith("VapiStdErrors") and error_name != "VapiStdErrorsError":
            kind = re.sub(r"(?<!^)(?=[A-Z])", "_", error_name.removeprefix("VapiStdErrors")).upper()
            admitted = self._flat(content["schema"])["properties"]["error_type"].get("enum", [])
            if kind not in admitted:
                self._differ(where, f"VMware answers {kind}, the contract does not admit it")

    # schemas -------------------------------------------------------------------------------

    def _schema(
        self,
        where: str,
        ours: dict[str, Any],
        theirs: dict[str, Any],
        *,
        narrow_error_type: bool = False,
        field: str = "",
        seen: frozenset[tuple[str, str]] = frozenset(),
    ) -> None:
        """``field`` names the place by schema, as NULLABLE does: ``BackupJobStatus.end_time``."""
        pair = (json.dumps(ours, sort_keys=True), json.dumps(theirs, sort_keys=True))
        if pair in seen:  # a recursive structure (a nested message's params), compared once
            return
        seen = seen | {pair}
        mine, vmware = self._flat(ours), self._swagger(theirs)
        label = self._label(where, ours)
        owner = str(ours.get("$ref", "")).rsplit("/", 1)[-1] or field
        self._type(label, field, mine, vmware)
        if vmware.get("format") != mine.get("format") and not (
            "format" not in vmware and mine.get("format") in ANNOTATION_FORMATS
        ):
            self._differ(label, f"format {mine.get('format')!r} != {vmware.get('format')!r}")
        self._enum(label, mine, vmware, narrow=narrow_error_type and where.endswith(".error_type"))
        if set(mine.get("required", [])) != set(vmware.get("required", [])):
            missing = sorted(set(vmware.get("required", [])) - set(mine.get("required", [])))
            extra = sorted(set(mine.get("required", [])) - set(vmware.get("required", [])))
            self._differ(label, f"required differs: not required here {missing}, only here {extra}")
        names, vmware_names = set(mine.get("properties", {})), set(vmware.get("properties", {}))
        for prop in sorted(names ^ vmware_names):
            self._differ(
                label, f"only {'the contract' if prop in names else 'VMware'} has {prop!r}"
            )
        for prop in sorted(names & vmware_names):
            self._schema(
                f"{label}.{prop}",
                mine["properties"][prop],
                vmware["properties"][prop],
                narrow_error_type=narrow_error_type,
                field=f"{owner}.{prop}",
                seen=seen,
            )
        for key in ("items", "additionalProperties"):
            if isinstance(vmware.get(key), dict):
                if not isinstance(mine.get(key), dict):
                    self._differ(label, f"VMware gives {key}, the contract does not")
                else:
                    self._schema(f"{label}[]", mine[key], vmware[key], seen=seen)
            elif isinstance(mine.get(key), dict):
                self._differ(label, f"the contract gives {key}, VMware does not")

    def _type(self, label: str, field: str, mine: dict[str, Any], vmware: dict[str, Any]) -> None:
        kind = mine.get("type")
        if isinstance(kind, list):
            if "null" in kind and field not in NULLABLE:
                self._differ(label, "the contract admits null, VMware does not")
            rest = [k for k in kind if k != "null"]
            kind = rest[0] if len(rest) == 1 else rest
        if kind != vmware.get("type"):
            self._differ(label, f"type {kind!r} != {vmware.get('type')!r}")

    def _enum(self, label: str, mine: dict[str, Any], vmware: dict[str, Any], narrow: bool) -> None:
        if "enum" not in mine and "enum" not in vmware:
            return
        ours, theirs = set(mine.get("enum", [])), set(vmware.get("enum", []))
        if "enum" not in mine or "enum" not in vmware:
            self._differ(label, f"enum {sorted(ours)} != {sorted(theirs)}")
        elif narrow and (not ours or not ours <= theirs):
            self._differ(label, f"error_type enum {sorted(ours - theirs)} is not VMware's")
        elif not narrow and ours != theirs:
            self._differ(
                label,
                f"enum: only here {sorted(ours - theirs)}, only VMware {sorted(theirs - ours)}",
            )

    def _label(self, where: str, ours: dict[str, Any]) -> str:
        """A place as a reader finds it: a named schema by its name (``DayOfWeek``)."""
        if "$ref" in ours and str(ours["$ref"]).startswith("#/components/schemas/"):
            name = str(ours["$ref"]).rsplit("/", 1)[-1]
            return name if "." not in where and " " not in where else f"{where} ({name})"
        return where

    # documents -----------------------------------------------------------------------------

    def _ref(self, node: dict[str, Any]) -> dict[str, Any]:
        """A contract node with its local $ref followed (and siblings laid over it)."""
        if "$ref" not in node:
            return node
        target: Any = self.ours
        for token in str(node["$ref"]).removeprefix("#/").split("/"):
            target = target[token.replace("~1", "/").replace("~0", "~")]
        siblings = {k: v for k, v in node.items() if k != "$ref"}
        return {**self._ref(target), **siblings}

    def _flat(self, schema: dict[str, Any]) -> dict[str, Any]:
        """A contract schema as one object: references followed, ``allOf`` merged (its
        entries only narrow: patterns, or an error_type enum laid over VapiError's)."""
        schema = self._ref(schema)
        if "allOf" not in schema:
            return schema
        merged = {k: v for k, v in schema.items() if k != "allOf"}
        for part in schema["allOf"]:
            flat = self._flat(part)
            properties = {**merged.get("properties", {})}
            for name, value in flat.get("properties", {}).items():
                properties[name] = {**self._ref(properties.get(name, {})), **value}
            merged = {**flat, **merged, "properties": properties}
            if not properties:
                del merged["properties"]
        return merged

    def _swagger(self, schema: dict[str, Any]) -> dict[str, Any]:
        while "$ref" in schema:
            name = str(schema["$ref"]).rsplit("/", 1)[-1]
            schema = {
                **self.theirs["definitions"][name],
                **{k: v for k, v in schema.items() if k not in ("$ref", "description")},
            }
        return schema


def differences(ours: dict[str, Any] | None = None) -> list[str]:
    """Every difference between a contract document (default: openapi.yaml) and VMware's 8.0.2."""
    return _Comparison(ours if ours is not None else contract.contract(), vmware()).run()


# --- tests -------------------------------------------------------------------------------------


@needs_vmware
def test_the_contract_has_no_difference_from_vmware_8_0_2() -> None:
    assert differences() == []


@needs_vmware
def test_every_operation_of_the_contract_is_compared() -> None:
    """Job, parts, session, validate, schedules and job details: all 17, none skipped."""
    found = {op.operation_id for op in contract.operations()}
    assert len(found) == 17
    for op in contract.operations():
        assert op.method.lower() in vmware()["paths"][op.target], op.key


def _mutated(change: str) -> dict[str, Any]:
    document = copy.deepcopy(contract.contract())
    schemas = document["components"]["schemas"]
    paths = document["paths"]
    schedule = paths[api.SCHEDULES_PATH + "/{schedule}"]
    if change == "day dropped from the enum":
        schemas["DayOfWeek"]["enum"].remove("WEDNESDAY")
    elif change == "9.0 job type against 8.0.2":
        schemas["JobType"]["enum"].append("LOCAL_BACKUP")
    elif change == "documented status missing":
        del schedule["get"]["responses"]["404"]
    elif change == "undocumented success status":
        schedule["post"]["responses"]["201"] = schedule["post"]["responses"].pop("200")
    elif change == "field of the wrong type":
        schemas["ScheduleRecurrence"]["properties"]["minute"]["type"] = "string"
    elif change == "required field not required":
        schemas["ScheduleInfo"]["required"].remove("enable")
    elif change == "field missing":
        del schemas["JobDetails"]["properties"]["fast_backup"]
    elif change == "error type VMware names not admitted":
        bad = {
            "description": "x",
            "content": {
                "application/json": {"schema": {"$ref": "#/components/schemas/InternalServerError"}}
            },
        }
        schedule["get"]["responses"]["404"] = bad
    elif change == "operation VMware does not have":
        paths[api.SCHEDULES_PATH]["put"] = copy.deepcopy(paths[api.SCHEDULES_PATH]["post"])
        paths[api.SCHEDULES_PATH]["put"]["operationId"] = "replaceBackupSchedules"
    elif change == "query parameter renamed":
        paths[api.JOB_DETAILS_PATH]["get"]["parameters"][0]["name"] = "job"
    elif change == "body required flag":
        schedule["patch"]["requestBody"]["required"] = True
    elif change == "null admitted":
        schemas["ScheduleInfo"]["properties"]["location_user"]["type"] = ["string", "null"]
    return document


MUTATIONS = {
    "day dropped from the enum": "DayOfWeek",
    "9.0 job type against 8.0.2": "LOCAL_BACKUP",
    "documented status missing": "getBackupSchedule: VMware documents 404",
    "undocumented success status": "runBackupSchedule: the contract documents 201",
    "field of the wrong type": "minute: type 'string' != 'integer'",
    "required field not required": "not required here ['enable']",
    "field missing": "only VMware has 'fast_backup'",
    "error type VMware names not admitted": "VMware answers NOT_FOUND",
    "operation VMware does not have": "replaceBackupSchedules: PUT",
    "query parameter renamed": "only VMware has the query parameter 'jobs'",
    "body required flag": "updateBackupSchedule body: the required flag differs",
    "null admitted": "location_user: the contract admits null",
}


@needs_vmware
@pytest.mark.parametrize(("change", "reported"), sorted(MUTATIONS.items()))
def test_the_comparison_reports_a_changed_contract(change: str, reported: str) -> None:
    """The comparison can fail: each change to a copy of the contract is reported."""
    found = differences(_mutated(change))
    assert any(reported in difference for difference in found), found


@needs_vmware
def test_stricter_but_compatible_counts_as_equal() -> None:
    """Bounds VMware states in prose are no difference; neither is a narrower error_type."""
    document = copy.deepcopy(contract.contract())
    recurrence = document["components"]["schemas"]["ScheduleRecurrence"]["properties"]
    recurrence["minute"].pop("maximum")
    recurrence["hour"].pop("minimum")
    assert differences(document) == []


def test_the_api_names_are_the_contracts() -> None:
    """contract/api.py, which the code uses, and openapi.yaml say the same (no VMware files
    needed)."""
    schemas = contract.contract()["components"]["schemas"]
    assert tuple(schemas["DayOfWeek"]["enum"]) == api.DAYS_OF_WEEK
    assert tuple(schemas["JobType"]["enum"]) == api.JOB_TYPES
    assert tuple(schemas["TaskStatus"]["enum"]) == api.TASK_STATUSES
    recurrence = schemas["ScheduleRecurrence"]["properties"]
    assert (recurrence["minute"]["minimum"], recurrence["minute"]["maximum"]) == (
        api.MINUTES[0],
        api.MINUTES[-1],
    )
    assert (recurrence["hour"]["minimum"], recurrence["hour"]["maximum"]) == (
        api.HOURS[0],
        api.HOURS[-1],
    )
    retention = schemas["ScheduleRetention"]["properties"]["max_count"]
    assert retention["minimum"] == api.MIN_RETENTION
    spec_fields = schemas["ScheduleCreateSpec"]
    assert tuple(spec_fields["required"]) == api.SCHEDULE_REQUIRED
    assert {*api.SCHEDULE_STRINGS, *api.SCHEDULE_BOOLEANS} <= set(spec_fields["properties"])
    targets = {op.operation_id: op.target for op in contract.operations()}
    assert targets["validateBackup"] == f"{api.BACKUP_PATH}?action={api.VALIDATE_ACTION}"
    assert targets["runBackupSchedule"] == f"{api.SCHEDULES_PATH}/{{schedule}}?action=run"
    assert targets["listBackupJobDetails"] == api.JOB_DETAILS_PATH
    assert targets["cancelBackupJob"].endswith(f"?action={api.CANCEL_ACTION}")
