"""Secrets: no answer repeats a password or session token that the request carried.

Every answer of every test is already searched (expectations.answer); this module sends
requests built to tempt an echo: rejected passwords (quoted in an error message?), then an
accepted request whose job is read back (passwords in the job status or its messages?).
"""

from __future__ import annotations

import pytest

from vcsa_conformance.suite import checks, expectations
from vcsa_conformance.suite.backups import BackupController
from vcsa_conformance.suite.client import Client
from vcsa_conformance.suite.recorder import Recorder
from vcsa_conformance.suite.scenarios import minimal_request

# Canary secrets (never real ones): each is long enough to be searched for in answers.
REJECTED = {
    "too-long": {"backup_password": "Canary-Secret-Too-Long-2026!"},
    "no-upper": {"backup_password": "canary-secret-noup1!"},
    "space": {"backup_password": "Canary secret 1!"},
}
ACCEPTED = {"location_user": "canary", "location_password": "Canary-Location-Pw-1!"}


@pytest.mark.requirement("BKP-SEC-001")
@pytest.mark.parametrize("case", sorted(REJECTED))
def test_no_secret_in_rejections(backups: BackupController, recorder: Recorder, case: str) -> None:
    backups.make_idle()
    expectations.answer(recorder, backups.create(minimal_request(**REJECTED[case])))


@pytest.mark.requirement("BKP-SEC-001", "BKP-CREATE-001", "BKP-CREATE-002")
def test_no_secret_in_job(client: Client, backups: BackupController, recorder: Recorder) -> None:
    """On a live appliance this is the run's first backup, so it is judged as a create too."""
    create = backups.create_when_idle(minimal_request(**ACCEPTED))
    expectations.answer(recorder, create)
    recorder.check("BKP-CREATE-001", checks.check_created_or_busy, create)
    if create.status == 201:
        recorder.check("BKP-CREATE-002", checks.check_body_matches_schema, create)
    body = create.json
    if create.status != 201 or not isinstance(body, dict) or not isinstance(body.get("id"), str):
        pytest.skip(f"the request was not accepted ({create.describe()}); no job to read back")
    for read in (backups.state(body["id"]), client.list_jobs()):
        expectations.answer(recorder, read)
        recorder.check("BKP-SEC-001", checks.check_no_secret_echo, read, create.secrets)
