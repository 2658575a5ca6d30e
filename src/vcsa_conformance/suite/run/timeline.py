"""The timeline of a run: its backups, waits and failures on the run's own clock.

When a verdict surprises, the question is what happened on the appliance: which backups the
run started and why, when each ended, which create raced the end of a backup, what the run
waited for and where it saw each failure. The backup controller and the recorder keep those
moments (``time.monotonic()``); this module turns them into ``results.Timeline``, in
seconds since the run began, for the reports.
"""

from __future__ import annotations

from vcsa_conformance.results import BackupSpan, FailureMark, Timeline, WaitSpan
from vcsa_conformance.suite.http.backups import BackupController
from vcsa_conformance.suite.http.ledger import SEEN_ENDED, Ledger
from vcsa_conformance.suite.judge.recorder import Recorder

_LONGEST = 80  # characters of an id or state the appliance wrote (the reports mask them too)
_SHORTEST_WAIT = 0.2  # seconds: shorter waits (an appliance already idle) are not drawn


def timeline_of(
    recorder: Recorder, backups: BackupController | None, started: float, duration: float
) -> Timeline:
    """The run's timeline; ``started`` is the run's ``time.monotonic()`` at its start."""
    failures = [
        FailureMark(requirement_id, _since(started, moment))
        for requirement_id, moment in sorted(recorder.first_seen.items(), key=lambda kv: kv[1])
    ]
    if backups is None:
        return Timeline(round(duration, 3), failures=failures)
    spans = [_span(backups.ledger, job, started) for job in backups.ledger.states]
    waits = [
        WaitSpan(wait.what, wait.job, wait.bound, _since(started, wait.since), _since(started, end))
        for wait, end in backups.waits.ended
        if end - wait.since >= _SHORTEST_WAIT
    ]
    return Timeline(round(duration, 3), spans, waits, failures)


def _since(started: float, moment: float) -> float:
    return round(max(0.0, moment - started), 3)


def _span(ledger: Ledger, job: str, started: float) -> BackupSpan:
    created = ledger.created.get(job)
    reads = ledger.reads.get(job, [])
    start = created.received_at if created is not None else (reads[0][0] if reads else started)
    ended = next((moment for moment, state, _ in reads if state in SEEN_ENDED), None)
    cancelled = ledger.cancelled.get(job)
    return BackupSpan(
        id=job[:_LONGEST],
        kind="planned" if job in ledger.kept else "late" if job in ledger.late else "unplanned",
        start_s=_since(started, start),
        end_s=None if ended is None else _since(started, ended),
        cancelled_s=None if cancelled is None else _since(started, cancelled),
        state=ledger.states[job][:_LONGEST],
        progress=[(_since(started, t), int(pct)) for t, _, pct in reads if isinstance(pct, int)],
    )
