"""Judge one run from its ``conformance.json``: was the fault detected, did the mock pass?

A fault is detected only when the verdict is non-conformant AND every requirement it names
failed: failing for some other reason would be luck, not detection. Failures beyond the
named ones are kept (``extra``): they hint that a check is not specific to what it names.

Against the mock as a live target the backup budget applies: once a fault has spent it,
the requirements that need another backup are not checked. There a fault is detected when
the verdict is non-conformant, at least one named requirement failed and none of them
passed (each failed, or was left unchecked with its reason). And every live run, fault or
not, must keep to its budget (backups the mock saw started <= --max-backups) and leave no
job running (the mock's own count when the run ended).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from vcsa_conformance.mutation.cases import Case

CRASH_CHECK = "test_completed"  # the suite's check for a test that raised instead of checking
NON_CONFORMANT = "non-conformant"
CONFORMANT = "conformant"
INCOMPLETE = "incomplete"


@dataclass(frozen=True)
class Spending:
    """What a live run cost, as the mock counted it."""

    budget: int  # --max-backups of the run
    started: int | None  # backups the mock started (None: it did not say)
    left_running: int | None  # jobs still running when the run ended

    def problem(self) -> str:
        """Why the run broke its budget or left a job behind ('' when it did neither)."""
        if self.started is None or self.left_running is None:
            return "the mock reported no count of backups"
        problems = []
        if self.started > self.budget:
            problems.append(f"{self.started} backups started, budget {self.budget}")
        if self.left_running:
            problems.append(f"{self.left_running} job(s) left running")
        return "; ".join(problems)


@dataclass(frozen=True)
class Outcome:
    """What one case showed, and whether that is what it had to show."""

    case: Case
    ok: bool  # fault: detected; clean mock or variant: passed as it must
    verdict: str  # the report's verdict, or "error" when there is no usable report
    seconds: float  # wall time of the run
    failed: tuple[str, ...] = ()  # every failed requirement id, in report order
    missing: tuple[str, ...] = ()  # fault: named ids that did not fail
    extra: tuple[str, ...] = ()  # failed ids the case did not expect (or allow)
    crashed: tuple[str, ...] = ()  # failed ids whose every failure is a test crash
    note: str = ""  # why the case is not ok, in a few words
    column: str = "embedded"  # columns.Column.name
    unchecked: tuple[str, ...] = ()  # live fault: named ids left unchecked (not failed)
    spending: Spending | None = None  # live: the budget and what the run spent of it


def judge(
    case: Case,
    report: Mapping[str, Any] | None,
    seconds: float,
    error: str = "",
    *,
    column: str = "embedded",
    spending: Spending | None = None,
) -> Outcome:
    """The outcome of ``case`` given its report (None when the run left none, see ``error``);
    ``spending`` for a live run (the budget applies, see the module docstring)."""
    outcome = _judge(case, report, seconds, error, live=spending is not None)
    outcome = replace(outcome, column=column, spending=spending)
    problem = spending.problem() if spending is not None else ""
    if not problem:
        return outcome
    note = "; ".join(part for part in (outcome.note, problem) if part)
    return replace(outcome, ok=False, note=note)


def _judge(
    case: Case, report: Mapping[str, Any] | None, seconds: float, error: str, *, live: bool
) -> Outcome:
    verdicts = (CONFORMANT, NON_CONFORMANT, INCOMPLETE)
    if report is None or report.get("verdict") not in verdicts:
        why = error or str((report or {}).get("error") or "the run wrote no verdict")
        return Outcome(case, ok=False, verdict="error", seconds=seconds, note=why)
    verdict = str(report["verdict"])
    requirements = report.get("requirements", [])
    items = [item for item in requirements if item["status"] == "fail"]
    failed = tuple(str(item["id"]) for item in items)
    levels = {str(item["id"]): str(item["level"]) for item in items}
    crashed = tuple(str(item["id"]) for item in items if _only_crashes(item))
    if case.kind == "fault":
        skipped = {str(item["id"]) for item in requirements if item["status"] == "skip"}
        unchecked = tuple(rid for rid in case.named if rid in skipped) if live else ()
        outcome = _fault(case, verdict, seconds, failed, unchecked)
    else:
        outcome = _conformant(case, verdict, seconds, failed, levels)
    return replace(outcome, crashed=crashed)


def _only_crashes(item: Mapping[str, Any]) -> bool:
    checks = {str(failure.get("check")) for failure in item.get("failures", [])}
    return checks == {CRASH_CHECK}


def _fault(
    case: Case,
    verdict: str,
    seconds: float,
    failed: tuple[str, ...],
    unchecked: tuple[str, ...] = (),
) -> Outcome:
    """``unchecked``: named ids a live run could not check (the budget): not a miss, as long
    as another named one failed."""
    missing = tuple(rid for rid in case.named if rid not in failed and rid not in unchecked)
    extra = tuple(rid for rid in failed if rid not in case.named)
    notes = []
    if verdict != NON_CONFORMANT:
        notes.append(f"verdict {verdict}")
    if missing:
        notes.append(f"{', '.join(missing)} did not fail")
    if not missing and not set(case.named) & set(failed):
        notes.append("no named requirement failed (all left unchecked)")
    ok = not notes
    return Outcome(
        case, ok, verdict, seconds, failed, missing, extra, note="; ".join(notes),
        unchecked=unchecked,
    )  # fmt: skip


def _conformant(
    case: Case,
    verdict: str,
    seconds: float,
    failed: tuple[str, ...],
    levels: Mapping[str, str],
) -> Outcome:
    """Clean mock: nothing may fail. Variant: no MUST, and only the SHOULDs it declares."""
    extra = tuple(rid for rid in failed if rid not in case.allowed or levels.get(rid) == "MUST")
    notes = []
    if verdict != CONFORMANT:
        notes.append(f"verdict {verdict}")
    if extra:
        notes.append(f"false failure of {', '.join(extra)}")
    ok = not notes
    return Outcome(case, ok, verdict, seconds, failed, extra=extra, note="; ".join(notes))
