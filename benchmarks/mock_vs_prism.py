"""Requests per second and p99 latency of our mock against Prism, both on one core.

What is measured, per server, with ``wrk`` as the load generator in a separate process:

- ``invalid-create``: ``POST /api/appliance/recovery/backup/job`` with a session header and a
  fixed body whose ``backup_password`` breaks one rule of the policy (7 characters, too
  short). Both servers validate the body against the same rule and answer 400.
- ``job-get``: ``GET /api/appliance/recovery/backup/job/{id}`` of an existing, finished job
  (ours: created once before measuring; Prism: any id, it answers the contract's example).

How: each server runs pinned to one core with ``taskset -c 0`` (our mock: uvicorn, one
worker, plain HTTP, no access log; Prism: ``prism mock openapi.yaml``, logging off) and wrk
runs pinned to the other core (``taskset -c 1``, 1 thread, 16 connections, fixed duration).
Both servers run during the whole script and the measurements alternate between them, round
after round, so drifting background load hits both alike; the table shows the median of the
rounds. Before measuring, one sample request per server and workload is sent and its status
and body printed; every wrk response is counted by status (``wrk_report.lua``) and the run
fails if a server answered anything but the status it was meant to measure.

Plain HTTP for both: Prism serves no TLS, so our mock's HTTPS is left out to compare the
servers rather than the TLS stacks. Raw wrk output and a JSON record go to
``benchmarks/results/<timestamp>-mock_vs_prism/``.

Run: ``python benchmarks/mock_vs_prism.py [--duration 10] [--rounds 3]``; needs ``wrk``
(``apt-get install -y wrk``) and Prism (``--install-prism`` puts it in benchmarks/.prism).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import httpx
from _common import (
    BENCH_DIR,
    JOB_PATH,
    LOOPBACK,
    SPEC,
    BenchmarkError,
    command_version,
    facts_markdown,
    free_port,
    login,
    machine_facts,
    markdown_table,
    pinned,
    run_dir,
    save_and_print,
    server,
)

PRISM_DIR = BENCH_DIR / ".prism"
PRISM_BIN = PRISM_DIR / "node_modules" / ".bin" / "prism"
PRISM_PACKAGE = "@stoplight/prism-cli@5"
LUA_SCRIPT = BENCH_DIR / "wrk_report.lua"
# Prism only checks that the session header is present; any value will do.
PRISM_SESSION = "benchmark-session"
# Prism answers its example for any id; this one has the real appliance's format.
PRISM_JOB_ID = "20261127-120000-24305161"

_LOCATION = {
    "parts": ["common"],
    "location_type": "SFTP",
    "location": "sftp://192.0.2.10/backups/vc01",
    "location_user": "backup",
    "location_password": "LocPassw0rd!",
    "comment": "benchmark",
}
# Breaks exactly one rule of the policy (too short): both servers must say 400.
INVALID_BODY = json.dumps({**_LOCATION, "backup_password": "Short1!"})
VALID_BODY = json.dumps({**_LOCATION, "backup_password": "Backup#2026"})

WORKLOADS = ("invalid-create", "job-get")
EXPECTED_STATUS = {"invalid-create": 400, "job-get": 200}
SERVERS = ("ours", "prism")


@dataclass
class Target:
    """A running server and what each workload sends it."""

    name: str
    base_url: str
    session: str
    job_id: str
    samples: dict[str, dict[str, Any]] = field(default_factory=dict)


@dataclass(frozen=True)
class Measurement:
    """One wrk run: throughput, latency (ms) and responses by HTTP status."""

    server: str
    workload: str
    round: int
    requests: int
    seconds: float
    rps: float
    p50_ms: float
    p90_ms: float
    p99_ms: float
    max_ms: float
    statuses: dict[str, int]
    socket_errors: dict[str, int]


def _parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Requests/s and p99 latency of the mock vs Prism (wrk, one core each).",
    )
    parser.add_argument("--duration", type=float, default=10.0, help="seconds per wrk run")
    parser.add_argument("--warmup", type=float, default=2.0, help="unmeasured seconds first")
    parser.add_argument("--rounds", type=int, default=3, help="alternating rounds (median)")
    parser.add_argument("--connections", type=int, default=16, help="wrk connections")
    parser.add_argument("--threads", type=int, default=1, help="wrk threads")
    parser.add_argument("--server-cpu", default="0", help="taskset CPU list for the servers")
    parser.add_argument("--client-cpu", default="1", help="taskset CPU list for wrk")
    parser.add_argument("--no-pin", action="store_true", help="do not use taskset")
    parser.add_argument("--spec", type=Path, default=SPEC, help="contract Prism mocks")
    parser.add_argument("--prism", type=Path, default=PRISM_BIN, help="prism executable")
    parser.add_argument(
        "--install-prism",
        action="store_true",
        help=f"npm install {PRISM_PACKAGE} into benchmarks/.prism if missing",
    )
    parser.add_argument("--skip-prism", action="store_true", help="measure our mock only")
    parser.add_argument("--job-seconds", type=float, default=0.5, help="mock job duration")
    parser.add_argument("--startup-timeout", type=float, default=60.0)
    args = parser.parse_args(argv)
    if args.duration < 1 or args.rounds < 1 or args.connections < 1 or args.threads < 1:
        parser.error("--duration, --rounds, --connections and --threads must be at least 1")
    return args


def _require_tools(args: argparse.Namespace) -> None:
    if shutil.which("wrk") is None:
        raise BenchmarkError(
            "wrk not found: install it with `sudo apt-get install -y wrk` (Debian/Ubuntu)"
        )
    if args.skip_prism or args.prism.exists():
        return
    if not args.install_prism:
        raise BenchmarkError(
            f"Prism not found at {args.prism}: run `npm install --prefix {PRISM_DIR} "
            f"{PRISM_PACKAGE}`, or pass --install-prism, or --skip-prism"
        )
    subprocess.run(
        ["npm", "install", "--prefix", str(PRISM_DIR), PRISM_PACKAGE, "--no-audit", "--no-fund"],
        check=True,
        timeout=600,
    )


def _cpu(args: argparse.Namespace, which: str) -> str | None:
    return None if args.no_pin else str(getattr(args, which))


@contextmanager
def _our_mock(args: argparse.Namespace, out: Path) -> Iterator[Target]:
    port = free_port()
    argv = [
        sys.executable,
        "-m",
        "uvicorn",
        "--factory",
        "--app-dir",
        str(BENCH_DIR),
        "_mock_app:app",
        "--host",
        LOOPBACK,
        "--port",
        str(port),
        "--no-access-log",
        "--log-level",
        "warning",
    ]
    env = {**os.environ, "BENCH_JOB_SECONDS": str(args.job_seconds)}
    log = out / "server-ours.log"
    with server(
        pinned(argv, _cpu(args, "server_cpu")),
        port=port,
        log_path=log,
        startup_timeout=args.startup_timeout,
        env=env,
    ):
        base = f"http://{LOOPBACK}:{port}"
        session = login(base)
        yield Target("ours", base, session, _finished_job(base, session, args.job_seconds))


def _finished_job(base: str, session: str, job_seconds: float) -> str:
    """Create one valid job and wait until it has finished (so nothing is in progress)."""
    headers = {"vmware-api-session-id": session, "Content-Type": "application/json"}
    created = httpx.post(base + JOB_PATH, content=VALID_BODY, headers=headers, timeout=10.0)
    if created.status_code != 201:
        raise BenchmarkError(f"mock refused the valid create: {created.status_code}")
    job_id = str(created.json()["id"])
    deadline = time.monotonic() + job_seconds + 30.0
    while time.monotonic() < deadline:
        state = httpx.get(f"{base}{JOB_PATH}/{job_id}", headers=headers, timeout=10.0)
        if state.json().get("state") != "INPROGRESS":
            return job_id
        time.sleep(0.2)
    raise BenchmarkError(f"job {job_id} still in progress after {job_seconds + 30:.0f} s")


@contextmanager
def _prism(args: argparse.Namespace, out: Path) -> Iterator[Target]:
    port = free_port()
    argv = [str(args.prism), "mock", str(args.spec), "-p", str(port), "-h", LOOPBACK]
    # Logging off: Prism otherwise writes every validation error of every request.
    argv += ["-v", "silent"]
    with server(
        pinned(argv, _cpu(args, "server_cpu")),
        port=port,
        log_path=out / "server-prism.log",
        startup_timeout=args.startup_timeout,
    ):
        yield Target("prism", f"http://{LOOPBACK}:{port}", PRISM_SESSION, PRISM_JOB_ID)


def _request(target: Target, workload: str) -> tuple[str, str, str | None]:
    """Method, URL and body of ``workload`` against ``target``."""
    if workload == "invalid-create":
        return "POST", target.base_url + JOB_PATH, INVALID_BODY
    return "GET", f"{target.base_url}{JOB_PATH}/{target.job_id}", None


def _sample(target: Target, workload: str) -> None:
    """Send one request, print what came back, and insist on the intended status."""
    method, url, body = _request(target, workload)
    headers = {"vmware-api-session-id": target.session}
    if body is not None:
        headers["Content-Type"] = "application/json"
    response = httpx.request(method, url, content=body, headers=headers, timeout=10.0)
    target.samples[workload] = {
        "status": response.status_code,
        "body": response.text[:400],
        "violations": response.headers.get("sl-violations"),
    }
    print(
        f"sample {target.name} {workload}: {method} -> {response.status_code} {response.text[:160]}"
    )
    if response.status_code != EXPECTED_STATUS[workload]:
        raise BenchmarkError(
            f"{target.name} answered {response.status_code} to {workload}, expected "
            f"{EXPECTED_STATUS[workload]}: the comparison would not be like for like"
        )


def _wrk(
    args: argparse.Namespace, target: Target, workload: str, seconds: float
) -> tuple[str, dict[str, Any]]:
    method, url, body = _request(target, workload)
    argv = [
        "wrk",
        f"-t{args.threads}",
        f"-c{args.connections}",
        f"-d{seconds:g}s",
        "--latency",
        "--timeout",
        "5s",
        "-s",
        str(LUA_SCRIPT),
        url,
    ]
    env = {
        **os.environ,
        "BENCH_METHOD": method,
        "BENCH_BODY": body or "",
        "BENCH_SESSION": target.session,
    }
    done = subprocess.run(
        pinned(argv, _cpu(args, "client_cpu")),
        capture_output=True,
        text=True,
        env=env,
        timeout=seconds + 60,
        check=False,
    )
    if done.returncode != 0:
        raise BenchmarkError(f"wrk failed ({done.returncode}): {done.stderr.strip()[:300]}")
    for line in done.stdout.splitlines():
        if line.startswith("BENCH_JSON "):
            return done.stdout, json.loads(line.removeprefix("BENCH_JSON "))
    raise BenchmarkError("wrk printed no BENCH_JSON line; is wrk_report.lua intact?")


def _measure(
    args: argparse.Namespace, target: Target, workload: str, round_no: int, out: Path
) -> Measurement:
    raw, report = _wrk(args, target, workload, args.duration)
    (out / f"wrk-{target.name}-{workload}-round{round_no}.txt").write_text(raw)
    seconds = report["duration_us"] / 1e6
    latency = report["latency_us"]
    measurement = Measurement(
        server=target.name,
        workload=workload,
        round=round_no,
        requests=report["requests"],
        seconds=seconds,
        rps=report["requests"] / seconds,
        p50_ms=latency["p50"] / 1000,
        p90_ms=latency["p90"] / 1000,
        p99_ms=latency["p99"] / 1000,
        max_ms=latency["max"] / 1000,
        statuses=report["statuses"],
        socket_errors=report["errors"],
    )
    expected = str(EXPECTED_STATUS[workload])
    unexpected = {code: n for code, n in measurement.statuses.items() if code != expected}
    if unexpected:
        raise BenchmarkError(
            f"{target.name} {workload}: answers other than {expected}: {unexpected}"
        )
    print(
        f"round {round_no} {target.name:5} {workload:14} {measurement.rps:9.0f} req/s  "
        f"p99 {measurement.p99_ms:7.2f} ms  statuses {measurement.statuses}"
    )
    return measurement


def _median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def _summary(measurements: list[Measurement]) -> dict[str, dict[str, dict[str, float]]]:
    """workload -> server -> median rps and p99 over the rounds."""
    table: dict[str, dict[str, dict[str, float]]] = {}
    for workload in WORKLOADS:
        for name in SERVERS:
            runs = [m for m in measurements if m.workload == workload and m.server == name]
            if runs:
                table.setdefault(workload, {})[name] = {
                    "rps": _median([m.rps for m in runs]),
                    "p99_ms": _median([m.p99_ms for m in runs]),
                    "p50_ms": _median([m.p50_ms for m in runs]),
                }
    return table


def _report(
    args: argparse.Namespace,
    summary: dict[str, dict[str, dict[str, float]]],
    targets: list[Target],
    facts: dict[str, Any],
) -> str:
    rows = []
    for workload, servers in summary.items():
        ours, prism = servers.get("ours"), servers.get("prism")
        for name, figures in servers.items():
            status = next(t.samples[workload]["status"] for t in targets if t.name == name)
            rows.append(
                [
                    workload,
                    name,
                    str(status),
                    f"{figures['rps']:.0f}",
                    f"{figures['p50_ms']:.2f}",
                    f"{figures['p99_ms']:.2f}",
                ]
            )
        if ours and prism:
            rows.append(
                [
                    workload,
                    "**ours/Prism**",
                    "",
                    f"**{ours['rps'] / prism['rps']:.2f}x**",
                    f"{ours['p50_ms'] / prism['p50_ms']:.2f}x",
                    f"{ours['p99_ms'] / prism['p99_ms']:.2f}x",
                ]
            )
    header = ["workload", "server", "status", "req/s", "p50 ms", "p99 ms"]
    setup = (
        f"wrk {args.threads} thread, {args.connections} connections, {args.duration:g} s per "
        f"run after {args.warmup:g} s warm-up, median of {args.rounds} alternating rounds; "
        + (
            "no pinning"
            if args.no_pin
            else f"servers on CPU {args.server_cpu}, wrk on CPU {args.client_cpu}"
        )
        + "; plain HTTP."
    )
    return "\n\n".join([markdown_table(header, rows), setup, facts_markdown(facts)])


def main(argv: list[str] | None = None) -> int:
    """Run the comparison; print and save the table. Exit 0, or 2 when it could not run."""
    args = _parse_args(argv)
    try:
        _require_tools(args)
        return _run(args)
    except BenchmarkError as error:
        print(f"BenchmarkError: {error}", file=sys.stderr)
        return 2


def _run(args: argparse.Namespace) -> int:
    out = run_dir("mock_vs_prism")
    extra = {"wrk": command_version(["wrk", "-v"]).split(" [")[0]}
    if not args.skip_prism:
        extra["prism"] = command_version([str(args.prism), "--version"])
    facts = machine_facts(extra)
    with ExitStack() as stack:
        targets = [stack.enter_context(_our_mock(args, out))]
        if not args.skip_prism:
            targets.append(stack.enter_context(_prism(args, out)))
        for target in targets:
            for workload in WORKLOADS:
                _sample(target, workload)
                if args.warmup > 0:
                    _wrk(args, target, workload, args.warmup)
        measurements = [
            _measure(args, target, workload, round_no, out)
            for round_no in range(1, args.rounds + 1)
            for workload in WORKLOADS
            for target in targets
        ]
    summary = _summary(measurements)
    report = _report(args, summary, targets, facts)
    save_and_print(
        out,
        "mock_vs_prism",
        args,
        facts,
        report,
        samples={t.name: t.samples for t in targets},
        measurements=[asdict(m) for m in measurements],
        summary=summary,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
