"""A problem found in a user-supplied file, located by path and line (core layer)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    """One clear, located message: ``path:line: message``."""

    path: Path
    line: int
    message: str
    exercise_id: str | None = None

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else f"{self.path}"
        subject = f"exercise '{self.exercise_id}': " if self.exercise_id else ""
        return f"{where}: {subject}{self.message}"
