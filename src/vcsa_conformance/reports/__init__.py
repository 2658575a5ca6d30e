"""Report writers: junit.xml, conformance.json, conformance.md and conformance.html.

``write_all`` is the one entry point: it applies the final mask pass (``masking``) and then
every writer, so no writer can be called on unmasked data by accident from the CLI. Each
writer module has ``FILENAME``, ``render(result) -> str`` and ``write(result, dir) -> Path``.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from vcsa_conformance.reports import html, json_report, junit, markdown
from vcsa_conformance.reports.curl import to_curl
from vcsa_conformance.reports.masking import mask_result
from vcsa_conformance.reports.summary import counts, headline, plain_counts
from vcsa_conformance.results import RunResult

WRITERS = (junit, json_report, markdown, html)

__all__ = [
    "WRITERS",
    "counts",
    "headline",
    "html",
    "json_report",
    "junit",
    "markdown",
    "mask_result",
    "plain_counts",
    "to_curl",
    "write_all",
]


def write_all(result: RunResult, report_dir: Path, *, secrets: Iterable[str] = ()) -> list[Path]:
    """Mask ``result`` (plus the known ``secrets`` it was run with) and write every report.

    Creates ``report_dir`` if needed and returns the written paths in a fixed order:
    junit.xml, conformance.json, conformance.md, conformance.html.
    """
    masked = mask_result(result, secrets)
    report_dir.mkdir(parents=True, exist_ok=True)
    return [writer.write(masked, report_dir) for writer in WRITERS]
