"""Counts every check per requirement and keeps the failures, as typed data.

A check that fails a MUST requirement raises ``ConformanceFailure`` so the test fails (and
hypothesis shrinks it); the plugin takes the final, shrunk failure from the test's report.
A check that fails a SHOULD requirement is recorded here at once and the test goes on: plain
``pytest`` against a target that only misses SHOULDs passes, while the report still shows
every SHOULD failure. (A SHOULD failure is not shrunk, so the first one seen is kept.)
"""

from __future__ import annotations

import threading
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from functools import cache
from typing import TypeVarTuple

from vcsa_conformance.contract.requirements import catalogue
from vcsa_conformance.redact import Redactor
from vcsa_conformance.results import ExchangeRecord, Failure
from vcsa_conformance.suite.http.exchange import Exchange

Args = TypeVarTuple("Args")  # a check's arguments: mypy matches them to the check


class CheckFailed(Exception):
    """Raised by a check function: what the requirement expected and what was received."""

    def __init__(self, expected: str, received: str) -> None:
        super().__init__(f"Expected: {expected}\nReceived: {received}")
        self.expected = expected
        self.received = received


class ConformanceFailure(AssertionError):
    """A MUST requirement seen broken; ``failure`` is the typed record for the reports."""

    def __init__(self, failure: Failure) -> None:
        super().__init__(
            f"{failure.requirement_id} ({failure.check})\n"
            f"Expected: {failure.expected}\nReceived: {failure.received}"
        )
        self.failure = failure


class ConformanceFailures(ExceptionGroup[ConformanceFailure]):
    """Several MUST requirements seen broken by one step of a test."""

    def __new__(cls, failures: list[ConformanceFailure]) -> ConformanceFailures:
        ids = ", ".join(sorted({f.failure.requirement_id for f in failures}))
        return super().__new__(cls, f"MUST requirements failed: {ids}", failures)


def _size(exchange: Exchange | None) -> int:
    """How big the request was (unmasked), to keep the smallest failing example."""
    raw = getattr(exchange.raw, "request", None) if exchange is not None else None
    return len(raw.content) + len(str(raw.url)) if raw is not None else 0


@cache
def _must_ids() -> frozenset[str]:
    return frozenset(r.id for r in catalogue().values() if r.level == "MUST")


def _together(failures: list[ConformanceFailure]) -> ConformanceFailure | ConformanceFailures:
    return failures[0] if len(failures) == 1 else ConformanceFailures(failures)


@cache
def failure_class(requirement_id: str) -> type[ConformanceFailure]:
    """One exception class per requirement, so hypothesis shrinks each failure on its own
    instead of sliding from one requirement's failure to another's while shrinking."""
    name = "ConformanceFailure_" + requirement_id.replace("-", "_")
    return type(name, (ConformanceFailure,), {"__module__": __name__})


@dataclass
class _Kept:
    """The failure kept for one (test, requirement), and the size of its request when it was
    observed as a MUST failure (None: added at the end of a test, or seen on the way)."""

    failure: Failure
    size: int | None


class Recorder:
    """Per-requirement check counts, failures and skip reasons of one run (thread-safe).

    ``test`` names the running test (the run layer knows it): failures are kept per test and
    requirement, one each."""

    def __init__(
        self,
        redactor: Redactor | None = None,
        *,
        keep_exchanges: bool = False,
        test: Callable[[], str] = str,
    ) -> None:
        # Check messages may quote answer values, and an answer may echo a secret.
        self.redactor = redactor or Redactor()
        self._keep_exchanges = keep_exchanges  # --har: every exchange, not only failures
        self._test = test
        self.exchanges: list[ExchangeRecord] = []
        self._lock = threading.Lock()
        self.checks: Counter[str] = Counter()
        self._kept: dict[tuple[str, str], _Kept] = {}  # (test, requirement) -> its failure
        self.skips: dict[str, str] = {}
        self.coverage: dict[str, Counter[str]] = defaultdict(Counter)
        self.requests = 0
        self.cases = 0
        self._local = threading.local()
        self.first_seen: dict[str, float] = {}  # requirement -> when first seen broken

    @property
    def failures(self) -> dict[str, list[Failure]]:
        """The failures kept per requirement, in the order they were first seen."""
        grouped: dict[str, list[Failure]] = {}
        with self._lock:
            for (_, requirement_id), kept in self._kept.items():
                grouped.setdefault(requirement_id, []).append(kept.failure)
        return grouped

    @contextmanager
    def collecting(self) -> Iterator[None]:
        """Evaluate every check in the block; raise the MUST failures together at its end.

        One answer can break several MUST requirements at once (a 201 body without
        start_time breaks BKP-CREATE-002 and BKP-RESP-003); each must be reported. A
        failure seen before a skip or an error in the block outranks it.
        """
        stack = self._stack()
        stack.append([])
        try:
            yield
        except BaseException as error:  # pytest's skip is a BaseException
            collected = stack.pop()
            if stack or not collected or isinstance(error, KeyboardInterrupt | SystemExit):
                (stack[-1] if stack else []).extend(collected)
                raise
            raise _together(collected) from (error if isinstance(error, Exception) else None)
        collected = stack.pop()
        if stack:
            stack[-1].extend(collected)
        elif collected:
            raise _together(collected)

    @contextmanager
    def noting(self) -> Iterator[None]:
        """Evaluate every check in the block and keep what it sees, raising nothing.

        For answers read on the way (a poll while waiting, the job list after a create, the
        cleanup): a broken rule there is a failure of the run all the same, but it must not
        abort the wait or the cleanup that read it, nor turn a hypothesis example flaky."""
        self._local.noting = getattr(self._local, "noting", 0) + 1
        try:
            yield
        finally:
            self._local.noting -= 1

    def _stack(self) -> list[list[ConformanceFailure]]:
        stack: list[list[ConformanceFailure]] = self._local.__dict__.setdefault("stack", [])
        return stack

    def check(
        self,
        requirement_id: str,
        check: Callable[[*Args], None],
        *args: *Args,
        exchange: Exchange | None = None,
    ) -> bool:
        """Run one check for one requirement; True if it held.

        A MUST failure raises ConformanceFailure; a SHOULD failure is recorded and False
        returned. ``exchange`` defaults to the first Exchange among ``args``.
        """
        level = catalogue()[requirement_id].level
        with self._lock:
            self.checks[requirement_id] += 1
        try:
            check(*args)
        except CheckFailed as failed:
            with self._lock:
                self.first_seen.setdefault(requirement_id, time.monotonic())
            seen = exchange or next((a for a in args if isinstance(a, Exchange)), None)
            failure = Failure(
                requirement_id=requirement_id,
                check=check.__name__,
                expected=self.redactor.text(failed.expected),
                received=self.redactor.text(failed.received),
                request=seen.request if seen else None,
                response=seen.response if seen else None,
                test=self._test(),
            )
            if level == "SHOULD" or getattr(self._local, "noting", 0) > 0:
                self.add_failure(failure)
                return False
            self._observe(failure, _size(seen))
            error = failure_class(requirement_id)(failure)
            stack = self._stack()
            if not stack:
                raise error from None
            stack[-1].append(error)
            return False
        return True

    def _observe(self, failure: Failure, size: int) -> None:
        """Keep a MUST failure the moment it is seen: nothing later (a skip, the budget, the
        time limit, hypothesis replaying or shrinking) can take it back. Per test and
        requirement the smallest request seen so far is kept."""
        key = (failure.test, failure.requirement_id)
        with self._lock:
            kept = self._kept.get(key)
            if kept is None or kept.size is None or size < kept.size:
                self._kept[key] = _Kept(failure, size)

    def musts_failed(self, requirement_ids: Sequence[str]) -> list[str]:
        """The MUST ids among ``requirement_ids`` when every one of them has already failed in
        this run (else empty): a live target need not see them checked again."""
        musts = [rid for rid in requirement_ids if rid in _must_ids()]
        with self._lock:
            failed = {rid for _, rid in self._kept}
        return musts if musts and all(rid in failed for rid in musts) else []

    def failed_in(self, test: str) -> bool:
        """True when ``test`` has seen a MUST failure (observed while it ran)."""
        with self._lock:
            return any(t == test and kept.size is not None for (t, _), kept in self._kept.items())

    def add_failure(self, failure: Failure, reproduction: str | None = None) -> None:
        """Keep a failure at the end of a test (at most one per test and requirement): the
        test's final, shrunk MUST failure replaces what was observed on the way."""
        if reproduction is not None:
            failure = replace(failure, reproduction=reproduction)
        key = (failure.test, failure.requirement_id)
        with self._lock:
            self.first_seen.setdefault(failure.requirement_id, time.monotonic())
            kept = self._kept.get(key)
            if kept is None:
                self._kept[key] = _Kept(failure, None)
            elif failure.requirement_id in _must_ids() and failure.check == kept.failure.check:
                kept.failure = failure  # the shrunk form of the failure seen on the way

    def skip(self, requirement_id: str, reason: str) -> None:
        """Remember why a requirement was not checked (the first reason wins)."""
        with self._lock:
            self.skips.setdefault(requirement_id, reason)

    def judged(self) -> None:
        """Count one answer judged by the suite (a case, for the coverage section)."""
        with self._lock:
            self.cases += 1

    def saw(self, exchange: Exchange) -> None:
        """Count a request and its answer for the coverage section (and keep it for --har)."""
        record = _record(exchange) if self._keep_exchanges else None
        with self._lock:
            self.requests += 1
            if exchange.operation is not None:
                self.coverage[exchange.operation][str(exchange.status)] += 1
            if record is not None:
                self.exchanges.append(record)


def _record(exchange: Exchange) -> ExchangeRecord:
    """The exchange's masked copies, with the wall-clock time it was sent."""
    took = max(exchange.received_at - exchange.sent_at, 0.0)
    sent = datetime.fromtimestamp(time.time() - took, UTC)
    return ExchangeRecord(
        started=sent.isoformat(timespec="milliseconds").replace("+00:00", "Z"),
        duration_ms=took * 1000,
        request=exchange.request,
        response=exchange.response,
        http_version=str(getattr(exchange.raw, "http_version", None) or "HTTP/1.1"),
    )
