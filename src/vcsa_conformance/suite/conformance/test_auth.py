"""Authentication: sessions, missing, malformed, unknown and deleted tokens, privileges."""

from __future__ import annotations

import string
from collections.abc import Callable

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vcsa_conformance.contract.api import SESSION_PATH
from vcsa_conformance.suite.conformance.scenarios import unknown_job_id
from vcsa_conformance.suite.generate.requests import minimal_request
from vcsa_conformance.suite.http.backups import BackupController
from vcsa_conformance.suite.http.client import Client
from vcsa_conformance.suite.http.exchange import Exchange
from vcsa_conformance.suite.judge import checks, expectations
from vcsa_conformance.suite.judge.recorder import Recorder
from vcsa_conformance.suite.run.plan import Step
from vcsa_conformance.suite.run.target import Target

# Each backup operation as (name, call); create goes through the budget (see backups.py).
READS: dict[str, Callable[[Client, str | None], Exchange]] = {
    "list jobs": lambda c, t: c.list_jobs(token=t),
    "get job": lambda c, t: c.get_job(unknown_job_id(), token=t),
    "cancel job": lambda c, t: c.cancel_job(unknown_job_id(), token=t),
    "list parts": lambda c, t: c.list_parts(token=t),
    "part size": lambda c, t: c.part_size("common", token=t),
}

pytestmark = pytest.mark.step(Step.READS)


@pytest.mark.requirement("BKP-AUTH-001")
def test_session_create_and_info(
    new_client: Callable[[], Client], target: Target, recorder: Recorder
) -> None:
    client = new_client()
    login = client.login(target.user, target.password)
    expectations.answer(recorder, login)
    recorder.check("BKP-AUTH-001", checks.check_session_created, login)
    info = client.send("GET", SESSION_PATH)
    expectations.answer(recorder, info)
    recorder.check("BKP-AUTH-001", checks.check_session_info, info)
    client.logout()


@pytest.mark.requirement("BKP-AUTH-002")
@pytest.mark.parametrize("which", ["wrong password", "unknown user"])
def test_wrong_credentials(
    new_client: Callable[[], Client], target: Target, recorder: Recorder, which: str
) -> None:
    client = new_client()
    if which == "wrong password":
        login = client.login(target.user, target.password + "-wrong")
    else:
        login = client.login("no-such-user@vsphere.local", target.password)
    expectations.unauthenticated(recorder, "BKP-AUTH-002", login)


@pytest.mark.requirement("BKP-AUTH-003")
@pytest.mark.parametrize("operation", sorted(READS))
def test_no_token(client: Client, recorder: Recorder, operation: str) -> None:
    expectations.unauthenticated(recorder, "BKP-AUTH-003", READS[operation](client, None))


@pytest.mark.requirement("BKP-AUTH-003")
def test_create_without_token(backups: BackupController, recorder: Recorder) -> None:
    backups.make_idle()
    exchange = backups.create(minimal_request(), expect="refused", token=None)
    expectations.unauthenticated(recorder, "BKP-AUTH-003", exchange)


_TOKEN_CHARS = string.ascii_letters + string.digits + "-_.:=+/ "


@pytest.mark.requirement("BKP-AUTH-004")
@given(
    token=st.one_of(
        st.text(_TOKEN_CHARS, min_size=1, max_size=80).map(str.strip).filter(bool),
        st.binary(min_size=16, max_size=16).map(bytes.hex),  # looks like a real token
    ),
    operation=st.sampled_from(sorted(READS)),
)
def test_malformed_or_unknown_token(
    client: Client, recorder: Recorder, token: str, operation: str
) -> None:
    if token == client.token:  # astronomically unlikely, but then it is not unknown
        return
    expectations.unauthenticated(recorder, "BKP-AUTH-004", READS[operation](client, token))


@pytest.mark.requirement("BKP-AUTH-005")
def test_deleted_session(
    new_client: Callable[[], Client], target: Target, recorder: Recorder
) -> None:
    client = new_client()
    client.login(target.user, target.password)
    token = client.token
    if token is None:
        pytest.skip("login failed (see BKP-AUTH-001)")
    logout = client.logout()
    expectations.answer(recorder, logout)
    if logout.status != 204:
        pytest.skip(f"DELETE /api/session answered {logout.describe()}, not 204")
    for operation in ("list jobs", "list parts"):
        expectations.unauthenticated(recorder, "BKP-AUTH-005", READS[operation](client, token))
    session = client.send("GET", SESSION_PATH, token=token)
    expectations.unauthenticated(recorder, "BKP-AUTH-005", session)


@pytest.mark.step(Step.LEFTOVERS)
@pytest.mark.requirement("BKP-AUTH-006")
def test_read_only_user(
    new_client: Callable[[], Client], target: Target, backups: BackupController, recorder: Recorder
) -> None:
    if not target.readonly_user or target.readonly_password is None:
        pytest.skip("no read-only account given (VCSA_READONLY_USER, VCSA_READONLY_PASSWORD)")
    reader = new_client()
    login = reader.login(target.readonly_user, target.readonly_password)
    if reader.token is None:
        pytest.skip(f"login of the read-only account answered {login.describe()}")
    backups.make_idle()
    create = backups.create(minimal_request(), expect="refused", token=reader.token)
    expectations.answer(recorder, create)
    recorder.check("BKP-AUTH-006", checks.check_status_and_type, create, 403, "UNAUTHORIZED")
    listing = reader.list_jobs().json
    job = listing[0] if isinstance(listing, list) and listing else unknown_job_id()
    cancel = reader.cancel_job(str(job))
    expectations.answer(recorder, cancel)
    recorder.check("BKP-AUTH-006", checks.check_status_and_type, cancel, 403, "UNAUTHORIZED")
    reader.logout()
