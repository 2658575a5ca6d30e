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

    @property
    def unchecked_musts(self) -> list[RequirementResult]:
        """The MUST requirements no check reached, each with its skip reason."""
        return [r for r in self.requirements if r.level == "MUST" and r.status == "skip"]
