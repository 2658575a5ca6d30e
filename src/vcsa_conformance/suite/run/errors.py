"""Why a run could not start: raised by ``run_suite`` before any test, for exit code 2.

Each message names what failed and ends with what to do about it.
"""

from __future__ import annotations

from vcsa_conformance.errors import VcsaConformanceError


class TargetError(VcsaConformanceError):
    """Base class: the target cannot be tested at all (nothing was concluded about it)."""


class TargetUnreachable(TargetError):
    """Raised when no TCP connection (or no HTTP answer) reaches the target."""


class TargetTlsError(TargetError):
    """Raised when the TLS handshake fails, typically an untrusted certificate."""


class TargetCredentialsRejected(TargetError):
    """Raised when the target refuses the user and password given for the run."""
