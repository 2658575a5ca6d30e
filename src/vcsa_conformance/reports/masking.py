"""The final, defensive mask pass every report goes through before it is written.

The suite masks secrets when it records a request; this pass runs again on the whole
RunResult, once, where the reports are written (``write_all``), so that a slip anywhere
upstream (a password quoted in a check's "Received" text, a token in a hand-built message)
still never reaches a file. What a secret is, ``redact`` decides; this module only walks a
RunResult and applies it to every field.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import replace

from vcsa_conformance.redact import Redactor
from vcsa_conformance.results import (
    Failure,
    RecordedRequest,
    RecordedResponse,
    RequirementResult,
    RunResult,
)


class Masker:
    """Applies the mask pass to texts, headers, bodies and whole results."""

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        self._redactor = Redactor(secrets)

    def text(self, value: str) -> str:
        """Free text (messages, Expected/Received, curl commands) with every secret masked."""
        return self._redactor.free_text(value)

    def optional(self, value: str | None) -> str | None:
        """``text`` for a value that may be absent."""
        return None if value is None else self.text(value)

    def headers(self, headers: Mapping[str, str]) -> dict[str, str]:
        """Secret headers masked whole, every other value masked as text."""
        return {name: self.text(value) for name, value in self._redactor.headers(headers).items()}

    def body(self, body: str | None) -> str | None:
        """A body with secret JSON fields masked, keeping its layout when nothing changed."""
        if body is None:
            return None
        try:
            parsed = json.loads(body)
        except ValueError:
            return self.text(body)
        masked = self._redactor.json_value(parsed)
        if masked == parsed:
            return self.text(body)
        return self.text(json.dumps(masked, ensure_ascii=False))

    def request(self, request: RecordedRequest | None) -> RecordedRequest | None:
        """A recorded request with its URL, headers and body masked."""
        if request is None:
            return None
        return replace(
            request,
            url=self.text(request.url),
            headers=self.headers(request.headers),
            body=self.body(request.body),
        )

    def response(self, response: RecordedResponse | None) -> RecordedResponse | None:
        """A recorded response with its headers and body masked."""
        if response is None:
            return None
        return replace(
            response, headers=self.headers(response.headers), body=self.body(response.body)
        )

    def failure(self, failure: Failure) -> Failure:
        """A failure with every text field and its request/response masked."""
        return replace(
            failure,
            check=self.text(failure.check),
            expected=self.text(failure.expected),
            received=self.text(failure.received),
            request=self.request(failure.request),
            response=self.response(failure.response),
            test=self.text(failure.test),
            reproduction=self.optional(failure.reproduction),
        )

    def requirement(self, result: RequirementResult) -> RequirementResult:
        """A copy of a requirement result with its failures and skip reason masked."""
        return replace(
            result,
            failures=[self.failure(failure) for failure in result.failures],
            skip_reason=self.optional(result.skip_reason),
        )

    def result(self, result: RunResult) -> RunResult:
        """A copy of the whole run with every free-text field masked."""
        return replace(
            result,
            target=self.text(result.target),
            error=self.optional(result.error),
            requirements=[self.requirement(item) for item in result.requirements],
        )


def mask_result(result: RunResult, secrets: Iterable[str] = ()) -> RunResult:
    """The run with the final mask pass applied; ``secrets`` are values the run sent."""
    return Masker(secrets).result(result)
