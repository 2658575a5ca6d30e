"""``vcsa-conformance spec``: validate openapi.yaml and print a summary.

Exit codes: 0 the contract is valid OpenAPI 3.1 (its operations are printed); 1 the file was
read but is not valid OpenAPI 3.1 (the validator's message is printed); 2 the file does not
exist (or bad options).
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from vcsa_conformance.cli.errors import EXIT_NON_CONFORMANT, EXIT_OK, EXIT_USAGE, CliError
from vcsa_conformance.contract import spec as contract

_HEADERS = ("METHOD", "PATH", "OPERATION", "STATUSES")


def add_parser(commands: Any) -> None:
    """Register the ``spec`` subcommand."""
    parser = commands.add_parser(
        "spec",
        help="validate openapi.yaml and print a summary",
        description="Validate the contract (openapi.yaml) and print its operations.",
        epilog="Exit codes: 0 valid; 1 not valid OpenAPI 3.1; 2 file not found.",
    )
    parser.add_argument(
        "--path",
        type=Path,
        metavar="FILE",
        help="the contract to check (default: the openapi.yaml this package uses)",
    )
    parser.set_defaults(func=_spec)


def _spec(args: argparse.Namespace) -> int:
    path: Path = args.path if args.path is not None else contract.spec_path()
    try:
        document = contract.validate_spec(path)
    except contract.SpecNotFound as error:
        raise CliError(f"{error} (pass --path FILE to name the contract)", EXIT_USAGE) from error
    except contract.SpecError as error:
        raise CliError(str(error), EXIT_NON_CONFORMANT) from error
    print(summary(document, path))
    return EXIT_OK


def summary(document: dict[str, Any], path: Path) -> str:
    """The text ``spec`` prints: title, versions, file, and one row per operation."""
    info = document.get("info", {})
    operations = contract.operations(document)
    rows = [(op.method, op.target, op.operation_id, " ".join(op.statuses)) for op in operations]
    widths = [max(len(row[column]) for row in [_HEADERS, *rows]) for column in range(3)]
    lines = [
        f"{info.get('title', '')} {contract.spec_version(document)} "
        f"(OpenAPI {document.get('openapi', '')})",
        f"{path}: valid OpenAPI 3.1",
        "",
    ]
    for row in [_HEADERS, *rows]:
        cells = [cell.ljust(width) for cell, width in zip(row, widths, strict=False)]
        lines.append("  ".join([*cells, row[3]]))
    lines.extend(["", f"{len(operations)} operations"])
    return "\n".join(lines)
