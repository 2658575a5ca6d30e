"""The /api REST form: bare JSON bodies, vAPI error bodies, the session header.

Wire-level faults (error body shapes, HTML errors, the create race, a 500 on malformed JSON)
and wire-level variants (extra fields, the 401 challenge) live here; everything else is the
Appliance's. Documented choices: a create body that cannot be parsed (a Content-Type that
is not JSON, bytes that are not JSON) is 400 INVALID_REQUEST, as vAPI defines it; any other
body problem (empty, not an object, a bad field) is 400 INVALID_ARGUMENT; a missing
Content-Type is accepted; authentication is checked before the body is read (except in
Variant.VAPI_RUNTIME, see runtime_variant.py).
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable
from typing import Any

from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response
from starlette.routing import BaseRoute, Route

from vcsa_conformance.contract.api import (
    BACKUP_PATH,
    JOB_PATH,
    PARTS_PATH,
    SESSION_PATH,
    VERSION_PATH,
)
from vcsa_conformance.mock.model import errors
from vcsa_conformance.mock.model.appliance import Appliance
from vcsa_conformance.mock.model.config import MockConfig
from vcsa_conformance.mock.model.errors import VapiError
from vcsa_conformance.mock.model.faults import Fault
from vcsa_conformance.mock.model.validation import invalid_input
from vcsa_conformance.mock.model.variants import Variant
from vcsa_conformance.mock.protocols import runtime_variant
from vcsa_conformance.mock.protocols.auth import basic_credentials, session_token

CHALLENGE = 'Basic realm="VAPI endpoint",SIGN realm="VAPI endpoint",service="VAPI endpoint"'
EXTRA_FIELD = "x_vendor_trace"
MAX_BODY_BYTES = 1 << 20  # a BackupRequest is a few hundred bytes
RACE_WINDOW_SECONDS = 0.05  # Fault.CONCURRENT_CREATE_RACE: the gap between check and commit

Handler = Callable[[Request], Awaitable[Response]]


def routes() -> list[BaseRoute]:
    """The /api routes; handlers serve the app's ``state.appliance``."""
    return [
        Route(SESSION_PATH, _session, methods=["POST", "GET", "DELETE"]),
        Route(JOB_PATH, _jobs, methods=["GET", "POST"]),
        Route(JOB_PATH + "/{job_id}", _job, methods=["GET", "POST"]),
        Route(PARTS_PATH, _parts, methods=["GET"]),
        Route(PARTS_PATH + "/{part_id}", _part, methods=["GET"]),
        Route(BACKUP_PATH, _validate, methods=["POST"]),
        Route(VERSION_PATH, _version, methods=["GET"]),
    ]


def error_response(error: VapiError, config: MockConfig) -> Response:
    """The /api answer to ``error``, with the wire-level faults and variants applied."""
    if Fault.HTML_ERROR_BODY in config.faults:
        page = f"<html><body><h1>Error {error.status}</h1></body></html>"
        return HTMLResponse(page, status_code=error.status)
    body = error.body()
    headers: dict[str, str] = {}
    if Fault.ERROR_WITHOUT_MESSAGES in config.faults:
        del body["messages"]
    if Fault.UNKNOWN_ERROR_TYPE in config.faults and error.error_type == "INVALID_ARGUMENT":
        body["error_type"] = "BAD_REQUEST"
    if error.error_type == "UNAUTHENTICATED" and Variant.CHALLENGE_ON_401 in config.variants:
        body["challenge"] = CHALLENGE
        headers["www-authenticate"] = CHALLENGE
    return JSONResponse(_extra(body, config), status_code=error.status, headers=headers)


def _extra(content: Any, config: MockConfig) -> Any:
    """Variant.EXTRA_FIELDS: one undocumented field in every JSON object answered."""
    if Variant.EXTRA_FIELDS not in config.variants:
        return content
    if isinstance(content, dict):
        return {**content, EXTRA_FIELD: "mock"}
    if isinstance(content, list):
        return [_extra(item, config) for item in content]
    return content


def _vapi(handler: Callable[[Request, Appliance], Awaitable[Any]]) -> Handler:
    """Run ``handler`` with the app's appliance; render what it returns or raises."""

    async def endpoint(request: Request) -> Response:
        appliance: Appliance = request.app.state.appliance
        try:
            result = await handler(request, appliance)
        except _PlainFailure as failure:
            return failure.response
        except VapiError as error:
            return error_response(error, appliance.config)
        if isinstance(result, Response):
            return result
        creates = request.method == "POST" and request.url.path in (SESSION_PATH, JOB_PATH)
        return JSONResponse(_extra(result, appliance.config), status_code=201 if creates else 200)

    return endpoint


@_vapi
async def _session(request: Request, appliance: Appliance) -> Any:
    token = session_token(request)
    if request.method == "POST":
        return appliance.login(*basic_credentials(request))
    if request.method == "DELETE":
        appliance.logout(token)
        return Response(status_code=204)
    info = appliance.session_info(token)
    if Fault.SESSION_INFO_WITHOUT_USER in appliance.config.faults:
        del info["user"]
    return info


@_vapi
async def _jobs(request: Request, appliance: Appliance) -> Any:
    token = session_token(request)
    if request.method == "GET":
        return appliance.list_jobs(token)
    body = await _backup_request(request, appliance, token, "create")
    if Fault.CONCURRENT_CREATE_RACE not in appliance.config.faults:
        status = appliance.create_job(token, body)
    else:
        appliance.check_create(token, body)
        await asyncio.sleep(RACE_WINDOW_SECONDS)
        status = appliance.create_job(token, body, check_busy=False)
    if Fault.CREATE_200 in appliance.config.faults:
        return JSONResponse(_extra(status, appliance.config), status_code=200)
    return status


async def _backup_request(
    request: Request, appliance: Appliance, token: str | None, operation: str
) -> object:
    """The body of create or validate, read after authentication (or, as VMware's runtime
    does, before it: Variant.VAPI_RUNTIME)."""
    config = appliance.config
    if Variant.VAPI_RUNTIME in config.variants:
        raw = await _read_body(request, config)
        body = runtime_variant.read_backup_request(request.headers.get("content-type"), raw)
        appliance.authenticate(token, write=operation)
        return body
    appliance.authenticate(token, write=operation)
    return await _json_body(request, config)


def _wrong_action(config: MockConfig, expected: str) -> VapiError:
    if Variant.VAPI_RUNTIME in config.variants:
        return runtime_variant.rejected(404, "No matching method available")
    return errors.invalid_argument("action", f"expected action={expected}")


@_vapi
async def _job(request: Request, appliance: Appliance) -> Any:
    token = session_token(request)
    job_id = request.path_params["job_id"]
    if request.method == "GET":
        return appliance.get_job(token, job_id)
    appliance.authenticate(token, write="cancel")
    if request.query_params.get("action") != "cancel":
        raise _wrong_action(appliance.config, "cancel")
    return appliance.cancel_job(token, job_id)


@_vapi
async def _parts(request: Request, appliance: Appliance) -> Any:
    return appliance.list_parts(session_token(request))


@_vapi
async def _version(request: Request, appliance: Appliance) -> Any:
    return appliance.system_version(session_token(request))


@_vapi
async def _part(request: Request, appliance: Appliance) -> Any:
    return appliance.part_size(session_token(request), request.path_params["part_id"])


@_vapi
async def _validate(request: Request, appliance: Appliance) -> Any:
    token = session_token(request)
    if request.query_params.get("action") != "validate":
        appliance.authenticate(token, write="validate")
        raise _wrong_action(appliance.config, "validate")
    body = await _backup_request(request, appliance, token, "validate")
    return appliance.validate_backup(token, body)


class _PlainFailure(Exception):
    """Fault.MALFORMED_JSON_500: an answer that bypasses the vAPI error rendering."""

    def __init__(self, response: Response) -> None:
        super().__init__("plain failure")
        self.response = response


def _is_json(content_type: str) -> bool:
    media = content_type.split(";", 1)[0].strip().lower()
    return media == "application/json" or media.endswith("+json")


def _reject_constant(name: str) -> object:
    raise ValueError(f"{name} is not JSON")


async def _json_body(request: Request, config: MockConfig) -> object:
    """The decoded JSON body: 400 INVALID_REQUEST for a body that cannot be parsed (a
    Content-Type that is not JSON, bytes that are not JSON), 400 INVALID_ARGUMENT for an
    empty one (it parses as nothing: every required field is missing)."""
    content_type = request.headers.get("content-type")
    if content_type is not None and not _is_json(content_type):
        raise _body_error("the Content-Type must be application/json", config, unparsable=True)
    raw = await _read_body(request, config)
    if not raw.strip():
        raise _body_error("the request body is empty", config)
    try:
        return json.loads(raw, parse_constant=_reject_constant)
    except (ValueError, RecursionError):
        if Fault.MALFORMED_JSON_500 in config.faults:
            raise _PlainFailure(PlainTextResponse("Internal Server Error", 500)) from None
        problem = "the request body is not valid JSON"
        raise _body_error(problem, config, unparsable=True) from None


async def _read_body(request: Request, config: MockConfig) -> bytes:
    """The body, refused beyond MAX_BODY_BYTES so that memory stays bounded."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > MAX_BODY_BYTES:
        raise _body_error("the request body is larger than 1 MiB", config)
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > MAX_BODY_BYTES:
            raise _body_error("the request body is larger than 1 MiB", config)
        chunks.append(chunk)
    return b"".join(chunks)


def _body_error(problem: str, config: MockConfig, *, unparsable: bool = False) -> VapiError:
    error = errors.invalid_argument("body", problem)
    if unparsable:
        error = VapiError("INVALID_REQUEST", error.messages)
    return invalid_input(error, config.variants)
