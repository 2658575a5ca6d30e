"""Backup schedules, kept by the id their creator chose.

How many schedules an appliance keeps is not documented; VMware's user interface manages
one, with the id ``default``. The mock keeps ``MockConfig.max_schedules`` (1 by default) and
answers a create beyond that 400 ALREADY_EXISTS, the only 400 VMware documents for create.
The mock never starts a backup at a schedule's recurrence time by itself (a test harness
must decide when backups start); ``run`` starts one now, and retention deletes nothing (the
mock keeps no backup files). Not thread-safe on its own (the Appliance locks).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from vcsa_conformance.contract.api import SCHEDULES_SERVICE
from vcsa_conformance.mock.model.errors import VapiError, message, not_found
from vcsa_conformance.mock.model.schedule_specs import ScheduleSpec


@dataclass(frozen=True)
class Schedule:
    """A stored schedule: a complete spec (location and host set, enable decided)."""

    spec: ScheduleSpec

    def info(self) -> dict[str, Any]:
        """The Schedules.Info answer: never a password."""
        spec = self.spec
        info: dict[str, Any] = {
            "parts": list(spec.parts or ()),
            "location": spec.location,
            "enable": spec.enable is not False,
        }
        optional = {
            "location_user": spec.location_user,
            "recurrence_info": spec.recurrence,
            "retention_info": None if spec.retention is None else {"max_count": spec.retention},
            "fast_backup": spec.fast_backup,
        }
        info.update({name: value for name, value in optional.items() if value is not None})
        return info


class ScheduleStore:
    """Schedules by id, at most ``limit`` of them."""

    def __init__(self, limit: int) -> None:
        self._limit = max(1, limit)
        self._schedules: dict[str, Schedule] = {}

    def create(self, schedule_id: str, spec: ScheduleSpec) -> None:
        """Keep a new schedule; 400 ALREADY_EXISTS for a taken id or beyond the limit."""
        if schedule_id in self._schedules:
            raise _already_exists(schedule_id, f"Backup schedule {schedule_id} already exists.")
        if len(self._schedules) >= self._limit:
            text = f"This appliance keeps at most {self._limit} backup schedule(s)."
            raise _already_exists(schedule_id, text)
        enabled = spec.enable if spec.enable is not None else True
        self._schedules[schedule_id] = Schedule(replace(spec, enable=enabled))

    def get(self, schedule_id: str) -> Schedule:
        """The schedule with this id; 404 NOT_FOUND otherwise."""
        schedule = self._schedules.get(schedule_id)
        if schedule is None:
            raise not_found("schedule", schedule_id)
        return schedule

    def all(self) -> dict[str, Schedule]:
        """Every schedule by id, in creation order."""
        return dict(self._schedules)

    def update(self, schedule_id: str, change: ScheduleSpec) -> None:
        """Set the fields ``change`` carries, keep the others; 404 for an unknown id."""
        current = self.get(schedule_id).spec
        fields = {
            name: value
            for name, value in vars(change).items()
            if value is not None and name != "host"
        }
        if change.location is not None:
            fields["host"] = change.host
        self._schedules[schedule_id] = Schedule(replace(current, **fields))

    def delete(self, schedule_id: str) -> None:
        """Forget the schedule; 404 for an unknown id. Jobs it started stay in the history."""
        self.get(schedule_id)
        del self._schedules[schedule_id]


def _already_exists(schedule_id: str, text: str) -> VapiError:
    return VapiError(
        "ALREADY_EXISTS", [message(f"{SCHEDULES_SERVICE}.already.exists", text, schedule_id)]
    )
