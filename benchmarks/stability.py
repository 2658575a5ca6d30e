"""Stability matrix: the suite's verdict on the mock as a live target must not depend on timing.

A real appliance answers slowly, runs long backups and shares its machine; a verdict that flips
with any of those is a flaky verdict. This script runs the suite against the mock as a live
target (its own process, HTTPS, as in live_run.py) over a matrix of answer latency (mock
``--latency``, with ``--latency-jitter`` a fraction of it), backup length (mock
``--job-seconds``), mode and case, each cell ``--repeats`` times, every run against a fresh mock:

- mode ``alone``: the cell's runs one after another; ``pair``: each repeat starts two runs at
  the same moment, each with its own mock (both count), so that they compete for the cores;
- case ``clean``: the mock as it is; a conformant variant's name (``--variant``, e.g.
  ``create-races-backup-end``); any other case is a mock fault given as ``--fault``.

A run is right when its verdict is the case's (clean or a variant: ``conformant``, or with
``--expect-unchecked IDS`` ``incomplete`` with exactly those MUSTs unchecked; a fault:
``non-conformant`` with at least one of the fault's requirements failed, or only
``non-conformant`` for a fault name this version's catalogue does not know), when the mock
saw no more backups started than the budget (``--max-backups``, or the run's default) and
when the mock had no job left running after the run. A cell is green when all its runs are
right. Never more than two runs (a pair) go at once. Every run passes ``--schedule-writes``
(the mock is the run's own: every MUST can be checked), so its default budget is 3.

Each run keeps its folder under the results folder (``<cell>/r<repeat>[a|b]/``): the mock's
output (``mock.log``), the run's (``run.log``), its reports, its exchanges
(``exchanges.har``) and ``outcome.json``, so a surprising result can be read afterwards.

Run: ``python benchmarks/stability.py`` (the whole matrix, hours) or a portion, e.g.
``python benchmarks/stability.py --latencies 100 --lengths 4 --cases clean --repeats 1``.
Exit codes: 0 every cell green, 1 some cell not, 2 bad options.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import statistics
import subprocess
import sys
import threading
from collections import Counter
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from _common import (
    ADMIN_PASSWORD,
    ADMIN_USER,
    REPO,
    BenchmarkError,
    Timed,
    facts_markdown,
    machine_facts,
    markdown_table,
    run_dir,
    run_timed,
    save_and_print,
    write_json,
)

from vcsa_conformance.mock.model.faults import Fault
from vcsa_conformance.mock.model.variants import Variant
from vcsa_conformance.mutation.runs import (
    READONLY,
    LiveMock,
    MockDidNotStart,
    live_mock,
    read_report,
    stop_counts,
)
from vcsa_conformance.suite.run.options import default_max_backups

_DEFAULT_BUDGET = default_max_backups(schedule_writes=True)  # the runs pass --schedule-writes

CLEAN = "clean"
ALONE, PAIR = "alone", "pair"
FAULTS = (
    "cancel-ignored",
    "second-backup-accepted",
    "progress-goes-backwards",
    "progress-past-100",
    "created-job-id-empty",
)
MOCK_DID_NOT_START = "mock did not start"
# Test values for --backup-location: the mock stores no backups, so nothing checks them.
LOCATION_USER = "backup"
LOCATION_PASSWORD = "Location1!"
_TIMES = "\u00d7"  # the multiplication sign
_PAIR_START_TIMEOUT = 60.0  # s one side of a pair waits for the other's mock to be up


@dataclass(frozen=True)
class Cell:
    """One point of the matrix."""

    case: str
    latency_ms: float
    length_s: float
    mode: str

    @property
    def label(self) -> str:
        """The cell's folder name, e.g. ``clean-40ms-4s-alone``."""
        return f"{self.case}-{self.latency_ms:g}ms-{self.length_s:g}s-{self.mode}"


@dataclass(frozen=True)
class Outcome:
    """One run of a cell: what the report and the mock said, and why it is wrong (if so)."""

    cell: Cell
    name: str  # r<repeat>, with a or b for the two sides of a pair
    verdict: str
    wall_s: float | None = None  # None: the run did not start
    exit_code: int | None = None  # None: did not start, or timed out
    requests: int | None = None
    failed_musts: tuple[str, ...] = ()
    unchecked_musts: tuple[str, ...] = ()
    bounds: dict[str, Any] | None = None  # the report's own account of its budget
    started: int | None = None  # backups the mock saw started (its stop line)
    running: int | None = None  # jobs the mock still ran when stopped after the run
    wrong: tuple[str, ...] = field(default=())  # empty: the run is right

    @property
    def right(self) -> bool:
        """True when nothing about the run is wrong."""
        return not self.wrong


def _numbers(text: str, option: str) -> tuple[float, ...]:
    """A comma list of numbers, each 0 or more; ValueError naming ``option`` otherwise."""
    values = []
    for item in _names(text, option):
        try:
            value = float(item)
        except ValueError:
            raise ValueError(f"{option}: {item!r} is not a number") from None
        if not value >= 0:
            raise ValueError(f"{option}: {item} must be 0 or more")
        values.append(value)
    return tuple(dict.fromkeys(values))


def _names(text: str, option: str) -> tuple[str, ...]:
    """The non-empty items of a comma list, each once, in order; ValueError when none."""
    names = tuple(dict.fromkeys(item.strip() for item in text.split(",") if item.strip()))
    if not names:
        raise ValueError(f"{option}: give at least one value")
    return names


def _parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--latencies", default="0,40,100", help="answer latencies, ms")
    parser.add_argument("--lengths", default="2,4,20", help="backup lengths (job seconds)")
    parser.add_argument("--modes", default=f"{ALONE},{PAIR}", help=f"{ALONE} and/or {PAIR}")
    parser.add_argument("--repeats", type=int, default=3, help="runs (pairs) per cell")
    parser.add_argument("--cases", default=",".join((CLEAN, *FAULTS)), help="clean, faults")
    parser.add_argument("--unreachable-seconds", type=float, metavar="S", help="to the mock")
    parser.add_argument("--backup-location", metavar="URL", help="to the run")
    parser.add_argument("--max-backups", type=int, metavar="N", help="the run's budget")
    parser.add_argument("--profile", default="quick", choices=("quick", "full"))
    parser.add_argument("--timeout", type=float, default=900.0, help="bound on one run, s")
    parser.add_argument(
        "--jitter-fraction", type=float, default=0.2, help="latency jitter / latency"
    )
    parser.add_argument(
        "--expect-unchecked",
        default="",
        metavar="IDS",
        help="MUST ids a conformant case may (and must) leave unchecked, e.g. BKP-JOB-009 "
        "when the mock's TEST-NET backups fail (then the right verdict is incomplete)",
    )
    args = parser.parse_args(argv)
    try:
        _check(args)
    except ValueError as error:
        parser.error(str(error))
    return args


def _check(args: argparse.Namespace) -> None:
    """Turn the comma lists into tuples and refuse values no run could take."""
    args.latencies = _numbers(args.latencies, "--latencies")
    args.lengths = _numbers(args.lengths, "--lengths")
    args.modes = _names(args.modes, "--modes")
    args.cases = _names(args.cases, "--cases")
    unknown = [mode for mode in args.modes if mode not in (ALONE, PAIR)]
    if unknown:
        raise ValueError(f"--modes: {', '.join(unknown)} (use {ALONE} and/or {PAIR})")
    if args.repeats < 1:
        raise ValueError("--repeats must be 1 or more")
    if args.max_backups is not None and args.max_backups < 1:
        raise ValueError("--max-backups must be 1 or more")
    if not args.timeout > 0:
        raise ValueError("--timeout must be more than 0")
    if not 0 <= args.jitter_fraction <= 1:
        raise ValueError("--jitter-fraction must be between 0 and 1")
    if args.unreachable_seconds is not None and not args.unreachable_seconds >= 0:
        raise ValueError("--unreachable-seconds must be 0 or more")


def fault_requirements(case: str) -> tuple[str, ...]:
    """The MUST ids the fault ``case`` names; () for a name the catalogue does not know."""
    try:
        return Fault.parse(case).requirements
    except (ValueError, KeyError):
        return ()


def is_conformant(case: str) -> bool:
    """True for the clean mock and for a conformant variant of it."""
    try:
        Variant.parse(case)
    except (ValueError, KeyError):
        return case == CLEAN
    return True


def judge(
    case: str,
    verdict: str,
    failed: Sequence[str],
    budget: int,
    started: int | None,
    running: int | None,
    unchecked: Sequence[str] = (),
    allowed: Sequence[str] = (),
) -> tuple[str, ...]:
    """Why a run of ``case`` is wrong; () when it is right. ``allowed``: the MUSTs a
    conformant case must leave unchecked (its verdict then ``incomplete``)."""
    if verdict == MOCK_DID_NOT_START:
        return (MOCK_DID_NOT_START,)
    wrong = []
    conformant = is_conformant(case)
    expected = "non-conformant"
    if conformant:
        expected = "incomplete" if allowed else "conformant"
    if verdict != expected:
        wrong.append(f"verdict {verdict}, expected {expected}")
    elif conformant and set(unchecked) != set(allowed):
        wrong.append(f"unchecked {', '.join(unchecked)}, expected {', '.join(allowed)}")
    elif not conformant:
        named = fault_requirements(case)
        if named and not set(named) & set(failed):
            wrong.append(f"none of {', '.join(named)} failed")
    if started is None or running is None:
        wrong.append("the mock printed no stop line")
    else:
        if started > budget:
            wrong.append(f"{started} backups started, budget {budget}")
        if running:
            wrong.append(f"{running} jobs left running")
    return tuple(wrong)


def _ids(items: Iterable[Any]) -> tuple[str, ...]:
    """Requirement ids from a report list: objects with an ``id``, or bare ids."""
    return tuple(str(item["id"]) if isinstance(item, dict) else str(item) for item in items)


def _failed_musts(report: dict[str, Any]) -> tuple[str, ...]:
    return tuple(
        str(item["id"])
        for item in report.get("requirements") or []
        if item.get("status") == "fail" and item.get("level") == "MUST"
    )


def _mock_command(args: argparse.Namespace, cell: Cell) -> list[str]:
    mock = [sys.executable, "-m", "vcsa_conformance", "mock", "--port", "0"]
    mock += ["--job-seconds", f"{cell.length_s:g}", "--latency", f"{cell.latency_ms:g}"]
    mock += ["--latency-jitter", f"{args.jitter_fraction * cell.latency_ms:g}"]
    if args.unreachable_seconds is not None:
        mock += ["--unreachable-seconds", f"{args.unreachable_seconds:g}"]
    if cell.case == CLEAN:
        return mock
    option = "--variant" if is_conformant(cell.case) else "--fault"
    return [*mock, option, cell.case]


def _run_command(args: argparse.Namespace, target: LiveMock, folder: Path) -> list[str]:
    run = [sys.executable, "-m", "vcsa_conformance", "run", "--profile", args.profile]
    run += ["--target", target.url, "--ca-bundle", target.ca_path]
    run += ["--user", ADMIN_USER, "--readonly-user", READONLY[0], "--schedule-writes"]
    run += ["--report-dir", str(folder), "--har", str(folder / "exchanges.har")]
    if args.max_backups is not None:
        run += ["--max-backups", str(args.max_backups)]
    if args.backup_location:
        run += ["--backup-location", args.backup_location]
        run += ["--backup-location-user", LOCATION_USER]
    return run


def _run_env(args: argparse.Namespace) -> dict[str, str]:
    """Our environment without any VCSA_* variable (as the mutation test's runs), plus the
    mock's test passwords: a live target configured here is never hit."""
    env = {name: value for name, value in os.environ.items() if not name.startswith("VCSA_")}
    env |= {"VCSA_PASSWORD": ADMIN_PASSWORD, "VCSA_READONLY_PASSWORD": READONLY[1]}
    if args.backup_location:
        env["VCSA_BACKUP_LOCATION_PASSWORD"] = LOCATION_PASSWORD
    return env


def _meet(start: threading.Barrier | None) -> None:
    """Wait for the other side of a pair to be ready too (not for ever, nor for a side
    whose mock did not start)."""
    if start is not None:
        with contextlib.suppress(threading.BrokenBarrierError):
            start.wait(timeout=_PAIR_START_TIMEOUT)


def _one(
    args: argparse.Namespace, cell: Cell, out: Path, name: str, start: threading.Barrier | None
) -> Outcome:
    """One run of ``cell`` against a fresh mock, judged; its files in ``out/cell/name``."""
    folder = out / cell.label / name
    folder.mkdir(parents=True)
    mock_log = folder / "mock.log"
    timed: Timed | None = None
    try:
        with live_mock(_mock_command(args, cell), mock_log) as target:
            _meet(start)
            # run_timed's BenchmarkError: the run timed out (and was stopped); timed stays None
            with (folder / "run.log").open("wb") as log, contextlib.suppress(BenchmarkError):
                timed = run_timed(
                    _run_command(args, target, folder),
                    log=log,
                    timeout=args.timeout,
                    env=_run_env(args),
                )
    except MockDidNotStart:
        if start is not None:
            start.abort()
        outcome = Outcome(cell, name, MOCK_DID_NOT_START, wrong=(MOCK_DID_NOT_START,))
    else:
        outcome = _judged(args, cell, name, folder, timed, stop_counts(mock_log))
    write_json(folder / "outcome.json", asdict(outcome))
    return outcome


def _judged(
    args: argparse.Namespace,
    cell: Cell,
    name: str,
    folder: Path,
    timed: Timed | None,
    counts: tuple[int, int] | None,
) -> Outcome:
    report = read_report(folder / "conformance.json")
    if timed is None:
        verdict = f"timed out after {args.timeout:g} s"
    elif report is None:
        verdict = f"no report (exit {timed.returncode})"
    else:
        verdict = str(report.get("verdict"))
    report = report or {}
    failed = _failed_musts(report)
    started, running = counts or (None, None)
    budget = (
        default_max_backups(schedule_writes=True) if args.max_backups is None else args.max_backups
    )
    return Outcome(
        cell=cell,
        name=name,
        verdict=verdict,
        wall_s=None if timed is None else round(timed.wall_s, 2),
        exit_code=None if timed is None else timed.returncode,
        requests=report.get("requests"),
        failed_musts=failed,
        unchecked_musts=_ids(report.get("unchecked_musts") or []),
        bounds=report.get("bounds"),
        started=started,
        running=running,
        wrong=judge(
            cell.case,
            verdict,
            failed,
            budget,
            started,
            running,
            _ids(report.get("unchecked_musts") or []),
            _names(args.expect_unchecked, "--expect-unchecked") if args.expect_unchecked else (),
        ),
    )


class _Progress:
    """Prints one line per finished run, with how many of all the runs are done."""

    def __init__(self, total: int) -> None:
        self.total = total
        self.done = 0

    def show(self, outcome: Outcome) -> Outcome:
        self.done += 1
        wall = "-" if outcome.wall_s is None else f"{outcome.wall_s:.1f} s"
        judged = "right" if outcome.right else f"WRONG: {'; '.join(outcome.wrong)}"
        print(
            f"[{self.done}/{self.total}] {outcome.cell.label} {outcome.name}: {wall}, "
            f"{outcome.verdict}, {_or_dash(outcome.requests)} requests, "
            f"{_or_dash(outcome.started)} started, {_or_dash(outcome.running)} running: "
            f"{judged}",
            flush=True,
        )
        return outcome


def _pair(
    args: argparse.Namespace, cell: Cell, out: Path, repeat: int, progress: _Progress
) -> list[Outcome]:
    """Two runs started at the same moment, each against its own mock."""
    start = threading.Barrier(2)
    with ThreadPoolExecutor(max_workers=2) as pool:
        sides = [pool.submit(_one, args, cell, out, f"r{repeat}{side}", start) for side in "ab"]
        done = [progress.show(future.result()) for future in as_completed(sides)]
    return sorted(done, key=lambda outcome: outcome.name)


def _cell(args: argparse.Namespace, cell: Cell, out: Path, progress: _Progress) -> list[Outcome]:
    outcomes: list[Outcome] = []
    for repeat in range(1, args.repeats + 1):
        if cell.mode == PAIR:
            outcomes += _pair(args, cell, out, repeat, progress)
        else:
            outcomes.append(progress.show(_one(args, cell, out, f"r{repeat}", None)))
    return outcomes


def _cells(args: argparse.Namespace) -> list[Cell]:
    return [
        Cell(case, latency, length, mode)
        for case in args.cases
        for latency in args.latencies
        for length in args.lengths
        for mode in args.modes
    ]


def _or_dash(value: int | None) -> str:
    return "-" if value is None else str(value)


def _counted(values: Iterable[str]) -> str:
    """Each value once, in the order first seen, with its count after a multiplication sign."""
    return ", ".join(f"{value} {_TIMES}{count}" for value, count in Counter(values).items())


def _ids_when_wrong(runs: Sequence[Outcome]) -> str:
    wrong = [run for run in runs if not run.right]
    failed = sorted({rid for run in wrong for rid in run.failed_musts})
    unchecked = sorted({rid for run in wrong for rid in run.unchecked_musts})
    parts = [f"failed {', '.join(failed)}"] if failed else []
    parts += [f"unchecked {', '.join(unchecked)}"] if unchecked else []
    return "; ".join(parts)


def _most(values: Sequence[int | None]) -> str:
    """The largest value; ``?`` marks runs whose mock printed no count."""
    known = [value for value in values if value is not None]
    if not known:
        return "?"
    return str(max(known)) if len(known) == len(values) else f"{max(known)} (?)"


def _row(cell: Cell, runs: Sequence[Outcome]) -> list[str]:
    right = sum(run.right for run in runs)
    walls = [run.wall_s for run in runs if run.wall_s is not None]
    score = f"{right}/{len(runs)}"
    return [
        cell.case,
        f"{cell.latency_ms:g}",
        f"{cell.length_s:g}",
        cell.mode,
        score if right == len(runs) else f"**{score}**",
        _counted(run.verdict for run in runs),
        _ids_when_wrong(runs),
        f"{statistics.median(walls):.1f}" if walls else "-",
        _most([run.started for run in runs]),
        _most([run.running for run in runs]),
    ]


def by_cell(outcomes: Sequence[Outcome]) -> dict[Cell, list[Outcome]]:
    """The runs of each cell, cells in the order first run."""
    cells: dict[Cell, list[Outcome]] = {}
    for outcome in outcomes:
        cells.setdefault(outcome.cell, []).append(outcome)
    return cells


def totals(outcomes: Sequence[Outcome]) -> str:
    """``cells green X/Y, runs right A/B``."""
    cells = by_cell(outcomes)
    green = sum(all(run.right for run in runs) for runs in cells.values())
    right = sum(run.right for run in outcomes)
    return f"cells green {green}/{len(cells)}, runs right {right}/{len(outcomes)}"


def table(outcomes: Sequence[Outcome]) -> str:
    """One row per cell (case, latency, length, mode)."""
    header = [
        "case",
        "latency ms",
        "length s",
        "mode",
        "right",
        "verdicts",
        "MUST ids when wrong",
        "median wall s",
        "max started",
        "max left running",
    ]
    return markdown_table(header, [_row(cell, runs) for cell, runs in by_cell(outcomes).items()])


def _working_tree() -> str:
    """Whether the figures belong to the commit alone: uncommitted files, counted."""
    with contextlib.suppress(OSError, subprocess.SubprocessError):
        done = subprocess.run(
            ["git", "status", "--porcelain"],
            cwd=REPO,
            capture_output=True,
            text=True,
            timeout=10,
            check=True,
        )
        changed = len(done.stdout.splitlines())
        return f"{changed} uncommitted files" if changed else "clean"
    return "unknown"


def _settings(args: argparse.Namespace) -> str:
    budget = (
        args.max_backups
        or f"{default_max_backups(schedule_writes=True)} (the run's default with --schedule-writes)"
    )
    location = args.backup_location or "the run's default (a TEST-NET address)"
    unreachable = (
        "run as long as any"
        if args.unreachable_seconds is None
        else f"fail after {args.unreachable_seconds:g} s"
    )
    return "\n".join(
        [
            f"- Profile {args.profile}, budget {budget}, timeout {args.timeout:g} s per run",
            f"- Latency jitter ±{args.jitter_fraction:.0%} of the latency; backup location "
            f"{location}; backups to TEST-NET addresses {unreachable}",
        ]
    )


def main(argv: list[str] | None = None) -> int:
    """Run the matrix (or the portion the options give); print and save the table."""
    args = _parse_args(argv)
    out = run_dir("stability")
    facts = machine_facts()
    facts["working_tree"] = _working_tree()
    cells = _cells(args)
    runs_per_repeat = {ALONE: 1, PAIR: 2}
    total = sum(args.repeats * runs_per_repeat[cell.mode] for cell in cells)
    print(f"{len(cells)} cells, {total} runs; results in {out}", flush=True)
    progress = _Progress(total)
    outcomes = [outcome for cell in cells for outcome in _cell(args, cell, out, progress)]
    facts_text = facts_markdown(facts) + f"\n- Working tree: {facts['working_tree']}"
    report = "\n\n".join([table(outcomes), totals(outcomes), _settings(args), facts_text])
    save_and_print(out, "stability", args, facts, report, runs=[asdict(o) for o in outcomes])
    return 0 if all(outcome.right for outcome in outcomes) else 1


if __name__ == "__main__":
    raise SystemExit(main())
