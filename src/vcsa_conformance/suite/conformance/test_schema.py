"""Schema-driven cases (schemathesis): every contract operation, valid and invalid inputs.

schemathesis generates the requests from openapi.yaml; they go out through the suite's own
client (so they are counted, rate-limited, masked and kept within the backup budget) and
every answer is judged by the suite's checks. The stateful test follows the contract's
links (create -> get/cancel, list -> get), bounded by the profile.

The schema is loaded eagerly (``from_path`` + ``parametrize``): generation needs only the
contract; the target's URL is given when each case is sent.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

import pytest
import schemathesis
from hypothesis import Phase, settings
from hypothesis.stateful import run_state_machine_as_test
from schemathesis import GenerationMode

from vcsa_conformance.contract import spec
from vcsa_conformance.contract.api import JOB_PATH
from vcsa_conformance.suite.conformance.scenarios import create_while_busy
from vcsa_conformance.suite.http.backups import BackupController
from vcsa_conformance.suite.http.client import UNSET, Client
from vcsa_conformance.suite.http.exchange import Exchange
from vcsa_conformance.suite.judge import expectations
from vcsa_conformance.suite.judge.recorder import Recorder
from vcsa_conformance.suite.run.plan import Step
from vcsa_conformance.suite.run.profiles import ExampleBudget, hypothesis_settings
from vcsa_conformance.suite.run.session import SuiteSession

ANSWER_RULES = ("BKP-RESP-001", "BKP-RESP-002", "BKP-RESP-003", "BKP-RESP-004", "BKP-SEC-001")

pytestmark = pytest.mark.step(Step.SCHEMA)


# Operations that change a live appliance's configuration or start a backup: left out on
# every target. A generated schedule create would fill the appliance's one schedule slot
# under an id the run did not mint (the later schedule tests would skip, and the cleanup
# could not tell it from the admin's), a generated update or delete could name the admin's
# own `default`, and a run starts a backup. test_schedules.py checks them with their live
# safety (the run's own schedules, --schedule-writes, runs through the budget).
WRITES_CONFIGURATION = frozenset(
    {"createBackupSchedule", "updateBackupSchedule", "deleteBackupSchedule", "runBackupSchedule"}
)


def _load() -> schemathesis.BaseSchema:
    """openapi.yaml for schemathesis; logout is left out (it would end the run's own session;
    BKP-AUTH-005 covers it), and so are the operations in WRITES_CONFIGURATION."""
    loaded = schemathesis.openapi.from_path(str(spec.spec_path()))
    loaded.config.generation.update(
        modes=[GenerationMode.POSITIVE, GenerationMode.NEGATIVE], deterministic=True
    )
    loaded.config.phases.coverage.enabled = False
    kept: schemathesis.BaseSchema = loaded.exclude(method="DELETE", path="/api/session")
    for operation_id in sorted(WRITES_CONFIGURATION):
        kept = kept.exclude(operation_id=operation_id)
    return kept


schema = _load()
# Sequences never cancel: schemathesis follows (and infers) links from a listed or created
# job to its cancel, which would end the run's backup under the tests that share it.
# Cancel is judged by test_contract_operations (unknown ids) and by test_cancel.
sequences = schema.exclude(operation_id="cancelBackupJob")
# schemathesis types its decorator as a bare Callable; it keeps the test's signature.
_every_operation: Callable[[Callable[..., None]], Callable[..., None]] = schema.parametrize()


# Headers the HTTP client writes itself: a generated Content-Length or Transfer-Encoding is
# not a request that can be sent (h11 refuses it before anything reaches the target).
_OURS = frozenset({"user-agent", "content-length", "transfer-encoding", "host"})


def send_case(
    case: schemathesis.Case[Any], client: Client, backups: BackupController, recorder: Recorder
) -> Exchange:
    """Send a schemathesis case through the suite's client; creates go through the budget."""
    kwargs = case.as_transport_kwargs(base_url=client.base_url)
    method = str(kwargs["method"]).upper()
    path = urlsplit(kwargs["url"]).path
    headers = {
        k: str(v) for k, v in (kwargs.get("headers") or {}).items() if k.lower() not in _OURS
    }
    body: Any = kwargs.get("json", UNSET)
    content = kwargs.get("data")
    if isinstance(content, str):
        content = content.encode("utf-8")
    request: dict[str, Any] = {
        "json": body,
        "content": content if body is UNSET else None,
        "headers": headers,
        "params": {k: str(v) for k, v in (kwargs.get("params") or {}).items()},
    }
    if method == "POST" and path == JOB_PATH:
        return _create(backups, recorder, request)
    return client.send(method, path, **request)


def _create(backups: BackupController, recorder: Recorder, request: dict[str, Any]) -> Exchange:
    """A generated create: on the embedded mock as it is; on a live appliance only while
    the run's backup runs (read just before), so that a valid one cannot start another."""
    body = request.pop("json")
    if backups.bounded:
        backups.running_jobs(refresh=True)
        return create_while_busy(backups, recorder, body, **request)
    return backups.create(body, expect="refused", **request)


@pytest.mark.requirement(*ANSWER_RULES)
@_every_operation
def test_contract_operations(
    case: schemathesis.Case[Any], client: Client, backups: BackupController, recorder: Recorder
) -> None:
    expectations.answer(recorder, send_case(case, client, backups, recorder))


@pytest.mark.requirement(*ANSWER_RULES)
def test_stateful_sequences(
    client: Client,
    backups: BackupController,
    recorder: Recorder,
    example_budget: ExampleBudget,
    suite_session: SuiteSession,
) -> None:
    """Sequences along the contract's links; most creates meet FEATURE_IN_USE, which is fine."""

    class Sequences(sequences.as_state_machine()):  # type: ignore[misc]
        def call(self, case: Any, **kwargs: Any) -> Any:
            exchange = send_case(case, client, backups, recorder)
            expectations.answer(recorder, exchange)
            return schemathesis.Response.from_httpx(exchange.raw, verify=True)

        def validate_response(self, response: Any, case: Any, **kwargs: Any) -> None:
            return None  # judged in call() by the suite's own checks

    # No shrinking: a sequence replayed against a stateful appliance meets other states
    # (FEATURE_IN_USE, finished jobs), which hypothesis reports as flaky. The plugin runs this
    # test inside ``collecting``, so every failure is kept with the request that showed it.
    seeded = suite_session.options.seed is not None
    base = hypothesis_settings(example_budget, seeded=seeded, quiet=suite_session.quiet)
    limits = settings(
        base,
        max_examples=example_budget.stateful_examples,
        stateful_step_count=example_budget.stateful_steps,
        phases=(Phase.generate,),
    )
    run_state_machine_as_test(Sequences, settings=limits)
