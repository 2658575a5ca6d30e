"""The conformance suite: tests and checks that judge any target over HTTP.

- ``run/``: options, the target, the checks before a run, the pytest plugin and its plan, the
  runner that turns a run into a RunResult;
- ``http/``: the client, what a check sees of an exchange, the backup controller;
- ``judge/``: named checks, the expectations built from them, the recorder;
- ``generate/``: known-valid requests, hypothesis strategies, the nearest invalid neighbours;
- ``conformance/``: the conformance tests, one module per area, and their shared steps.

Imports go down that list from ``run`` and ``conformance``; docs/architecture.md has the
rules, which a unit test enforces. The public surface is the options and the errors below
(light to import); ``run.runner.run_suite`` loads pytest, hypothesis and schemathesis.
"""

from vcsa_conformance.suite.run.errors import (
    TargetCredentialsRejected,
    TargetError,
    TargetTlsError,
    TargetUnreachable,
)
from vcsa_conformance.suite.run.options import OptionsError, SuiteOptions, options_from

__all__ = [
    "OptionsError",
    "SuiteOptions",
    "TargetCredentialsRejected",
    "TargetError",
    "TargetTlsError",
    "TargetUnreachable",
    "options_from",
]
