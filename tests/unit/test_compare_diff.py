"""``diff``: what changed between two runs, and when NEW regresses against OLD."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from vcsa_conformance.compare.diff import DiffError, diff, markdown, summary_lines
from vcsa_conformance.reports import json_report
from vcsa_conformance.results import RecordedResponse, RunResult

DATA = Path(__file__).parent / "data"


def _run(name: str) -> RunResult:
    return json_report.load(DATA / f"run_{name}.json")


def _with(run: RunResult, requirement_id: str, **changes: object) -> RunResult:
    requirements = [
        replace(item, **changes) if item.id == requirement_id else item  # type: ignore[arg-type]
        for item in run.requirements
    ]
    return replace(run, requirements=requirements)


def _kinds(old: RunResult, new: RunResult) -> dict[str, str]:
    return {change.requirement_id: change.kind for change in diff(old, new).changes}


def test_the_same_run_has_no_change_and_no_regression() -> None:
    result = diff(_run("fail"), _run("fail"))
    assert result.changes == [] and not result.regressed
    assert summary_lines(result)[-1] == "no regression, 0 change(s)"


def test_new_must_failures_regress_and_are_named() -> None:
    result = diff(_run("pass"), _run("fail"))
    kinds = {c.requirement_id: (c.kind, c.regression) for c in result.changes}
    assert kinds["BKP-INPUT-004"] == ("new failure", True)
    assert kinds["BKP-RESP-002"] == ("new failure", True)
    assert kinds["BKP-INPUT-012"] == ("new failure", False)  # a SHOULD never regresses
    assert result.regressed
    assert "REGRESSION new failure: MUST BKP-INPUT-004" in "\n".join(summary_lines(result))


def test_fixed_requirements_are_shown_and_do_not_regress() -> None:
    result = diff(_run("fail"), _run("pass"))
    assert _kinds(_run("fail"), _run("pass"))["BKP-INPUT-004"] == "fixed"
    assert not result.regressed


def test_a_must_checked_before_and_not_now_regresses() -> None:
    result = diff(_run("pass"), _run("skip"))
    change = next(c for c in result.changes if c.requirement_id == "BKP-CREATE-001")
    assert (change.kind, change.old, change.new, change.regression) == (
        "newly not checked",
        "pass",
        "skip",
        True,
    )
    back = diff(_run("skip"), _run("pass"))
    assert not back.regressed
    assert _kinds(_run("skip"), _run("pass"))["BKP-CREATE-001"] == "newly checked"


def test_a_requirement_absent_from_new_counts_as_not_checked() -> None:
    old = _run("pass")
    new = replace(old, requirements=[r for r in old.requirements if r.id != "BKP-CREATE-001"])
    change = next(c for c in diff(old, new).changes if c.requirement_id == "BKP-CREATE-001")
    assert (change.kind, change.new, change.regression) == ("newly not checked", "absent", True)


def test_changed_evidence_names_the_check_and_both_answers() -> None:
    old = _run("fail")
    item = next(r for r in old.requirements if r.id == "BKP-INPUT-004")
    first = item.failures[0]
    other = replace(first, response=RecordedResponse(500, {}, '{"error_type": "ERROR"}'))
    new = _with(old, "BKP-INPUT-004", failures=[other])
    change = next(c for c in diff(old, new).changes if c.requirement_id == "BKP-INPUT-004")
    assert change.kind == "changed evidence"
    assert change.detail == f"{first.check}: 201 -> 500 ERROR"
    assert not change.regression  # it failed before too


def test_reports_of_different_contract_versions_are_refused() -> None:
    with pytest.raises(DiffError, match=r"different contract versions \(8\.0\.2 and 7\.0\.3\)"):
        diff(_run("pass"), replace(_run("pass"), spec_version="7.0.3"))


def test_markdown_leads_with_the_outcome_and_lists_each_change() -> None:
    page = markdown(diff(_run("pass"), _run("fail")))
    assert page.startswith("# ❌ NEW regresses against OLD")
    assert "| **new failure** | MUST | BKP-INPUT-004" in page
    assert "| new failure | SHOULD | BKP-INPUT-012" in page
    assert markdown(diff(_run("fail"), _run("pass"))).startswith("# ✅ No regression")


def test_a_title_with_a_pipe_does_not_break_the_table() -> None:
    old = _run("pass")
    new = _with(_run("fail"), "BKP-INPUT-004", title="a | b")
    row = next(line for line in markdown(diff(old, new)).splitlines() if "BKP-INPUT-004" in line)
    assert "a \\| b" in row and row.count(" | ") == 5
