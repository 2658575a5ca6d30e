"""VMware's Python SDK drives backup jobs and parts on the mock over vAPI JSON-RPC (issue 8)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any, Protocol

import pytest
import requests
from com.vmware.appliance.recovery.backup_client import Job, LocationSpec, Parts, SystemName
from com.vmware.vapi.std.errors_client import (
    FeatureInUse,
    InvalidArgument,
    NotFound,
    OperationNotFound,
)
from vmware.vapi.vsphere.client import VsphereClient

from vcsa_conformance.mock.model.appliance import Appliance

BACKUP_PASSWORD = "Backup#2026"


class _Clock(Protocol):
    """The conftest's test clock, as far as these tests need it."""

    now: float


def backup_request(**changes: Any) -> Job.BackupRequest:
    fields: dict[str, Any] = {
        "parts": ["common", "seat"],
        "backup_password": BACKUP_PASSWORD,
        "location_type": Job.LocationType.FTP,
        "location": "ftp://192.0.2.10/backups/vcsa",
        "location_user": "backup",
        "location_password": "LocPassw0rd!",
        "comment": "nightly",
        **changes,
    }
    return Job.BackupRequest(**fields)


@pytest.fixture
def jobs(connect: Callable[..., VsphereClient]) -> Job:
    job_service: Job = connect().appliance.recovery.backup.Job
    return job_service


def test_create_answers_a_backup_job_status(jobs: Job) -> None:
    status = jobs.create(backup_request())
    assert isinstance(status, Job.BackupJobStatus)
    assert status.state == Job.BackupRestoreProcessState.INPROGRESS
    assert status.end_time is None
    assert isinstance(status.start_time, datetime)
    assert status.messages == []


@pytest.mark.parametrize(
    "changes",
    [
        {"backup_password": "weak"},
        {"parts": ["common", "no-such-part"]},
        {"location_type": Job.LocationType("GOPHER")},
        {"location": "sftp://192.0.2.10/backups"},
    ],
)
def test_invalid_requests_raise_invalid_argument(jobs: Job, changes: dict[str, Any]) -> None:
    with pytest.raises(InvalidArgument) as raised:
        jobs.create(backup_request(**changes))
    assert raised.value.messages
    assert "weak" not in str(raised.value.messages)


def test_a_second_create_raises_feature_in_use(jobs: Job) -> None:
    jobs.create(backup_request())
    with pytest.raises(FeatureInUse):
        jobs.create(backup_request())


def test_get_list_and_cancel(jobs: Job, clock: _Clock) -> None:
    created = jobs.create(backup_request())
    clock.now += 1
    status = jobs.get(created.id)
    assert status.id == created.id
    assert status.progress > 0
    assert jobs.list() == [created.id]
    result = jobs.cancel(created.id)
    assert isinstance(result, Job.ReturnResult)
    assert result.status == Job.ReturnStatus.OK
    ended = jobs.get(created.id)
    assert ended.state == Job.BackupRestoreProcessState.FAILED
    assert isinstance(ended.end_time, datetime)


def test_a_finished_job_succeeds_with_end_time(jobs: Job, clock: _Clock) -> None:
    created = jobs.create(backup_request())
    clock.now += 60
    status = jobs.get(created.id)
    assert status.state == Job.BackupRestoreProcessState.SUCCEEDED
    assert status.progress == 100
    assert status.end_time >= status.start_time


def test_unknown_job_raises_not_found(jobs: Job) -> None:
    with pytest.raises(NotFound):
        jobs.get("20000101-000000-1")
    with pytest.raises(NotFound):
        jobs.cancel("20000101-000000-1")


def test_parts_list_and_size(connect: Callable[..., VsphereClient]) -> None:
    parts: Parts = connect().appliance.recovery.backup.Parts
    listed = parts.list()
    assert all(isinstance(part, Parts.Part) for part in listed)
    common = next(part for part in listed if part.id == "common")
    assert common.optional is False
    assert common.name.default_message
    assert parts.get("seat") > 0
    with pytest.raises(NotFound):
        parts.get("no-such-part")


def test_an_operation_the_mock_lacks_raises_operation_not_found(
    connect: Callable[..., VsphereClient],
) -> None:
    system_names: SystemName = connect().appliance.recovery.backup.SystemName
    with pytest.raises(OperationNotFound):
        system_names.list(LocationSpec(location="ftp://192.0.2.10/backups"))


def test_one_model_an_sdk_job_is_the_rest_job(
    jobs: Job, appliance: Appliance, http: requests.Session, server: str
) -> None:
    created = jobs.create(backup_request())
    token = http.post(
        f"https://{server}/api/session", auth=("administrator@vsphere.local", "VMware1!")
    ).json()
    headers = {"vmware-api-session-id": token}
    rest = http.get(
        f"https://{server}/api/appliance/recovery/backup/job/{created.id}", headers=headers
    )
    assert rest.status_code == 200
    assert rest.json()["state"] == "INPROGRESS"
    legacy = http.get(f"https://{server}/rest/appliance/recovery/backup/job", headers=headers)
    assert legacy.json() == {"value": [created.id]}
