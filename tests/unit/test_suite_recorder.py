"""The recorder: counts checks, raises MUST failures (together), records SHOULD failures."""

from __future__ import annotations

import pytest

from vcsa_conformance.suite.recorder import (
    CheckFailed,
    ConformanceFailure,
    ConformanceFailures,
    Recorder,
    failure_class,
)

MUST_A, MUST_B, SHOULD = "BKP-JOB-003", "BKP-JOB-004", "BKP-INPUT-012"


def holds() -> None:
    return None


def breaks() -> None:
    raise CheckFailed("something", "something else")


def test_checks_are_counted_per_requirement() -> None:
    recorder = Recorder()
    assert recorder.check(MUST_A, holds)
    assert recorder.check(MUST_A, holds)
    assert recorder.checks[MUST_A] == 2 and not recorder.failures


def test_a_must_failure_raises_with_typed_failure() -> None:
    recorder = Recorder()
    recorder.current_test = "t::x"
    with pytest.raises(ConformanceFailure) as caught:
        recorder.check(MUST_A, breaks)
    failure = caught.value.failure
    assert (failure.requirement_id, failure.check, failure.test) == (MUST_A, "breaks", "t::x")
    assert "Expected: something\nReceived: something else" in str(caught.value)
    assert isinstance(caught.value, failure_class(MUST_A))
    assert failure_class(MUST_A) is not failure_class(MUST_B)


def test_a_should_failure_is_recorded_and_the_test_goes_on() -> None:
    recorder = Recorder()
    assert recorder.check(SHOULD, breaks) is False
    assert recorder.check(SHOULD, breaks) is False
    assert len(recorder.failures[SHOULD]) == 1  # one kept per test
    assert recorder.checks[SHOULD] == 2


def test_collecting_raises_every_must_failure_at_the_end() -> None:
    recorder = Recorder()
    with pytest.raises(ConformanceFailures) as caught, recorder.collecting():
        recorder.check(MUST_A, breaks)
        with recorder.collecting():
            recorder.check(MUST_B, breaks)
        recorder.check(MUST_A, holds)
    ids = {error.failure.requirement_id for error in caught.value.exceptions}
    assert ids == {MUST_A, MUST_B}
    assert recorder.checks[MUST_A] == 2


def test_collecting_a_single_failure_raises_it_alone() -> None:
    recorder = Recorder()
    with pytest.raises(ConformanceFailure), recorder.collecting():
        recorder.check(MUST_A, breaks)


def test_unknown_requirement_ids_are_refused() -> None:
    with pytest.raises(KeyError):
        Recorder().check("BKP-NOPE-001", holds)


def test_failure_texts_are_masked() -> None:
    from vcsa_conformance.redact import MASK, Redactor

    def quotes_secret() -> None:
        raise CheckFailed("no 'Canary#Pw1' here", "body said 'Canary#Pw1'")

    recorder = Recorder(Redactor(["Canary#Pw1"]))
    with pytest.raises(ConformanceFailure) as caught:
        recorder.check(MUST_A, quotes_secret)
    failure = caught.value.failure
    assert "Canary" not in failure.expected + failure.received
    assert MASK in failure.received
