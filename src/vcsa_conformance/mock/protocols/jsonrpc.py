"""vAPI JSON-RPC 2.0 on ``POST /api``: the default protocol of VMware's Python SDK.

Every SDK call is ``{"jsonrpc": "2.0", "method": "invoke", "id": ..., "params": {"serviceId",
"operationId", "input", "ctx"}}`` with credentials and the session id in ``ctx.securityCtx``
(see shared/reference/vmware-python-sdk-wire.md). The answer is always HTTP 200: a result
``{"output": ...}`` or a vAPI error ``{"error": {"ERROR": ...}}``, or a JSON-RPC error object
for an envelope the server cannot read, as VMware's own runtime
(``vmware.vapi.protocol.server.msg.json_handler``) answers:

- -32700 parse error: the body is not JSON (UTF-8);
- -32600 invalid request: not a JSON-RPC 2.0 object with ``method``, ``id`` and object
  ``params`` (answered with ``"id": null``, as the specification asks);
- -32601 method not found: ``method`` is not ``invoke``;
- -32602 invalid params: ``params`` without string ``serviceId``/``operationId``, an object
  ``ctx`` or a readable type-tagged ``input``;
- -31001 (vAPI): the ``vapi-service``/``vapi-operation`` headers contradict the body.

An unknown service or operation is a vAPI OPERATION_NOT_FOUND error, not -32601: that is what
the runtime answers and what the SDK turns into ``OperationNotFound``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from vcsa_conformance.contract.api import JSONRPC_PATH, SESSION_HEADER
from vcsa_conformance.mock.model import errors
from vcsa_conformance.mock.model.appliance import Appliance
from vcsa_conformance.mock.protocols import jsonrpc_operations, jsonrpc_schedules
from vcsa_conformance.mock.protocols.jsonrpc_operations import (
    SESSION_SCHEME,
    USER_PASS_SCHEME,
    Call,
    Operation,
    operation_not_found,
)
from vcsa_conformance.mock.protocols.vapi_values import (
    VapiValueError,
    decode,
    encode,
    encode_error,
    error_name,
    structure_name,
)

PARSE_ERROR = -32700
INVALID_REQUEST = -32600
METHOD_NOT_FOUND = -32601
INVALID_PARAMS = -32602
INVALID_OPERATION = -31001

_MESSAGES = {
    PARSE_ERROR: "Parse error.",
    INVALID_REQUEST: "Invalid Request.",
    METHOD_NOT_FOUND: "Method not found.",
    INVALID_PARAMS: "Invalid params.",
    INVALID_OPERATION: "Mismatching operation identifier in HTTP header and payload",
}
_OPERATION_INPUT = "operation-input"
# Every service served, by id: sessions and backups, then schedules and job details.
SERVICES: Mapping[str, Mapping[str, Operation]] = {
    **jsonrpc_operations.OPERATIONS,
    **jsonrpc_schedules.OPERATIONS,
}

Answer = tuple[dict[str, Any], dict[str, str]]


class ProtocolError(Exception):
    """An envelope the server cannot read: answered as a JSON-RPC error object."""

    def __init__(self, code: int, detail: str) -> None:
        super().__init__(detail)
        self.code = code
        self.detail = detail


def handle(appliance: Appliance, body: bytes, headers: Mapping[str, str]) -> Answer:
    """The JSON-RPC answer (and extra HTTP headers) for one request body.

    ``headers`` must be case-insensitive or lower-case (Starlette's are).
    """
    request_id: object = None
    try:
        envelope = _envelope(body)
        request_id = envelope["id"]
        if envelope["method"] != "invoke":
            raise ProtocolError(METHOD_NOT_FOUND, "the only method is 'invoke'")
        return _invoke(appliance, envelope["params"], headers, request_id)
    except ProtocolError as error:
        if error.code in (PARSE_ERROR, INVALID_REQUEST):
            request_id = None
        return _protocol_error(error, request_id), {}


async def endpoint(request: Request) -> JSONResponse:
    """``POST /api``: one JSON-RPC call against the app's Appliance."""
    appliance: Appliance = request.app.state.appliance
    payload, headers = handle(appliance, await request.body(), request.headers)
    return JSONResponse(payload, headers=headers)


def routes() -> list[Route]:
    """The JSON-RPC route, to be mounted before the /api REST routes."""
    return [Route(JSONRPC_PATH, endpoint, methods=["POST"], name="jsonrpc")]


# --- the envelope ------------------------------------------------------------------------


def _envelope(body: bytes) -> dict[str, Any]:
    try:
        document = json.loads(body.decode("utf-8"))
    except (ValueError, RecursionError) as error:  # UnicodeDecodeError is a ValueError
        raise ProtocolError(PARSE_ERROR, f"the body is not JSON: {error}") from None
    if not isinstance(document, dict):
        raise ProtocolError(INVALID_REQUEST, "the request must be a JSON object")
    if document.get("jsonrpc") != "2.0":
        raise ProtocolError(INVALID_REQUEST, 'the request needs "jsonrpc": "2.0"')
    if not isinstance(document.get("method"), str):
        raise ProtocolError(INVALID_REQUEST, "the request needs a string method")
    if "id" not in document or not _valid_id(document["id"]):
        raise ProtocolError(INVALID_REQUEST, "the request needs a string or integer id")
    if not isinstance(document.get("params"), dict):
        raise ProtocolError(INVALID_REQUEST, "the request needs object params")
    return document


def _valid_id(value: object) -> bool:
    return value is None or (isinstance(value, str | int) and not isinstance(value, bool))


def _protocol_error(error: ProtocolError, request_id: object) -> dict[str, Any]:
    body = {"code": error.code, "message": _MESSAGES[error.code], "data": error.detail}
    return {"jsonrpc": "2.0", "id": request_id, "error": body}


def _result(result: dict[str, Any], request_id: object) -> dict[str, Any]:
    return {"jsonrpc": "2.0", "id": request_id, "result": result}


# --- invoke ------------------------------------------------------------------------------


def _invoke(
    appliance: Appliance, params: dict[str, Any], headers: Mapping[str, str], request_id: object
) -> Answer:
    service_id, operation_id = params.get("serviceId"), params.get("operationId")
    if not (isinstance(service_id, str) and isinstance(operation_id, str)):
        raise ProtocolError(INVALID_PARAMS, "params need string serviceId and operationId")
    _check_headers(headers, service_id, operation_id)
    ctx = params.get("ctx")
    if not isinstance(ctx, dict):
        raise ProtocolError(INVALID_PARAMS, "params need an object ctx")
    security = ctx.get("securityCtx")
    if security is not None and not isinstance(security, dict):
        raise ProtocolError(INVALID_PARAMS, "ctx.securityCtx must be an object")
    if "input" not in params:
        raise ProtocolError(INVALID_PARAMS, "params need an input")
    try:
        plain_input = decode(params["input"])
    except (VapiValueError, RecursionError) as error:
        raise ProtocolError(INVALID_PARAMS, f"input: {error}") from None
    call = Call(
        appliance=appliance,
        session_id=_session_id(security or {}, headers),
        user_pass=_user_pass(security or {}),
        input=plain_input if isinstance(plain_input, dict) else {},
    )
    try:
        output = _run(call, service_id, operation_id, structure_name(params["input"]))
    except errors.VapiError as error:
        encoded = encode_error(error.error_type, error.messages)
        vapi_error = {"vapi-error": error_name(error.error_type)}
        return _result({"error": encoded}, request_id), vapi_error
    return _result({"output": output}, request_id), {}


def _run(call: Call, service_id: str, operation_id: str, input_name: str | None) -> Any:
    operation = SERVICES.get(service_id, {}).get(operation_id)
    if operation is None:
        raise operation_not_found(service_id, operation_id, known_service=service_id in SERVICES)
    if input_name != _OPERATION_INPUT:
        text = "Invalid input for method."
        raise errors.VapiError.with_message("INVALID_ARGUMENT", "vapi.method.input.invalid", text)
    value = operation.run(call)
    return None if operation.output is None else encode(value, operation.output)


def _check_headers(headers: Mapping[str, str], service_id: str, operation_id: str) -> None:
    service, operation = headers.get("vapi-service"), headers.get("vapi-operation")
    if service is None and operation is None:
        return
    if service != service_id or operation != operation_id:
        raise ProtocolError(INVALID_OPERATION, "vapi-service/vapi-operation headers differ")


def _session_id(security: Mapping[str, Any], headers: Mapping[str, str]) -> str | None:
    """The session id: the ``vmware-api-session-id`` header wins, as in VMware's runtime."""
    header = headers.get(SESSION_HEADER)
    if header is not None:
        return header
    if security.get("schemeId") != SESSION_SCHEME:
        return None
    session_id = security.get("sessionId")
    return session_id if isinstance(session_id, str) else None


def _user_pass(security: Mapping[str, Any]) -> tuple[str, str] | None:
    if security.get("schemeId") != USER_PASS_SCHEME:
        return None
    user, password = security.get("userName"), security.get("password")
    if isinstance(user, str) and isinstance(password, str):
        return user, password
    return None
