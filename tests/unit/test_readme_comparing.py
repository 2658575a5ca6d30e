"""The README's "Comparing runs" example runs as written and does what the README says.

The shell block after the ``comparing-runs`` marker is run with bash in an empty directory,
as a newcomer would paste it: three runs against the embedded mock, a ``diff``, a run with
``--baseline``, a fourth run and a ``merge``. Its ``echo`` lines print each exit code.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

README = Path(__file__).parents[2] / "README.md"
MARKER = "<!-- comparing-runs:"


def example() -> str:
    """The first ```sh block after the marker."""
    text = README.read_text("utf-8")
    after = text[text.index(MARKER) :]
    match = re.search(r"```sh\n(.*?)```", after, re.DOTALL)
    assert match, "no ```sh block after the comparing-runs marker in README.md"
    return match.group(1)


@pytest.fixture(scope="module")
def ran(tmp_path_factory: pytest.TempPathFactory) -> tuple[subprocess.CompletedProcess[str], Path]:
    bash = shutil.which("bash")
    if bash is None:
        pytest.skip("bash is needed to run the README's shell example")
    where = tmp_path_factory.mktemp("comparing")
    env = {k: v for k, v in os.environ.items() if not k.startswith("VCSA_")}
    # The interpreter's own scripts first: the vcsa-conformance installed with it.
    env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", "")
    done = subprocess.run(
        [bash, "-c", example()], cwd=where, env=env, capture_output=True, text=True, timeout=600
    )
    return done, where


def test_the_exit_codes_are_the_ones_the_comments_promise(
    ran: tuple[subprocess.CompletedProcess[str], Path],
) -> None:
    done, _ = ran
    assert "after: exit code 1" in done.stdout, done.stdout[-3000:] + done.stderr[-3000:]
    assert "diff: exit code 1" in done.stdout
    assert "accepted: exit code 0" in done.stdout
    assert done.returncode == 0, done.stderr[-3000:]  # the last command, merge
    assert "Traceback" not in done.stderr


def test_diff_names_the_regression(ran: tuple[subprocess.CompletedProcess[str], Path]) -> None:
    done, where = ran
    assert "REGRESSION new failure: MUST BKP-INPUT-004" in done.stdout
    assert "1 regression(s), 1 change(s)" in done.stdout
    assert "| **new failure** | MUST | BKP-INPUT-004" in (where / "diff.md").read_text("utf-8")


def test_the_baseline_marks_the_failure_known(
    ran: tuple[subprocess.CompletedProcess[str], Path],
) -> None:
    _, where = ran
    report = json.loads((where / "accepted/vcsa01/conformance.json").read_text("utf-8"))
    assert report["verdict"] == "conformant" and report["baseline"] == "baseline.yaml"
    item = next(r for r in report["requirements"] if r["id"] == "BKP-INPUT-004")
    assert item["status"] == "fail" and item["failures"]
    assert item["deviation"]["state"] == "known"
    assert item["deviation"]["expires"] == "2027-06-30"
    assert "known" in (where / "accepted/vcsa01/conformance.md").read_text("utf-8")


def test_the_fleet_and_the_archive_are_written(
    ran: tuple[subprocess.CompletedProcess[str], Path],
) -> None:
    _, where = ran
    fleet = (where / "fleet/fleet.md").read_text("utf-8")
    assert "| vcsa01 | non-conformant |" in fleet
    assert "| vcsa02 | conformant |" in fleet
    assert (where / "fleet/fleet.html").is_file()
    har = json.loads((where / "after/vcsa01/exchanges.har").read_text("utf-8"))
    assert len(har["log"]["entries"]) > 100
