"""``vcsa-conformance run``: run the conformance suite against a target and write reports."""

from __future__ import annotations

import argparse
from typing import Any


def add_parser(commands: Any) -> None:
    """Register the ``run`` subcommand."""
    parser = commands.add_parser(
        "run",
        help="run the conformance suite against a target and write reports",
        description="Run the conformance suite against the embedded mock (default) or a "
        "live appliance, and write junit.xml, conformance.json, conformance.md and "
        "conformance.html to the report directory.",
    )
    parser.add_argument(
        "--report-dir", default="reports", help="where reports go (default: reports)"
    )
    parser.set_defaults(func=_run)


def _run(args: argparse.Namespace) -> int:
    raise NotImplementedError
