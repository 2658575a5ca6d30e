"""Live safety: the backups a run starts, sent and tracked within its budget.

- a create goes out only when the gate admits it (``gate``), and every answer that may have
  started a backup is charged to the budget (``budget``): any 2xx, a body with a job id, or a
  job id that appears in the job list after the create (read after every create); a create
  that got no answer counts too, and the cleanup looks for its job in the list;
- a backup the run did not mean to start (an invalid request accepted, a second backup
  accepted while one runs) is cancelled at once;
- a valid create sent while a backup of the run runs (``create_busy``) that starts a backup
  is told apart by reading that backup at once: still running, or ended after the new one
  started by the appliance's own clock, the appliance accepted a second backup; ended
  before, the create merely arrived after its end (a late create). Either way the new backup
  is cancelled at once, and that cancel is kept (``Ledger.cancels``): a late create is the
  run's next backup, whose create and cancel the later tests judge instead of spending
  another;
- inside a generated example (``RunningTest.replaying``) a create identical to one the test
  already sent is answered from what it got then (hypothesis replays its failing example:
  the appliance must not see it twice).

Reads, cancels, bounded waits and the cleanup at the end are ``JobReader``'s (``jobs``), every
answer read judged. The embedded mock has no budget.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from vcsa_conformance.suite.http.budget import Budget, Pacing
from vcsa_conformance.suite.http.client import UNSET, Client, NoAnswer
from vcsa_conformance.suite.http.exchange import Exchange
from vcsa_conformance.suite.http.gate import Expect, Gate, RunningTest, skip
from vcsa_conformance.suite.http.jobs import JobReader, ReadJudge, not_judged
from vcsa_conformance.suite.http.ledger import (
    Cancelled,
    ended_before,
    is_running,
    may_have_started,
    started_job,
)


@dataclass(frozen=True)
class BusyAnswer:
    """The answer to a valid create sent while a backup of the run ran (``create_busy``)."""

    exchange: Exchange
    started: tuple[str, ...]  # the backups it started (its answer, or new in the job list)
    overlapped: tuple[str, ...]  # backups of the run still running when it started one
    late: bool = False  # it started one only after the running backup had ended (shown)


class BackupController(JobReader):
    """Sends the run's creates within the budget and tracks what they started."""

    def __init__(
        self,
        client: Client,
        test: RunningTest,
        pacing: Pacing,
        *,
        deadline: float | None = None,
        judge: ReadJudge = not_judged,
    ) -> None:
        super().__init__(client, pacing, deadline=deadline, judge=judge)
        self.test = test  # the running test it serves (the run layer keeps it current)
        self.budget = Budget(pacing.max_backups)
        self.bounded = self.budget.bounded  # a live target: creates limited by --max-backups
        self.gate = Gate(
            client,
            test,
            self.budget,
            self.ledger,
            self.waits,
            busy_wait=pacing.busy_wait,
            read=self.read,
        )
        self._batch: list[str] = []  # the backups the last concurrent creates started
        self._replies: dict[tuple[str, str], Any] = {}

    # creating --------------------------------------------------------------------------

    def create(
        self,
        body: Any = UNSET,
        *,
        expect: Expect,
        keep: bool = False,
        run: str | None = None,
        **kwargs: Any,
    ) -> Exchange:
        """Send one create request the gate admits; see the module docstring.

        ``keep``: a backup it starts is the one the calling test needs (else it is cancelled
        at once). ``run``: instead of a create, the run of this schedule, which starts a
        backup too and is admitted, charged and cancelled exactly the same way."""
        key = self._reply_key(body, kwargs, "create" if run is None else f"run {run}")
        if key is not None and key in self._replies:
            return self._replies[key]  # type: ignore[no-any-return]
        self.gate.admit(expect)
        exchange = self._send(body, run, **kwargs)
        new = self._count([exchange])
        self._settle(new, [exchange], keep=1 if keep else 0)
        if key is not None:
            self._replies[key] = exchange
        return exchange

    def create_busy(
        self, body: Any = UNSET, *, run: str | None = None, **kwargs: Any
    ) -> BusyAnswer:
        """A valid create sent while a backup of the run runs (it should meet FEATURE_IN_USE).

        If it starts a backup, the run's backups that ran when it was sent are read at once,
        before anything else: still INPROGRESS (read twice, a moment apart), or ended after the
        new backup started by the appliance's own clock, means the appliance accepted a second
        backup (``overlapped``); ended before it started means the create arrived after the end
        (``late``), which is conformant. The new backup is cancelled at once either way.

        ``run``: instead of a create, the run of this schedule (of the run's own), which
        must meet FEATURE_IN_USE the same way (BKP-SCHED-008)."""
        key = self._reply_key(body, kwargs, "busy" if run is None else f"run {run}")
        if key is not None and key in self._replies:
            return self._replies[key]  # type: ignore[no-any-return]
        self.gate.admit("busy")
        running = [job for job in self.running_jobs() if job not in self.ledger.cancelled]
        exchange = self._send(body, run, **kwargs)
        first = {job: self.state(job) for job in running} if may_have_started(exchange) else {}
        new = self._count([exchange])
        overlapped: list[str] = []
        late = bool(new)
        for job, read in first.items():
            if new and is_running(read):
                read = self.state(job)  # a status may trail the real end by a moment
            after = ended_before(read, self.ledger.created.get(new[0]) if new else None)
            if new and after is False:
                overlapped.append(job)
            late = late and after is True
        if late:
            self.ledger.late.extend(new)
        self._settle(new, [exchange], keep=0)
        answer = BusyAnswer(exchange, tuple(new), tuple(overlapped), late)
        if key is not None:
            self._replies[key] = answer
        return answer

    def create_concurrently(self, bodies: Sequence[Any]) -> list[Exchange]:
        """Send these creates at the same moment (a barrier), all within the budget.

        Nothing is cancelled here: the caller judges the answers, keeps one backup and
        cancels the rest (``cancel_all_but``). A create that got no answer may have started a
        backup all the same: it is charged, and the test skipped once the others are counted."""
        self.gate.admit("start", count=len(bodies))
        barrier = threading.Barrier(len(bodies))

        def send(body: Any) -> Exchange | NoAnswer:
            barrier.wait(timeout=10)
            try:
                return self._send(body)
            except NoAnswer as unanswered:
                return unanswered

        with ThreadPoolExecutor(max_workers=len(bodies)) as pool:
            results = list(pool.map(send, bodies))
        answers = [result for result in results if isinstance(result, Exchange)]
        new = self._count(answers)
        self._settle(new, answers, keep=len(answers))
        self._batch = new
        for result in results:
            if isinstance(result, NoAnswer):
                raise result
        return answers

    def create_when_idle(self, body: Any, *, keep: bool = True) -> Exchange:
        """Make idle, then create; while the answer is FEATURE_IN_USE (a backup this run cannot
        see still runs), retry within ``retry`` seconds. The last answer. On a live
        appliance whose budget is spent the test is skipped before anything is cancelled."""
        if self.budget.free() == 0:
            self.test.stop(self.budget.shortfall())  # before anything is cancelled for nothing
        self.make_idle()
        if self.bounded and not self.ledger.idle_observed():
            skip(
                "a backup this run started could not be read back to its end (see BKP-JOB-001); "
                "no further backup is started on an appliance that may not let it be cancelled"
            )
        answers: list[Exchange] = []

        def accepted() -> bool:
            answers.append(self.create(body, expect="start", keep=keep))
            return not (answers[-1].status == 400 and answers[-1].error_type == "FEATURE_IN_USE")

        what = "the appliance to accept a backup"
        self.waits.until(accepted, self.pacing.start_retry, what, "start retry")
        return answers[-1]

    def _send(self, body: Any = UNSET, run: str | None = None, **kwargs: Any) -> Exchange:
        """POST a create (or the ``run`` of a schedule). One that got no answer may have
        started a backup: it is charged to the budget, and the cleanup looks for it."""
        try:
            return (
                self.client.create_job(body, **kwargs)
                if run is None
                else self.client.run_schedule(run)
            )
        except NoAnswer:
            self.budget.charge_unanswered()
            raise

    def _reply_key(
        self, body: Any, kwargs: dict[str, Any], kind: str = "create"
    ) -> tuple[str, str] | None:
        """Inside a generated example on a live target: the test and the request, to answer a
        replayed create from memory."""
        if not self.bounded or not self.test.replaying():
            return None
        shape = {
            name: value.hex() if isinstance(value, bytes) else value
            for name, value in kwargs.items()
        }
        request = [kind, None if body is UNSET else body, shape]
        return self.test.name, json.dumps(request, sort_keys=True, default=repr)

    def _count(self, exchanges: Sequence[Exchange]) -> list[str]:
        """Charge what these create answers may have started and track it; the new job ids.

        What the answers themselves say is charged and tracked first, before the job list is
        read (a list read that gets no answer must not lose a backup that started)."""
        ids: list[str] = []
        for exchange in exchanges:
            job_id = started_job(exchange)
            if job_id is not None and job_id not in ids:
                ids.append(job_id)
        new = [job for job in ids if job not in self.ledger.states]
        charged = max(sum(map(may_have_started, exchanges)), len(new))
        self.budget.charge(charged)
        self.ledger.add(new, exchanges)
        listed = self.newly_listed() if self.bounded else []
        more = [job for job in listed if job not in self.ledger.states]
        if more:
            self.budget.charge(max(0, len(new) + len(more) - charged))
            self.ledger.add(more, exchanges)
        return new + more

    def _settle(self, new: list[str], exchanges: Sequence[Exchange], *, keep: int) -> None:
        """Keep the first ``keep`` new backups for the test; cancel the others at once."""
        self.ledger.kept.extend(new[:keep])
        for job in new[keep:]:
            self.gate.unwanted[self.test.name] += 1
            if job in self.ledger.running():
                cancel = self.cancel(job)
                first = self.state(job)
                if job in self.ledger.created:
                    created = self.ledger.created[job]
                    self.ledger.cancels[job] = Cancelled(job, created, cancel, first)

    def cancel_all_but(self, keep: str | None) -> None:
        """Cancel every running job of this run except ``keep`` (which the test keeps)."""
        kept = self.ledger.kept
        kept[:] = [job for job in kept if job == keep or job not in self._batch]
        for job in self.running_jobs():
            if job != keep:
                self.cancel(job)

    def finish(self) -> None:
        """Session end: cancel what still runs and await it (``JobReader.clean_up``)."""
        self.clean_up(look_for_unanswered=self.bounded and self.budget.unanswered > 0)


def validate(
    backups: BackupController, body: Any = UNSET, **kwargs: Any
) -> tuple[Exchange, list[str]]:
    """POST ...?action=validate (it spends nothing): the answer and the jobs a faulty
    appliance started all the same, charged and cancelled at once (the job list is read
    before and after; live, one unit must be free, as for an invalid create)."""
    backups.gate.admit("refused")
    if backups.ledger.listed is None:
        backups.newly_listed()
    exchange = backups.client.validate_backup(body, **kwargs)
    new = [job for job in backups.newly_listed() if job not in backups.ledger.states]
    backups.budget.charge(len(new))
    backups.ledger.add(new, [exchange])
    backups._settle(new, [exchange], keep=0)
    return exchange, new
