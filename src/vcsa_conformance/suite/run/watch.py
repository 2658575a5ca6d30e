"""A run you can watch: one live status line on a terminal, a plain line in a log.

A live run waits minutes for backups; a run that prints nothing for minutes looks hung, and
people cancel it. The watch shows what the run's own state says: requirements checked of the
catalogue, backups started of the budget, the wait in progress (its job, the job's state and
progress, the time left of its bound) and the time left of the run's limit.

- On a terminal, rich's ``Live`` redraws one line (a few times a second) and removes it at
  the end, so the final summary stands alone.
- Without one (a CI log), a plain line is printed once a wait has lasted ``first`` seconds and
  then every ``every`` seconds while it lasts: a wait is never silent for more than 10 s.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sys
import threading
import time
from typing import TextIO

from rich.console import Console
from rich.live import Live
from rich.text import Text

from vcsa_conformance.contract.requirements import catalogue
from vcsa_conformance.suite.http.waits import Wait
from vcsa_conformance.suite.run.session import SuiteSession

_TICK = 0.25  # seconds between two looks at the run's state


class Watch:
    """Shows the run's state while it runs; a context manager around the suite's pytest."""

    def __init__(
        self,
        session: SuiteSession,
        *,
        stream: TextIO | None = None,
        live: bool | None = None,
        first: float = 2.0,
        every: float = 10.0,
    ) -> None:
        self._session = session
        self._stream = stream or _uncaptured(sys.stdout)
        self._owned = stream is None and self._stream is not sys.stdout
        self._live = self._stream.isatty() if live is None else live
        self._first, self._every = first, every
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="vcsa-watch", daemon=True)

    def __enter__(self) -> Watch:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._done.set()
        self._thread.join(timeout=5)
        if self._owned:
            self._stream.close()

    def status(self) -> str:
        """The one line: what the run has done, what it waits for, the time it has left."""
        session, now = self._session, time.monotonic()
        recorder = session.recorder
        checked = sum(
            1 for rid in catalogue() if recorder.checks.get(rid) or recorder.failures.get(rid)
        )
        parts = [f"requirements {checked}/{len(catalogue())} checked"]
        backups = session.backups
        if backups is not None and backups.budget.bounded:
            parts.append(f"backups {backups.budget.spent}/{backups.budget.most} started")
        wait = backups.waits.current if backups is not None else None
        if wait is not None:
            parts.append(self._waiting(wait, now))
        parts.append(f"{max(0.0, session.deadline - now):.0f} s left of --time-limit")
        return " · ".join(parts)

    def _waiting(self, wait: Wait, now: float) -> str:
        text = wait.what
        backups = self._session.backups
        if wait.job is not None and backups is not None:
            state = backups.ledger.states.get(wait.job, "?")
            progress = backups.ledger.progress.get(wait.job) or [None]
            shown = f" {progress[-1]}%" if isinstance(progress[-1], int) else ""
            text += f" {wait.job}: {state}{shown}"
        return f"{text}, {max(0.0, wait.until - now):.0f} s left of {wait.bound}"

    def _loop(self) -> None:
        """Show the state until the run ends. The watch must never break the run: if it
        cannot show (a closed pipe, an unexpected state), it says so once and stops."""
        try:
            if self._live:
                self._redraw()
            else:
                self._log()
        except Exception as error:
            with contextlib.suppress(Exception):
                print(f"vcsa-conformance run: the live status stopped ({error!r})", file=sys.stderr)

    def _redraw(self) -> None:
        width = shutil.get_terminal_size().columns  # the duplicate descriptor hides the width
        console = Console(file=self._stream, highlight=False, width=width)
        # No stdout/stderr redirection: pytest captures those itself, from the main thread.
        live = Live(
            Text(self.status()),
            console=console,
            transient=True,
            auto_refresh=False,
            redirect_stdout=False,
            redirect_stderr=False,
        )
        with live:
            while not self._done.wait(_TICK):
                live.update(Text(self.status(), overflow="ellipsis", no_wrap=True), refresh=True)

    def _log(self) -> None:
        printed: tuple[Wait | None, float] = (None, 0.0)
        while not self._done.wait(_TICK):
            backups = self._session.backups
            wait = backups.waits.current if backups is not None else None
            now = time.monotonic()
            if wait is None or now - wait.since < self._first:
                continue
            last_wait, last_time = printed
            if last_wait is wait and now - last_time < self._every:
                continue
            print(f"  waiting: {self.status()}", file=self._stream, flush=True)
            printed = (wait, now)


def _uncaptured(stream: TextIO) -> TextIO:
    """A writer on the same file as ``stream`` that pytest's output capture (which redirects
    file descriptor 1 while a test runs) does not swallow: a duplicate of its descriptor."""
    try:
        return open(os.dup(stream.fileno()), "w", encoding="utf-8", closefd=True)
    except (OSError, ValueError, AttributeError):  # no descriptor (a test's capsys)
        return stream
