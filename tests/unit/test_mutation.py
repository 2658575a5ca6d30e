"""The mutation harness: judging reports, the table and score, its command line, and a sample.

The judging and table tests use fabricated ``conformance.json`` data; the sample runs a few
real cases (three faults from different areas, the clean mock, one variant) through the
harness, each in its own process, as the full ``tox -e mutation`` run does for all of them.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest

from vcsa_conformance.contract.requirements import catalogue
from vcsa_conformance.mock.model.faults import Fault
from vcsa_conformance.mock.model.variants import Variant
from vcsa_conformance.mutation import (
    COLUMNS,
    EMBEDDED,
    LIVE,
    LIVE_4,
    Case,
    Outcome,
    Spending,
    as_json,
    clean_case,
    fault_case,
    judge,
    markdown,
    mutate,
    run_case,
    select,
    summaries,
    summarize,
    variant_case,
)
from vcsa_conformance.mutation.__main__ import main, parser
from vcsa_conformance.mutation.runs import LiveMock, command, mock_command
from vcsa_conformance.mutation.table import percent

SAMPLE_FAULTS = (
    Fault.PASSWORD_SPECIAL,  # input validation
    Fault.END_TIME_MISSING,  # job lifecycle
    Fault.DELETED_SESSION_ACCEPTED,  # authentication
)
SAMPLE_VARIANT = Variant.INVALID_INPUT_500  # breaks a SHOULD on purpose
# The user's mode: the mock as a live target, at the default budget.
LIVE_SAMPLE_FAULTS = (Fault.PASSWORD_7_CHARACTERS,)  # a fault at exactly one boundary
LIVE_SAMPLE_VARIANT = Variant.VAPI_RUNTIME  # answers bad input as VMware's runtime does


def report(
    verdict: str,
    failing: dict[str, str] | None = None,
    crash: bool = False,
    skipped: tuple[str, ...] = (),
) -> Any:
    """A conformance.json with every requirement passing but ``failing`` (id -> level) and
    ``skipped``."""
    failing = failing or {}
    check = "test_completed" if crash else "check_something"
    requirements = [
        {
            "id": rid,
            "level": failing.get(rid, item.level),
            "status": "fail" if rid in failing else "skip" if rid in skipped else "pass",
            "failures": [{"check": check}] if rid in failing else [],
        }
        for rid, item in catalogue().items()
    ]
    return {"verdict": verdict, "error": None, "requirements": requirements}


FAULT = Case("fault", "some-fault", named=("BKP-JOB-008",))
VARIANT = Case("variant", "some-variant", allowed=("BKP-INPUT-012",))


def test_a_fault_is_detected_when_its_named_requirements_fail() -> None:
    outcome = judge(FAULT, report("non-conformant", {"BKP-JOB-008": "MUST"}), 3.5)
    assert outcome.ok
    assert outcome.failed == ("BKP-JOB-008",)
    assert outcome.extra == outcome.missing == outcome.crashed == ()
    assert outcome.seconds == 3.5


def test_extra_failures_are_recorded_but_do_not_undo_detection() -> None:
    failing = {"BKP-JOB-008": "MUST", "BKP-JOB-007": "MUST"}
    outcome = judge(FAULT, report("non-conformant", failing), 1.0)
    assert outcome.ok
    assert outcome.extra == ("BKP-JOB-007",)


def test_a_fault_whose_named_requirement_did_not_fail_is_not_detected() -> None:
    outcome = judge(FAULT, report("non-conformant", {"BKP-JOB-007": "MUST"}), 1.0)
    assert not outcome.ok
    assert outcome.missing == ("BKP-JOB-008",)
    assert outcome.extra == ("BKP-JOB-007",)
    assert "BKP-JOB-008 did not fail" in outcome.note


def test_every_named_requirement_must_fail() -> None:
    case = Case("fault", "two", named=("BKP-CONC-001", "BKP-RESP-004"))
    outcome = judge(case, report("non-conformant", {"BKP-CONC-001": "MUST"}), 1.0)
    assert not outcome.ok
    assert outcome.missing == ("BKP-RESP-004",)


def test_a_conformant_verdict_is_not_a_detection() -> None:
    # a named SHOULD failing leaves the verdict conformant: the fault went unnoticed
    outcome = judge(FAULT, report("conformant", {"BKP-JOB-008": "SHOULD"}), 1.0)
    assert not outcome.ok
    assert "verdict conformant" in outcome.note


@pytest.mark.parametrize("data", [None, {"verdict": "error", "error": "TargetTlsError: x"}])
def test_a_run_without_a_verdict_is_an_error(data: Any) -> None:
    outcome = judge(FAULT, data, 2.0, "" if data else "timed out after 600 s")
    assert not outcome.ok
    assert outcome.verdict == "error"
    assert outcome.note == ("timed out after 600 s" if data is None else "TargetTlsError: x")


def test_detection_by_a_test_crash_is_shown() -> None:
    outcome = judge(FAULT, report("non-conformant", {"BKP-JOB-008": "MUST"}, crash=True), 1.0)
    assert outcome.ok
    assert outcome.crashed == ("BKP-JOB-008",)
    assert "only by a test crash: BKP-JOB-008" in markdown([outcome], summaries([outcome], 1.0))


def test_the_clean_mock_must_fail_nothing_not_even_a_should() -> None:
    assert judge(clean_case(), report("conformant"), 1.0).ok
    outcome = judge(clean_case(), report("conformant", {"BKP-INPUT-012": "SHOULD"}), 1.0)
    assert not outcome.ok
    assert outcome.extra == ("BKP-INPUT-012",)


def test_a_variant_may_fail_only_the_shoulds_it_declares() -> None:
    assert judge(VARIANT, report("conformant", {"BKP-INPUT-012": "SHOULD"}), 1.0).ok
    other = judge(VARIANT, report("conformant", {"BKP-INPUT-013": "SHOULD"}), 1.0)
    assert not other.ok
    assert other.extra == ("BKP-INPUT-013",)


def test_a_variant_may_never_fail_a_must() -> None:
    case = Case("variant", "v", allowed=("BKP-JOB-008",))  # a MUST can not be allowed
    outcome = judge(case, report("non-conformant", {"BKP-JOB-008": "MUST"}), 1.0)
    assert not outcome.ok
    assert outcome.extra == ("BKP-JOB-008",)


TWO = Case("fault", "two", named=("BKP-CONC-001", "BKP-CONC-002"))
WITHIN = Spending(budget=2, started=2, left_running=0)


def test_live_a_named_requirement_left_unchecked_by_the_budget_is_no_miss() -> None:
    failing = {"BKP-CONC-002": "MUST"}
    data = report("non-conformant", failing, skipped=("BKP-CONC-001",))
    live = judge(TWO, data, 1.0, column="live", spending=WITHIN)
    assert live.ok and live.unchecked == ("BKP-CONC-001",) and live.missing == ()
    embedded = judge(TWO, data, 1.0)  # without a budget every named one must fail
    assert not embedded.ok and embedded.missing == ("BKP-CONC-001",)


def test_live_a_named_requirement_that_passed_is_a_miss() -> None:
    outcome = judge(TWO, report("non-conformant", {"BKP-CONC-002": "MUST"}), 1.0, spending=WITHIN)
    assert not outcome.ok and outcome.missing == ("BKP-CONC-001",)


def test_live_some_named_requirement_must_fail() -> None:
    data = report("non-conformant", {"BKP-JOB-007": "MUST"}, skipped=TWO.named)
    outcome = judge(TWO, data, 1.0, spending=WITHIN)
    assert not outcome.ok and "no named requirement failed" in outcome.note


@pytest.mark.parametrize(
    ("spending", "note"),
    [
        (Spending(budget=2, started=3, left_running=0), "3 backups started, budget 2"),
        (Spending(budget=2, started=1, left_running=1), "1 job(s) left running"),
        (Spending(budget=2, started=None, left_running=None), "reported no count"),
    ],
)
def test_live_a_run_over_its_budget_or_leaving_a_job_is_never_ok(
    spending: Spending, note: str
) -> None:
    outcome = judge(clean_case(), report("conformant"), 1.0, column="live", spending=spending)
    assert not outcome.ok and note in outcome.note
    summary = summarize([outcome], 1.0)
    assert not summary.ok and summary.over_budget + summary.left_running >= 1


def test_an_incomplete_verdict_is_not_a_pass_for_the_clean_mock() -> None:
    outcome = judge(clean_case(), report("incomplete", skipped=("BKP-CONC-002",)), 1.0)
    assert not outcome.ok and "verdict incomplete" in outcome.note


def outcomes_for_summary() -> list[Outcome]:
    return [
        judge(clean_case(), report("conformant"), 10.0),
        judge(FAULT, report("non-conformant", {"BKP-JOB-008": "MUST"}), 12.0),
        judge(FAULT, report("non-conformant", {"BKP-JOB-007": "MUST"}), 13.0),
        judge(VARIANT, report("conformant", {"BKP-INPUT-012": "SHOULD"}), 11.0),
    ]


def test_the_score_is_detected_faults_over_all_faults() -> None:
    summary = summarize(outcomes_for_summary(), 30.0)
    assert (summary.faults, summary.detected, summary.score) == (2, 1, 0.5)
    assert (summary.variants, summary.variants_passed, summary.false_failures) == (1, 1, 0)
    assert not summary.ok


def test_false_failures_on_the_clean_mock_fail_the_run() -> None:
    outcomes = [
        judge(clean_case(), report("conformant", {"BKP-INPUT-012": "SHOULD"}), 10.0),
        judge(FAULT, report("non-conformant", {"BKP-JOB-008": "MUST"}), 12.0),
    ]
    summary = summarize(outcomes, 12.0)
    assert summary.score == 1.0
    assert summary.false_failures == 1
    assert not summary.ok


def test_all_detected_and_passed_is_ok() -> None:
    outcomes = outcomes_for_summary()
    del outcomes[2]
    assert summarize(outcomes, 30.0).ok


@pytest.mark.parametrize(
    ("score", "shown"),
    [(1.0, "100%"), (0.5, "50%"), (42 / 43, "97.6%"), (299 / 300, "99.6%"), (0.0, "0%")],
)
def test_the_score_is_rounded_down_so_a_miss_never_reads_100(score: float, shown: str) -> None:
    assert percent(score) == shown


def test_the_table_has_a_row_per_case_and_the_totals() -> None:
    outcomes = outcomes_for_summary()
    text = markdown(outcomes, summaries(outcomes, 30.0))
    row = "| fault `some-fault` | BKP-JOB-008 | NOT DETECTED: BKP-JOB-008 did not fail, 13.0 s |"
    assert row in text  # (both fault outcomes share a label: the later one is shown)
    assert "| variant `some-variant` | BKP-INPUT-012 | passed, 11.0 s | — |" in text
    assert "embedded: mutation score 50% (1/2 faults detected)" in text
    assert "variants passed: 1/1" in text


def test_the_table_has_a_column_per_way_of_running() -> None:
    outcomes = [
        judge(FAULT, report("non-conformant", {"BKP-JOB-008": "MUST"}), 5.0),
        judge(FAULT, report("non-conformant", {"BKP-JOB-008": "MUST"}), 9.0, column="live",
              spending=WITHIN),
    ]  # fmt: skip
    totals = summaries(outcomes, 14.0)
    text = markdown(outcomes, totals)
    assert "| case | expected failures | embedded mock | live, budget 3 (default), 40 ms |" in text
    assert "| detected, 5.0 s | detected, 9.0 s, 2/2 backups | — |" in text
    assert "live: mutation score 100% (1/1 faults detected)" in text
    assert "at most 2 of budget 2 (0 runs over it); jobs left running: 0" in text
    assert list(totals) == ["embedded", "live"] and all(s.ok for s in totals.values())


def test_the_json_table_holds_the_same_facts() -> None:
    outcomes = outcomes_for_summary()
    data = json.loads(json.dumps(as_json(outcomes, summaries(outcomes, 30.0))))
    assert data["summaries"]["embedded"]["score"] == 0.5
    assert data["summaries"]["embedded"]["ok"] is False and data["ok"] is False
    missed = data["cases"][2]
    assert (missed["name"], missed["ok"], missed["missing"]) == (
        "some-fault",
        False,
        ["BKP-JOB-008"],
    )


def test_cases_come_from_the_mock_catalogue() -> None:
    cases = select()
    assert cases[0] == clean_case()
    assert [case.name for case in cases if case.kind == "fault"] == [f.value for f in Fault]
    assert [case.name for case in cases if case.kind == "variant"] == [v.value for v in Variant]
    assert fault_case(Fault.CANCEL_IGNORED).named == Fault.CANCEL_IGNORED.requirements
    assert "BKP-INPUT-012" in variant_case(Variant.INVALID_INPUT_500).allowed


def test_what_cases_expect_is_in_the_requirements_catalogue() -> None:
    known = catalogue()
    for case in select():
        assert case.kind != "fault" or case.named, case
        assert all(known[rid].level == "MUST" for rid in case.named), case
        assert all(known[rid].level == "SHOULD" for rid in case.allowed), case


def test_each_case_runs_the_suite_in_its_own_process(tmp_path: Path) -> None:
    args = command(fault_case(Fault.CANCEL_IGNORED), tmp_path, "quick", 7)
    assert args[1:4] == ["-m", "vcsa_conformance", "run"]
    assert args[args.index("--fault") + 1] == "cancel-ignored"
    assert args[args.index("--report-dir") + 1] == str(tmp_path)
    assert args[args.index("--seed") + 1] == "7"
    assert "--fault" not in command(clean_case(), tmp_path, "quick", None)


def test_a_live_column_points_the_suite_at_the_mock_in_its_own_process(tmp_path: Path) -> None:
    case = fault_case(Fault.CANCEL_IGNORED)
    mock = mock_command(case, LIVE)
    assert mock[1:4] == ["-m", "vcsa_conformance", "mock"]
    assert mock[mock.index("--port") + 1] == "0" and "--http" not in mock  # HTTPS
    assert mock[mock.index("--job-seconds") + 1] == "4"
    assert mock[mock.index("--latency") + 1] == "40"  # a real appliance's answer time
    assert mock[mock.index("--latency-jitter") + 1] == "8"
    assert mock[mock.index("--fault") + 1] == "cancel-ignored"
    target = LiveMock("https://127.0.0.1:9", "/tmp/ca.pem")
    args = command(case, tmp_path, "quick", None, LIVE, target)
    assert args[args.index("--target") + 1] == "https://127.0.0.1:9"
    assert args[args.index("--ca-bundle") + 1] == "/tmp/ca.pem"
    assert "--fault" not in args and "--max-backups" not in args  # the default budget
    assert "--schedule-writes" in args  # the harness's own mock: the run's own schedule
    four = command(case, tmp_path, "quick", None, LIVE_4, target)
    assert four[four.index("--max-backups") + 1] == "4"
    assert [c.budget for c in COLUMNS] == [None, 3, 4]  # 3: the default with schedule writes


def test_a_run_never_sees_a_live_target_from_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: dict[str, Any] = {}

    def fake_run(args: list[str], **kwargs: Any) -> subprocess.CompletedProcess[str]:
        seen.update(kwargs["env"])
        raise subprocess.TimeoutExpired(args, kwargs["timeout"])

    monkeypatch.setenv("VCSA_TARGET", "https://vcsa.example")
    monkeypatch.setattr(subprocess, "run", fake_run)
    outcome = run_case(clean_case(), tmp_path, column=EMBEDDED, timeout=5)
    assert "VCSA_TARGET" not in seen
    assert (outcome.ok, outcome.verdict, outcome.note) == (False, "error", "timed out after 5 s")


def test_the_command_line_defaults_to_the_whole_catalogue() -> None:
    args = parser().parse_args([])
    assert (args.fault, args.variants, args.jobs, args.profile) == (None, None, 2, "quick")
    assert args.columns == list(COLUMNS)
    assert parser().parse_args(["--columns", "live-4"]).columns == [LIVE_4]
    chosen = parser().parse_args(["--fault", "cancel-ignored", "--variants", "none"])
    assert select(chosen.fault, chosen.variants) == [
        clean_case(),
        fault_case(Fault.CANCEL_IGNORED),
    ]
    some = parser().parse_args(["--variants", "instant-jobs,extra-fields"])
    assert some.variants == [Variant.INSTANT_JOBS, Variant.EXTRA_FIELDS]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--fault", "no-such-fault"], "unknown fault 'no-such-fault'"),
        (["--variants", "odd"], "unknown variant 'odd'"),
        (["--jobs", "0"], "'0' must be 1 or more"),
        (["--columns", "cloud"], "unknown column 'cloud'"),
    ],
)
def test_bad_options_exit_2_naming_the_problem(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(argv)
    assert exit_info.value.code == 2
    assert message in capsys.readouterr().err


@pytest.mark.timeout(300)
def test_a_sample_of_faults_is_detected_and_the_clean_mock_and_a_variant_pass(
    tmp_path: Path,
) -> None:
    cases = select(SAMPLE_FAULTS, [SAMPLE_VARIANT])
    outcomes, totals = mutate(cases, tmp_path, jobs=2)
    problems = [(o.case.label, o.note, o.failed) for o in outcomes if not o.ok]
    assert problems == []
    assert totals["embedded"].ok
    assert totals["embedded"].score == 1.0
    for outcome in outcomes:
        assert (tmp_path / "embedded" / outcome.case.label / "conformance.json").is_file()
    assert "mutation score 100% (3/3 faults detected" in (tmp_path / "mutation.md").read_text()
    assert json.loads((tmp_path / "mutation.json").read_text())["ok"] is True


@pytest.mark.timeout(300)
def test_a_sample_against_the_mock_as_a_live_target(tmp_path: Path) -> None:
    """The user's mode: own process, HTTPS, 4-second jobs, the default budget."""
    cases = select(LIVE_SAMPLE_FAULTS, [LIVE_SAMPLE_VARIANT])
    outcomes, totals = mutate(cases, tmp_path, columns=[LIVE], jobs=2)
    problems = [(o.case.label, o.note, o.failed) for o in outcomes if not o.ok]
    assert problems == []
    summary = totals["live"]
    assert summary.ok and summary.score == 1.0
    assert summary.most_started is not None and summary.budget is not None
    assert summary.most_started <= summary.budget == 3  # the default with schedule writes
    assert summary.over_budget == summary.left_running == 0
    assert {o.verdict for o in outcomes if o.case.kind != "fault"} == {"conformant"}
