"""Backup schedules: create, read back, update, delete and run; their input rules.

Live safety (``http/schedules.py``): the run writes only schedules it created itself, under
ids it minted, each created disabled and deleted at the end of its test (and, whatever
happens, at the end of the run); on a live target only with --schedule-writes, and never
next to a schedule that already exists (the skip names it). A schedule's run starts a
backup: it goes through the BackupController's budget, and its backup is cancelled.
Requests for ids no schedule has are safe on any target: the id is a fresh one of the run's.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from hypothesis import assume, example, given
from hypothesis import strategies as st

from vcsa_conformance.contract.api import SCHEDULED
from vcsa_conformance.contract.password import Rule, broken_rules
from vcsa_conformance.suite.conformance.scenarios import judge_details, start_backup
from vcsa_conformance.suite.generate import schedules as specs
from vcsa_conformance.suite.generate import strategies
from vcsa_conformance.suite.generate.neighbours import PASSWORDS
from vcsa_conformance.suite.generate.requests import BackupLocation
from vcsa_conformance.suite.http.backups import BackupController
from vcsa_conformance.suite.http.client import Client
from vcsa_conformance.suite.http.exchange import Exchange
from vcsa_conformance.suite.http.schedules import ScheduleKeeper
from vcsa_conformance.suite.judge import checks, expectations
from vcsa_conformance.suite.judge.recorder import Recorder
from vcsa_conformance.suite.run.plan import Step

pytestmark = pytest.mark.step(Step.INVALID)  # no backup; while the appliance is idle


@contextmanager
def own_schedule(
    schedules: ScheduleKeeper, recorder: Recorder, spec: dict[str, Any]
) -> Iterator[tuple[str, Exchange]]:
    """A schedule of the run's own, created with ``spec`` and deleted when the block ends;
    the test is skipped when the run may not create one (the reason says why)."""
    schedules.require_room()
    schedule_id = schedules.mint()
    created = schedules.create(schedule_id, spec)
    try:
        expectations.answer(recorder, created)
        yield schedule_id, created
    finally:
        if schedule_id in schedules.created:
            schedules.delete(schedule_id)


def _written(
    schedules: ScheduleKeeper, recorder: Recorder, spec: dict[str, Any]
) -> tuple[str, Exchange]:
    """Create with ``spec`` (meant to be refused) under a minted id; a schedule it created
    all the same is deleted at once."""
    schedules.require_room()
    schedule_id = schedules.mint()
    exchange = schedules.create(schedule_id, spec)
    if schedule_id in schedules.created:
        schedules.delete(schedule_id)
    expectations.answer(recorder, exchange)
    return schedule_id, exchange


def _refused_content(
    recorder: Recorder, requirement_id: str, exchange: Exchange, undeserializable: bool = False
) -> None:
    """A schedule create refused for its content: never 2xx; for the password policy (a MUST)
    a vAPI error body, and 400 INVALID_ARGUMENT is BKP-SCHED-012's (a SHOULD); for the
    SHOULDs of the ranges and the content, 400 INVALID_ARGUMENT is the rule itself."""
    should = "BKP-SCHED-012" if requirement_id == "BKP-SCHED-009" else requirement_id
    with recorder.collecting():
        recorder.check(requirement_id, checks.check_not_written, exchange, "invalid content")
        if requirement_id == "BKP-SCHED-009":
            recorder.check(requirement_id, checks.check_vapi_error_body, exchange)
        if not 200 <= exchange.status < 300:
            recorder.check(should, checks.check_invalid_argument, exchange, undeserializable)


# the life cycle ----------------------------------------------------------------------


@pytest.mark.requirement(
    "BKP-SCHED-001",
    "BKP-SCHED-002",
    "BKP-SCHED-004",
    "BKP-SCHED-005",
    "BKP-SCHED-006",
    "BKP-SCHED-009",
    "BKP-SCHED-013",
)
def test_schedule_life_cycle(
    client: Client, schedules: ScheduleKeeper, recorder: Recorder, parts: list[str]
) -> None:
    """Create (at the edges: 23:59, every day, one backup kept), read back, create again
    under the same id, update one field, an invalid update, delete."""
    spec = specs.minimal_spec(parts=list(parts[:1]))
    secrets = (spec["backup_password"], spec["location_password"])
    with own_schedule(schedules, recorder, spec) as (schedule_id, created):
        recorder.check("BKP-SCHED-001", checks.check_answered_204, created, "a new schedule")
        listing, read = schedules.list(), schedules.get(schedule_id)
        for answer in (listing, read):
            expectations.answer(recorder, answer)
            recorder.check("BKP-SCHED-013", checks.check_no_secret_echo, answer, secrets)
        recorder.check("BKP-SCHED-001", checks.check_schedule_listed, listing, schedule_id)
        recorder.check("BKP-SCHED-001", checks.check_schedule_info, read, spec)
        before = read.json

        again = schedules.create(schedule_id, specs.minimal_spec(location_user="other"))
        expectations.answer(recorder, again)
        recorder.check("BKP-SCHED-002", checks.check_status_and_type, again, 400, "ALREADY_EXISTS")
        after = schedules.get(schedule_id)
        recorder.check("BKP-SCHED-002", checks.check_schedule_unchanged, before, after)

        change = {"location_user": "vcsa-conformance-updated"}
        updated = schedules.update(schedule_id, change)
        expectations.answer(recorder, updated)
        recorder.check("BKP-SCHED-004", checks.check_answered_204, updated, "a valid UpdateSpec")
        read = schedules.get(schedule_id)
        expectations.answer(recorder, read)
        recorder.check("BKP-SCHED-004", checks.check_schedule_updated, before, change, read)
        before = read.json

        weak = PASSWORDS[0].changes["backup_password"]  # 7 characters: the nearest neighbour
        refused = schedules.update(schedule_id, {"backup_password": weak, "location_user": "x"})
        expectations.answer(recorder, refused)
        recorder.check("BKP-SCHED-005", checks.check_not_written, refused, "a 7-character password")
        recorder.check("BKP-SCHED-009", checks.check_not_written, refused, "a 7-character password")
        after = schedules.get(schedule_id)
        recorder.check("BKP-SCHED-005", checks.check_schedule_unchanged, before, after)

        deleted = schedules.delete(schedule_id)
        expectations.answer(recorder, deleted)
        recorder.check("BKP-SCHED-006", checks.check_answered_204, deleted, "delete")
        gone, listing = schedules.get(schedule_id), schedules.list()
        expectations.not_found(recorder, "BKP-SCHED-006", gone)
        recorder.check("BKP-SCHED-006", checks.check_schedule_listed, listing, schedule_id, False)


@pytest.mark.requirement("BKP-SCHED-001")
@given(data=st.data())
def test_valid_schedule_specs(
    client: Client,
    schedules: ScheduleKeeper,
    recorder: Recorder,
    parts: list[str],
    data: st.DataObject,
) -> None:
    spec = data.draw(specs.schedule_specs(parts))
    with own_schedule(schedules, recorder, spec) as (schedule_id, created), recorder.collecting():
        recorder.check("BKP-SCHED-001", checks.check_answered_204, created, "a valid spec")
        read = schedules.get(schedule_id)
        expectations.answer(recorder, read)
        recorder.check("BKP-SCHED-001", checks.check_schedule_info, read, spec)


# input rules -------------------------------------------------------------------------


@pytest.mark.requirement("BKP-SCHED-009", "BKP-SCHED-012")
@pytest.mark.parametrize("neighbour", PASSWORDS, ids=lambda n: n.name)
def test_schedule_password_neighbours(
    schedules: ScheduleKeeper, recorder: Recorder, neighbour: Any
) -> None:
    """The nearest invalid neighbour of each password rule, through schedule create."""
    spec = specs.minimal_spec(backup_password=neighbour.changes["backup_password"])
    _, exchange = _written(schedules, recorder, spec)
    _refused_content(recorder, "BKP-SCHED-009", exchange)


@pytest.mark.requirement("BKP-SCHED-009", "BKP-SCHED-012")
@given(rule=st.sampled_from(list(Rule)), data=st.data())
def test_schedule_passwords_breaking_a_rule(
    schedules: ScheduleKeeper, recorder: Recorder, rule: Rule, data: st.DataObject
) -> None:
    password = data.draw(strategies.passwords_breaking(rule))
    assume(broken_rules(password) == [rule])
    _, exchange = _written(schedules, recorder, specs.minimal_spec(backup_password=password))
    with recorder.collecting():
        _refused_content(recorder, "BKP-SCHED-009", exchange)


@pytest.mark.requirement("BKP-SCHED-010")
@given(invalid=specs.invalid_recurrences())
@example(invalid=("hour 24", {"minute": 0, "hour": 24}))
@example(invalid=("minute 60", {"minute": 60, "hour": 0}))
def test_recurrence_outside_its_ranges(
    schedules: ScheduleKeeper, recorder: Recorder, invalid: tuple[str, dict[str, Any]]
) -> None:
    _, recurrence = invalid
    spec = specs.minimal_spec(recurrence_info=recurrence)
    _, exchange = _written(schedules, recorder, spec)
    _refused_content(recorder, "BKP-SCHED-010", exchange)


@pytest.mark.requirement("BKP-SCHED-011")
@given(max_count=specs.invalid_retentions())
def test_retention_below_one(schedules: ScheduleKeeper, recorder: Recorder, max_count: int) -> None:
    spec = specs.minimal_spec(retention_info={"max_count": max_count})
    _, exchange = _written(schedules, recorder, spec)
    _refused_content(recorder, "BKP-SCHED-011", exchange)


@pytest.mark.requirement("BKP-SCHED-012")
@pytest.mark.parametrize("case", specs.INVALID_CONTENT, ids=lambda case: case[0])
def test_invalid_schedule_content(
    schedules: ScheduleKeeper, recorder: Recorder, case: tuple[str, str, dict[str, Any]]
) -> None:
    name, _, changes = case
    spec = specs.with_changes(specs.minimal_spec(), changes)
    _, exchange = _written(schedules, recorder, spec)
    _refused_content(recorder, "BKP-SCHED-012", exchange, name in specs.UNDESERIALIZABLE)


# unknown ids: safe anywhere (a fresh id of the run's) ---------------------------------


@pytest.mark.step(Step.READS)
@pytest.mark.requirement("BKP-SCHED-003")
def test_unknown_schedule_id(
    client: Client, schedules: ScheduleKeeper, backups: BackupController, recorder: Recorder
) -> None:
    """GET, PATCH, DELETE and run of an id no schedule has. The run goes through the
    budget (a faulty appliance may start a backup); a write that answers 2xx is cleaned up."""
    schedule_id = schedules.mint()
    answers = [
        schedules.get(schedule_id),
        schedules.update(schedule_id, {"location_user": "vcsa-conformance"}),
        schedules.delete(schedule_id),
    ]
    if schedule_id in schedules.created:
        schedules.delete(schedule_id)
    for answer in answers:
        expectations.not_found(recorder, "BKP-SCHED-003", answer)
    backups.make_idle()
    run = backups.create(expect="refused", run=schedule_id)
    expectations.not_found(recorder, "BKP-SCHED-003", run)


# run: through the backup budget ----------------------------------------------------------


# Right after the second create, before the valid creates that may race backup 1's end.
@pytest.mark.step(Step.SECOND_CREATE)
@pytest.mark.requirement("BKP-SCHED-008")
def test_run_while_a_backup_runs(
    schedules: ScheduleKeeper,
    backups: BackupController,
    recorder: Recorder,
    location: BackupLocation,
) -> None:
    """A run of the run's own schedule while the run's backup runs: FEATURE_IN_USE. Judged
    like a create sent then (``BackupController.create_busy``): a 200 after that backup had
    ended is conformant (not judged), and its backup is cancelled at once either way."""
    with own_schedule(schedules, recorder, specs.minimal_spec()) as (schedule_id, created):
        if created.status != 204:
            pytest.skip(f"the run's schedule could not be created ({created.describe()})")
        if not backups.bounded:  # live: the backup as last read (create_busy settles a stale one)
            start_backup(backups, recorder, location)
        answer = backups.create_busy(run=schedule_id)
        expectations.answer(recorder, answer.exchange)
        if answer.exchange.status == 200 and not answer.overlapped:
            pytest.skip("the run's backup had ended before the schedule's run: not judged")
        recorder.check(
            "BKP-SCHED-008", checks.check_status_and_type, answer.exchange, 400, "FEATURE_IN_USE"
        )


@pytest.mark.step(Step.SCHEDULE_RUN)
@pytest.mark.requirement("BKP-SCHED-007", "BKP-DETAILS-002", "BKP-DETAILS-004")
def test_run_starts_a_backup(
    client: Client,
    schedules: ScheduleKeeper,
    backups: BackupController,
    recorder: Recorder,
) -> None:
    """A run of the run's own schedule on an idle appliance starts a backup (one unit of the
    budget, like a create): listed, and SCHEDULED in its details; then cancelled."""
    if backups.budget.free() == 0:  # before a schedule is created for nothing
        backups.test.stop(backups.budget.shortfall())
    with own_schedule(schedules, recorder, specs.minimal_spec()) as (schedule_id, created):
        if created.status != 204:
            pytest.skip(f"the run's schedule could not be created ({created.describe()})")
        backups.make_idle()
        run = backups.create(expect="start", keep=True, run=schedule_id)
        expectations.answer(recorder, run)
        recorder.check("BKP-SCHED-007", checks.check_backup_started, run)
        expectations.job_status(recorder, run)
        body = run.json
        job_id = str(body.get("id")) if isinstance(body, dict) else ""
        if not job_id or run.status != 200:
            return
        listing = client.list_jobs()
        expectations.answer(recorder, listing)
        recorder.check("BKP-SCHED-007", checks.check_job_listed, listing, job_id)
        judge_details(backups, recorder, job_id, SCHEDULED)
        backups.make_idle()
