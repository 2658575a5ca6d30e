"""Suite options from the environment (plain pytest, tox -e live)."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest

from vcsa_conformance.suite.run.options import (
    OptionsError,
    SuiteOptions,
    options_from_env,
    pacing,
)


def test_defaults_target_the_embedded_mock() -> None:
    options = options_from_env({})
    assert options == SuiteOptions() and options.embedded


def test_live_target_from_the_environment(tmp_path: Path) -> None:
    secret = tmp_path / "pw"
    secret.write_text("Sekr3t!pw\n", encoding="utf-8")
    ca = tmp_path / "ca.pem"
    ca.write_text("-----BEGIN CERTIFICATE-----\n", encoding="utf-8")
    options = options_from_env(
        {
            "VCSA_TARGET": "https://vc.example:8443/",
            "VCSA_USER": "admin",
            "VCSA_PASSWORD_FILE": str(secret),
            "VCSA_CA_BUNDLE": str(ca),
            "VCSA_PROFILE": "full",
            "VCSA_MAX_BACKUPS": "3",
            "VCSA_SEED": "7",
        }
    )
    assert options.target == "https://vc.example:8443"
    assert options.password == "Sekr3t!pw" and options.verify == str(ca)
    assert (options.profile, options.max_backups, options.seed) == ("full", 3, 7)
    assert "Sekr3t" not in repr(options)


def test_faults_and_variants_of_the_embedded_mock_from_the_environment() -> None:
    options = options_from_env({"VCSA_FAULTS": "secret-echoed, cancel-ignored,"})
    assert options.faults == ("secret-echoed", "cancel-ignored")
    assert options_from_env({"VCSA_VARIANTS": "instant-jobs"}).variants == ("instant-jobs",)


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"VCSA_FAULTS": "no-such-fault"}, "unknown fault 'no-such-fault'"),
        ({"VCSA_CA_BUNDLE": "/nonexistent/ca.pem"}, "VCSA_CA_BUNDLE '/nonexistent/ca.pem' is"),
        ({"VCSA_CA_BUNDLE": __file__, "VCSA_INSECURE": "1"}, "contradict each other"),
        ({"VCSA_TARGET": "https://h"}, "--target needs --user USER (or VCSA_USER)"),
        ({"VCSA_TARGET": "https://h", "VCSA_USER": "u"}, "no password for --user"),
        (
            {
                "VCSA_TARGET": "https://h",
                "VCSA_USER": "u",
                "VCSA_PASSWORD": "p",
                "VCSA_FAULTS": "x",
            },
            "--fault works only with the embedded mock",
        ),
    ],
)
def test_the_environment_meets_the_same_rules_as_the_command_line(
    env: dict[str, str], message: str
) -> None:
    """One options path: what the CLI refuses, plain pytest and tox -e live refuse too."""
    with pytest.raises(OptionsError, match=re.escape(message)):
        options_from_env(env)


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("VCSA_MAX_BACKUPS", "0", "must be 1 or more"),
        ("VCSA_TARGET", "http://[::1", "is not a URL"),
        ("VCSA_TARGET", "https://u:secret@h", "must not hold credentials"),
        ("VCSA_BACKUP_LOCATION", "gopher://h/x", "needs one of"),
        ("VCSA_BACKUP_LOCATION", "sftp://u:secret@h/x", "must not hold credentials"),
    ],
)
def test_bad_environment_values_are_one_clear_error(
    variable: str, value: str, message: str
) -> None:
    with pytest.raises(OptionsError, match=message) as caught:
        options_from_env({variable: value})
    assert "secret" not in str(caught.value)


def test_backup_location_from_the_environment(tmp_path: Path) -> None:
    secret = tmp_path / "loc"
    secret.write_text("L0c-Secret!\n", encoding="utf-8")
    options = options_from_env(
        {
            "VCSA_BACKUP_LOCATION": "sftp://10.0.0.5/backups",
            "VCSA_BACKUP_LOCATION_USER": "backup",
            "VCSA_BACKUP_LOCATION_PASSWORD_FILE": str(secret),
        }
    )
    assert options.backup_location == "sftp://10.0.0.5/backups"
    assert (options.backup_location_user, options.backup_location_password) == (
        "backup",
        "L0c-Secret!",
    )
    assert "L0c" not in repr(options)


def test_an_empty_password_file_is_refused(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.write_text("", encoding="utf-8")
    with pytest.raises(OptionsError, match="is empty"):
        options_from_env({"VCSA_PASSWORD_FILE": str(empty)})


def test_insecure_flag() -> None:
    assert options_from_env({"VCSA_INSECURE": "1"}).verify is False


@pytest.mark.parametrize(
    ("env", "names"),
    [
        ({"VCSA_PROFILE": "deep"}, "VCSA_PROFILE"),
        ({"VCSA_MAX_BACKUPS": "many"}, "VCSA_MAX_BACKUPS"),
        ({"VCSA_PASSWORD_FILE": "/nonexistent/pw"}, "VCSA_PASSWORD_FILE"),
    ],
)
def test_bad_values_name_the_variable(env: dict[str, str], names: str) -> None:
    with pytest.raises(OptionsError, match=names):
        options_from_env(env)


def test_a_baseline_gives_each_accepted_must_one_backup_of_its_own() -> None:
    """Issue 16: re-checking a known deviation that accepts an invalid create costs one
    backup, which must not come out of the other checks' share."""
    live = SuiteOptions(target="https://vcsa:443", user="u", password="p", max_backups=2)
    assert pacing(live).max_backups == 2
    accepted = replace(live, accepted=("BKP-INPUT-004", "BKP-INPUT-012", "BKP-AUTH-003"))
    assert pacing(accepted).max_backups == 4  # two MUSTs; the SHOULD spends nothing
    assert pacing(replace(accepted, target=None)).max_backups is None  # embedded: no budget


def test_schedule_writes_are_opt_in_and_add_the_schedule_runs_backup_to_the_default() -> None:
    live = {"VCSA_TARGET": "https://vc", "VCSA_USER": "u", "VCSA_PASSWORD": "p"}
    off = options_from_env(live)
    assert (off.schedule_writes, off.writes_schedules, off.max_backups) == (False, False, 2)
    on = options_from_env({**live, "VCSA_SCHEDULE_WRITES": "1"})
    assert (on.schedule_writes, on.writes_schedules, on.max_backups) == (True, True, 3)
    given = options_from_env({**live, "VCSA_SCHEDULE_WRITES": "yes", "VCSA_MAX_BACKUPS": "2"})
    assert given.max_backups == 2  # a given ceiling stays: the schedule's run counts against it
    assert options_from_env({}).writes_schedules  # the embedded mock: always
