"""conformance.html in a real headless Chromium: the inline JS opens a failure, offline.

Skipped when no Chromium is installed (Debian: ``apt-get install -y chromium``). The PNG
screenshot itself is made by ``scripts/screenshot_report.py``; here we check what the
browser builds: the DOM after the page's own JS ran with ``?open=first``.
"""

from __future__ import annotations

import importlib.util
import subprocess
import tempfile
from pathlib import Path
from types import ModuleType

import pytest

from vcsa_conformance.reports import html, json_report

ROOT = Path(__file__).resolve().parents[2]
DATA = Path(__file__).parent / "data"


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "screenshot_report", ROOT / "scripts" / "screenshot_report.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


SCRIPT = _script()
BROWSER = SCRIPT.find_browser()
pytestmark = pytest.mark.skipif(BROWSER is None, reason="chromium is not installed")


def _dom(page: Path, query: str) -> str:
    with tempfile.TemporaryDirectory() as profile:
        command = [
            BROWSER,
            *SCRIPT.FLAGS,
            f"--user-data-dir={profile}",
            "--dump-dom",
            page.as_uri() + query,
        ]
        done = subprocess.run(command, capture_output=True, text=True, timeout=60, check=True)
    return done.stdout


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = tmp_path_factory.mktemp("html")
    return html.write(json_report.load(DATA / "run_fail.json"), directory)


def test_open_first_expands_only_the_first_failure(page: Path) -> None:
    dom = _dom(page, "?open=first")
    assert '<details class="failure" id="fail-BKP-INPUT-011-1" open="">' in dom
    assert dom.count('open=""') == 1
    assert 'id="expand-all">Expand all failures</button>' in dom  # JS showed the button


def test_fragment_opens_the_named_failure(page: Path) -> None:
    dom = _dom(page, "#fail-BKP-INPUT-004-2")
    assert '<details class="failure" id="fail-BKP-INPUT-004-2" open="">' in dom
    assert dom.count('open=""') == 1


def test_screenshot_script_writes_a_png(tmp_path: Path) -> None:
    out = tmp_path / "shot.png"
    SCRIPT.main(["--out", str(out), "--height", "900"])
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert 10_000 < out.stat().st_size < 1_000_000


def test_the_timeline_renders_in_the_browser_offline(tmp_path: Path) -> None:
    """Issue 18: the inline SVG survives a real browser's parser (no script, no network)."""
    from dataclasses import replace

    from test_reports_timeline import _timeline

    result = replace(json_report.load(DATA / "run_fail.json"), timeline=_timeline())
    dom = _dom(html.write(result, tmp_path), "#timeline")
    svg = dom[dom.index('<svg class="timeline"') : dom.index("</svg>")]
    assert svg.count("<rect") == 3 + 1 + 3 and "<polyline" in svg
    assert "backup 2 (late)" in svg and "BKP-JOB-004 first seen broken" in svg
