"""What a run knows of the backups it started: states, progress, creates and cancels.

A job of ours counts as running unless last seen SUCCEEDED, FAILED or NONE (a state outside
the enum may well be running: the cleanup must not leave it behind), or gone after this run
cancelled it. The reports' timeline and the run's watch read the same record.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from vcsa_conformance.contract.api import FAILED, INPROGRESS, NONE, SUCCEEDED
from vcsa_conformance.contract.timestamps import parse_rfc3339
from vcsa_conformance.suite.http.exchange import Exchange

RUNNING = INPROGRESS
GONE = "GONE"  # a job this run cancelled that can no longer be read
SEEN_ENDED = frozenset({SUCCEEDED, FAILED, NONE})
_ENDED = SEEN_ENDED | {GONE}
CLOCK_TOLERANCE = 1.0  # seconds: an appliance may write its times to the second


@dataclass(frozen=True)
class Cancelled:
    """A backup of the run cancelled at once: the create that started it, the cancel, and
    the first read after the cancel (what BKP-CANCEL-001 and -004 are judged on)."""

    job: str
    created: Exchange
    cancel: Exchange
    first: Exchange


class Ledger:
    """The run's backups, oldest first (every dict keeps the order the jobs were seen in)."""

    def __init__(self) -> None:
        self.states: dict[str, str] = {}  # job id -> last state seen
        self.created: dict[str, Exchange] = {}  # job id -> the create answer that started it
        self.progress: dict[str, list[Any]] = defaultdict(list)  # job id -> progress read
        self.reads: dict[str, list[tuple[float, str, Any]]] = defaultdict(list)  # t, state, %
        self.kept: list[str] = []  # backups a test started on purpose
        self.cancels: dict[str, Cancelled] = {}  # backups cancelled at once
        self.late: list[str] = []  # backups started by a create that arrived after the end
        self.cancelled: dict[str, float] = {}  # job id -> when this run first cancelled it
        self.listed: set[str] | None = None  # job ids the appliance listed (None: not read)
        self.left_running: list[str] = []  # jobs still running after the cleanup

    def add(self, jobs: Sequence[str], exchanges: Sequence[Exchange]) -> None:
        """Track new backups; ``exchanges`` are the create answers that may have started them."""
        for job in jobs:
            exchange = _answer_of(job, exchanges)
            self.states.setdefault(job, RUNNING)
            if exchange is not None:
                self.created[job] = exchange
                if started_job(exchange) == job:
                    self.note(job, exchange)

    def note(self, job: str, exchange: Exchange) -> None:
        """Remember what a readable answer about a job of ours says: its state and progress."""
        body = exchange.json
        if isinstance(body, dict):
            self.states[job] = str(body.get("state", RUNNING))
            self.progress[job].append(body.get("progress"))
            self.reads[job].append((exchange.received_at, self.states[job], body.get("progress")))

    def unreadable(self, job: str) -> None:
        """A job of ours did not read back: one this run cancelled is gone (nothing more to
        wait for), any other keeps its last known state (it may still run)."""
        if job in self.cancelled and self.states[job] not in SEEN_ENDED:
            self.states[job] = GONE

    def cancelling(self, job: str) -> None:
        """This run is cancelling ``job``."""
        self.cancelled.setdefault(job, time.monotonic())

    def running(self) -> list[str]:
        """Jobs of this run not seen ended."""
        return [job for job, state in self.states.items() if state not in _ENDED]

    def idle_observed(self) -> bool:
        """True when every job of this run was last read (200) in a finished state: only then
        is the appliance known to be idle (a job that cannot be read may still run)."""
        return all(state in SEEN_ENDED for state in self.states.values())

    def not_seen_ended(self) -> list[str]:
        """Jobs that may still run: never read in a finished state."""
        return [job for job, state in self.states.items() if state not in SEEN_ENDED]

    def newly_listed(self, listing: Any) -> list[str]:
        """Job ids a job list answer names that no earlier list named (none the first time)."""
        ids = [job for job in listing if isinstance(job, str)] if isinstance(listing, list) else []
        known = self.listed
        self.listed = (known or set()) | set(ids)
        return [] if known is None else [job for job in ids if job not in known]


def _answer_of(job: str, exchanges: Sequence[Exchange]) -> Exchange | None:
    """The create answer that started ``job``: the one carrying its id, else the first 2xx (a
    job found only in the list), else the first (None: no create was answered)."""
    for exchange in exchanges:
        if started_job(exchange) == job:
            return exchange
    accepted = [e for e in exchanges if 200 <= e.status < 300]
    return next(iter(accepted or exchanges), None)


def started_job(exchange: Exchange) -> str | None:
    """The job id a create answer carries (a BackupJobStatus body), if any."""
    body = exchange.json
    if not isinstance(body, dict) or not isinstance(body.get("id"), str) or not body["id"]:
        return None
    return str(body["id"]) if 200 <= exchange.status < 300 or "state" in body else None


def may_have_started(exchange: Exchange) -> bool:
    """True for a create answer that may have started a backup: any 2xx, or a job id."""
    return 200 <= exchange.status < 300 or started_job(exchange) is not None


def is_running(read: Exchange) -> bool:
    """True for a 200 job status answer that says INPROGRESS."""
    return read.status == 200 and read.state == RUNNING


def ended_before(read: Exchange, created: Exchange | None) -> bool | None:
    """Had the backup ``read`` shows ended before the one ``created`` started? True or False
    by the appliance's own clock (its end_time against the new start_time, to the second);
    False while it still reads INPROGRESS; None when it cannot be told (an unreadable job, a
    create answer without times): then neither a failure nor a late create is claimed."""
    if is_running(read):
        return False
    if read.status != 200 or created is None:
        return None
    gap = seconds_between(created.json, read.json)
    return None if gap is None else gap <= CLOCK_TOLERANCE


def seconds_between(started: Any, ended: Any) -> float | None:
    """Seconds from the start_time of one job status body to the end_time of another (or
    the same), by the appliance's clock; None when either is missing or not RFC 3339."""
    try:
        end = parse_rfc3339(str(ended["end_time"]))
        start = parse_rfc3339(str(started["start_time"]))
    except (KeyError, TypeError, ValueError):
        return None
    return (end - start).total_seconds()
