"""Errors the command line turns into one line and an exit code, never a traceback."""

from __future__ import annotations

from vcsa_conformance.errors import VcsaConformanceError

EXIT_OK = 0
EXIT_NON_CONFORMANT = 1
EXIT_USAGE = 2  # bad options, or the run could not start
EXIT_INCOMPLETE = 3  # no MUST failed, but not every MUST was checked


class CliError(VcsaConformanceError):
    """A failure the user can fix; the message says what happened and what to do."""

    def __init__(self, message: str, exit_code: int = EXIT_USAGE) -> None:
        super().__init__(message)
        self.exit_code = exit_code
