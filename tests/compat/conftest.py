"""Fixtures for running VMware's official Python SDK against the mock (``tox -e compat``).

Without the SDK (the ``compat`` extra) these tests are not collected at all, so the default
``pytest`` run stays SDK-free; ``tox -e compat`` installs it and runs ``pytest tests/compat``.
"""

from __future__ import annotations

import gc
import warnings
from collections.abc import Callable, Iterator
from typing import Any

import pytest

try:
    with warnings.catch_warnings():  # the bindings warn about their own deprecated types
        warnings.simplefilter("ignore", DeprecationWarning)
        import requests
        from vmware.vapi.vsphere.client import VsphereClient, create_vsphere_client
except ImportError:  # the SDK is not installed: collect nothing here
    collect_ignore_glob = ["test_*.py"]
else:
    collect_ignore_glob = []

from vcsa_conformance.mock.model.appliance import Appliance
from vcsa_conformance.mock.model.config import MockConfig
from vcsa_conformance.mock.server import RunningMock, serve_in_thread

ADMIN = ("administrator@vsphere.local", "VMware1!")
READONLY = ("readonly@vsphere.local", "ReadOnly1!")


def pytest_configure(config: pytest.Config) -> None:
    """Bindings loaded lazily during tests warn about deprecated types too: not our noise."""
    config.addinivalue_line("filterwarnings", r"ignore::DeprecationWarning:com\.vmware\.")


class Clock:
    """A clock the test moves by hand, so job progress needs no sleeping."""

    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture(scope="session")
def mock() -> Iterator[RunningMock]:
    """One HTTPS mock with its self-signed certificate; each test gets a fresh Appliance."""
    with serve_in_thread(MockConfig()) as running:
        yield running


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def appliance(mock: RunningMock, clock: Clock) -> Iterator[Appliance]:
    """A fresh model (test clock) behind the running mock; no handler error may occur."""
    assert mock.app is not None
    fresh = Appliance(MockConfig(job_seconds=10.0), clock=clock)
    mock.app.state.appliance = fresh
    yield fresh
    assert mock.app.state.errors == []


@pytest.fixture
def http(mock: RunningMock) -> Iterator[requests.Session]:
    """A requests session trusting the mock's CA and ignoring REQUESTS_CA_BUNDLE & co."""
    session = requests.Session()
    session.verify = str(mock.ca_path)
    session.trust_env = False
    yield session
    session.close()


@pytest.fixture
def server(mock: RunningMock) -> str:
    """What ``create_vsphere_client(server=...)`` takes: host:port, no scheme."""
    return mock.url.removeprefix("https://")


@pytest.fixture
def connect(
    appliance: Appliance, http: requests.Session, server: str
) -> Iterator[Callable[..., VsphereClient]]:
    """Log in with the SDK's own entry point; every client is logged out after the test."""
    clients: list[VsphereClient] = []

    def login(user: tuple[str, str] = ADMIN, **options: Any) -> VsphereClient:
        client = create_vsphere_client(
            server=server, username=user[0], password=user[1], session=http, **options
        )
        clients.append(client)
        return client

    yield login
    for client in clients:
        client.__exit__(None, None, None)
    clients.clear()
    gc.collect()
