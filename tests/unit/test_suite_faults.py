"""Proof of the suite: against the clean mock it is conformant; against a mock with a fault
injected it is non-conformant, with exactly the requirements that fault breaks failing.

Each run is a separate process (``run_suite`` runs pytest in-process, which must not nest
inside this pytest), and the runs go in parallel to keep the default test run short. The
full mutation harness over every fault is the fault-injection issue's own test.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from vcsa_conformance.mock.model.faults import Fault
from vcsa_conformance.mock.model.variants import Variant

_PROGRAM = """
import json, sys
from vcsa_conformance.suite.run.options import SuiteOptions
from vcsa_conformance.suite.run.runner import run_suite
result = run_suite(SuiteOptions(faults=tuple(sys.argv[1:]), job_seconds=1.0))
failing = [r.id for r in result.requirements if r.status == "fail" and r.level == "MUST"]
print("RESULT " + json.dumps({"verdict": result.verdict, "failing": failing}))
"""
# A live-like run: the mock apart (own server thread, HTTPS, its own CA), slow backups, a
# budget; the mock's own count of backups started and running is the ground truth.
_LIVE_PROGRAM = """
import json, sys
from vcsa_conformance.mock.model.config import MockConfig
from vcsa_conformance.mock.model.faults import Fault
from vcsa_conformance.mock.server import serve_in_thread
from vcsa_conformance.suite.run.options import SuiteOptions
from vcsa_conformance.suite.run.runner import run_suite
spec = json.loads(sys.argv[1])
user, password = "administrator@vsphere.local", "VMware1!"
from vcsa_conformance.mock.model.variants import Variant
config = MockConfig(job_seconds=spec["job_seconds"], latency=spec.get("latency", 0.0),
                    faults=frozenset(Fault(name) for name in spec.get("faults", [])),
                    variants=frozenset(Variant(name) for name in spec.get("variants", [])))
with serve_in_thread(config) as mock:
    options = SuiteOptions(target=mock.url, user=user, password=password,
                           verify=str(mock.ca_path), busy_wait=3.0, **spec["options"])
    result = run_suite(options)
    started, running = mock.app.state.appliance.usage()
print("RESULT " + json.dumps({
    "verdict": result.verdict, "target": result.target, "started": started,
    "running": running, "reported_started": result.bounds.backups_started,
    "failing": [r.id for r in result.requirements if r.status == "fail" and r.level == "MUST"],
    "skips": {r.id: r.skip_reason for r in result.requirements if r.status == "skip"},
}))
"""
LIVE = {
    # the default-like budget of one backup, backups of a minute
    "live": {"job_seconds": 60.0, "options": {"max_backups": 1, "job_wait": 3.0}},
    # a fault seen once, after which the budget is spent
    "live-fault": {
        "job_seconds": 4.0,
        "faults": [Fault.PASSWORD_UPPERCASE.value],
        "options": {"max_backups": 1},
    },
    # the default budget with --schedule-writes, 40 ms answers, and the third create sent
    # while backup 1 runs arrives as it ends: a late create, which is the run's second
    # backup (issue 16); the schedule's run is the third (issue 19)
    "live-race": {
        "job_seconds": 4.0,
        "latency": 0.04,
        "variants": [Variant.CREATE_RACES_BACKUP_END.value],
        "options": {"max_backups": 3, "schedule_writes": True},
    },
    # backups that never end, a short job wait and time limit: the run still ends, cleanly
    "live-never-ending": {
        "job_seconds": 3600.0,
        "options": {"max_backups": 2, "job_wait": 2.0, "time_limit": 60.0},
    },
}
# fault -> the MUST requirements expected to fail, exactly
EXPECTED: dict[str, set[str]] = {
    "": set(),
    Fault.PASSWORD_MIN_LENGTH.value: {"BKP-INPUT-004"},
    Fault.END_TIME_WHILE_RUNNING.value: {"BKP-JOB-007"},
    # a deleted token is an unknown token too: BKP-AUTH-005 fails with them
    Fault.NO_AUTHENTICATION.value: {"BKP-AUTH-003", "BKP-AUTH-004", "BKP-AUTH-005"},
}


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The runs' working directory: a run must leave nothing in it (no .hypothesis/)."""
    return tmp_path_factory.mktemp("runs")


@pytest.fixture(scope="module")
def outcomes(workdir: Path) -> Iterator[dict[str, dict[str, object]]]:
    commands = {fault: [_PROGRAM, *([fault] if fault else [])] for fault in EXPECTED}
    commands |= {name: [_LIVE_PROGRAM, json.dumps(spec)] for name, spec in LIVE.items()}
    runs = {
        name: subprocess.Popen(
            [sys.executable, "-c", *command],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
            cwd=workdir,
        )
        for name, command in commands.items()
    }
    results: dict[str, dict[str, object]] = {}
    for fault, process in runs.items():
        out, _ = process.communicate(timeout=600)
        line = next((x for x in out.splitlines() if x.startswith("RESULT ")), "RESULT {}")
        results[fault] = json.loads(line.removeprefix("RESULT "))
    yield results


def test_the_clean_mock_is_conformant(outcomes: dict[str, dict[str, object]]) -> None:
    assert outcomes[""] == {"verdict": "conformant", "failing": []}


def test_runs_leave_nothing_in_the_working_directory(
    outcomes: dict[str, dict[str, object]], workdir: Path
) -> None:
    assert outcomes and list(workdir.iterdir()) == []


def test_a_live_run_keeps_to_its_budget_and_cleans_up(
    outcomes: dict[str, dict[str, object]],
) -> None:
    """Budget 1: no MUST failed, but what needs a second backup was not checked."""
    live = outcomes["live"]
    assert live["verdict"] == "incomplete"
    assert live["started"] == live["reported_started"] == 1
    assert live["running"] == 0
    skips: dict[str, str] = live["skips"]  # type: ignore[assignment]
    assert "--max-backups" in skips["BKP-CONC-002"]
    assert "VCSA_READONLY_USER" in skips["BKP-AUTH-006"]
    assert str(live["target"]).startswith("https://127.0.0.1:")


def test_a_failure_seen_once_stays_after_the_budget_is_spent(
    outcomes: dict[str, dict[str, object]],
) -> None:
    """The faulty appliance accepts the first password without an uppercase letter: that
    backup spends the whole budget, the rest is skipped, and the failure still decides."""
    run = outcomes["live-fault"]
    assert run["verdict"] == "non-conformant"
    assert "BKP-INPUT-006" in run["failing"]  # type: ignore[operator]
    assert run["started"] == 1 and run["running"] == 0
    skips: dict[str, str] = run["skips"]  # type: ignore[assignment]
    assert "--max-backups" in skips["BKP-CONC-002"]


def test_a_create_that_races_the_end_of_backup_1_is_the_runs_second_backup(
    outcomes: dict[str, dict[str, object]],
) -> None:
    """Issue 16: the late 201 is not lost: it is BKP-CONC-003's evidence and its cancel is
    the cancel test's, so two backups still check every MUST of create (the third is the
    schedule's run, issue 19)."""
    run = outcomes["live-race"]
    assert run["verdict"] == "conformant", run["skips"]
    assert run["started"] == run["reported_started"] == 3 and run["running"] == 0


def test_a_run_against_backups_that_never_end_ends_and_cleans_up(
    outcomes: dict[str, dict[str, object]],
) -> None:
    run = outcomes["live-never-ending"]
    assert run["verdict"] == "incomplete"
    assert run["running"] == 0 and 1 <= run["started"] <= 2  # type: ignore[operator]
    skips: dict[str, str] = run["skips"]  # type: ignore[assignment]
    assert "--job-wait" in skips["BKP-JOB-009"]


@pytest.mark.parametrize("fault", [name for name in EXPECTED if name])
def test_each_fault_fails_exactly_its_requirements(
    outcomes: dict[str, dict[str, object]], fault: str
) -> None:
    assert set(Fault(fault).requirements) <= EXPECTED[fault]
    assert outcomes[fault]["verdict"] == "non-conformant"
    assert set(outcomes[fault]["failing"]) == EXPECTED[fault]  # type: ignore[arg-type]
