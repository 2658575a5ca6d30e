"""``conformance.html``: one self-contained page for people.

Verdict banner, run facts, counts, requirements by area with status colours, every failure
in a ``<details>`` (Expected/Received, the request as curl, the response, the reproduction),
and the coverage of operations x documented status codes. No network: CSS and the few lines
of JS (open a failure named in the URL) are inlined from ``page.css`` and ``page.js``; the
page reads fully with JS off. Every value goes through ``html.escape``.
"""

from __future__ import annotations

from collections import Counter
from functools import cache
from html import escape
from importlib.resources import files
from pathlib import Path

from vcsa_conformance.reports import timeline_svg
from vcsa_conformance.reports.curl import to_curl
from vcsa_conformance.reports.summary import (
    LEVELS,
    SHOWN_FAILURES,
    STATUSES,
    VERDICT_TITLES,
    appliance_fact,
    baseline_fact,
    bounds_facts,
    by_area,
    counts,
    deviation_line,
    failure_line,
    more_failures,
    not_passed,
    operations,
    plain_counts,
    plural,
    reason,
    requirement_text,
    response_text,
    shorten,
    status_label,
    verdict_sentence,
)
from vcsa_conformance.results import Coverage, Failure, RequirementResult, RunResult

FILENAME = "conformance.html"
SUMMARY_LIMIT = 160  # characters of a failure's one-line summary


def render(result: RunResult) -> str:
    """The page's text."""
    title = f"vcsa-conformance: {VERDICT_TITLES[result.verdict]}"
    body = [_banner(result), "<main>", _facts(result)]
    if result.requirements:
        body += [_counts(result), _attention(result), _timeline(result), _areas(result)]
        body += [_coverage(result)]
    body += ["</main>", _footer(result)]
    return "\n".join(
        [
            "<!DOCTYPE html>",
            '<html lang="en">',
            "<head>",
            '<meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f"<title>{_e(title)}</title>",
            f"<style>\n{_asset('page.css')}</style>",
            "</head>",
            "<body>",
            *(part for part in body if part),
            f"<script>\n{_asset('page.js')}</script>",
            "</body>",
            "</html>",
            "",
        ]
    )


def write(result: RunResult, report_dir: Path) -> Path:
    """Write ``conformance.html`` into ``report_dir`` and return its path."""
    path = report_dir / FILENAME
    path.write_text(render(result), encoding="utf-8")
    return path


@cache
def _asset(name: str) -> str:
    return files(__package__).joinpath(name).read_text("utf-8")


def _e(value: object) -> str:
    return escape(str(value), quote=True)


def _banner(result: RunResult) -> str:
    return (
        f'<header class="banner verdict-{_e(result.verdict)}">'
        f'<p class="verdict">{_e(VERDICT_TITLES[result.verdict])}</p>'
        f'<p class="reason">{_e(verdict_sentence(result))}</p>'
        f'<p class="tally">{_e(plain_counts(result))}</p></header>'
    )


def _facts(result: RunResult) -> str:
    appliance = appliance_fact(result)
    facts = {
        "Target": result.target,
        appliance.label: appliance.value,
        "Started": result.started,
        "Duration": f"{result.duration_s:.1f} s",
        "Profile": result.profile,
        "Requests": result.requests,
        "Cases": result.coverage.cases,
        "Tool": f"vcsa-conformance {result.tool_version}",
        "API spec": result.spec_version,
    }
    facts |= {fact.label: fact.value for fact in bounds_facts(result)}
    if (baseline := baseline_fact(result)) is not None:
        facts[baseline.label] = baseline.value
    items = "".join(f"<div><dt>{_e(k)}</dt><dd>{_e(v)}</dd></div>" for k, v in facts.items())
    return f'<section class="facts"><h2>Run</h2><dl>{items}</dl></section>'


def _counts(result: RunResult) -> str:
    table = counts(result)
    head = "".join(f'<th class="num {s}">{_e(s)}</th>' for s in STATUSES)
    rows = []
    for level in (*LEVELS, "total"):
        cells = "".join(f'<td class="num">{table[level][s]}</td>' for s in STATUSES)
        rows.append(
            f"<tr><th>{_e(level.capitalize() if level == 'total' else level)}</th>{cells}</tr>"
        )
    links = "".join(
        f'<li><a href="#area-{_slug(area)}">{_e(area)}</a> {_tally(items)}</li>'
        for area, items in by_area(result).items()
    )
    return (
        '<section class="counts"><h2>Requirements</h2>'
        f"<table><thead><tr><th>Level</th>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
        f'<nav aria-label="Areas"><ul class="areas">{links}</ul></nav>'
        f"{_hint(result)}</section>"
    )


def _hint(result: RunResult) -> str:
    if not any(item.failures for item in result.requirements):
        return ""
    return (
        '<p class="hint"><button type="button" id="expand-all" hidden>Expand all failures</button>'
        " Each failure opens to show the request as curl and the response received.</p>"
    )


def _attention(result: RunResult) -> str:
    items = list(not_passed(result))
    if not items:
        return ""
    rows = []
    for item in items:
        anchor = f"fail-{item.id}-1" if item.failures else item.id
        label = status_label(item)
        rows.append(
            f'<li><span class="pill {label}">{_e(label)}</span> '
            f'<span class="level {item.level.lower()}">{_e(item.level)}</span> '
            f'<a href="#{_e(anchor)}"><code>{_e(item.id)}</code> {_e(item.title)}</a>'
            f'<br><span class="why">{_e(shorten(reason(item), SUMMARY_LIMIT))}</span></li>'
        )
    return (
        f'<section class="attention"><h2>Failed and skipped ({len(items)})</h2>'
        f"<ul>{''.join(rows)}</ul></section>"
    )


def _tally(items: list[RequirementResult]) -> str:
    tally = Counter(status_label(item) for item in items)
    return " ".join(
        f'<span class="pill {status}">{tally[status]} {status}</span>'
        for status in (*STATUSES, "known")
        if tally[status]
    )


def _areas(result: RunResult) -> str:
    sections = [
        f'<section class="area" id="area-{_slug(area)}"><h3>{_e(area)} {_tally(items)}</h3>'
        + "".join(_requirement(item) for item in items)
        + "</section>"
        for area, items in by_area(result).items()
    ]
    return (
        '<section class="requirements"><h2>Requirements by area</h2>'
        + "".join(sections)
        + "</section>"
    )


def _requirement(item: RequirementResult) -> str:
    label, text = status_label(item), requirement_text(item.id)
    parts = [
        f'<article class="req {label}" id="{_e(item.id)}"><header>',
        f'<span class="pill {label}">{_e(label)}</span>',
        f'<span class="level {item.level.lower()}">{_e(item.level)}</span>',
        f'<code class="id">{_e(item.id)}</code>',
        f'<span class="title" title="{_e(text)}">{_e(item.title)}</span>',
        f'<span class="checks">{_e(plural(item.checks, "check"))}</span></header>',
    ]
    if text and item.status != "pass":  # passing requirements stay one line; text on hover
        parts.append(f'<p class="text">{_e(text)}</p>')
    if item.deviation is not None:
        parts.append(f'<p class="deviation">Baseline: {_e(deviation_line(item))}</p>')
    if item.status == "skip":
        parts.append(
            f'<p class="skip-reason">Skipped: {_e(item.skip_reason or "no reason given")}</p>'
        )
    shown = item.failures[:SHOWN_FAILURES]
    parts += [_failure(item.id, n, f) for n, f in enumerate(shown, start=1)]
    if more := more_failures(item):
        parts.append(f'<p class="more">{_e(more)}</p>')
    parts.append("</article>")
    return "".join(parts)


def _failure(requirement_id: str, number: int, failure: Failure) -> str:
    parts = [
        f'<details class="failure" id="fail-{_e(requirement_id)}-{number}">',
        f"<summary>{_e(shorten(failure_line(failure), SUMMARY_LIMIT))}</summary>",
        '<dl class="expect">',
        f"<dt>Expected</dt><dd>{_e(failure.expected)}</dd>",
        f"<dt>Received</dt><dd>{_e(failure.received)}</dd></dl>",
    ]
    if failure.request is not None:
        parts.append(f'<h4>Request</h4><pre class="code">{_e(to_curl(failure.request))}</pre>')
    if failure.response is not None:
        parts.append(
            f'<h4>Response</h4><pre class="code">{_e(response_text(failure.response))}</pre>'
        )
    extra = {"Check": failure.check, "Test": failure.test, "Reproduction": failure.reproduction}
    rows = "".join(f"<dt>{_e(k)}</dt><dd><code>{_e(v)}</code></dd>" for k, v in extra.items() if v)
    parts += [f'<dl class="repro">{rows}</dl>', "</details>"]
    return "".join(parts)


def _timeline(result: RunResult) -> str:
    """What happened on the appliance over the run (``timeline_svg``); nothing for a report
    written before there was a timeline."""
    if result.timeline is None:
        return ""
    return (
        '<section class="timeline" id="timeline"><h2>Timeline</h2>'
        "<p>The backups the run started, what it waited for and where it first saw each "
        "requirement broken; hover over a shape for its details.</p>"
        f'<div class="scroll">{timeline_svg.svg(result.timeline)}</div></section>'
    )


def _coverage(result: RunResult) -> str:
    coverage = result.coverage
    rows = "".join(_coverage_row(coverage, operation) for operation in operations(coverage))
    table = (
        "<table><thead><tr><th>Operation</th><th>Documented statuses seen</th>"
        f"<th>Status codes (times seen)</th></tr></thead><tbody>{rows}</tbody></table>"
        if rows
        else "<p>No operation was recorded.</p>"
    )
    return (
        '<section class="coverage" id="coverage"><h2>Coverage</h2>'
        f"<p>{coverage.cases} cases ran, {result.requests} requests were sent. "
        '<span class="code hit">seen</span> <span class="code miss">documented, never seen</span> '
        '<span class="code extra">seen, not documented</span></p>'
        f"{table}</section>"
    )


def _coverage_row(coverage: Coverage, operation: str) -> str:
    documented = coverage.documented.get(operation, [])
    seen = coverage.operations.get(operation, {})
    chips = []
    for code in documented:
        kind = "hit" if seen.get(code) else "miss"
        chips.append(f'<span class="code {kind}">{_e(code)} &times;{seen.get(code, 0)}</span>')
    for code in sorted(set(seen) - set(documented)):
        chips.append(f'<span class="code extra">{_e(code)} &times;{seen[code]}</span>')
    hit = sum(1 for code in documented if seen.get(code))
    return (
        f'<tr><td><code>{_e(operation)}</code></td><td class="num">{hit} of {len(documented)}</td>'
        f"<td>{' '.join(chips)}</td></tr>"
    )


def _footer(result: RunResult) -> str:
    body = ""
    if result.verdict == "error":
        body = "<p>No requirement was checked: the run could not start.</p>"
    return (
        f"<footer>{body}<p>vcsa-conformance {_e(result.tool_version)} · API spec "
        f"{_e(result.spec_version)} · masked values are shown as ********</p></footer>"
    )


def _slug(text: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in text.lower()).strip("-")
