"""The deprecated ``/rest`` routes (vSphere 6.5-7.0 style), still used by older tools.

Same Appliance as /api and JSON-RPC (one model, three protocols); only the envelopes differ:
the session comes from ``POST /rest/com/vmware/cis/session`` with Basic credentials and is
sent back in the ``vmware-api-session-id`` header; a create or validate body is
``{"piece": BackupRequest}``; every success is HTTP 200 ``{"value": ...}`` (a session delete:
200 with no body); every error
is ``{"type": "com.vmware.vapi.std.errors.<name>", "value": {"messages": [...]}}`` with the
status of the vAPI error type (contract/vapi.status_for, or a fault's override). The session
Info is also answered to ``POST ...?~action=get``, the form the old API documented. Schedules
and job details are in rest_legacy_schedules.py, with the same envelopes.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from vcsa_conformance.contract.api import (
    LEGACY_JOB_PATH,
    LEGACY_PARTS_PATH,
    LEGACY_SESSION_PATH,
    LEGACY_VALIDATE_PATH,
    VALIDATE_ACTION,
)
from vcsa_conformance.mock.model import errors
from vcsa_conformance.mock.model.appliance import Appliance
from vcsa_conformance.mock.protocols.auth import basic_credentials, session_token
from vcsa_conformance.mock.protocols.vapi_values import error_name

Handler = Callable[[Request, Appliance], Awaitable[Response]]


def error_response(error: errors.VapiError) -> JSONResponse:
    """The legacy error envelope for a VapiError."""
    body = {"type": error_name(error.error_type), "value": {"messages": error.messages}}
    return JSONResponse(body, status_code=error.status)


def value_response(value: object) -> JSONResponse:
    """A success: HTTP 200 ``{"value": ...}``."""
    return JSONResponse({"value": value})


def endpoint(handler: Handler) -> Callable[[Request], Awaitable[Response]]:
    """Wrap a handler: the app's Appliance in, VapiError out as the legacy envelope."""

    async def run(request: Request) -> Response:
        try:
            return await handler(request, request.app.state.appliance)
        except errors.VapiError as error:
            return error_response(error)

    return run


async def _session(request: Request, appliance: Appliance) -> Response:
    """``POST`` log in (or ``?~action=get``), ``GET`` the session Info, ``DELETE`` log out."""
    if request.method == "DELETE":
        appliance.logout(session_token(request))
        return Response(status_code=200)
    if request.method == "GET" or request.query_params.get("~action") == "get":
        return value_response(appliance.session_info(session_token(request)))
    return value_response(appliance.login(*basic_credentials(request)))


async def _jobs(request: Request, appliance: Appliance) -> Response:
    """``GET`` the job ids (newest first); ``POST {"piece": BackupRequest}`` starts a backup."""
    token = session_token(request)
    if request.method == "GET":
        return value_response(appliance.list_jobs(token))
    appliance.authenticate(token, write="create")  # before the body, as on /api
    return value_response(appliance.create_job(token, member(await request.body(), "piece")))


async def _validate(request: Request, appliance: Appliance) -> Response:
    """``POST {"piece": BackupRequest}``: every check of create, no job; its ReturnResult."""
    token = session_token(request)
    appliance.authenticate(token, write=VALIDATE_ACTION)  # before the body, as on /api
    return value_response(appliance.validate_backup(token, member(await request.body(), "piece")))


def document(body: bytes) -> object:
    """The JSON of a request body; 400 INVALID_ARGUMENT naming ``body`` if it is not JSON."""
    try:
        return json.loads(body.decode("utf-8"))
    except (ValueError, RecursionError):
        raise errors.invalid_argument("body", "the request body is not valid JSON") from None


def member(body: bytes, name: str) -> object:
    """The wrapped input ``{name: ...}`` (``piece``, ``spec``); 400 INVALID_ARGUMENT naming
    ``name`` if the body holds none."""
    wrapper = document(body)
    if not isinstance(wrapper, dict) or wrapper.get(name) is None:
        raise errors.invalid_argument(name, "the field is required")
    return wrapper[name]


async def _job(request: Request, appliance: Appliance) -> Response:
    """``GET`` one BackupJobStatus."""
    return value_response(appliance.get_job(session_token(request), request.path_params["id"]))


async def _cancel(request: Request, appliance: Appliance) -> Response:
    """``POST`` cancel a job: its ReturnResult."""
    return value_response(appliance.cancel_job(session_token(request), request.path_params["id"]))


async def _parts(request: Request, appliance: Appliance) -> Response:
    """``GET`` the parts catalogue."""
    return value_response(appliance.list_parts(session_token(request)))


async def _part(request: Request, appliance: Appliance) -> Response:
    """``GET`` one part's size in MB."""
    return value_response(appliance.part_size(session_token(request), request.path_params["id"]))


def routes() -> list[Route]:
    """The legacy /rest routes; they share the app's Appliance with /api."""
    return [
        Route(LEGACY_SESSION_PATH, endpoint(_session), methods=["POST", "GET", "DELETE"]),
        Route(LEGACY_JOB_PATH, endpoint(_jobs), methods=["GET", "POST"]),
        Route(LEGACY_JOB_PATH + "/{id}", endpoint(_job), methods=["GET"]),
        Route(LEGACY_JOB_PATH + "/{id}/cancel", endpoint(_cancel), methods=["POST"]),
        Route(LEGACY_PARTS_PATH, endpoint(_parts), methods=["GET"]),
        Route(LEGACY_PARTS_PATH + "/{id}", endpoint(_part), methods=["GET"]),
        Route(LEGACY_VALIDATE_PATH, endpoint(_validate), methods=["POST"]),
    ]
