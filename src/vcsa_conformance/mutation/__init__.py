"""Mutation test: run the suite against the mock with each fault injected, and judge it.

For every fault in the mock's catalogue the suite must say non-conformant with the
requirements that fault names failing; against the clean mock it must pass everything;
against each conformant variant it must pass every MUST. Each case runs in up to three
columns: the embedded mock, and the mock as a live target (own process, HTTPS, 4-second
jobs) at the default budget and at ``--max-backups 3`` (see ``columns.py``). ``python -m
vcsa_conformance.mutation`` runs the catalogue and writes ``mutation.md`` and
``mutation.json``. A top-level tool like the CLI: it uses the mock's enums and runs the
suite only through its command line, in a process per case.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from vcsa_conformance.mutation.cases import Case, clean_case, fault_case, select, variant_case
from vcsa_conformance.mutation.columns import COLUMNS, EMBEDDED, LIVE, LIVE_4, Column, column
from vcsa_conformance.mutation.judge import Outcome, Spending, judge
from vcsa_conformance.mutation.runs import run_case
from vcsa_conformance.mutation.table import (
    Summary,
    as_json,
    markdown,
    summaries,
    summarize,
    totals_line,
)

__all__ = [
    "COLUMNS",
    "EMBEDDED",
    "LIVE",
    "LIVE_4",
    "Case",
    "Column",
    "Outcome",
    "Spending",
    "Summary",
    "as_json",
    "clean_case",
    "column",
    "fault_case",
    "judge",
    "markdown",
    "mutate",
    "run_case",
    "select",
    "summaries",
    "summarize",
    "totals_line",
    "variant_case",
]


def mutate(
    cases: Sequence[Case],
    out: Path,
    *,
    columns: Sequence[Column] = (EMBEDDED,),
    jobs: int = 2,
    profile: str = "quick",
    seed: int | None = None,
    timeout: float = 600,
    on_done: Callable[[Outcome], None] | None = None,
) -> tuple[list[Outcome], dict[str, Summary]]:
    """Run ``cases`` in each of ``columns``, ``jobs`` at a time; write ``out/mutation.md`` and
    ``out/mutation.json``; return the outcomes (column by column, each in the order of
    ``cases``) and each column's totals."""
    out.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    work = [(case, column) for column in columns for case in cases]

    def one(item: tuple[Case, Column]) -> Outcome:
        case, column = item
        outcome = run_case(case, out, column=column, profile=profile, seed=seed, timeout=timeout)
        if on_done is not None:
            on_done(outcome)
        return outcome

    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        outcomes = list(pool.map(one, work))
    totals = summaries(outcomes, time.monotonic() - started)
    (out / "mutation.md").write_text(markdown(outcomes, totals), "utf-8")
    data = as_json(outcomes, totals)
    (out / "mutation.json").write_text(json.dumps(data, indent=2) + "\n", "utf-8")
    return outcomes, totals
