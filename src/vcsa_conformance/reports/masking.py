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
from dataclasses import fields, is_dataclass, replace
from typing import Any, cast

from vcsa_conformance.redact import Redactor
from vcsa_conformance.results import RunResult


class Masker:
    """Applies the mask pass to texts, headers, bodies and (``mask_result``) whole runs."""

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        self._redactor = Redactor(secrets)

    def text(self, value: str) -> str:
        """Free text (messages, Expected/Received, curl commands) with every secret masked."""
        return self._redactor.free_text(value)

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

    def _masked(self, value: Any, name: str = "") -> Any:
        """Walk the result's dataclasses: headers masked as headers, bodies as bodies (keeping
        their layout), every other string as free text; numbers and mappings of counts as
        they are."""
        if is_dataclass(value) and not isinstance(value, type):
            changes = {f.name: self._masked(getattr(value, f.name), f.name) for f in fields(value)}
            return replace(value, **changes)
        if isinstance(value, list):
            return [self._masked(item, name) for item in value]
        if name == "headers" and isinstance(value, dict):
            return self.headers(value)
        if name == "body" and isinstance(value, str):
            return self.body(value)
        return self.text(value) if isinstance(value, str) else value


def mask_result(result: RunResult, secrets: Iterable[str] = ()) -> RunResult:
    """The run with the final mask pass applied; ``secrets`` are values the run sent."""
    return cast(RunResult, Masker(secrets)._masked(result))
