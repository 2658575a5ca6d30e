"""End to end: a failing run with canary secrets leaves none of them in the report directory.

A mock appliance with canary passwords and the ``secret-echoed`` fault (it quotes a rejected
backup_password back) runs in this process; ``vcsa-conformance run`` tests it from a
subprocess as a live target would be tested. Every secret that crossed the wire is collected
on the mock's side (the appliance and read-only passwords, every session token issued,
every backup/location password received) and searched for in every file the run wrote
(the four reports and the ``--har`` archive of every exchange), and in its output.
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.skipif(
    importlib.util.find_spec("vcsa_conformance.suite.run.runner") is None,
    reason="vcsa_conformance.suite.run.runner does not exist yet (the suite is being written)",
)

ADMIN_PASSWORD = "Canary#Admin-7f3a"
READONLY_PASSWORD = "Canary#ReadOnly-91c2"
LOCATION_PASSWORD = "Canary#Location-3b1d"  # --backup-location's, from the environment
# Secrets the suite generated are searched for when they are distinctive enough not to
# occur by chance (8+ characters with a symbol): "a" or "Ab1" would match anything.
_SYMBOLS = set("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")


class _Collected:
    """Every secret the mock saw or issued, recorded by wrapping the appliance's methods."""

    def __init__(self) -> None:
        self.tokens: list[str] = []
        self.passwords: list[str] = []

    def wrap(self, appliance: Any) -> None:
        login, create_job = appliance.login, appliance.create_job

        def recording_login(username: str, password: str) -> str:
            token: str = login(username, password)
            self.tokens.append(token)
            return token

        def recording_create_job(token: str | None, request: object) -> Any:
            if isinstance(request, dict):
                for name in ("backup_password", "location_password"):
                    value = request.get(name)
                    if isinstance(value, str):
                        self.passwords.append(value)
            return create_job(token, request)

        appliance.login = recording_login
        appliance.create_job = recording_create_job

    def distinctive(self) -> set[str]:
        found = {p for p in self.passwords if len(p) >= 8 and _SYMBOLS & set(p)}
        return found | set(self.tokens) | {ADMIN_PASSWORD, READONLY_PASSWORD, LOCATION_PASSWORD}


@pytest.fixture(scope="module")
def canary_run(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Any, Path, _Collected]]:
    from vcsa_conformance.mock.model.config import MockConfig, User
    from vcsa_conformance.mock.model.faults import Fault
    from vcsa_conformance.mock.server import serve_in_thread

    config = MockConfig(
        users=(
            User("administrator@vsphere.local", ADMIN_PASSWORD),
            User("readonly@vsphere.local", READONLY_PASSWORD, read_only=True),
        ),
        job_seconds=1.0,
        faults=frozenset({Fault.SECRET_ECHOED}),
    )
    report_dir = tmp_path_factory.mktemp("canary") / "reports"
    collected = _Collected()
    with serve_in_thread(config) as running:
        collected.wrap(running.app.state.appliance)
        env = {k: v for k, v in os.environ.items() if not k.startswith("VCSA_")}
        env |= {
            "VCSA_PASSWORD": ADMIN_PASSWORD,
            "VCSA_READONLY_PASSWORD": READONLY_PASSWORD,
            "VCSA_BACKUP_LOCATION_PASSWORD": LOCATION_PASSWORD,
        }
        command = [
            sys.executable, "-m", "vcsa_conformance", "run",
            "--target", running.url, "--ca-bundle", str(running.ca_path),
            "--user", "administrator@vsphere.local", "--readonly-user", "readonly@vsphere.local",
            "--profile", "quick", "--max-backups", "50", "--busy-wait", "30",
            "--time-limit", "240", "--report-dir", str(report_dir),
            "--backup-location", "sftp://192.0.2.10/canary", "--backup-location-user", "canary",
            "--har", str(report_dir / "exchanges.har"),
        ]  # fmt: skip
        done = subprocess.run(command, capture_output=True, text=True, env=env, timeout=300)
    yield done, report_dir, collected


def test_the_run_fails_on_the_echoed_secret(canary_run: tuple[Any, Path, _Collected]) -> None:
    import json

    done, report_dir, collected = canary_run
    assert done.returncode == 1, done.stderr[-2000:]
    report = json.loads((report_dir / "conformance.json").read_text("utf-8"))
    statuses = {item["id"]: item["status"] for item in report["requirements"]}
    assert statuses["BKP-SEC-001"] == "fail"
    assert collected.tokens, "the mock issued no session token: the wrapping missed login"
    generated = collected.distinctive() - {ADMIN_PASSWORD, READONLY_PASSWORD, *collected.tokens}
    assert generated, "no distinctive backup/location password was sent: nothing to search for"
    assert LOCATION_PASSWORD in collected.passwords, "--backup-location's password was not used"


def test_no_secret_in_any_report_or_output(canary_run: tuple[Any, Path, _Collected]) -> None:
    done, report_dir, collected = canary_run
    files = sorted(path for path in report_dir.rglob("*") if path.is_file())
    assert {path.name for path in files} >= {
        "junit.xml", "conformance.json", "conformance.md", "conformance.html", "exchanges.har"
    }  # fmt: skip
    texts = {path.name: path.read_text("utf-8", errors="replace") for path in files}
    texts |= {"stdout": done.stdout, "stderr": done.stderr}
    for secret in sorted(collected.distinctive()):
        for name, text in texts.items():
            assert secret not in text, f"a secret ({len(secret)} characters) leaked into {name}"


def test_the_archive_holds_every_exchange_with_secrets_masked(
    canary_run: tuple[Any, Path, _Collected],
) -> None:
    import json

    _, report_dir, _ = canary_run
    har = json.loads((report_dir / "exchanges.har").read_text("utf-8"))
    entries = har["log"]["entries"]
    report = json.loads((report_dir / "conformance.json").read_text("utf-8"))
    assert len(entries) == report["requests"], "every request the run counted is archived"
    logins = [e for e in entries if e["request"]["url"].endswith("/api/session")]
    assert logins and all(
        h["value"] == "********"
        for e in logins
        for h in e["request"]["headers"]
        if h["name"].lower() == "authorization"
    )
