"""The vAPI JSON-RPC value codec: type-tagged values in, plain JSON out, and back.

vAPI JSON-RPC wraps every value that plain JSON cannot tell apart in a one-key tag object:
``{"STRUCTURE": {"<name>": {...fields}}}``, ``{"ERROR": {"<name>": {...}}}``,
``{"OPTIONAL": value | null}``, ``{"SECRET": "..."}`` and ``{"BINARY": "<base64>"}``; strings,
numbers, booleans and lists travel bare, and a map as a list of ``map-entry`` structures.
``decode`` strips the tags so the model sees the same plain dicts as on the /api REST routes;
``encode`` puts them back following a small type description, because plain JSON alone
cannot say which fields are optional or secret. VMware's runtime decodes answers strictly (a
bare value where it expects an OPTIONAL is refused), so the encoder writes every optional
field, set or not. Pure functions: no I/O, no model.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

STRUCTURE = "STRUCTURE"
ERROR = "ERROR"
OPTIONAL = "OPTIONAL"
SECRET = "SECRET"
BINARY = "BINARY"
_TAGS = frozenset({STRUCTURE, ERROR, OPTIONAL, SECRET, BINARY})

STD_ERRORS = "com.vmware.vapi.std.errors."
STD_MESSAGE = "com.vmware.vapi.std.localizable_message"
DYNAMIC_STRUCTURE = "dynamic-structure"
MAP_ENTRY = "map-entry"  # vAPI sends a map as a list of these structures {key, value}


class VapiValueError(ValueError):
    """A type-tagged value is malformed (unknown tag, two keys, a SECRET that is no string...).

    The JSON-RPC layer answers it as -32602 invalid params, as VMware's runtime does.
    """


# --- decoding: what a client sends -------------------------------------------------------


def decode(value: object) -> Any:
    """The plain JSON form of a type-tagged value.

    STRUCTURE and ERROR become dicts of their decoded fields (the type name is dropped; see
    ``structure_name``), OPTIONAL becomes its decoded value or None, SECRET its string, BINARY
    its bytes. Raises VapiValueError on anything else that is a JSON object.
    """
    if isinstance(value, list):
        return [decode(item) for item in value]
    if not isinstance(value, dict):
        return value
    tag, inner = _single(value, "a tagged value")
    if tag in (STRUCTURE, ERROR):
        _, fields = _named_fields(inner)
        return {str(name): decode(item) for name, item in fields.items()}
    if tag == OPTIONAL:
        return None if inner is None else decode(inner)
    if tag == SECRET:
        if not isinstance(inner, str):
            raise VapiValueError("a SECRET must hold a string")
        return inner
    if tag == BINARY:
        return _binary(inner)
    raise VapiValueError(f"unknown type tag {tag!r} (expected one of {', '.join(sorted(_TAGS))})")


def structure_name(value: object) -> str | None:
    """The type name of a STRUCTURE value, or None when the value is no STRUCTURE."""
    if not (isinstance(value, dict) and len(value) == 1 and STRUCTURE in value):
        return None
    inner = value[STRUCTURE]
    if not (isinstance(inner, dict) and len(inner) == 1):
        return None
    name = next(iter(inner))
    return str(name)


def _single(value: dict[Any, Any], what: str) -> tuple[str, Any]:
    if len(value) != 1:
        raise VapiValueError(f"{what} must have exactly one key, got {len(value)}")
    key, inner = next(iter(value.items()))
    return str(key), inner


def _named_fields(inner: object) -> tuple[str, dict[Any, Any]]:
    if not isinstance(inner, dict):
        raise VapiValueError("a STRUCTURE or ERROR must hold {name: {fields}}")
    name, fields = _single(inner, "a STRUCTURE or ERROR")
    if not isinstance(fields, dict):
        raise VapiValueError(f"the fields of {name!r} must be a JSON object")
    return name, fields


def _binary(inner: object) -> bytes:
    if not isinstance(inner, str):
        raise VapiValueError("a BINARY must hold a base64 string")
    try:
        return base64.b64decode(inner.encode("ascii"), validate=True)
    except (binascii.Error, UnicodeEncodeError):
        raise VapiValueError("a BINARY must hold a base64 string") from None


# --- encoding: what a client expects -----------------------------------------------------


@dataclass(frozen=True)
class Scalar:
    """A string, number, boolean, date-time or enum value: sent bare (or tagged SECRET)."""

    secret: bool = False


@dataclass(frozen=True)
class OptionalOf:
    """An optional value: always sent as ``{"OPTIONAL": value | null}``."""

    element: VapiType


@dataclass(frozen=True)
class ListOf:
    """A list (or set) of values of one type."""

    element: VapiType


@dataclass(frozen=True)
class MapOf:
    """A map from string keys (ids) to values of one type: a list of map-entry structures."""

    value: VapiType


@dataclass(frozen=True)
class Structure:
    """A named structure; ``tag`` is ERROR for the std error structures."""

    name: str
    fields: Mapping[str, VapiType] = field(default_factory=dict)
    tag: str = STRUCTURE


@dataclass(frozen=True)
class Dynamic:
    """A dynamic structure: a free-form dict, tagged by the shape of its values."""


VapiType = Scalar | OptionalOf | ListOf | MapOf | Structure | Dynamic

PLAIN = Scalar()
SECRET_STRING = Scalar(secret=True)


def encode(value: object, kind: VapiType) -> Any:
    """The type-tagged form of a plain JSON ``value`` of type ``kind``.

    Structure fields missing from ``value`` are written as OPTIONAL null when optional and
    left out when required: the encoder writes what the model answered, so a fault that drops
    a field reaches the client as a missing field. Fields of ``value`` that ``kind`` does not
    declare are left out. A value of the wrong shape (a list for a structure) is a TypeError.
    """
    if isinstance(kind, Scalar):
        return {SECRET: value} if kind.secret else value
    if isinstance(kind, OptionalOf):
        return {OPTIONAL: None if value is None else encode(value, kind.element)}
    if isinstance(kind, ListOf):
        return [encode(item, kind.element) for item in _as_list(value)]
    if isinstance(kind, MapOf):
        entries = _as_dict(value).items()
        return [_map_entry(key, encode(item, kind.value)) for key, item in entries]
    if isinstance(kind, Dynamic):
        return encode_dynamic(value)
    return {kind.tag: {kind.name: _encode_fields(_as_dict(value), kind)}}


def encode_dynamic(value: object) -> Any:
    """A free-form value: dicts become dynamic structures, None an unset OPTIONAL."""
    if value is None:
        return {OPTIONAL: None}
    if isinstance(value, dict):
        fields = {str(name): encode_dynamic(item) for name, item in value.items()}
        return {STRUCTURE: {DYNAMIC_STRUCTURE: fields}}
    if isinstance(value, list):
        return [encode_dynamic(item) for item in value]
    return value


def _map_entry(key: str, value: object) -> Any:
    return {STRUCTURE: {MAP_ENTRY: {"key": key, "value": value}}}


def _encode_fields(value: Mapping[str, object], kind: Structure) -> dict[str, Any]:
    encoded: dict[str, Any] = {}
    for name, field_kind in kind.fields.items():
        if name in value:
            encoded[name] = encode(value[name], field_kind)
        elif isinstance(field_kind, OptionalOf):
            encoded[name] = {OPTIONAL: None}
    return encoded


def _as_list(value: object) -> list[Any]:
    if not isinstance(value, list | tuple):
        raise TypeError(f"expected a list, got {type(value).__name__}")
    return list(value)


def _as_dict(value: object) -> Mapping[str, object]:
    if not isinstance(value, Mapping):
        raise TypeError(f"expected a structure, got {type(value).__name__}")
    return value


# --- the std types every service shares --------------------------------------------------


def message_type(name: str = STD_MESSAGE) -> Structure:
    """A LocalizableMessage structure; services declare their own copies under other names."""
    fields: dict[str, VapiType] = {"id": PLAIN, "default_message": PLAIN, "args": ListOf(PLAIN)}
    if name == STD_MESSAGE:
        fields |= {"params": OptionalOf(Dynamic()), "localized": OptionalOf(PLAIN)}
    return Structure(name, fields)


def error_name(error_type: str) -> str:
    """``FEATURE_IN_USE`` -> ``com.vmware.vapi.std.errors.feature_in_use``."""
    return STD_ERRORS + error_type.lower()


def error_structure(error_type: str) -> Structure:
    """The std error structure for ``error_type`` (all std errors share these fields)."""
    fields: dict[str, VapiType] = {
        "messages": ListOf(message_type()),
        "data": OptionalOf(Dynamic()),
        "error_type": OptionalOf(PLAIN),
    }
    return Structure(error_name(error_type), fields, tag=ERROR)


def encode_error(error_type: str, messages: list[dict[str, Any]], data: object = None) -> Any:
    """The type-tagged std error: ``{"ERROR": {"com.vmware.vapi.std.errors.<name>": ...}}``."""
    value = {"messages": messages, "data": data, "error_type": error_type}
    return encode(value, error_structure(error_type))
