"""Every catalogue requirement is checked by at least one conformance test (no drift)."""

from __future__ import annotations

from vcsa_conformance.contract.requirements import catalogue
from vcsa_conformance.suite.conformance.index import requirement_index, requirements_markdown


def test_every_requirement_has_a_conformance_test() -> None:
    index = requirement_index()
    assert [r for r in catalogue() if not index.get(r)] == []
    assert set(index) <= set(catalogue())


def test_the_markdown_index_lists_every_requirement() -> None:
    table = requirements_markdown()
    assert all(f"| {requirement_id} |" in table for requirement_id in catalogue())
    assert "`test_wrong_json_types`" in table
