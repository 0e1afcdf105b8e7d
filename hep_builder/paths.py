"""Every location the program reads or writes: bundled data, user dirs and env overrides (no Qt).

Bundled data (``exercises/``, ``assets/``) lives in one of three places:
- a PyInstaller bundle: at the root of ``sys._MEIPASS``;
- an installed wheel: inside the package, under ``hep_builder/_data``;
- a source checkout (or editable install): beside the package, at the repo root.
``bundled_dir`` is the one function that knows this; nothing else looks at ``_MEIPASS`` or ``__file__``
for data. The gettext catalogs (``locale/``) live inside the package in a checkout and a wheel, and at the
root of a bundle; ``locale_dir`` knows that. Nothing is ever written to these places.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import platformdirs

APP_NAME = "HEP Builder"
PLANS_FOLDER_NAME = "Home Exercise Plans"

ENV_CONFIG_DIR = "HEP_BUILDER_CONFIG_DIR"
ENV_DATA_DIR = "HEP_BUILDER_DATA_DIR"
ENV_PLANS_DIR = "HEP_BUILDER_PLANS_DIR"
ENV_LIBRARY_PATH = "HEP_BUILDER_LIBRARY_PATH"
ENV_PLANS_URL = "HEP_BUILDER_PLANS_URL"


def _frozen_root() -> Path | None:
    frozen_root = getattr(sys, "_MEIPASS", None)
    return Path(frozen_root) if getattr(sys, "frozen", False) and frozen_root else None


def _bundle_root() -> Path:
    frozen_root = _frozen_root()
    if frozen_root:
        return frozen_root
    package_dir = Path(__file__).resolve().parent
    installed = package_dir / "_data"
    if installed.is_dir():
        return installed
    return package_dir.parent


def bundled_dir(name: str) -> Path:
    """The read-only bundled folder ``name`` (``"exercises"`` or ``"assets"``)."""
    if name not in {"exercises", "assets"}:
        raise ValueError(f"unknown bundled folder: {name}")
    return _bundle_root() / name


def sql_dir() -> Path:
    """The plan database's numbered migrations (``core/sql``): inside the package in a checkout or wheel,
    at ``hep_builder/core/sql`` under the bundle root when frozen (build.spec puts them there)."""
    frozen_root = _frozen_root()
    return (
        frozen_root / "hep_builder" / "core" / "sql"
        if frozen_root
        else Path(__file__).resolve().parent / "core" / "sql"
    )


def locale_dir() -> Path:
    """The compiled gettext catalogs of the handout's words: ``<lang>/LC_MESSAGES/hep_builder.mo``."""
    frozen_root = _frozen_root()
    return frozen_root / "locale" if frozen_root else Path(__file__).resolve().parent / "locale"


def asset_path(*parts: str) -> Path:
    """A file under the bundled ``assets/`` folder."""
    return bundled_dir("assets").joinpath(*parts)


def _env_dir(variable: str) -> Path | None:
    value = os.environ.get(variable, "").strip()
    return Path(value).expanduser() if value else None


def config_dir() -> Path:
    """Clinic profile and settings (per user, roams on Windows)."""
    return _env_dir(ENV_CONFIG_DIR) or Path(platformdirs.user_config_dir(APP_NAME, appauthor=False, roaming=True))


def data_dir() -> Path:
    """The user's own library, autosaves and logs (never the shared folder)."""
    return _env_dir(ENV_DATA_DIR) or Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def default_plans_dir() -> Path:
    """Where plans are kept unless the admin points at a shared folder."""
    return _env_dir(ENV_PLANS_DIR) or Path(platformdirs.user_documents_dir()) / PLANS_FOLDER_NAME


def user_library_dir() -> Path:
    """The user's own exercises."""
    return data_dir() / "library"


def extra_library_dirs() -> list[Path]:
    """Folders named in ``HEP_BUILDER_LIBRARY_PATH`` (``os.pathsep``-separated), in order."""
    raw = os.environ.get(ENV_LIBRARY_PATH, "")
    return [Path(part).expanduser() for part in raw.split(os.pathsep) if part.strip()]
