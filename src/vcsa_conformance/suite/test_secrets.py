"""Secrets: no answer repeats a password or session token that the request carried.

Every answer of every test is already searched (expectations.answer); this module sends
requests built to tempt an echo: rejected and accepted passwords, then reads the job back.
"""

from __future__ import annotations

import pytest

from vcsa_conformance.suite import checks, expectations
from vcsa_conformance.suite.backups import BackupController
from vcsa_conformance.suite.client import Client
from vcsa_conformance.suite.recorder import Recorder
from vcsa_conformance.suite.scenarios import minimal_request

# Canary secrets (never real ones): each is long enough to be searched for in answers.
TEMPTING = [
    {"backup_password": "Canary-Secret-Too-Long-2026!"},  # rejected: too long
    {"backup_password": "canary-secret-noup1!"},  # rejected: no uppercase
    {"backup_password": "Canary secret 1!"},  # rejected: a space
    {"location_user": "canary", "location_password": "Canary-Location-Pw-1!"},
]


@pytest.mark.requirement("BKP-SEC-001")
@pytest.mark.parametrize("fields", TEMPTING, ids=["too-long", "no-upper", "space", "location"])
def test_no_secret_in_answers(
    client: Client, backups: BackupController, recorder: Recorder, fields: dict[str, str]
) -> None:
    backups.make_idle()
    exchange = backups.create(minimal_request(**fields))
    expectations.answer(recorder, exchange)
    body = exchange.json
    if exchange.status == 201 and isinstance(body, dict) and isinstance(body.get("id"), str):
        read = client.get_job(body["id"])
        expectations.answer(recorder, read)
        recorder.check("BKP-SEC-001", checks.check_no_secret_echo, read, exchange.secrets)
    listing = client.send("GET", "/api/appliance/recovery/backup/job/details")
    if listing.operation is not None:
        recorder.check("BKP-SEC-001", checks.check_no_secret_echo, listing, exchange.secrets)
