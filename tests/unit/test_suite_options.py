"""Suite options from the environment (plain pytest, tox -e live)."""

from __future__ import annotations

from pathlib import Path

import pytest

from vcsa_conformance.suite.options import OptionsError, SuiteOptions, options_from_env


def test_defaults_target_the_embedded_mock() -> None:
    options = options_from_env({})
    assert options == SuiteOptions() and options.embedded


def test_live_target_from_the_environment(tmp_path: Path) -> None:
    secret = tmp_path / "pw"
    secret.write_text("Sekr3t!pw\n", encoding="utf-8")
    options = options_from_env(
        {
            "VCSA_TARGET": "https://vc.example:8443/",
            "VCSA_USER": "admin",
            "VCSA_PASSWORD_FILE": str(secret),
            "VCSA_CA_BUNDLE": "/ca.pem",
            "VCSA_PROFILE": "full",
            "VCSA_MAX_BACKUPS": "0",
            "VCSA_FAULTS": "a, b,",
            "VCSA_SEED": "7",
        }
    )
    assert options.target == "https://vc.example:8443"
    assert options.password == "Sekr3t!pw" and options.verify == "/ca.pem"
    assert (options.profile, options.max_backups, options.faults, options.seed) == (
        "full",
        0,
        ("a", "b"),
        7,
    )
    assert "Sekr3t" not in repr(options)


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
