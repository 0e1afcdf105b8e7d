"""Test isolation: offscreen Qt, and config, data and plans dirs in tmp_path (never the real home)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from hep_builder.ui.none_guard import protect_none

# pytest-qt makes its own QApplication, so the suite calls the guard that create_application() calls.
protect_none()

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def isolated_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Path]:
    dirs = {name: tmp_path / f"hep-{name}" for name in ("config", "data", "plans")}
    monkeypatch.setenv("HEP_BUILDER_CONFIG_DIR", str(dirs["config"]))
    monkeypatch.setenv("HEP_BUILDER_DATA_DIR", str(dirs["data"]))
    monkeypatch.setenv("HEP_BUILDER_PLANS_DIR", str(dirs["plans"]))
    monkeypatch.delenv("HEP_BUILDER_LIBRARY_PATH", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    return dirs


@pytest.fixture(scope="session")
def bundled_library():
    from hep_builder.core.library import LibrarySource, load_library
    from hep_builder.paths import bundled_dir

    return load_library([LibrarySource(bundled_dir("exercises"), "bundled")])
