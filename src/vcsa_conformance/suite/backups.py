"""Live safety: the backups a run starts, its backup budget, and cleaning up after itself.

On a live appliance every create answered 201 spends one unit of ``--max-backups`` (also a
negative create the target wrongly accepts); once spent, a create that could start another
backup skips its test instead. Every job the run started is cancelled or awaited before the
session ends. Before the first create, a backup someone else is running is waited for up to
``busy_wait`` seconds; if it is still running, create-dependent tests are skipped with that
reason. The embedded mock has no budget.
"""

from __future__ import annotations

import time
from typing import Any

import pytest

from vcsa_conformance.suite.client import UNSET, Client
from vcsa_conformance.suite.exchange import Exchange

RUNNING = "INPROGRESS"
# A job of ours counts as running unless seen in one of these (a state outside the enum may
# well be running: the cleanup must not leave it behind).
_SEEN_ENDED = frozenset({"SUCCEEDED", "FAILED", "NONE"})
_ENDED = _SEEN_ENDED | {"GONE"}
_FOREIGN_JOBS_LOOKED_AT = 3  # the newest jobs of the list; a running one is among them


class BackupController:
    """Tracks the jobs this run started; see the module docstring."""

    def __init__(
        self,
        client: Client,
        *,
        max_backups: int | None,
        busy_wait: float,
        settle: float,
        poll: float,
        retry: float | None = None,
    ) -> None:
        self._client = client
        self._max = max_backups
        self._busy_wait = busy_wait
        self._settle = settle  # how long a job of ours may take to leave INPROGRESS
        self._poll = poll
        self._retry = settle if retry is None else retry  # FEATURE_IN_USE retries of a start
        self.started: dict[str, str] = {}  # job id -> last state seen
        self.spent = 0
        self._busy_reason: str | None = None
        self._foreign_checked = False
        self._cancelled: set[str] = set()

    @property
    def bounded(self) -> bool:
        """True on a live target: creates are limited by --max-backups."""
        return self._max is not None

    def create(self, body: Any = UNSET, **kwargs: Any) -> Exchange:
        """Send a create request, within the budget, and track the job it may start."""
        self.before_create()
        exchange = self._client.create_job(body, **kwargs)
        self.after_create(exchange)
        return exchange

    def before_create(self) -> None:
        """Skip the calling test when a create could exceed the budget or the target is busy."""
        if not self._foreign_checked:
            self._foreign_checked = True
            self._wait_for_foreign_backup()
        if self._busy_reason:
            pytest.skip(self._busy_reason)
        if self._spent_up() and not self.running_jobs(True):
            self._skip_spent()

    def _spent_up(self) -> bool:
        return self._max is not None and self.spent >= self._max

    def _skip_spent(self) -> None:
        pytest.skip(
            f"the run's backup budget is spent ({self.spent} of --max-backups {self._max}); "
            "raise --max-backups to check more on a live appliance"
        )

    def after_create(self, exchange: Exchange) -> None:
        """Count a 201 against the budget and remember its job for the cleanup."""
        if exchange.status != 201:
            return
        self.spent += 1
        body = exchange.json
        if isinstance(body, dict) and isinstance(body.get("id"), str) and body["id"]:
            self.started[body["id"]] = str(body.get("state", RUNNING))

    def state(self, job_id: str) -> Exchange:
        """GET the job and remember its state (an unreadable job keeps its last known state,
        unless this run cancelled it: then there is nothing more to wait for)."""
        exchange = self._client.get_job(job_id)
        body = exchange.json
        if job_id in self.started:
            if exchange.status == 200 and isinstance(body, dict):
                self.started[job_id] = str(body.get("state"))
            elif job_id in self._cancelled and self.started[job_id] not in _SEEN_ENDED:
                self.started[job_id] = "GONE"  # (a job seen ended may leave the history)
        return exchange

    def cancel(self, job_id: str) -> Exchange:
        """Cancel a job and remember that this run did."""
        self._cancelled.add(job_id)
        return self._client.cancel_job(job_id)

    def running_jobs(self, refresh: bool = False) -> list[str]:
        """Jobs of this run last seen INPROGRESS (re-read first when ``refresh``)."""
        candidates = [job for job, state in self.started.items() if state not in _ENDED]
        if refresh:
            for job in candidates:
                self.state(job)
        return [job for job, state in self.started.items() if state not in _ENDED]

    def make_idle(self) -> None:
        """Cancel this run's running jobs and wait until none is INPROGRESS (else skip)."""
        for job in self.running_jobs(refresh=True):
            self.cancel(job)
        if not self._wait_until(lambda: not self.running_jobs(refresh=True), self._settle):
            pytest.skip(
                f"a backup this run started was still running {self._settle:.0f} s after "
                "cancel; the target cannot be made idle for this test"
            )

    def idle_observed(self) -> bool:
        """True when every job of this run was last read (200) in a finished state: only then
        is the appliance known to be idle (a job that cannot be read may still run)."""
        return all(state in _SEEN_ENDED for state in self.started.values())

    def create_when_idle(self, body: Any) -> Exchange:
        """Make idle, then create; while the answer is FEATURE_IN_USE (a backup this run cannot
        see still runs), retry within ``settle`` seconds. The last answer. On a live
        appliance whose budget is spent the test is skipped before anything is cancelled."""
        if self._spent_up():
            self._skip_spent()  # before anything of ours is cancelled for nothing
        self.make_idle()
        end = time.monotonic() + self._retry
        while True:
            exchange = self.create(body)
            busy = exchange.status == 400 and exchange.error_type == "FEATURE_IN_USE"
            if not busy or time.monotonic() >= end:
                return exchange
            time.sleep(self._poll)

    def wait_until_left_running(self, job_id: str, timeout: float) -> Exchange:
        """Poll the job until it leaves INPROGRESS or the timeout passes; the last answer."""
        end = time.monotonic() + timeout
        while True:
            exchange = self.state(job_id)
            body = exchange.json
            done = not isinstance(body, dict) or body.get("state") in _ENDED
            if done or exchange.status != 200 or time.monotonic() >= end:
                return exchange
            time.sleep(self._poll)

    def finish(self) -> None:
        """Session end: cancel what still runs and await it, bounded by ``settle``."""
        running = self.running_jobs(refresh=True)
        for job in running:
            self.cancel(job)
        self._wait_until(lambda: not self.running_jobs(refresh=True), self._settle)

    def _wait_until(self, condition: Any, timeout: float) -> bool:
        end = time.monotonic() + timeout
        while not condition():
            if time.monotonic() >= end:
                return False
            time.sleep(self._poll)
        return True

    def _wait_for_foreign_backup(self) -> None:
        if self._foreign_running() is None:
            return
        if self._wait_until(lambda: self._foreign_running() is None, self._busy_wait):
            return
        self._busy_reason = (
            f"a backup not started by this run ({self._foreign_running()}) was still running "
            f"after {self._busy_wait:.0f} s; rerun when the appliance is idle or raise the wait"
        )

    def _foreign_running(self) -> str | None:
        listing = self._client.list_jobs().json
        if not isinstance(listing, list):
            return None
        for job in [j for j in listing if isinstance(j, str)][:_FOREIGN_JOBS_LOOKED_AT]:
            body = self._client.get_job(job).json
            if job not in self.started and isinstance(body, dict) and body.get("state") == RUNNING:
                return job
        return None
