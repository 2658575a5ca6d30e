"""The contract: openapi.yaml, the requirements catalogue and the documented rules.

The names below are the package's public surface (pinned by tests/unit/test_public_api.py);
the API's own names (paths, header, job states) are in ``contract.api``.
"""

from vcsa_conformance.contract.password import Rule, broken_rules, is_valid
from vcsa_conformance.contract.requirements import (
    CatalogueError,
    Requirement,
    catalogue,
    requirement,
)
from vcsa_conformance.contract.spec import (
    Operation,
    SpecError,
    SpecNotFound,
    operations,
    spec_path,
    validate_spec,
)
from vcsa_conformance.contract.timestamps import parse_rfc3339
from vcsa_conformance.contract.vapi import ERROR_TYPES, status_for, types_for

__all__ = [
    "ERROR_TYPES",
    "CatalogueError",
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
]
