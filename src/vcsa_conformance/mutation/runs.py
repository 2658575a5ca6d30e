"""Run cases: each one is ``python -m vcsa_conformance run`` in its own process.

A process per run keeps pytest, hypothesis and the embedded mock from leaking state from
one fault into the next, and lets runs go in parallel. Only ``conformance.json`` is read
back: the harness judges what a user of the suite would see. ``VCSA_*`` variables are not
passed on, so a live target configured in the environment can never be hit by a fault run.

In a live column the mock is a process of its own (``vcsa-conformance mock --port 0``,
HTTPS, the column's job length and answer latency), started before the run and stopped with
Ctrl-C right after it; its stop line says how many backups it started and how many jobs
still ran.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from vcsa_conformance.errors import VcsaConformanceError
from vcsa_conformance.mutation.cases import Case
from vcsa_conformance.mutation.columns import EMBEDDED, Column
from vcsa_conformance.mutation.judge import Outcome, Spending, judge

REPORT = "conformance.json"
LOG = "run.log"  # the run's terminal output, next to its reports, for investigating a miss
MOCK_LOG = "mock.log"  # a live column's mock output (URL, CA file, requests, stop line)
# The mock's documented default accounts (mock/model/config.py): test accounts, not secrets.
ADMIN = ("administrator@vsphere.local", "VMware1!")
READONLY = ("readonly@vsphere.local", "ReadOnly1!")
_SERVING = re.compile(r"serving (https://\S+)")
_CA = re.compile(r"CA certificate: (\S+)")
_STOPPED = re.compile(r"stopped: (\d+) backups? started, (\d+) running")
_START_TIMEOUT = 30.0


class MockDidNotStart(VcsaConformanceError):
    """Raised when the live column's mock process announced no URL and CA file in time."""


@dataclass(frozen=True)
class LiveMock:
    """A mock serving as a live target: its URL and the CA file that verifies it."""

    url: str
    ca_path: str


def command(
    case: Case,
    report_dir: Path,
    profile: str,
    seed: int | None,
    column: Column = EMBEDDED,
    target: LiveMock | None = None,
) -> list[str]:
    """The command line that runs the suite for ``case`` with its reports in ``report_dir``:
    against the embedded mock set up for the case, or against ``target`` (a live column)."""
    args = [sys.executable, "-m", "vcsa_conformance", "run", "--profile", profile]
    args += ["--report-dir", str(report_dir)]
    if target is None:
        args += case.run_options()
    else:
        args += ["--target", target.url, "--ca-bundle", target.ca_path, "--user", ADMIN[0]]
        # The mock is the harness's own: the run may create (and delete) its own schedule.
        args += ["--readonly-user", READONLY[0], "--schedule-writes"]
        if column.max_backups is not None:
            args += ["--max-backups", str(column.max_backups)]
    return args if seed is None else [*args, "--seed", str(seed)]


def mock_command(case: Case, column: Column) -> list[str]:
    """The mock of a live column: its own process, a free port, HTTPS, the case's setup."""
    args = [sys.executable, "-m", "vcsa_conformance", "mock", "--port", "0"]
    args += ["--job-seconds", f"{column.job_seconds:g}"]
    if column.latency_ms:
        latency = column.latency_ms
        args += ["--latency", f"{latency:g}", "--latency-jitter", f"{latency / 5:g}"]
    return [*args, *case.run_options()]


def run_case(
    case: Case,
    out: Path,
    *,
    column: Column = EMBEDDED,
    profile: str = "quick",
    seed: int | None = None,
    timeout: float = 600,
) -> Outcome:
    """Run the suite for ``case`` in ``column`` (reports under ``out/<column>/<case.label>``)
    and judge it."""
    report_dir = out / column.name / case.label
    report_dir.mkdir(parents=True, exist_ok=True)
    env = {name: value for name, value in os.environ.items() if not name.startswith("VCSA_")}
    started = time.monotonic()
    if not column.live:
        code = _run(command(case, report_dir, profile, seed), report_dir, env, timeout)
        return _judged(case, column, report_dir, code, time.monotonic() - started, timeout)
    env |= {"VCSA_PASSWORD": ADMIN[1], "VCSA_READONLY_PASSWORD": READONLY[1]}
    log = report_dir / MOCK_LOG
    try:
        with live_mock(mock_command(case, column), log) as target:
            args = command(case, report_dir, profile, seed, column, target)
            code = _run(args, report_dir, env, timeout)
    except MockDidNotStart as error:
        return judge(case, None, time.monotonic() - started, str(error), column=column.name)
    spending = _spending(log, column)
    seconds = time.monotonic() - started
    return _judged(case, column, report_dir, code, seconds, timeout, spending)


def _run(args: list[str], report_dir: Path, env: dict[str, str], timeout: float) -> int | None:
    """The exit code of the run, None when it outlived ``timeout``."""
    with (report_dir / LOG).open("w", encoding="utf-8") as log:
        try:
            return subprocess.run(
                args,
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                env=env,
                timeout=timeout,
                check=False,
            ).returncode
        except subprocess.TimeoutExpired:
            return None


def _judged(
    case: Case,
    column: Column,
    report_dir: Path,
    code: int | None,
    seconds: float,
    timeout: float,
    spending: Spending | None = None,
) -> Outcome:
    if code is None:
        error = f"timed out after {timeout:g} s"
        return judge(case, None, seconds, error, column=column.name, spending=spending)
    report = read_report(report_dir / REPORT)
    error = "" if report else f"no {REPORT} (exit code {code})"
    return judge(case, report, seconds, error, column=column.name, spending=spending)


@contextlib.contextmanager
def live_mock(args: list[str], log_path: Path) -> Iterator[LiveMock]:
    """The mock process, serving until the block ends; then stopped with Ctrl-C (SIGINT),
    so that it prints its stop line."""
    with log_path.open("w", encoding="utf-8") as log:
        process = subprocess.Popen(
            args,
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            env={k: v for k, v in os.environ.items() if not k.startswith("VCSA_")},
            start_new_session=True,
        )
        try:
            yield _announced(process, log_path)
        finally:
            _stop(process)


def _announced(process: subprocess.Popen[bytes], log_path: Path) -> LiveMock:
    deadline = time.monotonic() + _START_TIMEOUT
    while time.monotonic() < deadline:
        text = log_path.read_text("utf-8")
        url, ca = _SERVING.search(text), _CA.search(text)
        if url and ca:
            return LiveMock(url.group(1), ca.group(1))
        if process.poll() is not None:
            break
        time.sleep(0.05)
    raise MockDidNotStart(f"the live mock did not start (see {log_path})")


def _stop(process: subprocess.Popen[bytes]) -> None:
    for sig, grace in ((signal.SIGINT, 10.0), (signal.SIGKILL, 5.0)):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, sig)
        try:
            process.wait(timeout=grace)
            return
        except subprocess.TimeoutExpired:
            continue


def stop_counts(log_path: Path) -> tuple[int, int] | None:
    """Backups started and jobs still running, from the stop line in a stopped mock's log
    (None when it printed none)."""
    stopped = _STOPPED.search(log_path.read_text("utf-8"))
    return None if stopped is None else (int(stopped.group(1)), int(stopped.group(2)))


def _spending(log_path: Path, column: Column) -> Spending:
    assert column.budget is not None
    counts = stop_counts(log_path)
    return Spending(column.budget, *(counts or (None, None)))


def read_report(path: Path) -> dict[str, Any] | None:
    """A run's ``conformance.json`` as plain data; None when it is missing or not a report."""
    try:
        data = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None
