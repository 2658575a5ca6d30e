"""The outcome of a conformance run as typed data.

The suite produces these objects and every report writer renders them; no writer parses
text. Everything stored here has already been masked (see ``redact``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Status = Literal["pass", "fail", "skip"]
Verdict = Literal["conformant", "non-conformant", "error"]


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
    error: str | None = None  # why the run could not run, with verdict "error"
    requests: int = 0
