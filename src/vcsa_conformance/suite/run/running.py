"""The running test, as the backup controller and the recorder need to know it.

The plugin names the test when it starts (``begin``); the recorder asks its name when it keeps
a failure, and the controller asks whether a create may still go out and how to stop one that
may not. This is the run layer's to say because it knows hypothesis: inside a generated example
a create identical to one already sent is answered from memory (hypothesis replays its failing
example), and a test that already failed rejects the example rather than skipping (it keeps
shrinking on what it has, and its failure stands).
"""

from __future__ import annotations

from typing import NoReturn

import hypothesis

from vcsa_conformance.suite.http.gate import skip
from vcsa_conformance.suite.judge.recorder import Recorder


class RunningTest:
    """The test running now (the controller's ``RunningTest``); one per run."""

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
