"""One request and its answer, as the checks see them.

An ``Exchange`` holds the raw answer (checks need the exact bytes, e.g. to look for an echoed
secret) next to masked copies (the only form that may reach a ``Failure`` or a report).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from enum import Enum
from functools import cached_property
from typing import Any, Final

from vcsa_conformance.results import RecordedRequest, RecordedResponse


class _NoJson(Enum):
    """The type of ``NO_JSON``, a one-member Enum as the typing docs advise for sentinels."""

    NO_JSON = "no JSON"


NO_JSON: Final = _NoJson.NO_JSON  # an answer body that is absent or does not parse as JSON


@dataclass(frozen=True)
class Exchange:
    """A request sent to the target and the answer it gave."""

    operation: str | None  # the contract's "METHOD /path/{template}", None if not in it
    request: RecordedRequest  # masked
    response: RecordedResponse  # masked
    status: int
    headers: dict[str, str]  # raw answer headers, lower-case names
    content: bytes = field(repr=False)  # raw answer body
    secrets: tuple[str, ...] = field(default=(), repr=False)  # secrets this request carried
    raw: Any = field(default=None, repr=False, compare=False)  # the httpx.Response itself
    sent_at: float = 0.0  # time.monotonic() when the request went out
    received_at: float = 0.0  # time.monotonic() when the answer was in

    @property
    def content_type(self) -> str:
        """The media type of the answer without parameters, lower-case ('' if absent)."""
        return self.headers.get("content-type", "").split(";")[0].strip().lower()

    @cached_property
    def json(self) -> Any:
        """The answer body parsed as JSON, or NO_JSON."""
        if not self.content:
            return NO_JSON
        try:
            return json.loads(self.content)
        except ValueError:
            return NO_JSON

    @property
    def error_type(self) -> str | None:
        """The vAPI error_type of an error body, if it has one."""
        body = self.json
        if isinstance(body, dict) and isinstance(body.get("error_type"), str):
            return str(body["error_type"])
        return None

    @property
    def state(self) -> object:
        """The state of a job status body (None without one)."""
        body = self.json
        return body.get("state") if isinstance(body, dict) else None

    def describe(self) -> str:
        """'STATUS error_type' for Received: lines (the body is in the Failure itself)."""
        kind = self.error_type
        return f"{self.status} {kind}" if kind else str(self.status)
