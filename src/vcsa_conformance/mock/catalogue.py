"""What faults and variants share: a name people give on the command line."""

from __future__ import annotations

from enum import StrEnum
from typing import Self

from vcsa_conformance.errors import VcsaConformanceError


class UnknownName(VcsaConformanceError, ValueError):
    """Raised for a fault, variant or other catalogue name that does not exist; the message
    names the valid choices."""


class Named(StrEnum):
    """A catalogue entry whose value is its command-line name."""

    @classmethod
    def parse(cls, name: str) -> Self:
        """The entry called ``name``; ``UnknownName`` naming the valid choices otherwise."""
        try:
            return cls(name)
        except ValueError:
            choices = ", ".join(member.value for member in cls)
            kind = cls.__name__.lower()
            raise UnknownName(f"unknown {kind} {name!r} (choose from: {choices})") from None
