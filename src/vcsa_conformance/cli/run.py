"""``vcsa-conformance run``: run the conformance suite against a target and write reports.

Options are parsed here (argparse checks the numbers) and validated by the suite's one
options path (``options_from``: the same rules for the command line and the VCSA_*
environment); the suite trusts the ``SuiteOptions`` it gets. The
password never travels on the command line: ``VCSA_PASSWORD`` or ``--password-file``.
Exit codes: 0 conformant (every MUST checked and passed), 1 non-conformant (a MUST failed),
2 could not run (bad options, unreachable target, TLS failure, rejected credentials),
3 incomplete (no MUST failed, but some could not be checked: budget, busy appliance, time
limit). A run that could not start still writes its reports, with verdict "error".
"""

from __future__ import annotations

import argparse
import os
import time
from collections.abc import Callable, Mapping
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from vcsa_conformance import __version__
from vcsa_conformance.cli.errors import (
    EXIT_INCOMPLETE,
    EXIT_NON_CONFORMANT,
    EXIT_OK,
    EXIT_USAGE,
    CliError,
)
from vcsa_conformance.cli.mock import add_fault_options
from vcsa_conformance.compare import baseline
from vcsa_conformance.contract import spec
from vcsa_conformance.reports import headline, json_report, plain_counts, write_all
from vcsa_conformance.reports.summary import (
    appliance_fact,
    baseline_fact,
    bounds_facts,
    not_passed,
    reason,
    shorten,
    status_label,
)
from vcsa_conformance.results import RunResult
from vcsa_conformance.suite.run.errors import TargetError
from vcsa_conformance.suite.run.options import (
    DEFAULTS,
    PROFILE_NAMES,
    TIME_LIMITS,
    SuiteOptions,
    default_max_backups,
    options_from,
)

EMBEDDED = "embedded mock"
_EXIT_CODES = {
    "conformant": EXIT_OK,
    "non-conformant": EXIT_NON_CONFORMANT,
    "incomplete": EXIT_INCOMPLETE,
    "error": EXIT_USAGE,
}
_LINE = 160  # characters per requirement line in the summary; the reports hold the rest
_PLAIN_PASSWORD = (
    "--password is not accepted: a password on the command line ends up in shell history "
    "and process lists (set VCSA_PASSWORD or use --password-file PATH)"
)


def add_parser(commands: Any) -> None:
    """Register the ``run`` subcommand."""
    parser = commands.add_parser(
        "run",
        allow_abbrev=False,  # "--pass X" must never be read as --password-file X
        help="run the conformance suite against a target and write reports",
        description="Run the conformance suite against the embedded mock (default) or a "
        "live appliance, and write junit.xml, conformance.json, conformance.md and "
        "conformance.html to the report directory.",
        epilog="Environment: VCSA_TARGET, VCSA_USER, VCSA_PASSWORD, VCSA_PASSWORD_FILE, "
        "VCSA_INSECURE=1, VCSA_CA_BUNDLE, VCSA_READONLY_USER, VCSA_READONLY_PASSWORD, "
        "VCSA_PROFILE, VCSA_SEED, VCSA_MAX_BACKUPS, VCSA_FAULTS, VCSA_VARIANTS, "
        "VCSA_BACKUP_LOCATION, VCSA_BACKUP_LOCATION_USER, VCSA_BACKUP_LOCATION_PASSWORD, "
        "VCSA_BACKUP_LOCATION_PASSWORD_FILE, VCSA_SCHEDULE_WRITES=1 are used when the matching "
        "option is absent. "
        "Exit codes: 0 conformant (every MUST checked and passed), 1 non-conformant, "
        "2 could not run, 3 incomplete (no MUST failed, some not checked).",
    )
    _target_options(parser)
    _safety_options(parser)
    _embedded_options(parser)
    parser.add_argument(
        "--report-dir", default="reports", metavar="DIR", help="where reports go (default: reports)"
    )
    parser.add_argument(
        "--baseline",
        type=Path,
        metavar="FILE",
        help="known deviations of this appliance: a YAML of accepted requirement ids (each with "
        "a reason, optionally an expiry date) or a previous conformance.json; they are reported "
        "as known and do not fail the verdict (docs/comparing.md)",
    )
    parser.add_argument(
        "--har",
        type=Path,
        metavar="FILE",
        help="also write every request and answer of the run to FILE as an HTTP Archive "
        "(HAR 1.2), secrets masked",
    )
    shown = parser.add_mutually_exclusive_group()
    shown.add_argument(
        "-q",
        "--quiet",
        action="store_true",
        help="print only the verdict lines (no live status, no list of what did not pass)",
    )
    shown.add_argument(
        "-v",
        "--verbose",
        action="store_true",
        help="also print pytest's own output: each test of the suite and pytest's summary",
    )
    parser.add_argument(
        "--should-as-failure",
        action="store_true",
        help="in junit.xml, a SHOULD not met is a failure (red in CI) instead of a skipped "
        "case marked 'SHOULD not met'; the verdict and the exit code stay as they are",
    )
    # Caught to refuse them with a reason, and so that argparse never echoes the value.
    parser.add_argument(
        *("--password", "--pass", "--passwd", "--pwd", "--pw"),
        dest="password",
        nargs="?",
        const="",
        help=argparse.SUPPRESS,
    )
    parser.set_defaults(func=_run)


def _target_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--target",
        metavar="URL",
        help="https://host[:port] of an appliance (default: embedded mock)",
    )
    parser.add_argument("--user", help="user for --target (password: VCSA_PASSWORD)")
    parser.add_argument(
        "--password-file",
        metavar="PATH",
        help="file holding the password (instead of VCSA_PASSWORD)",
    )
    parser.add_argument("--insecure", action="store_true", help="skip TLS certificate checks")
    parser.add_argument("--ca-bundle", metavar="PEM", help="CA certificates to trust (PEM file)")
    parser.add_argument(
        "--readonly-user",
        metavar="USER",
        help="a user without backup privileges (password: VCSA_READONLY_PASSWORD)",
    )
    parser.add_argument(
        "--backup-location",
        metavar="URL",
        help="live: where backups meant to succeed go, e.g. sftp://host/folder (each to a new "
        "sub-folder; default: a TEST-NET address, where a real appliance's backup fails)",
    )
    parser.add_argument(
        "--backup-location-user",
        metavar="USER",
        help="user for --backup-location (password: VCSA_BACKUP_LOCATION_PASSWORD)",
    )
    parser.add_argument(
        "--backup-location-password-file",
        metavar="PATH",
        help="file holding the --backup-location password (instead of the variable)",
    )
    parser.add_argument(
        "--profile",
        choices=PROFILE_NAMES,
        help="quick: every requirement, few examples (CI smoke); full: explore deeply "
        f"(default: {DEFAULTS.profile})",
    )
    parser.add_argument("--seed", type=int, metavar="N", help="hypothesis seed, to repeat a run")


def _safety_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--max-backups",
        type=_positive(int),
        metavar="N",
        help="backups the run may start on a live target, a hard ceiling; a schedule's run "
        f"counts like a create (default: {DEFAULTS.max_backups}, "
        f"{default_max_backups(True)} with --schedule-writes: what checks a conformant "
        "appliance completely)",
    )
    parser.add_argument(
        "--schedule-writes",
        action="store_true",
        default=None,
        help="live: let the run create a backup schedule of its own, update, run and delete "
        "only that one, and delete it at the end even after a failure or the time limit "
        "(default: off, and the schedule requirements that need it are skipped; it never "
        "changes or deletes a schedule it did not create; the embedded mock: always on)",
    )
    parser.add_argument(
        "--request-timeout",
        type=_positive(float),
        metavar="S",
        help=f"bound on each request (default: {DEFAULTS.request_timeout:g})",
    )
    parser.add_argument(
        "--time-limit",
        type=_positive(float),
        metavar="S",
        help="bound on the whole run; its jobs are cancelled and the reports written when it "
        f"is reached (default: quick {TIME_LIMITS['quick']:g}, full {TIME_LIMITS['full']:g})",
    )
    parser.add_argument(
        "--rate-limit", type=_positive(float), metavar="RPS", help="at most RPS requests per second"
    )
    parser.add_argument(
        "--busy-wait",
        type=_positive(float, allow_zero=True),
        metavar="S",
        help="wait this long for a backup already running on the target (default: "
        f"{DEFAULTS.busy_wait:g})",
    )
    parser.add_argument(
        "--job-wait",
        type=_positive(float),
        metavar="S",
        help="follow a backup of the run this long: to its end, or after a cancel until it "
        f"stops (default: {DEFAULTS.job_wait:g})",
    )


def _embedded_options(parser: argparse.ArgumentParser) -> None:
    add_fault_options(
        parser,
        "embedded mock only: inject a fault (repeatable; vcsa-conformance mock --list-faults)",
        "embedded mock only: a conformant variant (repeatable; mock --list-variants)",
    )
    parser.add_argument(
        "--job-seconds",
        type=_positive(float),
        metavar="S",
        help=f"embedded mock only: how long a backup job runs (default: {DEFAULTS.job_seconds:g})",
    )


def _positive(kind: type[int] | type[float], allow_zero: bool = False) -> Callable[[str], Any]:
    """An argparse type: a number > 0 (or >= 0), else a one-line usage error."""

    def parse(raw: str) -> int | float:
        try:
            value = kind(raw)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{raw!r} is not a number") from None
        if value < 0 or (value == 0 and not allow_zero) or value != value:  # NaN fails too
            bound = "0 or more" if allow_zero else "more than 0"
            raise argparse.ArgumentTypeError(f"{raw!r} must be {bound}")
        return value

    return parse


def _run(args: argparse.Namespace) -> int:
    options = build_options(args, os.environ)
    secrets = [
        value
        for value in (options.password, options.readonly_password, options.backup_location_password)
        if value
    ]
    # A bad baseline fails before any request.
    accepted = None if args.baseline is None else baseline.load(args.baseline)
    if accepted:
        options = replace(options, accepted=baseline.in_force(accepted, date.today()))
    report_dir = _prepare(Path(args.report_dir))
    if args.har is not None:
        _prepare(args.har.parent, "--har")
    started, clock = _now(), time.monotonic()
    try:
        result = _run_suite(options, watch=not args.quiet, verbose=args.verbose or args.debug)
    except TargetError as error:
        message = f"{type(error).__name__}: {error}"
        result = error_result(options, message, started, time.monotonic() - clock)
    if accepted is not None:
        result = baseline.apply(result, accepted, str(args.baseline), date.today())
    paths = write_all(
        result, report_dir, secrets=secrets, har=args.har, should_as_failure=args.should_as_failure
    )
    # What the terminal shows is what the reports say: masked once, where they were written.
    written = json_report.load(report_dir / json_report.FILENAME)
    if written.verdict == "error":  # could not start, or the suite could not run
        raise CliError(f"{written.error} (report with verdict error in {report_dir})")
    _print_summary(written, paths, embedded=options.target is None, quiet=args.quiet)
    return _EXIT_CODES[written.verdict]


def _run_suite(options: SuiteOptions, *, watch: bool, verbose: bool) -> RunResult:
    """The suite's entry point, imported late: it loads pytest and the whole suite."""
    from vcsa_conformance.suite.run.runner import run_suite

    result: RunResult = run_suite(options, watch=watch, verbose=verbose)
    return result


def build_options(args: argparse.Namespace, env: Mapping[str, str]) -> SuiteOptions:
    """The SuiteOptions the options and environment describe; CliError or OptionsError (one
    line each) for any bad value."""
    if args.password is not None:
        raise CliError(_PLAIN_PASSWORD)
    # Each option's dest is the name of the SuiteOptions field (or picker key) it sets.
    given = vars(args) | {"faults": args.fault, "variants": args.variant}
    given["record_exchanges"] = args.har is not None
    return options_from(env, given)


def _prepare(directory: Path, option: str = "--report-dir") -> Path:
    """Create an output directory before the run, so a bad path fails in a second."""
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise CliError(
            f"cannot create {option} {str(directory)!r}: {error.strerror or error} "
            "(choose another directory)"
        ) from None
    return directory


def error_result(options: SuiteOptions, reason: str, started: str, duration: float) -> RunResult:
    """The RunResult of a run that could not start: verdict error and why."""
    return RunResult(
        verdict="error",
        target=options.target or EMBEDDED,
        started=started,
        duration_s=duration,
        tool_version=__version__,
        spec_version=spec.spec_version(),
        profile=options.profile,
        error=reason,
    )


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def _print_summary(
    result: RunResult, paths: list[Path], *, embedded: bool, quiet: bool = False
) -> None:
    """A few lines for a terminal or CI log; the last one is ``N passed, N failed, N skipped``
    (requirements: the one count on the screen). ``quiet``: the first and the last only."""
    where = f"{result.target} ({EMBEDDED})" if embedded else result.target
    print(f"vcsa-conformance run: {headline(result)}")
    if quiet:
        print(plain_counts(result))
        return
    print(
        f"  target {where}, profile {result.profile}, {result.duration_s:.1f} s, "
        f"{result.requests} requests"
    )
    for fact in [appliance_fact(result), *bounds_facts(result), baseline_fact(result)]:
        if fact is not None:
            print(f"  {fact}")
    for item in not_passed(result):
        label = status_label(item).upper()
        print(shorten(f"  {label} {item.level} {item.id} {item.title}: {reason(item)}", _LINE))
    print(f"  reports: {' '.join(str(path) for path in paths)}")
    print(plain_counts(result))
