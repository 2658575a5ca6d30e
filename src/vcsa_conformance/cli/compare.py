"""``vcsa-conformance diff`` and ``vcsa-conformance merge``: read reports, run nothing.

``diff OLD NEW``: exit 1 when NEW regresses against OLD (a MUST got worse), 0 otherwise,
2 when a report cannot be read or the two judge different contract versions.
``merge DIR_OR_FILE... --out DIR``: exit 0 when the fleet report was written, 2 otherwise.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from vcsa_conformance.cli.errors import EXIT_NON_CONFORMANT, EXIT_OK, CliError
from vcsa_conformance.compare import diff, fleet
from vcsa_conformance.reports.json_report import read


def add_parser(commands: Any) -> None:
    """Register the ``diff`` and ``merge`` subcommands."""
    compare = commands.add_parser(
        "diff",
        help="compare two runs requirement by requirement",
        description="Compare two conformance.json reports: new failures, fixed, newly not "
        "checked, and changed evidence. Prints a summary; --out writes it as Markdown.",
        epilog="Exit codes: 0 no regression; 1 NEW regresses against OLD (a MUST that "
        "passed or was not checked fails, or a MUST that passed is not checked); 2 a report "
        "cannot be read, or the two judge different contract versions.",
    )
    compare.add_argument("old", type=Path, metavar="OLD", help="the earlier conformance.json")
    compare.add_argument("new", type=Path, metavar="NEW", help="the later conformance.json")
    compare.add_argument(
        "--out", type=Path, metavar="FILE", help="also write the comparison as Markdown to FILE"
    )
    compare.set_defaults(func=_diff)
    merge = commands.add_parser(
        "merge",
        help="one fleet report from the runs of many appliances",
        description="Merge conformance.json reports (files, or directories searched for "
        "them; each appliance is named by its report's directory) into fleet.md and "
        "fleet.html: appliances x requirements, verdicts, versions and totals.",
        epilog="Exit codes: 0 written; 2 an input cannot be read, or the reports judge "
        "different contract versions.",
    )
    merge.add_argument(
        "inputs", type=Path, nargs="+", metavar="DIR_OR_FILE", help="reports or directories"
    )
    merge.add_argument(
        "--out", type=Path, required=True, metavar="DIR", help="where fleet.md and fleet.html go"
    )
    merge.set_defaults(func=_merge)


def _diff(args: argparse.Namespace) -> int:
    result = diff.diff(read(args.old), read(args.new))
    for line in diff.summary_lines(result):
        print(line)
    if args.out is not None:
        try:
            args.out.parent.mkdir(parents=True, exist_ok=True)
            args.out.write_text(diff.markdown(result), encoding="utf-8")
        except OSError as error:
            raise CliError(f"cannot write --out {str(args.out)!r}: {error.strerror}") from None
        print(f"written: {args.out}")
    return EXIT_NON_CONFORMANT if result.regressed else EXIT_OK


def _merge(args: argparse.Namespace) -> int:
    try:
        appliances = fleet.load(list(args.inputs))
        written = fleet.write(appliances, args.out)
    except OSError as error:
        raise CliError(f"cannot write to --out {str(args.out)!r}: {error.strerror}") from None
    print(fleet.totals_line(appliances))
    print(f"written: {' '.join(str(path) for path in written)}")
    return EXIT_OK
