"""The backup budget against the mock (and its faults): a hard ceiling whatever the target
answers, cancel at once, no replay, waits bounded, cleanup after the deadline."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from unittest import SkipTest

import hypothesis
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.errors import UnsatisfiedAssumption

from vcsa_conformance.mock.model.config import MockConfig
from vcsa_conformance.mock.model.faults import Fault
from vcsa_conformance.mock.server import RunningMock, serve_in_thread
from vcsa_conformance.redact import Redactor
from vcsa_conformance.suite.generate.requests import minimal_request
from vcsa_conformance.suite.http.backups import BackupController
from vcsa_conformance.suite.http.budget import Pacing
from vcsa_conformance.suite.http.client import Client, NoAnswer
from vcsa_conformance.suite.http.jobs import ReadJudge, not_judged
from vcsa_conformance.suite.judge import checks
from vcsa_conformance.suite.judge.recorder import ConformanceFailure, Recorder
from vcsa_conformance.suite.run.session import RunningTest

ADMIN, PASSWORD = "administrator@vsphere.local", "VMware1!"
CREATE = "POST /api/appliance/recovery/backup/job"
WEAK = minimal_request(backup_password="Conf4n!")  # 7 characters: too short, nothing else
VALID = minimal_request()


@contextmanager
def mock(*faults: Fault, job_seconds: float = 30.0) -> Iterator[RunningMock]:
    with serve_in_thread(MockConfig(job_seconds=job_seconds, faults=frozenset(faults))) as m:
        yield m


def controller(
    running: RunningMock,
    *,
    max_backups: int | None = 1,
    deadline: float | None = None,
    judge: ReadJudge = not_judged,
    **overrides: Any,
) -> tuple[BackupController, Recorder]:
    recorder = Recorder(test=lambda: test.name)
    test = RunningTest(recorder)
    test.begin("test_x", ())
    client = Client(running.url, str(running.ca_path), recorder=recorder, redactor=Redactor())
    client.login(ADMIN, PASSWORD)
    options: dict[str, Any] = {
        "busy_wait": 0.0,
        "job_wait": 5.0,
        "cleanup_wait": 5.0,
        "poll": 0.05,
        "start_retry": 1.0,
    }
    options.update(overrides)
    pacing = Pacing(max_backups=max_backups, **options)
    return BackupController(client, test, pacing, deadline=deadline, judge=judge), recorder


def usage(running: RunningMock) -> tuple[int, int]:
    """What the mock itself counts: backups started, jobs running."""
    assert running.app is not None
    started, now_running = running.app.state.appliance.usage()
    return started, now_running


def creates(recorder: Recorder) -> int:
    return sum(recorder.coverage[CREATE].values())


def test_a_create_needs_a_free_unit_even_while_a_backup_runs() -> None:
    """A faulty appliance may accept a second backup, so a busy create spends a unit too."""
    with mock() as running:
        backups, recorder = controller(running, max_backups=1)
        first = backups.create(VALID, expect="start", keep=True)
        assert first.status == 201 and backups.budget.spent == 1
        with pytest.raises(SkipTest, match=r"1 of 1 spent\); raise --max-backups"):
            backups.create(VALID, expect="busy")
        assert creates(recorder) == 1
        backups.finish()
        assert usage(running) == (1, 0)


def test_any_2xx_counts_and_an_unwanted_backup_is_cancelled_at_once() -> None:
    with mock(Fault.CREATE_200, Fault.PASSWORD_MIN_LENGTH) as running:
        backups, _ = controller(running, max_backups=3)
        answer = backups.create(WEAK, expect="refused")
        assert answer.status == 200 and backups.budget.spent == 1
        # cancelled at once and read right after: that cancel is kept for the cancel test
        assert backups.ledger.states == {answer.json["id"]: "FAILED"}
        assert list(backups.ledger.cancels) == [answer.json["id"]]
        assert usage(running) == (1, 0)  # cancelled before the create call returned


def test_a_job_that_appears_in_the_job_list_counts_though_the_answer_was_an_error() -> None:
    with mock() as running:
        backups, _ = controller(running, max_backups=2)
        liar, _ = controller(running)
        send = backups.client.create_job

        def refused_but_started(body: Any = None, **kwargs: Any) -> Any:
            answer = send(body, **kwargs)
            liar.client.create_job(VALID)  # a backup starts all the same
            return answer

        backups.client.create_job = refused_but_started  # type: ignore[method-assign]
        answer = backups.create(WEAK, expect="refused")
        assert answer.status == 400 and backups.budget.spent == 1
        assert usage(running) == (1, 0)  # and it was cancelled at once


def test_concurrent_creates_never_exceed_what_the_budget_has_left() -> None:
    with mock() as running:
        backups, recorder = controller(running, max_backups=2)
        backups.create(VALID, expect="start", keep=True)
        with pytest.raises(SkipTest, match="2 concurrent creates"):
            backups.create_concurrently([VALID, VALID])
        assert creates(recorder) == 1


def test_every_concurrent_start_counts() -> None:
    with mock(Fault.SECOND_BACKUP_ACCEPTED) as running:
        backups, _ = controller(running, max_backups=3)
        answers = backups.create_concurrently([VALID, VALID, VALID])
        assert [a.status for a in answers] == [201, 201, 201] and backups.budget.spent == 3
        backups.cancel_all_but(answers[0].json["id"])
        backups.finish()
        assert usage(running) == (3, 0)


def test_a_hypothesis_replay_is_answered_from_memory() -> None:
    with mock(Fault.PASSWORD_MIN_LENGTH) as running:
        backups, recorder = controller(running, max_backups=2)

        @settings(max_examples=1, database=None)
        @given(st.just(WEAK))
        def replayed(body: dict[str, Any]) -> None:
            first = backups.create(body, expect="refused")
            again = backups.create(body, expect="refused")
            assert again is first

        replayed()
        assert creates(recorder) == 1 and backups.budget.spent == 1


def test_a_hypothesis_test_that_failed_rejects_further_creates_instead_of_sending() -> None:
    with mock() as running:
        backups, recorder = controller(running, max_backups=2)
        probe = backups.create(VALID, expect="start", keep=True)
        with pytest.raises(ConformanceFailure):
            recorder.check("BKP-CONC-003", checks.check_status_and_type, probe, 400, "X")
        sent = creates(recorder)
        seen: list[type[BaseException]] = []

        @settings(max_examples=1, database=None)
        @given(st.just(WEAK))
        def shrinking(body: dict[str, Any]) -> None:
            try:
                backups.create(body, expect="refused")
            except UnsatisfiedAssumption as error:
                seen.append(type(error))
                raise

        with pytest.raises(hypothesis.errors.Unsatisfiable):
            shrinking()
        assert seen and creates(recorder) == sent
        with pytest.raises(SkipTest, match="already seen a MUST failure"):
            backups.create(WEAK, expect="refused")  # outside hypothesis: a skip


def test_a_requirement_that_already_failed_is_not_checked_again() -> None:
    with mock() as running:
        backups, recorder = controller(running, max_backups=2)
        backups.test.begin("test_a", ())
        exchange = backups.create(WEAK, expect="refused")
        with pytest.raises(ConformanceFailure):
            recorder.check("BKP-INPUT-004", checks.check_status_and_type, exchange, 201, "X")
        backups.test.begin("test_b", ("BKP-INPUT-004", "BKP-INPUT-012"))
        with pytest.raises(SkipTest, match="BKP-INPUT-004 already failed"):
            backups.create(WEAK, expect="refused")


def test_a_busy_create_is_sent_only_while_a_backup_of_the_run_runs() -> None:
    with mock() as running:
        backups, recorder = controller(running, max_backups=2)
        with pytest.raises(SkipTest, match="no backup of this run is running"):
            backups.create(VALID, expect="busy")
        assert creates(recorder) == 0


def test_the_cleanup_runs_after_the_deadline() -> None:
    with mock() as running:
        backups, _ = controller(running, max_backups=1, deadline=time.monotonic() + 60)
        backups.create(VALID, expect="start", keep=True)
        backups.waits.deadline = time.monotonic() - 1
        backups.client._deadline = time.monotonic() - 1
        backups.finish()
        assert backups.ledger.left_running == [] and usage(running) == (1, 0)


def test_a_job_that_ignores_cancel_is_reported_left_running_within_the_bound() -> None:
    with mock(Fault.CANCEL_IGNORED, job_seconds=60.0) as running:
        backups, _ = controller(running, max_backups=1, cleanup_wait=0.3)
        answer = backups.create(VALID, expect="start", keep=True)
        started = time.monotonic()
        backups.finish()
        assert time.monotonic() - started < 5
        assert backups.ledger.left_running == [answer.json["id"]]
        running.app.state.appliance._jobs.get(answer.json["id"]).cancel(time.time())  # type: ignore[union-attr]


def test_waits_end_at_the_run_deadline() -> None:
    with mock(Fault.CANCEL_IGNORED, job_seconds=60.0) as running:
        backups, _ = controller(running, job_wait=300.0, deadline=time.monotonic() + 0.5)
        answer = backups.create(VALID, expect="start", keep=True)
        started = time.monotonic()
        with pytest.raises(SkipTest, match="--job-wait"):
            backups.make_idle()
        assert time.monotonic() - started < 5
        running.app.state.appliance._jobs.get(answer.json["id"]).cancel(time.time())  # type: ignore[union-attr]


def test_a_foreign_backup_is_waited_for_then_skipped() -> None:
    with mock() as running:
        other, _ = controller(running, max_backups=None)
        started = other.client.create_job(VALID)
        assert started.status == 201
        backups, _ = controller(running, max_backups=1, busy_wait=0.2)
        with pytest.raises(SkipTest, match="not started by this run"):
            backups.create(VALID, expect="start")
        assert backups.budget.spent == 0


def test_a_create_that_arrives_after_the_backup_ended_is_late_not_a_second_backup() -> None:
    """The race of issue 16: the running backup was read INPROGRESS just before, and ended
    before the create arrived. The 201 is right; its backup is cancelled at once and kept as
    the run's next backup (for BKP-CONC-003 and the cancel checks), not lost."""
    with mock(job_seconds=0.4) as running:
        backups, _ = controller(running, max_backups=2)
        first = backups.create(VALID, expect="start", keep=True).json["id"]
        time.sleep(0.6)  # it ends; the run last saw it INPROGRESS
        answer = backups.create_busy(VALID)
        late = answer.exchange.json["id"]
        assert answer.exchange.status == 201 and answer.late and answer.overlapped == ()
        assert backups.ledger.late == [late] and backups.ledger.kept == [first]
        cancelled = backups.ledger.cancels[late]
        assert cancelled.cancel.json["status"] == "OK" and cancelled.created is answer.exchange
        assert backups.budget.spent == 2 and usage(running) == (2, 0)


def test_a_create_accepted_while_the_backup_still_runs_overlaps() -> None:
    with mock(Fault.SECOND_BACKUP_ACCEPTED) as running:
        backups, _ = controller(running, max_backups=2)
        first = backups.create(VALID, expect="start", keep=True).json["id"]
        answer = backups.create_busy(VALID)
        assert answer.exchange.status == 201 and answer.overlapped == (first,)
        assert not answer.late and backups.ledger.late == []
        assert usage(running) == (2, 1)  # the second was cancelled at once; the first runs
        backups.finish()


def test_a_refused_busy_create_starts_nothing() -> None:
    with mock() as running:
        backups, _ = controller(running, max_backups=2)
        backups.create(VALID, expect="start", keep=True)
        answer = backups.create_busy(VALID)
        assert answer.exchange.error_type == "FEATURE_IN_USE"
        assert (answer.started, answer.late, backups.budget.spent) == ((), False, 1)
        backups.finish()


def test_every_answer_the_controller_reads_goes_to_the_read_judge() -> None:
    """Polls, the job list after a create, cancels and the cleanup's reads: each is judged."""
    with mock(job_seconds=0.3) as running:
        read: list[tuple[str, str, int]] = []
        backups, _ = controller(
            running,
            max_backups=2,
            judge=lambda exchange, progress: read.append(
                (exchange.request.method, exchange.request.url.split("/backup/")[-1], len(progress))
            ),
        )
        job = backups.create(VALID, expect="start", keep=True).json["id"]
        backups.wait_until_left_running(job, 5.0)
        backups.finish()
        methods = {method for method, _, _ in read}
        assert ("GET", "job", 0) in read  # the list after the create (it counts the budget)
        assert any(path == f"job/{job}" and seen >= 2 for _, path, seen in read)  # polls
        assert methods == {"GET"}  # (nothing left to cancel: it ended by itself)
        backups.create(VALID, expect="refused")  # on an idle mock: started, cancelled at once
        assert read[-2][0] == "POST" and "action=cancel" in read[-2][1]


def _no_answer(*args: Any, **kwargs: Any) -> Any:
    raise NoAnswer("GET /x got no answer (ReadTimeout)")


def test_a_backup_is_charged_and_tracked_though_the_job_list_after_it_got_no_answer() -> None:
    with mock() as running:
        backups, _ = controller(running, max_backups=2)
        backups.create(WEAK, expect="refused")  # refused; the job list is read and known
        listing = backups.client.list_jobs
        backups.client.list_jobs = _no_answer  # type: ignore[method-assign]
        with pytest.raises(NoAnswer):
            backups.create(VALID, expect="start", keep=True)
        assert backups.budget.spent == 1 and list(backups.ledger.states.values()) == ["INPROGRESS"]
        backups.client.list_jobs = listing  # type: ignore[method-assign]
        backups.finish()
        assert backups.ledger.left_running == [] and usage(running) == (1, 0)


def test_a_create_that_got_no_answer_is_charged_and_found_by_the_cleanup() -> None:
    with mock() as running:
        backups, _ = controller(running, max_backups=2)
        backups.create(WEAK, expect="refused")
        send = backups.client.create_job

        def sent_but_unanswered(body: Any = None, **kwargs: Any) -> Any:
            send(body, **kwargs)
            raise NoAnswer("POST /job got no answer (ReadTimeout)")

        backups.client.create_job = sent_but_unanswered  # type: ignore[method-assign]
        with pytest.raises(NoAnswer):
            backups.create(VALID, expect="start", keep=True)
        assert (backups.budget.spent, backups.budget.unanswered, backups.ledger.states) == (
            1,
            1,
            {},
        )
        backups.finish()  # finds it in the job list, cancels it
        assert backups.ledger.left_running == [] and usage(running) == (1, 0)


def test_one_cleanup_read_without_an_answer_does_not_end_the_cleanup() -> None:
    with mock() as running:
        backups, _ = controller(running, max_backups=1)
        backups.create(VALID, expect="start", keep=True)
        get_job = backups.client.get_job
        calls: list[str] = []

        def once_unanswered(job_id: str, **kwargs: Any) -> Any:
            calls.append(job_id)
            return _no_answer() if len(calls) == 1 else get_job(job_id, **kwargs)

        backups.client.get_job = once_unanswered  # type: ignore[method-assign]
        backups.finish()
        assert backups.ledger.left_running == [] and usage(running) == (1, 0)


def test_a_second_backup_that_ended_after_the_new_one_started_overlapped() -> None:
    """Read late (slow answers), the running backup has ended; by the appliance's own clock
    it ended after the new one started: a second backup was accepted, not a late create."""
    with mock(Fault.SECOND_BACKUP_ACCEPTED, job_seconds=2.0) as running:
        backups, _ = controller(running, max_backups=2)
        first = backups.create(VALID, expect="start", keep=True).json["id"]
        get_job = backups.client.get_job

        def slow(job_id: str, **kwargs: Any) -> Any:
            time.sleep(max(0.0, started + 2.3 - time.monotonic()))
            return get_job(job_id, **kwargs)

        started = time.monotonic()
        backups.client.get_job = slow  # type: ignore[method-assign]
        answer = backups.create_busy(VALID)
        assert answer.exchange.status == 201 and answer.overlapped == (first,)
        assert not answer.late and backups.ledger.late == []


def test_no_busy_create_is_sent_against_a_backup_the_run_has_cancelled() -> None:
    with mock(Fault.CANCEL_IGNORED) as running:
        backups, recorder = controller(running, max_backups=2)
        job = backups.create(VALID, expect="start", keep=True).json["id"]
        backups.cancel(job)
        with pytest.raises(SkipTest, match="no backup of this run is running"):
            backups.create_busy(VALID)
        assert creates(recorder) == 1
        running.app.state.appliance._jobs.get(job).cancel(time.time())  # type: ignore[union-attr]
