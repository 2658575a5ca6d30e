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

from vcsa_conformance.mock.faults import Fault

_PROGRAM = """
import json, sys
from vcsa_conformance.suite.options import SuiteOptions
from vcsa_conformance.suite.runner import run_suite
result = run_suite(SuiteOptions(faults=tuple(sys.argv[1:]), job_seconds=1.0))
failing = [r.id for r in result.requirements if r.status == "fail" and r.level == "MUST"]
print("RESULT " + json.dumps({"verdict": result.verdict, "failing": failing}))
"""
# A live-like run: the mock started apart, its backups slow, the budget one backup.
_LIVE_PROGRAM = """
import json
import httpx
from vcsa_conformance.mock.config import MockConfig
from vcsa_conformance.mock.server import serve_in_thread
from vcsa_conformance.suite.options import SuiteOptions
from vcsa_conformance.suite.runner import run_suite
user, password = "administrator@vsphere.local", "VMware1!"
with serve_in_thread(MockConfig(job_seconds=60.0)) as mock:
    options = SuiteOptions(target=mock.url, user=user, password=password,
                           verify=str(mock.ca_path), max_backups=1, busy_wait=3.0)
    result = run_suite(options)
    with httpx.Client(base_url=mock.url, verify=str(mock.ca_path)) as http:
        token = http.post("/api/session", auth=(user, password)).json()
        headers = {"vmware-api-session-id": token}
        jobs = http.get("/api/appliance/recovery/backup/job", headers=headers).json()
        states = [http.get(f"/api/appliance/recovery/backup/job/{job}", headers=headers)
                  .json()["state"] for job in jobs]
print("RESULT " + json.dumps({
    "verdict": result.verdict, "states": states, "target": result.target,
    "skips": {r.id: r.skip_reason for r in result.requirements if r.status == "skip"},
}))
"""
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
    commands["live"] = [_LIVE_PROGRAM]
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
    live = outcomes["live"]
    assert live["verdict"] == "conformant"
    assert live["states"] and "INPROGRESS" not in live["states"]  # type: ignore[operator]
    assert len(live["states"]) == 1  # type: ignore[arg-type]  # one backup: --max-backups 1
    skips: dict[str, str] = live["skips"]  # type: ignore[assignment]
    assert "--max-backups" in skips["BKP-CONC-002"]
    assert "VCSA_READONLY_USER" in skips["BKP-AUTH-006"]
    assert str(live["target"]).startswith("https://127.0.0.1:")


@pytest.mark.parametrize("fault", [name for name in EXPECTED if name])
def test_each_fault_fails_exactly_its_requirements(
    outcomes: dict[str, dict[str, object]], fault: str
) -> None:
    assert set(Fault(fault).requirements) <= EXPECTED[fault]
    assert outcomes[fault]["verdict"] == "non-conformant"
    assert set(outcomes[fault]["failing"]) == EXPECTED[fault]  # type: ignore[arg-type]
