"""Whether a create may go out on a live appliance, and why not.

Before the run's first create, a backup someone else is running is waited for up to
``--busy-wait``. Then a create is stopped (its test skipped with a reason that names the
limit) when that backup still runs, when the budget cannot cover it, or, for a create meant
to be refused or to meet FEATURE_IN_USE, when its test already saw a MUST failure, already
started an unwanted backup, or checks only MUSTs that already failed: on a live appliance
every backup counts. A create that must meet FEATURE_IN_USE needs a backup of the run
running. How a test is stopped (skipped, or a hypothesis example rejected) is the run
layer's choice (``RunningTest.stop``): this layer imports neither pytest nor hypothesis.
"""

from __future__ import annotations

import unittest
from collections import defaultdict
from collections.abc import Callable
from typing import Literal, NoReturn, Protocol

from vcsa_conformance.suite.http.budget import Budget
from vcsa_conformance.suite.http.client import Client
from vcsa_conformance.suite.http.exchange import Exchange
from vcsa_conformance.suite.http.ledger import RUNNING, Ledger
from vcsa_conformance.suite.http.waits import Waits

_FOREIGN_JOBS_LOOKED_AT = 3  # the newest jobs of the list; a running one is among them
# What a create is meant to do: be refused (invalid, or not allowed), meet FEATURE_IN_USE
# (valid, sent while a backup of this run runs), or start the backup a test needs.
Expect = Literal["refused", "busy", "start"]


class NotChecked(unittest.SkipTest):
    """Raised instead of a create (or a wait) the budget, the appliance's state or a bound
    forbids: the test is skipped with the reason, which names the limit."""


class RunningTest(Protocol):
    """What the controller needs of the running test; the run layer supplies it."""

    @property
    def name(self) -> str:
        """The running test's id."""

    def has_failed(self) -> bool:
        """True when the running test has already seen a MUST failure."""

    def musts_failed(self) -> list[str]:
        """The running test's MUST ids when every one of them has already failed."""

    def replaying(self) -> bool:
        """True inside a generated example, which may be replayed: a create identical to one
        the test already sent is answered from memory (the appliance must not see it twice)."""

    def stop(self, reason: str) -> NoReturn:
        """Stop the running test (or its example) instead of a create that may not go out."""


def skip(reason: str) -> NoReturn:
    """Skip the running test with ``reason``."""
    raise NotChecked(reason)


class Gate:
    """Admits or stops each create; see the module docstring."""

    def __init__(
        self,
        client: Client,
        test: RunningTest,
        budget: Budget,
        ledger: Ledger,
        waits: Waits,
        *,
        busy_wait: float,
        read: Callable[[Exchange], Exchange],
    ) -> None:
        self._client = client
        self._test = test
        self._budget = budget
        self._ledger = ledger
        self._waits = waits
        self._busy_wait = busy_wait
        self._read = read  # hands an answer to the run's read judge
        self._foreign_checked = False
        self._busy_reason: str | None = None
        self.unwanted: dict[str, int] = defaultdict(int)  # test -> backups it did not want

    def admit(self, expect: Expect, count: int = 1) -> None:
        """Stop (skip, or reject in hypothesis) a create the budget or the state forbids."""
        if not self._foreign_checked:
            self._foreign_checked = True
            self._wait_for_foreign_backup()
        if self._busy_reason:
            skip(self._busy_reason)
        if not self._budget.bounded:
            return
        if expect != "start":
            self._stop_repeats()
        if (self._budget.free() or 0) < count:
            self._test.stop(self._budget.shortfall(count))
        running = [job for job in self._ledger.running() if job not in self._ledger.cancelled]
        if expect == "busy" and not running:
            self._test.stop(
                "no backup of this run is running, so a valid create would start another "
                "backup; raise --max-backups or use an appliance with longer backups"
            )

    def _stop_repeats(self) -> None:
        """A create meant to be refused is not sent again once its test has an answer."""
        if self._test.has_failed():
            self._test.stop(
                "this test has already seen a MUST failure; on a live appliance its creates "
                "are not sent again (no backups spent on shrinking)"
            )
        if self.unwanted.get(self._test.name):
            self._test.stop(
                "a create of this test already started a backup (an invalid one accepted, or a "
                "valid one that met no running backup); on a live appliance the test sends no more"
            )
        failed = self._test.musts_failed()
        if failed:
            self._test.stop(
                f"{', '.join(failed)} already failed; on a live appliance it is not checked "
                "again (that would spend the backup budget)"
            )

    def _wait_for_foreign_backup(self) -> None:
        if self._foreign_running() is None:
            return
        idle = self._waits.until(
            lambda: self._foreign_running() is None,
            self._busy_wait,
            "a backup not started by this run",
            "--busy-wait",
        )
        if not idle:
            self._busy_reason = (
                f"a backup not started by this run ({self._foreign_running()}) was still running "
                f"after {self._busy_wait:.0f} s (--busy-wait); rerun when the appliance is idle "
                "or raise the wait"
            )

    def _foreign_running(self) -> str | None:
        listing = self._read(self._client.list_jobs()).json
        if not isinstance(listing, list):
            return None
        ids = [job for job in listing if isinstance(job, str)]
        self._ledger.listed = (self._ledger.listed or set()) | set(ids)
        for job in ids[:_FOREIGN_JOBS_LOOKED_AT]:
            running = self._read(self._client.get_job(job)).state == RUNNING
            if job not in self._ledger.states and running:
                return job
        return None
