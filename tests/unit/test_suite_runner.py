"""The runner: preflight errors that say what to do, and the RunResult built from a recorder."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from vcsa_conformance.contract.requirements import catalogue
from vcsa_conformance.mock.model.config import MockConfig
from vcsa_conformance.mock.server import RunningMock, serve_in_thread
from vcsa_conformance.results import Failure
from vcsa_conformance.suite.judge.recorder import Recorder
from vcsa_conformance.suite.run.errors import (
    TargetCredentialsRejected,
    TargetTlsError,
    TargetUnreachable,
)
from vcsa_conformance.suite.run.options import SuiteOptions
from vcsa_conformance.suite.run.preflight import check_target
from vcsa_conformance.suite.run.runner import _without_credentials, build_result

ADMIN, PASSWORD = "administrator@vsphere.local", "VMware1!"


@pytest.fixture(scope="module")
def mock() -> Iterator[RunningMock]:
    with serve_in_thread(MockConfig()) as running:
        yield running


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_unreachable_target() -> None:
    options = SuiteOptions(target=f"https://127.0.0.1:{free_port()}", user=ADMIN, password="x")
    with pytest.raises(TargetUnreachable, match="check --target"):
        check_target(options)


def test_untrusted_certificate(mock: RunningMock) -> None:
    options = SuiteOptions(target=mock.url, user=ADMIN, password=PASSWORD, verify=True)
    with pytest.raises(TargetTlsError, match=r"--insecure.*--ca-bundle PATH"):
        check_target(options)


def test_wrong_credentials(mock: RunningMock) -> None:
    options = SuiteOptions(
        target=mock.url, user=ADMIN, password="wrong-Passw0rd!", verify=str(mock.ca_path)
    )
    with pytest.raises(TargetCredentialsRejected, match="VCSA_PASSWORD") as caught:
        check_target(options)
    assert "wrong-Passw0rd!" not in str(caught.value)


def test_a_reachable_trusted_target_passes(mock: RunningMock) -> None:
    check_target(SuiteOptions(target=mock.url, user=ADMIN, password=PASSWORD, verify=False))
    check_target(SuiteOptions())  # the embedded mock needs no preflight


def test_result_statuses_and_verdict() -> None:
    recorder = Recorder()
    recorder.checks.update({"BKP-AUTH-001": 3, "BKP-INPUT-012": 2})
    recorder.add_failure(Failure("BKP-INPUT-012", "c", "e", "r"))
    recorder.skip("BKP-AUTH-006", "no read-only account given")
    result = build_result(
        recorder,
        target="https://h",
        started=datetime(2026, 1, 1, tzinfo=UTC),
        duration=1.5,
        profile="quick",
    )
    by_id = {r.id: r for r in result.requirements}
    assert list(by_id) == list(catalogue())
    assert by_id["BKP-AUTH-001"].status == "pass" and by_id["BKP-AUTH-001"].checks == 3
    assert by_id["BKP-INPUT-012"].status == "fail"
    assert by_id["BKP-AUTH-006"].skip_reason == "no read-only account given"
    assert by_id["BKP-AUTH-002"].status == "skip"
    # No MUST failed, but most MUSTs were never checked: not "conformant".
    assert result.verdict == "incomplete"
    assert [r.id for r in result.unchecked_musts][:1] == ["BKP-AUTH-002"]
    assert result.started == "2026-01-01T00:00:00Z"
    for requirement in catalogue().values():  # every MUST checked: conformant
        recorder.checks[requirement.id] += 1
    assert _verdict(recorder) == "conformant"  # a SHOULD failure does not change it
    assert _verdict(recorder, error="interrupted") == "error"
    recorder.add_failure(Failure("BKP-INPUT-004", "c", "e", "r"))
    assert _verdict(recorder) == "non-conformant"
    # A MUST failure is final: an error after it does not turn it into "error".
    assert _verdict(recorder, error="interrupted") == "non-conformant"


def _verdict(recorder: Recorder, error: str | None = None) -> str:
    started = datetime.now(UTC)
    result = build_result(
        recorder, target="https://h", started=started, duration=1, profile="quick", error=error
    )
    return result.verdict


def test_target_url_never_carries_credentials() -> None:
    assert _without_credentials("https://u:p@h:8443/x") == "https://h:8443/x"
    assert _without_credentials("https://h") == "https://h"
