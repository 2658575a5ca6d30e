"""The columns of the mutation table: how the suite meets the mock in each run.

- ``embedded``: the suite's own fast path, the mock started inside the run (1-second jobs,
  no backup budget).
- ``live`` and ``live-4``: the user's mode. The mock runs as a target of its own
  (``vcsa-conformance mock``: its own process, HTTPS with its own CA, jobs of 4 seconds,
  answers about 40 ms slow (± 8 ms), as a real appliance's over a network)
  and the suite is pointed at it with ``--target`` and ``--schedule-writes``, once with the
  default ``--max-backups`` (3 with ``--schedule-writes``) and once with ``--max-backups 4``
  given (a budget above the default: what a user raising it gets). The mock's own count of
  the backups started and of the jobs still running when the run ended is part of the
  verdict.
"""

from __future__ import annotations

from dataclasses import dataclass

from vcsa_conformance.mock.catalogue import UnknownName
from vcsa_conformance.suite.run.options import default_max_backups


@dataclass(frozen=True)
class Column:
    """One way of running every case."""

    name: str
    live: bool = False
    max_backups: int | None = None  # live: the --max-backups given (None: the default)
    job_seconds: float = 1.0
    latency_ms: float = 0.0  # live: the mock's --latency (its jitter a fifth of it)

    @property
    def budget(self) -> int | None:
        """The backup budget the run keeps to (None: the embedded mock has none)."""
        if not self.live:
            return None
        if self.max_backups is None:  # the live runs pass --schedule-writes (runs.py)
            return default_max_backups(schedule_writes=True)
        return self.max_backups

    @property
    def title(self) -> str:
        """The column's heading in the table."""
        if not self.live:
            return "embedded mock"
        default = " (default)" if self.max_backups is None else ""
        return f"live, budget {self.budget}{default}, {self.latency_ms:g} ms"


EMBEDDED = Column("embedded")
LIVE = Column("live", live=True, job_seconds=4.0, latency_ms=40.0)
LIVE_4 = Column("live-4", live=True, max_backups=4, job_seconds=4.0, latency_ms=40.0)
COLUMNS = (EMBEDDED, LIVE, LIVE_4)


def column(name: str) -> Column:
    """The column called ``name``; ``UnknownName`` naming the choices otherwise."""
    for known in COLUMNS:
        if known.name == name:
            return known
    choices = ", ".join(known.name for known in COLUMNS)
    raise UnknownName(f"unknown column {name!r} (choose from: {choices})")
