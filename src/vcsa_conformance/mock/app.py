"""The mock's ASGI application: protocol routes, vAPI 404/405 answers, a 500 guard.

Routes come from the protocol modules, each exposing ``routes() -> list[BaseRoute]`` whose
handlers use ``request.app.state.appliance``: ``jsonrpc``, ``rest_legacy_schedules`` and
``rest_legacy`` (the /rest form), ``rest_schedules`` (schedules and job details), then ``rest``
(the /api REST form).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from vcsa_conformance.mock.latency import Hang, Latency
from vcsa_conformance.mock.model.appliance import Appliance
from vcsa_conformance.mock.model.config import MockConfig
from vcsa_conformance.mock.model.errors import VapiError, internal_error
from vcsa_conformance.mock.model.variants import Variant
from vcsa_conformance.mock.protocols import (
    jsonrpc,
    rest,
    rest_legacy,
    rest_legacy_schedules,
    rest_schedules,
    runtime_variant,
)

_logger = logging.getLogger("vcsa_conformance.mock")
_REST = "com.vmware.vapi.rest"


def create_app(
    config: MockConfig | None = None,
    *,
    access_log: Callable[[str], None] | None = None,
    clock: Callable[[], float] = time.time,
) -> Starlette:
    """A fresh mock appliance as an ASGI app; ``app.state.appliance`` is its model and
    ``app.state.errors`` the handler exceptions it answered 500 (tests fail on them)."""
    appliance = Appliance(config or MockConfig(), clock)
    # JSON-RPC and the legacy /rest form first: the /api REST routes match more broadly; and
    # job/details before job/{id} in either form.
    routes = [
        *jsonrpc.routes(),
        *rest_legacy_schedules.routes(),
        *rest_legacy.routes(),
        *rest_schedules.routes(),
        *rest.routes(),
    ]
    app = Starlette(routes=routes, exception_handlers={HTTPException: _http_error})
    app.state.appliance = appliance
    app.state.errors = []
    if config is not None and (config.latency or config.latency_jitter):
        app.add_middleware(Latency, seconds=config.latency, jitter=config.latency_jitter)
    if config is not None and config.hang_after is not None:
        app.add_middleware(Hang, after=config.hang_after)
    app.add_middleware(_Guard, errors=app.state.errors, access_log=access_log)
    return app


async def _http_error(request: Request, exc: Exception) -> Response:
    """404 (answered before authentication) and 405 as vAPI error bodies."""
    assert isinstance(exc, HTTPException)
    config: MockConfig = request.app.state.appliance.config
    error = _http_vapi_error(exc.status_code, exc.detail, config)
    response = rest.error_response(error, config)
    if exc.headers:
        response.headers.update(exc.headers)
    return response


def _http_vapi_error(status: int, detail: str, config: MockConfig) -> VapiError:
    if Variant.VAPI_RUNTIME in config.variants:
        return runtime_variant.rejected(status, detail)
    if status == 404:
        return VapiError.with_message("NOT_FOUND", f"{_REST}.httpNotFound", "Not found.")
    if status == 405:
        # No vAPI error type maps to 405, so the body names none (error_type is optional).
        text = "Method not allowed."
        error = VapiError.with_message("ERROR", f"{_REST}.httpMethodNotAllowed", text, status=405)
        error.typed = False
        return error
    return VapiError.with_message("INVALID_REQUEST", f"{_REST}.badRequest", detail, status=status)


class _Guard:
    """Outermost middleware: one access-log line per request, and a vAPI 500 (never a
    traceback) for any exception a handler raises, recorded on ``errors``."""

    def __init__(
        self,
        app: ASGIApp,
        errors: list[BaseException],
        access_log: Callable[[str], None] | None,
    ) -> None:
        self._app = app
        self._errors = errors
        self._access_log = access_log

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self._app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500
        response_started = False

        async def send_wrapper(event: Message) -> None:
            nonlocal status, response_started
            if event["type"] == "http.response.start":
                status = event["status"]
                response_started = True
            await send(event)

        try:
            await self._app(scope, receive, send_wrapper)
        except Exception as error:
            self._errors.append(error)
            _logger.error("mock handler error: %s", type(error).__name__)
            if not response_started:
                body = internal_error().body()
                await JSONResponse(body, status_code=500)(scope, receive, send)
        finally:
            if self._access_log is not None:
                elapsed = (time.perf_counter() - started) * 1000
                self._access_log(f"{scope['method']} {scope['path']} {status} {elapsed:.1f}ms")
