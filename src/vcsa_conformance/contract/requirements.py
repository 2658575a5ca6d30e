"""The requirements catalogue, loaded from ``requirements.yaml``.

Tests and reports refer to requirements by id only; the text lives in the YAML file so that
it is written once. Loading validates the file so that a typo fails early, not in a report.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import Literal

import yaml

from vcsa_conformance.errors import VcsaConformanceError

Level = Literal["MUST", "SHOULD"]
_ID = re.compile(r"^BKP-[A-Z]+-\d{3}$")


@dataclass(frozen=True)
class Requirement:
    """One written requirement with a stable id."""

    id: str
    level: Level
    area: str
    title: str
    text: str
    source: str
    notes: str = ""  # why the rule allows what VMware's runtime does, or how a check is bounded


class CatalogueError(VcsaConformanceError, ValueError):
    """Raised when requirements.yaml is malformed or an unknown id is looked up."""


@cache
def catalogue() -> dict[str, Requirement]:
    """Every requirement by id, in the catalogue's order."""
    raw = yaml.safe_load(files(__package__).joinpath("requirements.yaml").read_text("utf-8"))
    result: dict[str, Requirement] = {}
    for entry in raw:
        requirement = Requirement(**entry)
        if not _ID.match(requirement.id):
            raise CatalogueError(f"bad requirement id {requirement.id!r}: use BKP-AREA-NNN")
        if requirement.level not in ("MUST", "SHOULD"):
            raise CatalogueError(f"{requirement.id}: level must be MUST or SHOULD")
        if requirement.id in result:
            raise CatalogueError(f"duplicate requirement id {requirement.id}")
        result[requirement.id] = requirement
    return result


def requirement(requirement_id: str) -> Requirement:
    """The requirement with this id; CatalogueError names the unknown id."""
    try:
        return catalogue()[requirement_id]
    except KeyError:
        raise CatalogueError(f"unknown requirement id {requirement_id!r}") from None
