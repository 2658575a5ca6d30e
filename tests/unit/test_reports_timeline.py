"""The run's timeline (issue 18): collected from the controller and the recorder on the run's
clock, kept in conformance.json, drawn as an inline SVG in conformance.html."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from vcsa_conformance.reports import html, json_report
from vcsa_conformance.reports.timeline_svg import COLOURS, svg
from vcsa_conformance.results import BackupSpan, FailureMark, Timeline, WaitSpan
from vcsa_conformance.suite.http.waits import Wait
from vcsa_conformance.suite.judge.recorder import Recorder
from vcsa_conformance.suite.run.timeline import timeline_of

DATA = Path(__file__).parent / "data"
T0 = 1000.0
ONE, TWO, THREE = "20261205-101158-24305161", "20261205-101203-24305161", "20261205-101204-24305161"


def _controller() -> Any:
    """Backup 1 planned and followed to SUCCEEDED; backup 2 a late create, cancelled."""
    ledger = SimpleNamespace(
        states={ONE: "SUCCEEDED", TWO: "FAILED"},
        created={
            ONE: SimpleNamespace(received_at=T0 + 2.0),
            TWO: SimpleNamespace(received_at=T0 + 7.0),
        },
        reads={
            ONE: [
                (T0 + 2.0, "INPROGRESS", 0),
                (T0 + 4.0, "INPROGRESS", 50),
                (T0 + 6.5, "SUCCEEDED", 100),
            ],
            TWO: [(T0 + 7.0, "INPROGRESS", 0), (T0 + 7.2, "FAILED", 2)],
        },
        cancelled={TWO: T0 + 7.1},
        kept=[ONE],
        late=[TWO],
    )
    ended = [
        (Wait("following backup", ONE, "--job-wait", T0 + 2.5, T0 + 300), T0 + 6.5),
        (Wait("the run's backups to stop", None, "--job-wait", T0 + 8, T0 + 300), T0 + 8.01),
    ]
    return SimpleNamespace(ledger=ledger, waits=SimpleNamespace(ended=ended))


def test_the_timeline_is_on_the_runs_clock_with_each_backups_story() -> None:
    recorder = Recorder()
    recorder.first_seen["BKP-JOB-004"] = T0 + 4.0
    timeline = timeline_of(recorder, _controller(), T0, 9.0)
    one, two = timeline.backups
    assert (one.kind, one.start_s, one.end_s, one.cancelled_s) == ("planned", 2.0, 6.5, None)
    assert one.progress == [(2.0, 0), (4.0, 50), (6.5, 100)]
    assert (two.kind, two.end_s, two.cancelled_s, two.state) == ("late", 7.2, 7.1, "FAILED")
    assert [w.what for w in timeline.waits] == ["following backup"]  # a 10 ms wait is not drawn
    assert timeline.failures == [FailureMark("BKP-JOB-004", 4.0)]


def _timeline() -> Timeline:
    return Timeline(
        duration_s=30.0,
        backups=[
            BackupSpan(ONE, "planned", 2.0, 6.5, None, "SUCCEEDED", [(2.0, 0), (6.5, 100)]),
            BackupSpan(TWO, "late", 7.0, 7.2, 7.1, "FAILED", [(7.0, 0), (7.2, 2)]),
            BackupSpan(THREE, "unplanned", 8.0, None, 8.1, "INPROGRESS", []),
        ],
        waits=[WaitSpan("following backup", ONE, "--job-wait", 2.5, 6.5)],
        failures=[FailureMark("BKP-JOB-004", 4.0)],
    )


def test_conformance_json_keeps_the_timeline() -> None:
    result = replace(json_report.load(DATA / "run_pass.json"), timeline=_timeline())
    data = json.loads(json_report.render(result))
    assert data["timeline"]["backups"][1]["kind"] == "late"
    assert json_report.from_dict(data).timeline == _timeline()
    assert json_report.load(DATA / "run_pass.json").timeline is None  # an older report


def test_the_svg_draws_every_backup_wait_and_failure_with_no_outside_reference() -> None:
    drawing = svg(_timeline())
    assert drawing.startswith('<svg class="timeline" role="img"')
    assert drawing.count("<rect") == 3 + 1 + len(COLOURS)  # backups, the wait, the legend
    for label in (
        "backup 1 (planned)",
        "backup 2 (late)",
        "backup 3 (unplanned)",
        "SUCCEEDED 100%",
    ):
        assert label in drawing
    assert f"backup {THREE} (unplanned): created at 8.0 s, never seen ended" in drawing
    assert 'stroke-dasharray="4 3"' in drawing  # the one never seen ended
    assert "BKP-JOB-004 first seen broken at 4.0 s" in drawing
    assert "<script" not in drawing and "href" not in drawing and "@import" not in drawing


def test_the_page_shows_the_timeline_only_when_the_run_has_one(tmp_path: Path) -> None:
    result = json_report.load(DATA / "run_pass.json")
    assert 'id="timeline"' not in html.render(result)
    page = html.render(replace(result, timeline=_timeline()))
    assert '<section class="timeline" id="timeline"><h2>Timeline</h2>' in page
