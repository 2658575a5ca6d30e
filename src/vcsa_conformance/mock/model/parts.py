"""The fixed catalogue of backup parts the mock offers."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from vcsa_conformance.mock.model.errors import message

_PREFIX = "com.vmware.applmgmt.backup.parts"


@dataclass(frozen=True)
class Part:
    """One backup part: ``common`` is required, the others may be chosen."""

    id: str
    name: str
    description: str
    optional: bool
    selected_by_default: bool
    size_mb: int

    def as_json(self) -> dict[str, Any]:
        """The Part structure of GET .../backup/parts."""
        return {
            "id": self.id,
            "name": message(f"{_PREFIX}.{self.id}", self.name),
            "description": message(f"{_PREFIX}.{self.id}.description", self.description),
            "selected_by_default": self.selected_by_default,
            "optional": self.optional,
        }


PARTS: tuple[Part, ...] = (
    Part("common", "Inventory and configuration", "Inventory and configuration.", False, True, 512),
    Part(
        "seat",
        "Stats, Events, and Tasks",
        "Historical data: stats, events and tasks.",
        True,
        True,
        2048,
    ),
    Part(
        "supervisors",
        "Supervisors Control Plane",
        "Supervisor control plane state.",
        True,
        False,
        64,
    ),
)
PARTS_BY_ID: dict[str, Part] = {part.id: part for part in PARTS}
