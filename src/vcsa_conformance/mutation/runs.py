"""Run cases: each one is ``python -m vcsa_conformance run`` in its own process.

A process per run keeps pytest, hypothesis and the embedded mock from leaking state from
one fault into the next, and lets runs go in parallel. Only ``conformance.json`` is read
back: the harness judges what a user of the suite would see. ``VCSA_*`` variables are not
passed on, so a live target configured in the environment can never be hit by a fault run.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from vcsa_conformance.mutation.cases import Case
from vcsa_conformance.mutation.judge import Outcome, judge

REPORT = "conformance.json"
LOG = "run.log"  # the run's terminal output, next to its reports, for investigating a miss


def command(case: Case, report_dir: Path, profile: str, seed: int | None) -> list[str]:
    """The command line that runs the suite for ``case`` with its reports in ``report_dir``."""
    args = [sys.executable, "-m", "vcsa_conformance", "run", "--profile", profile]
    args += ["--report-dir", str(report_dir), *case.run_options()]
    return args if seed is None else [*args, "--seed", str(seed)]


def run_case(
    case: Case, out: Path, *, profile: str = "quick", seed: int | None = None, timeout: float = 600
) -> Outcome:
    """Run the suite for ``case`` (reports under ``out/<case.label>``) and judge it."""
    report_dir = out / case.label
    report_dir.mkdir(parents=True, exist_ok=True)
    env = {name: value for name, value in os.environ.items() if not name.startswith("VCSA_")}
    started = time.monotonic()
    with (report_dir / LOG).open("w", encoding="utf-8") as log:
        try:
            code: int | None = subprocess.run(
                command(case, report_dir, profile, seed),
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                env=env,
                timeout=timeout,
                check=False,
            ).returncode
        except subprocess.TimeoutExpired:
            code = None
    seconds = time.monotonic() - started
    if code is None:
        return judge(case, None, seconds, f"timed out after {timeout:g} s")
    report = _read_report(report_dir / REPORT)
    return judge(case, report, seconds, "" if report else f"no {REPORT} (exit code {code})")


def run_cases(
    cases: Sequence[Case],
    out: Path,
    *,
    jobs: int = 2,
    profile: str = "quick",
    seed: int | None = None,
    timeout: float = 600,
    on_done: Callable[[Outcome], None] | None = None,
) -> list[Outcome]:
    """Every case, ``jobs`` at a time; outcomes in the order of ``cases``."""

    def one(case: Case) -> Outcome:
        outcome = run_case(case, out, profile=profile, seed=seed, timeout=timeout)
        if on_done is not None:
            on_done(outcome)
        return outcome

    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        return list(pool.map(one, cases))


def _read_report(path: Path) -> dict[str, object] | None:
    try:
        data = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None
