"""``junit.xml``: one test case per requirement, in the JUnit XML that CI systems read.

Jenkins, GitLab and GitHub test-report actions all read ``testsuites > testsuite >
testcase`` with ``failure``/``skipped``/``error`` children and the suite's counts. A case is
named "<id> <title>" and classed by area ("conformance.<area>") so CI groups it like the HTML
report. The test tab agrees with the exit code: a ``failure`` is a MUST failure, so a
conformant run has none. A SHOULD not met stays visible as a ``skipped`` case whose message
starts with "SHOULD not met" (Jenkins, GitLab and GitHub's report actions show it as
skipped, not red), with its evidence in ``system-out``; ``should_as_failure`` (the CLI's
``--should-as-failure``) makes it a ``failure type="SHOULD"`` for teams that want it red
(the verdict and the exit code stay as they are). A known deviation
(a failure the ``--baseline`` accepts) is ``skipped`` with the baseline's reason, and its
evidence in ``system-out``: CI shows it, and does not count it as failed. A run that could
not start is a single case with an ``error`` carrying the reason.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

from vcsa_conformance.reports.summary import (
    SHOWN_FAILURES,
    counts,
    deviation_line,
    failure_line,
    failure_text,
    more_failures,
    requirement_text,
)
from vcsa_conformance.results import RequirementResult, RunResult

FILENAME = "junit.xml"
SUITE_NAME = "vcsa-conformance"
# Characters XML 1.0 cannot carry at all (even escaped); shown as \xNN instead.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


SHOULD_NOT_MET = "SHOULD not met"


def render(result: RunResult, *, should_as_failure: bool = False) -> str:
    """The report's text: an indented UTF-8 XML document."""
    root = _testsuites(result, should_as_failure)
    ET.indent(root)
    document: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return document.decode("utf-8") + "\n"


def write(result: RunResult, report_dir: Path, *, should_as_failure: bool = False) -> Path:
    """Write ``junit.xml`` into ``report_dir`` and return its path."""
    path = report_dir / FILENAME
    path.write_text(render(result, should_as_failure=should_as_failure), encoding="utf-8")
    return path


def _red(requirement: RequirementResult, should_as_failure: bool) -> bool:
    """True when the case is a ``failure``: a MUST failure (not a known deviation), or a
    SHOULD not met when the team asked for those red."""
    if requirement.status != "fail" or requirement.known:
        return False
    return requirement.level == "MUST" or should_as_failure


def _testsuites(result: RunResult, should_as_failure: bool) -> ET.Element:
    total = counts(result)["total"]
    red = sum(1 for item in result.requirements if _red(item, should_as_failure))
    errors = 1 if result.verdict == "error" else 0
    attributes = {
        "name": SUITE_NAME,
        "tests": str(len(result.requirements) + errors),
        "failures": str(red),
        "errors": str(errors),
        "skipped": str(total["skip"] + total["fail"] - red),
        "time": f"{result.duration_s:.3f}",
    }
    root = ET.Element("testsuites", attributes)
    suite = ET.SubElement(root, "testsuite", {**attributes, **_where_and_when(result)})
    _properties(suite, result)
    if result.verdict == "error":
        case = ET.SubElement(
            suite, "testcase", {"name": "run", "classname": "conformance.run", "time": "0"}
        )
        reason = _clean(result.error or "the run could not start")
        ET.SubElement(case, "error", {"message": reason, "type": "TargetError"}).text = reason
    for requirement in result.requirements:
        _testcase(suite, requirement, should_as_failure)
    return root


def _where_and_when(result: RunResult) -> dict[str, str]:
    """hostname (the target's host) and timestamp (UTC, no zone suffix, as the XSD wants)."""
    facts = {"hostname": urlsplit(result.target).hostname or result.target}
    try:
        started = datetime.fromisoformat(result.started)
    except ValueError:
        return facts
    if started.tzinfo is not None:
        started = started.astimezone(UTC)
    return {**facts, "timestamp": started.strftime("%Y-%m-%dT%H:%M:%S")}


def _properties(suite: ET.Element, result: RunResult) -> None:
    properties = ET.SubElement(suite, "properties")
    facts = {
        "verdict": result.verdict,
        "target": result.target,
        "appliance_version": result.appliance.version,
        "appliance_build": result.appliance.build,
        "profile": result.profile,
        "tool_version": result.tool_version,
        "spec_version": result.spec_version,
        "requests": str(result.requests),
        "cases": str(result.coverage.cases),
    }
    if result.baseline is not None:
        facts["baseline"] = result.baseline
    if result.bounds is not None:
        facts |= {
            name: "" if value is None else str(value)
            for name, value in asdict(result.bounds).items()
        }
    for name, value in facts.items():
        ET.SubElement(properties, "property", {"name": name, "value": _clean(value)})


def _testcase(suite: ET.Element, requirement: RequirementResult, should_as_failure: bool) -> None:
    case = ET.SubElement(
        suite,
        "testcase",
        {
            "name": _clean(f"{requirement.id} {requirement.title}"),
            "classname": "conformance." + re.sub(r"\W+", "_", requirement.area.lower()).strip("_"),
            "time": "0",  # per-requirement durations are not measured; readers expect the field
        },
    )
    if requirement.status == "skip":
        ET.SubElement(case, "skipped", {"message": _clean(requirement.skip_reason or "skipped")})
    elif requirement.known:
        ET.SubElement(case, "skipped", {"message": _clean(deviation_line(requirement))})
        ET.SubElement(case, "system-out").text = _clean(_details(requirement))
    elif _red(requirement, should_as_failure):
        failure = ET.SubElement(case, "failure", {"type": requirement.level})
        failure.set("message", _clean(f"{requirement.level} {_message(requirement)}"))
        failure.text = _clean(_details(requirement))
    elif requirement.status == "fail":  # a SHOULD not met: visible, not red
        message = f"{SHOULD_NOT_MET}: {_message(requirement)}"
        ET.SubElement(case, "skipped", {"message": _clean(message)})
        ET.SubElement(case, "system-out").text = _clean(_details(requirement))


def _message(requirement: RequirementResult) -> str:
    """``ID: first failure``; the caller says what kind of failure it is."""
    first = failure_line(requirement.failures[0]) if requirement.failures else "failed"
    return f"{requirement.id}: {first}"


def _details(requirement: RequirementResult) -> str:
    header = f"[{requirement.level}] {requirement.id} {requirement.title}"
    parts = [header, requirement_text(requirement.id), deviation_line(requirement)]
    total = len(requirement.failures)
    for number, failure in enumerate(requirement.failures[:SHOWN_FAILURES], start=1):
        parts.append(f"--- failure {number} of {total}\n{failure_text(failure)}")
    parts.append(more_failures(requirement))
    return "\n\n".join(part for part in parts if part)


def _clean(text: str) -> str:
    """Text XML 1.0 can hold: forbidden characters spelled out as \\xNN."""
    return _NOT_XML.sub(lambda match: f"\\x{ord(match.group()):02x}", text)
