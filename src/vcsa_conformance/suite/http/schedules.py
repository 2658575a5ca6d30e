"""Live safety for backup schedules: the run changes only a schedule it created itself.

A schedule is the admin's configuration (VMware's user interface keeps one, ``default``), so:

- the run writes schedules only when it may (``allowed``: always on the embedded mock, on a
  live target only with --schedule-writes); a test that needs a write is skipped otherwise,
  and the reason names the option;
- it creates only under ids it mints (``vcsa-conformance-<hex>``), and updates, runs and
  deletes only those: an id it did not mint is refused here, before anything is sent;
- a schedule that already exists (not the run's) is never touched: a test that would have
  to create one next to it is skipped, naming that schedule's id (an appliance may keep one
  schedule only, and an invalid create refused for that would prove nothing of its rule);
- every schedule a write of the run may have created (any 2xx of a create, or of an update
  of an id it minted) is deleted at the end, after a failure or the time limit too
  (``clean_up`` lifts the run's deadline, as the backup cleanup does).

A schedule's run starts a backup: it is the BackupController's (``create(run=...)``), within
the budget; this module never sends it. Reads are here too, so that every schedule request
but the run goes through one place.
"""

from __future__ import annotations

import contextlib
import uuid
from typing import Any

from vcsa_conformance.contract.api import SCHEDULES_PATH
from vcsa_conformance.suite.http.client import Client, NoAnswer, segment
from vcsa_conformance.suite.http.exchange import Exchange
from vcsa_conformance.suite.http.gate import skip

PREFIX = "vcsa-conformance-"


class ScheduleKeeper:
    """Mints, writes and finally deletes the run's own schedules; see the module docstring."""

    def __init__(self, client: Client, *, allowed: bool, refusal: str) -> None:
        self.client = client
        self.allowed = allowed
        self._refusal = refusal  # why writes are off, naming the option
        self.minted: list[str] = []  # ids this run made up (created or not)
        self.created: list[str] = []  # ids a write of this run may have created
        self.deleted: list[str] = []
        self.left: list[str] = []  # created, and not seen deleted after the cleanup

    def mint(self) -> str:
        """A schedule id no one else uses, marked as the run's own."""
        schedule_id = f"{PREFIX}{uuid.uuid4().hex[:12]}"
        self.minted.append(schedule_id)
        return schedule_id

    def list(self) -> Exchange:
        """GET .../backup/schedules."""
        return self.client.send("GET", SCHEDULES_PATH)

    def get(self, schedule_id: str) -> Exchange:
        """GET .../backup/schedules/{schedule} (any id: a read changes nothing)."""
        return self.client.send("GET", _path(schedule_id))

    def require_writes(self) -> None:
        """Skip the running test when the run may not write schedules (naming the option)."""
        if not self.allowed:
            skip(self._refusal)

    def require_room(self) -> None:
        """Skip the running test when a schedule not created by this run exists: it is never
        touched, and an appliance may keep one schedule only."""
        self.require_writes()
        listing = self.list()
        body = listing.json
        if listing.status != 200 or not isinstance(body, dict):
            skip(f"the schedule list could not be read ({listing.describe()})")
        foreign = sorted(key for key in body if key not in self.created)
        if foreign:
            skip(
                f"the appliance already has the schedule {', '.join(map(repr, foreign))}, which "
                "this run never touches; an appliance may keep one schedule only, so no schedule "
                "of the run's own could be created (delete it yourself to check these)"
            )

    def create(self, schedule_id: str, spec: Any, **kwargs: Any) -> Exchange:
        """POST a schedule under an id the run minted; a 2xx is kept for the cleanup."""
        self._own(schedule_id)
        body = kwargs.pop("body", {"schedule": schedule_id, "spec": spec})
        try:
            exchange = self.client.send("POST", SCHEDULES_PATH, json=body, **kwargs)
        except NoAnswer:
            self._keep(schedule_id)  # it may have been created all the same
            raise
        if 200 <= exchange.status < 300:
            self._keep(schedule_id)
        return exchange

    def update(self, schedule_id: str, body: Any, **kwargs: Any) -> Exchange:
        """PATCH a schedule of the run's own (or an id it minted and no schedule has)."""
        self._own(schedule_id)
        exchange = self.client.send("PATCH", _path(schedule_id), json=body, **kwargs)
        if 200 <= exchange.status < 300:
            self._keep(schedule_id)  # an update that creates is a fault; clean it up still
        return exchange

    def delete(self, schedule_id: str) -> Exchange:
        """DELETE a schedule of the run's own (or an id it minted and no schedule has)."""
        self._own(schedule_id)
        exchange = self.client.send("DELETE", _path(schedule_id))
        if exchange.status in (200, 204, 404) and schedule_id in self.created:
            self.created.remove(schedule_id)
            self.deleted.append(schedule_id)
        return exchange

    def clean_up(self) -> None:
        """Session end: delete every schedule a write of the run may have created, whatever
        the run's deadline; ``left`` names those that could not be seen deleted."""
        self.client.lift_deadline()
        for schedule_id in list(self.created):
            with contextlib.suppress(NoAnswer):
                self.delete(schedule_id)
        self.left = list(self.created)

    def _own(self, schedule_id: str) -> None:
        if schedule_id not in self.minted:
            raise ValueError(f"schedule {schedule_id!r} is not one this run minted")

    def _keep(self, schedule_id: str) -> None:
        if schedule_id not in self.created:
            self.created.append(schedule_id)


def _path(schedule_id: str) -> str:
    return f"{SCHEDULES_PATH}/{segment(schedule_id)}"
