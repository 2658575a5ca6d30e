"""The appliance's version and build, for the reports: never judged, never a failure.

``GET /api/appliance/system/version`` is in VMware's published appliance API (8.0.2 and
7.0.3: a struct with ``version``, ``product``, ``build`` and more). It is outside the backup
API this suite judges, so a target that refuses it, or answers something else, is reported
as "unknown" rather than failed.
"""

from __future__ import annotations

import unittest

import httpx

from vcsa_conformance.contract.api import VERSION_PATH
from vcsa_conformance.results import ApplianceVersion
from vcsa_conformance.suite.http.client import Client

_LONGEST = 100  # characters kept of each field: a report line, not a dump


def appliance_version(client: Client) -> ApplianceVersion:
    """What the logged-in ``client``'s target says it is; unknown when it does not say."""
    try:
        exchange = client.send("GET", VERSION_PATH)
    except (httpx.HTTPError, unittest.SkipTest):  # unreachable now, or the run's time is up
        return ApplianceVersion()
    body = exchange.json
    if exchange.status != 200 or not isinstance(body, dict):
        return ApplianceVersion()
    version, build = _text(body.get("version")), _text(body.get("build"))
    if not version:
        return ApplianceVersion()
    return ApplianceVersion(version, build or "unknown", _text(body.get("product")))


def _text(value: object) -> str:
    return " ".join(value.split())[:_LONGEST] if isinstance(value, str) else ""
