"""``merge``: many appliances' reports as one fleet report (Markdown and HTML)."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from vcsa_conformance.compare import fleet
from vcsa_conformance.reports import json_report
from vcsa_conformance.results import ApplianceVersion

DATA = Path(__file__).parent / "data"


def _fleet(tmp_path: Path, **runs: str) -> Path:
    """A directory with one sub-directory per appliance, each holding a conformance.json."""
    root = tmp_path / "fleet"
    for label, run in runs.items():
        (root / label).mkdir(parents=True)
        shutil.copy(DATA / f"run_{run}.json", root / label / json_report.FILENAME)
    return root


def test_each_appliance_is_a_column_labelled_by_its_directory(tmp_path: Path) -> None:
    appliances = fleet.load([_fleet(tmp_path, vc01="pass", vc02="fail", vc03="skip")])
    assert [a.label for a in appliances] == ["vc01", "vc02", "vc03"]
    page = fleet.markdown(appliances)
    assert page.startswith("# Fleet: 3 appliance(s): 1 conformant, 1 incomplete, 1 non-conformant")
    row = next(line for line in page.splitlines() if line.startswith("| BKP-INPUT-004 "))
    assert row.endswith("| MUST | ✅ | ❌ | ✅ | 1 |")


def test_the_version_and_build_of_each_appliance_are_shown(tmp_path: Path) -> None:
    root = _fleet(tmp_path, vc01="pass")
    run = json_report.load(root / "vc01" / json_report.FILENAME)
    version = ApplianceVersion("8.0.2.00100", "22617221", "VMware vCenter Server")
    json_report.write(replace(run, appliance=version), root / "vc01")
    appliances = fleet.load([root])
    assert "| vc01 | conformant | 8.0.2.00100 | 22617221 |" in fleet.markdown(appliances)
    assert "<td>8.0.2.00100</td><td>22617221</td>" in fleet.html(appliances)


def test_files_and_directories_can_be_mixed_and_same_labels_are_told_apart(
    tmp_path: Path,
) -> None:
    root = _fleet(tmp_path, a="pass")
    other = tmp_path / "b" / "a"
    other.mkdir(parents=True)
    shutil.copy(DATA / "run_fail.json", other / json_report.FILENAME)
    appliances = fleet.load([root, other / json_report.FILENAME])
    assert [a.label for a in appliances] == ["a (1)", "a (2)"]


def test_write_makes_markdown_and_well_formed_html(tmp_path: Path) -> None:
    appliances = fleet.load([_fleet(tmp_path, vc01="pass", vc02="fail")])
    written = fleet.write(appliances, tmp_path / "out")
    assert [p.name for p in written] == ["fleet.md", "fleet.html"]
    html = written[1].read_text("utf-8")
    rows = 1 + len(appliances) + 1 + len(appliances[0].run.requirements)  # two tables
    assert html.count("<tr>") == rows
    assert "<td class='fail'>fail</td>" in html


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        ("missing", "does not exist"),
        ("empty-dir", "holds no conformance.json"),
        ("not-json", "is not JSON"),
        ("not-a-report", "not a conformance report"),
    ],
)
def test_bad_inputs_are_one_clear_error(tmp_path: Path, setup: str, message: str) -> None:
    target = tmp_path / "input"
    if setup == "empty-dir":
        target.mkdir()
    elif setup == "not-json":
        target.write_text("<html>", "utf-8")
    elif setup == "not-a-report":
        target.write_text('{"log": {}}', "utf-8")
    with pytest.raises(fleet.FleetError, match=message):
        fleet.load([target])


def test_reports_of_different_contract_versions_are_refused(tmp_path: Path) -> None:
    root = _fleet(tmp_path, vc01="pass", vc02="pass")
    run = json_report.load(root / "vc02" / json_report.FILENAME)
    json_report.write(replace(run, spec_version="7.0.3"), root / "vc02")
    with pytest.raises(fleet.FleetError, match=r"different contract versions \(7\.0\.3, 8\.0\.2\)"):
        fleet.load([root])


def test_a_known_deviation_is_its_own_mark(tmp_path: Path) -> None:
    from datetime import date

    from vcsa_conformance.compare.baseline import Accepted, apply

    root = _fleet(tmp_path, vc01="fail")
    run = json_report.load(root / "vc01" / json_report.FILENAME)
    known = apply(run, [Accepted("BKP-INPUT-004", "r")], "b.yaml", date(2026, 11, 30))
    json_report.write(known, root / "vc01")
    page = fleet.markdown(fleet.load([root]))
    row = next(line for line in page.splitlines() if line.startswith("| BKP-INPUT-004 "))
    assert row.endswith("| MUST | ☑️ | 0 |")
