"""What one conformance run shares across its tests: options, recorder, redactor, target, and
the running test."""

from __future__ import annotations

import time
from contextlib import ExitStack
from typing import TYPE_CHECKING, NoReturn

import hypothesis

from vcsa_conformance.redact import Redactor
from vcsa_conformance.results import ApplianceVersion
from vcsa_conformance.suite.http.client import Liveness
from vcsa_conformance.suite.http.gate import skip
from vcsa_conformance.suite.judge.recorder import Recorder
from vcsa_conformance.suite.run.options import SuiteOptions
from vcsa_conformance.suite.run.profiles import EXAMPLE_BUDGETS, ExampleBudget
from vcsa_conformance.suite.run.target import Target, open_target

if TYPE_CHECKING:
    from vcsa_conformance.suite.http.backups import BackupController
    from vcsa_conformance.suite.http.schedules import ScheduleKeeper


class SuiteSession:
    """One run's shared state; the runner passes its own to pytest, plain pytest builds one.

    The target (and with it the embedded mock) starts on first use, so a pytest run that
    collects no conformance test never starts a mock.
    """

    def __init__(self, options: SuiteOptions, *, quiet: bool = False) -> None:
        self.options = options
        self.quiet = quiet  # a run for reports: hypothesis prints no generated examples
        secrets = (options.password, options.readonly_password, options.backup_location_password)
        self.redactor = Redactor(secrets)
        self.recorder = Recorder(
            self.redactor,
            keep_exchanges=options.record_exchanges,
            test=lambda: self.running.name,
        )
        self.running = RunningTest(self.recorder)
        self.example_budget: ExampleBudget = EXAMPLE_BUDGETS[options.profile]
        self.started = time.monotonic()
        self.deadline = self.started + options.run_time_limit
        self.target_url: str | None = options.target
        self._stack = ExitStack()
        self._target: Target | None = None
        self.backups: BackupController | None = None  # set once a test needs the budget
        self.schedules: ScheduleKeeper | None = None  # set once a test needs a schedule
        self.liveness = Liveness()  # shared by the run's clients: has the target stopped?
        self.collect_errors: list[str] = []  # why a module of the suite could not be collected
        self.appliance = ApplianceVersion()  # read once the run has logged in

    def target(self) -> Target:
        """The run's target, started on first call and kept until ``close``."""
        if self._target is None:
            self._target = self._stack.enter_context(open_target(self.options))
            self.redactor.add(self._target.password)
            self.redactor.add(self._target.readonly_password)
            self.target_url = self._target.url
        return self._target

    def close(self) -> None:
        """Stop the embedded mock, if one was started."""
        self._stack.close()
        self._target = None


class RunningTest:
    """The test running now, as the backup controller (its ``RunningTest``) and the recorder
    need to know it; one per run.

    The plugin names the test when it starts (``begin``); the recorder asks its name when it
    keeps a failure, and the controller asks whether a create may still go out and how to stop
    one that may not. This is the run layer's to say because it knows hypothesis: inside a
    generated example a create identical to one already sent is answered from memory
    (hypothesis replays its failing example), and a test that already failed rejects the
    example rather than skipping (it keeps shrinking on what it has, and its failure stands)."""

    def __init__(self, recorder: Recorder) -> None:
        self.recorder = recorder
        self.name = ""
        self.requirements: tuple[str, ...] = ()

    def begin(self, name: str, requirements: tuple[str, ...]) -> None:
        """A test starts: its id and the requirements it checks."""
        self.name, self.requirements = name, requirements

    def has_failed(self) -> bool:
        """True when the running test has already seen a MUST failure."""
        return self.recorder.failed_in(self.name)

    def musts_failed(self) -> list[str]:
        """The running test's MUST ids when every one of them has already failed."""
        return self.recorder.musts_failed(self.requirements)

    def replaying(self) -> bool:
        """True inside a hypothesis example."""
        return hypothesis.currently_in_test_context()

    def stop(self, reason: str) -> NoReturn:
        """Reject the example of a hypothesis test that already failed; skip anything else."""
        if hypothesis.currently_in_test_context() and self.has_failed():
            hypothesis.reject()
        skip(reason)
