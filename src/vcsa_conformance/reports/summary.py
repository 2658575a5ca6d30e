"""What every report says the same way: counts, the verdict sentence, failure text, bodies.

The writers differ in markup only; the words and numbers come from here so that junit.xml,
conformance.md, conformance.html and the command line's summary never disagree.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

from vcsa_conformance.contract.requirements import catalogue
from vcsa_conformance.reports.curl import to_curl
from vcsa_conformance.results import (
    Coverage,
    Failure,
    RecordedResponse,
    RequirementResult,
    RunResult,
)

LEVELS = ("MUST", "SHOULD")
STATUSES = ("pass", "fail", "skip")
VERDICT_TITLES = {
    "conformant": "Conformant",
    "non-conformant": "Non-conformant",
    "incomplete": "Incomplete",
    "error": "Could not run",
}
BODY_LIMIT = 20_000  # characters of a body shown; a report stays readable and small
SHOWN_FAILURES = 10  # failures per requirement in junit.xml and HTML; the JSON has them all

Counts = dict[str, dict[str, int]]


@dataclass(frozen=True)
class Fact:
    """One fact about a run as data, so no writer parses a sentence to get at its parts:
    the HTML page shows ``label`` and ``value`` apart, the console and Markdown show
    ``str(fact)``, the label and value joined by ``separator``."""

    label: str
    value: str
    separator: str = ": "

    def __str__(self) -> str:
        return f"{self.label}{self.separator}{self.value}"


def counts(result: RunResult) -> Counts:
    """Requirements by level ("MUST", "SHOULD", "total") and status ("pass", "fail", "skip")."""
    table = {level: dict.fromkeys(STATUSES, 0) for level in (*LEVELS, "total")}
    for requirement in result.requirements:
        table[requirement.level][requirement.status] += 1
        table["total"][requirement.status] += 1
    return table


def plain_counts(result: RunResult) -> str:
    """The one line CI logs grep for: ``N passed, N failed, N skipped``."""
    total = counts(result)["total"]
    return f"{total['pass']} passed, {total['fail']} failed, {total['skip']} skipped"


def verdict_sentence(result: RunResult) -> str:
    """Why the verdict is what it is, in one sentence."""
    if result.verdict == "error":
        return result.error or "the run could not start"
    table = counts(result)
    known = sum(1 for item in result.requirements if item.known)
    failing = Counter(r.level for r in result.requirements if r.status == "fail" and not r.known)
    if result.verdict == "non-conformant":
        sentence = f"{plural(failing['MUST'], 'MUST requirement')} failed"
    elif result.verdict == "incomplete":
        unchecked = table["MUST"]["skip"]
        sentence = (
            f"no MUST requirement failed, but {plural(unchecked, 'MUST requirement')} "
            f"{'was' if unchecked == 1 else 'were'} not checked"
        )
    else:
        sentence = f"every MUST requirement was checked and passed ({table['MUST']['pass']})"
    if known:
        accepted = f"{plural(known, 'known deviation')} accepted by the baseline"
        failed = result.verdict == "non-conformant"
        sentence += f" (besides {accepted})" if failed else f", apart from {accepted}"
    if failing["SHOULD"] and result.verdict != "non-conformant":
        sentence += f"; {plural(failing['SHOULD'], 'SHOULD requirement')} failed"
    return sentence


DEVIATION_STATES = {
    "known": "known deviation",
    "fixed": "accepted deviation, now fixed",
    "unchecked": "accepted deviation, not checked",
    "expired": "accepted deviation, expired",
}


def status_label(item: RequirementResult) -> str:
    """pass, fail, skip, or "known" for a failure the baseline accepts."""
    return "known" if item.known else item.status


def deviation_line(item: RequirementResult) -> str:
    """The baseline's word on a requirement, e.g. ``known deviation (until 2027-06-30):
    vendor case 1234`` ('' when the baseline does not name it)."""
    deviation = item.deviation
    if deviation is None:
        return ""
    until = ""
    if deviation.expires:
        until = (
            f" on {deviation.expires}"
            if deviation.state == "expired"
            else (f" (until {deviation.expires})")
        )
    return f"{DEVIATION_STATES[deviation.state]}{until}: {deviation.reason}"


def baseline_fact(result: RunResult) -> Fact | None:
    """``Baseline FILE: 1 known, 0 fixed, 0 expired, 0 not checked`` (None without one)."""
    if result.baseline is None:
        return None
    states: list[str] = [item.deviation.state for item in result.requirements if item.deviation]
    tally = ", ".join(
        f"{states.count(state)} {word}"
        for state, word in (
            ("known", "known"), ("fixed", "fixed"), ("expired", "expired"),
            ("unchecked", "not checked"),
        )
    )  # fmt: skip
    return Fact("Baseline", f"{result.baseline}: {tally}", " ")


def appliance_fact(result: RunResult) -> Fact:
    """``Appliance 8.0.2.00100 (build 22617221)``, or that the version is unknown."""
    appliance = result.appliance
    if not appliance.known:
        return Fact("Appliance", "version unknown", " ")
    return Fact("Appliance", f"{appliance.version} (build {appliance.build})", " ")


def headline(result: RunResult) -> str:
    """The verdict title and its reason, e.g. ``Non-conformant: 2 MUST requirements failed``."""
    return f"{VERDICT_TITLES[result.verdict]}: {verdict_sentence(result)}"


def bounds_facts(result: RunResult) -> list[Fact]:
    """What the run spent of its backup budget (``Backups``) and the bound of every wait
    (``Bounds``), in words."""
    bounds = result.bounds
    if bounds is None:
        return []
    budget = (
        "no budget (embedded mock)"
        if bounds.max_backups is None
        else f"of --max-backups {bounds.max_backups}"
    )
    if bounds.max_backups is not None and bounds.baseline_backups:
        given = bounds.max_backups - bounds.baseline_backups
        budget = (
            f"of a budget of {bounds.max_backups} (--max-backups {given} + "
            f"{bounds.baseline_backups} for the baseline's accepted MUST requirements)"
        )
    started = plural(bounds.backups_started, "backup")
    running = plural(bounds.jobs_left_running, "job")
    waits = [
        f"--time-limit {bounds.time_limit_s:g} s",
        f"--busy-wait {bounds.busy_wait_s:g} s",
        f"--job-wait {bounds.job_wait_s:g} s",
        f"cleanup {bounds.cleanup_wait_s:g} s",
        f"start retry {bounds.start_retry_s:g} s",
        f"--request-timeout {bounds.request_timeout_s:g} s",
    ]
    if bounds.rate_limit:
        waits.append(f"--rate-limit {bounds.rate_limit:g}/s")
    facts = [
        Fact("Backups", f"{started} started, {budget}; {running} left running"),
        Fact("Bounds", ", ".join(waits)),
    ]
    if bounds.schedule_writes is False:
        facts.append(
            Fact(
                "Schedules",
                "--schedule-writes off: no schedule created, changed, run or deleted; the "
                "schedule requirements that need one are skipped",
            )
        )
    elif bounds.schedule_writes:
        left = plural(bounds.schedules_left, "schedule")
        facts.append(
            Fact("Schedules", f"--schedule-writes: only the run's own; {left} left undeleted")
        )
    return facts


def by_area(result: RunResult) -> dict[str, list[RequirementResult]]:
    """Requirements grouped by area, areas and requirements in the run's order."""
    groups: dict[str, list[RequirementResult]] = {}
    for requirement in result.requirements:
        groups.setdefault(requirement.area, []).append(requirement)
    return groups


def operations(coverage: Coverage) -> list[str]:
    """The operations of the coverage table: the documented ones in the contract's order,
    then those seen but not documented, sorted."""
    return [*coverage.documented, *sorted(set(coverage.operations) - set(coverage.documented))]


def not_passed(result: RunResult) -> Iterator[RequirementResult]:
    """Failed requirements first (MUST before SHOULD), then known deviations, then skipped."""
    order = {"fail": 0, "known": 2, "skip": 4}
    rest = [item for item in result.requirements if item.status != "pass"]
    yield from sorted(rest, key=lambda item: order[status_label(item)] + (item.level == "SHOULD"))


def requirement_text(requirement_id: str) -> str:
    """The catalogue's sentence for this id ('' for an id the catalogue does not know)."""
    entry = catalogue().get(requirement_id)
    return entry.text if entry else ""


def reason(requirement: RequirementResult) -> str:
    """Why a requirement did not pass: its skip reason or its first failure (after the
    baseline's word on it, if any), in one line."""
    if requirement.status == "skip":
        return requirement.skip_reason or "skipped"
    first = failure_line(requirement.failures[0]) if requirement.failures else ""
    if requirement.deviation is not None and requirement.status == "fail":
        return "; ".join(part for part in (deviation_line(requirement), first) if part)
    return first


def more_failures(requirement: RequirementResult) -> str:
    """The note for failures left out of a human-facing report ('' when none were)."""
    hidden = len(requirement.failures) - SHOWN_FAILURES
    if hidden <= 0:
        return ""
    return f"… and {plural(hidden, 'more failure')} of {requirement.id}; conformance.json lists all"


def failure_line(failure: Failure) -> str:
    """One failure in one line: ``check: expected …; received …``."""
    return f"{failure.check}: expected {failure.expected}; received {failure.received}"


def failure_text(failure: Failure) -> str:
    """One failure as plain text, with everything needed to reproduce it."""
    lines = [f"Check: {failure.check}", f"Expected: {failure.expected}"]
    lines.append(f"Received: {failure.received}")
    if failure.request is not None:
        lines += ["Request:", _indent(to_curl(failure.request))]
    if failure.response is not None:
        lines += ["Response:", _indent(response_text(failure.response))]
    if failure.test:
        lines.append(f"Test: {failure.test}")
    if failure.reproduction:
        lines.append(f"Reproduction: {failure.reproduction}")
    return "\n".join(lines)


def response_text(response: RecordedResponse) -> str:
    """A response as a reader expects it: status line, headers, blank line, body."""
    lines = [f"HTTP {response.status}"]
    lines += [f"{name}: {value}" for name, value in response.headers.items()]
    if response.body:
        lines += ["", pretty_body(response.body)]
    return "\n".join(lines)


def pretty_body(body: str) -> str:
    """A body for reading: JSON indented, anything long cut with a note saying how much."""
    try:
        text = json.dumps(json.loads(body), indent=2, ensure_ascii=False)
    except ValueError:
        text = body
    if len(text) > BODY_LIMIT:
        text = f"{text[:BODY_LIMIT]}\n… ({len(text) - BODY_LIMIT} more characters)"
    return text


def shorten(text: str, limit: int) -> str:
    """``text`` in at most ``limit`` characters: cut, with an ellipsis, when longer."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _indent(text: str) -> str:
    return "\n".join(f"  {line}" if line else "" for line in text.splitlines())


def plural(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"
