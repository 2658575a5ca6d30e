"""Variant.VAPI_RUNTIME: reject bad input before the service, as VMware's vAPI runtime does.

VMware's own Python vAPI server runtime (``vmware-vapi-runtime`` 9.1.1.0; the observed
answers are in shared/reference/vmware-vapi-runtime.md) checks a REST request in its HTTP
layer before the backup service sees it, and answers every rejection there with
error_type INVALID_REQUEST, whatever the status:

- a Content-Type that is not JSON, or none: 415;
- a body that is not JSON: 400; a JSON array: 500 (the runtime calls ``.items()`` on it);
- ``null`` for a required field, a value of the wrong JSON type, an unknown field: 400;
- a boolean given as an integer: 500 (the runtime calls ``.lower()`` on it); the strings
  "true" and "false", in any case, are read as booleans;
- an unknown path 404, a wrong method 405, ``POST job/{id}`` without ``?action=cancel`` 404.

It parses the body before it checks the session. An empty body and missing required fields
reach the service, which answers 400 INVALID_ARGUMENT, as do unknown enum values (vAPI
enums are open). The suite must judge such an appliance conformant.
"""

from __future__ import annotations

import json
from typing import Any

from vcsa_conformance.contract.api import OPTIONAL_STRINGS, REQUIRED_FIELDS
from vcsa_conformance.mock.model.errors import VapiError

_KNOWN = frozenset((*REQUIRED_FIELDS, *OPTIONAL_STRINGS, "fast_backup"))
_ID = "vapi.method.invoke.exception"


def rejected(status: int, text: str) -> VapiError:
    """An error of the runtime's HTTP layer: INVALID_REQUEST with the given status."""
    text = f"Error in method invocation {text}"
    return VapiError.with_message("INVALID_REQUEST", _ID, text, status=status)


def read_backup_request(content_type: str | None, raw: bytes) -> object:
    """The create (or validate) body as the service would receive it, or VapiError."""
    media = (content_type or "").split(";", 1)[0].strip().lower()
    if media != "application/json":
        raise rejected(415, "Unsupported Media Type: expected application/json")
    if not raw.strip():
        return {}  # the service then reports the missing fields (INVALID_ARGUMENT)
    try:
        body = json.loads(raw)
    except (ValueError, RecursionError):
        raise rejected(400, "Invalid JSON in request body") from None
    if isinstance(body, list):
        raise rejected(500, "'list' object has no attribute 'items'")
    if not isinstance(body, dict):
        raise rejected(400, "Expected a structure in request body")
    return {name: _field(name, value) for name, value in body.items()}


def _field(name: str, value: Any) -> Any:
    if name not in _KNOWN:
        raise rejected(400, f"Unexpected field '{name}' in request")
    if value is None:
        if name in REQUIRED_FIELDS:
            raise rejected(400, f"Unable to parse property '{name}'")
        return None
    if name == "parts":
        if not isinstance(value, list):
            raise rejected(400, f"Excepted list, but got {type(value).__name__}")
        if not all(isinstance(item, str) for item in value):
            raise rejected(400, "Invalid Type, expected String")
        return value
    if name == "fast_backup":
        return _boolean(value)
    if not isinstance(value, str):
        raise rejected(400, "Invalid Type, expected String")
    return value


def _boolean(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        raise rejected(500, f"'{type(value).__name__}' object has no attribute 'lower'")
    if isinstance(value, str) and value.lower() in ("true", "false"):
        return value.lower() == "true"
    raise rejected(400, "Expected boolean value")
