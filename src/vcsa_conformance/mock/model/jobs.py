"""Backup jobs: ids, progress computed lazily from the clock, states, a capped history.

Nothing runs in the background: a job's state at time ``now`` follows from its start, its
planned end and whether it was cancelled. Not thread-safe on its own (the Appliance locks).
"""

from __future__ import annotations

import time
import uuid
from collections import OrderedDict
from dataclasses import dataclass, field

from vcsa_conformance.contract.api import FAILED, INPROGRESS, JOB_SERVICE, MANUAL, SUCCEEDED
from vcsa_conformance.mock.model.errors import Message, message

FAILED_PROGRESS = 50  # an unreachable location fails the job half-way


@dataclass(frozen=True)
class Origin:
    """How and where a job was started: what its details (details.py) report."""

    kind: str = MANUAL  # Details.Type: MANUAL (create) or SCHEDULED (a schedule's run)
    location: str = ""
    location_user: str = ""
    user: str | None = None
    fast_backup: bool = False
    size_mb: int = 0  # of the parts it backs up, ``common`` included


@dataclass
class Job:
    """One backup job; ``planned_end`` is when it succeeds, or fails if ``failure`` is set."""

    id: str
    start: float
    planned_end: float
    failure: Message | None = None
    cancelled_at: float | None = None
    reads: int = 0
    creates_during: int = 0  # creates that arrived while it ran (Variant.CREATE_RACES_BACKUP_END)
    notes: list[Message] = field(default_factory=list)
    origin: Origin = field(default_factory=Origin)

    @property
    def end(self) -> float:
        """When the job leaves INPROGRESS (cancel or planned end, whichever is first)."""
        if self.cancelled_at is not None and self.cancelled_at < self.planned_end:
            return self.cancelled_at
        return self.planned_end

    def running(self, now: float) -> bool:
        """True while the job is INPROGRESS."""
        return now < self.end

    def state(self, now: float) -> str:
        """INPROGRESS, SUCCEEDED or FAILED at ``now``."""
        if self.running(now):
            return INPROGRESS
        if self.failure is None and self.end == self.planned_end:
            return SUCCEEDED
        return FAILED

    def progress(self, now: float) -> int:
        """An integer percentage that never decreases with ``now``."""
        final = 100 if self.failure is None else FAILED_PROGRESS
        moment = min(now, self.end)
        if moment >= self.planned_end:
            return final
        span = self.planned_end - self.start
        return max(0, min(final - 1, int(final * (moment - self.start) / span)))

    def messages(self, now: float) -> list[Message]:
        """Its notes, then why the job failed (cancel or an unreachable location)."""
        if self.running(now) or self.state(now) == SUCCEEDED:
            return list(self.notes)
        if self.end != self.planned_end:
            reason = message(f"{JOB_SERVICE}.canceled", "Backup job was canceled by the user.")
            return [*self.notes, reason]
        return [*self.notes, self.failure] if self.failure is not None else list(self.notes)

    def cancel(self, now: float) -> None:
        """Stop a running job now; it ends FAILED (cancelled)."""
        if self.running(now):
            self.cancelled_at = now


def unreachable(host: str) -> Message:
    """The failure message of a job whose location host cannot be reached."""
    return message(f"{JOB_SERVICE}.location.unreachable", f"Unable to reach host {host}.", host)


class JobStore:
    """Jobs in creation order; beyond ``max_jobs`` the oldest finished job is evicted."""

    def __init__(self, build: str, max_jobs: int, *, uuid_ids: bool = False) -> None:
        self._build = build
        self._max_jobs = max(1, max_jobs)
        self._uuid_ids = uuid_ids
        self._jobs: OrderedDict[str, Job] = OrderedDict()
        self._last_second = -1

    def __len__(self) -> int:
        return len(self._jobs)

    def get(self, job_id: str) -> Job | None:
        """The job with ``job_id``, if it is still in the history."""
        return self._jobs.get(job_id)

    def newest(self) -> Job | None:
        """The most recently created job."""
        return next(reversed(self._jobs.values()), None)

    def ids(self) -> list[str]:
        """Every id, newest first."""
        return list(reversed(self._jobs))

    def running_count(self, now: float) -> int:
        """How many jobs are INPROGRESS."""
        return sum(job.running(now) for job in self._jobs.values())

    def all(self) -> list[Job]:
        """Every job in the history, oldest first."""
        return list(self._jobs.values())

    def add(
        self, now: float, seconds: float, failure: Message | None, origin: Origin | None = None
    ) -> Job:
        """Start a job now, evicting history beyond the cap."""
        while len(self._jobs) >= self._max_jobs:
            self._evict(now)
        job = Job(self._new_id(now), now, now + max(0.0, seconds), failure)
        if origin is not None:
            job.origin = origin
        self._jobs[job.id] = job
        return job

    def _evict(self, now: float) -> None:
        for job_id, job in self._jobs.items():
            if not job.running(now):
                del self._jobs[job_id]
                return
        self._jobs.popitem(last=False)

    def _new_id(self, now: float) -> str:
        """``YYYYMMDD-hhmmss-<build>``; a second job within one second takes the next second."""
        if self._uuid_ids:
            return str(uuid.uuid4())
        second = max(int(now), self._last_second + 1)
        self._last_second = second
        return time.strftime("%Y%m%d-%H%M%S", time.gmtime(second)) + f"-{self._build}"
