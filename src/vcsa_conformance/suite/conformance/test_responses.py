"""Answers outside the contract's operations: unknown paths and undeclared methods.

Only BKP-RESP-005 (SHOULD) judges these: the contract's MUSTs cover its own operations.
"""

from __future__ import annotations

import pytest

from vcsa_conformance.contract.api import JOB_PATH, PARTS_PATH
from vcsa_conformance.suite.http.client import Client
from vcsa_conformance.suite.judge import checks
from vcsa_conformance.suite.judge.recorder import Recorder
from vcsa_conformance.suite.run.plan import Step

UNKNOWN = [
    ("GET", "/api/appliance/recovery/backup/no-such-thing"),
    ("GET", "/api/vcsa-conformance-unknown"),
    ("POST", "/api/appliance/recovery/backup/jobs"),
    ("PUT", JOB_PATH),
    ("DELETE", JOB_PATH),
    ("PATCH", JOB_PATH),
    ("DELETE", PARTS_PATH),
    ("PUT", f"{PARTS_PATH}/common"),
]

pytestmark = pytest.mark.step(Step.READS)


@pytest.mark.requirement("BKP-RESP-005")
@pytest.mark.parametrize(("method", "path"), UNKNOWN)
def test_unknown_path_or_method(client: Client, recorder: Recorder, method: str, path: str) -> None:
    exchange = client.send(method, path)
    recorder.check("BKP-RESP-005", checks.check_known_path_error, exchange)
    recorder.check("BKP-RESP-005", checks.check_vapi_error_body, exchange)
