"""Search and filter the library; shared by the GUI and the command line (core layer).

A word of the search matches an exercise when it is part of its text (as typed so far: "clam" finds
Clamshells), or the same word in the singular ("raises", "stretches", "hips"). A word that matches nothing in
the library that way is taken as a small typo: one letter off from a word of the exercise ("hamstirng",
"brigde"; words of four letters or more). So "stairs" finds the stairs exercises, never "star" ones. The text
includes the exercise's tags and aliases (other names therapists and patients use, such as "monster walk").
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property, lru_cache

from hep_builder.core.exercise import CATEGORIES, Exercise, fold

TYPO_MIN_LENGTH = 4  # shorter words are too easily another word ("hip" and "hop")
_WORD = r"[a-z0-9]+"  # compiled (and cached by re) on the first search, not at start-up
_LETTERS = "abcdefghijklmnopqrstuvwxyz"
_SINGULARS: dict[str, str] = {}


def singular(word: str) -> str:
    """A rough English singular, the same for the query and the text: stretches, raises, hips, bodies."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 4 and word.endswith(("ches", "shes", "sses", "xes", "zes")):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def exercise_words(exercise: Exercise) -> frozenset[str]:
    """The exercise's words, each in the singular (kept on the exercise: built once, used every keystroke)."""
    cached = exercise.__dict__.get("_search_words")
    if cached is None:
        known = _SINGULARS  # a library repeats its words: each is made singular once
        words = re.findall(_WORD, exercise.search_text)
        cached = frozenset(known[w] if w in known else known.setdefault(w, singular(w)) for w in words)
        exercise.__dict__["_search_words"] = cached  # a frozen dataclass: a cache beside its fields
    return cached


@lru_cache(maxsize=256)
def one_typo_away(word: str) -> frozenset[str]:
    """Every word one letter away: one left out, one extra, one changed, or two next to each other swapped."""
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    deletes = {a + b[1:] for a, b in splits if b}
    swaps = {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
    changes = {a + c + b[1:] for a, b in splits if b for c in _LETTERS}
    inserts = {a + c + b for a, b in splits for c in _LETTERS}
    return frozenset(deletes | swaps | changes | inserts)


class QueryWord:
    """One word of the search, ready to test against many exercises. (A plain class: a dataclass costs
    start-up time to create, and this one lives only for a keystroke.)"""

    __slots__ = ("near", "singular", "text")

    def __init__(self, text: str, singular: str, near: frozenset[str] = frozenset()) -> None:
        self.text = text
        self.singular = singular
        self.near = near  # words one typo away, when the word itself matches nothing

    @classmethod
    def of(cls, text: str, exercises: Iterable[Exercise] = ()) -> QueryWord:
        """The word; if none of ``exercises`` has it, with the words one typo away from it."""
        word = cls(text, singular(text))
        if len(word.singular) < TYPO_MIN_LENGTH or not word.singular.isalpha():
            return word
        if any(word.matches(exercise) for exercise in exercises):
            return word
        return cls(text, word.singular, one_typo_away(word.singular))

    def matches(self, exercise: Exercise) -> bool:
        if self.text in exercise.search_text:
            return True
        words = exercise_words(exercise)
        return self.singular in words or (bool(self.near) and not words.isdisjoint(self.near))


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

    @cached_property
    def query(self) -> tuple[QueryWord, ...]:
        """The words, taken exactly (no typo allowance: that needs the library, see ``prepare``)."""
        return tuple(QueryWord.of(word) for word in self.words)

    def prepare(self, exercises: Iterable[Exercise]) -> tuple[QueryWord, ...]:
        """The words ready for ``matches`` over ``exercises``: a word none of them has allows one typo."""
        exercises = exercises if isinstance(exercises, list | tuple) else list(exercises)
        return tuple(QueryWord.of(word, exercises) for word in self.words)

    @property
    def has_filters(self) -> bool:
        """Anything besides the text narrows the list."""
        return any(value is not None for value in (self.category, self.phase, self.position, self.equipment))

    def matches(self, exercise: Exercise, query: tuple[QueryWord, ...] | None = None) -> bool:
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
        return all(word.matches(exercise) for word in (self.query if query is None else query))


def search(exercises: Iterable[Exercise], flt: ExerciseFilter) -> list[Exercise]:
    """Matching exercises, in library order. Every word of the text must match (name, summary, tags, aliases;
    see the module's note for plurals and typos)."""
    exercises = list(exercises)
    query = flt.prepare(exercises)
    return [exercise for exercise in exercises if flt.matches(exercise, query)]


def equipment_values(exercises: Iterable[Exercise]) -> list[str]:
    """Every equipment word used, sorted, for a filter menu."""
    return sorted({item for exercise in exercises for item in exercise.equipment})


def in_category_order(exercises: Iterable[Exercise]) -> list[Exercise]:
    """Mobility first, functional last (the clinic's order); library order within a category."""
    return sorted(exercises, key=lambda exercise: CATEGORIES.index(exercise.category))
