"""The mock's settings: users, job duration, caps, faults and variants."""

from __future__ import annotations

from dataclasses import dataclass

from vcsa_conformance.mock.faults import Fault
from vcsa_conformance.mock.variants import Variant


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
    session_idle_seconds: float = 1800.0
    max_sessions: int = 1000
    max_jobs: int = 100
    unreachable_hosts: frozenset[str] = frozenset({"unreachable.example"})
    build: str = "24305161"  # in job ids and the system version
    version: str = "8.0.2.00000"  # GET /api/appliance/system/version: the contract it emulates
    faults: frozenset[Fault] = frozenset()
    variants: frozenset[Variant] = frozenset()

    def user(self, name: str) -> User | None:
        """The configured user called ``name``, if any."""
        for user in self.users:
            if user.name == name:
                return user
        return None
