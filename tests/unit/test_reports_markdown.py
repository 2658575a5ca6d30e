"""conformance.md: verdict first, counts, what did not pass, then everything; safe cells."""

from __future__ import annotations

import re
from pathlib import Path

from vcsa_conformance.reports import json_report, markdown

DATA = Path(__file__).parent / "data"


def _render(name: str) -> str:
    return markdown.render(json_report.load(DATA / f"run_{name}.json"))


def test_verdict_line_comes_first() -> None:
    assert _render("fail").startswith("# ❌ Non-conformant: 3 MUST requirements failed\n")
    assert _render("pass").startswith("# ✅ Conformant: every MUST requirement was checked and")
    assert _render("skip").startswith("# ⏸️ Incomplete: no MUST requirement failed, but 17")
    assert _render("error").startswith("# ⚠️ Could not run: TargetUnreachable:")


def test_sections_in_order_and_plain_counts_last() -> None:
    text = _render("fail")
    counts, problems, everything = (
        text.index("| Level | Passed"),
        text.index("## Failed and skipped (5)"),
        text.index("## All requirements (45)"),
    )
    assert counts < problems < everything
    assert text.rstrip().endswith("40 passed, 4 failed, 1 skipped")


def test_pipes_and_newlines_cannot_break_a_table_row() -> None:
    assert markdown.cell("a | b\nc") == "a \\| b c"
    row = next(line for line in _render("fail").splitlines() if "BKP-INPUT-012 |" in line)
    assert len(re.findall(r"(?<!\\)\|", row)) == 6  # five cells; pipes in the reason escaped
    assert "NFS\\|SFTP" in row


def test_markup_is_escaped() -> None:
    assert markdown.cell("<b>x</b> *y* _z_") == "&lt;b&gt;x&lt;/b&gt; \\*y\\* \\_z\\_"


def test_long_cells_are_cut() -> None:
    assert len(markdown.cell("x" * 1000)) == markdown.CELL_LIMIT


def test_error_run_says_nothing_was_checked() -> None:
    text = _render("error")
    assert "No requirement was checked." in text
    assert "## All requirements" not in text


def test_unchecked_must_requirements_are_counted_in_the_verdict_line() -> None:
    first = _render("skip").splitlines()[0]
    assert first.endswith("but 17 MUST requirements were not checked")


def test_the_bounds_line_names_the_budget_and_every_wait() -> None:
    line = _render("skip").splitlines()[4]
    assert line.startswith("Backups: 1 backup started, of --max-backups 1; 0 jobs left running")
    for bound in ("--time-limit 900 s", "--busy-wait 300 s", "--job-wait 300 s", "cleanup 60 s"):
        assert bound in line
