"""The public API: what each package exports, pinned, so that moving or renaming a module
inside a package cannot silently change what its users import. To change the API on
purpose, change ``__all__`` and this list together."""

from __future__ import annotations

import importlib

import pytest

PUBLIC = {
    "vcsa_conformance": ["__version__"],
    "vcsa_conformance.contract": [
        "CatalogueError",
        "ERROR_TYPES",
        "Operation",
        "Requirement",
        "Rule",
        "SpecError",
        "SpecNotFound",
        "broken_rules",
        "catalogue",
        "is_valid",
        "operations",
        "parse_rfc3339",
        "requirement",
        "spec_path",
        "status_for",
        "types_for",
        "validate_spec",
    ],
    "vcsa_conformance.mock": [
        "Appliance",
        "Fault",
        "MockConfig",
        "RunningMock",
        "User",
        "VapiError",
        "Variant",
        "create_app",
        "serve",
        "serve_in_thread",
    ],
}


@pytest.mark.parametrize("package", sorted(PUBLIC))
def test_all_is_the_public_api_and_every_name_imports(package: str) -> None:
    module = importlib.import_module(package)
    assert sorted(module.__all__) == PUBLIC[package]
    assert [name for name in module.__all__ if not hasattr(module, name)] == []
