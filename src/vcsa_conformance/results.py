"""The outcome of a conformance run as typed data.

The suite produces these objects and every report writer renders them; no writer parses
text. Everything stored here has already been masked (see ``redact``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Status = Literal["pass", "fail", "skip"]
# conformant: every MUST checked and passed; non-conformant: a MUST failed (final, whatever
# happened after); incomplete: no MUST failed but some were not checked (budget, busy
# appliance, time limit); error: the run could not run at all.
Verdict = Literal["conformant", "non-conformant", "incomplete", "error"]


@dataclass(frozen=True)
class RecordedRequest:
    """A request as sent, secrets masked; enough to rebuild it as a curl command."""

    method: str
    url: str
    headers: dict[str, str] = field(default_factory=dict)
    body: str | None = None


@dataclass(frozen=True)
class RecordedResponse:
    """A response as received, secrets masked."""

    status: int
    headers: dict[str, str] = field(default_factory=dict)
    body: str | None = None


@dataclass(frozen=True)
class Failure:
    """One requirement seen broken: what was expected, what was received, and how to repeat it."""

    requirement_id: str
    check: str
    expected: str
    received: str
    request: RecordedRequest | None = None
    response: RecordedResponse | None = None
    test: str = ""
    reproduction: str | None = None  # hypothesis seed or @reproduce_failure blob


DeviationState = Literal["known", "fixed", "unchecked", "expired"]


@dataclass(frozen=True)
class Deviation:
    """A requirement the user's baseline accepts (``run --baseline``), and what became of it:
    known (it failed again: reported, forgiven), fixed (it passes now), unchecked (not checked
    this time) or expired (past its date: a failure counts again)."""

    state: DeviationState
    reason: str
    expires: str | None = None  # YYYY-MM-DD


@dataclass
class RequirementResult:
    """The verdict on one requirement: pass needs at least one check and no failure."""

    id: str
    level: Literal["MUST", "SHOULD"]
    title: str
    area: str
    status: Status
    checks: int = 0
    failures: list[Failure] = field(default_factory=list)
    skip_reason: str | None = None
    deviation: Deviation | None = None  # set when a baseline names this requirement

    @property
    def known(self) -> bool:
        """A failure the user's baseline accepts: reported, but it does not fail the verdict."""
        return self.deviation is not None and self.deviation.state == "known"


@dataclass(frozen=True)
class ApplianceVersion:
    """What ``GET /api/appliance/system/version`` said; "unknown" when the target refused."""

    version: str = "unknown"
    build: str = "unknown"
    product: str = ""

    @property
    def known(self) -> bool:
        """True when the target told its version."""
        return self.version != "unknown"


@dataclass(frozen=True)
class ExchangeRecord:
    """One request and its answer, masked, with when it was sent: an entry of ``--har``."""

    started: str  # RFC 3339 with milliseconds
    duration_ms: float
    request: RecordedRequest
    response: RecordedResponse
    http_version: str = "HTTP/1.1"


@dataclass(frozen=True)
class Coverage:
    """Operation x documented status codes exercised, and how many cases ran."""

    # "METHOD /path" -> {status code as string -> times seen}
    operations: dict[str, dict[str, int]] = field(default_factory=dict)
    # "METHOD /path" -> status codes the contract documents
    documented: dict[str, list[str]] = field(default_factory=dict)
    cases: int = 0


@dataclass(frozen=True)
class Bounds:
    """The limits a run kept to on its target, and what it spent of them (the report names
    every bound, so a reader knows what "not checked within the limit" means)."""

    max_backups: int | None  # None: the embedded mock, which has no budget
    backups_started: int  # create answers that may have started a backup
    jobs_left_running: int  # jobs of the run not seen ended after its cleanup (may still run)
    time_limit_s: float
    busy_wait_s: float  # for a backup someone else runs, before the first create
    job_wait_s: float  # following a backup of the run to its end, or a cancel to its effect
    cleanup_wait_s: float  # for the run's cancelled jobs to stop, at its end
    start_retry_s: float  # FEATURE_IN_USE retries of a create meant to start a backup
    request_timeout_s: float
    rate_limit: float | None = None  # requests per second
    baseline_backups: int = 0  # of max_backups: one for each MUST the --baseline accepts
    # Live: whether the run could create a schedule of its own (--schedule-writes); None on
    # the embedded mock, where it always can. And its schedules not seen deleted at the end.
    schedule_writes: bool | None = None
    schedules_left: int = 0


BackupKind = Literal["planned", "late", "unplanned"]


@dataclass(frozen=True)
class BackupSpan:
    """One backup the run started, on the run's own clock (seconds since it began): what
    the timeline of the HTML report draws as a bar."""

    id: str
    # planned: a test started it on purpose; late: a create sent while another ran arrived
    # after its end; unplanned: any other create that started one (an invalid or second create
    # accepted, or on the embedded mock a create checked and cancelled at once)
    kind: BackupKind
    start_s: float  # its create was answered
    end_s: float | None  # first read in a finished state (None: never seen ended)
    cancelled_s: float | None  # the run cancelled it (None: it did not)
    state: str  # the last state read
    progress: list[tuple[float, int]] = field(default_factory=list)  # (seconds, percent) read


@dataclass(frozen=True)
class WaitSpan:
    """One wait of the run: what for, the option that bounded it, when (run's clock)."""

    what: str
    job: str | None
    bound: str
    start_s: float
    end_s: float


@dataclass(frozen=True)
class FailureMark:
    """Where on the run's clock a requirement was first seen broken."""

    requirement_id: str
    at_s: float


@dataclass(frozen=True)
class Timeline:
    """What happened on the appliance over the run: its backups, its waits, its failures."""

    duration_s: float
    backups: list[BackupSpan] = field(default_factory=list)
    waits: list[WaitSpan] = field(default_factory=list)
    failures: list[FailureMark] = field(default_factory=list)


@dataclass
class RunResult:
    """Everything a report needs about one run."""

    verdict: Verdict
    target: str  # URL only, never credentials
    started: str  # RFC 3339
    duration_s: float
    tool_version: str
    spec_version: str
    profile: str = "quick"
    requirements: list[RequirementResult] = field(default_factory=list)
    coverage: Coverage = field(default_factory=Coverage)
    error: str | None = None  # why the run could not run (verdict "error"), or was cut short
    requests: int = 0
    bounds: Bounds | None = None
    appliance: ApplianceVersion = field(default_factory=ApplianceVersion)
    baseline: str | None = None  # the --baseline file whose deviations were accepted
    exchanges: list[ExchangeRecord] = field(default_factory=list)  # only with --har
    timeline: Timeline | None = None  # None: a run that could not start

    @property
    def unchecked_musts(self) -> list[RequirementResult]:
        """The MUST requirements no check reached, each with its skip reason."""
        return [r for r in self.requirements if r.level == "MUST" and r.status == "skip"]


def verdict_of(requirements: list[RequirementResult], error: str | None) -> Verdict:
    """non-conformant > error > incomplete > conformant.

    A MUST failure is final (whatever happened after it), unless the user's baseline
    accepts it (a known deviation); otherwise an error makes the run "error", a MUST that no
    check reached "incomplete", and only a run that checked every MUST is "conformant"."""
    musts = [r for r in requirements if r.level == "MUST"]
    if any(r.status == "fail" and not r.known for r in musts):
        return "non-conformant"
    if error is not None:
        return "error"
    if any(r.status == "skip" for r in musts):
        return "incomplete"
    return "conformant"
