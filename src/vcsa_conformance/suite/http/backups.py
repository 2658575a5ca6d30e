"""Live safety: the backups a run starts, its backup budget, and cleaning up after itself.

On a live appliance the budget (``--max-backups``, plus one for each MUST a ``--baseline``
accepts) is a hard ceiling on the backups the run may have started, even against an
appliance that lies:

- every create answer that may have started a backup counts: any 2xx, a body with a job
  id, or a job id that appears in the job list after the create (read after every create);
  a create that got no answer counts too, and the cleanup looks for its job in the list;
- a create is sent only while the budget has a unit left for it, concurrent creates only as
  many as it has left;
- a backup the run did not mean to start (an invalid request accepted, a second backup
  accepted while one runs) is cancelled at once;
- a valid create sent while a backup of the run runs (``create_busy``) that starts a backup
  is told apart by reading that backup at once: still running, or ended after the new one
  started by the appliance's own clock, the appliance accepted a second backup; ended
  before, the create merely arrived after its end (a late create). Either
  way the new backup is cancelled at once, and that cancel is kept (``cancels``): a late
  create is the run's next backup, whose create and cancel the later tests judge instead of
  spending another;
- in a hypothesis test, a create identical to one the test already sent is answered from
  what it got then (hypothesis replays its failing example: the appliance must not see it
  twice), and once a test has seen a MUST failure its later creates are not sent at all
  (no shrinking by starting backups): the failure reported is the smallest one seen.

Before the first create, a backup someone else is running is waited for up to ``busy_wait``
seconds. Every wait is bounded by its own limit and by the run's deadline; a test that meets
a limit is skipped with the limit's name. At the end every job the run started is
cancelled and awaited (``cleanup_wait``, whatever the deadline). The embedded mock has no
budget.

Every answer the controller reads (job states while waiting, the job list after a create,
cancels, cleanup reads) goes to ``judge`` (the run's read judge): an answer that breaks a
rule is a failure whichever step happened to read it.
"""

from __future__ import annotations

import json
import threading
import time
import unittest
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Literal, NoReturn, Protocol

import hypothesis

from vcsa_conformance.contract.api import FAILED, INPROGRESS, NONE, SUCCEEDED
from vcsa_conformance.contract.timestamps import parse_rfc3339
from vcsa_conformance.suite.http.client import UNSET, Client, NoAnswer
from vcsa_conformance.suite.http.exchange import Exchange

RUNNING = INPROGRESS
# A job of ours counts as running unless seen in one of these (a state outside the enum may
# well be running: the cleanup must not leave it behind).
_SEEN_ENDED = frozenset({SUCCEEDED, FAILED, NONE})
_ENDED = _SEEN_ENDED | {"GONE"}
_LONGEST_PAUSE = 10.0  # seconds between two reads of a long wait (PowerCLI polls every 5)
_FOREIGN_JOBS_LOOKED_AT = 3  # the newest jobs of the list; a running one is among them
# What a create is meant to do: be refused (invalid, or not allowed), meet FEATURE_IN_USE
# (valid, sent while a backup of this run runs), or start the backup a test needs.
Expect = Literal["refused", "busy", "start"]


class Progress(Protocol):
    """What the controller needs to know of the running test (the judge's Recorder)."""

    current_test: str

    def failed_in_current_test(self) -> bool:
        """True when the running test has already seen a MUST failure."""

    def current_must_failed(self) -> list[str]:
        """The running test's MUST ids when every one of them has already failed."""


# Judges one answer the controller read; ``progress`` is every progress value read of that
# job so far (empty for answers that are not about one job of the run).
ReadJudge = Callable[[Exchange, Sequence[Any]], None]


def _not_judged(exchange: Exchange, progress: Sequence[Any]) -> None:
    """The read judge of a controller that has none (unit tests of the budget alone)."""


@dataclass(frozen=True)
class Cancelled:
    """A backup of the run cancelled at once: the create that started it, the cancel, and
    the first read after the cancel (what BKP-CANCEL-001 and -004 are judged on)."""

    job: str
    created: Exchange
    cancel: Exchange
    first: Exchange


@dataclass(frozen=True)
class BusyAnswer:
    """The answer to a valid create sent while a backup of the run ran (``create_busy``)."""

    exchange: Exchange
    started: tuple[str, ...]  # the backups it started (its answer, or new in the job list)
    overlapped: tuple[str, ...]  # backups of the run still running when it started one
    late: bool = False  # it started one only after the running backup had ended (shown)


@dataclass(frozen=True)
class Wait:
    """What the run is waiting for now, for the run's watch: a wait of minutes must show."""

    what: str  # e.g. "following backup"
    job: str | None  # the job it waits on, if one
    bound: str  # the option or limit that bounds it, e.g. "--job-wait"
    since: float  # time.monotonic() when it began
    until: float  # time.monotonic() when its bound (or the run's deadline) ends it


class NotChecked(unittest.SkipTest):
    """Raised instead of a create (or a wait) the budget, the appliance's state or a bound
    forbids: the test is skipped with the reason, which names the limit."""


class BackupController:
    """Tracks the jobs this run started and keeps to its budget; see the module docstring."""

    def __init__(
        self,
        client: Client,
        recorder: Progress,
        *,
        max_backups: int | None,
        busy_wait: float,
        job_wait: float,
        cleanup_wait: float,
        poll: float,
        retry: float,
        deadline: float | None = None,
        judge: ReadJudge = _not_judged,
    ) -> None:
        self._client = client
        self._recorder = recorder
        self._judge = judge
        self._max = max_backups
        self._busy_wait = busy_wait
        self.job_wait = job_wait  # how long a backup of ours is followed to its end
        self.cleanup_wait = cleanup_wait
        self.poll = poll  # seconds between two reads while waiting
        self.start_retry = retry  # FEATURE_IN_USE retries of a start (a backup we cannot see)
        self._deadline = deadline
        self.started: dict[str, str] = {}  # job id -> last state seen
        self.created: dict[str, Exchange] = {}  # job id -> the create answer that started it
        self.progress: dict[str, list[Any]] = defaultdict(list)  # job id -> progress read
        self.kept: list[str] = []  # backups a test started on purpose, oldest first
        self.cancels: dict[str, Cancelled] = {}  # backups cancelled at once, oldest first
        self.late: list[str] = []  # backups started by a create that arrived after the end
        self.unanswered_creates = 0  # creates that got no answer (each may have started one)
        self._batch: list[str] = []  # the backups the last concurrent creates started
        self.wait: Wait | None = None  # the wait in progress, if any (for the run's watch)
        self.waits: list[tuple[Wait, float]] = []  # every wait that ended, and when
        self.reads: dict[str, list[tuple[float, str, Any]]] = defaultdict(list)  # t, state, %
        self.cancelled_at: dict[str, float] = {}  # job id -> when this run cancelled it
        self.spent = 0
        self.left_running: list[str] = []  # jobs still running after the cleanup
        self._known: set[str] | None = None  # job ids the appliance listed
        self._busy_reason: str | None = None
        self._foreign_checked = False
        self._cancelled: set[str] = set()
        self._replies: dict[tuple[str, str], Any] = {}
        self._spent_in: dict[str, int] = defaultdict(int)  # test -> backups it did not want
        self._lock = threading.Lock()

    @property
    def bounded(self) -> bool:
        """True on a live target: creates are limited by --max-backups."""
        return self._max is not None

    @property
    def budget(self) -> int | None:
        """The backups the run may start (None: unbounded, the embedded mock)."""
        return self._max

    def free(self) -> int | None:
        """Backups the budget has left (None: unbounded)."""
        return None if self._max is None else max(0, self._max - self.spent)

    # creating --------------------------------------------------------------------------

    def create(
        self, body: Any = UNSET, *, expect: Expect, keep: bool = False, **kwargs: Any
    ) -> Exchange:
        """Send one create request within the budget; see the module docstring.

        ``keep``: a backup it starts is the one the calling test needs (else it is cancelled
        at once)."""
        key = self._reply_key(body, kwargs)
        if key is not None and key in self._replies:
            return self._replies[key]  # type: ignore[no-any-return]
        self._admit(expect)
        exchange = self._send_create(body, **kwargs)
        new = self._count([exchange])
        self._settle(new, [exchange], keep=1 if keep else 0)
        if key is not None:
            self._replies[key] = exchange
        return exchange

    def create_busy(self, body: Any = UNSET, **kwargs: Any) -> BusyAnswer:
        """A valid create sent while a backup of the run runs (it should meet FEATURE_IN_USE).

        If it starts a backup, the run's backups that ran when it was sent are read at once,
        before anything else: still INPROGRESS (read twice, a moment apart), or ended after the
        new backup started by the appliance's own clock, means the appliance accepted a second
        backup (``overlapped``); ended before it started means the create arrived after the end
        (``late``), which is conformant. The new backup is cancelled at once either way
        (``cancels`` keeps that cancel)."""
        key = self._reply_key(body, kwargs, "busy")
        if key is not None and key in self._replies:
            return self._replies[key]  # type: ignore[no-any-return]
        self._admit("busy")
        running = [job for job in self.running_jobs() if job not in self._cancelled]
        exchange = self._send_create(body, **kwargs)
        first = {job: self.state(job) for job in running} if _may_have_started(exchange) else {}
        new = self._count([exchange])
        overlapped: list[str] = []
        late = bool(new)
        for job, read in first.items():
            if new and _running(read):
                read = self.state(job)  # a status may trail the real end by a moment
            after = _ended_before(read, self.created.get(new[0]) if new else None)
            if new and after is False:
                overlapped.append(job)
            late = late and after is True
        if late:
            self.late.extend(new)
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
        self._admit("start", count=len(bodies))
        barrier = threading.Barrier(len(bodies))

        def send(body: Any) -> Exchange | NoAnswer:
            barrier.wait(timeout=10)
            try:
                return self._send_create(body)
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

    def _send_create(self, body: Any = UNSET, **kwargs: Any) -> Exchange:
        """POST a create. One that got no answer may have started a backup: it is charged to
        the budget, and the cleanup looks for it in the job list."""
        try:
            return self._client.create_job(body, **kwargs)
        except NoAnswer:
            with self._lock:
                self.spent += 1
                self.unanswered_creates += 1
            raise

    def create_when_idle(self, body: Any, *, keep: bool = True) -> Exchange:
        """Make idle, then create; while the answer is FEATURE_IN_USE (a backup this run cannot
        see still runs), retry within ``retry`` seconds. The last answer. On a live
        appliance whose budget is spent the test is skipped before anything is cancelled."""
        if self.free() == 0:
            self._stop(self._spent_reason())  # before anything of ours is cancelled for nothing
        self.make_idle()
        if self.bounded and not self.idle_observed():
            _skip(
                "a backup this run started could not be read back to its end (see BKP-JOB-001); "
                "no further backup is started on an appliance that may not let it be cancelled"
            )
        with self.waiting(
            "the appliance to accept a backup", None, "start retry", self.start_retry
        ) as end:
            pauses = self.pauses()
            while True:
                exchange = self.create(body, expect="start", keep=keep)
                busy = exchange.status == 400 and exchange.error_type == "FEATURE_IN_USE"
                if not busy or time.monotonic() >= end:
                    return exchange
                time.sleep(min(next(pauses), max(0.0, end - time.monotonic())))

    def cancel_all_but(self, keep: str | None) -> None:
        """Cancel every running job of this run except ``keep`` (which the test keeps)."""
        self.kept = [job for job in self.kept if job == keep or job not in self._batch]
        for job in self.running_jobs():
            if job != keep:
                self.cancel(job)

    def _admit(self, expect: Expect, count: int = 1) -> None:
        """Stop (skip, or reject in hypothesis) a create the budget or the state forbids."""
        if not self._foreign_checked:
            self._foreign_checked = True
            self._wait_for_foreign_backup()
        if self._busy_reason:
            _skip(self._busy_reason)
        if self._max is None:
            return
        if expect != "start" and self._recorder.failed_in_current_test():
            self._stop(
                "this test has already seen a MUST failure; on a live appliance its creates "
                "are not sent again (no backups spent on shrinking)"
            )
        if expect != "start" and self._spent_in.get(self._recorder.current_test):
            self._stop(
                "a create of this test already started a backup (an invalid one accepted, or a "
                "valid one that met no running backup); on a live appliance the test sends no more"
            )
        failed = self._recorder.current_must_failed()
        if expect != "start" and failed:
            self._stop(
                f"{', '.join(failed)} already failed; on a live appliance it is not checked "
                "again (that would spend the backup budget)"
            )
        free = self.free() or 0
        if free < count:
            self._stop(self._spent_reason(count))
        if expect == "busy" and not [j for j in self.running_jobs() if j not in self._cancelled]:
            self._stop(
                "no backup of this run is running, so a valid create would start another "
                "backup; raise --max-backups or use an appliance with longer backups"
            )

    def _spent_reason(self, count: int = 1) -> str:
        need = "a backup" if count == 1 else f"{count} concurrent creates"
        return (
            f"the run's backup budget cannot cover {need} ({self.spent} of {self._max} spent); "
            "raise --max-backups to check more on a live appliance"
        )

    def _stop(self, reason: str) -> NoReturn:
        """A hypothesis test that already failed rejects the example (it keeps shrinking on
        what it has, and its failure stands); anything else is skipped with the reason."""
        if hypothesis.currently_in_test_context() and self._recorder.failed_in_current_test():
            hypothesis.reject()
        _skip(reason)

    def _reply_key(
        self, body: Any, kwargs: dict[str, Any], kind: str = "create"
    ) -> tuple[str, str] | None:
        """In a hypothesis test on a live target: the test and the request, to answer a
        replayed create from memory."""
        if self._max is None or not hypothesis.currently_in_test_context():
            return None
        shape = {
            name: value.hex() if isinstance(value, bytes) else value
            for name, value in kwargs.items()
        }
        request = [kind, None if body is UNSET else body, shape]
        return self._recorder.current_test, json.dumps(request, sort_keys=True, default=repr)

    def _count(self, exchanges: Sequence[Exchange]) -> list[str]:
        """Count what these create answers may have started and track it; the new job ids.

        What the answers themselves say is charged and tracked first, before the job list is
        read (a list read that gets no answer must not lose a backup that started)."""
        ids: list[str] = []
        maybe = 0
        for exchange in exchanges:
            job_id = started_job(exchange)
            if _may_have_started(exchange):
                maybe += 1
            if job_id is not None and job_id not in ids:
                ids.append(job_id)
        new = [job for job in ids if job not in self.started]
        charged = max(maybe, len(new))
        with self._lock:
            self.spent += charged
        self._track_new(new, exchanges)
        listed = self._newly_listed() if self._max is not None else []
        more = [job for job in listed if job not in self.started]
        if more:
            with self._lock:
                self.spent += max(0, len(new) + len(more) - charged)
            self._track_new(more, exchanges)
        return new + more

    def _track_new(self, jobs: list[str], exchanges: Sequence[Exchange]) -> None:
        for job in jobs:
            exchange = self._answer_of(job, exchanges)
            self.started.setdefault(job, RUNNING)
            if exchange is None:
                continue
            self.created[job] = exchange
            if started_job(exchange) == job:
                self._track(job, exchange)

    @staticmethod
    def _answer_of(job: str, exchanges: Sequence[Exchange]) -> Exchange | None:
        """The create answer that started ``job``: the one carrying its id, else the first
        2xx (a job found only in the list), else the first (None: no create was answered)."""
        for exchange in exchanges:
            if started_job(exchange) == job:
                return exchange
        accepted = [e for e in exchanges if 200 <= e.status < 300]
        return next(iter(accepted or exchanges), None)

    def _settle(self, new: list[str], exchanges: Sequence[Exchange], *, keep: int) -> None:
        """Keep the first ``keep`` new backups for the test; cancel the others at once."""
        self.kept.extend(new[:keep])
        for job in new[keep:]:
            self._spent_in[self._recorder.current_test] += 1
            if self.started.get(job) not in _ENDED:
                cancel = self.cancel(job)
                first = self.state(job)
                if job in self.created:
                    self.cancels[job] = Cancelled(job, self.created[job], cancel, first)

    def _newly_listed(self) -> list[str]:
        """Job ids the appliance lists now and did not list before (a list request)."""
        listing = self._read(self._client.list_jobs()).json
        ids = [job for job in listing if isinstance(job, str)] if isinstance(listing, list) else []
        known = self._known
        self._known = (known or set()) | set(ids)
        return [] if known is None else [job for job in ids if job not in known]

    # reading and cancelling ------------------------------------------------------------

    def state(self, job_id: str) -> Exchange:
        """GET the job and remember its state and progress (an unreadable job keeps its last
        known state, unless this run cancelled it: then there is nothing more to wait for)."""
        exchange = self._client.get_job(job_id)
        if job_id in self.started:
            if exchange.status == 200 and isinstance(exchange.json, dict):
                self._track(job_id, exchange)
            elif job_id in self._cancelled and self.started[job_id] not in _SEEN_ENDED:
                self.started[job_id] = "GONE"  # (a job seen ended may leave the history)
        return self._read(exchange, self.progress.get(job_id, ()))

    def _read(self, exchange: Exchange, progress: Sequence[Any] = ()) -> Exchange:
        """Hand an answer the controller read to the run's read judge; the answer."""
        self._judge(exchange, progress)
        return exchange

    def _track(self, job_id: str, exchange: Exchange) -> None:
        body = exchange.json
        if isinstance(body, dict):
            self.started[job_id] = str(body.get("state", RUNNING))
            self.progress[job_id].append(body.get("progress"))
            self.reads[job_id].append((exchange.received_at, *self._last(job_id)))

    def _last(self, job_id: str) -> tuple[str, Any]:
        return self.started[job_id], self.progress[job_id][-1]

    def cancel(self, job_id: str) -> Exchange:
        """Cancel a job and remember that this run did."""
        self._cancelled.add(job_id)
        self.cancelled_at.setdefault(job_id, time.monotonic())
        return self._read(self._client.cancel_job(job_id))

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
        stopped = self._wait_until(
            lambda: not self.running_jobs(refresh=True),
            self.job_wait,
            "the run's backups to stop",
            "--job-wait",
        )
        if not stopped:
            _skip(
                f"a backup this run started was still running {self.job_wait:.0f} s "
                "(--job-wait) after cancel; the target cannot be made idle for this test"
            )

    def idle_observed(self) -> bool:
        """True when every job of this run was last read (200) in a finished state: only then
        is the appliance known to be idle (a job that cannot be read may still run)."""
        return all(state in _SEEN_ENDED for state in self.started.values())

    def wait_until_left_running(self, job_id: str, timeout: float) -> Exchange:
        """Poll the job until it leaves INPROGRESS, the timeout or the run's deadline passes;
        the last answer."""
        with self.waiting("cancelled backup to stop", job_id, "--job-wait", timeout) as end:
            pauses = self.pauses()
            while True:
                exchange = self.state(job_id)
                body = exchange.json
                done = not isinstance(body, dict) or body.get("state") != RUNNING
                if done or exchange.status != 200 or time.monotonic() >= end:
                    return exchange
                time.sleep(min(next(pauses), max(0.0, end - time.monotonic())))

    def finish(self) -> None:
        """Session end: cancel what still runs and await it within ``cleanup_wait``, whatever
        the run's deadline (the run must not leave a backup behind because time ran out).

        A job the appliance does not let us read (nor, then, cancel) is given the same bound
        to end by itself, read again and again; if it was never seen ended (also when the
        appliance stopped answering) it is reported as left running: it may well be."""
        self._client.lift_deadline()
        self._deadline = None
        try:
            if self.unanswered_creates and self._max is not None:
                self._unanswered(lambda: self._track_new(self._newly_listed(), []))
            for job in self.running_jobs():
                self._unanswered(self.state, job)
            for job in self.running_jobs():
                self._unanswered(self.cancel, job)
            self._wait_until(
                self._all_seen_ended, self.cleanup_wait, "the run's backups to end", "cleanup"
            )
        except NoAnswer:  # the appliance stopped answering: nothing more to learn
            pass
        self.left_running = [job for job, state in self.started.items() if state not in _SEEN_ENDED]

    def _unanswered(self, request: Callable[..., object], *args: Any) -> None:
        """One cleanup request; one that gets no answer is let go (the next may get one)
        until the appliance has stopped answering altogether."""
        try:
            request(*args)
        except NoAnswer:
            if self._client.liveness.stopped is not None:
                raise

    def _all_seen_ended(self) -> bool:
        for job, state in self.started.items():
            if state not in _SEEN_ENDED:
                self._unanswered(self.state, job)
        return self.idle_observed()

    # waiting --------------------------------------------------------------------------

    def _until(self, timeout: float) -> float:
        end = time.monotonic() + timeout
        return end if self._deadline is None else min(end, self._deadline)

    @contextmanager
    def waiting(self, what: str, job: str | None, bound: str, timeout: float) -> Iterator[float]:
        """Name a wait for the run's watch while the block runs; yields when it must end."""
        end = self._until(timeout)
        outer, self.wait = self.wait, Wait(what, job, bound, time.monotonic(), end)
        wait = self.wait
        try:
            yield end
        finally:
            self.wait = outer
            self.waits.append((wait, time.monotonic()))

    def _wait_until(
        self, condition: Callable[[], bool], timeout: float, what: str, bound: str
    ) -> bool:
        with self.waiting(what, None, bound, timeout) as end:
            pauses = self.pauses()
            while not condition():
                if time.monotonic() >= end:
                    return False
                time.sleep(min(next(pauses), max(0.0, end - time.monotonic())))
            return True

    def pauses(self) -> Iterator[float]:
        """Seconds between two reads while waiting: ``poll`` at first, then half as long
        again each time, at most 10 s (a live backup takes minutes: no read storm)."""
        pause = self.poll
        while True:
            yield pause
            pause = min(pause * 1.5, _LONGEST_PAUSE)

    def _wait_for_foreign_backup(self) -> None:
        if self._foreign_running() is None:
            return
        idle = self._wait_until(
            lambda: self._foreign_running() is None,
            self._busy_wait,
            "a backup not started by this run",
            "--busy-wait",
        )
        if idle:
            return
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
        self._known = (self._known or set()) | set(ids)
        for job in ids[:_FOREIGN_JOBS_LOOKED_AT]:
            body = self._read(self._client.get_job(job)).json
            if job not in self.started and isinstance(body, dict) and body.get("state") == RUNNING:
                return job
        return None


def _skip(reason: str) -> NoReturn:
    raise NotChecked(reason)


def _may_have_started(exchange: Exchange) -> bool:
    """True for a create answer that may have started a backup: any 2xx, or a job id."""
    return 200 <= exchange.status < 300 or started_job(exchange) is not None


def _running(read: Exchange) -> bool:
    body = read.json
    return read.status == 200 and isinstance(body, dict) and body.get("state") == RUNNING


_CLOCK_TOLERANCE = 1.0  # seconds: an appliance may write its times to the second


def _ended_before(read: Exchange, created: Exchange | None) -> bool | None:
    """Had the backup ``read`` shows ended before the one ``created`` started? True or False
    by the appliance's own clock (its end_time against the new start_time, to the second);
    False while it still reads INPROGRESS; None when it cannot be told (an unreadable job, a
    create answer without times): then neither a failure nor a late create is claimed."""
    if _running(read):
        return False
    ended, started = read.json, created.json if created is not None else None
    if read.status != 200 or not isinstance(ended, dict) or not isinstance(started, dict):
        return None
    try:
        end = parse_rfc3339(str(ended["end_time"]))
        start = parse_rfc3339(str(started["start_time"]))
    except (KeyError, TypeError, ValueError):
        return None
    return (end - start).total_seconds() <= _CLOCK_TOLERANCE


def started_job(exchange: Exchange) -> str | None:
    """The job id a create answer carries (a BackupJobStatus body), if any."""
    body = exchange.json
    if not isinstance(body, dict) or not isinstance(body.get("id"), str) or not body["id"]:
        return None
    return str(body["id"]) if 200 <= exchange.status < 300 or "state" in body else None
