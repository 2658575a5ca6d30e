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


def test_the_draft_requirements_of_issue_19_keep_the_catalogues_rules() -> None:
    """requirements-schedules.draft.yaml is loaded by nothing yet (its entries join the
    catalogue with their suite tests); it is held to the catalogue's rules already."""
    from importlib.resources import files

    import yaml

    from vcsa_conformance.contract.requirements import _ID, Requirement

    text = files("vcsa_conformance.contract").joinpath("requirements-schedules.draft.yaml")
    draft = [Requirement(**entry) for entry in yaml.safe_load(text.read_text("utf-8"))]
    ids = [entry.id for entry in draft]
    assert len(ids) == len(set(ids))
    assert not set(ids) & set(catalogue())
    for entry in draft:
        assert _ID.match(entry.id), entry.id
        assert entry.level in ("MUST", "SHOULD"), entry.id
        assert entry.text.rstrip().endswith("."), entry.id
        if entry.level == "MUST":
            assert entry.source.startswith("spec 8.0.2"), entry.id
    assert {entry.id.rsplit("-", 1)[0] for entry in draft} == {
        "BKP-SCHED",
        "BKP-VALIDATE",
        "BKP-DETAILS",
    }
