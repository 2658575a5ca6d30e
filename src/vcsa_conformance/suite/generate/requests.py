"""Known-valid create requests, the two kinds a run needs.

- ``minimal_request``: the required fields and a backup password, to a TEST-NET address
  (192.0.2.10, never routed). Used where a backup must not start: invalid neighbours of it,
  creates sent while a backup runs.
- ``BackupLocation.request``: the creates meant to start a backup. On a live appliance they
  go where the user says (``--backup-location``), each to a new sub-folder (VMware wants an
  empty folder), so that the job can succeed; without it, to the TEST-NET address (where a
  real appliance's job will fail, leaving BKP-JOB-009 unchecked). They carry canary
  secrets so that a job status echoing them is caught (BKP-SEC-001).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from vcsa_conformance.contract.api import LOCATION_TYPES_BY_SCHEME

CANARY_PASSWORD = "Conform4nce!"  # meets every rule of contract/password.py
# Canary location credentials (never real ones), long and mixed enough to be searched for.
CANARY_LOCATION = {"location_user": "canary", "location_password": "Canary-Location-Pw-1!"}
TEST_NET_LOCATION = "sftp://192.0.2.10/backups/vcsa-conformance"


def minimal_request(**overrides: Any) -> dict[str, Any]:
    """A valid create request with only the required fields and a backup password."""
    request: dict[str, Any] = {
        "parts": [],
        "location_type": "SFTP",
        "location": TEST_NET_LOCATION,
        "backup_password": CANARY_PASSWORD,
    }
    request.update(overrides)
    return request


@dataclass
class BackupLocation:
    """Where the backups a run means to start go: the user's location or TEST-NET."""

    url: str | None = None
    user: str | None = None
    password: str | None = field(default=None, repr=False)
    run_id: str = field(default_factory=lambda: datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ"))
    _numbers: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    def request(self) -> dict[str, Any]:
        """A valid create request for a backup that is meant to start (and succeed)."""
        if self.url is None:
            return minimal_request(**CANARY_LOCATION)
        scheme = self.url.split("://", 1)[0].lower()
        folder = f"{self.url.rstrip('/')}/vcsa-conformance-{self.run_id}-{next(self._numbers)}"
        request = minimal_request(location_type=LOCATION_TYPES_BY_SCHEME[scheme], location=folder)
        if self.user is not None:
            request["location_user"] = self.user
        if self.password is not None:
            request["location_password"] = self.password
        return request
