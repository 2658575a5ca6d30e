"""The contract's response schemas as validators: JSON Schema Draft 2020-12, date-times
checked as RFC 3339 with a time zone.

Only the part a check needs: which schema documents an answer (by operation and status) and
every way a body breaks it.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from jsonschema import Draft202012Validator, FormatChecker
from jsonschema.exceptions import ValidationError
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from vcsa_conformance.contract.spec import Operation, contract, resolve
from vcsa_conformance.contract.timestamps import parse_rfc3339

_SPEC_URI = "urn:vcsa-conformance:openapi"
_FORMATS = FormatChecker(formats=())
_FORMATS.checks("date-time", raises=ValueError)(lambda value: _date_time(value))


def _date_time(value: object) -> bool:
    if isinstance(value, str):
        parse_rfc3339(value)
    return True


def schema_pointer(operation: Operation, status: int) -> str | None:
    """JSON pointer to the application/json schema of this answer, None if it has none."""
    key = operation.response_key(status)
    if key is None:
        return None
    method = operation.method.lower()
    response = contract()["paths"][operation.path][method]["responses"][key]
    pointer = f"/paths/{_escape(operation.path)}/{method}/responses/{key}"
    if "$ref" in response:  # a shared response in components/responses
        pointer = str(response["$ref"]).removeprefix("#")
        response = resolve(contract(), pointer)
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
    resource = Resource.from_contents(contract(), default_specification=DRAFT202012)
    registry: Registry[Any] = Registry().with_resource(_SPEC_URI, resource)
    schema = {"$ref": f"{_SPEC_URI}#{pointer}"}
    return Draft202012Validator(schema, registry=registry, format_checker=_FORMATS)


def _escape(path: str) -> str:
    return path.replace("~", "~0").replace("/", "~1")
