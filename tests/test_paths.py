"""The one resolver for bundled data, and the user locations with their env overrides."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from hep_builder import paths
from tests.conftest import REPO


def test_source_checkout_finds_bundled_folders() -> None:
    assert paths.bundled_dir("exercises") == REPO / "exercises"
    assert paths.asset_path("fonts", "DejaVuSans.ttf").is_file()
    with pytest.raises(ValueError):
        paths.bundled_dir("tests")


def test_frozen_bundle_root(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert paths.bundled_dir("assets") == tmp_path / "assets"
    assert paths.locale_dir() == tmp_path / "locale"


def test_the_catalogs_are_found_in_the_checkout() -> None:
    assert paths.locale_dir() == REPO / "hep_builder" / "locale"
    assert (paths.locale_dir() / "es" / "LC_MESSAGES" / "hep_builder.mo").is_file()


def test_env_overrides(isolated_dirs, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    assert paths.config_dir() == isolated_dirs["config"]
    assert paths.data_dir() == isolated_dirs["data"]
    assert paths.default_plans_dir() == isolated_dirs["plans"]
    assert paths.user_library_dir() == isolated_dirs["data"] / "library"
    monkeypatch.setenv("HEP_BUILDER_LIBRARY_PATH", f"{tmp_path / 'a'}{__import__('os').pathsep}{tmp_path / 'b'}")
    assert paths.extra_library_dirs() == [tmp_path / "a", tmp_path / "b"]


def test_defaults_without_overrides(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("HEP_BUILDER_CONFIG_DIR", "HEP_BUILDER_DATA_DIR", "HEP_BUILDER_PLANS_DIR"):
        monkeypatch.delenv(name)
    assert "HEP Builder" in str(paths.config_dir())
    assert paths.default_plans_dir().name == "Home Exercise Plans"
