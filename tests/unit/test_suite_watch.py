"""The run's watch: the live line's facts, and a plain line at least every 10 s of a wait in a
log (issue 18: a run you can watch)."""

from __future__ import annotations

import io
import time
from types import SimpleNamespace
from typing import Any

import pytest

from vcsa_conformance.contract.requirements import catalogue
from vcsa_conformance.suite.http.waits import Wait
from vcsa_conformance.suite.judge.recorder import Recorder
from vcsa_conformance.suite.run.runner import _error_exit
from vcsa_conformance.suite.run.watch import Watch

JOB = "20261205-101158-24305161"


def _session(wait: Wait | None) -> Any:
    recorder = Recorder()
    recorder.checks["BKP-AUTH-001"] += 2
    backups = SimpleNamespace(
        budget=SimpleNamespace(bounded=True, most=2, spent=1),
        waits=SimpleNamespace(current=wait),
        ledger=SimpleNamespace(states={JOB: "INPROGRESS"}, progress={JOB: [0, 12, 42]}),
    )
    return SimpleNamespace(recorder=recorder, backups=backups, deadline=time.monotonic() + 812)


def test_the_line_names_requirements_backups_the_wait_and_the_time_left() -> None:
    now = time.monotonic()
    wait = Wait("following backup", JOB, "--job-wait", now - 42, now + 258)
    line = Watch(_session(wait), stream=io.StringIO(), live=False).status()
    assert line.startswith(f"requirements 1/{len(catalogue())} checked · backups 1/2 started · ")
    assert f"following backup {JOB}: INPROGRESS 42%, 258 s left of --job-wait" in line
    assert line.endswith("812 s left of --time-limit")


def test_a_log_gets_a_line_at_least_every_10_s_of_a_wait() -> None:
    """Scaled down: first after 0.2 s of the wait, then every 0.5 s while it lasts."""
    now = time.monotonic()
    session = _session(Wait("following backup", JOB, "--job-wait", now, now + 300))
    log = io.StringIO()
    with Watch(session, stream=log, live=False, first=0.2, every=0.5):
        time.sleep(1.4)
        session.backups.waits.current = None
        time.sleep(0.6)  # no wait: silent
    lines = log.getvalue().splitlines()
    assert 2 <= len(lines) <= 3, lines
    assert all(line.startswith("  waiting: requirements") and JOB in line for line in lines)


def test_no_line_for_a_short_wait() -> None:
    now = time.monotonic()
    session = _session(Wait("cancelled backup to stop", JOB, "--job-wait", now, now + 300))
    log = io.StringIO()
    with Watch(session, stream=log, live=False, first=2.0):
        time.sleep(0.5)
    assert log.getvalue() == ""


def test_a_watch_that_cannot_show_says_so_once_and_the_run_goes_on(
    capsys: pytest.CaptureFixture[str],
) -> None:
    session = _session(None)
    session.backups = None
    session.deadline = "not a number"  # the status line cannot be built
    with Watch(session, stream=io.StringIO(), live=True):
        time.sleep(0.4)
    assert capsys.readouterr().err.count("the live status stopped") == 1


def test_a_collection_error_is_the_runs_error() -> None:
    """With pytest's own output off, the reason must reach the report and the one line."""
    broken = SimpleNamespace(collect_errors=["test_x.py: E   ModuleNotFoundError: No module x"])
    assert _error_exit(broken, 2) == (  # type: ignore[arg-type]
        "the suite could not be collected: test_x.py: E   ModuleNotFoundError: No module x"
    )
    assert _error_exit(SimpleNamespace(collect_errors=[]), 2) == "the run was interrupted"  # type: ignore[arg-type]
