"""``python -m vcsa_conformance.mutation``: the mutation test over the fault catalogue.

Exit codes: 0 in every column every fault detected, the clean mock and every variant passed,
every live run within its budget with nothing left running; 1 otherwise; 2 bad options.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from vcsa_conformance.mock import Fault, Variant
from vcsa_conformance.mutation import COLUMNS, Column, column, mutate, select
from vcsa_conformance.mutation.judge import Outcome
from vcsa_conformance.mutation.table import markdown
from vcsa_conformance.suite.run.options import DEFAULTS, PROFILE_NAMES


def parser() -> argparse.ArgumentParser:
    """The options, validated by argparse (unknown fault or variant names exit 2)."""
    parser = argparse.ArgumentParser(
        prog="python -m vcsa_conformance.mutation",
        description="Run the conformance suite against the mock once per fault, once clean "
        "and once per conformant variant, each in its own process, in each column (the "
        "embedded mock; the mock as a live target at the default budget and at budget 4), "
        "and judge: every fault detected by the requirements it names, no failure on the "
        "clean mock, no MUST failure on a variant, live runs within their budget with "
        "nothing left running.",
        epilog="Exit codes: 0 all as required, 1 a fault missed, a false failure, a budget "
        "broken or a job left running, 2 bad options.",
    )
    parser.add_argument(
        "--fault",
        action="append",
        type=_fault,
        metavar="NAME",
        help="a fault to run (repeatable; default: every fault in the catalogue)",
    )
    parser.add_argument(
        "--variants",
        type=_variants,
        default=None,
        metavar="all|none|NAME[,NAME...]",
        help="conformant variants to run (default: all)",
    )
    parser.add_argument(
        "--columns",
        type=_columns,
        default=list(COLUMNS),
        metavar="NAME[,NAME...]",
        help="embedded, live (the mock as a live target, default budget), live-4 (budget 4) "
        "(default: all three)",
    )
    parser.add_argument(
        "--jobs", type=_positive_int, default=2, metavar="N", help="parallel runs (default: 2)"
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=Path("reports/mutation"),
        metavar="DIR",
        help="per-case reports, mutation.md and mutation.json (default: reports/mutation)",
    )
    parser.add_argument(
        "--profile", choices=PROFILE_NAMES, default=DEFAULTS.profile, help="(default: %(default)s)"
    )
    parser.add_argument("--seed", type=int, help="hypothesis seed for every run, to repeat one")
    parser.add_argument(
        "--timeout", type=float, default=600.0, metavar="S", help="bound per run (default: 600)"
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the mutation test; print progress, the table and the totals."""
    args = parser().parse_args(argv)
    cases = select(args.fault, args.variants)
    runs = len(cases) * len(args.columns)
    print(f"mutation: {runs} runs, {args.jobs} at a time, reports in {args.out}")
    done: list[Outcome] = []

    def progress(outcome: Outcome) -> None:
        done.append(outcome)
        status = "ok " if outcome.ok else "BAD"
        line = f"  [{len(done)}/{runs}] {status} {outcome.column} {outcome.case.label} "
        print(f"{line}{outcome.seconds:.1f} s {outcome.note}".rstrip(), flush=True)

    outcomes, totals = mutate(
        cases,
        args.out,
        columns=args.columns,
        jobs=args.jobs,
        profile=args.profile,
        seed=args.seed,
        timeout=args.timeout,
        on_done=progress,
    )
    print()
    print(markdown(outcomes, totals), end="")
    return 0 if all(summary.ok for summary in totals.values()) else 1


def _fault(raw: str) -> Fault:
    try:
        return Fault.parse(raw)
    except ValueError as error:  # it names the valid choices
        raise argparse.ArgumentTypeError(str(error)) from None


def _variants(raw: str) -> list[Variant]:
    if raw == "all":
        return list(Variant)
    if raw == "none":
        return []
    try:
        return [Variant.parse(name.strip()) for name in raw.split(",") if name.strip()]
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _columns(raw: str) -> list[Column]:
    try:
        return [column(name.strip()) for name in raw.split(",") if name.strip()]
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _positive_int(raw: str) -> int:
    try:
        value = int(raw)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{raw!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{raw!r} must be 1 or more")
    return value


if __name__ == "__main__":
    sys.exit(main())
