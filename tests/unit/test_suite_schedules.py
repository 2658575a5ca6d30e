"""The run's own schedules (suite/http/schedules.py): writes only when allowed, only under
ids the run minted, never next to a schedule someone else made, all deleted at the end."""

from __future__ import annotations

import time
from collections.abc import Iterator
from unittest import SkipTest

import pytest

from vcsa_conformance.contract.api import SCHEDULES_PATH
from vcsa_conformance.mock.model.config import MockConfig
from vcsa_conformance.mock.server import serve_in_thread
from vcsa_conformance.redact import Redactor
from vcsa_conformance.suite.generate.schedules import minimal_spec
from vcsa_conformance.suite.http.client import Client
from vcsa_conformance.suite.http.schedules import PREFIX, ScheduleKeeper
from vcsa_conformance.suite.judge.recorder import Recorder

ADMIN, PASSWORD = "administrator@vsphere.local", "VMware1!"


@pytest.fixture
def client() -> Iterator[Client]:
    with serve_in_thread(MockConfig()) as running:
        recorder = Recorder(test=lambda: "test_x")
        made = Client(running.url, str(running.ca_path), recorder=recorder, redactor=Redactor())
        made.login(ADMIN, PASSWORD)
        yield made
        made.close()


def test_writes_off_skip_with_the_option_named(client: Client) -> None:
    keeper = ScheduleKeeper(client, allowed=False, refusal="use --schedule-writes")
    with pytest.raises(SkipTest, match="--schedule-writes"):
        keeper.require_room()


def test_an_id_the_run_did_not_mint_is_never_written(client: Client) -> None:
    keeper = ScheduleKeeper(client, allowed=True, refusal="")
    for write in (keeper.update, keeper.create):
        with pytest.raises(ValueError, match="default"):
            write("default", {})
    with pytest.raises(ValueError, match="default"):
        keeper.delete("default")


def test_an_existing_schedule_is_named_and_left_alone(client: Client) -> None:
    body = {"schedule": "default", "spec": minimal_spec()}
    assert client.send("POST", SCHEDULES_PATH, json=body).status == 204
    keeper = ScheduleKeeper(client, allowed=True, refusal="")
    with pytest.raises(SkipTest, match="'default'"):
        keeper.require_room()
    assert keeper.get("default").status == 200


def test_the_runs_schedules_are_deleted_at_the_end_after_the_time_limit(client: Client) -> None:
    keeper = ScheduleKeeper(client, allowed=True, refusal="")
    schedule_id = keeper.mint()
    assert schedule_id.startswith(PREFIX)
    assert keeper.create(schedule_id, minimal_spec()).status == 204
    client._deadline = time.monotonic() - 1  # the run's time limit has passed
    keeper.clean_up()
    assert keeper.left == [] and keeper.deleted == [schedule_id]
    assert keeper.get(schedule_id).status == 404
