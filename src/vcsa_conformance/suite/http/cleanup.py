"""The end of a run: every backup it started is cancelled and awaited, whatever the deadline.

The cleanup has its own bound (``cleanup_wait``): a run must not leave a backup behind
because its time ran out. A job the appliance does not let the run read (nor, then, cancel)
is given the same bound to end by itself, read again and again; if it was never seen ended
(also when the appliance stopped answering) it is reported as left running: it may well be.
A create that got no answer may have started a backup: the job list is read for it first.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from vcsa_conformance.suite.http.client import NoAnswer

if TYPE_CHECKING:
    from vcsa_conformance.suite.http.backups import BackupController


def finish(backups: BackupController) -> None:
    """Cancel what still runs and await it within ``cleanup_wait``; fill ``left_running``."""
    ledger = backups.ledger
    backups.client.lift_deadline()
    backups.waits.lift()
    try:
        if backups.budget.unanswered and backups.bounded:
            _tolerant(backups, lambda: ledger.add(backups.newly_listed(), []))
        for job in ledger.running():
            _tolerant(backups, backups.state, job)
        for job in ledger.running():
            _tolerant(backups, backups.cancel, job)

        def all_seen_ended() -> bool:
            for job in ledger.not_seen_ended():
                _tolerant(backups, backups.state, job)
            return ledger.idle_observed()

        backups.waits.until(
            all_seen_ended, backups.pacing.cleanup_wait, "the run's backups to end", "cleanup"
        )
    except NoAnswer:  # the appliance stopped answering: nothing more to learn
        pass
    ledger.left_running = ledger.not_seen_ended()


def _tolerant(backups: BackupController, request: Callable[..., object], *args: Any) -> None:
    """One cleanup request; one that gets no answer is let go (the next may get one) until
    the appliance has stopped answering altogether."""
    try:
        request(*args)
    except NoAnswer:
        if backups.client.liveness.stopped is not None:
            raise
