"""One backup at a time: a second create is refused, N concurrent creates start one."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from vcsa_conformance.suite import checks, expectations
from vcsa_conformance.suite.backups import BackupController
from vcsa_conformance.suite.client import Client
from vcsa_conformance.suite.exchange import Exchange
from vcsa_conformance.suite.profiles import Profile
from vcsa_conformance.suite.recorder import Recorder
from vcsa_conformance.suite.scenarios import is_running, minimal_request, start_backup


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
    created = [e.json["id"] for e in answers if e.status == 201 and isinstance(e.json, dict)]
    statuses = [backups.state(str(job)).json for job in created]  # read at once: overlap?
    recorder.check(
        "BKP-CONC-002",
        checks.check_one_backup_at_a_time,
        answers,
        statuses,
        exchange=answers[0],
    )


def _make_idle(backups: BackupController) -> None:
    backups.make_idle()
    if not backups.idle_observed():
        pytest.skip(
            "a backup this run started could not be read back, so the appliance cannot be "
            "shown idle (see BKP-JOB-001)"
        )


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
