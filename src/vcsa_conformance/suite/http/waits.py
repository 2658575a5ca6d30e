"""Bounded waits: every wait of a run has its own limit and ends by the run's deadline.

A live backup takes minutes: reads while waiting slow down (``poll`` at first, then half as
long again each time, at most 10 s: no read storm), and the wait in progress is named so the
run's watch can show it.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

_LONGEST_PAUSE = 10.0  # seconds between two reads of a long wait (PowerCLI polls every 5)


@dataclass(frozen=True)
class Wait:
    """What the run is waiting for now, for the run's watch: a wait of minutes must show."""

    what: str  # e.g. "following backup"
    job: str | None  # the job it waits on, if one
    bound: str  # the option or limit that bounds it, e.g. "--job-wait"
    since: float  # time.monotonic() when it began
    until: float  # time.monotonic() when its bound (or the run's deadline) ends it


class Waits:
    """The run's waits: the one in progress, those that ended, and how to wait."""

    def __init__(self, poll: float, deadline: float | None = None) -> None:
        self.poll = poll  # seconds between the first two reads of a wait
        self.deadline = deadline  # time.monotonic() when the run must end (None: no limit)
        self.current: Wait | None = None
        self.ended: list[tuple[Wait, float]] = []  # every wait that ended, and when

    def lift(self) -> None:
        """No deadline from now on (the cleanup must not leave a backup behind)."""
        self.deadline = None

    @contextmanager
    def waiting(self, what: str, job: str | None, bound: str, timeout: float) -> Iterator[float]:
        """Name a wait for the run's watch while the block runs; yields when it must end."""
        end = time.monotonic() + timeout
        end = end if self.deadline is None else min(end, self.deadline)
        outer, self.current = self.current, Wait(what, job, bound, time.monotonic(), end)
        wait = self.current
        try:
            yield end
        finally:
            self.current = outer
            self.ended.append((wait, time.monotonic()))

    def until(
        self,
        condition: Callable[[], bool],
        timeout: float,
        what: str,
        bound: str,
        job: str | None = None,
    ) -> bool:
        """Ask ``condition`` until it holds (True) or the wait's end passes (False)."""
        with self.waiting(what, job, bound, timeout) as end:
            pauses = self.pauses()
            while not condition():
                if time.monotonic() >= end:
                    return False
                time.sleep(min(next(pauses), max(0.0, end - time.monotonic())))
            return True

    def pauses(self) -> Iterator[float]:
        """Seconds between two reads while waiting: ``poll`` at first, then half as long
        again each time, at most 10 s."""
        pause = self.poll
        while True:
            yield pause
            pause = min(pause * 1.5, _LONGEST_PAUSE)
