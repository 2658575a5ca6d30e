"""The target of a run: a live appliance from the options, or the embedded mock.

The embedded mock listens over HTTPS on a free loopback port and the suite verifies TLS
against the mock's own CA file, exactly as it would for a live appliance with --ca-bundle.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from vcsa_conformance.suite.run.options import SuiteOptions


@dataclass(frozen=True)
class Target:
    """Where the suite sends requests and with which credentials (kept out of repr)."""

    url: str
    verify: bool | str
    user: str
    password: str = field(repr=False)
    readonly_user: str | None = None
    readonly_password: str | None = field(default=None, repr=False)
    embedded: bool = False


@contextmanager
def open_target(options: SuiteOptions) -> Iterator[Target]:
    """The live target as given, or an embedded mock running for the duration (the options
    are trusted: ``options_from`` checked the credentials and the fault names)."""
    if options.target is not None:
        assert options.user is not None and options.password is not None
        yield Target(
            url=options.target.rstrip("/"),
            verify=options.verify,
            user=options.user,
            password=options.password,
            readonly_user=options.readonly_user,
            readonly_password=options.readonly_password,
        )
        return
    with _embedded(options) as target:
        yield target


@contextmanager
def _embedded(options: SuiteOptions) -> Iterator[Target]:
    from vcsa_conformance.mock import Fault, MockConfig, Variant, serve_in_thread

    config = MockConfig(
        job_seconds=options.job_seconds,
        faults=frozenset(map(Fault, options.faults)),
        variants=frozenset(map(Variant, options.variants)),
    )
    admin = next(user for user in config.users if not user.read_only)
    readonly = next((user for user in config.users if user.read_only), None)
    with serve_in_thread(config) as running:
        yield Target(
            url=running.url.rstrip("/"),
            verify=str(running.ca_path) if running.ca_path else False,
            user=admin.name,
            password=admin.password,
            readonly_user=readonly.name if readonly else None,
            readonly_password=readonly.password if readonly else None,
            embedded=True,
        )
