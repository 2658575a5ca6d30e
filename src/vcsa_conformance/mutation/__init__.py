"""Mutation test: run the suite against the mock with each fault injected, and judge it.

For every fault in the mock's catalogue the suite must say non-conformant with the
requirements that fault names failing; against the clean mock it must pass everything;
against each conformant variant it must pass every MUST. ``python -m
vcsa_conformance.mutation`` runs the catalogue and writes ``mutation.md`` and
``mutation.json``. A top-level tool like the CLI: it uses the mock's enums and runs the
suite only through its command line, in a process per case.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from vcsa_conformance.mutation.cases import Case, clean_case, fault_case, select, variant_case
from vcsa_conformance.mutation.judge import Outcome, judge
from vcsa_conformance.mutation.runs import run_case, run_cases
from vcsa_conformance.mutation.table import Summary, as_json, markdown, summarize, totals_line

__all__ = [
    "Case",
    "Outcome",
    "Summary",
    "as_json",
    "clean_case",
    "fault_case",
    "judge",
    "markdown",
    "mutate",
    "run_case",
    "run_cases",
    "select",
    "summarize",
    "totals_line",
    "variant_case",
]


def mutate(
    cases: Sequence[Case],
    out: Path,
    *,
    jobs: int = 2,
    profile: str = "quick",
    seed: int | None = None,
    timeout: float = 600,
    on_done: Callable[[Outcome], None] | None = None,
) -> tuple[list[Outcome], Summary]:
    """Run ``cases``, write ``out/mutation.md`` and ``out/mutation.json``, return the results."""
    out.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    outcomes = run_cases(
        cases, out, jobs=jobs, profile=profile, seed=seed, timeout=timeout, on_done=on_done
    )
    summary = summarize(outcomes, time.monotonic() - started)
    (out / "mutation.md").write_text(markdown(outcomes, summary), "utf-8")
    data = as_json(outcomes, summary)
    (out / "mutation.json").write_text(json.dumps(data, indent=2) + "\n", "utf-8")
    return outcomes, summary
