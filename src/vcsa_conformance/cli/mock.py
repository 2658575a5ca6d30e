"""``vcsa-conformance mock``: serve the mock appliance for your own CI or a manual look.

Prints the URL, the configured users and the CA file, then one line per request
(method, path, status, milliseconds: never tokens, passwords or bodies). Ctrl-C stops it
cleanly with exit code 0. Bad options (an unknown fault, a port in use) end with one line
and exit code 2.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from vcsa_conformance.cli.errors import EXIT_OK, CliError
from vcsa_conformance.mock import Fault, MockConfig, RunningMock, User, Variant, serve

_DEFAULTS = MockConfig()
_ADMIN, _READONLY = _DEFAULTS.users


def add_parser(commands: Any) -> None:
    """Register the ``mock`` subcommand."""
    parser = commands.add_parser(
        "mock",
        help="serve the mock appliance",
        description="Serve the mock vCenter appliance backup API over HTTPS (self-signed).",
        epilog="Exit codes: 0 stopped with Ctrl-C or listed; 2 bad options or port in use.",
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (%(default)s)")
    parser.add_argument(
        "--port", type=int, default=8443, help="port to listen on, 0 for a free one (%(default)s)"
    )
    parser.add_argument(
        "--job-seconds",
        type=float,
        default=_DEFAULTS.job_seconds,
        metavar="S",
        help="how long a backup job runs (%(default)s)",
    )
    parser.add_argument(
        "--latency",
        type=float,
        default=0.0,
        metavar="MS",
        help="milliseconds added to every answer, as on a real network (%(default)g)",
    )
    parser.add_argument(
        "--latency-jitter",
        type=float,
        default=0.0,
        metavar="MS",
        help="± milliseconds around --latency, uniformly (%(default)g)",
    )
    parser.add_argument(
        "--unreachable-seconds",
        type=float,
        default=None,
        metavar="S",
        help="a backup to a TEST-NET address (192.0.2.0/24, ...) fails after S seconds, as a "
        "real appliance's does (default: such backups run --job-seconds and succeed)",
    )
    parser.add_argument(
        "--hang-after",
        type=int,
        default=None,
        metavar="N",
        help="answer N requests, then hold every later one open without an answer (an "
        "appliance that hangs: for testing a client's timeouts)",
    )
    parser.add_argument("--user", default=_ADMIN.name, help="administrator user name")
    parser.add_argument("--password", default=_ADMIN.password, help="administrator password")
    parser.add_argument("--readonly-user", default=_READONLY.name, help="read-only user name")
    parser.add_argument(
        "--readonly-password", default=_READONLY.password, help="read-only user password"
    )
    add_fault_options(
        parser,
        "inject a fault (repeatable; see --list-faults)",
        "enable a conformant variant (repeatable; see --list-variants)",
    )
    parser.add_argument("--list-faults", action="store_true", help="list the faults and exit")
    parser.add_argument("--list-variants", action="store_true", help="list the variants and exit")
    parser.add_argument("--http", action="store_true", help="serve plain HTTP instead of HTTPS")
    parser.set_defaults(func=_mock)


def add_fault_options(parser: argparse.ArgumentParser, faults: str, variants: str) -> None:
    """``--fault NAME`` and ``--variant NAME``, each repeatable, with these help texts (the
    mock's own and ``run``'s embedded mock)."""
    for option, text in (("--fault", faults), ("--variant", variants)):
        parser.add_argument(option, action="append", default=[], metavar="NAME", help=text)


def _mock(args: argparse.Namespace) -> int:
    if args.list_faults or args.list_variants:
        _list(args.list_faults, args.list_variants)
        return EXIT_OK
    config = _config(args)
    served: list[RunningMock] = []

    def ready(running: RunningMock) -> None:
        served.append(running)
        _announce(running)

    try:
        serve(
            config,
            host=args.host,
            port=args.port,
            tls=not args.http,
            on_ready=ready,
            access_log=_log,
        )
    except OSError as error:
        raise CliError(
            f"cannot listen on {args.host}:{args.port}: {error.strerror or error} "
            "(choose another --port, or --port 0 for a free one)"
        ) from None
    print(f"vcsa-conformance mock: stopped{_usage(served)}", flush=True)
    return EXIT_OK


def _usage(served: list[RunningMock]) -> str:
    """': N backups started, M running' (what a harness checks a run's budget against)."""
    if not served or served[0].app is None:
        return ""
    started, running = served[0].app.state.appliance.usage()
    return f": {started} backup{'' if started == 1 else 's'} started, {running} running"


def _config(args: argparse.Namespace) -> MockConfig:
    """The MockConfig the options describe; CliError for any bad value."""
    if not 0 <= args.port <= 65535:
        raise CliError(f"--port {args.port} is out of range (use 0..65535)")
    for option, value in (
        ("--job-seconds", args.job_seconds),
        ("--latency", args.latency),
        ("--latency-jitter", args.latency_jitter),
        ("--unreachable-seconds", args.unreachable_seconds or 0.0),
        ("--hang-after", args.hang_after or 0),
    ):
        if not value >= 0:
            raise CliError(f"{option} {value} must be 0 or more")
    if args.user == args.readonly_user:
        raise CliError("--user and --readonly-user must differ (choose another name)")
    try:
        faults = frozenset(Fault.parse(name) for name in args.fault)
        variants = frozenset(Variant.parse(name) for name in args.variant)
    except ValueError as error:
        raise CliError(f"{error}; see --list-faults / --list-variants") from None
    users = (
        User(args.user, args.password),
        User(args.readonly_user, args.readonly_password, read_only=True),
    )
    return MockConfig(
        users=users,
        job_seconds=args.job_seconds,
        unreachable_seconds=args.unreachable_seconds,
        latency=args.latency / 1000,
        latency_jitter=args.latency_jitter / 1000,
        hang_after=args.hang_after,
        faults=faults,
        variants=variants,
    )


def _list(faults: bool, variants: bool) -> None:
    if faults:
        for fault in Fault:
            print(f"{fault.value:40} {', '.join(fault.requirements):28} {fault.description}")
    if variants:
        for variant in Variant:
            print(f"{variant.value:40} {variant.description}")


def _announce(running: RunningMock) -> None:
    config = running.config
    print(f"vcsa-conformance mock: serving {running.url}", flush=False)
    for user in config.users:
        role = "read-only user" if user.read_only else "user"
        print(f"  {role}: {user.name}  password: {user.password}")
    if running.ca_path is not None:
        print(f"  CA certificate: {running.ca_path} (curl --cacert, httpx verify=)")
    print(f"  job seconds: {config.job_seconds:g}")
    if config.unreachable_seconds is not None:
        print(f"  backups to TEST-NET addresses fail after: {config.unreachable_seconds:g} s")
    if config.latency or config.latency_jitter:
        latency, jitter = config.latency * 1000, config.latency_jitter * 1000
        print(f"  latency: {latency:g} ms ± {jitter:g} ms")
    if config.hang_after is not None:
        print(f"  answers {config.hang_after} requests, then none")
    print(f"  faults: {', '.join(sorted(config.faults)) or 'none'}")
    print(f"  variants: {', '.join(sorted(config.variants)) or 'none'}")
    print("Press Ctrl-C to stop.", flush=True)


def _log(line: str) -> None:
    print(line, file=sys.stdout, flush=True)
