"""``vcsa-conformance diff`` and ``merge``: exit codes, output files, one-line input errors."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from vcsa_conformance.cli.main import main

DATA = Path(__file__).parent / "data"


def _report(tmp_path: Path, name: str, where: str | None = None) -> Path:
    folder = tmp_path / (where or name)
    folder.mkdir(parents=True, exist_ok=True)
    return Path(shutil.copy(DATA / f"run_{name}.json", folder / "conformance.json"))


@pytest.mark.parametrize(("old", "new", "code"), [("pass", "fail", 1), ("fail", "pass", 0)])
def test_diff_exits_1_on_a_regression_and_0_otherwise(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], old: str, new: str, code: int
) -> None:
    out = tmp_path / "out" / "diff.md"
    args = ["diff", str(_report(tmp_path, old)), str(_report(tmp_path, new)), "--out", str(out)]
    assert main(args) == code
    printed = capsys.readouterr().out
    assert printed.startswith(f"old: {'conformant' if old == 'pass' else 'non-conformant'}")
    assert ("REGRESSION new failure: MUST BKP-INPUT-004" in printed) == (code == 1)
    assert f"written: {out}" in printed
    assert out.read_text("utf-8").startswith("# ❌" if code else "# ✅")


def test_diff_refuses_reports_of_different_contract_versions(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old, new = _report(tmp_path, "pass", "a"), _report(tmp_path, "pass", "b")
    data = json.loads(new.read_text("utf-8"))
    new.write_text(json.dumps(data | {"spec_version": "7.0.3"}), "utf-8")
    assert main(["diff", str(old), str(new)]) == 2
    error = capsys.readouterr().err.strip()
    assert error.startswith("vcsa-conformance: error: the reports judge different contract")
    assert len(error.splitlines()) == 1


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "does not exist"),
        ("not json", "is not JSON"),
        ('{"hello": "world"}', "is not a conformance report"),
        ('{"schema_version": 99, "requirements": []}', "has schema_version 99"),
    ],
)
def test_unreadable_input_is_one_line_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str | None, message: str
) -> None:
    bad = tmp_path / "bad.json"
    if content is not None:
        bad.write_text(content, "utf-8")
    good = str(_report(tmp_path, "pass"))
    for args in (["diff", good, str(bad)], ["merge", str(bad), "--out", str(tmp_path / "f")]):
        assert main(args) == 2
        error = capsys.readouterr().err.strip()
        assert message in error and len(error.splitlines()) == 1, error


def test_merge_writes_the_fleet_report(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _report(tmp_path / "fleet", "pass", "vc01")
    _report(tmp_path / "fleet", "fail", "vc02")
    out = tmp_path / "out"
    assert main(["merge", str(tmp_path / "fleet"), "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert printed.startswith("2 appliance(s): 1 conformant, 1 non-conformant")
    assert "| vc02 | non-conformant | 8.0.2.00000 | 24305161 |" in (out / "fleet.md").read_text()
    assert (out / "fleet.html").read_text("utf-8").startswith("<!DOCTYPE html>")


def test_merge_refuses_different_contract_versions_and_needs_out(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _report(tmp_path / "fleet", "pass", "vc01")
    other = _report(tmp_path / "fleet", "pass", "vc02")
    other.write_text(other.read_text("utf-8").replace('"8.0.2"', '"7.0.3"'), "utf-8")
    assert main(["merge", str(tmp_path / "fleet"), "--out", str(tmp_path / "out")]) == 2
    assert "different contract versions (7.0.3, 8.0.2)" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()
    with pytest.raises(SystemExit) as usage:
        main(["merge", str(tmp_path / "fleet")])
    assert usage.value.code == 2


def test_no_traceback_from_a_real_process(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "vcsa_conformance", "diff", "nope.json", "nope2.json"],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
    )
    assert done.returncode == 2
    assert done.stderr.strip() == "vcsa-conformance: error: 'nope.json' does not exist"
