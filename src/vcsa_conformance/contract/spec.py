"""The contract file, openapi.yaml: where it is, loading it, validating it, its operations.

The suite, the mock's tests, the reports and ``vcsa-conformance spec`` all read the contract
through here, so there is one answer to "which file", one to "is it valid OpenAPI 3.1" and
one model of an operation (its method, path, ``?action=``, documented statuses), including
which operation a request that was sent hits.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, cached_property
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from vcsa_conformance.errors import VcsaConformanceError

if TYPE_CHECKING:
    from openapi_spec_validator.validation.exceptions import OpenAPIValidationError

SPEC_NAME = "openapi.yaml"
_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
_MAX_MESSAGE = 300  # the CLI shows the validator's message on one line


class SpecError(VcsaConformanceError):
    """Raised when the contract file cannot be read, parsed or validated as OpenAPI 3.1."""


class SpecNotFound(SpecError):
    """Raised when the contract file does not exist (or is not a file)."""


@dataclass(frozen=True)
class Operation:
    """One operation of the contract."""

    method: str  # upper case, e.g. "POST"
    path: str  # the path template, e.g. "/api/appliance/recovery/backup/job/{id}"
    operation_id: str
    summary: str
    statuses: tuple[str, ...]  # documented response keys in file order, e.g. ("201", "400")
    action: str | None = None  # the fixed value of a required ?action= query (VMware's actions)

    @property
    def key(self) -> str:
        """``METHOD /path/{template}``: how coverage and failures name the operation."""
        return f"{self.method} {self.path}"

    @property
    def target(self) -> str:
        """The path as a request names it, with the action: ``/api/.../job/{id}?action=cancel``."""
        return self.path if self.action is None else f"{self.path}?action={self.action}"

    @cached_property
    def pattern(self) -> re.Pattern[str]:
        """Matches the concrete paths of this operation (a template part is one segment)."""
        return re.compile("^" + re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(self.path)) + "$")

    def documents(self, status: int) -> bool:
        """True when the contract lists this status (or its range, or default)."""
        return self.response_key(status) is not None

    def response_key(self, status: int) -> str | None:
        """The documented response this status falls under: exact, ``4XX`` or ``default``."""
        return next(
            (key for key in (str(status), f"{status // 100}XX", "default") if key in self.statuses),
            None,
        )


def spec_path() -> Path:
    """The contract in use: the copy packaged in a wheel, else the one at the repository top."""
    packaged = resources.files("vcsa_conformance.contract").joinpath(SPEC_NAME)
    if packaged.is_file():
        return Path(str(packaged))
    return Path(__file__).resolve().parents[3] / SPEC_NAME


@cache
def contract() -> dict[str, Any]:
    """The contract in use, parsed once (it does not change while a process runs)."""
    return load_spec()


def load_spec(path: Path | str | None = None) -> dict[str, Any]:
    """The contract parsed from YAML (not validated); ``SpecError`` when it cannot be read."""
    file = Path(path) if path is not None else spec_path()
    if not file.is_file():
        raise SpecNotFound(f"{file} does not exist (or is not a file)")
    try:
        document = yaml.safe_load(file.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        message = f"it does not parse as YAML: {_one_line(str(error))}"
        raise SpecError(f"{file.name} is not valid OpenAPI 3.1: {message}") from error
    if not isinstance(document, dict):
        raise SpecError(f"{file.name} is not valid OpenAPI 3.1: the document is not a mapping")
    return document


def validate_spec(path: Path | str | None = None) -> dict[str, Any]:
    """Load the contract and check it is valid OpenAPI 3.1; answer the parsed document."""
    # imported here: the validator takes ~0.2 s to import and only this command needs it
    from openapi_spec_validator import OpenAPIV31SpecValidator, validate
    from openapi_spec_validator.validation.exceptions import OpenAPIValidationError
    from referencing.exceptions import Unresolvable

    file = Path(path) if path is not None else spec_path()
    document = load_spec(file)
    try:
        validate(document, cls=OpenAPIV31SpecValidator)
    except OpenAPIValidationError as error:
        raise SpecError(f"{file.name} is not valid OpenAPI 3.1: {_describe(error)}") from error
    except Unresolvable as error:
        message = f"unresolvable reference {error.ref!r}"
        raise SpecError(f"{file.name} is not valid OpenAPI 3.1: {message}") from error
    return document


def operations(spec: dict[str, Any] | None = None) -> list[Operation]:
    """Every operation of the contract (default: the one in use), in file order."""
    return list(_operations(spec)) if spec is not None else list(_contract_operations())


@cache
def _contract_operations() -> tuple[Operation, ...]:
    return _operations(contract())


def _operations(spec: dict[str, Any]) -> tuple[Operation, ...]:
    found: list[Operation] = []
    for path, item in (spec.get("paths") or {}).items():
        shared = item.get("parameters", [])
        for method, operation in item.items():
            if method in _METHODS and isinstance(operation, dict):
                found.append(_operation(spec, method, str(path), operation, shared))
    return tuple(found)


def find(method: str, path: str, action: str | None = None) -> Operation | None:
    """The operation of the contract in use that a request with this method, concrete path
    and ``?action=`` hits; a wrong or missing action is still a request to that operation
    (a bad parameter). The most specific path wins."""
    candidates = [
        op
        for op in _contract_operations()
        if op.method == method.upper() and op.pattern.match(path)
    ]
    candidates.sort(key=lambda op: (op.path.count("{"), -len(op.path)))
    exact = [op for op in candidates if op.action == action]
    found = exact or candidates
    return found[0] if found else None


def spec_version(spec: dict[str, Any] | None = None) -> str:
    """The contract's own version (``info.version``; default: the contract in use's, or
    "unknown" when it cannot be read: an error report must still be written)."""
    if spec is None:
        try:
            spec = contract()
        except SpecError:
            return "unknown"
    return str(spec.get("info", {}).get("version", ""))


def documented_statuses() -> dict[str, list[str]]:
    """Operation key -> the status codes the contract in use documents for it."""
    return {op.key: list(op.statuses) for op in _contract_operations()}


def _operation(
    spec: dict[str, Any], method: str, path: str, operation: dict[str, Any], shared: list[Any]
) -> Operation:
    return Operation(
        method=method.upper(),
        path=path,
        operation_id=str(operation.get("operationId", "")),
        summary=str(operation.get("summary", "")),
        statuses=tuple(str(status) for status in operation.get("responses") or {}),
        action=_action(spec, [*shared, *operation.get("parameters", [])]),
    )


def _action(spec: dict[str, Any], parameters: list[Any]) -> str | None:
    """The one value of a required ``action`` query parameter, if the operation has one."""
    for parameter in parameters:
        if isinstance(parameter, dict) and "$ref" in parameter:
            parameter = resolve(spec, str(parameter["$ref"]))
        if not isinstance(parameter, dict):
            continue
        enum = parameter.get("schema", {}).get("enum", [])
        if (parameter.get("in"), parameter.get("name")) == ("query", "action") and len(enum) == 1:
            return str(enum[0])
    return None


def resolve(spec: dict[str, Any], pointer: str) -> Any:
    """The node at a JSON pointer (``/components/responses/NotFound``) or local reference
    (``#/components/parameters/JobId``); {} where the path leads nowhere."""
    target: Any = spec
    for token in pointer.removeprefix("#").strip("/").split("/"):
        target = target.get(token.replace("~1", "/").replace("~0", "~"), {})
    return target


def _describe(error: OpenAPIValidationError) -> str:
    """The validator's message (its first line) and where in the document it applies."""
    message = str(error.message).strip().splitlines()[0] if error.message else str(error)
    where = error.json_path
    if where != "$":
        message = f"{message} (at {where})"
    return _one_line(message)


def _one_line(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= _MAX_MESSAGE else flat[: _MAX_MESSAGE - 1] + "…"
