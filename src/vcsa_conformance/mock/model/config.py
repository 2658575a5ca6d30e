"""The mock's settings: users, job duration, caps, faults and variants."""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass

from vcsa_conformance.mock.model.faults import Fault
from vcsa_conformance.mock.model.variants import Variant

# RFC 5737's documentation ranges: never routed, so a real appliance's backup there fails.
_TEST_NETS = tuple(
    ipaddress.ip_network(net) for net in ("192.0.2.0/24", "198.51.100.0/24", "203.0.113.0/24")
)


@dataclass(frozen=True)
class User:
    """An account of the mock; a read-only user may read but not create or cancel."""

    name: str
    password: str
    read_only: bool = False


@dataclass(frozen=True)
class MockConfig:
    """Everything that shapes one mock appliance; immutable so it can be shared."""

    users: tuple[User, ...] = (
        User("administrator@vsphere.local", "VMware1!"),
        User("readonly@vsphere.local", "ReadOnly1!", read_only=True),
    )
    job_seconds: float = 10.0
    # A backup to an address no appliance can reach (TEST-NET, RFC 5737, or one of
    # ``unreachable_hosts``) fails after this many seconds, as a real appliance's does; None:
    # only ``unreachable_hosts`` fail, after ``job_seconds``.
    unreachable_seconds: float | None = None
    latency: float = 0.0  # seconds added to every answer (mock/latency.py)
    latency_jitter: float = 0.0  # ± seconds around ``latency``, uniformly
    hang_after: int | None = None  # answer this many requests, then none (mock/latency.py)
    session_idle_seconds: float = 1800.0
    max_sessions: int = 1000
    max_jobs: int = 100
    max_schedules: int = 1  # as VMware's user interface keeps (mock/model/schedules.py)
    unreachable_hosts: frozenset[str] = frozenset({"unreachable.example"})
    build: str = "24305161"  # in job ids and the system version
    version: str = "8.0.2.00000"  # GET /api/appliance/system/version: the contract it emulates
    faults: frozenset[Fault] = frozenset()
    variants: frozenset[Variant] = frozenset()

    def user(self, name: str) -> User | None:
        """The configured user called ``name``, if any."""
        return next((user for user in self.users if user.name == name), None)

    def unreachable(self, host: str) -> bool:
        """True when a backup to ``host`` fails: one of ``unreachable_hosts``, or, with
        ``unreachable_seconds`` set, a TEST-NET address (where the suite sends its backups
        when no --backup-location is given)."""
        if host in self.unreachable_hosts:
            return True
        return self.unreachable_seconds is not None and _test_net(host)

    def backup_seconds(self, host: str) -> float:
        """How long a backup to ``host`` runs before it succeeds or fails."""
        if self.unreachable_seconds is not None and self.unreachable(host):
            return self.unreachable_seconds
        return self.job_seconds


def _test_net(host: str) -> bool:
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    return any(address in net for net in _TEST_NETS)
