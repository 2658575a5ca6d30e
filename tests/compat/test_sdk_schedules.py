"""VMware's Python SDK drives schedules, validate and job details on the mock over vAPI
JSON-RPC (issue 19): ``Schedules`` create/get/list/update/run/delete, ``Backup.validate`` and
``job.Details.list``, with the errors the bindings name."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any, Protocol

import pytest
import requests
from com.vmware.appliance.recovery.backup.job_client import Details
from com.vmware.appliance.recovery.backup_client import Job, Schedules
from com.vmware.appliance.recovery_client import Backup
from com.vmware.cis.task_client import Progress, Status
from com.vmware.vapi.std.errors_client import (
    AlreadyExists,
    Error,
    FeatureInUse,
    InvalidArgument,
    NotFound,
    Unauthorized,
)
from vmware.vapi.vsphere.client import VsphereClient

ADMIN = ("administrator@vsphere.local", "VMware1!")
READONLY = ("readonly@vsphere.local", "ReadOnly1!")
BACKUP_PASSWORD = "Backup#2026"
LOCATION = "sftp://192.0.2.10/backups/vc01"


class _Clock(Protocol):
    """The conftest's test clock, as far as these tests need it."""

    now: float


def create_spec(**changes: Any) -> Schedules.CreateSpec:
    fields: dict[str, Any] = {
        "parts": ["seat"],
        "backup_password": BACKUP_PASSWORD,
        "location": LOCATION,
        "location_user": "backup",
        "location_password": "LocPassw0rd!",
        "recurrence_info": Schedules.RecurrenceInfo(
            minute=30,
            hour=2,
            days=[Schedules.DayOfWeek.MONDAY, Schedules.DayOfWeek.FRIDAY],
        ),
        "retention_info": Schedules.RetentionInfo(max_count=7),
        **changes,
    }
    return Schedules.CreateSpec(**fields)


def backup_request(**changes: Any) -> Backup.BackupRequest:
    fields: dict[str, Any] = {
        "parts": ["common"],
        "backup_password": BACKUP_PASSWORD,
        "location_type": Backup.LocationType.NFS,
        "location": "nfs://192.0.2.20/exports/vcsa",
        **changes,
    }
    return Backup.BackupRequest(**fields)


@pytest.fixture
def client(connect: Callable[..., VsphereClient]) -> VsphereClient:
    return connect()


@pytest.fixture
def schedules(client: VsphereClient) -> Schedules:
    service: Schedules = client.appliance.recovery.backup.Schedules
    return service


def test_create_get_list_update_delete(schedules: Schedules) -> None:
    assert schedules.create("default", create_spec()) is None
    info = schedules.get("default")
    assert isinstance(info, Schedules.Info)
    assert (info.parts, info.location, info.location_user) == (["seat"], LOCATION, "backup")
    assert info.enable is True
    assert info.recurrence_info.minute == 30 and info.recurrence_info.hour == 2
    assert info.recurrence_info.days == [Schedules.DayOfWeek.MONDAY, Schedules.DayOfWeek.FRIDAY]
    assert info.retention_info.max_count == 7
    assert info.fast_backup is None
    assert schedules.list() == {"default": info}

    change = Schedules.UpdateSpec(enable=False, retention_info=Schedules.RetentionInfo(3))
    assert schedules.update("default", change) is None
    updated = schedules.get("default")
    assert (updated.enable, updated.retention_info.max_count) == (False, 3)
    assert updated.location == LOCATION  # unset fields of an UpdateSpec stay as they were

    assert schedules.delete("default") is None
    assert schedules.list() == {}


def test_run_starts_a_scheduled_backup_that_details_describe(
    client: VsphereClient, schedules: Schedules, clock: _Clock
) -> None:
    schedules.create("default", create_spec())
    status = schedules.run("default", comment="before the upgrade")
    assert isinstance(status, Job.BackupJobStatus)
    assert status.state == Job.BackupRestoreProcessState.INPROGRESS
    assert isinstance(status.start_time, datetime)
    with pytest.raises(FeatureInUse):
        schedules.run("default")

    clock.now += 4
    details: Details = client.appliance.recovery.backup.job.Details
    listed = details.list()
    assert list(listed) == [status.id]
    info = listed[status.id]
    assert isinstance(info, Details.Info)
    assert info.type == Details.Type.SCHEDULED
    assert (info.location, info.location_user) == (LOCATION, "backup")
    assert info.status == Status.RUNNING and info.cancelable is True
    assert isinstance(info.progress, Progress) and info.progress.completed == 40
    assert info.service == "com.vmware.appliance.recovery.backup.schedules"
    assert info.operation == "run"
    assert info.build.build_number
    assert info.end_time is None and info.error is None
    assert info.user == ADMIN[0]


def test_details_filter_and_a_failed_job(client: VsphereClient, clock: _Clock) -> None:
    jobs: Job = client.appliance.recovery.backup.Job
    manual = jobs.create(
        Job.BackupRequest(
            parts=[],
            location_type=Job.LocationType.FTP,
            location="ftp://unreachable.example/backups",
        )
    )
    clock.now += 60
    details: Details = client.appliance.recovery.backup.job.Details
    listed = details.list(Details.FilterSpec(jobs={manual.id}))
    info = listed[manual.id]
    assert info.type == Details.Type.MANUAL
    assert info.status == Status.FAILED
    assert isinstance(info.end_time, datetime)
    assert isinstance(info.error, Error)  # vAPI's "any error": the reason as a std Error
    assert "unreachable.example" in info.error.messages[0].default_message
    assert details.list(Details.FilterSpec(jobs={"20000101-000000-1"})) == {}


def test_validate_answers_a_return_result(client: VsphereClient) -> None:
    backup: Backup = client.appliance.recovery.Backup
    result = backup.validate(backup_request())
    assert isinstance(result, Backup.ReturnResult)
    assert (result.status, result.messages) == (Backup.ReturnStatus.OK, [])
    unreachable = backup.validate(backup_request(location="nfs://unreachable.example/x"))
    assert unreachable.status == Backup.ReturnStatus.FAIL
    assert "unreachable.example" in unreachable.messages[0].default_message
    with pytest.raises(InvalidArgument) as raised:
        backup.validate(backup_request(backup_password="weak"))
    assert "weak" not in str(raised.value.messages)


@pytest.mark.parametrize(
    "changes",
    [
        {"backup_password": "weak"},
        {"recurrence_info": Schedules.RecurrenceInfo(minute=60, hour=2)},
        {"recurrence_info": Schedules.RecurrenceInfo(minute=0, hour=24)},
        {"retention_info": Schedules.RetentionInfo(max_count=0)},
        {"location": "gopher://192.0.2.10/backups"},
        {"parts": ["no-such-part"]},
    ],
)
def test_invalid_specs_raise_invalid_argument(
    schedules: Schedules, changes: dict[str, Any]
) -> None:
    with pytest.raises(InvalidArgument) as raised:
        schedules.create("default", create_spec(**changes))
    assert raised.value.messages
    assert "weak" not in str(raised.value.messages)
    assert schedules.list() == {}


def test_a_bad_update_raises_invalid_argument_and_changes_nothing(schedules: Schedules) -> None:
    schedules.create("default", create_spec())
    bad = Schedules.UpdateSpec(recurrence_info=Schedules.RecurrenceInfo(minute=-1, hour=2))
    with pytest.raises(InvalidArgument):
        schedules.update("default", bad)
    assert schedules.get("default").recurrence_info.minute == 30


def test_unknown_schedule_raises_not_found(schedules: Schedules) -> None:
    with pytest.raises(NotFound):
        schedules.get("nightly")
    with pytest.raises(NotFound):
        schedules.update("nightly", Schedules.UpdateSpec(enable=False))
    with pytest.raises(NotFound):
        schedules.run("nightly")
    with pytest.raises(NotFound):
        schedules.delete("nightly")


def test_a_second_schedule_raises_already_exists(schedules: Schedules) -> None:
    schedules.create("default", create_spec())
    with pytest.raises(AlreadyExists):
        schedules.create("default", create_spec())
    with pytest.raises(AlreadyExists):
        schedules.create("weekly", create_spec())


def test_the_readonly_user_reads_but_may_not_write(
    connect: Callable[..., VsphereClient], schedules: Schedules
) -> None:
    schedules.create("default", create_spec())
    readonly: Schedules = connect(READONLY).appliance.recovery.backup.Schedules
    assert readonly.get("default").location == LOCATION
    with pytest.raises(Unauthorized):
        readonly.run("default")
    with pytest.raises(Unauthorized):
        readonly.delete("default")


def test_one_model_an_sdk_schedule_is_the_rest_schedule(
    schedules: Schedules, http: requests.Session, server: str
) -> None:
    schedules.create("default", create_spec())
    token = http.post(f"https://{server}/api/session", auth=ADMIN).json()
    headers = {"vmware-api-session-id": token}
    api = http.get(f"https://{server}/api/appliance/recovery/backup/schedules", headers=headers)
    assert api.json()["default"]["location"] == LOCATION
    legacy = http.get(
        f"https://{server}/rest/appliance/recovery/backup/schedules/default", headers=headers
    )
    assert legacy.json()["value"]["retention_info"] == {"max_count": 7}
