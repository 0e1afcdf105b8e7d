"""Search and filter the library; shared by the GUI and the command line (core layer)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from hep_builder.core.exercise import CATEGORIES, Exercise, fold


@dataclass(frozen=True)
class ExerciseFilter:
    """What the user asked for. Empty fields match everything."""

    text: str = ""
    category: str | None = None
    phase: int | None = None
    position: str | None = None
    equipment: str | None = None  # "none" matches exercises that need no equipment

    @property
    def words(self) -> tuple[str, ...]:
        return tuple(fold(self.text).split())

    def matches(self, exercise: Exercise, words: tuple[str, ...] | None = None) -> bool:
        if self.category and exercise.category != self.category:
            return False
        if self.phase and self.phase not in exercise.phases:
            return False
        if self.position and exercise.position != self.position:
            return False
        if self.equipment:
            if self.equipment == "none":
                if exercise.equipment:
                    return False
            elif self.equipment not in exercise.equipment:
                return False
        words = self.words if words is None else words
        if not words:
            return True
        haystack = exercise.search_text
        return all(word in haystack for word in words)


def search(exercises: Iterable[Exercise], flt: ExerciseFilter) -> list[Exercise]:
    """Matching exercises, in library order. Every word of the text must appear (name, summary, tags...)."""
    words = flt.words
    return [exercise for exercise in exercises if flt.matches(exercise, words)]


def equipment_values(exercises: Iterable[Exercise]) -> list[str]:
    """Every equipment word used, sorted, for a filter menu."""
    return sorted({item for exercise in exercises for item in exercise.equipment})


def in_category_order(exercises: Iterable[Exercise]) -> list[Exercise]:
    """Mobility first, functional last (the clinic's order); library order within a category."""
    return sorted(exercises, key=lambda exercise: CATEGORIES.index(exercise.category))
