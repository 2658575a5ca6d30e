"""Wall time and backup spending of a quick run against the mock as a live target.

This is the user's mode (issue 11): the mock in its own process (``vcsa-conformance mock``,
HTTPS with its own CA, jobs of ``--job-seconds``, default 4), and
``vcsa-conformance run --target URL --user ... --ca-bundle CA --max-backups N`` as a
separate child process, timed from start to exit. For each budget the run is repeated
``--repeats`` times, each against a fresh mock; the table shows the median wall time and,
for every run, the verdict, the requests, the backups the mock saw started and the jobs it
still had running when the run ended.

Backups started and jobs left running come from the mock's stop line (``stopped: N backups
started, M running``); a mock without that line is counted from its access log (2xx answers
to ``POST .../backup/job``), and left-running shows ``?``.

Run: ``python benchmarks/live_run.py [--budgets default,3] [--repeats 3] [--job-seconds 4]
[--latency MS]``.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from _common import (
    ADMIN_PASSWORD,
    ADMIN_USER,
    BenchmarkError,
    facts_markdown,
    machine_facts,
    markdown_table,
    run_dir,
    run_timed,
    save_and_print,
)

from vcsa_conformance.mutation.runs import MockDidNotStart, live_mock, stop_counts

_CREATED = re.compile(r"^POST /api/appliance/recovery/backup/job 2\d\d ")
DEFAULT = "default"


@dataclass(frozen=True)
class Outcome:
    """One timed run at one budget."""

    budget: str
    wall_s: float
    exit_code: int
    verdict: str
    requests: int
    started: int
    left_running: int | None


def _parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--budgets",
        default=f"{DEFAULT},3",
        help="comma-separated --max-backups values; 'default' passes none (%(default)s)",
    )
    parser.add_argument("--repeats", type=int, default=3, help="runs per budget (%(default)s)")
    parser.add_argument("--job-seconds", type=float, default=4.0, help="mock job duration")
    parser.add_argument(
        "--latency", type=float, default=0.0, help="mock answer latency, ms (jitter: a fifth)"
    )
    parser.add_argument("--profile", default="quick", choices=("quick", "full"))
    parser.add_argument("--fault", action="append", default=[], help="a mock fault (repeatable)")
    parser.add_argument("--timeout", type=float, default=900.0, help="bound on one run (s)")
    args = parser.parse_args(argv)
    args.budgets = [b.strip() for b in args.budgets.split(",") if b.strip()]
    return args


def _spending(log: Path) -> tuple[int, int | None]:
    """Backups started and jobs left running, as the stopped mock reported them."""
    counts: tuple[int, int] | None = stop_counts(log)
    if counts is not None:
        return counts
    return sum(1 for line in log.read_text().splitlines() if _CREATED.match(line.strip())), None


def _one(args: argparse.Namespace, budget: str, out: Path, index: int) -> Outcome:
    name = f"budget-{budget}-{index}"
    mock = [sys.executable, "-m", "vcsa_conformance", "mock", "--port", "0"]
    mock += ["--job-seconds", str(args.job_seconds)]
    if args.latency:
        mock += ["--latency", f"{args.latency:g}", "--latency-jitter", f"{args.latency / 5:g}"]
    for fault in args.fault:
        mock += ["--fault", fault]
    mock_log = out / f"{name}-mock.log"
    report_dir = out / name
    try:
        # the mutation test's live mock: stopped with Ctrl-C when the block ends, so that it
        # prints its stop line
        with live_mock(mock, mock_log) as target:
            run = [sys.executable, "-m", "vcsa_conformance", "run", "--profile", args.profile]
            run += ["--target", target.url, "--user", ADMIN_USER, "--ca-bundle", target.ca_path]
            run += ["--schedule-writes"]  # the mock is ours: the run may write its own schedule
            run += ["--report-dir", str(report_dir)]
            if budget != DEFAULT:
                run += ["--max-backups", budget]
            env = {**os.environ, "VCSA_PASSWORD": ADMIN_PASSWORD}
            with (out / f"{name}-run.log").open("wb") as log:
                timed = run_timed(run, log=log, timeout=args.timeout, env=env)
            time.sleep(0.3)  # the mock logs a request after answering it
    except MockDidNotStart as error:
        raise BenchmarkError(str(error)) from None
    started, left = _spending(mock_log)
    report = report_dir / "conformance.json"
    data = json.loads(report.read_text()) if report.exists() else {}
    return Outcome(
        budget=budget,
        wall_s=timed.wall_s,
        exit_code=timed.returncode,
        verdict=str(data.get("verdict", "no report")),
        requests=int(data.get("requests", 0)),
        started=started,
        left_running=left,
    )


def _table(outcomes: list[Outcome]) -> str:
    header = [
        "budget",
        "median wall s",
        "runs (wall s)",
        "verdicts",
        "requests",
        "started",
        "left running",
    ]
    rows = []
    for budget in dict.fromkeys(o.budget for o in outcomes):
        runs = [o for o in outcomes if o.budget == budget]
        rows.append(
            [
                budget,
                f"{statistics.median(o.wall_s for o in runs):.1f}",
                ", ".join(f"{o.wall_s:.1f}" for o in runs),
                ", ".join(sorted({o.verdict for o in runs})),
                ", ".join(str(o.requests) for o in runs),
                ", ".join(str(o.started) for o in runs),
                ", ".join("?" if o.left_running is None else str(o.left_running) for o in runs),
            ]
        )
    return markdown_table(header, rows)


def main(argv: list[str] | None = None) -> int:
    """Run every budget ``--repeats`` times; print and save the table. Exit 0, or 2."""
    args = _parse_args(argv)
    try:
        out = run_dir("live_run")
        facts = machine_facts()
        outcomes = []
        for budget in args.budgets:
            for index in range(args.repeats):
                outcomes.append(_one(args, budget, out, index))
                o = outcomes[-1]
                print(
                    f"budget {budget:7} run {index}: {o.wall_s:6.1f} s, exit {o.exit_code}, "
                    f"{o.verdict}, {o.requests} requests, {o.started} started, "
                    f"{'?' if o.left_running is None else o.left_running} left running",
                    flush=True,
                )
    except BenchmarkError as error:
        print(f"BenchmarkError: {error}", file=sys.stderr)
        return 2
    report = "\n\n".join([_table(outcomes), facts_markdown(facts)])
    save_and_print(out, "live_run", args, facts, report, outcomes=[asdict(o) for o in outcomes])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
