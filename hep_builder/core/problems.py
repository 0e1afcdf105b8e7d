"""A problem found in a user-supplied file, located by path and line (core layer)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from hep_builder.core.exercise import Exercise


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


@dataclass
class FileResult:
    """What one library file gave: its exercises and its problems."""

    path: Path
    exercises: list[Exercise] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
