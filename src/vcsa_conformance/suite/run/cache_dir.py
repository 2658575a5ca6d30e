"""Where hypothesis keeps its caches during a conformance run.

hypothesis builds a table of the characters a codec can encode (several seconds of CPU) and
caches it under its home directory. The example database is off in every profile, so that
table is all it writes there; keeping it in a per-user cache directory means it is built
once per machine instead of once per run, and the working directory still gets no
``.hypothesis/``. A run that cannot write there uses its own scratch directory instead.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path


def hypothesis_cache_dir(scratch: Path, environ: Mapping[str, str] | None = None) -> Path:
    """A writable directory for hypothesis' caches: the user's cache dir, else ``scratch``."""
    env = os.environ if environ is None else environ
    base = Path(env["XDG_CACHE_HOME"]) if env.get("XDG_CACHE_HOME") else Path.home() / ".cache"
    candidate = base / "vcsa-conformance" / "hypothesis"
    try:
        candidate.mkdir(parents=True, exist_ok=True)
    except OSError:
        return scratch / "hypothesis"
    return candidate if os.access(candidate, os.W_OK | os.X_OK) else scratch / "hypothesis"
