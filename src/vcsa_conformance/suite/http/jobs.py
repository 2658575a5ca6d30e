"""Reading, cancelling and waiting on the run's backups, and the cleanup at the end.

Every answer read here (job states while waiting, the job list, cancels, cleanup reads) goes
to the run's read judge: an answer that breaks a rule is a failure whichever step happened to
read it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from vcsa_conformance.suite.http.budget import Pacing
from vcsa_conformance.suite.http.client import Client, NoAnswer
from vcsa_conformance.suite.http.exchange import Exchange
from vcsa_conformance.suite.http.gate import skip
from vcsa_conformance.suite.http.ledger import Ledger, is_running
from vcsa_conformance.suite.http.waits import Waits

# Judges one answer the run read; the second argument is every progress value read of that
# job so far (empty for answers that are not about one job of the run).
ReadJudge = Callable[[Exchange, Sequence[Any]], None]


def not_judged(exchange: Exchange, progress: Sequence[Any]) -> None:
    """The read judge of a controller that has none (unit tests of the budget alone)."""


class JobReader:
    """Reads, cancels and awaits the jobs of the run's ledger."""

    def __init__(
        self, client: Client, pacing: Pacing, *, deadline: float | None, judge: ReadJudge
    ) -> None:
        self.client = client
        self.pacing = pacing
        self.job_wait = pacing.job_wait  # how long a backup of ours is followed to its end
        self.ledger = Ledger()
        self.waits = Waits(pacing.poll, deadline)
        self._judge = judge

    def read(self, exchange: Exchange, progress: Sequence[Any] = ()) -> Exchange:
        """Hand an answer the run read to its read judge; the answer."""
        self._judge(exchange, progress)
        return exchange

    def state(self, job_id: str) -> Exchange:
        """GET the job and remember its state and progress (an unreadable job keeps its last
        known state, unless this run cancelled it: then there is nothing more to wait for)."""
        exchange = self.client.get_job(job_id)
        if job_id in self.ledger.states:
            if exchange.status == 200 and isinstance(exchange.json, dict):
                self.ledger.note(job_id, exchange)
            else:
                self.ledger.unreadable(job_id)
        return self.read(exchange, self.ledger.progress.get(job_id, ()))

    def newly_listed(self) -> list[str]:
        """Job ids the appliance lists now and did not list before (a list request)."""
        return self.ledger.newly_listed(self.read(self.client.list_jobs()).json)

    def cancel(self, job_id: str) -> Exchange:
        """Cancel a job and remember that this run did."""
        self.ledger.cancelling(job_id)
        return self.read(self.client.cancel_job(job_id))

    def running_jobs(self, refresh: bool = False) -> list[str]:
        """Jobs of this run last seen INPROGRESS (re-read first when ``refresh``)."""
        if refresh:
            for job in self.ledger.running():
                self.state(job)
        return self.ledger.running()

    def make_idle(self) -> None:
        """Cancel this run's running jobs and wait until none is INPROGRESS (else skip)."""
        for job in self.running_jobs(refresh=True):
            self.cancel(job)
        stopped = self.waits.until(
            lambda: not self.running_jobs(refresh=True),
            self.job_wait,
            "the run's backups to stop",
            "--job-wait",
        )
        if not stopped:
            skip(
                f"a backup this run started was still running {self.job_wait:.0f} s "
                "(--job-wait) after cancel; the target cannot be made idle for this test"
            )

    def wait_until_left_running(self, job_id: str, timeout: float) -> Exchange:
        """Poll the job until it leaves INPROGRESS, the timeout or the run's deadline passes;
        the last answer."""
        reads: list[Exchange] = []

        def left() -> bool:
            reads.append(self.state(job_id))
            return reads[-1].status != 200 or not is_running(reads[-1])

        self.waits.until(left, timeout, "cancelled backup to stop", "--job-wait", job_id)
        return reads[-1]

    def clean_up(self, look_for_unanswered: bool) -> None:
        """The run's end: cancel every backup of the run that still runs and await it within
        ``cleanup_wait``, whatever the run's deadline (a run must not leave a backup behind
        because its time ran out); fill ``left_running``.

        A create that got no answer may have started a backup (``look_for_unanswered``): the
        job list is read for it first. A job the appliance does not let the run read (nor,
        then, cancel) is given the same bound to end by itself, read again and again; if it
        was never seen ended (also when the appliance stopped answering) it is reported as
        left running: it may well be."""
        ledger = self.ledger
        self.client.lift_deadline()
        self.waits.lift()
        try:
            if look_for_unanswered:
                self._tolerant(lambda: ledger.add(self.newly_listed(), []))
            for job in ledger.running():
                self._tolerant(self.state, job)
            for job in ledger.running():
                self._tolerant(self.cancel, job)

            def all_seen_ended() -> bool:
                for job in ledger.not_seen_ended():
                    self._tolerant(self.state, job)
                return ledger.idle_observed()

            cleanup_wait = self.pacing.cleanup_wait
            self.waits.until(all_seen_ended, cleanup_wait, "the run's backups to end", "cleanup")
        except NoAnswer:  # the appliance stopped answering: nothing more to learn
            pass
        ledger.left_running = ledger.not_seen_ended()

    def _tolerant(self, request: Callable[..., object], *args: Any) -> None:
        """One cleanup request; one that gets no answer is let go (the next may get one) until
        the appliance has stopped answering altogether."""
        try:
            request(*args)
        except NoAnswer:
            if self.client.liveness.stopped is not None:
                raise
