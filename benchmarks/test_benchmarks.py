"""Tests of the benchmark plumbing (not of speed): ``python -m pytest benchmarks``.

They check what the figures rest on: wrk's per-status counts, the refusal to compare
servers that answered the wrong status, the medians, the request count read from the
mock's access log, and how the stability matrix judges runs and sums them up (with the
processes faked: no test here starts a run).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import shutil
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import mock_vs_prism
import pytest
import stability
import suite_speed
from _common import BenchmarkError, Timed, markdown_table

from vcsa_conformance.mock.model.faults import Fault
from vcsa_conformance.mutation.runs import LiveMock, MockDidNotStart


class _Teapot(BaseHTTPRequestHandler):
    """Answers every GET and POST with 400 and a tiny JSON body."""

    protocol_version = "HTTP/1.1"

    def _answer(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        self.rfile.read(length)
        body = b'{"error_type":"INVALID_ARGUMENT","messages":[]}'
        self.send_response(400)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = _answer
    do_POST = _answer

    def log_message(self, format: str, *args: Any) -> None:
        return


@pytest.fixture
def teapot() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Teapot)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def _wrk_args() -> argparse.Namespace:
    return argparse.Namespace(threads=1, connections=2, no_pin=True)


@pytest.mark.skipif(shutil.which("wrk") is None, reason="wrk not installed")
def test_wrk_script_counts_responses_by_status(teapot: str) -> None:
    target = mock_vs_prism.Target("stub", teapot, "token", "job")
    _, report = mock_vs_prism._wrk(_wrk_args(), target, "invalid-create", 1.0)
    assert set(report["statuses"]) == {"400"}
    assert report["statuses"]["400"] == report["requests"] > 0
    assert report["latency_us"]["p99"] >= report["latency_us"]["p50"] > 0


def _fake_report(statuses: dict[str, int]) -> dict[str, Any]:
    return {
        "requests": sum(statuses.values()),
        "duration_us": 2_000_000,
        "errors": {"connect": 0, "read": 0, "write": 0, "status": 0, "timeout": 0},
        "latency_us": {"mean": 1.0, "p50": 1000, "p90": 2000, "p99": 3000, "max": 4000},
        "statuses": statuses,
    }


def test_measure_refuses_a_server_that_answered_another_status(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(
        mock_vs_prism, "_wrk", lambda *_: ("raw", _fake_report({"400": 5, "401": 1}))
    )
    args = argparse.Namespace(duration=2.0)
    target = mock_vs_prism.Target("prism", "http://127.0.0.1:1", "t", "j")
    with pytest.raises(BenchmarkError, match="401"):
        mock_vs_prism._measure(args, target, "invalid-create", 1, tmp_path)


def test_measure_computes_rate_and_latency_in_ms(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(mock_vs_prism, "_wrk", lambda *_: ("raw", _fake_report({"200": 10})))
    args = argparse.Namespace(duration=2.0)
    target = mock_vs_prism.Target("ours", "http://127.0.0.1:1", "t", "j")
    measurement = mock_vs_prism._measure(args, target, "job-get", 1, tmp_path)
    assert (measurement.rps, measurement.p99_ms) == (5.0, 3.0)
    assert (tmp_path / "wrk-ours-job-get-round1.txt").read_text() == "raw"


def test_summary_takes_the_median_of_the_rounds() -> None:
    def run(server: str, rps: float, p99: float) -> mock_vs_prism.Measurement:
        return mock_vs_prism.Measurement(
            server, "job-get", 1, 1, 1.0, rps, 1.0, 1.0, p99, 1.0, {"200": 1}, {}
        )

    runs = [run("ours", 100, 9), run("ours", 300, 1), run("ours", 200, 5), run("prism", 50, 2)]
    summary = mock_vs_prism._summary(runs)
    assert summary["job-get"]["ours"]["rps"] == 200
    assert summary["job-get"]["ours"]["p99_ms"] == 5
    assert summary["job-get"]["prism"]["rps"] == 50
    assert "invalid-create" not in summary


def test_access_lines_count_requests_not_banner_lines(tmp_path: Path) -> None:
    log = tmp_path / "mock.log"
    log.write_text(
        "vcsa-conformance mock: serving https://127.0.0.1:1\n"
        "  CA certificate: /tmp/ca.pem (curl --cacert, httpx verify=)\n"
        "POST /api/session 201 3.1ms\n"
        "GET /api/appliance/recovery/backup/job/20261127-1 404 0.8ms\n"
        "TRACE /api/session 405 0.2ms\n"
        "WARNING:  Invalid HTTP request received.\n"
    )
    assert suite_speed._access_lines(log) == 3


def test_outcome_rate_is_requests_per_wall_second() -> None:
    outcome = suite_speed.Outcome("ours", "quick", 4.0, 100, 0, "")
    assert outcome.rps == 25.0
    table = suite_speed._table(
        [outcome, suite_speed.Outcome("schemathesis", "quick", 5, 50, 1, "")]
    )
    assert "**2.50x**" in table


def test_markdown_table_has_one_row_per_item() -> None:
    table = markdown_table(["a", "b"], [["1", "2"], ["3", "4"]])
    assert table.splitlines() == ["| a | b |", "|---|---|", "| 1 | 2 |", "| 3 | 4 |"]


def test_stability_judge_wants_the_verdict_the_budget_and_nothing_left_running() -> None:
    assert stability.judge("clean", "conformant", (), 2, 2, 0) == ()
    assert stability.judge("clean", "incomplete", (), 2, 2, 0) == (
        "verdict incomplete, expected conformant",
    )
    assert stability.judge("clean", "conformant", (), 2, 3, 1) == (
        "3 backups started, budget 2",
        "1 jobs left running",
    )
    assert stability.judge("clean", "conformant", (), 2, None, None) == (
        "the mock printed no stop line",
    )
    assert stability.judge("clean", "mock did not start", (), 2, None, None) == (
        "mock did not start",
    )


def test_stability_judge_wants_a_fault_caught_by_one_of_its_requirements() -> None:
    named = Fault.parse("cancel-ignored").requirements
    assert stability.judge("cancel-ignored", "non-conformant", named[:1], 2, 1, 0) == ()
    assert stability.judge("cancel-ignored", "non-conformant", ("BKP-X",), 2, 1, 0) == (
        f"none of {', '.join(named)} failed",
    )
    assert stability.judge("cancel-ignored", "conformant", (), 2, 1, 0) == (
        "verdict conformant, expected non-conformant",
    )
    # a fault the catalogue does not know (yet): only the verdict is judged
    assert stability.judge("no-such-fault", "non-conformant", (), 2, 1, 0) == ()


@pytest.mark.parametrize(
    "argv",
    [
        ["--latencies", "40,x"],
        ["--lengths=-1"],
        ["--modes", "alone,crowd"],
        ["--cases", ","],
        ["--repeats", "0"],
        ["--max-backups", "0"],
        ["--jitter-fraction", "2"],
    ],
)
def test_stability_refuses_bad_options_with_exit_2(argv: list[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        stability._parse_args(argv)
    assert exited.value.code == 2


def test_stability_reads_comma_lists_once_each() -> None:
    args = stability._parse_args(["--latencies", "100, 0,100", "--cases", "clean"])
    assert args.latencies == (100.0, 0.0)
    assert args.lengths == (2.0, 4.0, 20.0)
    assert args.modes == ("alone", "pair")
    assert args.cases == ("clean",)
    assert len(stability._cells(args)) == 2 * 3 * 2


def test_stability_table_has_a_row_per_cell_and_totals() -> None:
    cell = stability.Cell("clean", 40.0, 4.0, "pair")
    wrong = ("verdict incomplete, expected conformant",)
    runs = [
        stability.Outcome(cell, "r1a", "conformant", wall_s=10.0, started=2, running=0),
        stability.Outcome(
            cell, "r1b", "incomplete", 12.0, 3, 700, (), ("BKP-JOB-009",), None, 2, 0, wrong
        ),
    ]
    row = stability.table(runs).splitlines()[2]
    times = "\u00d7"
    assert row == (
        f"| clean | 40 | 4 | pair | **1/2** | conformant {times}1, incomplete {times}1 | "
        "unchecked BKP-JOB-009 | 11.0 | 2 | 0 |"
    )
    assert stability.totals(runs) == "cells green 0/1, runs right 1/2"


def test_stability_pair_runs_one_side_when_the_other_mock_does_not_start(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("VCSA_TARGET", "https://appliance.example")
    envs: list[dict[str, str]] = []

    @contextlib.contextmanager
    def fake_mock(argv: list[str], log_path: Path) -> Iterator[LiveMock]:
        if log_path.parent.name == "r1a":
            raise MockDidNotStart("exited with code 2")
        yield LiveMock("https://127.0.0.1:1", "ca.pem")
        log_path.write_text("vcsa-conformance mock: stopped: 2 backups started, 0 running\n")

    def fake_run(argv: list[str], *, log: Any, timeout: float, env: dict[str, str]) -> Timed:
        envs.append(env)
        folder = Path(argv[argv.index("--report-dir") + 1])
        report = {"verdict": "conformant", "requests": 5, "requirements": []}
        (folder / "conformance.json").write_text(json.dumps(report))
        return Timed(0, 1.5)

    monkeypatch.setattr(stability, "live_mock", fake_mock)
    monkeypatch.setattr(stability, "run_timed", fake_run)
    args = stability._parse_args(["--modes", "pair"])
    cell = stability.Cell("clean", 40.0, 4.0, "pair")
    a, b = stability._pair(args, cell, tmp_path, 1, stability._Progress(2))
    assert (a.verdict, a.right) == ("mock did not start", False)
    assert (b.verdict, b.wall_s, b.started, b.running, b.right) == ("conformant", 1.5, 2, 0, True)
    assert (tmp_path / cell.label / "r1b" / "outcome.json").exists()
    assert "VCSA_TARGET" not in envs[0]
    assert envs[0]["VCSA_PASSWORD"] == "VMware1!"
