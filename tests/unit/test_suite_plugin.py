"""The suite's pytest plugin: collection refuses unmarked tests and unknown requirement ids,
MUST failures fail a test, SHOULD failures do not."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

INI = "[pytest]\nvcsa_suite_dirs = .\n"
RAN = "ran.txt"


def run(tmp_path: Path, body: str) -> subprocess.CompletedProcess[str]:
    (tmp_path / "pytest.ini").write_text(INI, encoding="utf-8")
    (tmp_path / "test_sample.py").write_text(body, encoding="utf-8")
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            str(tmp_path),
            "-c",
            str(tmp_path / "pytest.ini"),
            "--rootdir",
            str(tmp_path),
            "-p",
            "vcsa_conformance.suite.run.plugin",
            "-p",
            "no:cacheprovider",
            "-q",
        ],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
        check=False,
    )


def test_an_unmarked_conformance_test_fails_collection(tmp_path: Path) -> None:
    result = run(tmp_path, f"def test_x():\n    open({RAN!r}, 'w').close()\n")
    assert result.returncode == 4, result.stdout + result.stderr
    assert "no @pytest.mark.requirement" in result.stderr
    assert not (tmp_path / RAN).exists()


def test_an_unknown_requirement_id_fails_collection_and_never_runs(tmp_path: Path) -> None:
    body = (
        "import pytest\n"
        "@pytest.mark.requirement('BKP-AUTH-001', 'BKP-NOPE-999')\n"
        f"def test_x():\n    open({RAN!r}, 'w').close()\n"
    )
    result = run(tmp_path, body)
    assert result.returncode == 4
    assert "unknown requirement id 'BKP-NOPE-999'" in result.stderr
    assert not (tmp_path / RAN).exists()


def test_must_failures_fail_and_should_failures_pass(tmp_path: Path) -> None:
    body = (
        "import pytest\n"
        "from vcsa_conformance.suite.judge.recorder import CheckFailed\n"
        "def broken():\n    raise CheckFailed('a', 'b')\n"
        "@pytest.mark.requirement('BKP-INPUT-012')\n"
        "def test_should(recorder):\n    recorder.check('BKP-INPUT-012', broken)\n"
        "@pytest.mark.requirement('BKP-INPUT-004')\n"
        "def test_must(recorder):\n    recorder.check('BKP-INPUT-004', broken)\n"
    )
    result = run(tmp_path, body)
    assert result.returncode == 1
    assert "1 failed, 1 passed" in result.stdout
    assert "test_must" in result.stdout and "Expected: a" in result.stdout
    assert "SHOULD requirements not met" in result.stdout and "BKP-INPUT-012" in result.stdout


def test_a_failure_seen_before_a_skip_fails_the_requirement(tmp_path: Path) -> None:
    """Hypothesis meets a failure, then the next example is skipped (the budget is spent):
    the test ends skipped, but the failure seen stays (issue 11)."""
    body = (
        "import json, pytest\n"
        "from hypothesis import given, strategies as st\n"
        "from vcsa_conformance.suite.judge.recorder import CheckFailed\n"
        "def broken():\n    raise CheckFailed('a', 'b')\n"
        "@pytest.mark.requirement('BKP-INPUT-004')\n"
        "@given(st.integers())\n"
        "def test_must(recorder, n):\n"
        "    if recorder.failures:\n        pytest.skip('the budget is spent')\n"
        "    recorder.check('BKP-INPUT-004', broken)\n"
        "def test_zz_report(recorder):\n"
        "    open('failures.json', 'w').write(json.dumps(sorted(recorder.failures)))\n"
    )
    result = run(
        tmp_path,
        body.replace(
            "def test_zz_report", "@pytest.mark.requirement('BKP-INPUT-005')\ndef test_zz_report"
        ),
    )
    assert "1 skipped" in result.stdout, result.stdout
    assert (tmp_path / "failures.json").read_text() == '["BKP-INPUT-004"]'
