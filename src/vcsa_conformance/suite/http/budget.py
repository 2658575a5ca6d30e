"""The limits of a run: its pace (how long it waits for what) and, on a live appliance, its
backup budget: what may still start, counted from what the appliance answered.

On a live appliance ``--max-backups`` (plus one for each MUST a ``--baseline`` accepts) is a
hard ceiling on the backups the run may have started, even against an appliance that lies:
the controller charges every create answer that may have started a backup, and a create that
got no answer. The embedded mock has no budget (``most`` is None).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass


@dataclass(frozen=True)
class Pacing:
    """The controller's settings: how long it waits for what, how often it reads, its budget."""

    max_backups: int | None  # None: the embedded mock has no budget
    busy_wait: float  # a backup someone else runs is waited for this long before the first create
    job_wait: float  # a backup of ours is followed (or awaited after cancel) this long
    cleanup_wait: float  # the cleanup's own bound, whatever the run's deadline
    poll: float  # seconds between the first two reads of a wait
    start_retry: float  # FEATURE_IN_USE retries of a start (a backup the run cannot see)


class Budget:
    """Backups spent and left (thread-safe: concurrent creates are charged together)."""

    def __init__(self, most: int | None) -> None:
        self.most = most  # None: unbounded, the embedded mock
        self.spent = 0
        self.unanswered = 0  # creates that got no answer (each may have started a backup)
        self._lock = threading.Lock()

    @property
    def bounded(self) -> bool:
        """True on a live target: creates are limited by --max-backups."""
        return self.most is not None

    def free(self) -> int | None:
        """Backups the budget has left (None: unbounded)."""
        return None if self.most is None else max(0, self.most - self.spent)

    def charge(self, count: int) -> None:
        """Count ``count`` backups that may have started."""
        with self._lock:
            self.spent += count

    def charge_unanswered(self) -> None:
        """Count a create that got no answer: it may have started a backup all the same."""
        with self._lock:
            self.spent += 1
            self.unanswered += 1

    def shortfall(self, count: int = 1) -> str:
        """Why a create (or ``count`` concurrent ones) cannot go out, and what to do."""
        need = "a backup" if count == 1 else f"{count} concurrent creates"
        return (
            f"the run's backup budget cannot cover {need} ({self.spent} of {self.most} spent); "
            "raise --max-backups to check more on a live appliance"
        )
