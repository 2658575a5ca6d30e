"""``run --baseline``: accepted deviations are reported as known and forgiven, nothing else."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from vcsa_conformance.compare.baseline import Accepted, BaselineError, apply, load
from vcsa_conformance.reports import json_report
from vcsa_conformance.results import RunResult

DATA = Path(__file__).parent / "data"
TODAY = date(2026, 11, 30)
FAILING_MUSTS = ("BKP-INPUT-004", "BKP-INPUT-011", "BKP-RESP-002")


def _run(name: str) -> RunResult:
    return json_report.load(DATA / f"run_{name}.json")


def _states(result: RunResult) -> dict[str, str]:
    return {r.id: r.deviation.state for r in result.requirements if r.deviation is not None}


def test_accepting_every_failing_must_forgives_the_verdict_and_keeps_the_evidence() -> None:
    run = _run("fail")
    result = apply(run, [Accepted(i, "vendor case 1234") for i in FAILING_MUSTS], "b.yaml", TODAY)
    assert result.verdict == "conformant"
    assert result.baseline == "b.yaml"
    assert _states(result) == dict.fromkeys(FAILING_MUSTS, "known")
    known = next(r for r in result.requirements if r.id == "BKP-INPUT-004")
    assert known.status == "fail" and known.failures, "a known deviation keeps its evidence"
    assert known.deviation is not None and known.deviation.reason == "vendor case 1234"


def test_a_new_failure_still_fails_the_verdict() -> None:
    result = apply(_run("fail"), [Accepted("BKP-INPUT-004", "known")], "b.yaml", TODAY)
    assert result.verdict == "non-conformant"
    assert _states(result) == {"BKP-INPUT-004": "known"}


def test_a_deviation_that_now_passes_is_fixed_and_one_not_checked_is_unchecked() -> None:
    accepted = [Accepted("BKP-INPUT-004", "r"), Accepted("BKP-CREATE-001", "r")]
    assert _states(apply(_run("pass"), accepted, "b", TODAY))["BKP-INPUT-004"] == "fixed"
    skipped = apply(_run("skip"), accepted, "b", TODAY)
    assert _states(skipped)["BKP-CREATE-001"] == "unchecked"
    assert skipped.verdict == "incomplete", "a baseline never turns a skip into a pass"


def test_an_expired_entry_counts_as_a_failure_again() -> None:
    accepted = [Accepted(i, "r", date(2026, 11, 29)) for i in FAILING_MUSTS]
    result = apply(_run("fail"), accepted, "b.yaml", TODAY)
    assert result.verdict == "non-conformant"
    assert set(_states(result).values()) == {"expired"}
    still = apply(_run("fail"), [Accepted(i, "r", TODAY) for i in FAILING_MUSTS], "b", TODAY)
    assert still.verdict == "conformant", "an entry is valid on its expiry date"


def test_a_run_that_could_not_run_stays_an_error() -> None:
    result = apply(_run("error"), [Accepted("BKP-INPUT-004", "r")], "b.yaml", TODAY)
    assert result.verdict == "error"


def test_yaml_entries_load_with_reason_and_expiry(tmp_path: Path) -> None:
    path = tmp_path / "baseline.yaml"
    path.write_text(
        "accepted:\n"
        "  - id: BKP-INPUT-004\n    reason: vendor case 1234\n    expires: 2027-06-30\n"
        "  - id: BKP-RESP-002\n    reason: fixed in 8.0.3\n",
        "utf-8",
    )
    assert load(path) == [
        Accepted("BKP-INPUT-004", "vendor case 1234", date(2027, 6, 30)),
        Accepted("BKP-RESP-002", "fixed in 8.0.3"),
    ]


def test_a_previous_report_accepts_what_failed_in_it(tmp_path: Path) -> None:
    accepted = load(DATA / "run_fail.json")
    assert {a.requirement_id for a in accepted} == {*FAILING_MUSTS, "BKP-INPUT-012"}
    assert all("failed in the baseline run of" in a.reason for a in accepted)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("accepted: [", "is not YAML"),
        ("- BKP-INPUT-004\n", "needs a list 'accepted:'"),
        ("accepted:\n  - id: BKP-INPUT-004\n", "every entry needs an id and a reason"),
        (
            "accepted:\n  - id: BKP-NOPE-001\n    reason: r\n",
            "unknown requirement id 'BKP-NOPE-001'",
        ),
        (
            "accepted:\n  - id: BKP-INPUT-004\n    reason: r\n    expires: next year\n",
            "expires 'next year' is not a date like 2027-06-30",
        ),
        (
            "accepted:\n  - {id: BKP-INPUT-004, reason: r}\n  - {id: BKP-INPUT-004, reason: s}\n",
            "names BKP-INPUT-004 twice",
        ),
    ],
)
def test_a_bad_baseline_file_is_one_clear_error(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "baseline.yaml"
    path.write_text(text, "utf-8")
    with pytest.raises(BaselineError, match=message):
        load(path)


def test_a_missing_or_unreadable_baseline_is_one_clear_error(tmp_path: Path) -> None:
    with pytest.raises(BaselineError, match="cannot read --baseline"):
        load(tmp_path / "nope.yaml")
    not_a_report = tmp_path / "other.json"
    not_a_report.write_text('{"hello": 1}', "utf-8")
    with pytest.raises(BaselineError, match="not a conformance report"):
        load(not_a_report)
