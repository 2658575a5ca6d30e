"""The /api REST form of backup schedules and job details (issue 19), beside rest.py.

The same wire as rest.py: bare JSON bodies, vAPI error bodies (rendered by
``rest.error_response``, with its wire-level faults), the session header, authentication
before the body is read. Choices of this form: create, update and delete answer 204 without
a body and run 200 (VMware's statuses); a body that cannot be parsed is 400 INVALID_REQUEST
(415 for a Content-Type that is not JSON in Variant.VAPI_RUNTIME, as VMware's runtime); an
absent body is an empty UpdateSpec or run request; a missing or other ``action`` on
``POST schedules/{schedule}`` is 400 INVALID_ARGUMENT (404 in Variant.VAPI_RUNTIME).
Variant.EXTRA_FIELDS adds its field to each object answered, never to a map of ids.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from vcsa_conformance.contract.api import (
    JOB_DETAILS_PATH,
    RUN_ACTION,
    SCHEDULES_PATH,
    SCHEDULES_SERVICE,
)
from vcsa_conformance.mock.model import errors
from vcsa_conformance.mock.model.appliance import Appliance
from vcsa_conformance.mock.model.config import MockConfig
from vcsa_conformance.mock.model.errors import VapiError
from vcsa_conformance.mock.model.variants import Variant
from vcsa_conformance.mock.protocols import runtime_variant
from vcsa_conformance.mock.protocols.auth import session_token
from vcsa_conformance.mock.protocols.rest import EXTRA_FIELD, MAX_BODY_BYTES, error_response

_NO_CONTENT = 204


def routes() -> list[BaseRoute]:
    """The routes; listed before rest.py's, whose ``job/{job_id}`` would take ``job/details``."""
    return [
        Route(JOB_DETAILS_PATH, _details, methods=["GET"]),
        Route(SCHEDULES_PATH, _schedules, methods=["GET", "POST"]),
        Route(
            SCHEDULES_PATH + "/{schedule}", _schedule, methods=["GET", "PATCH", "DELETE", "POST"]
        ),
    ]


Answer = tuple[Any, bool]  # (content, is_a_map) or None for 204
Handler = Callable[[Request, Appliance], Awaitable[Answer | None]]


def _endpoint(handler: Handler) -> Callable[[Request], Awaitable[Response]]:
    """Run ``handler`` with the app's appliance; render its answer or its VapiError."""

    async def endpoint(request: Request) -> Response:
        appliance: Appliance = request.app.state.appliance
        try:
            answer = await handler(request, appliance)
        except VapiError as error:
            return error_response(error, appliance.config)
        if answer is None:
            return Response(status_code=_NO_CONTENT)
        content, is_map = answer
        return JSONResponse(_extra(content, is_map, appliance.config))

    return endpoint


def _extra(content: Any, is_map: bool, config: MockConfig) -> Any:
    if Variant.EXTRA_FIELDS not in config.variants:
        return content
    if is_map:
        return {key: {**value, EXTRA_FIELD: "mock"} for key, value in content.items()}
    return {**content, EXTRA_FIELD: "mock"}


@_endpoint
async def _details(request: Request, appliance: Appliance) -> Answer:
    jobs = request.query_params.getlist("jobs")
    return appliance.job_details(session_token(request), jobs or None), True


@_endpoint
async def _schedules(request: Request, appliance: Appliance) -> Answer | None:
    token = session_token(request)
    if request.method == "GET":
        return appliance.list_schedules(token), True
    appliance.authenticate(token, write="create", service=SCHEDULES_SERVICE)
    appliance.create_schedule(token, await _json_body(request, appliance.config))
    return None


@_endpoint
async def _schedule(request: Request, appliance: Appliance) -> Answer | None:
    token = session_token(request)
    schedule_id = request.path_params["schedule"]
    if request.method == "GET":
        return appliance.get_schedule(token, schedule_id), False
    if request.method == "DELETE":
        appliance.delete_schedule(token, schedule_id)
        return None
    operation = "update" if request.method == "PATCH" else RUN_ACTION
    appliance.authenticate(token, write=operation, service=SCHEDULES_SERVICE)
    if request.method == "PATCH":
        body = await _json_body(request, appliance.config)
        appliance.update_schedule(token, schedule_id, body)
        return None
    if request.query_params.get("action") != RUN_ACTION:
        if Variant.VAPI_RUNTIME in appliance.config.variants:
            raise runtime_variant.rejected(404, "No matching method available")
        raise errors.invalid_argument("action", f"expected action={RUN_ACTION}")
    body = await _json_body(request, appliance.config)
    return appliance.run_schedule(token, schedule_id, body), False


async def _json_body(request: Request, config: MockConfig) -> object:
    """The decoded body, None when there is none; 400 INVALID_REQUEST when it cannot be
    parsed (415 for a Content-Type that is not JSON in Variant.VAPI_RUNTIME)."""
    content_type = request.headers.get("content-type")
    media = (content_type or "").split(";", 1)[0].strip().lower()
    raw = await _read(request)
    if not raw.strip() and content_type is None:
        return None
    if content_type is not None and not (media == "application/json" or media.endswith("+json")):
        if Variant.VAPI_RUNTIME in config.variants:
            raise runtime_variant.rejected(415, "Unsupported Media Type: expected application/json")
        raise _unparsable("the Content-Type must be application/json")
    if not raw.strip():
        return None
    try:
        return json.loads(raw, parse_constant=_no_constant)
    except (ValueError, RecursionError):
        raise _unparsable("the request body is not valid JSON") from None


async def _read(request: Request) -> bytes:
    """The body, refused beyond rest.MAX_BODY_BYTES so that memory stays bounded."""
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > MAX_BODY_BYTES:
            raise errors.invalid_argument("body", "the request body is larger than 1 MiB")
        chunks.append(chunk)
    return b"".join(chunks)


def _no_constant(name: str) -> object:
    raise ValueError(f"{name} is not JSON")


def _unparsable(problem: str) -> VapiError:
    return VapiError("INVALID_REQUEST", errors.invalid_argument("body", problem).messages)
