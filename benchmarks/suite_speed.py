"""Wall time and request rate of our conformance suite against the schemathesis CLI.

What is measured, on this machine (no CPU pinning: both tools may use both cores):

- ours: ``vcsa-conformance run --profile quick`` and ``--profile full`` against the embedded
  mock (HTTPS, started by the run itself), as a child process timed from start to exit; the
  request count is ``requests`` from the run's ``conformance.json``.
- schemathesis: ``schemathesis run openapi.yaml`` with all checks, ``--max-examples`` set to
  each profile's examples per contract operation (``schema_examples`` in
  ``suite/profiles.py``, the budget our suite gives its own schemathesis-driven tests), one
  worker, a fixed seed and ``--continue-on-failure`` (else it stops testing an operation
  at its first failure and spends less than its budget), against a mock this script
  starts (``vcsa-conformance mock``, HTTPS, its own CA, jobs of 1 s, the same as the
  embedded mock), timed the same way.
  Credentials reach it per security scheme through a ``schemathesis.toml`` (the session
  token for ``session_id``, Basic for ``POST /api/session``); ``DELETE /api/session`` is
  left out so schemathesis cannot log its own session out and spend the rest of the run on
  cheap 401s. The request count comes from the mock's own access log (one line per
  request), less the one login of this script.

Requests per second is requests / wall time for both, so start-up costs count against
each tool alike. CPU seconds (user + system, from the OS's accounting of finished child
processes) cover the tool and the mock it talked to: ours, the one process with its
embedded mock; schemathesis, its process plus the mock process. CPU well below wall time
means the tool was waiting (for example for a backup job to end), not computing.

Results: a table with the ratios ours/schemathesis, raw logs and reports under
``benchmarks/results/<timestamp>-suite_speed/``.

Run: ``python benchmarks/suite_speed.py [--profiles quick,full] [--examples-quick N]``.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path

from _common import (
    ADMIN_PASSWORD,
    ADMIN_USER,
    SPEC,
    BenchmarkError,
    announced_ca,
    facts_markdown,
    free_port,
    login,
    machine_facts,
    markdown_table,
    run_dir,
    run_timed,
    save_and_print,
    server,
)

from vcsa_conformance.suite.run.options import PROFILE_NAMES as PROFILES
from vcsa_conformance.suite.run.profiles import EXAMPLE_BUDGETS

# The aims (issue 5, "Proof and speed"), in seconds of wall time on 2 cores.
AIMS = {"quick": 30.0, "full": 180.0}
_ACCESS_LINE = re.compile(r"^[A-Z]+ /\S* \d{3} [0-9.]+ms$")
_SCHEMATHESIS_CONFIG = """\
# Written by benchmarks/suite_speed.py: credentials per security scheme, from the environment.
[auth.openapi.session_id]
api_key = "${VCSA_BENCH_SESSION}"

[auth.openapi.basic_auth]
username = "${VCSA_BENCH_USER}"
password = "${VCSA_BENCH_PASSWORD}"
"""


@dataclass(frozen=True)
class Outcome:
    """One timed run of one tool at one size."""

    tool: str
    profile: str
    wall_s: float
    requests: int
    exit_code: int
    detail: str
    cpu_s: float = 0.0  # user+system CPU of the tool and the mock it talked to

    @property
    def rps(self) -> float:
        """Requests per second of wall time."""
        return self.requests / self.wall_s if self.wall_s > 0 else 0.0


def _parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Wall time and requests/s of vcsa-conformance run vs the schemathesis CLI.",
    )
    parser.add_argument("--profiles", default="quick,full", help="comma-separated profiles")
    parser.add_argument(
        "--examples-quick",
        type=int,
        default=EXAMPLE_BUDGETS["quick"].schema_examples,
        help="schemathesis --max-examples for quick (default: the quick profile's examples "
        "per contract operation, %(default)s)",
    )
    parser.add_argument(
        "--examples-full",
        type=int,
        default=EXAMPLE_BUDGETS["full"].schema_examples,
        help="schemathesis --max-examples for full (default: the full profile's, %(default)s)",
    )
    parser.add_argument("--skip-ours", action="store_true", help="only run schemathesis")
    parser.add_argument("--skip-schemathesis", action="store_true", help="only run ours")
    parser.add_argument("--workers", type=int, default=1, help="schemathesis --workers")
    parser.add_argument("--seed", type=int, default=1, help="seed for both tools")
    parser.add_argument("--job-seconds", type=float, default=1.0, help="mock job duration")
    parser.add_argument(
        "--timeout", type=float, default=900.0, help="stop any one run after this many seconds"
    )
    parser.add_argument("--spec", type=Path, default=SPEC, help="contract schemathesis reads")
    args = parser.parse_args(argv)
    args.profiles = [p.strip() for p in args.profiles.split(",") if p.strip()]
    unknown = [p for p in args.profiles if p not in PROFILES]
    if unknown or not args.profiles:
        parser.error(f"--profiles takes quick and/or full, not {unknown or 'nothing'}")
    return args


def _examples(args: argparse.Namespace, profile: str) -> int:
    return int(args.examples_quick if profile == "quick" else args.examples_full)


def _ours(args: argparse.Namespace, profile: str, out: Path) -> Outcome:
    """Time ``vcsa-conformance run --profile PROFILE`` and read its request count."""
    report_dir = out / f"ours-{profile}"
    argv = [sys.executable, "-m", "vcsa_conformance", "run", "--profile", profile]
    argv += ["--report-dir", str(report_dir)]
    if "--seed" in _run_help():
        argv += ["--seed", str(args.seed)]
    cpu = _children_cpu()
    with (out / f"ours-{profile}.log").open("wb") as log:
        timed = run_timed(argv, log=log, timeout=args.timeout)
    cpu = _children_cpu() - cpu
    report = report_dir / "conformance.json"
    if not report.exists():
        raise BenchmarkError(
            f"vcsa-conformance run --profile {profile} exited {timed.returncode} without "
            f"{report}; see {out / f'ours-{profile}.log'}"
        )
    data = json.loads(report.read_text())
    detail = f"verdict {data.get('verdict')}, own duration {data.get('duration_s', 0):.1f} s"
    requests = int(data["requests"])
    return Outcome("ours", profile, timed.wall_s, requests, timed.returncode, detail, cpu)


def _children_cpu() -> float:
    """CPU seconds (user + system) used so far by this script's finished child processes."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _run_help() -> str:
    """``vcsa-conformance run --help``, to pass only the options this version knows."""
    done = subprocess.run(
        [sys.executable, "-m", "vcsa_conformance", "run", "--help"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    return done.stdout


def _access_lines(log: Path) -> int:
    return sum(1 for line in log.read_text().splitlines() if _ACCESS_LINE.match(line.strip()))


@contextmanager
def _mock(args: argparse.Namespace, log: Path) -> Iterator[tuple[str, str]]:
    """A fresh HTTPS mock in its own process; yields its URL and CA file."""
    port = free_port()
    argv = [sys.executable, "-m", "vcsa_conformance", "mock", "--port", str(port)]
    argv += ["--job-seconds", str(args.job_seconds)]
    with server(argv, port=port, log_path=log):
        yield f"https://127.0.0.1:{port}", announced_ca(log, time.monotonic() + 30)


def _schemathesis_bin() -> str:
    beside = Path(sys.executable).parent / "schemathesis"
    found = str(beside) if beside.exists() else shutil.which("schemathesis")
    if found is None:
        raise BenchmarkError(
            "schemathesis CLI not found: install the project (pip install -e .) in this Python"
        )
    return found


def _schemathesis(args: argparse.Namespace, profile: str, out: Path) -> Outcome:
    """Time the schemathesis CLI against a fresh mock; count requests in the mock's log."""
    config = out / "schemathesis.toml"
    config.write_text(_SCHEMATHESIS_CONFIG)
    mock_log = out / f"mock-schemathesis-{profile}.log"
    examples = _examples(args, profile)
    cpu = _children_cpu()
    with _mock(args, mock_log) as (url, ca_path):
        session = login(url, verify=ca_path)
        before = _access_lines(mock_log)
        argv = [_schemathesis_bin(), "--config-file", str(config), "--no-color", "run"]
        argv += [str(args.spec), "--url", url, "--tls-verify", ca_path, "--checks", "all"]
        argv += ["--max-examples", str(examples), "--workers", str(args.workers)]
        argv += ["--seed", str(args.seed), "--generation-database", "none"]
        argv += ["--exclude-operation-id", "deleteSession", "--continue-on-failure"]
        argv += ["--report", "junit", "--report-dir", str(out / f"schemathesis-{profile}")]
        env = {
            **os.environ,
            "VCSA_BENCH_SESSION": session,
            "VCSA_BENCH_USER": ADMIN_USER,
            "VCSA_BENCH_PASSWORD": ADMIN_PASSWORD,
        }
        with (out / f"schemathesis-{profile}.log").open("wb") as log:
            timed = run_timed(argv, log=log, timeout=args.timeout, env=env)
        time.sleep(0.5)  # the mock logs a request after answering it
        requests = _access_lines(mock_log) - before
    cpu = _children_cpu() - cpu  # the mock has been stopped and reaped: its CPU counts too
    detail = f"--max-examples {examples}, exit {timed.returncode}"
    return Outcome("schemathesis", profile, timed.wall_s, requests, timed.returncode, detail, cpu)


def _table(outcomes: list[Outcome]) -> str:
    header = ["profile", "tool", "wall s", "CPU s", "requests", "req/s", "notes"]
    rows = []
    for profile in PROFILES:
        by_tool = {o.tool: o for o in outcomes if o.profile == profile}
        for outcome in by_tool.values():
            rows.append(
                [
                    profile,
                    outcome.tool,
                    f"{outcome.wall_s:.1f}",
                    f"{outcome.cpu_s:.1f}",
                    str(outcome.requests),
                    f"{outcome.rps:.0f}",
                    outcome.detail,
                ]
            )
        ours, theirs = by_tool.get("ours"), by_tool.get("schemathesis")
        if ours and theirs and theirs.rps > 0:
            time_aim = "met" if ours.wall_s <= AIMS[profile] else "missed"
            rate_aim = "met" if ours.rps >= theirs.rps else "missed"
            rows.append(
                [
                    profile,
                    "**ours/schemathesis**",
                    f"{ours.wall_s / theirs.wall_s:.2f}x",
                    f"{ours.cpu_s / theirs.cpu_s:.2f}x" if theirs.cpu_s > 0 else "",
                    f"{ours.requests / max(theirs.requests, 1):.2f}x",
                    f"**{ours.rps / theirs.rps:.2f}x**",
                    f"aims: wall ≤ {AIMS[profile]:.0f} s {time_aim}; "
                    f"rate ≥ schemathesis {rate_aim}",
                ]
            )
    return markdown_table(header, rows)


def main(argv: list[str] | None = None) -> int:
    """Run the comparison; print and save the table. Exit 0, or 2 when it could not run."""
    args = _parse_args(argv)
    try:
        return _run(args)
    except BenchmarkError as error:
        print(f"BenchmarkError: {error}", file=sys.stderr)
        return 2


def _run(args: argparse.Namespace) -> int:
    out = run_dir("suite_speed")
    facts = machine_facts()
    outcomes: list[Outcome] = []
    for profile in args.profiles:
        if not args.skip_ours:
            outcomes.append(_ours(args, profile, out))
            print(_line(outcomes[-1]))
        if not args.skip_schemathesis:
            outcomes.append(_schemathesis(args, profile, out))
            print(_line(outcomes[-1]))
    report = "\n\n".join([_table(outcomes), facts_markdown(facts)])
    outcome_data = [{**asdict(o), "rps": o.rps} for o in outcomes]
    save_and_print(out, "suite_speed", args, facts, report, outcomes=outcome_data)
    return 0


def _line(outcome: Outcome) -> str:
    return (
        f"{outcome.profile:5} {outcome.tool:12} {outcome.wall_s:7.1f} s "
        f"(CPU {outcome.cpu_s:6.1f} s) {outcome.requests:6d} requests "
        f"{outcome.rps:7.0f} req/s  ({outcome.detail})"
    )


if __name__ == "__main__":
    raise SystemExit(main())
