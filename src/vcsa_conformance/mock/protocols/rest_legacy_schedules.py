"""The deprecated ``/rest`` form of backup schedules and job details (issue 19), beside
rest_legacy.py and with its envelopes, at the paths and methods of VMware's 8.0.2 description:

- ``GET schedules`` → ``{"value": [{"key": id, "value": Info}, ...]}`` (vAPI's REST map);
- ``POST schedules/{schedule}`` with ``{"spec": CreateSpec}`` → 200, no body;
- ``GET schedules/{schedule}`` → ``{"value": Info}``;
- ``PUT schedules/update/{schedule}`` with ``{"spec": UpdateSpec}`` → 200, no body;
- ``DELETE schedules/{schedule}`` → 200, no body;
- ``POST schedules/{schedule}?action=run`` with ``{"comment": ...}`` (optional) →
  ``{"value": BackupJobStatus}``;
- ``GET job/details[?filter.jobs=a&filter.jobs=b]`` → ``{"value": [{"key": id, "value":
  Details.Info}, ...]}``.

Choices where VMware is silent: ``spec`` is required (an absent one is 400 INVALID_ARGUMENT
naming it, as a missing ``piece`` is); another ``action`` on ``POST schedules/{schedule}`` is
400 INVALID_ARGUMENT naming ``action``; authentication is checked before the body is read.
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from vcsa_conformance.contract.api import (
    LEGACY_JOB_DETAILS_PATH,
    LEGACY_JOBS_FILTER,
    LEGACY_SCHEDULE_UPDATE_PATH,
    LEGACY_SCHEDULES_PATH,
    RUN_ACTION,
    SCHEDULES_SERVICE,
)
from vcsa_conformance.mock.model import errors
from vcsa_conformance.mock.model.appliance import Appliance
from vcsa_conformance.mock.protocols.auth import session_token
from vcsa_conformance.mock.protocols.rest_legacy import (
    document,
    endpoint,
    member,
    value_response,
)


def routes() -> list[Route]:
    """The routes; listed before rest_legacy's, whose ``job/{id}`` would take ``job/details``."""
    return [
        Route(LEGACY_JOB_DETAILS_PATH, endpoint(_details), methods=["GET"]),
        Route(LEGACY_SCHEDULES_PATH, endpoint(_list), methods=["GET"]),
        Route(LEGACY_SCHEDULE_UPDATE_PATH + "/{schedule}", endpoint(_update), methods=["PUT"]),
        Route(
            LEGACY_SCHEDULES_PATH + "/{schedule}",
            endpoint(_schedule),
            methods=["GET", "POST", "DELETE"],
        ),
    ]


def _map(entries: dict[str, Any]) -> list[dict[str, Any]]:
    """A map as vAPI's REST form writes it: a list of ``{"key", "value"}`` objects."""
    return [{"key": key, "value": value} for key, value in entries.items()]


def _done() -> Response:
    """The answer of an operation that returns nothing: 200 with no body."""
    return Response(status_code=200)


async def _details(request: Request, appliance: Appliance) -> Response:
    """``GET`` the Details.Info of every job, or of those ``filter.jobs`` names."""
    jobs = request.query_params.getlist(LEGACY_JOBS_FILTER)
    return value_response(_map(appliance.job_details(session_token(request), jobs or None)))


async def _list(request: Request, appliance: Appliance) -> Response:
    """``GET`` every schedule's Info by id."""
    return value_response(_map(appliance.list_schedules(session_token(request))))


async def _update(request: Request, appliance: Appliance) -> Response:
    """``PUT {"spec": UpdateSpec}``: change the fields it carries."""
    token = session_token(request)
    appliance.authenticate(token, write="update", service=SCHEDULES_SERVICE)
    spec = member(await request.body(), "spec")
    appliance.update_schedule(token, request.path_params["schedule"], spec)
    return _done()


async def _schedule(request: Request, appliance: Appliance) -> Response:
    """``GET`` one Info, ``DELETE`` it, ``POST`` create it or (``?action=run``) run it."""
    token = session_token(request)
    schedule = request.path_params["schedule"]
    if request.method == "GET":
        return value_response(appliance.get_schedule(token, schedule))
    if request.method == "DELETE":
        appliance.delete_schedule(token, schedule)
        return _done()
    action = request.query_params.get("action")
    operation = "create" if action is None else RUN_ACTION
    appliance.authenticate(token, write=operation, service=SCHEDULES_SERVICE)
    if action is None:
        spec = member(await request.body(), "spec")
        appliance.create_schedule(token, {"schedule": schedule, "spec": spec})
        return _done()
    if action != RUN_ACTION:
        raise errors.invalid_argument("action", f"expected no action or action={RUN_ACTION}")
    raw = await request.body()
    body = document(raw) if raw.strip() else None  # the run input (a comment) is optional
    return value_response(appliance.run_schedule(token, schedule, body))
