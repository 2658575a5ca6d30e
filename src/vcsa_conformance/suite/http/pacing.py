"""How a run paces itself against its target: the backup controller's settings.

The run layer chooses them (``suite/run/options.pacing``): the embedded mock's one-second jobs
and no budget, or a live appliance's minutes and its budget.
"""

from __future__ import annotations

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
