"""The exercise library: load every source, merge them, check cross-references (core layer).

Sources are merged in this order: the bundled ``exercises/``, the clinic library folder, the user's own
library, then the folders of ``HEP_BUILDER_LIBRARY_PATH``.

The rule for an id defined twice:
- twice in the same source is an error: the first definition is kept and the second is reported;
- in two different sources, the later source wins and replaces the earlier exercise whole, so a clinic can
  rewrite a bundled exercise by reusing its id. Each replacement is listed in ``Library.replaced``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from hep_builder import paths
from hep_builder.core.exercise import Exercise
from hep_builder.core.parse_cache import load_file_cached
from hep_builder.core.problems import Problem

LIBRARY_SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True)
class LibrarySource:
    """One place exercises come from: a folder (searched recursively) or a single file."""

    path: Path
    origin: str  # bundled | clinic | user | extra


@dataclass
class Library:
    """The merged exercise library, with the problems found while loading it."""

    exercises: dict[str, Exercise] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    # (new, replaced) pairs: an id that a later source redefined.
    replaced: list[tuple[Exercise, Exercise]] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.exercises)

    def __iter__(self) -> Iterator[Exercise]:
        return iter(self.exercises.values())

    def __contains__(self, exercise_id: object) -> bool:
        return exercise_id in self.exercises

    def get(self, exercise_id: str) -> Exercise | None:
        return self.exercises.get(exercise_id)

    def __getitem__(self, exercise_id: str) -> Exercise:
        return self.exercises[exercise_id]


def default_sources(clinic_library: Path | None = None) -> list[LibrarySource]:
    sources = [LibrarySource(paths.bundled_dir("exercises"), "bundled")]
    if clinic_library:
        sources.append(LibrarySource(clinic_library, "clinic"))
    sources.append(LibrarySource(paths.user_library_dir(), "user"))
    sources.extend(LibrarySource(p, "extra") for p in paths.extra_library_dirs())
    return sources


def library_files(folder: Path) -> list[Path]:
    """Library files below ``folder``, in a stable order."""
    if folder.is_file():
        return [folder]
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.rglob("*") if p.suffix.lower() in LIBRARY_SUFFIXES and p.is_file())


def load_library(sources: Iterable[LibrarySource]) -> Library:
    library = Library()
    for source in sources:
        if source.origin != "bundled" and not source.path.exists():
            # A clinic or user folder that was never created is normal, not a problem; a missing
            # share is reported so the admin learns why clinic exercises are gone.
            if source.origin == "clinic":
                library.problems.append(Problem(source.path, 0, "clinic library folder not found; skipped"))
            continue
        root = source.path if source.path.is_dir() else source.path.parent
        seen_here: dict[str, Exercise] = {}
        for file in library_files(source.path):
            result = load_file_cached(file, origin=source.origin, root=root)
            library.problems.extend(result.problems)
            for exercise in result.exercises:
                _add(library, seen_here, exercise)
    _check_links(library)
    return library


def _add(library: Library, seen_here: dict[str, Exercise], exercise: Exercise) -> None:
    first = seen_here.get(exercise.id)
    if first is not None:
        library.problems.append(
            Problem(
                exercise.source or Path("?"),
                exercise.line,
                f"duplicate id; already defined at {first.source}:{first.line} (this one is ignored)",
                exercise.id,
            )
        )
        return
    seen_here[exercise.id] = exercise
    earlier = library.exercises.pop(exercise.id, None)
    if earlier is not None:
        library.replaced.append((exercise, earlier))
    library.exercises[exercise.id] = exercise


def _check_links(library: Library) -> None:
    for exercise in list(library.exercises.values()):
        dangling: list[str] = []
        for key in ("progression", "regression"):
            target = getattr(exercise, key)
            if target and target not in library.exercises:
                library.problems.append(
                    Problem(
                        exercise.source or Path("?"),
                        exercise.line,
                        f"'{key}' names '{target}', which is not in the library",
                        exercise.id,
                    )
                )
                dangling.append(key)
        if dangling:  # the link is dropped, so nothing follows it to a missing exercise
            library.exercises[exercise.id] = replace(
                exercise,
                progression=None if "progression" in dangling else exercise.progression,
                regression=None if "regression" in dangling else exercise.regression,
            )


def load_default_library(clinic_library: Path | None = None) -> Library:
    return load_library(default_sources(clinic_library))
