"""VMware's Python SDK logs in and out of the mock over vAPI JSON-RPC (issue 8)."""

from __future__ import annotations

import gc
import logging
from collections.abc import Callable
from datetime import datetime

import pytest
import requests
from com.vmware.appliance.recovery.backup_client import Job
from com.vmware.vapi.std.errors_client import Unauthenticated, Unauthorized
from vmware.vapi.vsphere.client import VsphereClient, create_vsphere_client

from vcsa_conformance.mock.model.appliance import Appliance

ADMIN = ("administrator@vsphere.local", "VMware1!")
READONLY = ("readonly@vsphere.local", "ReadOnly1!")


def test_login_over_https_with_the_mock_certificate(
    connect: Callable[..., VsphereClient],
) -> None:
    client = connect()
    info = client.session_svc.get()
    assert info.user == ADMIN[0]
    assert isinstance(info.created_time, datetime)
    assert len(client.get_session_id()) >= 32


def test_a_wrong_password_raises_unauthenticated(
    appliance: Appliance, http: requests.Session, server: str
) -> None:
    with pytest.raises(Unauthenticated):
        create_vsphere_client(server=server, username=ADMIN[0], password="wrong", session=http)


def test_a_session_made_on_the_rest_api_works_in_the_sdk(
    appliance: Appliance, http: requests.Session, server: str
) -> None:
    response = http.post(f"https://{server}/api/session", auth=ADMIN)
    assert response.status_code == 201
    client = create_vsphere_client(server=server, session_id=response.json(), session=http)
    assert client.appliance.recovery.backup.Job.list() == []


def test_logout_ends_the_session_and_the_stale_second_logout_is_quiet(
    connect: Callable[..., VsphereClient], caplog: pytest.LogCaptureFixture, appliance: Appliance
) -> None:
    client = connect()
    jobs = client.appliance.recovery.backup.Job
    client.session_svc.delete()
    with pytest.raises(Unauthenticated):
        jobs.list()
    # What the client's __del__ sends (and swallows) again at garbage collection:
    with pytest.raises(Unauthenticated):
        client.session_svc.delete()
    with caplog.at_level(logging.WARNING):
        client.__exit__(None, None, None)
        del client, jobs
        gc.collect()
    assert [record.getMessage() for record in caplog.records] == []


def test_the_read_only_user_may_list_but_not_create(
    connect: Callable[..., VsphereClient],
) -> None:
    jobs = connect(READONLY).appliance.recovery.backup.Job
    assert jobs.list() == []
    request = Job.BackupRequest(
        parts=["common"],
        backup_password="Backup#2026",
        location_type=Job.LocationType.FTP,
        location="ftp://192.0.2.10/backups",
    )
    with pytest.raises(Unauthorized):
        jobs.create(request)
