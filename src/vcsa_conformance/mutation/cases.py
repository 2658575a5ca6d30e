"""What the mutation test runs: one case per fault, the clean mock, and each conformant variant.

A case carries its expectation, taken from the mock's own catalogue (``Fault.requirements``
and the SHOULD requirements a variant is documented to break), so the harness never keeps a
second list of requirement ids that could drift from the mock's.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from vcsa_conformance.mock import Fault, Variant

Kind = Literal["fault", "clean", "variant"]
CLEAN = "clean"


@dataclass(frozen=True)
class Case:
    """One run of the suite against the embedded mock, and what it must show."""

    kind: Kind
    name: str
    named: tuple[str, ...] = ()  # fault: the requirement ids that must fail
    allowed: tuple[str, ...] = ()  # variant: SHOULD ids it is documented to fail

    @property
    def label(self) -> str:
        """Unique among cases: also the case's report directory, relative to --out."""
        return self.name if self.kind == "clean" else f"{self.kind}s/{self.name}"

    def run_options(self) -> list[str]:
        """The ``vcsa-conformance run`` options that set up this case's mock."""
        if self.kind == "fault":
            return ["--fault", self.name]
        if self.kind == "variant":
            return ["--variant", self.name]
        return []


def fault_case(fault: Fault) -> Case:
    """The case that must show ``fault`` detected by the requirements it names."""
    return Case("fault", fault.value, named=tuple(fault.requirements))


def variant_case(variant: Variant) -> Case:
    """The case that must show ``variant`` passing, bar the SHOULDs it breaks on purpose."""
    return Case("variant", variant.value, allowed=variant.should_failures)


def clean_case() -> Case:
    """The case that must show the clean mock passing every requirement, MUST and SHOULD."""
    return Case("clean", CLEAN)


def select(
    faults: Iterable[Fault] | None = None, variants: Iterable[Variant] | None = None
) -> list[Case]:
    """The clean mock, then the faults and variants given (None: the whole catalogue)."""
    chosen_faults = list(Fault) if faults is None else list(faults)
    chosen_variants = list(Variant) if variants is None else list(variants)
    return [
        clean_case(),
        *(fault_case(fault) for fault in chosen_faults),
        *(variant_case(variant) for variant in chosen_variants),
    ]
