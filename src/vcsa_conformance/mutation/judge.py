"""Judge one run from its ``conformance.json``: was the fault detected, did the mock pass?

A fault is detected only when the verdict is non-conformant AND every requirement it names
failed: failing for some other reason would be luck, not detection. Failures beyond the
named ones are kept (``extra``): they hint that a check is not specific to what it names.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from vcsa_conformance.mutation.cases import Case

CRASH_CHECK = "test_completed"  # the suite's check for a test that raised instead of checking
NON_CONFORMANT = "non-conformant"
CONFORMANT = "conformant"


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


def judge(case: Case, report: Mapping[str, Any] | None, seconds: float, error: str = "") -> Outcome:
    """The outcome of ``case`` given its report (None when the run left none, see ``error``)."""
    if report is None or report.get("verdict") not in (CONFORMANT, NON_CONFORMANT):
        why = error or str((report or {}).get("error") or "the run wrote no verdict")
        return Outcome(case, ok=False, verdict="error", seconds=seconds, note=why)
    verdict = str(report["verdict"])
    items = [item for item in report.get("requirements", []) if item["status"] == "fail"]
    failed = tuple(str(item["id"]) for item in items)
    levels = {str(item["id"]): str(item["level"]) for item in items}
    crashed = tuple(str(item["id"]) for item in items if _only_crashes(item))
    if case.kind == "fault":
        outcome = _fault(case, verdict, seconds, failed)
    else:
        outcome = _conformant(case, verdict, seconds, failed, levels)
    return replace(outcome, crashed=crashed)


def _only_crashes(item: Mapping[str, Any]) -> bool:
    checks = {str(failure.get("check")) for failure in item.get("failures", [])}
    return checks == {CRASH_CHECK}


def _fault(case: Case, verdict: str, seconds: float, failed: tuple[str, ...]) -> Outcome:
    missing = tuple(rid for rid in case.named if rid not in failed)
    extra = tuple(rid for rid in failed if rid not in case.named)
    notes = []
    if verdict != NON_CONFORMANT:
        notes.append(f"verdict {verdict}")
    if missing:
        notes.append(f"{', '.join(missing)} did not fail")
    ok = not notes
    return Outcome(case, ok, verdict, seconds, failed, missing, extra, note="; ".join(notes))


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
