"""``vcsa-conformance diff OLD NEW``: two runs compared requirement by requirement.

What changed, for each requirement both reports know:

- **new failure**: it fails in NEW and did not in OLD;
- **fixed**: it failed in OLD and passes in NEW;
- **newly not checked** / **newly checked**: it was checked in one run and not the other;
- **changed evidence**: it fails in both, but a check that failed in both saw another answer
  (another status or error_type).

NEW **regresses** against OLD when a MUST requirement got worse: it fails now and did not, or
it passed and is not checked now. SHOULD changes are shown and never regress.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from vcsa_conformance.errors import VcsaConformanceError
from vcsa_conformance.reports.markdown import cell
from vcsa_conformance.results import Failure, RequirementResult, RunResult

ABSENT = "absent"  # the requirement is not in that report (another tool version)
_WORSE = {("pass", "fail"), ("skip", "fail"), (ABSENT, "fail"), ("pass", "skip"), ("pass", ABSENT)}


class DiffError(VcsaConformanceError, ValueError):
    """Raised when two reports cannot be compared; the message says why."""


@dataclass(frozen=True)
class Change:
    """How one requirement differs between the two runs."""

    requirement_id: str
    level: str
    title: str
    kind: str  # new failure, fixed, newly not checked, newly checked, changed evidence
    old: str  # status in OLD (or "absent")
    new: str  # status in NEW (or "absent")
    detail: str = ""

    @property
    def regression(self) -> bool:
        """A MUST requirement that got worse."""
        return self.level == "MUST" and (self.old, self.new) in _WORSE


@dataclass(frozen=True)
class Diff:
    """Every change from OLD to NEW, in the catalogue's order."""

    old: RunResult
    new: RunResult
    changes: list[Change]

    @property
    def regressed(self) -> bool:
        """True when a MUST requirement got worse (exit code 1)."""
        return any(change.regression for change in self.changes)


def diff(old: RunResult, new: RunResult) -> Diff:
    """What changed from ``old`` to ``new``; DiffError when they judge different contracts."""
    if old.spec_version != new.spec_version:
        raise DiffError(
            f"the reports judge different contract versions ({old.spec_version} and "
            f"{new.spec_version}); compare runs of the same vcsa-conformance version"
        )
    before = {item.id: item for item in old.requirements}
    after = {item.id: item for item in new.requirements}
    order = [*after, *(rid for rid in before if rid not in after)]
    changes = [c for rid in order if (c := _change(before.get(rid), after.get(rid)))]
    return Diff(old, new, changes)


def _change(old: RequirementResult | None, new: RequirementResult | None) -> Change | None:
    known = new or old
    assert known is not None
    was = old.status if old else ABSENT
    now = new.status if new else ABSENT
    kind = _kind(was, now)
    detail = ""
    if kind is None and was == now == "fail" and old and new:
        detail = _evidence(old.failures, new.failures)
        kind = "changed evidence" if detail else None
    if kind is None:
        return None
    return Change(known.id, known.level, known.title, kind, was, now, detail)


def _kind(was: str, now: str) -> str | None:
    if now == "fail" and was != "fail":
        return "new failure"
    if was == "fail" and now == "pass":
        return "fixed"
    if was in ("pass", "fail") and now in ("skip", ABSENT):
        return "newly not checked"
    if was in ("skip", ABSENT) and now == "pass":
        return "newly checked"
    return None


def _evidence(old: list[Failure], new: list[Failure]) -> str:
    """What a check that failed in both runs answered differently (status, error_type)."""
    before = {f.check: _answer(f) for f in old}
    after = {f.check: _answer(f) for f in new}
    changed = [
        f"{check}: {before[check]} -> {after[check]}"
        for check in after
        if check in before and before[check] != after[check]
    ]
    return "; ".join(changed)


def _answer(failure: Failure) -> str:
    response = failure.response
    if response is None:
        return "no answer"
    try:
        body = json.loads(response.body or "")
    except ValueError:
        body = None
    kind = body.get("error_type") if isinstance(body, dict) else None
    return f"{response.status} {kind}" if isinstance(kind, str) else str(response.status)


def summary_lines(result: Diff) -> list[str]:
    """The terminal summary: the two runs, then one line per change; the last line says
    whether NEW regresses."""
    lines = [
        f"old: {result.old.verdict}, {result.old.target}, started {result.old.started}",
        f"new: {result.new.verdict}, {result.new.target}, started {result.new.started}",
    ]
    for change in result.changes:
        mark = "REGRESSION " if change.regression else ""
        extra = f" ({change.detail})" if change.detail else ""
        lines.append(
            f"  {mark}{change.kind}: {change.level} {change.requirement_id} {change.title}: "
            f"{change.old} -> {change.new}{extra}"
        )
    if not result.changes:
        lines.append("  no requirement changed")
    regressions = sum(change.regression for change in result.changes)
    lines.append(
        f"{regressions} regression(s), {len(result.changes)} change(s)"
        if regressions
        else f"no regression, {len(result.changes)} change(s)"
    )
    return lines


def markdown(result: Diff) -> str:
    """The same as a Markdown page (a CI job summary)."""
    head = "❌ NEW regresses against OLD" if result.regressed else "✅ No regression"
    lines = [
        f"# {head}",
        "",
        "| run | verdict | target | appliance | started |",
        "| --- | --- | --- | --- | --- |",
    ]
    for name, run in (("old", result.old), ("new", result.new)):
        appliance = f"{run.appliance.version} (build {run.appliance.build})"
        lines.append(
            f"| {name} | {run.verdict} | {cell(run.target)} | {cell(appliance)} | {run.started} |"
        )
    lines += ["", "| change | level | requirement | old | new | detail |"]
    lines.append("| --- | --- | --- | --- | --- | --- |")
    for change in result.changes:
        kind = f"**{change.kind}**" if change.regression else change.kind
        lines.append(
            f"| {kind} | {change.level} | {change.requirement_id} {cell(change.title)} "
            f"| {change.old} | {change.new} | {cell(change.detail)} |"
        )
    if not result.changes:
        lines.append("| — | | no requirement changed | | | |")
    return "\n".join(lines) + "\n"
