"""Where the backups a run means to start go: the user's location, or a TEST-NET address."""

from __future__ import annotations

from vcsa_conformance.mock.model.validation import validate
from vcsa_conformance.suite.generate.requests import CANARY_LOCATION, BackupLocation


def test_without_a_location_backups_go_to_test_net_with_canary_secrets() -> None:
    request = BackupLocation().request()
    assert request["location"].startswith("sftp://192.0.2.10/")
    assert request["location_password"] == CANARY_LOCATION["location_password"]
    validate(request)


def test_the_users_location_each_backup_in_its_own_new_folder() -> None:
    location = BackupLocation("SMB://files.example/vcsa/", "backup", "L0c#Secret")
    first, second = location.request(), location.request()
    assert first["location_type"] == "SMB"
    assert first["location"].startswith("SMB://files.example/vcsa/vcsa-conformance-")
    assert first["location"] != second["location"] and first["location"].endswith("-1")
    assert (first["location_user"], first["location_password"]) == ("backup", "L0c#Secret")
    assert "L0c" not in repr(location)
    validate(first)
