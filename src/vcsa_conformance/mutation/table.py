"""The mutation table and its totals, as Markdown (for people) and JSON (for tools).

One row per case, one result per column (embedded mock, live at the default budget, live at
budget 4). Per column: the score is detected faults over all faults; a false failure is a
requirement that failed against the clean mock; a variant passes when the suite does not
flag it; a live run keeps to its budget and leaves nothing running. The run is good only
with a 100% score, no false failure, every variant passed, in every column.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any

from vcsa_conformance.mutation.columns import COLUMNS
from vcsa_conformance.mutation.judge import Outcome


@dataclass(frozen=True)
class Summary:
    """The totals of one column of a mutation run."""

    faults: int
    detected: int
    detected_by_crash: int  # detected, but a named requirement failed only by a test crash
    false_failures: int  # requirements failed against the clean mock (0 when it was not run)
    clean_ok: bool  # the clean mock passed (True when it was not run)
    variants: int
    variants_passed: int
    wall_seconds: float  # the whole mutation run, start to end
    column: str = "embedded"
    over_budget: int = 0  # live runs that started more backups than --max-backups
    left_running: int = 0  # jobs live runs left running
    most_started: int | None = None  # live: the most backups one run started
    budget: int | None = None  # live: the column's --max-backups

    @property
    def score(self) -> float:
        """Detected over all faults (1.0 when no fault was run)."""
        return self.detected / self.faults if self.faults else 1.0

    @property
    def ok(self) -> bool:
        """Every fault detected, the clean mock and every variant passed, every live run
        within its budget and nothing left running."""
        return (
            self.detected == self.faults
            and self.clean_ok
            and self.false_failures == 0
            and self.variants_passed == self.variants
            and self.over_budget == 0
            and self.left_running == 0
        )


def summarize(outcomes: Sequence[Outcome], wall_seconds: float) -> Summary:
    """The totals of ``outcomes`` (one column's)."""
    faults = [o for o in outcomes if o.case.kind == "fault"]
    clean = [o for o in outcomes if o.case.kind == "clean"]
    variants = [o for o in outcomes if o.case.kind == "variant"]
    spent = [o.spending for o in outcomes if o.spending is not None]
    started = [s.started for s in spent if s.started is not None]
    return Summary(
        faults=len(faults),
        detected=sum(o.ok for o in faults),
        detected_by_crash=sum(o.ok and bool(set(o.crashed) & set(o.case.named)) for o in faults),
        false_failures=sum(len(o.failed) for o in clean),
        clean_ok=all(o.ok for o in clean),
        variants=len(variants),
        variants_passed=sum(o.ok for o in variants),
        wall_seconds=wall_seconds,
        column=outcomes[0].column if outcomes else "embedded",
        over_budget=sum(1 for s in spent if s.started is None or s.started > s.budget),
        left_running=sum(s.left_running or 0 for s in spent),
        most_started=max(started) if started else None,
        budget=spent[0].budget if spent else None,
    )


def summaries(outcomes: Sequence[Outcome], wall_seconds: float) -> dict[str, Summary]:
    """One Summary per column, in the order the columns first appear."""
    columns = dict.fromkeys(o.column for o in outcomes)
    return {
        name: summarize([o for o in outcomes if o.column == name], wall_seconds) for name in columns
    }


def totals_line(summary: Summary) -> str:
    """One line: score, false failures, variants passed, budget kept, wall time."""
    live = ""
    if summary.budget is not None:
        live = (
            f"backups started per run at most {summary.most_started} of budget "
            f"{summary.budget} ({summary.over_budget} runs over it); jobs left running: "
            f"{summary.left_running}; "
        )
    return (
        f"{summary.column}: mutation score {percent(summary.score)} ({summary.detected}/"
        f"{summary.faults} faults detected{_by_crash(summary)}); false failures on the clean "
        f"mock: {summary.false_failures}"
        f"{'' if summary.clean_ok else ' (clean run not conformant)'}; "
        f"variants passed: {summary.variants_passed}/{summary.variants}; {live}"
        f"wall time {summary.wall_seconds:.0f} s"
    )


def percent(score: float) -> str:
    """``score`` as a percentage, rounded down: a missed fault never reads as 100%."""
    tenths = math.floor(score * 1000 + 1e-9)
    return f"{tenths // 10}%" if tenths % 10 == 0 else f"{tenths / 10:.1f}%"


def _by_crash(summary: Summary) -> str:
    count = summary.detected_by_crash
    return f", {count} of them only by a test crash" if count else ""


def markdown(outcomes: Sequence[Outcome], totals: dict[str, Summary]) -> str:
    """The table: one row per case, a result cell per column, then the totals per column."""
    columns = list(totals)
    titles = [_TITLES.get(name, name) for name in columns]
    rows = [
        f"| case | expected failures | {' | '.join(titles)} | other failures |",
        "|---|---|" + "---|" * len(columns) + "---|",
    ]
    by_case: dict[str, dict[str, Outcome]] = {}
    for outcome in outcomes:
        by_case.setdefault(outcome.case.label, {})[outcome.column] = outcome
    rows += [_row(cells, columns) for cells in by_case.values()]
    return "\n".join([*rows, "", *(totals_line(totals[name]) for name in columns), ""])


_TITLES = {column.name: column.title for column in COLUMNS}


def _row(cells: dict[str, Outcome], columns: list[str]) -> str:
    case = next(iter(cells.values())).case
    name = f"`{case.name}`" if case.kind == "clean" else f"{case.kind} `{case.name}`"
    expected = ", ".join(case.named) or ", ".join(case.allowed) or "—"
    extra = sorted({rid for outcome in cells.values() for rid in outcome.extra})
    results = [_cell(cells[name]) if name in cells else "—" for name in columns]
    return "| " + " | ".join([name, expected, *results, ", ".join(extra) or "—"]) + " |"


def _cell(outcome: Outcome) -> str:
    text = f"{_result(outcome)}, {outcome.seconds:.1f} s"
    spending = outcome.spending
    if spending is not None and spending.started is not None:
        text += f", {spending.started}/{spending.budget} backups"
    if outcome.unchecked:
        text += f" ({', '.join(outcome.unchecked)} not checked: budget spent)"
    return text


def _result(outcome: Outcome) -> str:
    if outcome.case.kind == "fault":
        word = "detected" if outcome.ok else "NOT DETECTED"
    else:
        word = "passed" if outcome.ok else "FLAGGED"
    if not outcome.ok:
        return f"{word}: {outcome.note}"
    crashed = [rid for rid in outcome.crashed if rid in outcome.case.named]
    return f"{word} (only by a test crash: {', '.join(crashed)})" if crashed else word


def as_json(outcomes: Sequence[Outcome], totals: dict[str, Summary]) -> dict[str, Any]:
    """The table and totals as plain data (``mutation.json``)."""
    return {
        "schema_version": 2,
        "summaries": {
            name: {**asdict(summary), "score": summary.score, "ok": summary.ok}
            for name, summary in totals.items()
        },
        "ok": all(summary.ok for summary in totals.values()),
        "cases": [_case_json(outcome) for outcome in outcomes],
    }


def _case_json(outcome: Outcome) -> dict[str, Any]:
    case = outcome.case
    return {
        "column": outcome.column,
        "kind": case.kind,
        "name": case.name,
        "named": list(case.named),
        "allowed": list(case.allowed),
        "ok": outcome.ok,
        "verdict": outcome.verdict,
        "seconds": round(outcome.seconds, 3),
        "failed": list(outcome.failed),
        "missing": list(outcome.missing),
        "unchecked": list(outcome.unchecked),
        "extra": list(outcome.extra),
        "crashed": list(outcome.crashed),
        "spending": None if outcome.spending is None else asdict(outcome.spending),
        "note": outcome.note,
    }
