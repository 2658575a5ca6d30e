"""``vcsa-conformance mock``: serve the mock appliance."""

from __future__ import annotations

import argparse
from typing import Any


def add_parser(commands: Any) -> None:
    """Register the ``mock`` subcommand."""
    parser = commands.add_parser(
        "mock",
        help="serve the mock appliance",
        description="Serve the mock vCenter appliance backup API over HTTPS (self-signed).",
    )
    parser.set_defaults(func=_mock)


def _mock(args: argparse.Namespace) -> int:
    raise NotImplementedError
