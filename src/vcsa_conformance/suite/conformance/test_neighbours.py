"""The nearest invalid neighbour of a valid request, for each input rule, on every run.

The first creates a run sends (while the appliance is idle): each breaks exactly one rule
(``neighbours.py``) and must be refused cleanly (MUST: not 201, an error with a vAPI body;
SHOULD: 400 INVALID_ARGUMENT, or INVALID_REQUEST for what cannot be deserialized).
"""

from __future__ import annotations

import pytest

from vcsa_conformance.suite.generate.neighbours import NEIGHBOURS, Neighbour
from vcsa_conformance.suite.http.backups import BackupController
from vcsa_conformance.suite.judge import expectations
from vcsa_conformance.suite.judge.recorder import Recorder
from vcsa_conformance.suite.run.plan import Step

pytestmark = pytest.mark.step(Step.NEIGHBOURS)


@pytest.mark.parametrize(
    "neighbour",
    [
        pytest.param(n, id=n.name, marks=pytest.mark.requirement(n.requirement_id, "BKP-INPUT-012"))
        for n in NEIGHBOURS
    ],
)
def test_nearest_invalid_neighbour(
    backups: BackupController, recorder: Recorder, neighbour: Neighbour
) -> None:
    backups.make_idle()  # a busy target would refuse anything: the rule would go untested
    exchange = backups.create(neighbour.request(), expect="refused")
    expectations.rejected(
        recorder,
        neighbour.requirement_id,
        exchange,
        neighbour.why,
        undeserializable=neighbour.undeserializable,
    )
