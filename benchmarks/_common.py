"""Plumbing shared by the benchmark scripts: loopback ports, server processes, machine facts.

Both scripts start servers as child processes in their own process group, so stopping one
stops everything it spawned (Prism's node, uvicorn) and nothing else. Every address is
127.0.0.1; every wait is bounded.
"""

from __future__ import annotations

import contextlib
import importlib.metadata
import json
import os
import platform
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

import httpx

LOOPBACK = "127.0.0.1"
BENCH_DIR = Path(__file__).resolve().parent
REPO = BENCH_DIR.parent
RESULTS = BENCH_DIR / "results"
SPEC = REPO / "openapi.yaml"

# The mock's documented default administrator (mock/model/config.py); a test account, not a secret.
ADMIN_USER = "administrator@vsphere.local"
ADMIN_PASSWORD = "VMware1!"
SESSION_HEADER = "vmware-api-session-id"
JOB_PATH = "/api/appliance/recovery/backup/job"
PACKAGES = (
    "vcsa-conformance",
    "uvicorn",
    "starlette",
    "h11",
    "httptools",
    "uvloop",
    "schemathesis",
    "hypothesis",
)


class BenchmarkError(Exception):
    """A benchmark could not run; the message says what is missing and how to get it."""


def free_port() -> int:
    """A TCP port on 127.0.0.1 that was free a moment ago (the OS picks it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((LOOPBACK, 0))
        port: int = sock.getsockname()[1]
        return port


def _listening(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(0.2)
        return sock.connect_ex((LOOPBACK, port)) == 0


def pinned(argv: Sequence[str], cpu: str | None) -> list[str]:
    """``argv`` prefixed with ``taskset -c CPU`` when a CPU list is given."""
    if cpu is None:
        return list(argv)
    if shutil.which("taskset") is None:
        raise BenchmarkError("taskset not found; install util-linux or pass --no-pin")
    return ["taskset", "-c", cpu, *argv]


def _stop(process: subprocess.Popen[bytes]) -> None:
    """Stop the process group this script started (by its id), politely then firmly."""
    if process.poll() is not None:
        return
    for sig, grace in ((signal.SIGINT, 5.0), (signal.SIGTERM, 3.0), (signal.SIGKILL, 3.0)):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, sig)
        try:
            process.wait(timeout=grace)
            return
        except subprocess.TimeoutExpired:
            continue


@contextlib.contextmanager
def server(
    argv: Sequence[str],
    *,
    port: int,
    log_path: Path,
    startup_timeout: float = 60.0,
    env: dict[str, str] | None = None,
) -> Iterator[subprocess.Popen[bytes]]:
    """Run ``argv`` as a server on ``port`` until the block ends; output goes to ``log_path``."""
    log_path.parent.mkdir(parents=True, exist_ok=True)
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            list(argv),
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
            cwd=REPO,
            env=env,
        )
        try:
            _wait_listening(process, port, startup_timeout, log_path)
            yield process
        finally:
            _stop(process)


def _wait_listening(
    process: subprocess.Popen[bytes], port: int, timeout: float, log_path: Path
) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise BenchmarkError(
                f"server exited with code {process.returncode} before listening on port "
                f"{port}; see {log_path}"
            )
        if _listening(port):
            return
        time.sleep(0.1)
    raise BenchmarkError(
        f"server not listening on port {port} after {timeout:.0f} s; see {log_path}"
    )


_CA_LINE = re.compile(r"CA certificate: (\S+)")


def announced_ca(log: Path, deadline: float) -> str:
    """The CA file a ``vcsa-conformance mock`` announced in its log (it prints it before
    serving); BenchmarkError when it has not by ``deadline`` (time.monotonic())."""
    while time.monotonic() < deadline:
        found = _CA_LINE.search(log.read_text())
        if found:
            return found.group(1)
        time.sleep(0.1)
    raise BenchmarkError(f"the mock announced no CA certificate; see {log}")


def login(base_url: str, *, verify: bool | str = False) -> str:
    """A session token from the mock (POST /api/session with Basic credentials)."""
    response = httpx.post(
        f"{base_url}/api/session",
        auth=(ADMIN_USER, ADMIN_PASSWORD),
        verify=verify,
        timeout=10.0,
    )
    if response.status_code != 201:
        raise BenchmarkError(
            f"login to {base_url} answered {response.status_code}, expected 201; is the mock "
            "running with its default users?"
        )
    token = response.json()
    if not isinstance(token, str):
        raise BenchmarkError(f"login to {base_url} did not answer a JSON string token")
    return token


def run_dir(name: str) -> Path:
    """A fresh, timestamped folder under benchmarks/results/ for one script run."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    path = RESULTS / f"{stamp}-{name}"
    path.mkdir(parents=True, exist_ok=False)
    return path


def _version(package: str) -> str:
    try:
        return importlib.metadata.version(package)
    except importlib.metadata.PackageNotFoundError:
        return "not installed"


def _cpu_model() -> str:
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    return platform.processor() or "unknown"


def _git_commit() -> str:
    with contextlib.suppress(OSError, subprocess.SubprocessError):
        done = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=REPO,
            capture_output=True,
            text=True,
            timeout=10,
            check=True,
        )
        return done.stdout.strip()
    return "unknown"


def load_average() -> str:
    """The 1/5/15-minute load averages as ``uptime`` shows them."""
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f} {five:.2f} {fifteen:.2f}"


def machine_facts(extra_versions: dict[str, str] | None = None) -> dict[str, Any]:
    """What a reader needs to weigh the figures: cores, CPU, load, versions, commit."""
    versions = {package: _version(package) for package in PACKAGES}
    versions.update(extra_versions or {})
    return {
        "time_utc": datetime.now(UTC).isoformat(timespec="seconds"),
        "nproc": os.cpu_count(),
        "cpu_model": _cpu_model(),
        "kernel": platform.release(),
        "python": sys.version.split()[0],
        "load_average": load_average(),
        "git_commit": _git_commit(),
        "versions": versions,
    }


def command_version(argv: Sequence[str]) -> str:
    """The first line a ``--version`` style command prints, or why there is none."""
    try:
        done = subprocess.run(
            list(argv), capture_output=True, text=True, timeout=60, check=False, cwd=REPO
        )
    except (OSError, subprocess.SubprocessError) as error:
        return f"unavailable ({type(error).__name__})"
    lines = (done.stdout or done.stderr).strip().splitlines()
    return lines[0] if lines else "unknown"


@dataclass(frozen=True)
class Timed:
    """A finished child process: exit code and wall time."""

    returncode: int
    wall_s: float


def run_timed(
    argv: Sequence[str], *, log: IO[bytes], timeout: float, env: dict[str, str] | None = None
) -> Timed:
    """Run ``argv`` to completion (killed after ``timeout`` s) and time it."""
    started = time.perf_counter()
    process = subprocess.Popen(
        list(argv),
        stdout=log,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        start_new_session=True,
        cwd=REPO,
        env=env,
    )
    try:
        returncode = process.wait(timeout=timeout)
    except subprocess.TimeoutExpired as error:
        _stop(process)
        raise BenchmarkError(
            f"{argv[0]} ran longer than {timeout:.0f} s and was stopped"
        ) from error
    return Timed(returncode, time.perf_counter() - started)


def write_json(path: Path, data: object) -> None:
    """Write ``data`` as indented JSON (the raw record next to the human table)."""
    path.write_text(json.dumps(data, indent=2, sort_keys=True) + "\n")


def save_and_print(
    out: Path, name: str, args: Any, facts: dict[str, Any], report: str, **data: Any
) -> None:
    """End a benchmark run: ``NAME.json`` (arguments, machine facts at start and end, the
    raw ``data``) and ``summary.md`` in ``out``, and the report on stdout."""
    facts["load_average_end"] = os.getloadavg()
    record = {"args": {k: str(v) for k, v in vars(args).items()}, "facts": facts, **data}
    write_json(out / f"{name}.json", record)
    (out / "summary.md").write_text(report + "\n")
    print()
    print(report)
    print(f"\nraw output: {out}")


def markdown_table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """A GitHub markdown table."""
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def facts_markdown(facts: dict[str, Any]) -> str:
    """Machine facts as a short bullet list."""
    versions = ", ".join(f"{name} {version}" for name, version in facts["versions"].items())
    return "\n".join(
        [
            f"- When: {facts['time_utc']}, commit {facts['git_commit']}",
            f"- Machine: {facts['nproc']} cores, {facts['cpu_model']}, Linux {facts['kernel']}",
            f"- Load average (1/5/15 min) at start: {facts['load_average']}",
            f"- Python {facts['python']}; {versions}",
        ]
    )
