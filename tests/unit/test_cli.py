"""The command line's shape: subcommands, help, and one-line usage errors."""

from __future__ import annotations

import subprocess
import sys

import pytest

from vcsa_conformance.cli.main import main


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "vcsa_conformance", *args],
        capture_output=True,
        text=True,
        timeout=60,
    )


COMMANDS = ("run", "mock", "spec", "diff", "merge")


def test_help_lists_the_subcommands() -> None:
    result = _cli("--help")
    assert result.returncode == 0
    for command in COMMANDS:
        assert f"    {command} " in result.stdout


@pytest.mark.parametrize("command", COMMANDS)
def test_each_subcommand_has_help(command: str) -> None:
    result = _cli(command, "--help")
    assert result.returncode == 0
    assert result.stdout.startswith(f"usage: vcsa-conformance {command}")


@pytest.mark.parametrize("args", [["--bogus"], ["run", "--bogus"], ["mock", "--nope=1"], []])
def test_bad_options_give_one_line_and_exit_2(args: list[str]) -> None:
    result = _cli(*args)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("vcsa-conformance")
    assert "error:" in lines[0]
    assert "Traceback" not in result.stderr


def test_main_returns_exit_code_in_process(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(["--version"])
    assert stopped.value.code == 0
    assert "vcsa-conformance" in capsys.readouterr().out


def test_unknown_option_values_are_not_echoed() -> None:
    result = _cli("spec", "--secret-pw", "Hunter2!x", "--token=abc123")
    assert result.returncode == 2
    assert "--secret-pw" in result.stderr
    assert "--token=..." in result.stderr
    assert "Hunter2!x" not in result.stderr
    assert "abc123" not in result.stderr
