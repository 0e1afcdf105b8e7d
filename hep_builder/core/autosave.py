"""Autosave and crash recovery for unsaved plans, in the user's own data dir (core layer).

Unsaved work is written here every few seconds of idle (never to the shared plans folder). A clean save
or close removes it; anything left at the next start is offered back to the user.
"""

from __future__ import annotations

import contextlib
import json
from dataclasses import dataclass
from pathlib import Path

from hep_builder import paths
from hep_builder.core.plan import PLAN_SUFFIX, Plan

# The plan-file code (and PyYAML) loads when something is written or read: closing an unchanged plan, the
# common case, only removes files.


def autosave_dir() -> Path:
    return paths.data_dir() / "autosave"


@dataclass(frozen=True)
class Recovery:
    """Unsaved work found at start-up, with where it came from."""

    plan: Plan
    original: Path | None  # the file the plan was opened from, if any
    autosave: Path


def _files(plan_id: str) -> tuple[Path, Path]:
    safe = "".join(ch for ch in plan_id if ch.isalnum() or ch == "-") or "plan"
    folder = autosave_dir()
    return folder / f"{safe}{PLAN_SUFFIX}", folder / f"{safe}.json"


def autosave(plan: Plan, original: Path | None) -> Path:
    from hep_builder.core.planfile import plan_to_text, write_atomic

    plan_file, meta_file = _files(plan.id)
    write_atomic(plan_file, plan_to_text(plan).encode("utf-8"))
    write_atomic(meta_file, json.dumps({"original": str(original) if original else ""}).encode("utf-8"))
    return plan_file


def discard(plan_id: str) -> None:
    for file in _files(plan_id):
        with contextlib.suppress(OSError):
            file.unlink()


def pending() -> list[Recovery]:
    """Unsaved plans left by a crash, newest first; unreadable leftovers are skipped (and kept)."""
    found = []
    folder = autosave_dir()
    if not folder.is_dir():
        return []
    from hep_builder.core.planfile import PlanFileError, read_plan

    for plan_file in sorted(folder.glob(f"*{PLAN_SUFFIX}"), key=lambda p: p.stat().st_mtime, reverse=True):
        try:
            plan = read_plan(plan_file).plan
        except PlanFileError:
            continue
        original = None
        with contextlib.suppress(OSError, ValueError, KeyError, TypeError):
            recorded = json.loads(plan_file.with_suffix(".json").read_text("utf-8"))["original"]
            original = Path(recorded) if recorded else None
        found.append(Recovery(plan, original, plan_file))
    return found
