"""``vcsa-conformance spec``: validate openapi.yaml and print a summary."""

from __future__ import annotations

import argparse
from typing import Any


def add_parser(commands: Any) -> None:
    """Register the ``spec`` subcommand."""
    parser = commands.add_parser(
        "spec",
        help="validate openapi.yaml and print a summary",
        description="Validate the contract (openapi.yaml) and print its operations.",
    )
    parser.set_defaults(func=_spec)


def _spec(args: argparse.Namespace) -> int:
    raise NotImplementedError
