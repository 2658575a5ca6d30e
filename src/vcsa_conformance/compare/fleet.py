"""``vcsa-conformance merge``: one fleet report from the runs of many appliances.

Appliances x requirements: each appliance's verdict, version and build, each requirement's
status on each appliance, and totals. Fan-out belongs to the CI system: ``run`` stays one
appliance per process, and this step reads the ``conformance.json`` files they wrote.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import cached_property
from html import escape
from pathlib import Path

from vcsa_conformance.errors import VcsaConformanceError
from vcsa_conformance.reports.json_report import FILENAME, ReportError, read
from vcsa_conformance.reports.markdown import cell
from vcsa_conformance.reports.summary import status_label
from vcsa_conformance.results import RequirementResult, RunResult

_ICONS = {"pass": "✅", "fail": "❌", "skip": "⏭️", "known": "☑️", "absent": "—"}


class FleetError(VcsaConformanceError, ValueError):
    """Raised when the inputs of a merge cannot make a fleet report."""


@dataclass(frozen=True)
class Appliance:
    """One appliance's run, with the label that names it in the fleet report."""

    label: str
    run: RunResult

    def status(self, requirement_id: str) -> str:
        """pass, fail, skip, known (a failure its baseline accepts) or absent."""
        item = self._by_id.get(requirement_id)
        return "absent" if item is None else status_label(item)

    @cached_property
    def _by_id(self) -> dict[str, RequirementResult]:
        return {item.id: item for item in self.run.requirements}


def reports(paths: list[Path]) -> list[Path]:
    """The report files the arguments name: files as given, every conformance.json below a
    directory; FleetError when an argument names nothing."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            inside = sorted(path.rglob(FILENAME))
            if not inside:
                raise FleetError(f"{str(path)!r} holds no {FILENAME}")
            found += inside
        elif path.is_file():
            found.append(path)
        else:
            raise FleetError(f"{str(path)!r} does not exist (give report files or directories)")
    return found


def load(paths: list[Path]) -> list[Appliance]:
    """Each report as an appliance, labelled by its directory; FleetError for a report that
    cannot be read or that judges another contract version than the others."""
    appliances = []
    for path in reports(paths):
        try:
            run = read(path)
        except ReportError as error:
            raise FleetError(str(error)) from None
        appliances.append(Appliance(path.parent.name or str(path.parent), run))
    versions = sorted({a.run.spec_version for a in appliances})
    if len(versions) > 1:
        raise FleetError(
            f"the reports judge different contract versions ({', '.join(versions)}); merge "
            "runs of one vcsa-conformance version"
        )
    labels = Counter(a.label for a in appliances)
    return [
        Appliance(f"{a.label} ({i})", a.run) if labels[a.label] > 1 else a
        for i, a in enumerate(appliances, start=1)
    ]


def _requirements(appliances: list[Appliance]) -> list[RequirementResult]:
    seen: dict[str, RequirementResult] = {}
    for appliance in appliances:
        for item in appliance.run.requirements:
            seen.setdefault(item.id, item)
    return list(seen.values())


def totals_line(appliances: list[Appliance]) -> str:
    """``N appliances: 2 conformant, 1 non-conformant``."""
    verdicts = Counter(a.run.verdict for a in appliances)
    parts = ", ".join(f"{count} {verdict}" for verdict, count in sorted(verdicts.items()))
    return f"{len(appliances)} appliance(s): {parts}"


def markdown(appliances: list[Appliance]) -> str:
    """The fleet as Markdown: a row per appliance, then requirements x appliances."""
    lines = [f"# Fleet: {totals_line(appliances)}", ""]
    lines += ["| appliance | verdict | version | build | target | passed | failed | skipped |"]
    lines += ["| --- | --- | --- | --- | --- | ---: | ---: | ---: |"]
    for a in appliances:
        c = Counter(r.status for r in a.run.requirements)
        lines.append(
            f"| {cell(a.label)} | {a.run.verdict} | {cell(a.run.appliance.version)} "
            f"| {cell(a.run.appliance.build)} | {cell(a.run.target)} | {c['pass']} "
            f"| {c['fail']} | {c['skip']} |"
        )
    lines += ["", "| requirement | level | " + " | ".join(cell(a.label) for a in appliances)]
    lines[-1] += " | failing |"
    lines.append("| --- | --- | " + "--- | " * len(appliances) + "---: |")
    for item in _requirements(appliances):
        statuses = [a.status(item.id) for a in appliances]
        cells = " | ".join(_ICONS[s] for s in statuses)
        lines.append(
            f"| {item.id} {cell(item.title)} | {item.level} | {cells} | {statuses.count('fail')} |"
        )
    lines += ["", "✅ pass · ❌ fail · ☑️ known deviation (baseline) · ⏭️ not checked · — absent"]
    return "\n".join(lines) + "\n"


def html(appliances: list[Appliance]) -> str:
    """The fleet as one self-contained page."""
    head = "".join(f"<th>{escape(a.label)}</th>" for a in appliances)
    facts = "".join(
        f"<tr><th>{escape(a.label)}</th><td class='{escape(a.run.verdict)}'>"
        f"{escape(a.run.verdict)}</td><td>{escape(a.run.appliance.version)}</td>"
        f"<td>{escape(a.run.appliance.build)}</td><td>{escape(a.run.target)}</td></tr>"
        for a in appliances
    )
    rows = []
    for item in _requirements(appliances):
        statuses = [a.status(item.id) for a in appliances]
        cells = "".join(f"<td class='{s}'>{escape(s)}</td>" for s in statuses)
        rows.append(
            f"<tr><th title='{escape(item.title)}'>{escape(item.id)}</th><td>{item.level}</td>"
            f"{cells}<td>{statuses.count('fail')}</td></tr>"
        )
    return (
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
        f"<title>vcsa-conformance fleet</title><style>{_CSS}</style></head><body>"
        f"<h1>Fleet: {escape(totals_line(appliances))}</h1>"
        "<table><thead><tr><th>appliance</th><th>verdict</th><th>version</th><th>build</th>"
        f"<th>target</th></tr></thead><tbody>{facts}</tbody></table>"
        f"<table><thead><tr><th>requirement</th><th>level</th>{head}<th>failing</th></tr>"
        f"</thead><tbody>{''.join(rows)}</tbody></table></body></html>\n"
    )


def write(appliances: list[Appliance], out: Path) -> list[Path]:
    """``fleet.md`` and ``fleet.html`` in ``out`` (created if needed)."""
    out.mkdir(parents=True, exist_ok=True)
    written = [out / "fleet.md", out / "fleet.html"]
    written[0].write_text(markdown(appliances), "utf-8")
    written[1].write_text(html(appliances), "utf-8")
    return written


_CSS = (
    "body{font:14px system-ui,sans-serif;margin:1.5rem}table{border-collapse:collapse;"
    "margin:1rem 0}th,td{border:1px solid #d0d7de;padding:.25rem .5rem;text-align:left}"
    ".pass,.conformant{background:#dafbe1}.fail,.non-conformant{background:#ffebe9}"
    ".skip,.incomplete,.absent{background:#f6f8fa}.known{background:#fff8c5}"
)
