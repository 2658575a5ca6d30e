"""The requirements catalogue loads, and its ids are well-formed and unique."""

from __future__ import annotations

import pytest

from vcsa_conformance.contract.requirements import CatalogueError, catalogue, requirement


def test_catalogue_loads_with_both_levels() -> None:
    levels = {entry.level for entry in catalogue().values()}
    assert levels == {"MUST", "SHOULD"}


def test_every_requirement_has_a_source_and_one_sentence() -> None:
    for entry in catalogue().values():
        assert entry.source.strip(), entry.id
        assert entry.text.rstrip().endswith("."), entry.id


def test_unknown_id_is_named() -> None:
    with pytest.raises(CatalogueError, match="BKP-NOPE-999"):
        requirement("BKP-NOPE-999")


def test_the_schedule_validate_and_details_requirements_are_in_the_catalogue() -> None:
    """Issue 19's 23 requirements joined the catalogue with their suite tests (the draft file
    is gone); each MUST of them quotes VMware's 8.0.2 description."""
    ours = [entry for entry in catalogue().values() if entry.id.startswith(ISSUE_19)]
    assert len(ours) == 23
    for entry in ours:
        if entry.level == "MUST":
            assert entry.source.startswith("spec 8.0.2"), entry.id


ISSUE_19 = ("BKP-SCHED-", "BKP-VALIDATE-", "BKP-DETAILS-")
