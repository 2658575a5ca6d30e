"""The suite's view of openapi.yaml: operations, documented statuses, response validators.

The contract is the judge of every answer; this module only finds the right part of it for a
request that was sent (method and concrete path) and validates a body against it with
JSON Schema Draft 2020-12, date-times checked as RFC 3339 with a zone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from jsonschema import Draft202012Validator, FormatChecker
from jsonschema.exceptions import ValidationError
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from vcsa_conformance.suite.timestamps import parse_rfc3339

_SPEC_URI = "urn:vcsa-conformance:openapi"
_METHODS = ("get", "put", "post", "delete", "patch", "head", "options")
_FORMATS = FormatChecker(formats=())
_FORMATS.checks("date-time", raises=ValueError)(lambda value: _date_time(value))


def _date_time(value: object) -> bool:
    if isinstance(value, str):
        parse_rfc3339(value)
    return True


@dataclass(frozen=True)
class Operation:
    """One operation of the contract."""

    key: str  # "METHOD /path/{template}"
    method: str
    path: str
    pattern: re.Pattern[str]
    statuses: tuple[str, ...]  # documented response keys: "200", "4XX", "default"
    action: str | None  # the required ?action= value of VMware's action operations


def spec_file() -> Path:
    """Where openapi.yaml is: the contract package's answer, else the packaged or repo copy."""
    try:
        from vcsa_conformance.contract import spec

        return Path(spec.spec_path())
    except (ImportError, AttributeError):
        pass
    contract_dir = Path(__file__).resolve().parent.parent / "contract"
    packaged = contract_dir / "openapi.yaml"
    if packaged.is_file():
        return packaged
    return Path(__file__).resolve().parents[3] / "openapi.yaml"


@cache
def document() -> dict[str, Any]:
    """The parsed contract (cached: it does not change during a run)."""
    try:
        from vcsa_conformance.contract import spec

        return spec.load_spec(spec_file())
    except ImportError:
        loaded = yaml.safe_load(spec_file().read_text("utf-8"))
        return loaded if isinstance(loaded, dict) else {}


def spec_version() -> str:
    """The contract's info.version."""
    return str(document().get("info", {}).get("version", "unknown"))


@cache
def operations() -> tuple[Operation, ...]:
    """Every operation of the contract, most specific paths first."""
    found: list[Operation] = []
    for path, item in (document().get("paths") or {}).items():
        for method in _METHODS:
            if isinstance(item, dict) and isinstance(item.get(method), dict):
                found.append(_operation(path, method, item[method], item))
    return tuple(sorted(found, key=lambda op: (op.path.count("{"), -len(op.path))))


def _operation(path: str, method: str, body: dict[str, Any], item: dict[str, Any]) -> Operation:
    bare, _, query = path.partition("?")
    pattern = re.compile("^" + re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(bare)) + "$")
    action = query.removeprefix("action=") if query.startswith("action=") else None
    for parameter in [*item.get("parameters", []), *body.get("parameters", [])]:
        schema = parameter.get("schema", {}) if isinstance(parameter, dict) else {}
        if parameter.get("in") == "query" and parameter.get("name") == "action":
            values = schema.get("enum") or ([schema["const"]] if "const" in schema else [])
            action = str(values[0]) if values else action
    return Operation(
        key=f"{method.upper()} {path}",
        method=method.upper(),
        path=path,
        pattern=pattern,
        statuses=tuple(str(code) for code in (body.get("responses") or {})),
        action=action,
    )


def find(method: str, path: str, action: str | None = None) -> Operation | None:
    """The contract operation a request with this method, concrete path and action hits."""
    candidates = [
        op for op in operations() if op.method == method.upper() and op.pattern.match(path)
    ]
    exact = [op for op in candidates if op.action == action]
    # A wrong or missing ?action= is still a request to that operation (a bad parameter).
    found = exact or candidates
    return found[0] if found else None


def is_documented(operation: Operation, status: int) -> bool:
    """True when the contract lists this status (or its range, or default) for the operation."""
    return (
        str(status) in operation.statuses
        or f"{status // 100}XX" in operation.statuses
        or "default" in operation.statuses
    )


def _response_key(operation: Operation, status: int) -> str | None:
    for key in (str(status), f"{status // 100}XX", "default"):
        if key in operation.statuses:
            return key
    return None


def schema_pointer(operation: Operation, status: int) -> str | None:
    """JSON pointer to the application/json schema of this answer, None if it has none."""
    key = _response_key(operation, status)
    if key is None:
        return None
    method = operation.method.lower()
    response = document()["paths"][operation.path][method]["responses"][key]
    pointer = f"/paths/{_escape(operation.path)}/{method}/responses/{key}"
    if "$ref" in response:  # a shared response in components/responses
        ref = str(response["$ref"])
        pointer = ref.removeprefix("#")
        response = _resolve(pointer)
    content = response.get("content") or {}
    if "application/json" not in content or "schema" not in content["application/json"]:
        return None
    return f"{pointer}/content/application~1json/schema"


def validation_errors(operation: Operation, status: int, body: Any) -> list[str]:
    """Messages for every way the body breaks the contract's schema for this answer."""
    pointer = schema_pointer(operation, status)
    if pointer is None:
        return []
    return [_describe(error) for error in _validator(pointer).iter_errors(body)]


def _describe(error: ValidationError) -> str:
    where = "/".join(str(part) for part in error.absolute_path) or "(root)"
    return f"{where}: {error.message}"


@cache
def _validator(pointer: str) -> Draft202012Validator:
    resource = Resource.from_contents(document(), default_specification=DRAFT202012)
    registry: Registry[Any] = Registry().with_resource(_SPEC_URI, resource)
    schema = {"$ref": f"{_SPEC_URI}#{pointer}"}
    return Draft202012Validator(schema, registry=registry, format_checker=_FORMATS)


def _resolve(pointer: str) -> dict[str, Any]:
    node: Any = document()
    for part in pointer.strip("/").split("/"):
        node = node[part.replace("~1", "/").replace("~0", "~")]
    return node if isinstance(node, dict) else {}


def _escape(path: str) -> str:
    return path.replace("~", "~0").replace("/", "~1")


def documented_statuses() -> dict[str, list[str]]:
    """Operation key -> documented status codes, for the coverage section of a report."""
    return {op.key: list(op.statuses) for op in operations()}
