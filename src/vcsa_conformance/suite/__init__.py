"""The conformance suite: pytest modules and checks that run against any target over HTTP.

Public surface: ``run_suite`` (runner), ``SuiteOptions`` (options) and the ``TargetError``
family (errors). ``run_suite`` is loaded on first use: importing the options or errors (as the
CLI does to parse its arguments) does not load pytest, hypothesis and schemathesis.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from vcsa_conformance.suite.run.errors import (
    TargetCredentialsRejected,
    TargetError,
    TargetTlsError,
    TargetUnreachable,
)
from vcsa_conformance.suite.run.options import SuiteOptions

if TYPE_CHECKING:
    from vcsa_conformance.suite.run.runner import run_suite

__all__ = [
    "SuiteOptions",
    "TargetCredentialsRejected",
    "TargetError",
    "TargetTlsError",
    "TargetUnreachable",
    "run_suite",
]


def __getattr__(name: str) -> Any:
    if name == "run_suite":
        from vcsa_conformance.suite.run.runner import run_suite

        return run_suite
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
