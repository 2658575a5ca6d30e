"""The requirements index: which conformance tests check which requirement.

Like Kubernetes' conformance.yaml, the index is derived, never written by hand: from the
catalogue (requirements.yaml) and the ``requirement`` markers of the suite's test modules.
A unit test fails when a catalogue requirement has no test (drift).
"""

from __future__ import annotations

import importlib
import pkgutil
from collections import defaultdict
from collections.abc import Iterator
from typing import Any

import vcsa_conformance.suite.conformance
from vcsa_conformance.contract.requirements import catalogue

MARKER = "requirement"


def _test_functions() -> Iterator[tuple[str, object]]:
    for module_info in pkgutil.iter_modules(vcsa_conformance.suite.conformance.__path__):
        if not module_info.name.startswith("test_"):
            continue
        module = importlib.import_module(f"vcsa_conformance.suite.conformance.{module_info.name}")
        for name, value in vars(module).items():
            if name.startswith("test_") and callable(value):
                yield f"{module_info.name}.py::{name}", value


def requirement_index() -> dict[str, list[str]]:
    """Requirement id -> the suite tests whose marker names it (on the function or on one of
    its parameters), in module order."""
    index: dict[str, list[str]] = defaultdict(list)
    for test_id, function in _test_functions():
        for requirement_id in _marked_ids(getattr(function, "pytestmark", [])):
            if test_id not in index[requirement_id]:
                index[requirement_id].append(test_id)
    return dict(index)


def _marked_ids(marks: list[Any]) -> Iterator[str]:
    for mark in marks:
        if getattr(mark, "name", None) == MARKER:
            yield from mark.args
        elif getattr(mark, "name", None) == "parametrize":
            for value in mark.args[1]:
                yield from _marked_ids(list(getattr(value, "marks", ())))


def requirements_markdown() -> str:
    """A Markdown table of every requirement: id, level, title and the tests that check it."""
    index = requirement_index()
    lines = ["| id | level | requirement | checked by |", "|---|---|---|---|"]
    for requirement in catalogue().values():
        tests = ", ".join(f"`{test.split('::')[1]}`" for test in index.get(requirement.id, []))
        lines.append(
            f"| {requirement.id} | {requirement.level} | {requirement.title} | {tests or '-'} |"
        )
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(requirements_markdown(), end="")
