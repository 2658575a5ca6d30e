"""The recorder: counts checks, raises MUST failures (together), records SHOULD failures."""

from __future__ import annotations

import pytest

from vcsa_conformance.suite.judge.recorder import (
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
    recorder = Recorder(test=lambda: "t::x")
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


def test_a_must_failure_is_kept_the_moment_it_is_seen() -> None:
    """A skip, the budget or hypothesis after it cannot take it back (issue 11)."""
    recorder = Recorder(test=lambda: "t::x")
    with pytest.raises(ConformanceFailure):
        recorder.check(MUST_A, breaks)
    assert [f.check for f in recorder.failures[MUST_A]] == ["breaks"]
    assert recorder.failed_in("t::x")
    recorder.skip(MUST_A, "the budget ran out")  # a later skip changes nothing kept
    assert recorder.failures[MUST_A]
    assert not recorder.failed_in("t::y")


def test_the_final_shrunk_failure_replaces_the_observed_one_with_its_reproduction() -> None:
    from vcsa_conformance.results import Failure

    recorder = Recorder(test=lambda: "t::x")
    with pytest.raises(ConformanceFailure):
        recorder.check(MUST_A, breaks)
    final = Failure(MUST_A, "breaks", "e", "shrunk", test="t::x")
    recorder.add_failure(final, "@reproduce_failure('6', b'x')")
    assert [f.received for f in recorder.failures[MUST_A]] == ["shrunk"]
    assert recorder.failures[MUST_A][0].reproduction == "@reproduce_failure('6', b'x')"
    crash = Failure(MUST_A, "test_completed", "e", "Flaky", test="t::x")
    recorder.add_failure(crash)  # a crash after it never replaces the failure seen
    assert [f.received for f in recorder.failures[MUST_A]] == ["shrunk"]


def test_of_one_tests_failures_the_smallest_request_is_kept() -> None:
    from types import SimpleNamespace

    from vcsa_conformance.results import RecordedRequest, RecordedResponse
    from vcsa_conformance.suite.http.exchange import Exchange

    def exchange(body: bytes) -> Exchange:
        raw = SimpleNamespace(request=SimpleNamespace(content=body, url="https://h/x"))
        request = RecordedRequest("POST", "https://h/x", body=body.decode())
        return Exchange("op", request, RecordedResponse(201), 201, {}, b"", raw=raw)

    def rejects(seen: Exchange) -> None:
        raise CheckFailed("not 201", "201")

    recorder = Recorder(test=lambda: "t::x")
    for body in (b'{"p": "long-long"}', b'{"p": "x"}', b'{"p": "middle"}'):
        with pytest.raises(ConformanceFailure):
            recorder.check(MUST_A, rejects, exchange(body))
    kept = recorder.failures[MUST_A]
    assert len(kept) == 1 and kept[0].request and kept[0].request.body == '{"p": "x"}'


def test_a_test_whose_must_requirements_all_failed_is_known() -> None:
    recorder = Recorder()
    assert recorder.musts_failed((MUST_A, SHOULD)) == []
    with pytest.raises(ConformanceFailure):
        recorder.check(MUST_A, breaks)
    assert recorder.musts_failed((MUST_A, SHOULD)) == [MUST_A]


def test_a_failure_noted_on_the_way_is_kept_and_raises_nothing() -> None:
    """A poll that shows a broken rule must not abort the wait that read it; the failure
    still fails the run (issue 16: every answer the run reads is judged)."""
    recorder = Recorder(test=lambda: "t::poll")
    with recorder.noting():
        with recorder.collecting():
            assert not recorder.check(MUST_A, breaks)
        assert not recorder.check(SHOULD, breaks)
    assert [f.test for f in recorder.failures[MUST_A]] == ["t::poll"]
    assert recorder.failures[SHOULD] and recorder.checks[MUST_A] == 1
    assert not recorder.failed_in("t::poll")  # hypothesis does not start rejecting
    with pytest.raises(ConformanceFailure):  # outside the block, checks raise again
        recorder.check(MUST_B, breaks)
