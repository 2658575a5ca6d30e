"""A recorded request becomes a curl command that a shell splits back into the same request."""

from __future__ import annotations

import json
import shlex

from vcsa_conformance.redact import MASK
from vcsa_conformance.reports.curl import to_curl
from vcsa_conformance.results import RecordedRequest

URL = "https://127.0.0.1:8443/api/appliance/recovery/backup/job"


def _words(command: str) -> list[str]:
    return shlex.split(command.replace("\\\n", " "))


def test_post_with_json_body_round_trips_through_a_shell() -> None:
    body = json.dumps({"location": "sftp://h/it's here", "parts": ["common"]})
    request = RecordedRequest("POST", URL, {"Content-Type": "application/json"}, body)
    assert _words(to_curl(request)) == [
        "curl",
        "-i",
        "-X",
        "POST",
        "-H",
        "Content-Type: application/json",
        "--data-raw",
        body,
        URL,
    ]


def test_get_has_no_method_option_and_no_body() -> None:
    assert _words(to_curl(RecordedRequest("GET", URL + "/x y"))) == ["curl", "-i", URL + "/x y"]


def test_headers_curl_computes_are_left_out() -> None:
    headers = {"Host": "h", "Content-Length": "99", "User-Agent": "python-httpx", "Accept": "*/*"}
    words = _words(to_curl(RecordedRequest("GET", URL, headers)))
    assert words == ["curl", "-i", "-H", "Accept: */*", URL]


def test_secrets_are_masked_again() -> None:
    request = RecordedRequest(
        "POST",
        URL,
        {"vmware-api-session-id": "tok-123", "Authorization": "Basic abcdefgh"},
        json.dumps({"backup_password": "Secr3t!pw"}),
    )
    command = to_curl(request)
    for secret in ("tok-123", "abcdefgh", "Secr3t!pw"):
        assert secret not in command
    assert f"vmware-api-session-id: {MASK}" in _words(command)


def test_control_characters_use_bash_ansi_c_quoting() -> None:
    command = to_curl(RecordedRequest("POST", URL, {}, '{"x": "a\x01b\'c"}'))
    assert '--data-raw $\'{"x": "a\\x01b\\\'c"}\'' in command
