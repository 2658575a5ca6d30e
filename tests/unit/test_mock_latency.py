"""The mock's timing: answer latency with jitter, backups to TEST-NET that fail after a few
seconds, and an appliance that stops answering (issue 16: test in the timing users have)."""

from __future__ import annotations

import random
import time
import warnings
from typing import Any

from vcsa_conformance.mock.app import create_app
from vcsa_conformance.mock.latency import Latency
from vcsa_conformance.mock.model.config import MockConfig

with warnings.catch_warnings():  # starlette 1.x prefers httpx2; httpx is what we depend on
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

ADMIN = ("administrator@vsphere.local", "VMware1!")
JOB = "/api/appliance/recovery/backup/job"


def _client(config: MockConfig, clock: Any = time.time) -> tuple[TestClient, dict[str, str]]:
    http = TestClient(create_app(config, clock=clock))
    return http, {"vmware-api-session-id": http.post("/api/session", auth=ADMIN).json()}


def test_every_answer_takes_the_latency() -> None:
    http, headers = _client(MockConfig(latency=0.08, latency_jitter=0.02))
    started = time.monotonic()
    for _ in range(3):
        assert http.get(JOB, headers=headers).status_code == 200
    assert 3 * 0.06 <= time.monotonic() - started < 3 * 0.1 + 0.5


def test_the_jitter_stays_within_its_bounds_and_never_below_zero() -> None:
    latency = Latency(app=None, seconds=0.04, jitter=0.05, rng=random.Random(7))  # type: ignore[arg-type]
    delays = [latency.delay() for _ in range(500)]
    assert min(delays) == 0.0 and max(delays) <= 0.09 and len(set(delays)) > 100


def test_a_backup_to_test_net_fails_after_the_unreachable_seconds() -> None:
    now = [1_795_780_800.0]
    config = MockConfig(job_seconds=30, unreachable_seconds=3)
    http, headers = _client(config, clock=lambda: now[0])
    body = {"parts": [], "location_type": "SFTP", "location": "sftp://192.0.2.10/backups"}
    job = http.post(JOB, json=body, headers=headers).json()["id"]
    now[0] += 3.5
    failed = http.get(f"{JOB}/{job}", headers=headers).json()
    assert failed["state"] == "FAILED" and "192.0.2.10" in failed["messages"][0]["default_message"]
    good = {**body, "location": "sftp://backup.example/vcsa"}
    job = http.post(JOB, json=good, headers=headers).json()["id"]
    now[0] += 29
    assert http.get(f"{JOB}/{job}", headers=headers).json()["state"] == "INPROGRESS"
    now[0] += 1.5
    assert http.get(f"{JOB}/{job}", headers=headers).json()["state"] == "SUCCEEDED"


def test_without_the_option_test_net_backups_run_as_any_other() -> None:
    config = MockConfig(job_seconds=30)
    assert not config.unreachable("192.0.2.10") and config.backup_seconds("192.0.2.10") == 30
    assert config.unreachable("unreachable.example")  # the documented unreachable host
    assert MockConfig(unreachable_seconds=2).unreachable("203.0.113.9")
    assert not MockConfig(unreachable_seconds=2).unreachable("10.0.0.5")
