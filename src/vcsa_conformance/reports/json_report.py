"""``conformance.json``: the run for machines, in a fixed key order with a schema version.

Derived values (counts, curl commands) are included so that a consumer needs no logic of
ours; ``from_dict`` reads a report back into a RunResult (used to re-render recorded runs,
to compare runs and to merge a fleet) and ignores those derived values. ``read`` is the
careful entry point for a file a user names: ReportError (one line) for anything that is not
a report this version can read.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path
from typing import Any, TypeVar

from vcsa_conformance.errors import VcsaConformanceError
from vcsa_conformance.reports.curl import to_curl
from vcsa_conformance.reports.summary import counts, operations
from vcsa_conformance.results import (
    ApplianceVersion,
    BackupSpan,
    Bounds,
    Coverage,
    Deviation,
    Failure,
    FailureMark,
    RecordedRequest,
    RecordedResponse,
    RequirementResult,
    RunResult,
    Timeline,
    WaitSpan,
)

FILENAME = "conformance.json"
# Bump when a field changes meaning or disappears; adding one does not. 2: verdict
# "incomplete" (and "conformant" now means every MUST was checked), bounds, unchecked_musts.
# Added within 2: appliance, baseline, requirements[].deviation, bounds.baseline_backups,
# timeline, bounds.schedule_writes and bounds.schedules_left.
SCHEMA_VERSION = 2
READABLE = (1, 2)  # the schema versions ``read`` accepts
T = TypeVar("T")


class ReportError(VcsaConformanceError, ValueError):
    """Raised when a file is not a conformance.json this version can read; the message
    names the file and says why."""


def render(result: RunResult) -> str:
    """The report's text: indented JSON, UTF-8 characters kept, ending in a newline."""
    return json.dumps(to_dict(result), indent=2, ensure_ascii=False) + "\n"


def write(result: RunResult, report_dir: Path) -> Path:
    """Write ``conformance.json`` into ``report_dir`` and return its path."""
    path = report_dir / FILENAME
    path.write_text(render(result), encoding="utf-8")
    return path


def to_dict(result: RunResult) -> dict[str, Any]:
    """The report as plain data, keys in the documented order."""
    return {
        "schema_version": SCHEMA_VERSION,
        "verdict": result.verdict,
        "target": result.target,
        "appliance": asdict(result.appliance),
        "started": result.started,
        "duration_s": round(result.duration_s, 3),
        "tool_version": result.tool_version,
        "spec_version": result.spec_version,
        "profile": result.profile,
        "baseline": result.baseline,
        "requests": result.requests,
        "error": result.error,
        "bounds": None if result.bounds is None else asdict(result.bounds),
        "counts": counts(result),
        "unchecked_musts": [
            {"id": item.id, "reason": item.skip_reason} for item in result.unchecked_musts
        ],
        "requirements": [_requirement(item) for item in result.requirements],
        "coverage": _coverage(result.coverage),
        "timeline": None if result.timeline is None else asdict(result.timeline),
    }


def _requirement(item: RequirementResult) -> dict[str, Any]:
    """The requirement's fields, in their order; each failure as ``_failure`` has it."""
    data = asdict(item)
    data["failures"] = [_failure(failure) for failure in item.failures]
    return data


def _failure(failure: Failure) -> dict[str, Any]:
    """The failure's fields but its requirement id (the requirement holds it), the request
    with its curl command."""
    data = asdict(failure)
    del data["requirement_id"]
    if failure.request is not None:
        data["request"]["curl"] = to_curl(failure.request)
    return data


def _coverage(coverage: Coverage) -> dict[str, Any]:
    return {
        "cases": coverage.cases,
        "operations": [
            {
                "operation": operation,
                "documented": list(coverage.documented.get(operation, [])),
                "seen": dict(sorted(coverage.operations.get(operation, {}).items())),
            }
            for operation in operations(coverage)
        ],
    }


def load(path: Path) -> RunResult:
    """Read a ``conformance.json`` we wrote back into a RunResult (see ``read`` for files a
    user names)."""
    return from_dict(json.loads(path.read_text(encoding="utf-8")))


def read(path: Path) -> RunResult:
    """The run a user-named ``conformance.json`` describes; ReportError saying why not for a
    missing file, a file that is not JSON or not a report, or a schema version this
    vcsa-conformance cannot read."""
    name = str(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ReportError(f"{name!r} does not exist") from None
    except OSError as error:
        raise ReportError(f"cannot read {name!r}: {error.strerror or error}") from None
    except (ValueError, UnicodeDecodeError):
        raise ReportError(f"{name!r} is not JSON (give a conformance.json)") from None
    version = data.get("schema_version") if isinstance(data, dict) else None
    if not isinstance(version, int) or "requirements" not in data:
        raise ReportError(f"{name!r} is not a conformance report (no schema_version)")
    if version not in READABLE:
        raise ReportError(
            f"{name!r} has schema_version {version}; this vcsa-conformance reads "
            f"{' and '.join(map(str, READABLE))} (upgrade vcsa-conformance to read it)"
        )
    try:
        return from_dict(data)
    except (KeyError, TypeError, ValueError) as error:
        raise ReportError(f"{name!r} is not a complete conformance report ({error})") from None


def from_dict(data: dict[str, Any]) -> RunResult:
    """The RunResult a ``to_dict`` report describes (derived values are recomputed)."""
    coverage = data.get("coverage") or {}
    return RunResult(
        verdict=data["verdict"],
        target=data["target"],
        started=data["started"],
        duration_s=float(data["duration_s"]),
        tool_version=data["tool_version"],
        spec_version=data["spec_version"],
        profile=data.get("profile", "quick"),
        requirements=[_requirement_from(item) for item in data.get("requirements", [])],
        coverage=Coverage(
            operations={
                op["operation"]: dict(op["seen"])
                for op in coverage.get("operations", [])
                if op["seen"]
            },
            documented={
                op["operation"]: list(op["documented"])
                for op in coverage.get("operations", [])
                if op["documented"]
            },
            cases=int(coverage.get("cases", 0)),
        ),
        error=data.get("error"),
        requests=int(data.get("requests", 0)),
        bounds=_from(Bounds, data["bounds"]) if data.get("bounds") else None,
        appliance=_from(ApplianceVersion, data.get("appliance")),
        baseline=data.get("baseline"),
        timeline=_timeline_from(data.get("timeline")),
    )


def _timeline_from(data: dict[str, Any] | None) -> Timeline | None:
    """The run's timeline (absent from reports written before issue 18: None)."""
    if not data:
        return None
    backups = [
        _from(BackupSpan, item, progress=[(float(t), int(p)) for t, p in item.get("progress", [])])
        for item in data.get("backups", [])
    ]
    return Timeline(
        duration_s=float(data.get("duration_s", 0.0)),
        backups=backups,
        waits=[_from(WaitSpan, item) for item in data.get("waits", [])],
        failures=[_from(FailureMark, item) for item in data.get("failures", [])],
    )


def _from(kind: type[T], data: dict[str, Any] | None, **given: Any) -> T:
    """The dataclass ``kind`` from the fields of ``data`` it has (a later version may add
    more), and the values ``given``."""
    names = kind.__dataclass_fields__  # type: ignore[attr-defined]
    return kind(**{name: value for name, value in (data or {}).items() if name in names} | given)


def _requirement_from(item: dict[str, Any]) -> RequirementResult:
    return RequirementResult(
        id=item["id"],
        level=item["level"],
        title=item["title"],
        area=item["area"],
        status=item["status"],
        checks=int(item.get("checks", 0)),
        failures=[_failure_from(item["id"], failure) for failure in item.get("failures", [])],
        skip_reason=item.get("skip_reason"),
        deviation=_from(Deviation, item["deviation"]) if item.get("deviation") else None,
    )


def _failure_from(requirement_id: str, item: dict[str, Any]) -> Failure:
    request, response = item.get("request"), item.get("response")
    return Failure(
        requirement_id=requirement_id,
        check=item["check"],
        expected=item["expected"],
        received=item["received"],
        request=None
        if request is None
        else RecordedRequest(
            request["method"], request["url"], dict(request["headers"]), request["body"]
        ),
        response=None
        if response is None
        else RecordedResponse(response["status"], dict(response["headers"]), response["body"]),
        test=item.get("test", ""),
        reproduction=item.get("reproduction"),
    )
