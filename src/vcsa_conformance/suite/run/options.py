"""What a suite run targets and how carefully it treats that target.

``SuiteOptions`` is built once, by ``options_from`` (the CLI's options over the VCSA_*
environment; plain pytest and ``tox -e live`` give the environment alone), and trusted
everywhere else. It holds the passwords in memory only; nothing in the suite logs or stores
them unmasked.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any, Literal, get_args
from urllib.parse import urlsplit

from vcsa_conformance.contract.api import LOCATION_TYPES_BY_SCHEME
from vcsa_conformance.contract.requirements import catalogue
from vcsa_conformance.errors import VcsaConformanceError
from vcsa_conformance.suite.http.budget import Pacing

ProfileName = Literal["quick", "full"]  # how deep a run explores (profiles.ExampleBudget)
PROFILE_NAMES: tuple[ProfileName, ...] = get_args(ProfileName)
# The run's overall bound when --time-limit is not given: a quick run against a live appliance
# waits at most --busy-wait for someone else's backup, --job-wait for each of its own two, and
# sends a few hundred requests; a full run explores for longer.
TIME_LIMITS: dict[ProfileName, float] = {"quick": 900.0, "full": 1800.0}


@dataclass(frozen=True)
class SuiteOptions:
    """Options of one conformance run; each field's default is the one the CLI's help shows."""

    target: str | None = None  # None -> the embedded mock (HTTPS, free loopback port)
    user: str | None = None
    password: str | None = None  # never logged or stored
    verify: bool | str = True  # False = --insecure, str = CA bundle path
    profile: ProfileName = "quick"
    # Backups a run may start on a live appliance (embedded mock: unbounded): the smallest
    # budget that checks a conformant appliance completely (docs/suite.md, "The backup budget").
    max_backups: int = 2
    request_timeout: float = 30.0
    time_limit: float | None = None  # overall bound, seconds; None: the profile's
    rate_limit: float | None = None  # requests per second
    busy_wait: float = 300.0  # wait this long for an already running backup
    job_wait: float = 300.0  # live: follow a backup of ours this long (to its end, or a cancel)
    backup_location: str | None = None  # live: where the backups meant to succeed go
    backup_location_user: str | None = None
    backup_location_password: str | None = None  # never logged or stored
    faults: tuple[str, ...] = ()  # embedded mock only
    variants: tuple[str, ...] = ()  # embedded mock only
    job_seconds: float = 1.0  # embedded mock only
    seed: int | None = None
    readonly_user: str | None = None
    readonly_password: str | None = None
    record_exchanges: bool = False  # keep every exchange (run --har), not only the failures
    accepted: tuple[str, ...] = ()  # requirement ids a --baseline accepts (not expired)
    # Live: the run may create a schedule of its own (and update, run and delete only that
    # one; it is deleted at the end, whatever happens). Off by default: a schedule is the
    # admin's configuration, and checking one changes the appliance.
    schedule_writes: bool = False

    def __repr__(self) -> str:
        """Never show the passwords, even in a debugger or a traceback."""
        return (
            f"SuiteOptions(target={self.target!r}, user={self.user!r}, "
            f"profile={self.profile!r}, max_backups={self.max_backups})"
        )

    @property
    def run_time_limit(self) -> float:
        """The overall bound of the run: --time-limit, else the profile's default."""
        return self.time_limit if self.time_limit is not None else TIME_LIMITS[self.profile]

    @property
    def writes_schedules(self) -> bool:
        """True when the run may create (and then change, run and delete) its own schedule:
        always on the embedded mock, on a live target only with --schedule-writes."""
        return self.embedded or self.schedule_writes

    @property
    def embedded(self) -> bool:
        """True when the run starts its own mock instead of talking to a live appliance."""
        return self.target is None


DEFAULTS = SuiteOptions()  # a run given no option: the defaults help texts and tools quote

# Live: how long the end of a run waits for its cancelled jobs to stop, and how long a create
# meant to start a backup retries FEATURE_IN_USE once every backup of the run was seen ended
# (an appliance may need a moment; someone else's backup is waited for by --busy-wait).
CLEANUP_WAIT = 60.0
START_RETRY = 15.0
# With --schedule-writes a conformant appliance needs one backup more for every MUST to be
# checked: a schedule's run starts one (BKP-SCHED-007, BKP-DETAILS-002), and it counts
# against --max-backups like a create. Without --max-backups the default grows by it.
SCHEDULE_RUN_BACKUPS = 1
SCHEDULE_WRITES_HINT = (
    "schedule writes are off on a live target: the run creates, changes, runs and deletes "
    "no schedule (use --schedule-writes or VCSA_SCHEDULE_WRITES=1 to let it create one of "
    "its own, deleted at the end)"
)


def default_max_backups(schedule_writes: bool) -> int:
    """--max-backups when it is not given: the smallest budget that checks every MUST of a
    conformant appliance (one more when the run may run a schedule of its own)."""
    return DEFAULTS.max_backups + (SCHEDULE_RUN_BACKUPS if schedule_writes else 0)


def pacing(options: SuiteOptions) -> Pacing:
    """The one place that tells the embedded mock's pace (one-second jobs, no budget) from a
    live appliance's (minutes, and its budget)."""
    if options.embedded:
        wait = max(5.0, 4 * options.job_seconds)
        return Pacing(None, 0.0, wait, wait, 0.05, 2 * options.job_seconds + 0.5)
    cleanup = min(options.job_wait, CLEANUP_WAIT)
    busy, job = options.busy_wait, options.job_wait
    return Pacing(budget(options), busy, job, cleanup, 0.5, START_RETRY)


def budget(options: SuiteOptions) -> int:
    """The backups a live run may start: --max-backups, plus one for each MUST requirement a
    --baseline accepts. A known deviation that accepts an invalid create spends one backup
    when it is re-checked (once: a requirement that failed is not checked again with
    creates), and that backup must not come out of the share the other checks need."""
    musts = {rid for rid, entry in catalogue().items() if entry.level == "MUST"}
    return options.max_backups + len(set(options.accepted) & musts)


class OptionsError(VcsaConformanceError, ValueError):
    """Raised when environment variables or options for the suite hold an unusable value."""


def parse_target(raw: str, name: str = "--target") -> str:
    """``scheme://host[:port]`` of an appliance; OptionsError (one line, never echoing
    credentials) for anything else: no scheme or host, a bad port, a path, credentials."""
    try:
        parts = urlsplit(raw.strip())
        port = parts.port  # urlsplit checks brackets at once, the port only when read
    except ValueError as error:
        why = "the port must be a number 1..65535" if "port" in str(error).lower() else str(error)
        if "@" in raw:
            raise OptionsError(f"{name} must not hold credentials (use --user)") from None
        raise OptionsError(
            f"{name} {raw!r} is not a URL like https://host[:port] ({why})"
        ) from None
    if "@" in parts.netloc:  # never echo it: it may hold a password
        raise OptionsError(f"{name} must not hold credentials (use --user and VCSA_PASSWORD)")
    usage = f"{name} {raw!r} is not a URL like https://host[:port]"
    if parts.scheme.lower() not in ("https", "http") or not parts.hostname:
        raise OptionsError(f"{usage} (give the scheme and the host)")
    if port == 0:
        raise OptionsError(f"{usage} (the port must be a number 1..65535)")
    if parts.path not in ("", "/") or parts.query or parts.fragment:
        raise OptionsError(f"{usage} (leave out the path: the API paths are fixed)")
    return f"{parts.scheme.lower()}://{parts.netloc}"


def parse_backup_location(raw: str, name: str = "--backup-location") -> str:
    """A backup location URL whose scheme names a location_type (sftp://host/folder, ...);
    OptionsError otherwise. Credentials belong in the user and password options, never here."""
    try:
        parts = urlsplit(raw.strip())
    except ValueError as error:
        raise OptionsError(f"{name} is not a URL ({error})") from None
    if "@" in parts.netloc:
        raise OptionsError(
            f"{name} must not hold credentials (use --backup-location-user and "
            "VCSA_BACKUP_LOCATION_PASSWORD)"
        )
    schemes = ", ".join(f"{scheme}://" for scheme in LOCATION_TYPES_BY_SCHEME)
    if parts.scheme.lower() not in LOCATION_TYPES_BY_SCHEME or not parts.netloc:
        raise OptionsError(f"{name} {raw!r} needs one of {schemes} and a host")
    return raw.strip()


def options_from_env(environ: Mapping[str, str] | None = None) -> SuiteOptions:
    """Options for plain ``pytest`` and ``tox -e live``: the VCSA_* variables alone."""
    return options_from(os.environ if environ is None else environ)


def options_from(env: Mapping[str, str], given: Mapping[str, Any] | None = None) -> SuiteOptions:
    """The one path to a run's options: what the command line ``given`` (a field name -> its
    value, None or absent when not given), else the VCSA_* ``env``, else the default; every
    value checked here, once, so that everything downstream trusts the result. OptionsError
    (one line naming the option or variable, and what to do) for anything unusable."""
    pick = _Picker(env, given or {})
    target = pick.value("target", "VCSA_TARGET", "--target")
    schedule_writes = pick.flag("schedule_writes", "VCSA_SCHEDULE_WRITES")
    location, location_user, location_password = _location(pick)
    # An option only the command line sets (--request-timeout, ...) is given by its field's
    # name; the others fall back on their variable. None is "not given": the field's default.
    values = {field.name: pick.given.get(field.name) for field in fields(SuiteOptions)} | dict(
        target=None if target is None else parse_target(*target),
        user=pick.text("user", "VCSA_USER"),
        password=pick.secret("password_file", "--password-file", "VCSA_PASSWORD"),
        verify=_verify(pick),
        profile=_profile(pick),
        max_backups=_budget(pick, schedule_writes and target is not None),
        schedule_writes=schedule_writes,
        faults=pick.names("faults", "VCSA_FAULTS"),
        variants=pick.names("variants", "VCSA_VARIANTS"),
        seed=pick.integer("seed", "VCSA_SEED"),
        readonly_user=pick.text("readonly_user", "VCSA_READONLY_USER"),
        readonly_password=env.get("VCSA_READONLY_PASSWORD") or None,
        backup_location=location,
        backup_location_user=location_user,
        backup_location_password=location_password,
    )
    options = SuiteOptions(**{name: value for name, value in values.items() if value is not None})
    _check_target(options, pick)
    return options


_TRUE = ("1", "true", "yes", "on")


class _Picker:
    """The given value of an option, else its variable's; remembers which it used."""

    def __init__(self, env: Mapping[str, str], given: Mapping[str, Any]) -> None:
        self.env, self.given = env, given

    def value(self, field: str, variable: str, option: str) -> tuple[str, str] | None:
        """(value, the name to quote in an error) or None when neither is set."""
        if self.given.get(field) is not None:
            return str(self.given[field]), option
        raw = self.env.get(variable) or None
        return None if raw is None else (raw, variable)

    def text(self, field: str, variable: str) -> str | None:
        found = self.value(field, variable, "")
        return None if found is None else found[0]

    def flag(self, field: str, variable: str) -> bool:
        """A yes/no option: given, or the variable set to 1, true, yes or on."""
        if self.given.get(field):
            return True
        return self.env.get(variable, "").strip().lower() in _TRUE

    def names(self, field: str, variable: str) -> tuple[str, ...]:
        if self.given.get(field):
            return tuple(self.given[field])
        raw = self.env.get(variable, "")
        return tuple(name.strip() for name in raw.split(",") if name.strip())

    def integer(self, field: str, variable: str) -> int | None:
        if self.given.get(field) is not None:
            return int(self.given[field])
        raw = self.env.get(variable, "").strip()
        if not raw:
            return None
        try:
            return int(raw)
        except ValueError:
            raise OptionsError(f"{variable}={raw!r} is not an integer") from None

    def secret(self, file_field: str, option: str, variable: str) -> str | None:
        """A password from the given file, the variable, or the file the variable_FILE names."""
        path = self.given.get(file_field)
        if path is None and self.env.get(variable):
            return self.env[variable]
        source = option
        if path is None:
            path, source = self.env.get(f"{variable}_FILE") or None, f"{variable}_FILE"
        if path is None:
            return None
        try:
            secret = Path(path).read_text("utf-8").rstrip("\r\n")
        except (OSError, UnicodeDecodeError) as error:
            why = getattr(error, "strerror", None) or "not UTF-8 text"
            raise OptionsError(
                f"cannot read {source} {path!r}: {why} (give a readable file)"
            ) from None
        if not secret:
            raise OptionsError(f"{source} {path!r} is empty (put the password in it)")
        return secret


def _verify(pick: _Picker) -> bool | str:
    """TLS verification: a CA bundle path, False for --insecure, else True."""
    insecure = pick.flag("insecure", "VCSA_INSECURE")
    ca_bundle = pick.value("ca_bundle", "VCSA_CA_BUNDLE", "--ca-bundle")
    if ca_bundle is None:
        return not insecure
    if insecure:
        raise OptionsError("--insecure and --ca-bundle contradict each other (choose one)")
    if not Path(ca_bundle[0]).is_file():
        raise OptionsError(f"{ca_bundle[1]} {ca_bundle[0]!r} is not a file (give a PEM file)")
    return ca_bundle[0]


def _profile(pick: _Picker) -> str | None:
    found = pick.value("profile", "VCSA_PROFILE", "--profile")
    if found is not None and found[0] not in PROFILE_NAMES:
        choices = " or ".join(PROFILE_NAMES)
        raise OptionsError(f"{found[1]}={found[0]!r} is not a profile: use {choices}")
    return None if found is None else found[0]


def _budget(pick: _Picker, schedule_writes: bool) -> int | None:
    budget = pick.integer("max_backups", "VCSA_MAX_BACKUPS")
    if budget is not None and budget < 1:
        raise OptionsError(f"VCSA_MAX_BACKUPS={budget} must be 1 or more")
    if budget is None and schedule_writes:
        return default_max_backups(schedule_writes)
    return budget


def _location(pick: _Picker) -> tuple[str | None, str | None, str | None]:
    """URL, user and password of the backup location."""
    found = pick.value("backup_location", "VCSA_BACKUP_LOCATION", "--backup-location")
    user = pick.text("backup_location_user", "VCSA_BACKUP_LOCATION_USER")
    password = pick.secret(
        "backup_location_password_file",
        "--backup-location-password-file",
        "VCSA_BACKUP_LOCATION_PASSWORD",
    )
    if found is None and (user is not None or password is not None):
        raise OptionsError("a backup location user or password needs --backup-location URL")
    return (None if found is None else parse_backup_location(*found)), user, password


def _check_target(options: SuiteOptions, pick: _Picker) -> None:
    """The embedded mock: its fault and variant names exist. A live target: credentials, and
    none of the embedded mock's options."""
    if options.embedded:
        from vcsa_conformance.mock import Fault, Variant

        try:
            for fault in options.faults:
                Fault.parse(fault)
            for variant in options.variants:
                Variant.parse(variant)
        except ValueError as error:
            raise OptionsError(str(error)) from None
        return
    for given, option in ((options.faults, "--fault"), (options.variants, "--variant")):
        if given:
            raise OptionsError(
                f"{option} works only with the embedded mock (drop --target/VCSA_TARGET)"
            )
    if pick.given.get("job_seconds") is not None:
        raise OptionsError("--job-seconds works only with the embedded mock (drop --target)")
    if options.user is None:
        raise OptionsError("--target needs --user USER (or VCSA_USER)")
    if options.password is None:
        raise OptionsError("no password for --user: set VCSA_PASSWORD or use --password-file PATH")
    if options.readonly_user is not None and options.readonly_password is None:
        raise OptionsError("--readonly-user needs its password in VCSA_READONLY_PASSWORD")
