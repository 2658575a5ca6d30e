"""Every report format, rendered from recorded runs, pinned against checked-in snapshots.

The recorded runs (tests/unit/data/run_*.json) fix every volatile value (times, ports, ids),
so a snapshot changes only when a writer does. To accept an intended change, regenerate
them with ``UPDATE_SNAPSHOTS=1 python -m pytest tests/unit/test_reports_snapshots.py`` and
review the diff.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from vcsa_conformance.reports import WRITERS, json_report, write_all

DATA = Path(__file__).parent / "data"
SNAPSHOTS = Path(__file__).parent / "snapshots"
RUNS = ("pass", "fail", "skip", "error", "known")
UPDATE = os.environ.get("UPDATE_SNAPSHOTS") == "1"


@pytest.mark.parametrize("run", RUNS)
@pytest.mark.parametrize("filename", [writer.FILENAME for writer in WRITERS])
def test_report_matches_snapshot(run: str, filename: str, tmp_path: Path) -> None:
    write_all(json_report.load(DATA / f"run_{run}.json"), tmp_path)
    rendered = (tmp_path / filename).read_text("utf-8")
    snapshot = SNAPSHOTS / run / filename
    if UPDATE:
        snapshot.parent.mkdir(parents=True, exist_ok=True)
        snapshot.write_text(rendered, encoding="utf-8")
    assert snapshot.is_file(), f"no snapshot {snapshot}: run with UPDATE_SNAPSHOTS=1"
    assert rendered == snapshot.read_text("utf-8"), (
        f"{run}/{filename} differs from its snapshot; if intended, regenerate with "
        "UPDATE_SNAPSHOTS=1 and review the diff"
    )
