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
# fault -> the MUST requirements expected to fail, exactly
EXPECTED: dict[str, set[str]] = {
    "": set(),
    Fault.PASSWORD_MIN_LENGTH.value: {"BKP-INPUT-004"},
    Fault.END_TIME_WHILE_RUNNING.value: {"BKP-JOB-007"},
    # a deleted token is an unknown token too: BKP-AUTH-005 fails with them
    Fault.NO_AUTHENTICATION.value: {"BKP-AUTH-003", "BKP-AUTH-004", "BKP-AUTH-005"},
}


@pytest.fixture(scope="module")
def outcomes() -> Iterator[dict[str, dict[str, object]]]:
    runs = {
        fault: subprocess.Popen(
            [sys.executable, "-c", _PROGRAM, *([fault] if fault else [])],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        for fault in EXPECTED
    }
    results: dict[str, dict[str, object]] = {}
    for fault, process in runs.items():
        out, _ = process.communicate(timeout=600)
        line = next((x for x in out.splitlines() if x.startswith("RESULT ")), "RESULT {}")
        results[fault] = json.loads(line.removeprefix("RESULT "))
    yield results


def test_the_clean_mock_is_conformant(outcomes: dict[str, dict[str, object]]) -> None:
    assert outcomes[""] == {"verdict": "conformant", "failing": []}


@pytest.mark.parametrize("fault", [name for name in EXPECTED if name])
def test_each_fault_fails_exactly_its_requirements(
    outcomes: dict[str, dict[str, object]], fault: str
) -> None:
    assert set(Fault(fault).requirements) <= EXPECTED[fault]
    assert outcomes[fault]["verdict"] == "non-conformant"
    assert set(outcomes[fault]["failing"]) == EXPECTED[fault]  # type: ignore[arg-type]
