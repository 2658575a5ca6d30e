"""One backup at a time: a second create is refused, N concurrent creates start one."""

from __future__ import annotations

import itertools
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from vcsa_conformance.suite import checks, expectations
from vcsa_conformance.suite.backups import BackupController
from vcsa_conformance.suite.client import Client
from vcsa_conformance.suite.exchange import Exchange
from vcsa_conformance.suite.profiles import Profile
from vcsa_conformance.suite.recorder import CheckFailed, Recorder
from vcsa_conformance.suite.scenarios import is_running, minimal_request, start_backup
from vcsa_conformance.suite.timestamps import parse_rfc3339


@pytest.mark.requirement("BKP-CONC-001")
def test_second_backup_refused(
    client: Client, backups: BackupController, recorder: Recorder
) -> None:
    _, first = start_backup(backups, recorder)
    second = backups.create(minimal_request())
    expectations.answer(recorder, second)
    still_running = is_running(backups.state(first))
    if second.status == 201 and not still_running:
        pytest.skip("the first backup had already finished; nothing was concurrent")
    recorder.check("BKP-CONC-001", checks.check_status_and_type, second, 400, "FEATURE_IN_USE")


@pytest.mark.requirement("BKP-CONC-002")
def test_concurrent_creates_start_one(
    client: Client, backups: BackupController, recorder: Recorder, profile: Profile
) -> None:
    _make_idle(backups)
    backups.before_create()
    count = profile.concurrent_creates
    barrier = threading.Barrier(count)

    def create() -> Exchange:
        barrier.wait(timeout=10)
        return client.create_job(minimal_request())

    with ThreadPoolExecutor(max_workers=count) as pool:
        answers = list(pool.map(lambda _: create(), range(count)))
    for exchange in answers:
        backups.after_create(exchange)
        expectations.answer(recorder, exchange)
    recorder.check(
        "BKP-CONC-002", _check_one_backup_at_a_time, answers, backups, exchange=answers[0]
    )


def _make_idle(backups: BackupController) -> None:
    backups.make_idle()
    if not backups.idle_observed():
        pytest.skip(
            "a backup this run started could not be read back, so the appliance cannot be "
            "shown idle (see BKP-JOB-001)"
        )


def _check_one_backup_at_a_time(answers: list[Exchange], backups: BackupController) -> None:
    """BKP-CONC-002: exactly one 201 unless the backups provably did not overlap in time."""
    try:
        checks.check_exactly_one_created(answers)
    except CheckFailed:
        created = [e.json["id"] for e in answers if e.status == 201 and isinstance(e.json, dict)]
        if len(created) < 2 or _overlapping(created, backups):
            raise
        busy = [e for e in answers if e.status != 201]
        if any(e.status != 400 or e.error_type != "FEATURE_IN_USE" for e in busy):
            raise


def _overlapping(job_ids: list[str], backups: BackupController) -> bool:
    """True when two of the jobs ran at the same time (both running now, or times overlap)."""
    reads = [backups.state(job).json for job in job_ids]
    statuses = [r for r in reads if isinstance(r, dict)]
    if sum(1 for r in statuses if r.get("state") == "INPROGRESS") >= 2:
        return True
    spans = []
    for status in statuses:
        try:
            start = parse_rfc3339(str(status.get("start_time")))
            end = parse_rfc3339(str(status.get("end_time")))
        except ValueError:
            return True  # cannot show they did not overlap
        spans.append((start, end))
    spans.sort()
    return any(later[0] < earlier[1] for earlier, later in itertools.pairwise(spans))


@pytest.mark.requirement("BKP-CONC-003")
def test_new_backup_after_the_last_ended(
    client: Client, backups: BackupController, recorder: Recorder
) -> None:
    """After a backup of this run has ended (and none runs), a create answers 201."""
    if not backups.started:
        start_backup(backups, recorder)
    _make_idle(backups)  # cancel what runs and see it leave INPROGRESS
    second = backups.create(minimal_request())
    expectations.answer(recorder, second)
    recorder.check("BKP-CONC-003", checks.check_created, second)
