"""How deep a run explores: the ``quick`` (CI smoke) and ``full`` profiles.

Hypothesis settings are applied per suite test at collection time (not at import), so the
same imported test modules can run under either profile in one process. The example
database is off, so a CI run writes no .hypothesis directory; examples are derandomized
(the same on every run) unless a seed is given, and every failure reports how to repeat it.
"""

from __future__ import annotations

from dataclasses import dataclass

from hypothesis import HealthCheck, Phase, Verbosity, settings

from vcsa_conformance.suite.run.options import ProfileName


@dataclass(frozen=True)
class ExampleBudget:
    """How many examples a profile explores (its name is a ``ProfileName``)."""

    examples: int  # per hypothesis test
    schema_examples: int  # per contract operation and generation mode (schemathesis)
    stateful_examples: int  # state machine runs
    stateful_steps: int  # steps per state machine run
    concurrent_creates: int  # N of BKP-CONC-002


EXAMPLE_BUDGETS: dict[ProfileName, ExampleBudget] = {
    "quick": ExampleBudget(8, 6, 3, 6, 4),
    "full": ExampleBudget(120, 60, 25, 15, 8),
}


def hypothesis_settings(budget: ExampleBudget, *, seeded: bool, quiet: bool = False) -> settings:
    """Settings for a suite test: no deadline (network), no database, no health checks that
    misfire on HTTP round trips, derandomized unless the run has an explicit seed.

    ``quiet`` (runs for reports): no "Failing test case" text, which would print generated
    passwords in a CI log; the failure keeps its masked request and reproduction blob."""
    return settings(
        verbosity=Verbosity.quiet if quiet else Verbosity.normal,
        max_examples=budget.examples,
        deadline=None,
        database=None,
        derandomize=not seeded,
        print_blob=True,
        report_multiple_bugs=True,
        phases=(Phase.explicit, Phase.reuse, Phase.generate, Phase.shrink),
        suppress_health_check=list(HealthCheck),
    )
