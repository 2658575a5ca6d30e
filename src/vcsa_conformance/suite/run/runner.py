"""``run_suite``: preflight, then the suite package under pytest in-process, then a RunResult.

The runner hands its own ``SuiteSession`` to pytest as a plugin object; the suite's plugin
finds it and uses its options instead of the environment. pytest runs with a private ini
file and root so that whatever pytest configuration the caller's directory holds does not
leak into a conformance run.
"""

from __future__ import annotations

import contextlib
import importlib
import os
import tempfile
import time
from datetime import UTC, datetime
from importlib.metadata import entry_points
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
from hypothesis.configuration import set_hypothesis_home_dir

import vcsa_conformance
from vcsa_conformance.contract import spec
from vcsa_conformance.contract.requirements import catalogue
from vcsa_conformance.results import (
    ApplianceVersion,
    Bounds,
    Coverage,
    RequirementResult,
    RunResult,
    Status,
    verdict_of,
)
from vcsa_conformance.suite.conformance import DIRECTORY as SUITE_DIR
from vcsa_conformance.suite.judge.recorder import Recorder
from vcsa_conformance.suite.run.cache_dir import hypothesis_cache_dir
from vcsa_conformance.suite.run.options import SuiteOptions, pacing
from vcsa_conformance.suite.run.preflight import check_target
from vcsa_conformance.suite.run.session import SuiteSession
from vcsa_conformance.suite.run.timeline import timeline_of
from vcsa_conformance.suite.run.watch import Watch

_INI = """[pytest]
xfail_strict = true
filterwarnings =
    ignore::DeprecationWarning
    ignore::pytest.PytestAssertRewriteWarning
"""
# Imported before pytest starts, so that its assertion rewriter (which marks every installed
# pytest plugin's whole package for rewriting) leaves these third-party modules alone: with
# PYTHONDONTWRITEBYTECODE set it cannot cache the rewritten code and would recompile some
# 250 schemathesis modules on every run (~1.5 s). The suite's own modules are still
# rewritten; the third-party modules behave the same either way.
_IMPORT_FIRST = (
    "schemathesis",
    "schemathesis.openapi",
    "schemathesis.specs.openapi.schemas",
    "schemathesis.specs.openapi.checks",
)
_ERROR_EXITS = {
    pytest.ExitCode.INTERRUPTED: "the run was interrupted",
    pytest.ExitCode.INTERNAL_ERROR: "pytest reported an internal error",
    pytest.ExitCode.USAGE_ERROR: "the suite could not be collected (usage error)",
    pytest.ExitCode.NO_TESTS_COLLECTED: "no conformance test was collected",
}


def run_suite(
    options: SuiteOptions,
    extra_args: tuple[str, ...] = (),
    *,
    watch: bool = False,
    verbose: bool = False,
) -> RunResult:
    """Run the conformance suite against ``options.target`` (default: the embedded mock).

    ``watch``: show the run's state while it runs (``watch.Watch``). ``verbose``: also
    pytest's own output (each test, its summary); by default the run speaks in requirements
    only, once, in the caller's summary.

    Raises TargetError subclasses (before any test) when the target cannot be tested.
    """
    check_target(options)
    started = datetime.now(UTC)
    clock = time.monotonic()
    session = SuiteSession(options, quiet=True)
    try:
        with Watch(session) if watch else contextlib.nullcontext():
            code = _pytest(session, extra_args, verbose)
    finally:
        session.close()
    duration = time.monotonic() - clock
    result = build_result(
        session.recorder,
        target=_without_credentials(session.target_url or "embedded mock"),
        started=started,
        duration=duration,
        profile=options.profile,
        error=_stopped(session) or _error_exit(session, code),
        bounds=_bounds(session),
        appliance=session.appliance,
    )
    result.timeline = timeline_of(session.recorder, session.backups, session.started, duration)
    return result


def _error_exit(session: SuiteSession, code: int) -> str | None:
    """Why pytest could not run the suite (its exit code), with what collection said."""
    if session.collect_errors:
        return f"the suite could not be collected: {session.collect_errors[0]}"
    return _ERROR_EXITS.get(pytest.ExitCode(code)) if code in _ERROR_EXITS else None


def _stopped(session: SuiteSession) -> str | None:
    """The line saying the appliance stopped answering (and which jobs of the run may still
    run), or None while it answered."""
    stopped = session.liveness.stopped
    if stopped is None:
        return None
    left = session.backups.ledger.left_running if session.backups else []
    if left:
        stopped += f"; {len(left)} backup(s) of the run may still be running: {', '.join(left)}"
    return stopped


def _bounds(session: SuiteSession) -> Bounds:
    options, backups, pace = session.options, session.backups, pacing(session.options)
    return Bounds(
        max_backups=pace.max_backups,
        backups_started=backups.budget.spent if backups else 0,
        jobs_left_running=len(backups.ledger.left_running) if backups else 0,
        time_limit_s=options.run_time_limit,
        busy_wait_s=pace.busy_wait,
        job_wait_s=pace.job_wait,
        cleanup_wait_s=pace.cleanup_wait,
        start_retry_s=pace.start_retry,
        request_timeout_s=options.request_timeout,
        rate_limit=options.rate_limit,
        baseline_backups=0 if pace.max_backups is None else pace.max_backups - options.max_backups,
        schedule_writes=None if options.embedded else options.schedule_writes,
        schedules_left=len(session.schedules.left) if session.schedules else 0,
    )


def _import_plugins_first() -> None:
    """Import the installed pytest plugins and the schemathesis modules the suite uses."""
    names = list(_IMPORT_FIRST)
    if not os.environ.get("PYTEST_DISABLE_PLUGIN_AUTOLOAD"):
        names[:0] = [entry.module for entry in entry_points(group="pytest11")]
    for name in names:
        with contextlib.suppress(Exception):  # only a shortcut: pytest reports real errors
            importlib.import_module(name)


# pytest's own terminal output: each test and pytest's counts, only when asked for.
_VERBOSE = ("-v", "--no-header", "--tb=line", "-rfE")
_SILENT = ("-p", "no:terminal")


def _pytest(session: SuiteSession, extra_args: tuple[str, ...], verbose: bool = False) -> int:
    _import_plugins_first()
    with tempfile.TemporaryDirectory(prefix="vcsa-conformance-") as scratch:
        ini = Path(scratch) / "pytest.ini"
        ini.write_text(_INI, encoding="utf-8")
        args = [
            str(SUITE_DIR),
            "-c", str(ini),
            "--rootdir", str(SUITE_DIR),
            "--confcutdir", str(SUITE_DIR),
            "-p", "vcsa_conformance.suite.run.plugin",
            "-p", "no:cacheprovider",
            *(_VERBOSE if verbose else _SILENT),
            *extra_args,
        ]  # fmt: skip
        # hypothesis keeps caches (even with the example database off) under .hypothesis/ in
        # the working directory; a run for reports leaves nothing behind there.
        set_hypothesis_home_dir(hypothesis_cache_dir(Path(scratch)))
        try:
            return int(pytest.main(args, plugins=[session]))
        finally:
            set_hypothesis_home_dir(None)


def build_result(
    recorder: Recorder,
    *,
    target: str,
    started: datetime,
    duration: float,
    profile: str,
    error: str | None = None,
    bounds: Bounds | None = None,
    appliance: ApplianceVersion | None = None,
) -> RunResult:
    """The RunResult of a finished run: one RequirementResult per catalogue entry.

    A MUST failure is final: the verdict is non-conformant whatever else happened (an
    interrupted run, an error). Otherwise an error makes it "error", a MUST that no check
    reached "incomplete", and only a run that checked every MUST is "conformant" (see
    ``results.verdict_of``). The exchanges are there when the options asked to keep them."""
    requirements = [_requirement_result(recorder, r_id) for r_id in catalogue()]
    return RunResult(
        verdict=verdict_of(requirements, error),
        target=target,
        started=started.isoformat(timespec="seconds").replace("+00:00", "Z"),
        duration_s=round(duration, 3),
        tool_version=vcsa_conformance.__version__,
        spec_version=spec.spec_version(),
        profile=profile,
        requirements=requirements,
        coverage=Coverage(
            operations={op: dict(counts) for op, counts in recorder.coverage.items()},
            documented=spec.documented_statuses(),
            cases=recorder.cases,
        ),
        requests=recorder.requests,
        error=error,
        bounds=bounds,
        appliance=appliance or ApplianceVersion(),
        exchanges=list(recorder.exchanges),
    )


def _requirement_result(recorder: Recorder, requirement_id: str) -> RequirementResult:
    entry = catalogue()[requirement_id]
    failures = list(recorder.failures.get(requirement_id, []))
    checks = recorder.checks[requirement_id]
    status: Status = "fail" if failures else "pass" if checks else "skip"
    reason = None
    if status == "skip":
        reason = recorder.skips.get(requirement_id, "no test checked it in this run")
    return RequirementResult(
        id=entry.id,
        level=entry.level,
        title=entry.title,
        area=entry.area,
        status=status,
        checks=checks,
        failures=failures,
        skip_reason=reason,
    )


def _without_credentials(url: str) -> str:
    parts = urlsplit(url)
    if not parts.hostname or (parts.username is None and parts.password is None):
        return url
    host = parts.hostname if parts.port is None else f"{parts.hostname}:{parts.port}"
    return urlunsplit((parts.scheme, host, parts.path, parts.query, parts.fragment))
