"""Clinic and user settings: paper, layout, plans folder, clinic library folder (core layer)."""

from __future__ import annotations

import os
from dataclasses import asdict, dataclass
from pathlib import Path

from hep_builder import paths
from hep_builder.core.parse_cache import load_yaml_cached
from hep_builder.core.plan import LAYOUTS, PAPERS
from hep_builder.core.problems import Problem

SETTINGS_FILE = "settings.yaml"


@dataclass(frozen=True)
class Settings:
    """Clinic and user choices; empty text means "the default"."""

    paper: str = "letter"
    layout: str = "standard"
    language: str = "en"
    plans_dir: str = ""  # empty: the default folder under the user's documents
    clinic_library_dir: str = ""  # empty: no clinic library
    plans_store: str = ""  # empty: the plans folder; postgresql://server/db: a plans server (core/plans_url.py)

    @property
    def plans_path(self) -> Path:
        # The environment override wins over settings so tests and portable installs stay contained.
        if os.environ.get(paths.ENV_PLANS_DIR, "").strip() or not self.plans_dir:
            return paths.default_plans_dir()
        return Path(self.plans_dir).expanduser()

    @property
    def clinic_library_path(self) -> Path | None:
        return Path(self.clinic_library_dir).expanduser() if self.clinic_library_dir else None


def load_settings() -> tuple[Settings, list[Problem]]:
    """Settings from the config dir; anything unreadable falls back to defaults with a message."""
    path = paths.config_dir() / SETTINGS_FILE
    if not path.is_file():
        return Settings(), []
    try:
        data = load_yaml_cached(path) or {}
        if not isinstance(data, dict):
            raise ValueError("expected a mapping")
    except Exception as exc:  # report, never crash at start-up
        line = getattr(exc, "line", 0)  # YamlFileError knows where
        return Settings(), [Problem(path, line, f"settings unreadable ({exc}); using defaults")]
    problems = []
    values = {}
    defaults = asdict(Settings())
    for key, value in data.items():
        if key not in defaults:
            problems.append(Problem(path, 0, f"unknown setting '{key}' ignored"))
        elif not isinstance(value, str):
            problems.append(Problem(path, 0, f"setting '{key}' must be text; ignored"))
        elif key == "paper" and value not in PAPERS or key == "layout" and value not in LAYOUTS:
            problems.append(Problem(path, 0, f"setting '{key}' has unknown value {value!r}; ignored"))
        elif key == "plans_store" and (why := _plans_store_problem(value)):
            problems.append(Problem(path, 0, f"{why}; plans are kept in the plans folder until it is fixed"))
        else:
            values[key] = value
    return Settings(**values), problems


def _plans_store_problem(value: str) -> str:
    """Why a plans server address cannot be used ("" if it can, or it is not one)."""
    from hep_builder.core.plans_url import PlansUrlError, check_address, is_server_address

    if not is_server_address(value):
        return "" if not value.strip() else "setting 'plans_store' must be a postgresql:// address"
    try:
        check_address(value, "setting 'plans_store'")
    except PlansUrlError as exc:
        return str(exc).rstrip(".")
    return ""


def save_settings(settings: Settings) -> Path:
    """Write settings.yaml atomically in the config dir (only what differs from the defaults)."""
    from hep_builder.core.planfile import write_atomic
    from hep_builder.core.yamlio import dump_text

    defaults = asdict(Settings())
    values = {k: v for k, v in asdict(settings).items() if v != defaults[k]}
    path = paths.config_dir() / SETTINGS_FILE
    write_atomic(path, dump_text(values).encode("utf-8"))
    return path
