"""The deprecated ``/rest`` routes (vSphere 6.5-7.0 style), still used by older tools.

Same Appliance as /api and JSON-RPC (one model, three protocols); only the envelopes differ:
the session comes from ``POST /rest/com/vmware/cis/session`` with Basic credentials and is
sent back in the ``vmware-api-session-id`` header; a create body is ``{"piece": BackupRequest}``;
every success is HTTP 200 ``{"value": ...}`` (a session delete: 200 with no body); every error
is ``{"type": "com.vmware.vapi.std.errors.<name>", "value": {"messages": [...]}}`` with the
status of the vAPI error type (contract/vapi.status_for, or a fault's override). The session
Info is also answered to ``POST ...?~action=get``, the form the old API documented.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from vcsa_conformance.contract.api import LEGACY_JOB_PATH, LEGACY_PARTS_PATH, LEGACY_SESSION_PATH
from vcsa_conformance.mock.model import errors
from vcsa_conformance.mock.model.appliance import Appliance
from vcsa_conformance.mock.protocols.auth import basic_credentials, session_token
from vcsa_conformance.mock.protocols.vapi_values import error_name

Handler = Callable[[Request, Appliance], Awaitable[Response]]


def error_response(error: errors.VapiError) -> JSONResponse:
    """The legacy error envelope for a VapiError."""
    body = {"type": error_name(error.error_type), "value": {"messages": error.messages}}
    return JSONResponse(body, status_code=error.status)


def _value(value: object) -> JSONResponse:
    return JSONResponse({"value": value})


def _endpoint(handler: Handler) -> Callable[[Request], Awaitable[Response]]:
    """Wrap a handler: the app's Appliance in, VapiError out as the legacy envelope."""

    async def endpoint(request: Request) -> Response:
        try:
            return await handler(request, request.app.state.appliance)
        except errors.VapiError as error:
            return error_response(error)

    return endpoint


async def _session(request: Request, appliance: Appliance) -> Response:
    """``POST`` log in (or ``?~action=get``), ``GET`` the session Info, ``DELETE`` log out."""
    if request.method == "DELETE":
        appliance.logout(session_token(request))
        return Response(status_code=200)
    if request.method == "GET" or request.query_params.get("~action") == "get":
        return _value(appliance.session_info(session_token(request)))
    return _value(appliance.login(*basic_credentials(request)))


async def _jobs(request: Request, appliance: Appliance) -> Response:
    """``GET`` the job ids (newest first); ``POST {"piece": BackupRequest}`` starts a backup."""
    token = session_token(request)
    if request.method == "GET":
        return _value(appliance.list_jobs(token))
    appliance.authenticate(token, write="create")  # before the body, as on /api
    return _value(appliance.create_job(token, _piece(await request.body())))


def _piece(body: bytes) -> object:
    """The BackupRequest inside ``{"piece": ...}``; 400 INVALID_ARGUMENT if there is none."""
    try:
        document = json.loads(body.decode("utf-8"))
    except (ValueError, RecursionError):
        raise errors.invalid_argument("body", "the request body is not valid JSON") from None
    if not isinstance(document, dict) or document.get("piece") is None:
        raise errors.invalid_argument("piece", "the field is required")
    return document["piece"]


async def _job(request: Request, appliance: Appliance) -> Response:
    """``GET`` one BackupJobStatus."""
    return _value(appliance.get_job(session_token(request), request.path_params["id"]))


async def _cancel(request: Request, appliance: Appliance) -> Response:
    """``POST`` cancel a job: its ReturnResult."""
    return _value(appliance.cancel_job(session_token(request), request.path_params["id"]))


async def _parts(request: Request, appliance: Appliance) -> Response:
    """``GET`` the parts catalogue."""
    return _value(appliance.list_parts(session_token(request)))


async def _part(request: Request, appliance: Appliance) -> Response:
    """``GET`` one part's size in MB."""
    return _value(appliance.part_size(session_token(request), request.path_params["id"]))


def routes() -> list[Route]:
    """The legacy /rest routes; they share the app's Appliance with /api."""
    return [
        Route(LEGACY_SESSION_PATH, _endpoint(_session), methods=["POST", "GET", "DELETE"]),
        Route(LEGACY_JOB_PATH, _endpoint(_jobs), methods=["GET", "POST"]),
        Route(LEGACY_JOB_PATH + "/{id}", _endpoint(_job), methods=["GET"]),
        Route(LEGACY_JOB_PATH + "/{id}/cancel", _endpoint(_cancel), methods=["POST"]),
        Route(LEGACY_PARTS_PATH, _endpoint(_parts), methods=["GET"]),
        Route(LEGACY_PARTS_PATH + "/{id}", _endpoint(_part), methods=["GET"]),
    ]
