"""Known deviations: ``run --baseline FILE`` accepts some failures of the user's appliance.

FILE is a previous ``conformance.json`` (every requirement that failed there is accepted) or
a small YAML file of accepted requirement ids, each with a reason and an optional expiry
date::

    accepted:
      - id: BKP-INPUT-012
        reason: our appliance answers malformed JSON 500 (case 1234)
        expires: 2027-06-30

A recorded deviation that fails again is "known": still reported, with its evidence, but it
does not fail the verdict. One that now passes is "fixed"; one not checked this time stays
"accepted, not checked". An entry past its expiry date counts as a failure again
("expired"). A new failure always fails the verdict.

A SHOULD is our judgement about every appliance; a baseline is the user's judgement about
theirs. The baseline never changes what is checked, only which failures the verdict forgives.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from vcsa_conformance.contract.requirements import catalogue
from vcsa_conformance.errors import VcsaConformanceError
from vcsa_conformance.reports.json_report import ReportError, read
from vcsa_conformance.results import (
    Deviation,
    DeviationState,
    RequirementResult,
    RunResult,
    verdict_of,
)


class BaselineError(VcsaConformanceError, ValueError):
    """Raised when a baseline file cannot be used; the message says what to fix."""


@dataclass(frozen=True)
class Accepted:
    """One accepted deviation: a requirement id, why, and until when (None: no end)."""

    requirement_id: str
    reason: str
    expires: date | None = None


def load(path: Path) -> list[Accepted]:
    """The deviations a baseline file accepts; BaselineError (one line) for a bad file."""
    if path.suffix.lower() == ".json":
        return _from_report(path)
    try:
        data = yaml.safe_load(path.read_text("utf-8"))
    except OSError as error:
        raise BaselineError(f"cannot read --baseline {str(path)!r}: {error.strerror}") from None
    except (yaml.YAMLError, UnicodeDecodeError):
        raise BaselineError(
            f"--baseline {str(path)!r} is not YAML (or a conformance.json)"
        ) from None
    entries = data.get("accepted") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        raise BaselineError(
            f"--baseline {str(path)!r} needs a list 'accepted:' of entries with id and reason"
        )
    accepted = [_entry(item, path) for item in entries]
    _no_duplicates(accepted, path)
    return accepted


def _from_report(path: Path) -> list[Accepted]:
    try:
        old = read(path)
    except ReportError as error:
        raise BaselineError(f"--baseline: {error}") from None
    why = f"failed in the baseline run of {old.target} started {old.started}"
    return [Accepted(r.id, why) for r in old.requirements if r.status == "fail"]


def _entry(item: Any, path: Path) -> Accepted:
    if not isinstance(item, dict) or not item.get("id") or not item.get("reason"):
        raise BaselineError(f"--baseline {str(path)!r}: every entry needs an id and a reason")
    requirement_id = str(item["id"])
    if requirement_id not in catalogue():
        raise BaselineError(f"--baseline {str(path)!r}: unknown requirement id {requirement_id!r}")
    expires = item.get("expires")
    if expires is not None and not isinstance(expires, date):
        try:
            expires = date.fromisoformat(str(expires))
        except ValueError:
            raise BaselineError(
                f"--baseline {str(path)!r}: {requirement_id} expires {expires!r} is not a "
                "date like 2027-06-30"
            ) from None
    return Accepted(requirement_id, str(item["reason"]), expires)


def _no_duplicates(accepted: list[Accepted], path: Path) -> None:
    seen: set[str] = set()
    for entry in accepted:
        if entry.requirement_id in seen:
            raise BaselineError(f"--baseline {str(path)!r} names {entry.requirement_id} twice")
        seen.add(entry.requirement_id)


def in_force(accepted: list[Accepted], today: date) -> tuple[str, ...]:
    """The requirement ids the baseline still accepts today (not expired): a live run gives
    each accepted MUST one backup of its own, so that re-checking a known deviation that
    accepts an invalid create does not cost the budget of the other checks."""
    return tuple(
        entry.requirement_id
        for entry in accepted
        if entry.expires is None or entry.expires >= today
    )


def apply(result: RunResult, accepted: list[Accepted], source: str, today: date) -> RunResult:
    """The run with each accepted requirement marked and the verdict taken again, known
    failures forgiven (``source`` names the baseline file in the reports)."""
    by_id = {entry.requirement_id: entry for entry in accepted}
    requirements = [_marked(item, by_id.get(item.id), today) for item in result.requirements]
    if result.verdict == "error":
        return replace(result, requirements=requirements, baseline=source)
    verdict = verdict_of(requirements, result.error)
    return replace(result, requirements=requirements, verdict=verdict, baseline=source)


def _marked(item: RequirementResult, entry: Accepted | None, today: date) -> RequirementResult:
    if entry is None:
        return item
    expires = entry.expires.isoformat() if entry.expires else None
    state: DeviationState = "unchecked"
    if entry.expires is not None and entry.expires < today:
        state = "expired"
    elif item.status in ("fail", "pass"):
        state = "known" if item.status == "fail" else "fixed"
    return replace(item, deviation=Deviation(state, entry.reason, expires))
