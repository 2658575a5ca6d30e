"""The root of the errors this project raises on purpose: any package may import it.

Each error's message is the one line a user sees: what went wrong and what to do about it.
The command line catches the root once and prints that line (a traceback only with --debug).
Control flow is no such error: a test that cannot go on (``unittest.SkipTest``), a MUST seen
broken (``AssertionError``, for pytest) and the mock's error answers keep their own bases.
"""

from __future__ import annotations


class VcsaConformanceError(Exception):
    """Base class: a failure the user can act on, told in one line."""
