"""Render conformance.html in headless Chromium and save a screenshot with a failure open.

Why: issue 6 asks for proof that the page people read shows the verdict and an expanded
failure, in a real browser, offline. The page's own inline JS opens the first failure when
the URL carries ``?open=first``; nothing else is injected.

Usage (Debian: ``apt-get install -y chromium``)::

    python scripts/screenshot_report.py                       # the recorded failing run
    python scripts/screenshot_report.py --from reports/conformance.json
    python scripts/screenshot_report.py --html reports/conformance.html --out shot.png

Writes ``docs/report-screenshot.png`` by default. The browser runs with a fresh profile in a
temporary directory and with background networking off, so it contacts no server. When
``pngquant`` is installed the PNG is quantized, to keep the committed image small.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from vcsa_conformance.reports import html, json_report, mask_result

ROOT = Path(__file__).resolve().parent.parent
RECORDED_FAILING_RUN = ROOT / "tests" / "unit" / "data" / "run_fail.json"
BROWSERS = ("chromium", "chromium-browser", "google-chrome")
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
)


def find_browser() -> str | None:
    """The first Chromium-like browser on PATH, or None."""
    for name in BROWSERS:
        found = shutil.which(name)
        if found:
            return found
    return None


def screenshot(
    page: Path,
    out: Path,
    *,
    width: int,
    height: int,
    timeout: float = 60,
    query: str = "?open=first",
) -> None:
    """Open ``page`` (by default with its first failure expanded; ``query`` can instead name a
    section, e.g. ``#timeline``) and save a PNG of the window to ``out``."""
    browser = find_browser()
    if browser is None:
        raise SystemExit("no chromium found: install it (Debian: apt-get install -y chromium)")
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="vcsa-chromium-") as profile:
        command = [
            browser,
            *FLAGS,
            f"--user-data-dir={profile}",
            f"--screenshot={out.resolve()}",
            f"--window-size={width},{height}",
            page.resolve().as_uri() + query,
        ]
        subprocess.run(command, check=True, capture_output=True, timeout=timeout)
    if not out.is_file():
        raise SystemExit(f"chromium wrote no screenshot to {out}")
    _shrink(out)


def _shrink(png: Path) -> None:
    """Quantize the PNG in place with pngquant, when it is installed (optional)."""
    pngquant = shutil.which("pngquant")
    if pngquant:
        command = [pngquant, "--force", "--skip-if-larger", "--quality=60-85", "--output"]
        subprocess.run([*command, str(png), str(png)], check=False, timeout=60)


def main(argv: list[str] | None = None) -> int:
    """Command line: pick the page, take the screenshot, print where it went."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    source = parser.add_mutually_exclusive_group()
    source.add_argument(
        "--from",
        dest="json_path",
        type=Path,
        default=RECORDED_FAILING_RUN,
        help="a conformance.json to render (default: the recorded failing run)",
    )
    source.add_argument("--html", type=Path, help="an existing conformance.html to open")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "report-screenshot.png")
    parser.add_argument("--width", type=int, default=1100)
    parser.add_argument("--height", type=int, default=2450)
    parser.add_argument(
        "--query", default="?open=first", help="appended to the page's URL (e.g. '#timeline')"
    )
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="vcsa-report-") as workdir:
        page = args.html
        if page is None:
            result = mask_result(json_report.load(args.json_path))
            page = html.write(result, Path(workdir))
        screenshot(page, args.out, width=args.width, height=args.height, query=args.query)
    print(f"screenshot written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
