"""Autosave and crash recovery for unsaved plans, in the user's own data dir (core layer).

Unsaved work is written here at most a few seconds after the first unsaved edit (never to the shared plans
folder), one pair of files per plan id: the plan, and a note of the file it came from and that file's
version. A save or an explicit "don't save" removes it; anything else is kept and offered back whenever that
plan is opened (or at the next start), as long as it is newer than the plan file.
"""

from __future__ import annotations

import contextlib
import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from hep_builder import paths
from hep_builder.core.plan import PLAN_SUFFIX, Plan

# The plan-file code (and PyYAML) loads when something is written or read: closing an unchanged plan, the
# common case, only removes files.

IDLE_S = 1.0  # write this long after the last edit...
MAX_WAIT_S = 4.0  # ...but never later than this after the first unsaved one, however steady the editing


def autosave_dir() -> Path:
    return paths.data_dir() / "autosave"


@dataclass(frozen=True)
class Recovery:
    """Unsaved work kept by autosave, with where it came from."""

    plan: Plan
    original: Path | None  # the file the plan was opened from, if any
    autosave: Path
    base_version: str = ""  # the original's version the edits started from ("" unknown or a new plan)
    saved_at: datetime | None = None  # when the autosave was written

    @property
    def question(self) -> str:
        """The plain question for the user."""
        name = self.plan.patient.name.strip()
        whose = f"{name}'s plan" if name else "a plan without a patient name"
        when = self.saved_at.strftime("%H:%M") if self.saved_at else "earlier"
        if self.saved_at and self.saved_at.date() != datetime.now().date():
            when = self.saved_at.strftime("%Y-%m-%d %H:%M")
        return f"HEP Builder has unsaved changes to {whose} from {when}. Restore them?"

    def newer_than(self, path: Path | None) -> bool:
        """Is this autosave newer than the plan file (so it holds work the file lacks)?"""
        if path is None:
            return True
        try:
            return self.autosave.stat().st_mtime_ns > path.stat().st_mtime_ns
        except FileNotFoundError:
            return True  # the file is gone: the autosave is all there is
        except OSError:
            return False


def _files(plan_id: str) -> tuple[Path, Path]:
    safe = "".join(ch for ch in plan_id if ch.isalnum() or ch == "-") or "plan"
    folder = autosave_dir()
    return folder / f"{safe}{PLAN_SUFFIX}", folder / f"{safe}.json"


def autosave(plan: Plan, original: Path | None, base_version: str = "") -> Path:
    from hep_builder.core.planfile import plan_to_text, write_atomic

    plan_file, meta_file = _files(plan.id)
    # The note first: a crash between the two leaves a plan with an older note, never a plan without one.
    meta = {"original": str(original) if original else "", "base_version": base_version}
    write_atomic(meta_file, json.dumps(meta).encode("utf-8"))
    write_atomic(plan_file, plan_to_text(plan).encode("utf-8"))
    return plan_file


def discard(plan_id: str) -> None:
    for file in _files(plan_id):
        with contextlib.suppress(OSError):
            file.unlink()


def _load(plan_file: Path) -> Recovery | None:
    from hep_builder.core.planfile import PlanFileError, read_plan

    try:
        plan = read_plan(plan_file).plan
        saved_at = datetime.fromtimestamp(plan_file.stat().st_mtime).replace(microsecond=0)
    except (PlanFileError, OSError):
        return None
    original, base = None, ""
    with contextlib.suppress(OSError, ValueError, KeyError, TypeError, AttributeError):
        meta = json.loads(plan_file.with_suffix(".json").read_text("utf-8"))
        original = Path(meta["original"]) if meta.get("original") else None
        base = str(meta.get("base_version") or "")
    return Recovery(plan, original, plan_file, base, saved_at)


def find(plan_id: str) -> Recovery | None:
    """The autosave of plan ``plan_id``, if there is a readable one."""
    plan_file, _ = _files(plan_id)
    return _load(plan_file) if plan_file.exists() else None


def pending() -> list[Recovery]:
    """Unsaved plans kept by autosave, newest first; unreadable leftovers are skipped (and kept)."""
    folder = autosave_dir()
    if not folder.is_dir():
        return []
    found = [r for r in (_load(p) for p in folder.glob(f"*{PLAN_SUFFIX}")) if r is not None]
    return sorted(found, key=lambda r: r.saved_at or datetime.min, reverse=True)
