"""Hand-written validation of a BackupRequest, independent of openapi.yaml.

Written from VMware's documented rules so that the suite can catch the mock when the mock is
wrong. Documented choices (see notes/readme-mock.md): an empty ``parts`` list is valid (it
lists optional parts; ``common`` is always included); JSON null for an optional field means
unset; unknown extra fields are ignored; a location needs the scheme of its type and a host
(scheme-less paths are refused). Messages name the field and the rule, never a value.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from vcsa_conformance.contract.api import (
    JOB_SERVICE,
    LOCATION_SCHEMES,
    LOCATION_TYPES_BY_SCHEME,
    OPTIONAL_STRINGS,
    REQUIRED_FIELDS,
)
from vcsa_conformance.contract.password import (
    MAX_LENGTH,
    MIN_LENGTH,
    VISIBLE_ASCII,
    Rule,
    broken_rules,
)
from vcsa_conformance.mock.model.errors import Message, VapiError, invalid_argument, message
from vcsa_conformance.mock.model.faults import Fault
from vcsa_conformance.mock.model.parts import PARTS_BY_ID
from vcsa_conformance.mock.model.variants import Variant

_REQUIRED_FAULTS = {
    "parts": Fault.PARTS_NOT_REQUIRED,
    "location_type": Fault.LOCATION_TYPE_NOT_REQUIRED,
    "location": Fault.LOCATION_NOT_REQUIRED,
}
_RULE_FAULTS = {
    Rule.TOO_SHORT: Fault.PASSWORD_MIN_LENGTH,
    Rule.TOO_LONG: Fault.PASSWORD_MAX_LENGTH,
    Rule.NO_UPPER: Fault.PASSWORD_UPPERCASE,
    Rule.NO_LOWER: Fault.PASSWORD_LOWERCASE,
    Rule.NO_DIGIT: Fault.PASSWORD_DIGIT,
    Rule.NO_SPECIAL: Fault.PASSWORD_SPECIAL,
    Rule.NOT_VISIBLE_ASCII: Fault.PASSWORD_VISIBLE_ASCII,
}


@dataclass(frozen=True)
class BackupRequest:
    """A validated create request; ``host`` is the location's host (for unreachable hosts)."""

    parts: tuple[str, ...]
    location_type: str
    location: str
    host: str
    location_user: str | None = None
    location_password: str | None = None
    comment: str | None = None
    backup_password: str | None = None
    fast_backup: bool | None = None


def validate(request: object, faults: frozenset[Fault] = frozenset()) -> BackupRequest:
    """The request as a BackupRequest, or VapiError INVALID_ARGUMENT naming the bad field."""
    if not isinstance(request, dict):
        raise invalid_argument("body", "the request body must be a JSON object")
    coerce = Fault.WRONG_TYPES_ACCEPTED in faults
    fields = {key: value for key, value in request.items() if value is not None}
    if Fault.NULL_PARTS_ACCEPTED in faults and "parts" in request and request["parts"] is None:
        fields["parts"] = []
    for name in REQUIRED_FIELDS:
        if name not in fields and _REQUIRED_FAULTS[name] not in faults:
            raise invalid_argument(name, "the field is required")
    parts = _parts(fields.get("parts", []), coerce, faults)
    strings = {name: _string(name, fields.get(name), coerce) for name in OPTIONAL_STRINGS}
    location = _string("location", fields.get("location", ""), coerce) or ""
    location_type = _location_type(fields.get("location_type"), location, faults, coerce)
    host = _host(location, location_type, faults)
    if strings["backup_password"] is not None:
        _check_password(strings["backup_password"], faults)
    return BackupRequest(
        parts=parts,
        location_type=location_type,
        location=location,
        host=host,
        fast_backup=_boolean(fields.get("fast_backup"), coerce, faults),
        **strings,
    )


def invalid_input(error: VapiError, variants: frozenset[Variant]) -> VapiError:
    """Refused create input as this appliance answers it, whichever layer refused it: ``error``,
    or with Variant.INVALID_INPUT_500 its messages as a 500 ERROR."""
    return VapiError("ERROR", error.messages) if Variant.INVALID_INPUT_500 in variants else error


def _parts(value: object, coerce: bool, faults: frozenset[Fault]) -> tuple[str, ...]:
    if isinstance(value, str) and Fault.PARTS_BARE_STRING in faults:
        value = [value]
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        if not coerce:
            raise invalid_argument("parts", "expected an array of strings")
        value = [str(item) for item in value] if isinstance(value, list) else []
    for part in value:
        if part not in PARTS_BY_ID:
            raise invalid_argument("parts", "unknown part id (see GET .../backup/parts)")
    return tuple(value)


def _string(name: str, value: object, coerce: bool) -> str | None:
    if value is None or isinstance(value, str):
        return value
    if coerce:
        return str(value)
    raise invalid_argument(name, "expected a string")


_LENIENT_BOOLEANS = {"true": True, "yes": True, "on": True, "1": True}
_LENIENT_BOOLEANS |= {"false": False, "no": False, "off": False, "0": False}


def _boolean(value: object, coerce: bool, faults: frozenset[Fault]) -> bool | None:
    if value is None or type(value) is bool:
        return value
    lenient = isinstance(value, str) and value.strip().lower() in _LENIENT_BOOLEANS
    if lenient and Fault.BOOLEAN_STRINGS in faults:
        return _LENIENT_BOOLEANS[str(value).strip().lower()]
    if coerce:
        return bool(value)
    raise invalid_argument("fast_backup", "expected a boolean")


def _location_type(value: object, location: str, faults: frozenset[Fault], coerce: bool) -> str:
    if value is None:  # only reachable with Fault.LOCATION_TYPE_NOT_REQUIRED
        return LOCATION_TYPES_BY_SCHEME.get(_scheme(location), "FTP")
    kind = _string("location_type", value, coerce) or ""
    if Fault.LOCATION_TYPE_CASE_INSENSITIVE in faults:
        kind = kind.upper()
    if Fault.LOCATION_TYPE_TRIMMED in faults:
        kind = kind.strip()
    if kind not in LOCATION_SCHEMES and Fault.LOCATION_TYPE_NOT_CHECKED not in faults:
        raise invalid_argument("location_type", "expected one of " + ", ".join(LOCATION_SCHEMES))
    return kind


def _scheme(location: str) -> str:
    scheme, separator, _ = location.partition("://")
    return scheme.lower() if separator else ""


def _host(location: str, location_type: str, faults: frozenset[Fault]) -> str:
    if not location and Fault.LOCATION_NOT_REQUIRED in faults:
        return ""
    expected = LOCATION_SCHEMES.get(location_type)
    if expected is not None and _scheme(location) != expected:
        raise invalid_argument("location", f"expected a {expected}:// URL for {location_type}")
    try:
        host = urlsplit(location).hostname or ""
    except ValueError:
        host = ""
    if not host and expected is not None:
        raise invalid_argument("location", "expected a URL with a host")
    return host


def _off_by_one(rule: Rule, password: str, faults: frozenset[Fault]) -> bool:
    """The boundary faults: a rule enforced everywhere but at exactly one neighbour."""
    if rule is Rule.TOO_SHORT:
        return Fault.PASSWORD_7_CHARACTERS in faults and len(password) == MIN_LENGTH - 1
    if rule is Rule.TOO_LONG:
        return Fault.PASSWORD_21_CHARACTERS in faults and len(password) == MAX_LENGTH + 1
    if rule is Rule.NOT_VISIBLE_ASCII and Fault.PASSWORD_SPACE in faults:
        return all(char in VISIBLE_ASCII or char == " " for char in password)
    return False


def _check_password(password: str, faults: frozenset[Fault]) -> None:
    enforced = [
        rule
        for rule in broken_rules(password)
        if _RULE_FAULTS[rule] not in faults and not _off_by_one(rule, password, faults)
    ]
    if not enforced:
        return
    quoted = f" {password!r}" if Fault.SECRET_ECHOED in faults else ""
    raise invalid_argument("backup_password", f"the password{quoted} {enforced[0].value}")


def job_notes(backup: BackupRequest, faults: frozenset[Fault]) -> list[Message]:
    """What the job says about its request from the start: nothing, but with
    Fault.SECRET_ECHOED a chatty message quoting the location password."""
    if Fault.SECRET_ECHOED not in faults or backup.location_password is None:
        return []
    text = f"Connecting to {backup.location} with password {backup.location_password}."
    return [message(f"{JOB_SERVICE}.connecting", text)]
