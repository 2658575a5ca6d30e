"""One error family: every exception class of ours derives from the root, or is control flow."""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Iterator

import vcsa_conformance
from vcsa_conformance.errors import VcsaConformanceError

# Not errors a user sees: a test that cannot go on (unittest.SkipTest), a requirement seen
# broken (a check's verdict, pytest's AssertionError), and the mock's error answers to a client.
# By class name, so that moving a module keeps the test.
CONTROL_FLOW = {
    "_PlainFailure",
    "VapiError",
    "ProtocolError",
    "VapiValueError",
    "NotChecked",
    "NoAnswer",
    "TimeLimitReached",
    "CheckFailed",
    "ConformanceFailure",
    "ConformanceFailures",
}


def _subclasses(cls: type[BaseException]) -> Iterator[type[BaseException]]:
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def test_every_exception_of_ours_is_in_the_family_or_control_flow() -> None:
    prefix = f"{vcsa_conformance.__name__}."
    for module in pkgutil.walk_packages(vcsa_conformance.__path__, prefix):
        if not module.name.endswith("__main__"):  # running those would start a command
            importlib.import_module(module.name)
    outside = {
        cls
        for cls in _subclasses(BaseException)
        if cls.__module__.startswith(prefix) and not issubclass(cls, VcsaConformanceError)
    }
    # A subclass of one of those is of the same kind (the recorder makes one per requirement).
    assert {cls.__qualname__ for cls in outside if not outside & set(cls.__bases__)} == CONTROL_FLOW
