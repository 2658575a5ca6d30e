"""Backup parts: the list holds the required part, and each listed part has a size."""

from __future__ import annotations

import pytest

from vcsa_conformance.suite.http.client import Client
from vcsa_conformance.suite.judge import checks, expectations
from vcsa_conformance.suite.judge.recorder import Recorder
from vcsa_conformance.suite.run.plan import Step

pytestmark = pytest.mark.step(Step.READS)


@pytest.mark.requirement("BKP-PARTS-001")
def test_parts_list(client: Client, recorder: Recorder) -> None:
    exchange = client.list_parts()
    expectations.answer(recorder, exchange)
    recorder.check("BKP-PARTS-001", checks.check_parts_list, exchange)


@pytest.mark.requirement("BKP-PARTS-002")
def test_part_sizes(client: Client, recorder: Recorder, parts: list[str]) -> None:
    if not parts:
        pytest.skip("the target lists no parts (see BKP-PARTS-001)")
    for part in parts:
        exchange = client.part_size(part)
        expectations.answer(recorder, exchange)
        recorder.check("BKP-PARTS-002", checks.check_part_size, exchange)
