"""What a suite run targets and how carefully it treats that target.

``SuiteOptions`` is built once at a boundary (the CLI, or the environment for plain pytest)
and trusted everywhere else. It holds the appliance password in memory only; nothing in the
suite logs or stores it unmasked.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

Profile = Literal["quick", "full"]
PROFILES: tuple[Profile, ...] = ("quick", "full")


@dataclass(frozen=True)
class SuiteOptions:
    """Options of one conformance run (see notes/interfaces.md, Suite section)."""

    target: str | None = None  # None -> the embedded mock (HTTPS, free loopback port)
    user: str | None = None
    password: str | None = None  # never logged or stored
    verify: bool | str = True  # False = --insecure, str = CA bundle path
    profile: Profile = "quick"
    max_backups: int = 1  # live only; embedded mock: unbounded
    request_timeout: float = 30.0
    time_limit: float = 1800.0  # overall bound, seconds
    rate_limit: float | None = None  # requests per second
    busy_wait: float = 300.0  # wait this long for an already running backup
    faults: tuple[str, ...] = ()  # embedded mock only
    variants: tuple[str, ...] = ()  # embedded mock only
    job_seconds: float = 1.0  # embedded mock only
    seed: int | None = None
    readonly_user: str | None = None
    readonly_password: str | None = None

    def __repr__(self) -> str:
        """Never show the passwords, even in a debugger or a traceback."""
        return (
            f"SuiteOptions(target={self.target!r}, user={self.user!r}, "
            f"profile={self.profile!r}, max_backups={self.max_backups})"
        )

    @property
    def embedded(self) -> bool:
        """True when the run starts its own mock instead of talking to a live appliance."""
        return self.target is None


class OptionsError(ValueError):
    """Raised when environment variables for the suite hold an unusable value."""


def options_from_env(environ: Mapping[str, str] | None = None) -> SuiteOptions:
    """Options for plain ``pytest`` and ``tox -e live``, from the VCSA_* variables."""
    env = os.environ if environ is None else environ
    target = env.get("VCSA_TARGET") or None
    ca_bundle = env.get("VCSA_CA_BUNDLE") or None
    verify: bool | str = ca_bundle if ca_bundle else not _flag(env, "VCSA_INSECURE")
    profile = env.get("VCSA_PROFILE", "quick") or "quick"
    if profile not in PROFILES:
        raise OptionsError(f"VCSA_PROFILE={profile!r} is not a profile: use quick or full")
    return SuiteOptions(
        target=target.rstrip("/") if target else None,
        user=env.get("VCSA_USER") or None,
        password=_password(env),
        verify=verify,
        profile=profile,  # type: ignore[arg-type]  # checked against PROFILES above
        max_backups=_or_default(_int(env, "VCSA_MAX_BACKUPS"), 1),
        faults=_names(env.get("VCSA_FAULTS", "")),
        variants=_names(env.get("VCSA_VARIANTS", "")),
        seed=_int(env, "VCSA_SEED"),
        readonly_user=env.get("VCSA_READONLY_USER") or None,
        readonly_password=env.get("VCSA_READONLY_PASSWORD") or None,
    )


def _flag(env: Mapping[str, str], name: str) -> bool:
    return env.get(name, "").strip().lower() in ("1", "true", "yes", "on")


def _password(env: Mapping[str, str]) -> str | None:
    if env.get("VCSA_PASSWORD"):
        return env["VCSA_PASSWORD"]
    path = env.get("VCSA_PASSWORD_FILE")
    if not path:
        return None
    try:
        return Path(path).read_text("utf-8").rstrip("\r\n")
    except OSError as error:
        raise OptionsError(
            f"cannot read VCSA_PASSWORD_FILE {path!r}: {error.strerror}; "
            "point it at a readable file holding only the password"
        ) from None


def _int(env: Mapping[str, str], name: str) -> int | None:
    raw = env.get(name, "").strip()
    if not raw:
        return None
    try:
        return int(raw)
    except ValueError:
        raise OptionsError(f"{name}={raw!r} is not an integer") from None


def _or_default(value: int | None, default: int) -> int:
    return default if value is None else value


def _names(raw: str) -> tuple[str, ...]:
    return tuple(name.strip() for name in raw.split(",") if name.strip())
