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
    """Issue 19's requirements joined the catalogue with their suite tests; each MUST of
    them quotes VMware's 8.0.2 description."""
    ours = [entry for entry in catalogue().values() if entry.area in AREAS_OF_ISSUE_19]
    assert {entry.id.rsplit("-", 1)[0] for entry in ours} == {
        "BKP-SCHED",
        "BKP-VALIDATE",
        "BKP-DETAILS",
    }
    assert (
        len([e for e in catalogue() if e.startswith(("BKP-SCHED", "BKP-VALIDATE", "BKP-DETAILS"))])
        == 23
    )
    for entry in ours:
        if entry.level == "MUST" and entry.id.startswith(
            ("BKP-SCHED", "BKP-VALIDATE", "BKP-DETAILS")
        ):
            assert entry.source.startswith("spec 8.0.2"), entry.id


AREAS_OF_ISSUE_19 = ("schedules", "validate", "job details", "one backup at a time")
