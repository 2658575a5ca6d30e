"""The final mask pass: no secret a run knew of, or that looks like one, reaches a report."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from vcsa_conformance.redact import MASK
from vcsa_conformance.reports import write_all
from vcsa_conformance.reports.masking import Masker, mask_result
from vcsa_conformance.results import (
    Failure,
    RecordedRequest,
    RecordedResponse,
    RequirementResult,
    RunResult,
)

KNOWN = "Canary#Known1"  # a password the run sent: masked wherever it appears
FIELD = "Canary#Field2"  # only recognisable by the field that holds it
TOKEN = "canary-session-token-3f9a1c"
BASIC = "YWRtaW46Q2FuYXJ5I0Jhc2ljNA=="  # base64 "admin:Canary#Basic4"
URL_PASSWORD = "Canary#Url5"
# Canaries use only characters no writer escapes (not _ * < & | ...), so a leak cannot hide
# behind markdown, HTML, XML or JSON escaping.
CANARIES = (KNOWN, FIELD, TOKEN, BASIC, URL_PASSWORD, "Canary#Basic4")
MASK_FORMS = (MASK, MASK.replace("*", "\\*"))  # the markdown report escapes "*"


def _leaky_result() -> RunResult:
    """A RunResult in which an upstream slip left secrets in every kind of field."""
    body = json.dumps(
        {
            "location": f"sftp://backup:{URL_PASSWORD}@host/x",
            "location_password": FIELD,
            "backup_password": KNOWN,
        }
    )
    request = RecordedRequest(
        "POST",
        f"https://127.0.0.1:8443/api/appliance/recovery/backup/job?password={FIELD}",
        {"Authorization": f"Basic {BASIC}", "vmware-api-session-id": TOKEN, "X-Echo": KNOWN},
        body,
    )
    response = RecordedResponse(
        400,
        {"content-type": "application/json", "Set-Cookie": f"vmware-api-session-id={TOKEN}"},
        json.dumps({"error_type": "INVALID_ARGUMENT", "messages": [{"args": [KNOWN]}]}),
    )
    failure = Failure(
        requirement_id="BKP-SEC-001",
        check="check_no_secret_echo",
        expected=f"no echo of the password sent ({KNOWN})",
        received=f"Authorization: Basic {BASIC}\nbody {{'backup_password': '{FIELD}'}}",
        request=request,
        response=response,
        test=f"test_secrets[{KNOWN}]",
        reproduction=f"password={FIELD}",
    )
    requirement = RequirementResult(
        id="BKP-SEC-001",
        level="MUST",
        title="Secrets are never echoed",
        area="secrets",
        status="fail",
        checks=1,
        failures=[failure],
    )
    skipped = replace(
        requirement, id="BKP-AUTH-006", status="skip", failures=[], skip_reason=f"token {TOKEN}"
    )
    return RunResult(
        verdict="non-conformant",
        target=f"https://admin:{URL_PASSWORD}@127.0.0.1:8443",
        started="2026-11-27T12:00:00Z",
        duration_s=1.0,
        tool_version="0.1.0",
        spec_version="8.0.2",
        requirements=[requirement, skipped],
        error=f"vmware-api-session-id: {TOKEN}",
    )


def test_no_canary_reaches_any_report_file(tmp_path: Path) -> None:
    paths = write_all(_leaky_result(), tmp_path, secrets=[KNOWN, TOKEN])
    assert sorted(path.name for path in tmp_path.iterdir()) == sorted(p.name for p in paths)
    for path in paths:
        text = path.read_text("utf-8")
        for canary in CANARIES:
            assert canary not in text, f"{canary!r} leaked into {path.name}"
        assert any(form in text for form in MASK_FORMS), path.name


def test_field_and_pattern_masking_works_without_known_secrets(tmp_path: Path) -> None:
    """Secrets the pass was not told about are still masked by their shape."""
    result = _leaky_result()
    result = replace(result, requirements=[replace(result.requirements[0], skip_reason=None)])
    masked = json.dumps(json.loads((write_all(result, tmp_path)[1]).read_text("utf-8")))
    for canary in (FIELD, TOKEN, BASIC, URL_PASSWORD):
        assert canary not in masked


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Authorization: Basic abcdefgh", f"Authorization: {MASK}"),
        ("-H 'vmware-api-session-id: tok123'", f"-H 'vmware-api-session-id: {MASK}'"),
        ('{"backup_password": "x y"}', f'{{"backup_password": "{MASK}"}}'),
        ("password=hunter22&x=1", f"password={MASK}&x=1"),
        ("sftp://u:pw1@host/p", f"sftp://u:{MASK}@host/p"),
        ("sent Bearer abcdefghij", f"sent Bearer {MASK}"),
        ("no secret here: 400 INVALID_ARGUMENT", "no secret here: 400 INVALID_ARGUMENT"),
    ],
)
def test_text_masking(text: str, expected: str) -> None:
    assert Masker().text(text) == expected


def test_masking_is_idempotent() -> None:
    once = mask_result(_leaky_result(), [KNOWN])
    assert mask_result(once, [KNOWN]) == once


def test_json_body_keeps_its_layout_when_nothing_is_secret() -> None:
    body = '{\n  "progress": 10,\n  "password": null\n}'
    assert Masker().body(body) == body


def test_masking_does_not_change_the_original_result() -> None:
    result = _leaky_result()
    mask_result(result, [KNOWN])
    assert result.requirements[0].failures[0].expected.endswith(f"({KNOWN})")
