"""The nearest invalid neighbours of a valid create request, for each input rule.

Each one changes a known-valid request (``scenarios.minimal_request``) in the smallest way
that breaks exactly one rule of the catalogue: a password one character too short or too
long, one character class missing, one space; a location_type in another case or with a
space; a part id given as a bare string; a boolean given as a string no runtime reads as one
(VMware's runtime reads "true" and "false", so those are never used); null or nothing in a
required field. Every run sends all of them first, before hypothesis explores, so that
what a run checks never depends on the examples it happens to draw. The unit tests hold each
neighbour to the rule it names (a password breaks exactly that rule).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from vcsa_conformance.contract.api import LOCATION_SCHEMES, LOCATION_TYPES, REQUIRED_FIELDS
from vcsa_conformance.suite.generate.requests import CANARY_PASSWORD, minimal_request

_MISSING = object()  # a field left out of the request


@dataclass(frozen=True)
class Neighbour:
    """One invalid request: the requirement it breaks and what makes it invalid."""

    requirement_id: str
    name: str  # the test id
    why: str  # for the failure text: never the secret itself
    changes: dict[str, Any] = field(default_factory=dict)  # _MISSING removes a field
    undeserializable: bool = False  # null or a wrong JSON type: INVALID_REQUEST is fine too

    def request(self) -> dict[str, Any]:
        """The valid request with this neighbour's change."""
        request = minimal_request(**{k: v for k, v in self.changes.items() if v is not _MISSING})
        return {k: v for k, v in request.items() if self.changes.get(k, None) is not _MISSING}


# (requirement, name, password, what is wrong with it): each breaks exactly that one rule.
_P = CANARY_PASSWORD
_PASSWORDS = (
    ("BKP-INPUT-004", "password-7-characters", _P[:4] + "4n!", "of 7 characters"),
    ("BKP-INPUT-005", "password-21-characters", _P + "Conform4n", "of 21 characters"),
    ("BKP-INPUT-006", "password-no-uppercase", _P.lower(), "without an uppercase letter"),
    ("BKP-INPUT-007", "password-no-lowercase", _P.upper(), "without a lowercase letter"),
    ("BKP-INPUT-008", "password-no-digit", _P.replace("4", "a"), "without a digit"),
    ("BKP-INPUT-009", "password-no-special", _P.replace("!", "1"), "without a special character"),
    ("BKP-INPUT-010", "password-one-space", _P.replace("4", " 4"), "with one space"),
    ("BKP-INPUT-010", "password-one-non-ascii", _P.replace("e", "é"), "with one non-ASCII letter"),
)
PASSWORDS = tuple(
    Neighbour(rid, name, f"a backup_password {why}", {"backup_password": password})
    for rid, name, password, why in _PASSWORDS
)


def _location_types() -> tuple[Neighbour, ...]:
    found = []
    for kind in LOCATION_TYPES:
        variants = {
            "lower": kind.lower(),
            "capitalized": kind.capitalize(),
            "leading-space": f" {kind}",
            "trailing-space": f"{kind} ",
        }
        for how, value in variants.items():
            location = f"{LOCATION_SCHEMES[kind]}://192.0.2.10/backups/vcsa-conformance"
            found.append(
                Neighbour(
                    "BKP-INPUT-003",
                    f"location-type-{kind.lower()}-{how}",
                    f"location_type {value!r} is not exactly one of the eight",
                    {"location_type": value, "location": location},
                )
            )
    return tuple(found)


LOCATION_TYPE_VARIANTS = _location_types()

# (name, what is wrong with it, value) of a required field: left out, or null.
_REQUIRED = (("missing", "missing", _MISSING), ("null", "is null", None))
REQUIRED = tuple(
    Neighbour(
        "BKP-INPUT-001",
        f"{name}-{how}",
        f"required field {name} {what}",
        {name: value},
        undeserializable=value is None,
    )
    for how, what, value in _REQUIRED
    for name in REQUIRED_FIELDS
)

# (name, what is wrong with it, the change): one field of a wrong JSON type.
_TYPES = (
    ("parts-bare-string", "parts is a string, not a list", {"parts": "common"}),
    ("parts-number-item", "parts holds a number", {"parts": [1]}),
    ("location-type-number", "location_type is a number", {"location_type": 1}),
    ("location-number", "location is a number", {"location": 1}),
    ("backup-password-number", "backup_password is a number", {"backup_password": 12345678}),
    ("location-user-boolean", "location_user is a boolean", {"location_user": True}),
    ("location-password-list", "location_password is a list", {"location_password": ["x"]}),
    ("comment-number", "comment is a number", {"comment": 5}),
    ("fast-backup-yes", "fast_backup is the string 'yes'", {"fast_backup": "yes"}),
    ("fast-backup-number", "fast_backup is the number 1", {"fast_backup": 1}),
)
TYPES = tuple(Neighbour("BKP-INPUT-002", name, why, changes) for name, why, changes in _TYPES)

NEIGHBOURS: tuple[Neighbour, ...] = (*PASSWORDS, *LOCATION_TYPE_VARIANTS, *REQUIRED, *TYPES)
