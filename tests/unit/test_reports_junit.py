"""junit.xml: one case per requirement, with the counts and elements CI systems read."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import replace
from pathlib import Path

from vcsa_conformance.reports import json_report, junit
from vcsa_conformance.results import RunResult

DATA = Path(__file__).parent / "data"


def _load(name: str) -> RunResult:
    return json_report.load(DATA / f"run_{name}.json")


def _suite(result: RunResult) -> ET.Element:
    root = ET.fromstring(junit.render(result).encode("utf-8"))
    assert root.tag == "testsuites"
    suites = root.findall("testsuite")
    assert len(suites) == 1
    return suites[0]


def test_one_case_per_requirement_named_by_id_and_title() -> None:
    result = _load("fail")
    suite = _suite(result)
    cases = suite.findall("testcase")
    assert [case.get("name") for case in cases] == [
        f"{r.id} {r.title}" for r in result.requirements
    ]
    assert cases[0].get("classname") == "conformance.authentication"
    assert {case.get("classname") for case in cases} >= {"conformance.input_validation"}


def test_counts_match_the_cases() -> None:
    suite = _suite(_load("fail"))
    cases = suite.findall("testcase")
    assert suite.get("tests") == str(len(cases))
    assert suite.get("failures") == str(sum(1 for c in cases if c.find("failure") is not None))
    assert suite.get("skipped") == str(sum(1 for c in cases if c.find("skipped") is not None))
    assert suite.get("errors") == "0"
    # 3 MUST failures; the SHOULD not met (BKP-INPUT-012) and the skip are skipped cases
    assert (suite.get("failures"), suite.get("skipped")) == ("3", "2")


def test_failure_carries_expected_received_request_and_response() -> None:
    suite = _suite(_load("fail"))
    case = next(
        c for c in suite.findall("testcase") if c.get("name", "").startswith("BKP-INPUT-004")
    )
    failure = case.find("failure")
    assert failure is not None
    assert failure.get("type") == "MUST"
    assert "expected an error status (not 201)" in (failure.get("message") or "")
    text = failure.text or ""
    for part in (
        "Expected: ",
        "Received: 201 Created",
        "curl -i",
        "HTTP 201",
        "@reproduce_failure",
    ):
        assert part in text
    assert "failure 2 of 2" in text


def test_skipped_case_has_the_reason() -> None:
    suite = _suite(_load("skip"))
    skipped = [c.find("skipped") for c in suite.findall("testcase")]
    reasons = {s.get("message") for s in skipped if s is not None}
    assert "no --readonly-user given" in reasons


def test_error_run_is_one_errored_case_with_the_reason() -> None:
    result = _load("error")
    suite = _suite(result)
    assert (suite.get("tests"), suite.get("errors")) == ("1", "1")
    error = suite.find("testcase/error")
    assert error is not None
    assert error.get("message") == result.error


def test_properties_name_the_run() -> None:
    properties = {
        p.get("name"): p.get("value") for p in _suite(_load("pass")).findall("properties/property")
    }
    assert properties["verdict"] == "conformant"
    assert properties["spec_version"] == "8.0.2"


def test_characters_xml_cannot_hold_are_spelled_out() -> None:
    result = _load("fail")
    requirement = result.requirements[11]
    failure = replace(requirement.failures[0], received="bad \x00\x1b byte")
    result.requirements[11] = replace(requirement, failures=[failure])
    text = ET.fromstring(junit.render(result).encode("utf-8")).find(".//failure")
    assert text is not None
    assert "bad \\x00\\x1b byte" in (text.text or "")


def test_write_puts_junit_xml_in_the_directory(tmp_path: Path) -> None:
    path = junit.write(_load("pass"), tmp_path)
    assert path == tmp_path / "junit.xml"
    assert path.read_text("utf-8").startswith("<?xml version='1.0' encoding='utf-8'?>")


def test_long_failure_lists_are_cut_with_a_note() -> None:
    result = _load("fail")
    requirement = result.requirements[11]
    result.requirements[11] = replace(requirement, failures=requirement.failures[:1] * 13)
    failure = _suite(result).find(".//failure")
    assert failure is not None
    text = failure.text or ""
    assert text.count("--- failure ") == 10
    assert "failure 10 of 13" in text
    assert text.endswith("… and 3 more failures of BKP-INPUT-004; conformance.json lists all")


def test_suite_names_the_target_host_and_a_zone_free_utc_timestamp() -> None:
    result = replace(_load("pass"), started="2026-11-27T13:00:00+01:00")
    suite = _suite(result)
    assert (suite.get("hostname"), suite.get("timestamp")) == ("127.0.0.1", "2026-11-27T12:00:00")
    assert {case.get("time") for case in suite.findall("testcase")} == {"0"}


def test_unparseable_start_time_leaves_the_timestamp_out() -> None:
    assert _suite(replace(_load("pass"), started="yesterday")).get("timestamp") is None


def _conformant_with_a_should_not_met() -> RunResult:
    """The recorded passing run, with one SHOULD failing: still conformant (exit code 0)."""
    result = _load("fail")
    requirements = [
        item if item.level == "SHOULD" else replace(item, status="pass", failures=[])
        for item in result.requirements
    ]
    return replace(result, verdict="conformant", requirements=requirements)


def test_a_conformant_run_has_no_red_case_and_shows_the_should_not_met(tmp_path: Path) -> None:
    """Issue 18: the test tab agrees with the exit code. Read as the consumers read it
    (junitparser: Jenkins' and GitLab's rules are the same: failure/error red, skipped not)."""
    from junitparser import Failure, JUnitXml, Skipped

    path = junit.write(_conformant_with_a_should_not_met(), tmp_path)
    suite = next(iter(JUnitXml.fromfile(str(path))))
    assert (suite.failures, suite.errors) == (0, 0)
    case = next(c for c in suite if c.name.startswith("BKP-INPUT-012"))
    (skipped,) = case.result
    assert isinstance(skipped, Skipped)
    assert skipped.message.startswith("SHOULD not met: BKP-INPUT-012: ")
    assert "Expected: " in (case.system_out or "")  # the evidence stays in the report
    assert not any(isinstance(r, Failure) for c in suite for r in c.result)


def test_should_as_failure_makes_the_should_not_met_red(tmp_path: Path) -> None:
    from junitparser import Failure, JUnitXml

    result = _conformant_with_a_should_not_met()
    path = junit.write(result, tmp_path, should_as_failure=True)
    suite = next(iter(JUnitXml.fromfile(str(path))))
    assert (suite.failures, suite.errors) == (1, 0)
    case = next(c for c in suite if c.name.startswith("BKP-INPUT-012"))
    (failure,) = case.result
    assert isinstance(failure, Failure) and failure.type == "SHOULD"
