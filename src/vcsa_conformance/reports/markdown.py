"""``conformance.md``: a GitHub-flavoured summary fit for ``$GITHUB_STEP_SUMMARY``.

Verdict first, then counts by level, the baseline's accepted deviations (with
``--baseline``), what did not pass, then everything. Cells are
escaped so that a ``|``, a newline or markup in a received body cannot break the table.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

from vcsa_conformance.reports.summary import (
    DEVIATION_STATES,
    LEVELS,
    appliance_fact,
    baseline_fact,
    bounds_facts,
    counts,
    headline,
    not_passed,
    plain_counts,
    reason,
    shorten,
    status_label,
)
from vcsa_conformance.results import RunResult

FILENAME = "conformance.md"
CELL_LIMIT = 300  # characters per cell; the full text is in the HTML and JSON reports
_ICONS = {"conformant": "✅", "non-conformant": "❌", "incomplete": "⏸️", "error": "⚠️"}
_STATUS = {"pass": "✅ pass", "fail": "❌ fail", "skip": "⏭️ skip", "known": "☑️ known"}
_MARKUP = re.compile(r"([\\`*_\[\]|~])")


def render(result: RunResult) -> str:
    """The report's text."""
    lines = [f"# {_ICONS[result.verdict]} {cell(headline(result), limit=None)}", ""]
    lines += [_facts(result), ""]
    if result.bounds is not None:
        lines += [" · ".join(cell(str(fact), limit=None) for fact in bounds_facts(result)), ""]
    if result.requirements:
        lines += _counts_table(result)
        lines += _baseline_table(result)
        lines += _not_passed_table(result)
        lines += _all_table(result)
    else:
        lines += ["No requirement was checked.", ""]
    lines.append(plain_counts(result))
    return "\n".join(lines) + "\n"


def write(result: RunResult, report_dir: Path) -> Path:
    """Write ``conformance.md`` into ``report_dir`` and return its path."""
    path = report_dir / FILENAME
    path.write_text(render(result), encoding="utf-8")
    return path


def cell(text: str, limit: int | None = CELL_LIMIT) -> str:
    """Text safe inside a table cell: one line, markup and HTML escaped, long text cut."""
    text = " ".join(text.split())
    if limit is not None:
        text = shorten(text, limit)
    return _MARKUP.sub(r"\\\1", html.escape(text, quote=False))


def _facts(result: RunResult) -> str:
    facts = [
        f"Target {cell(result.target)}",
        cell(str(appliance_fact(result))),
        f"profile {cell(result.profile)}",
        f"{result.duration_s:.1f} s",
        f"{result.requests} requests",
        f"{result.coverage.cases} cases",
        f"started {cell(result.started)}",
        f"vcsa-conformance {cell(result.tool_version)}",
        f"API spec {cell(result.spec_version)}",
    ]
    return " · ".join(facts)


def _counts_table(result: RunResult) -> list[str]:
    table = counts(result)
    lines = ["| Level | Passed | Failed | Skipped |", "| --- | ---: | ---: | ---: |"]
    for level in (*LEVELS, "total"):
        row = table[level]
        name = "**Total**" if level == "total" else level
        lines.append(f"| {name} | {row['pass']} | {row['fail']} | {row['skip']} |")
    return [*lines, ""]


def _baseline_table(result: RunResult) -> list[str]:
    if (baseline := baseline_fact(result)) is None:
        return []
    lines = [
        f"## {cell(str(baseline), limit=None)}",
        "",
        "Known deviations are reported with their evidence and do not fail the verdict; an "
        "expired entry counts as a failure again.",
        "",
        "| Requirement | Level | State | Expires | Reason |",
        "| --- | --- | --- | --- | --- |",
    ]
    for item in result.requirements:
        if (deviation := item.deviation) is not None:
            lines.append(
                f"| {cell(item.id)} | {item.level} | {DEVIATION_STATES[deviation.state]} "
                f"| {cell(deviation.expires or '—')} | {cell(deviation.reason)} |"
            )
    return [*lines, ""]


def _not_passed_table(result: RunResult) -> list[str]:
    rows = list(not_passed(result))
    if not rows:
        return ["Every requirement passed.", ""]
    lines = [
        f"## Failed and skipped ({len(rows)})",
        "",
        "| Requirement | Level | Title | Status | Reason |",
        "| --- | --- | --- | --- | --- |",
    ]
    for item in rows:
        lines.append(
            f"| {cell(item.id)} | {item.level} | {cell(item.title)} "
            f"| {_STATUS[status_label(item)]} | {cell(reason(item))} |"
        )
    return [*lines, ""]


def _all_table(result: RunResult) -> list[str]:
    lines = [
        f"## All requirements ({len(result.requirements)})",
        "",
        "| Requirement | Level | Area | Title | Status | Checks |",
        "| --- | --- | --- | --- | --- | ---: |",
    ]
    lines += [
        f"| {cell(item.id)} | {item.level} | {cell(item.area)} | {cell(item.title)} "
        f"| {_STATUS[status_label(item)]} | {item.checks} |"
        for item in result.requirements
    ]
    return [*lines, ""]
