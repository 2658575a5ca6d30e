"""The mutation table and its totals, as Markdown (for people) and JSON (for tools).

The score is detected faults over all faults; a false failure is a requirement that failed
against the clean mock; a variant passes when the suite does not flag it. The run is good
only with a 100% score, no false failure and every variant passed.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any

from vcsa_conformance.mutation.judge import Outcome


@dataclass(frozen=True)
class Summary:
    """The totals of a mutation run."""

    faults: int
    detected: int
    detected_by_crash: int  # detected, but a named requirement failed only by a test crash
    false_failures: int  # requirements failed against the clean mock (0 when it was not run)
    clean_ok: bool  # the clean mock passed (True when it was not run)
    variants: int
    variants_passed: int
    wall_seconds: float  # the whole mutation run, start to end

    @property
    def score(self) -> float:
        """Detected over all faults (1.0 when no fault was run)."""
        return self.detected / self.faults if self.faults else 1.0

    @property
    def ok(self) -> bool:
        """Every fault detected, the clean mock and every variant passed."""
        return (
            self.detected == self.faults
            and self.clean_ok
            and self.false_failures == 0
            and self.variants_passed == self.variants
        )


def summarize(outcomes: Sequence[Outcome], wall_seconds: float) -> Summary:
    """The totals of ``outcomes``."""
    faults = [o for o in outcomes if o.case.kind == "fault"]
    clean = [o for o in outcomes if o.case.kind == "clean"]
    variants = [o for o in outcomes if o.case.kind == "variant"]
    return Summary(
        faults=len(faults),
        detected=sum(o.ok for o in faults),
        detected_by_crash=sum(o.ok and bool(set(o.crashed) & set(o.case.named)) for o in faults),
        false_failures=sum(len(o.failed) for o in clean),
        clean_ok=all(o.ok for o in clean),
        variants=len(variants),
        variants_passed=sum(o.ok for o in variants),
        wall_seconds=wall_seconds,
    )


def totals_line(summary: Summary) -> str:
    """One line: score, false failures, variants passed, wall time."""
    return (
        f"mutation score {percent(summary.score)} ({summary.detected}/{summary.faults} faults "
        f"detected{_by_crash(summary)}); false failures on the clean mock: {summary.false_failures}"
        f"{'' if summary.clean_ok else ' (clean run not conformant)'}; "
        f"variants passed: {summary.variants_passed}/{summary.variants}; "
        f"wall time {summary.wall_seconds:.0f} s"
    )


def percent(score: float) -> str:
    """``score`` as a percentage, rounded down: a missed fault never reads as 100%."""
    tenths = math.floor(score * 1000 + 1e-9)
    return f"{tenths // 10}%" if tenths % 10 == 0 else f"{tenths / 10:.1f}%"


def _by_crash(summary: Summary) -> str:
    count = summary.detected_by_crash
    return f", {count} of them only by a test crash" if count else ""


def markdown(outcomes: Sequence[Outcome], summary: Summary) -> str:
    """The table: one row per case, then the totals."""
    rows = [
        "| case | result | expected failures | other failures | seconds |",
        "|---|---|---|---|---:|",
    ]
    rows += [_row(outcome) for outcome in outcomes]
    return "\n".join([*rows, "", totals_line(summary), ""])


def _row(outcome: Outcome) -> str:
    case = outcome.case
    name = f"`{case.name}`" if case.kind == "clean" else f"{case.kind} `{case.name}`"
    named = [_emphasised(rid, outcome) for rid in outcome.failed if rid not in outcome.extra]
    cells = [
        name,
        _result(outcome),
        ", ".join(named) or "—",
        ", ".join(outcome.extra) or "—",
        f"{outcome.seconds:.1f}",
    ]
    return "| " + " | ".join(cells) + " |"


def _emphasised(rid: str, outcome: Outcome) -> str:
    return f"**{rid}**" if rid in outcome.case.named else rid


def _result(outcome: Outcome) -> str:
    if outcome.case.kind == "fault":
        word = "detected" if outcome.ok else "NOT DETECTED"
    else:
        word = "passed" if outcome.ok else "FLAGGED"
    if not outcome.ok:
        return f"{word}: {outcome.note}"
    crashed = [rid for rid in outcome.crashed if rid in outcome.case.named]
    return f"{word} (only by a test crash: {', '.join(crashed)})" if crashed else word


def as_json(outcomes: Sequence[Outcome], summary: Summary) -> dict[str, Any]:
    """The table and totals as plain data (``mutation.json``)."""
    return {
        "schema_version": 1,
        "summary": {**asdict(summary), "score": summary.score, "ok": summary.ok},
        "cases": [_case_json(outcome) for outcome in outcomes],
    }


def _case_json(outcome: Outcome) -> dict[str, Any]:
    case = outcome.case
    return {
        "kind": case.kind,
        "name": case.name,
        "named": list(case.named),
        "allowed": list(case.allowed),
        "ok": outcome.ok,
        "verdict": outcome.verdict,
        "seconds": round(outcome.seconds, 3),
        "failed": list(outcome.failed),
        "missing": list(outcome.missing),
        "extra": list(outcome.extra),
        "crashed": list(outcome.crashed),
        "note": outcome.note,
    }
