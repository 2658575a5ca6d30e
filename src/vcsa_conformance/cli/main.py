"""Entry point: parse options, dispatch to a subcommand, turn errors into one line.

Every failure a user can cause (bad options, unreachable host, TLS or credential problems)
raises an error of the project's family (``errors.VcsaConformanceError``), caught here once:
it ends as ``vcsa-conformance: error: <what> (<what to do>)`` and exit code 2 (a ``CliError``
may name another); a traceback is shown only with ``--debug``.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import NoReturn

from vcsa_conformance import __version__
from vcsa_conformance.cli import compare, mock, run, spec
from vcsa_conformance.cli.errors import EXIT_USAGE, CliError
from vcsa_conformance.errors import VcsaConformanceError


class _Parser(argparse.ArgumentParser):
    """An ArgumentParser whose usage errors are one line, exit code 2."""

    def error(self, message: str) -> NoReturn:
        message = _hide_values(message)
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message} (see '{self.prog} --help')\n")


_UNRECOGNIZED = "unrecognized arguments: "


def _hide_values(message: str) -> str:
    """Name unknown options but not the values typed after them: a value may be a password."""
    if not message.startswith(_UNRECOGNIZED):
        return message
    shown = []
    for word in message.removeprefix(_UNRECOGNIZED).split(" "):
        if word.startswith("-"):
            shown.append(word.split("=", 1)[0] + ("=..." if "=" in word else ""))
        else:
            shown.append("...")
    return _UNRECOGNIZED + " ".join(shown)


def build_parser() -> argparse.ArgumentParser:
    """The full option tree; each subcommand module adds its own parser."""
    parser = _Parser(
        prog="vcsa-conformance",
        description="Contract, conformance suite and mock appliance for the vCenter "
        "Server Appliance backup API (POST /api/appliance/recovery/backup/job).",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument(
        "--debug", action="store_true", help="show a traceback when a command fails"
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    commands.required = True
    for module in (run, mock, spec, compare):
        module.add_parser(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line and return its exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        code: int = args.func(args)
    except VcsaConformanceError as error:
        if args.debug:
            raise
        print(f"{parser.prog}: error: {error}", file=sys.stderr)
        return error.exit_code if isinstance(error, CliError) else EXIT_USAGE
    except KeyboardInterrupt:
        print(f"{parser.prog}: interrupted", file=sys.stderr)
        return 130
    return code


if __name__ == "__main__":
    sys.exit(main())
