"""conformance.json: documented fields, fixed order, and a loss-free round trip."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from vcsa_conformance.reports import json_report

DATA = Path(__file__).parent / "data"
TOP_KEYS = [
    "schema_version",
    "verdict",
    "target",
    "appliance",
    "started",
    "duration_s",
    "tool_version",
    "spec_version",
    "profile",
    "baseline",
    "requests",
    "error",
    "bounds",
    "counts",
    "unchecked_musts",
    "requirements",
    "coverage",
    "timeline",
]


def test_an_incomplete_run_lists_each_unchecked_must_with_its_reason() -> None:
    data = json_report.to_dict(json_report.load(DATA / "run_skip.json"))
    assert data["verdict"] == "incomplete"
    unchecked = data["unchecked_musts"]
    assert len(unchecked) == data["counts"]["MUST"]["skip"] == 17
    assert all(item["reason"] for item in unchecked)
    assert data["bounds"]["max_backups"] == 1


@pytest.mark.parametrize("name", ["pass", "fail", "skip", "error", "known"])
def test_round_trip_is_loss_free(name: str) -> None:
    result = json_report.load(DATA / f"run_{name}.json")
    assert json_report.from_dict(json_report.to_dict(result)) == result


def test_keys_in_documented_order() -> None:
    data = json.loads(json_report.render(json_report.load(DATA / "run_fail.json")))
    assert list(data) == TOP_KEYS
    assert data["schema_version"] == json_report.SCHEMA_VERSION
    requirement = data["requirements"][0]
    assert list(requirement) == [
        "id",
        "level",
        "title",
        "area",
        "status",
        "checks",
        "failures",
        "skip_reason",
        "deviation",
    ]


def test_failure_has_request_with_curl_and_response() -> None:
    data = json_report.to_dict(json_report.load(DATA / "run_fail.json"))
    failed = next(r for r in data["requirements"] if r["id"] == "BKP-INPUT-004")
    failure = failed["failures"][0]
    assert list(failure) == [
        "check",
        "expected",
        "received",
        "request",
        "response",
        "test",
        "reproduction",
    ]
    assert failure["request"]["curl"].startswith("curl -i")
    assert failure["response"]["status"] == 201
    assert failure["reproduction"].startswith("@reproduce_failure")


def test_counts_by_level_and_status() -> None:
    data = json_report.to_dict(json_report.load(DATA / "run_fail.json"))
    assert data["counts"]["MUST"] == {"pass": 37, "fail": 3, "skip": 0}
    assert data["counts"]["total"] == {"pass": 40, "fail": 4, "skip": 1}


def test_error_run_has_verdict_error_and_reason() -> None:
    data = json_report.to_dict(json_report.load(DATA / "run_error.json"))
    assert data["verdict"] == "error"
    assert data["error"].startswith("TargetUnreachable:")
    assert data["requirements"] == []


def test_rendering_is_deterministic() -> None:
    result = json_report.load(DATA / "run_fail.json")
    assert json_report.render(result) == json_report.render(result)


def test_appliance_and_baseline_are_recorded() -> None:
    data = json_report.to_dict(json_report.load(DATA / "run_known.json"))
    assert data["appliance"] == {
        "version": "8.0.2.00000",
        "build": "24305161",
        "product": "VMware vCenter Server (vcsa-conformance mock)",
    }
    assert data["baseline"] == "baseline.yaml"
    deviations = {r["id"]: r["deviation"] for r in data["requirements"] if r["deviation"]}
    assert deviations["BKP-INPUT-004"] == {
        "state": "known",
        "reason": "7-character passwords accepted since 8.0.2; vendor case 12345",
        "expires": "2027-06-30",
    }
    unknown = json_report.to_dict(json_report.load(DATA / "run_error.json"))["appliance"]
    assert unknown == {"version": "unknown", "build": "unknown", "product": ""}


def test_read_loads_a_report_of_schema_version_1(tmp_path: Path) -> None:
    data = json.loads((DATA / "run_pass.json").read_text("utf-8"))
    for key in ("bounds", "unchecked_musts", "appliance", "baseline"):
        data.pop(key, None)
    data["schema_version"] = 1
    path = tmp_path / "conformance.json"
    path.write_text(json.dumps(data), "utf-8")
    result = json_report.read(path)
    assert result.verdict == "conformant" and result.bounds is None
    assert not result.appliance.known


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "does not exist"),
        ("<html>", "is not JSON"),
        ('{"log": {"version": "1.2"}}', "is not a conformance report"),
        ('["schema_version"]', "is not a conformance report"),
        ('{"schema_version": 3, "requirements": []}', "has schema_version 3; this "
         "vcsa-conformance reads 1 and 2 (upgrade vcsa-conformance to read it)"),
        ('{"schema_version": 2, "requirements": []}', "is not a complete conformance report"),
    ],
)  # fmt: skip
def test_read_refuses_what_is_not_a_readable_report(
    tmp_path: Path, content: str | None, message: str
) -> None:
    path = tmp_path / "conformance.json"
    if content is not None:
        path.write_text(content, "utf-8")
    with pytest.raises(json_report.ReportError, match=re.escape(message)):
        json_report.read(path)
