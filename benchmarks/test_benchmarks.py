"""Tests of the benchmark plumbing (not of speed): ``python -m pytest benchmarks``.

They check what the figures rest on: wrk's per-status counts, the refusal to compare
servers that answered the wrong status, the medians, and the request count read from the
mock's access log.
"""

from __future__ import annotations

import argparse
import shutil
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import mock_vs_prism
import pytest
import suite_speed
from _common import BenchmarkError, markdown_table


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
