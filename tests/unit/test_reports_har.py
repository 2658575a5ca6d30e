"""``run --har``: HAR 1.2 that a HAR reader loads, masked like the reports."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

from haralyzer import HarParser

from vcsa_conformance.reports import har, json_report, write_all
from vcsa_conformance.results import ExchangeRecord, RecordedRequest, RecordedResponse, RunResult

DATA = Path(__file__).parent / "data"
SECRET = "Canary#Har-5e1f"
TOKEN = "b2f1c0ffee-session-token"


def _run() -> RunResult:
    login = ExchangeRecord(
        started="2026-11-30T09:00:00.125Z",
        duration_ms=12.5,
        request=RecordedRequest(
            "POST",
            "https://vcsa.example:443/api/session",
            {"Authorization": "Basic YWRtaW5pc3RyYXRvcjpDYW5hcnkjSGFyLTVlMWY="},
        ),
        response=RecordedResponse(201, {"content-type": "application/json"}, json.dumps(TOKEN)),
    )
    create = ExchangeRecord(
        started="2026-11-30T09:00:00.250Z",
        duration_ms=30.0,
        request=RecordedRequest(
            "POST",
            "https://vcsa.example:443/api/appliance/recovery/backup/job?x=1",
            {"Content-Type": "application/json", "vmware-api-session-id": TOKEN},
            json.dumps({"parts": ["common"], "backup_password": SECRET}),
        ),
        response=RecordedResponse(
            400, {"content-type": "application/json"}, '{"error_type": "INVALID_ARGUMENT"}'
        ),
    )
    return replace(json_report.load(DATA / "run_fail.json"), exchanges=[login, create])


def test_a_har_reader_loads_every_exchange(tmp_path: Path) -> None:
    path = tmp_path / "run.har"
    write_all(_run(), tmp_path / "reports", secrets=[SECRET, TOKEN], har=path)
    parser = HarParser.from_file(str(path))
    assert parser.har_data["version"] == "1.2"
    assert parser.creator["name"] == "vcsa-conformance"
    page = parser.pages[0]
    assert len(page.entries) == 2
    login, create = page.entries
    assert (login.request.method, login.response.status) == ("POST", 201)
    assert create.request.url.endswith("/api/appliance/recovery/backup/job?x=1")
    assert create.response.status == 400 and create.response.text.startswith('{"error_type"')
    assert create.request.raw_entry["queryString"] == [{"name": "x", "value": "1"}]
    assert create.time == 30.0
    assert create.response.raw_entry["statusText"] == "Bad Request"


def test_secrets_are_masked_by_the_reports_mask_pass(tmp_path: Path) -> None:
    path = tmp_path / "run.har"
    write_all(_run(), tmp_path / "reports", secrets=[SECRET, TOKEN], har=path)
    text = path.read_text("utf-8")
    for secret in (SECRET, TOKEN, "YWRtaW5pc3RyYXRvcjpDYW5hcnkjSGFyLTVlMWY="):
        assert secret not in text
    assert text.count("********") >= 4


def test_every_entry_has_the_fields_har_12_requires() -> None:
    log = har.to_dict(_run())["log"]
    assert set(log) >= {"version", "creator", "entries"}
    for entry in log["entries"]:
        assert set(entry) >= {"startedDateTime", "time", "request", "response", "cache", "timings"}
        assert set(entry["request"]) >= {
            "method", "url", "httpVersion", "cookies", "headers", "queryString",
            "headersSize", "bodySize",
        }  # fmt: skip
        assert set(entry["response"]) >= {
            "status", "statusText", "httpVersion", "cookies", "headers", "content",
            "redirectURL", "headersSize", "bodySize",
        }  # fmt: skip
        assert set(entry["timings"]) >= {"send", "wait", "receive"}
        assert entry["pageref"] == log["pages"][0]["id"]


def test_no_archive_unless_asked(tmp_path: Path) -> None:
    written = write_all(_run(), tmp_path / "reports")
    assert not any(path.suffix == ".har" for path in written)
    assert "exchanges" not in json.loads((tmp_path / "reports/conformance.json").read_text())
