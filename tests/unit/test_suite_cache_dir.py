"""hypothesis' cache directory: per-user and persistent, the run's scratch dir as fallback."""

from __future__ import annotations

from pathlib import Path

from vcsa_conformance.suite.run.cache_dir import hypothesis_cache_dir


def test_uses_xdg_cache_home(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    found = hypothesis_cache_dir(tmp_path / "scratch", {"XDG_CACHE_HOME": str(cache)})
    assert found == cache / "vcsa-conformance" / "hypothesis"
    assert found.is_dir()


def test_falls_back_to_scratch_when_cache_cannot_be_created(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("a file where the cache directory would go", encoding="utf-8")
    scratch = tmp_path / "scratch"
    found = hypothesis_cache_dir(scratch, {"XDG_CACHE_HOME": str(blocker)})
    assert found == scratch / "hypothesis"
