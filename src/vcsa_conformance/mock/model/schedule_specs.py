"""Hand-written validation of a schedule's CreateSpec and UpdateSpec, as create's BackupRequest
is validated (validation.py), and independent of openapi.yaml for the same reason.

The rules: the backup password policy (contract/password.py); a location whose scheme is one
of the location types' and that names a host (a schedule has no location_type: the scheme
says it); part ids the parts list holds; recurrence minute 0-59, hour 0-23, days from the
DayOfWeek enum; retention max_count at least 1. As for create, JSON null for an optional
field means unset and unknown fields are ignored. Every refusal is 400 INVALID_ARGUMENT
naming the field and the rule, never a value.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from vcsa_conformance.contract.api import (
    DAYS_OF_WEEK,
    HOURS,
    LOCATION_TYPES_BY_SCHEME,
    MIN_RETENTION,
    MINUTES,
    SCHEDULE_BOOLEANS,
    SCHEDULE_STRINGS,
)
from vcsa_conformance.contract.password import broken_rules
from vcsa_conformance.mock.model.errors import invalid_argument
from vcsa_conformance.mock.model.parts import PARTS_BY_ID

Recurrence = dict[str, Any]  # minute, hour, days (when given): as Info answers it


@dataclass(frozen=True)
class ScheduleSpec:
    """The fields a spec sets; in an UpdateSpec ``None`` (and absent) means "unchanged"."""

    parts: tuple[str, ...] | None = None
    location: str | None = None
    host: str | None = None
    location_user: str | None = None
    location_password: str | None = None
    backup_password: str | None = None
    enable: bool | None = None
    recurrence: Recurrence | None = None
    retention: int | None = None
    fast_backup: bool | None = None


def create_request(body: object, *, check_password: bool = True) -> tuple[str, ScheduleSpec]:
    """The id and spec of a schedule create body ``{schedule, spec}``, or INVALID_ARGUMENT."""
    if not isinstance(body, dict):
        raise invalid_argument("body", "the request body must be a JSON object")
    schedule = body.get("schedule")
    if schedule is None:
        raise invalid_argument("schedule", "the field is required")
    if not isinstance(schedule, str) or not schedule:
        raise invalid_argument("schedule", "expected a non-empty string")
    spec = body.get("spec")
    if spec is None:
        raise invalid_argument("spec", "the field is required")
    parsed = read_spec(spec, "spec.", check_password=check_password)
    if parsed.location is None:
        raise invalid_argument("spec.location", "the field is required")
    return schedule, parsed


def run_comment(body: object) -> str | None:
    """The comment of a run body ``{comment}`` (the body is optional: None is none)."""
    if body is None:
        return None
    if not isinstance(body, dict):
        raise invalid_argument("body", "the request body must be a JSON object")
    return _string("comment", body.get("comment"))


def read_spec(spec: object, prefix: str = "", *, check_password: bool = True) -> ScheduleSpec:
    """The fields of a CreateSpec or UpdateSpec (``prefix`` names them in messages);
    ``check_password`` False is Fault.SCHEDULE_PASSWORD_NOT_CHECKED."""
    if not isinstance(spec, dict):
        raise invalid_argument(prefix.rstrip(".") or "body", "expected a JSON object")
    fields = {key: value for key, value in spec.items() if value is not None}
    strings = {name: _string(prefix + name, fields.get(name)) for name in SCHEDULE_STRINGS}
    booleans = {name: _boolean(prefix + name, fields.get(name)) for name in SCHEDULE_BOOLEANS}
    location = _string(prefix + "location", fields.get("location"))
    host = None if location is None else _host(prefix + "location", location)
    password = strings["backup_password"]
    if check_password and password is not None and broken_rules(password):
        problem = "the password " + broken_rules(password)[0].value
        raise invalid_argument(prefix + "backup_password", problem)
    return ScheduleSpec(
        parts=_parts(prefix + "parts", fields["parts"]) if "parts" in fields else None,
        location=location,
        host=host,
        recurrence=_recurrence(prefix + "recurrence_info", fields.get("recurrence_info")),
        retention=_retention(prefix + "retention_info", fields.get("retention_info")),
        location_user=strings["location_user"],
        location_password=strings["location_password"],
        backup_password=password,
        enable=booleans["enable"],
        fast_backup=booleans["fast_backup"],
    )


def _string(name: str, value: object) -> str | None:
    if value is None or isinstance(value, str):
        return value
    raise invalid_argument(name, "expected a string")


def _boolean(name: str, value: object) -> bool | None:
    if value is None or type(value) is bool:
        return value
    raise invalid_argument(name, "expected a boolean")


def _integer(name: str, value: object, allowed: range) -> int:
    if type(value) is not int or value not in allowed:
        upper = f" to {allowed[-1]}" if allowed.stop < 2**63 else " or more"
        raise invalid_argument(name, f"expected an integer from {allowed[0]}{upper}")
    return value


def _parts(name: str, value: object) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise invalid_argument(name, "expected an array of strings")
    if any(part not in PARTS_BY_ID for part in value):
        raise invalid_argument(name, "unknown part id (see GET .../backup/parts)")
    return tuple(value)


def _host(name: str, location: str) -> str:
    scheme, separator, _ = location.partition("://")
    if not separator or scheme.lower() not in LOCATION_TYPES_BY_SCHEME:
        schemes = ", ".join(LOCATION_TYPES_BY_SCHEME)
        raise invalid_argument(name, f"expected a URL with one of the schemes {schemes}")
    try:
        host = urlsplit(location).hostname or ""
    except ValueError:
        host = ""
    if not host:
        raise invalid_argument(name, "expected a URL with a host")
    return host


def _recurrence(name: str, value: object) -> Recurrence | None:
    if value is None:
        return None
    if not isinstance(value, dict):
        raise invalid_argument(name, "expected a JSON object")
    for field in ("minute", "hour"):
        if value.get(field) is None:
            raise invalid_argument(f"{name}.{field}", "the field is required")
    recurrence: Recurrence = {
        "minute": _integer(f"{name}.minute", value["minute"], MINUTES),
        "hour": _integer(f"{name}.hour", value["hour"], HOURS),
    }
    days = value.get("days")
    if days is not None:
        if not isinstance(days, list) or any(day not in DAYS_OF_WEEK for day in days):
            raise invalid_argument(f"{name}.days", "expected days from " + ", ".join(DAYS_OF_WEEK))
        recurrence["days"] = list(days)
    return recurrence


def _retention(name: str, value: object) -> int | None:
    if value is None:
        return None
    if not isinstance(value, dict):
        raise invalid_argument(name, "expected a JSON object")
    if value.get("max_count") is None:
        raise invalid_argument(f"{name}.max_count", "the field is required")
    return _integer(f"{name}.max_count", value["max_count"], range(MIN_RETENTION, 2**63))
