"""Secrets are masked in headers, JSON bodies and free text."""

from __future__ import annotations

import json

from vcsa_conformance.redact import MASK, Redactor


def test_secret_headers_are_masked_whole() -> None:
    masked = Redactor().headers({"Authorization": "Basic abc", "vmware-api-session-id": "tok"})
    assert masked == {"Authorization": MASK, "vmware-api-session-id": MASK}


def test_secret_fields_are_masked_in_json_bodies() -> None:
    body = json.dumps({"backup_password": "Secr3t!pw", "location": "sftp://h/x", "n": [1]})
    masked = json.loads(Redactor().body(body) or "")
    assert masked == {"backup_password": MASK, "location": "sftp://h/x", "n": [1]}


def test_known_secrets_are_masked_anywhere() -> None:
    redactor = Redactor(["Canary#Pass1"])
    assert "Canary" not in redactor.text("error: password Canary#Pass1 is weak")


def test_secret_fields_are_masked_in_broken_json() -> None:
    masked = Redactor().body('{"location_password": "hunter2!", "x": ')
    assert "hunter2" not in (masked or "")


def test_a_secret_added_after_use_is_masked_too() -> None:
    redactor = Redactor(["first-secret"])
    assert redactor.text("first-secret later-secret") == f"{MASK} later-secret"
    redactor.add("later-secret")
    assert redactor.text("first-secret later-secret") == f"{MASK} {MASK}"
