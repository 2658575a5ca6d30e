"""``vcsa-conformance mock`` as a user runs it: start, serve, log, Ctrl-C, option errors."""

from __future__ import annotations

import re
import signal
import socket
import ssl
import subprocess
import sys
import time

import httpx
import pytest

from vcsa_conformance.mock.model.faults import Fault
from vcsa_conformance.mock.model.variants import Variant

MOCK = [sys.executable, "-m", "vcsa_conformance", "mock"]


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*MOCK, *args], capture_output=True, text=True, timeout=60)


def _read_until(process: subprocess.Popen[str], marker: str) -> list[str]:
    assert process.stdout is not None
    lines: list[str] = []
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line:
            break
        lines.append(line.rstrip("\n"))
        if marker in line:
            return lines
    raise AssertionError(f"{marker!r} not printed; got {lines}")


@pytest.mark.parametrize("tls", [True, False])
def test_serve_log_and_stop_with_ctrl_c(tls: bool) -> None:
    args = ["--port", "0", "--job-seconds", "1", "--user", "alice", "--password", "Alice#Pw1"]
    process = subprocess.Popen(
        [*MOCK, *args, *([] if tls else ["--http"])],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        banner = _read_until(process, "Press Ctrl-C to stop.")
        url = re.search(r"serving (\S+)", banner[0])
        assert url is not None
        assert any("alice" in line and "Alice#Pw1" in line for line in banner)
        verify: bool | ssl.SSLContext = False
        if tls:
            ca_line = next(line for line in banner if "CA certificate:" in line)
            ca_path = ca_line.split("CA certificate: ")[1].split(" ")[0]
            verify = ssl.create_default_context(cafile=ca_path)
        with httpx.Client(base_url=url.group(1), verify=verify, timeout=10) as client:
            token = client.post("/api/session", auth=("alice", "Alice#Pw1")).json()
            answer = client.get("/api/session", headers={"vmware-api-session-id": token})
            assert answer.json()["user"] == "alice"
        log = _read_until(process, "GET /api/session 200")
        assert re.fullmatch(r"POST /api/session 201 \d+\.\dms", log[0])
        process.send_signal(signal.SIGINT)
        stdout, stderr = process.communicate(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
    assert process.returncode == 0, stderr
    assert "Traceback" not in stderr
    assert token not in stdout + stderr + "\n".join(log)
    assert "stopped" in stdout


def test_list_faults_and_variants() -> None:
    faults = _run("--list-faults")
    assert faults.returncode == 0
    for fault in Fault:
        assert fault.value in faults.stdout
        assert ", ".join(fault.requirements) in faults.stdout
    variants = _run("--list-variants")
    assert variants.returncode == 0
    assert all(variant.value in variants.stdout for variant in Variant)


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--fault", "nope"], "unknown fault 'nope'"),
        (["--variant", "nope"], "unknown variant 'nope'"),
        (["--port", "70000"], "out of range"),
        (["--job-seconds", "-1"], "must be 0 or more"),
        (["--latency", "-5"], "--latency -5.0 must be 0 or more"),
        (["--unreachable-seconds", "-1"], "must be 0 or more"),
        (["--hang-after", "-1"], "--hang-after -1 must be 0 or more"),
        (["--port", "x"], "invalid int value"),
    ],
)
def test_bad_options_give_one_line_and_exit_2(args: list[str], expected: str) -> None:
    result = _run(*args)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and expected in lines[0], result.stderr
    assert lines[0].startswith("vcsa-conformance")


def test_a_port_in_use_gives_one_line_and_exit_2() -> None:
    with socket.create_server(("127.0.0.1", 0)) as taken:
        result = _run("--port", str(taken.getsockname()[1]), "--http")
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "cannot listen on 127.0.0.1" in lines[0] and "--port" in lines[0]
