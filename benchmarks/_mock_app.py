"""uvicorn factory for the benchmarks: the mock over plain HTTP with a short job duration.

Used as ``python -m uvicorn --factory --app-dir benchmarks _mock_app:app``. The job duration
comes from ``BENCH_JOB_SECONDS`` so the benchmark can wait for its one job to finish and
measure a steady state (no backup in progress).
"""

from __future__ import annotations

import os

from starlette.applications import Starlette

from vcsa_conformance.mock.app import create_app
from vcsa_conformance.mock.model.config import MockConfig


def app() -> Starlette:
    """The mock appliance with default users and caps and a short job duration."""
    seconds = float(os.environ.get("BENCH_JOB_SECONDS", "1.0"))
    return create_app(MockConfig(job_seconds=seconds))
