"""``vcsa-conformance run``: option validation, passwords, exit codes, the error report.

The suite is replaced by a fake ``_run_suite`` that returns recorded results (or raises a
TargetError), so these tests check the command line alone and run in milliseconds.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from vcsa_conformance.cli import run
from vcsa_conformance.cli.main import main
from vcsa_conformance.reports import json_report
from vcsa_conformance.results import Failure, RunResult
from vcsa_conformance.suite.run.errors import TargetCredentialsRejected, TargetUnreachable
from vcsa_conformance.suite.run.options import SuiteOptions

DATA = Path(__file__).parent / "data"
CANARY = "Canary#CliPass7"
LIVE = ["--target", "https://vcsa.example:443", "--user", "administrator@vsphere.local"]


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in (
        "VCSA_TARGET",
        "VCSA_USER",
        "VCSA_PASSWORD",
        "VCSA_PASSWORD_FILE",
        "VCSA_INSECURE",
        "VCSA_CA_BUNDLE",
        "VCSA_READONLY_USER",
        "VCSA_READONLY_PASSWORD",
        "VCSA_BACKUP_LOCATION",
        "VCSA_BACKUP_LOCATION_USER",
        "VCSA_BACKUP_LOCATION_PASSWORD",
        "VCSA_BACKUP_LOCATION_PASSWORD_FILE",
        "VCSA_PROFILE",
        "VCSA_SEED",
        "VCSA_MAX_BACKUPS",
        "VCSA_FAULTS",
        "VCSA_VARIANTS",
    ):
        monkeypatch.delenv(name, raising=False)


class FakeSuite:
    """Stands in for run_suite: remembers the options, returns or raises what it is told."""

    def __init__(self, outcome: RunResult | Exception) -> None:
        self.outcome = outcome
        self.options: SuiteOptions | None = None
        self.shown: dict[str, bool] = {}

    def __call__(self, options: SuiteOptions, **shown: bool) -> RunResult:
        self.options = options
        self.shown = shown
        if isinstance(self.outcome, Exception):
            raise self.outcome
        return self.outcome


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[RunResult | Exception], FakeSuite]]:
    def install(outcome: RunResult | Exception) -> FakeSuite:
        suite = FakeSuite(outcome)
        monkeypatch.setattr(run, "_run_suite", suite)
        return suite

    yield install


def _recorded(name: str) -> RunResult:
    return json_report.load(DATA / f"run_{name}.json")


def _run(tmp_path: Path, *args: str) -> int:
    return main(["run", "--report-dir", str(tmp_path / "reports"), *args])


@pytest.mark.parametrize(("run_name", "code"), [("pass", 0), ("skip", 3), ("fail", 1)])
def test_exit_code_follows_the_verdict(
    run_name: str,
    code: int,
    fake: Callable[..., FakeSuite],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    fake(_recorded(run_name))
    assert _run(tmp_path) == code
    names = sorted(p.name for p in (tmp_path / "reports").iterdir())
    assert names == ["conformance.html", "conformance.json", "conformance.md", "junit.xml"]


def test_summary_ends_with_plain_counts_and_names_failures(
    fake: Callable[..., FakeSuite], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fake(_recorded("fail"))
    _run(tmp_path)
    lines = capsys.readouterr().out.strip().splitlines()
    assert lines[0] == "vcsa-conformance run: Non-conformant: 3 MUST requirements failed"
    assert lines[-1] == "40 passed, 4 failed, 1 skipped"
    assert any(line.startswith("  FAIL MUST BKP-INPUT-004 ") for line in lines)
    assert any("conformance.html" in line for line in lines)


def test_the_summary_names_the_appliance_version(
    fake: Callable[..., FakeSuite], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fake(_recorded("pass"))
    _run(tmp_path)
    assert "  Appliance 8.0.2.00000 (build 24305161)" in capsys.readouterr().out.splitlines()


def _baseline(tmp_path: Path, *ids: str, expires: str = "2999-12-31") -> str:
    path = tmp_path / "baseline.yaml"
    entries = "".join(f"  - id: {i}\n    reason: case {i}\n    expires: {expires}\n" for i in ids)
    path.write_text("accepted:\n" + entries, "utf-8")
    return str(path)


FAILING_MUSTS = ("BKP-INPUT-004", "BKP-INPUT-011", "BKP-RESP-002")


def test_a_baseline_of_every_failing_must_makes_the_run_pass_and_shows_them_known(
    fake: Callable[..., FakeSuite], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fake(_recorded("fail"))
    assert _run(tmp_path, "--baseline", _baseline(tmp_path, *FAILING_MUSTS)) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("vcsa-conformance run: Conformant: ")
    assert "passed (37), apart from 3 known deviations accepted by the baseline;" in lines[0]
    assert any(line.startswith("  KNOWN MUST BKP-INPUT-004 ") for line in lines)
    report = json.loads((tmp_path / "reports" / "conformance.json").read_text("utf-8"))
    assert report["verdict"] == "conformant"
    assert report["baseline"].endswith("baseline.yaml")


@pytest.mark.parametrize(
    ("accepted", "expires", "code"),
    [(FAILING_MUSTS[:2], "2999-12-31", 1), (FAILING_MUSTS, "2020-01-01", 1)],
    ids=["a new failure", "expired entries"],
)
def test_a_new_failure_or_an_expired_entry_still_fails(
    fake: Callable[..., FakeSuite],
    tmp_path: Path,
    accepted: tuple[str, ...],
    expires: str,
    code: int,
) -> None:
    fake(_recorded("fail"))
    assert _run(tmp_path, "--baseline", _baseline(tmp_path, *accepted, expires=expires)) == code


@pytest.mark.parametrize(
    ("expires", "accepted"), [("2999-12-31", FAILING_MUSTS), ("2020-01-01", ())]
)
def test_the_run_learns_which_deviations_the_baseline_accepts_today(
    fake: Callable[..., FakeSuite], tmp_path: Path, expires: str, accepted: tuple[str, ...]
) -> None:
    """So that each accepted MUST gets a backup of its own (an expired one gets none)."""
    suite = fake(_recorded("fail"))
    _run(tmp_path, "--baseline", _baseline(tmp_path, *FAILING_MUSTS, expires=expires))
    assert suite.options is not None and suite.options.accepted == accepted


def test_a_bad_baseline_stops_before_the_run(
    fake: Callable[..., FakeSuite], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    suite = fake(_recorded("pass"))
    assert _run(tmp_path, "--baseline", str(tmp_path / "missing.yaml")) == 2
    error = capsys.readouterr().err.strip()
    assert error.startswith("vcsa-conformance: error: cannot read --baseline")
    assert suite.options is None, "the suite ran although the baseline was unusable"


def test_har_asks_the_suite_to_keep_every_exchange(
    fake: Callable[..., FakeSuite], tmp_path: Path
) -> None:
    suite = fake(_recorded("pass"))
    har = tmp_path / "deep" / "run.har"
    assert _run(tmp_path, "--har", str(har)) == 0
    assert suite.options is not None and suite.options.record_exchanges
    assert json.loads(har.read_text("utf-8"))["log"]["version"] == "1.2"
    without = fake(_recorded("pass"))
    _run(tmp_path)
    assert without.options is not None and not without.options.record_exchanges


def test_target_error_writes_an_error_report_and_exits_2(
    fake: Callable[..., FakeSuite], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fake(TargetUnreachable("cannot connect to https://127.0.0.1:1 (connection refused)"))
    assert _run(tmp_path) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1
    assert err[0].startswith("vcsa-conformance: error: TargetUnreachable: cannot connect")
    report = json.loads((tmp_path / "reports" / "conformance.json").read_text("utf-8"))
    assert report["verdict"] == "error"
    assert report["error"].startswith("TargetUnreachable: cannot connect to https://127.0.0.1:1")
    assert report["target"] == run.EMBEDDED
    assert (tmp_path / "reports" / "conformance.html").is_file()


def test_password_in_an_error_message_is_masked(
    fake: Callable[..., FakeSuite],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("VCSA_PASSWORD", CANARY)
    fake(TargetCredentialsRejected(f"login with {CANARY} refused"))
    assert _run(tmp_path, *LIVE) == 2
    captured = capsys.readouterr()
    assert CANARY not in captured.err + captured.out
    for path in (tmp_path / "reports").iterdir():
        assert CANARY not in path.read_text("utf-8")


def test_password_from_environment(
    fake: Callable[..., FakeSuite], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("VCSA_PASSWORD", CANARY)
    suite = fake(_recorded("pass"))
    assert _run(tmp_path, *LIVE, "--insecure") == 0
    assert suite.options is not None
    assert (suite.options.password, suite.options.verify) == (CANARY, False)
    assert suite.options.target == "https://vcsa.example:443"


def test_password_file_wins_over_environment_and_loses_its_newline(
    fake: Callable[..., FakeSuite], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("VCSA_PASSWORD", "not-this-one")
    secret = tmp_path / "password"
    secret.write_text(CANARY + "\n", encoding="utf-8")
    suite = fake(_recorded("pass"))
    _run(tmp_path, *LIVE, "--password-file", str(secret))
    assert suite.options is not None and suite.options.password == CANARY


def test_profile_seed_and_budget_from_the_environment_unless_given(
    fake: Callable[..., FakeSuite], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("VCSA_PROFILE", "full")
    monkeypatch.setenv("VCSA_SEED", "11")
    monkeypatch.setenv("VCSA_MAX_BACKUPS", "4")
    suite = fake(_recorded("pass"))
    _run(tmp_path)
    assert suite.options is not None
    assert (suite.options.profile, suite.options.seed, suite.options.max_backups) == ("full", 11, 4)
    _run(tmp_path, "--profile", "quick", "--seed", "3", "--max-backups", "2")
    assert (suite.options.profile, suite.options.seed, suite.options.max_backups) == ("quick", 3, 2)


def test_target_and_user_from_environment(
    fake: Callable[..., FakeSuite], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("VCSA_TARGET", "https://vcsa.example/")
    monkeypatch.setenv("VCSA_USER", "root")
    monkeypatch.setenv("VCSA_PASSWORD", CANARY)
    suite = fake(_recorded("pass"))
    _run(tmp_path)
    assert suite.options is not None
    assert (suite.options.target, suite.options.user) == ("https://vcsa.example", "root")


def test_options_reach_the_suite(fake: Callable[..., FakeSuite], tmp_path: Path) -> None:
    ca = tmp_path / "ca.pem"
    ca.write_text("-----BEGIN CERTIFICATE-----\n", encoding="utf-8")
    suite = fake(_recorded("pass"))
    args = ["--profile", "full", "--max-backups", "3", "--request-timeout", "5",
            "--time-limit", "60", "--rate-limit", "2.5", "--busy-wait", "0", "--seed", "42",
            "--fault", "secret-echoed", "--variant", "instant-jobs", "--job-seconds", "0.5",
            "--ca-bundle", str(ca), "--job-wait", "30"]  # fmt: skip
    _run(tmp_path, *args)
    assert suite.options == SuiteOptions(
        profile="full", max_backups=3, request_timeout=5.0, time_limit=60.0, rate_limit=2.5,
        busy_wait=0.0, seed=42, faults=("secret-echoed",), variants=("instant-jobs",),
        job_seconds=0.5, verify=str(ca), job_wait=30.0,
    )  # fmt: skip


def test_defaults_fit_the_profile_and_a_conformant_appliance(
    fake: Callable[..., FakeSuite], tmp_path: Path
) -> None:
    suite = fake(_recorded("pass"))
    _run(tmp_path)
    assert suite.options is not None
    assert (suite.options.max_backups, suite.options.run_time_limit) == (2, 900.0)
    _run(tmp_path, "--profile", "full")
    assert suite.options.run_time_limit == 1800.0


def test_backup_location_with_its_password_from_the_environment(
    fake: Callable[..., FakeSuite],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("VCSA_PASSWORD", "Appliance-Pw-1!")
    monkeypatch.setenv("VCSA_BACKUP_LOCATION_PASSWORD", CANARY)
    echoed = _recorded("fail")  # a failure that quotes the location password
    echoed.requirements[0].failures.append(Failure(echoed.requirements[0].id, "c", "e", CANARY))
    suite = fake(echoed)
    location = ["--backup-location", "smb://files.example/vcsa", "--backup-location-user", "bk"]
    assert _run(tmp_path, *LIVE, *location) == 1
    assert suite.options is not None
    assert (
        suite.options.backup_location,
        suite.options.backup_location_user,
        suite.options.backup_location_password,
    ) == ("smb://files.example/vcsa", "bk", CANARY)
    captured = capsys.readouterr()
    assert CANARY not in captured.out + captured.err
    for path in (tmp_path / "reports").iterdir():
        assert CANARY not in path.read_text("utf-8")


@pytest.mark.parametrize(
    ("args", "env", "message"),
    [
        (["--password", "x"], {}, "--password is not accepted"),
        (["--pass=x"], {}, "--password is not accepted"),
        (["--target", "ftp://h", "--user", "u"], {}, "is not a URL like https://host[:port]"),
        (["--target", "https://", "--user", "u"], {}, "is not a URL like"),
        (["--target", "https://h:99999", "--user", "u"], {}, "the port must be a number"),
        (["--target", "https://h/api", "--user", "u"], {}, "leave out the path"),
        (["--target", "https://u:pw@h", "--user", "u"], {}, "must not hold credentials"),
        (["--target", "http://[::1", "--user", "u"], {}, "Invalid IPv6 URL"),
        (["--target", "https://[::1]:70000", "--user", "u"], {}, "the port must be a number"),
        (["--target", "https://h:0", "--user", "u"], {}, "the port must be a number"),
        (["--target", "https://h:http", "--user", "u"], {}, "the port must be a number"),
        (["--target", "https://u:pw@[::1", "--user", "u"], {}, "must not hold credentials"),
        ([], {"VCSA_TARGET": "http://[::1"}, "Invalid IPv6 URL"),
        (["--backup-location", "gopher://h/x"], {}, "needs one of ftp://"),
        (["--backup-location", "sftp://u:pw@h/x"], {}, "must not hold credentials"),
        (["--backup-location-user", "u"], {}, "needs --backup-location URL"),
        (
            ["--backup-location", "sftp://h/x", "--backup-location-password-file", "/nonexistent"],
            {},
            "cannot read --backup-location-password-file",
        ),
        (["--job-wait", "0"], {}, "must be more than 0"),
        (["--target", "https://h"], {"VCSA_PASSWORD": "p"}, "--target needs --user"),
        (LIVE, {}, "no password for --user"),
        ([*LIVE, "--password-file", "/nonexistent/pw"], {}, "cannot read --password-file"),
        ([*LIVE, "--fault", "secret-echoed"], {"VCSA_PASSWORD": "p"}, "--fault works only"),
        ([*LIVE, "--variant", "instant-jobs"], {"VCSA_PASSWORD": "p"}, "--variant works only"),
        ([*LIVE, "--job-seconds", "1"], {"VCSA_PASSWORD": "p"}, "--job-seconds works only"),
        ([*LIVE, "--readonly-user", "ro"], {"VCSA_PASSWORD": "p"}, "VCSA_READONLY_PASSWORD"),
        (["--fault", "no-such-fault"], {}, "unknown fault 'no-such-fault'"),
        (["--variant", "no-such-variant"], {}, "unknown variant 'no-such-variant'"),
        (["--ca-bundle", "/nonexistent/ca.pem"], {}, "is not a file"),
        (["--ca-bundle", __file__, "--insecure"], {}, "contradict each other"),
        (["--max-backups", "0"], {}, "argument --max-backups: '0' must be more than 0"),
        (["--request-timeout", "-1"], {}, "must be more than 0"),
        (["--time-limit", "soon"], {}, "'soon' is not a number"),
        (["--rate-limit", "nan"], {}, "must be more than 0"),
        (["--busy-wait", "-5"], {}, "must be 0 or more"),
        (["--profile", "deep"], {}, "invalid choice: 'deep'"),
    ],
)
def test_bad_options_give_one_line_and_exit_2(
    args: list[str],
    env: dict[str, str],
    message: str,
    fake: Callable[..., FakeSuite],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    suite = fake(_recorded("pass"))
    try:
        code = _run(tmp_path, *args)
    except SystemExit as stopped:  # argparse usage errors exit from inside parse_args
        code = int(stopped.code or 0)
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 2
    assert len(err) == 1, err
    assert message in err[0]
    assert suite.options is None  # the suite never started


def test_empty_password_file_is_refused(
    fake: Callable[..., FakeSuite], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    empty = tmp_path / "empty"
    empty.write_text("\n", encoding="utf-8")
    fake(_recorded("pass"))
    assert _run(tmp_path, *LIVE, "--password-file", str(empty)) == 2
    assert "is empty" in capsys.readouterr().err


def test_plain_password_is_never_echoed(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    with pytest.raises(SystemExit):
        main(["run", "--report-dir", str(tmp_path), "--passwd", CANARY, "--no-such-option"])
    assert CANARY not in capsys.readouterr().err


def test_unwritable_report_dir_fails_before_the_run(
    fake: Callable[..., FakeSuite], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    suite = fake(_recorded("pass"))
    assert main(["run", "--report-dir", str(blocker / "reports")]) == 2
    assert "cannot create --report-dir" in capsys.readouterr().err
    assert suite.options is None


@pytest.mark.parametrize("target", ["https://h/x", "http://[::1", "https://h:99999"])
def test_bad_option_in_a_real_process_has_no_traceback(target: str) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "vcsa_conformance", "run", "--target", target, "--user", "u"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr


@pytest.mark.skipif(
    importlib.util.find_spec("vcsa_conformance.suite.run.runner") is None,
    reason="vcsa_conformance.suite.run.runner does not exist yet (the suite is being written)",
)
def test_unreachable_target_end_to_end(tmp_path: Path) -> None:
    """A real run against a closed loopback port: exit 2, one line, an error report."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("VCSA_")}
    env["VCSA_PASSWORD"] = CANARY
    command = [sys.executable, "-m", "vcsa_conformance", "run", "--target", "https://127.0.0.1:1",
               "--user", "u", "--request-timeout", "5", "--report-dir", str(tmp_path)]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 2, done.stderr
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr
    report = json.loads((tmp_path / "conformance.json").read_text("utf-8"))
    assert (report["verdict"], report["target"]) == ("error", "https://127.0.0.1:1")
    assert report["error"]
    assert CANARY not in done.stderr + done.stdout


def test_error_verdict_from_the_suite_exits_2_with_one_line(
    fake: Callable[..., FakeSuite], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fake(_recorded("error"))
    assert _run(tmp_path) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "TargetUnreachable" in err[0]
    report = json.loads((tmp_path / "reports" / "conformance.json").read_text("utf-8"))
    assert report["verdict"] == "error"


def test_an_appliance_that_stops_answering_ends_the_run_in_a_few_timeouts(tmp_path: Path) -> None:
    """Issue 16: not the time limit but three request timeouts; one line naming since which
    request, exit 2, the reports written with verdict error."""
    from vcsa_conformance.mock.model.config import MockConfig
    from vcsa_conformance.mock.server import serve_in_thread

    env = {k: v for k, v in os.environ.items() if not k.startswith("VCSA_")}
    env["VCSA_PASSWORD"] = "VMware1!"
    with serve_in_thread(MockConfig(hang_after=60)) as hanging:
        command = [sys.executable, "-m", "vcsa_conformance", "run", "--target", hanging.url,
                   "--ca-bundle", str(hanging.ca_path), "--user", "administrator@vsphere.local",
                   "--request-timeout", "1", "--report-dir", str(tmp_path)]  # fmt: skip
        done = subprocess.run(command, capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 2, done.stderr
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr
    assert "stopped answering: 3 requests in a row got no answer, since" in done.stderr
    report = json.loads((tmp_path / "conformance.json").read_text("utf-8"))
    assert report["verdict"] == "error" and "stopped answering" in report["error"]
    assert report["duration_s"] < 60  # the quick profile's time limit is 900 s


def test_quiet_keeps_only_the_verdict_lines(
    fake: Callable[..., FakeSuite], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    suite = fake(_recorded("fail"))
    assert _run(tmp_path, "--quiet") == 1
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2 and lines[0].startswith("vcsa-conformance run: Non-conformant")
    assert re.fullmatch(r"\d+ passed, \d+ failed, \d+ skipped", lines[1]), lines[1]
    assert suite.shown == {"watch": False, "verbose": False}


def test_the_run_is_watched_and_speaks_in_requirements_unless_asked(
    fake: Callable[..., FakeSuite], tmp_path: Path
) -> None:
    suite = fake(_recorded("pass"))
    _run(tmp_path)
    assert suite.shown == {"watch": True, "verbose": False}
    _run(tmp_path, "-v")
    assert suite.shown == {"watch": True, "verbose": True}  # pytest's own output too
