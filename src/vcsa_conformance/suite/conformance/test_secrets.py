"""Secrets: no answer repeats a password or session token that the request carried.

Every answer of every test is already searched (expectations.answer); this module sends
requests built to tempt an echo: rejected passwords (quoted in an error message?), then an
accepted request whose job is read back (passwords in the job status or its messages?).
"""

from __future__ import annotations

import pytest

from vcsa_conformance.suite.conformance.scenarios import a_backup
from vcsa_conformance.suite.generate.requests import BackupLocation, minimal_request
from vcsa_conformance.suite.http.backups import BackupController
from vcsa_conformance.suite.http.client import Client
from vcsa_conformance.suite.judge import checks, expectations
from vcsa_conformance.suite.judge.recorder import Recorder
from vcsa_conformance.suite.run.plan import Step

# Canary secrets (never real ones): each is long enough to be searched for in answers.
REJECTED = {
    "too-long": {"backup_password": "Canary-Secret-Too-Long-2026!"},
    "no-upper": {"backup_password": "canary-secret-noup1!"},
    "space": {"backup_password": "Canary secret 1!"},
}

pytestmark = pytest.mark.step(Step.INVALID)


@pytest.mark.requirement("BKP-SEC-001")
@pytest.mark.parametrize("case", sorted(REJECTED))
def test_no_secret_in_rejections(backups: BackupController, recorder: Recorder, case: str) -> None:
    backups.make_idle()
    exchange = backups.create(minimal_request(**REJECTED[case]), expect="refused")
    expectations.answer(recorder, exchange)


@pytest.mark.step(Step.SECRETS)
@pytest.mark.requirement("BKP-SEC-001", "BKP-CREATE-001", "BKP-CREATE-002")
def test_no_secret_in_job(
    client: Client, backups: BackupController, recorder: Recorder, location: BackupLocation
) -> None:
    """The run's running backup (on a live appliance the one the concurrent creates started,
    with canary secrets) read back: neither its status nor the job list holds a secret."""
    create, job_id = a_backup(backups, recorder, location)
    with recorder.collecting():
        expectations.answer(recorder, create)
        if create.request.method == "POST":
            recorder.check("BKP-CREATE-001", checks.check_created_or_busy, create)
        if create.status == 201:
            recorder.check("BKP-CREATE-002", checks.check_body_matches_schema, create)
        for read in (backups.state(job_id), client.list_jobs()):
            expectations.answer(recorder, read)
            recorder.check("BKP-SEC-001", checks.check_no_secret_echo, read, create.secrets)
