"""One backup at a time: N concurrent creates start one, a second create is refused, and a
create once the last backup ended is accepted."""

from __future__ import annotations

import pytest

from vcsa_conformance.suite.conformance.scenarios import late_create, start_backup
from vcsa_conformance.suite.generate.requests import BackupLocation, minimal_request
from vcsa_conformance.suite.http.backups import BackupController
from vcsa_conformance.suite.http.exchange import Exchange
from vcsa_conformance.suite.http.ledger import started_job
from vcsa_conformance.suite.judge import checks, expectations
from vcsa_conformance.suite.judge.recorder import Recorder
from vcsa_conformance.suite.run.plan import Step
from vcsa_conformance.suite.run.profiles import ExampleBudget


@pytest.mark.step(Step.FIRST_BACKUP)
@pytest.mark.requirement("BKP-CONC-002", "BKP-CREATE-001", "BKP-CREATE-002")
def test_concurrent_creates_start_one(
    backups: BackupController,
    recorder: Recorder,
    example_budget: ExampleBudget,
    location: BackupLocation,
) -> None:
    """N valid creates at once on an idle appliance start one backup. On a live appliance
    that backup is the run's first (with canary secrets), which the next tests share."""
    _make_idle(backups)
    free = backups.budget.free()
    count = example_budget.concurrent_creates
    if free is not None:  # what the budget has left, less one for BKP-CONC-001 when it can
        count = min(count, free - 1 if free >= 3 else free)
    if count < 2:
        pytest.skip(
            f"the backup budget has {free} backup(s) left and concurrent creates need 2 "
            "(raise --max-backups)"
        )
    answers = backups.create_concurrently([location.request() for _ in range(count)])
    started = [job for job in map(started_job, answers) if job is not None]
    try:
        _judge_concurrent(backups, recorder, answers, started)
    finally:
        backups.cancel_all_but(started[0] if started else None)


def _judge_concurrent(
    backups: BackupController, recorder: Recorder, answers: list[Exchange], started: list[str]
) -> None:
    with recorder.collecting():
        for exchange in answers:
            expectations.answer(recorder, exchange)
            recorder.check("BKP-CREATE-001", checks.check_created_or_busy, exchange)
            if exchange.status == 201:
                recorder.check("BKP-CREATE-002", checks.check_body_matches_schema, exchange)
                recorder.check("BKP-JOB-001", checks.check_created_job_id, exchange)
        # Several started: read them at once, to tell overlap from jobs that ended at once.
        statuses = [backups.state(job).json for job in started] if len(started) > 1 else []
        recorder.check(
            "BKP-CONC-002",
            checks.check_one_backup_at_a_time,
            answers,
            statuses,
            exchange=answers[0],
        )


def _make_idle(backups: BackupController) -> None:
    backups.make_idle()
    if not backups.ledger.idle_observed():
        pytest.skip(
            "a backup this run started could not be read back, so the appliance cannot be "
            "shown idle (see BKP-JOB-001)"
        )


@pytest.mark.step(Step.SECOND_CREATE)
@pytest.mark.requirement("BKP-CONC-001")
def test_second_backup_refused(
    backups: BackupController, recorder: Recorder, location: BackupLocation
) -> None:
    """A valid create while the run's backup runs: sent at once, without reading the running
    job first (a fast appliance may finish it on that read). A 201 is judged by reading the
    first backup right after: still running, a second backup was accepted; ended, the create
    arrived late and nothing was concurrent (its backup is the run's next one)."""
    _, first = start_backup(backups, recorder, location)
    answer = backups.create_busy(minimal_request())
    expectations.answer(recorder, answer.exchange)
    if answer.late:
        pytest.skip(
            f"backup {first} had ended before the second create arrived, so nothing was "
            "concurrent; the backup that create started is the run's next one"
        )
    if answer.started and not answer.overlapped:
        pytest.skip(
            f"the second create started a backup, and whether backup {first} had ended by "
            "then could not be told (it could not be read, or the answers carry no times)"
        )
    recorder.check(
        "BKP-CONC-001", checks.check_status_and_type, answer.exchange, 400, "FEATURE_IN_USE"
    )


@pytest.mark.step(Step.SECOND_BACKUP)
@pytest.mark.requirement("BKP-CONC-003")
def test_new_backup_after_the_last_ended(
    backups: BackupController, recorder: Recorder, location: BackupLocation
) -> None:
    """After a backup of this run has ended (and none runs), a create answers 201. On a live
    appliance its backup is the run's second, which the cancel test then cancels; if a create
    sent while backup 1 ran already arrived after its end and was accepted, that create is the
    evidence, and no further backup is spent."""
    late = late_create(backups) if backups.bounded else None
    if late is not None:
        recorder.check("BKP-CONC-003", checks.check_created, late)
        recorder.check("BKP-JOB-001", checks.check_created_job_id, late)
        return
    if not backups.ledger.states:
        start_backup(backups, recorder, location)
    _make_idle(backups)  # cancel what runs and see it leave INPROGRESS
    second = backups.create(location.request(), expect="start", keep=True)
    with recorder.collecting():
        expectations.answer(recorder, second)
        recorder.check("BKP-CONC-003", checks.check_created, second)
        recorder.check("BKP-JOB-001", checks.check_created_job_id, second)
