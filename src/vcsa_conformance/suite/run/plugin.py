"""The pytest plugin of the conformance suite: requirement markers, fixtures, results.

- Marker ``requirement(*ids)``: every test in the suite package must carry it, with ids from
  the catalogue; otherwise collection fails (such a test never runs).
- Fixtures: ``target`` (live from SuiteOptions/VCSA_* variables, else the embedded mock over
  HTTPS), ``client`` (logged in), ``backups`` (budget and cleanup), ``recorder``, ``parts``,
  ``example_budget``, ``new_client``.
- Marker ``step(Step.X)``: the test's place in the plan of a run (``plan.py``); tests run in
  that order, and collection fails on a test of the suite package without it (tests of
  ``vcsa_suite_dirs`` without it run after the plan).
- Results: MUST failures are kept as they are seen and replaced by each test's final (shrunk)
  exception; skips are remembered per requirement; the runner reads everything from the
  session's ``Recorder``.
- SHOULD failures are recorded and the test goes on and passes (listed in a terminal
  section), rather than xfailing it: an xfail would end the test at the first SHOULD miss
  and leave its MUST checks unrun, and a strict xfail would fail on a conforming target.
"""

from __future__ import annotations

import contextlib
import re
import unittest
from collections.abc import Callable, Generator, Iterator
from functools import partial
from pathlib import Path
from typing import Any

import pytest

from vcsa_conformance.contract.requirements import catalogue
from vcsa_conformance.results import Failure
from vcsa_conformance.suite.conformance import DIRECTORY as SUITE_DIR
from vcsa_conformance.suite.generate.requests import BackupLocation
from vcsa_conformance.suite.http.backups import BackupController
from vcsa_conformance.suite.http.client import Client, NoAnswer
from vcsa_conformance.suite.http.schedules import ScheduleKeeper
from vcsa_conformance.suite.http.version import appliance_version
from vcsa_conformance.suite.judge import expectations
from vcsa_conformance.suite.judge.recorder import ConformanceFailure, Recorder
from vcsa_conformance.suite.run.options import (
    SCHEDULE_WRITES_HINT,
    OptionsError,
    options_from_env,
    pacing,
)
from vcsa_conformance.suite.run.plan import Step
from vcsa_conformance.suite.run.profiles import ExampleBudget, hypothesis_settings
from vcsa_conformance.suite.run.session import SuiteSession
from vcsa_conformance.suite.run.target import Target

MARKER = "requirement"
STEP = "step"
_SESSION = pytest.StashKey[SuiteSession]()
_REPRODUCE = re.compile(r"@reproduce_failure\([^)]*\)")


def pytest_addoption(parser: pytest.Parser) -> None:
    """``vcsa_suite_dirs``: more directories whose tests obey the suite's rules (own tests)."""
    parser.addini(
        "vcsa_suite_dirs",
        type="paths",
        default=[],
        help="directories holding conformance tests besides the suite package",
    )


def pytest_configure(config: pytest.Config) -> None:
    """Register the markers and find (runner) or build (plain pytest) the run's session."""
    config.addinivalue_line(
        "markers", f"{MARKER}(*ids): the requirement ids (requirements.yaml) a test checks"
    )
    config.addinivalue_line("markers", f"{STEP}(step): the test's place in the plan (plan.Step)")
    session = next(
        (p for p in config.pluginmanager.get_plugins() if isinstance(p, SuiteSession)), None
    )
    if session is None:
        try:
            session = SuiteSession(options_from_env())
        except OptionsError as error:
            raise pytest.UsageError(str(error)) from None
    config.stash[_SESSION] = session


def pytest_unconfigure(config: pytest.Config) -> None:
    """Stop the embedded mock of a plain pytest run (the runner closes its own)."""
    session = config.stash.get(_SESSION, None)
    if session is not None and session not in config.pluginmanager.get_plugins():
        session.close()


def _is_suite_item(item: pytest.Item) -> bool:
    dirs = [SUITE_DIR, *(Path(d).resolve() for d in item.config.getini("vcsa_suite_dirs"))]
    path = item.path.resolve()
    return any(path.is_relative_to(directory) for directory in dirs)


def requirement_ids(item: pytest.Item) -> tuple[str, ...]:
    """The ids of every requirement marker on the item, in order."""
    return tuple(
        str(requirement_id) for mark in item.iter_markers(MARKER) for requirement_id in mark.args
    )


def pytest_collection_modifyitems(
    session: pytest.Session, config: pytest.Config, items: list[pytest.Item]
) -> None:
    """Refuse unknown ids and unmarked suite tests; apply the profile; order by the plan."""
    known = catalogue()
    problems: list[str] = []
    for item in filter(_is_suite_item, items):
        ids = requirement_ids(item)
        if not ids:
            problems.append(f"{item.nodeid}: no @pytest.mark.{MARKER}(...) marker")
        problems += [f"{item.nodeid}: unknown requirement id {i!r}" for i in ids if i not in known]
        if _step(item) is None and item.path.resolve().is_relative_to(SUITE_DIR):
            problems.append(f"{item.nodeid}: no @pytest.mark.{STEP}(Step.X) marker")
    if problems:
        raise pytest.UsageError(
            "conformance tests must name catalogue requirements "
            "(src/vcsa_conformance/contract/requirements.yaml):\n  " + "\n  ".join(problems)
        )
    suite = config.stash[_SESSION]
    for item in filter(_is_suite_item, items):
        _apply_profile(item, suite)
    items.sort(key=_order)


def _order(item: pytest.Item) -> int:
    if not _is_suite_item(item):
        return -1
    return int(_step(item) or max(Step))


def _step(item: pytest.Item) -> Step | None:
    mark = item.get_closest_marker(STEP)
    return Step(mark.args[0]) if mark is not None and mark.args else None


def _apply_profile(item: pytest.Item, suite: SuiteSession) -> None:
    test = getattr(item, "obj", None)
    if test is None or not getattr(test, "is_hypothesis_test", False):
        return
    seed = suite.options.seed
    test._hypothesis_internal_use_settings = hypothesis_settings(
        suite.example_budget, seeded=seed is not None, quiet=suite.quiet
    )
    if seed is not None:
        test._hypothesis_internal_use_seed = seed


@pytest.hookimpl(wrapper=True)
def pytest_make_collect_report(
    collector: pytest.Collector,
) -> Generator[None, pytest.CollectReport, pytest.CollectReport]:
    """Keep why a module of the suite could not be collected: with pytest's own output off
    (the default of ``vcsa-conformance run``) the run's error must say it."""
    report = yield
    suite = collector.config.stash.get(_SESSION, None)
    if report.failed and suite is not None:
        last = (report.longreprtext.strip().splitlines() or ["(no detail)"])[-1]
        text = suite.redactor.text(last)[:300]
        suite.collect_errors.append(f"{report.nodeid or 'the suite'}: {text}")
    return report


def pytest_runtest_setup(item: pytest.Item) -> None:
    """Name the running test for the recorder and the backup controller."""
    if _is_suite_item(item):
        item.config.stash[_SESSION].running.begin(item.nodeid, requirement_ids(item))


@pytest.hookimpl(wrapper=True)
def pytest_pyfunc_call(pyfuncitem: pytest.Function) -> Generator[None, object, object]:
    """Run a plain suite test inside ``collecting``: a MUST failure early in a scenario must
    not hide the other requirements it checks. Hypothesis tests raise at once (to shrink);
    their bodies group their own checks."""
    hypothesis_test = getattr(pyfuncitem.obj, "is_hypothesis_test", False)
    if not _is_suite_item(pyfuncitem) or hypothesis_test:
        return (yield)
    with pyfuncitem.config.stash[_SESSION].recorder.collecting():
        return (yield)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    """Turn each suite test's outcome into requirement results."""
    report = yield
    if _is_suite_item(item):
        _record_outcome(item, call, report)
    return report


def _record_outcome(item: pytest.Item, call: pytest.CallInfo[None], report: Any) -> None:
    suite = item.config.stash[_SESSION]
    ids = requirement_ids(item)
    if report.skipped:
        reason = _skip_reason(report)
        for requirement_id in ids:
            suite.recorder.skip(requirement_id, reason)
        return
    if not report.failed or call.excinfo is None:
        return
    failures = list(_conformance_failures(call.excinfo.value))
    if failures:
        for error, notes in failures:
            suite.recorder.add_failure(error.failure, _reproduction(notes, suite))
        return
    received = suite.redactor.text(f"{call.excinfo.typename}: {call.excinfo.value}")[:500]
    for requirement_id in ids:
        suite.recorder.add_failure(
            Failure(
                requirement_id=requirement_id,
                check="test_completed",
                expected="the test to complete against the target",
                received=received,
                test=item.nodeid,
            )
        )


def _skip_reason(report: Any) -> str:
    longrepr = report.longrepr
    if isinstance(longrepr, tuple) and len(longrepr) == 3:
        return str(longrepr[2]).removeprefix("Skipped: ")
    return str(longrepr)


def _conformance_failures(
    error: BaseException, notes: tuple[str, ...] = ()
) -> Iterator[tuple[ConformanceFailure, tuple[str, ...]]]:
    notes = (*notes, *getattr(error, "__notes__", ()))
    if isinstance(error, ConformanceFailure):
        yield error, notes
    elif isinstance(error, BaseExceptionGroup):
        for inner in error.exceptions:
            yield from _conformance_failures(inner, notes)


def _reproduction(notes: tuple[str, ...], suite: SuiteSession) -> str | None:
    blob = next((m.group(0) for note in notes for m in [_REPRODUCE.search(note)] if m), None)
    if blob is None:
        return None
    seed = suite.options.seed
    where = f"seed {seed}" if seed is not None else "derandomized"
    return f"profile {suite.options.profile}, {where}; {blob}"


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """Show SHOULD failures, which do not fail a test, so plain pytest still reveals them."""
    session = terminalreporter.config.stash.get(_SESSION, None)
    if session is None:
        return
    should = {
        requirement_id: failures
        for requirement_id, failures in session.recorder.failures.items()
        if failures and catalogue()[requirement_id].level == "SHOULD"
    }
    if not should:
        return
    terminalreporter.section("SHOULD requirements not met (reported, not failing)")
    for requirement_id, failures in sorted(should.items()):
        first = failures[0]
        terminalreporter.line(
            f"{requirement_id} {catalogue()[requirement_id].title}: expected {first.expected}, "
            f"received {first.received} ({first.test})"
        )


# Fixtures


@pytest.fixture(scope="session")
def suite_session(request: pytest.FixtureRequest) -> SuiteSession:
    """The run's shared state."""
    return request.config.stash[_SESSION]


@pytest.fixture(scope="session")
def target(suite_session: SuiteSession) -> Target:
    """The appliance under test: live from the options, else the embedded mock."""
    return suite_session.target()


@pytest.fixture(scope="session")
def recorder(suite_session: SuiteSession) -> Recorder:
    """Check counts and failures of the run."""
    return suite_session.recorder


@pytest.fixture(scope="session")
def example_budget(suite_session: SuiteSession) -> ExampleBudget:
    """How many examples the run's profile explores."""
    return suite_session.example_budget


@pytest.fixture(scope="session")
def new_client(suite_session: SuiteSession, target: Target) -> Iterator[Callable[[], Client]]:
    """A factory of unauthenticated clients (closed at the session's end)."""
    made: list[Client] = []
    options = suite_session.options

    def make() -> Client:
        client = Client(
            target.url,
            target.verify,
            recorder=suite_session.recorder,
            redactor=suite_session.redactor,
            timeout=options.request_timeout,
            rate_limit=options.rate_limit,
            deadline=suite_session.deadline,
            liveness=suite_session.liveness,
        )
        made.append(client)
        return client

    yield make
    for client in made:
        client.close()


@pytest.fixture(scope="session")
def client(
    new_client: Callable[[], Client], target: Target, suite_session: SuiteSession
) -> Iterator[Client]:
    """A client logged in as the run's user (logged out at the session's end); the
    appliance's version is read once, here, for the reports."""
    logged_in = new_client()
    try:
        exchange = logged_in.login(target.user, target.password)
    except NoAnswer as unanswered:  # it answered the preflight moments ago: it stopped
        suite_session.liveness.stop(f"the appliance did not answer the run's login ({unanswered})")
        raise
    if logged_in.token is None:
        pytest.fail(f"login as {target.user} failed with {exchange.describe()}", pytrace=False)
    suite_session.appliance = appliance_version(logged_in)
    yield logged_in
    with contextlib.suppress(unittest.SkipTest):  # the time limit, or a target that stopped
        logged_in.logout()


@pytest.fixture(scope="session")
def backups(
    client: Client, recorder: Recorder, suite_session: SuiteSession
) -> Iterator[BackupController]:
    """The run's backup budget and cleanup: every job started is cancelled or awaited."""
    controller = BackupController(
        client,
        suite_session.running,
        pacing(suite_session.options),
        deadline=suite_session.deadline,
        judge=partial(expectations.read_on_the_way, recorder),
    )
    suite_session.backups = controller
    yield controller
    controller.finish()


@pytest.fixture(scope="session")
def schedules(
    client: Client, backups: BackupController, suite_session: SuiteSession
) -> Iterator[ScheduleKeeper]:
    """The run's own schedules: written only when the run may (--schedule-writes on a live
    target), and deleted at the session's end, after a failure or the time limit too. It
    depends on ``backups`` so that it is torn down first: a schedule's backup still running
    is the controller's to cancel after."""
    keeper = ScheduleKeeper(
        client, allowed=suite_session.options.writes_schedules, refusal=SCHEDULE_WRITES_HINT
    )
    suite_session.schedules = keeper
    yield keeper
    keeper.clean_up()


@pytest.fixture(scope="session")
def location(suite_session: SuiteSession) -> BackupLocation:
    """Where the backups the run means to start go (--backup-location, else TEST-NET)."""
    options = suite_session.options
    return BackupLocation(
        options.backup_location, options.backup_location_user, options.backup_location_password
    )


@pytest.fixture(scope="session")
def parts(client: Client) -> list[str]:
    """The part ids the target lists (an empty list if it lists none)."""
    body = client.list_parts().json
    if not isinstance(body, list):
        return []
    return [str(part["id"]) for part in body if isinstance(part, dict) and "id" in part]
