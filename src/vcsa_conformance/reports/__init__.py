"""Report writers: junit.xml, conformance.json, conformance.md and conformance.html, and
the HAR archive of every exchange (``run --har``).

``write_all`` is the one entry point: it applies the final mask pass (``masking``) and then
every writer, so no writer can be called on unmasked data by accident from the CLI. Each
report module has ``FILENAME``, ``render(result) -> str`` and ``write(result, dir) -> Path``;
``har.write`` takes the file's path instead.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from vcsa_conformance.reports import har as har_archive
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


def write_all(
    result: RunResult,
    report_dir: Path,
    *,
    secrets: Iterable[str] = (),
    har: Path | None = None,
    should_as_failure: bool = False,
) -> list[Path]:
    """Mask ``result`` (plus the known ``secrets`` it was run with) and write every report.

    Creates ``report_dir`` if needed and returns the written paths in a fixed order:
    junit.xml, conformance.json, conformance.md, conformance.html, then the HAR file when
    ``har`` names one. ``should_as_failure``: junit.xml shows a SHOULD not met as a failure.
    """
    masked = mask_result(result, secrets)
    report_dir.mkdir(parents=True, exist_ok=True)
    written = [junit.write(masked, report_dir, should_as_failure=should_as_failure)]
    written += [writer.write(masked, report_dir) for writer in WRITERS if writer is not junit]
    if har is not None:
        written.append(har_archive.write(masked, har))
    return written
