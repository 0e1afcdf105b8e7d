"""A patient's plan: header, items with dose overrides, and what printing needs (core layer).

A plan is self-contained: each item may carry a snapshot of the exercise as it was when added, so the
handout reprints identically on a PC whose library lacks or has changed that exercise. An item whose
exercise is neither in the snapshot nor in the library is kept and printed from what the plan has.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from hep_builder.core.exercise import DOSAGE_KEYS, Dosage, Exercise

if TYPE_CHECKING:
    from hep_builder.core.library import Library

PLAN_SUFFIX = ".hepplan"  # plan files, wherever they are kept
LAYOUTS = ("standard", "compact", "large-print")
PAPERS = ("letter", "a4")
DEFAULT_LOG_DAYS = 14


def now() -> datetime:
    return datetime.now().replace(microsecond=0)


def new_plan_id() -> str:
    """A random (version 4) UUID as text, e.g. for a plan file's name.

    Made here rather than with ``uuid.uuid4()``: the uuid module loads ``platform`` and ctypes helpers,
    a few milliseconds of start-up for sixteen random bytes.
    """
    raw = bytearray(os.urandom(16))
    raw[6] = (raw[6] & 0x0F) | 0x40  # version 4
    raw[8] = (raw[8] & 0x3F) | 0x80  # RFC 4122 variant
    text = raw.hex()
    return f"{text[:8]}-{text[8:12]}-{text[12:16]}-{text[16:20]}-{text[20:]}"


_item_keys = itertools.count(1)


def new_item_key() -> str:
    """A key for one plan item, unique in this process: what drags, selection and row-level model updates
    follow, so two items of the same exercise (left and right side) stay apart. Never written to a file."""
    return f"item-{next(_item_keys)}"


@dataclass(frozen=True)
class Patient:
    """Who the plan is for."""

    name: str
    identifier: str = ""
    date_of_birth: str = ""


@dataclass(frozen=True)
class PlanItem:
    """One exercise in a plan, with its dose changes and note."""

    exercise_id: str
    overrides: Mapping[str, Any] = field(default_factory=dict)  # dose keys only
    notes: str = ""
    snapshot: Exercise | None = None  # the exercise as it was when added
    acknowledged: tuple[str, ...] = ()  # plan precautions this item breaks that the therapist kept on purpose
    # Not part of the value (two plans with the same items are equal): which item this is while it is edited.
    key: str = field(default_factory=new_item_key, compare=False, repr=False)

    def with_dose(self, key: str, value: Any, default: Any) -> PlanItem:
        """This item with one dose field set. The library's own value (``default``) needs no override; any
        other value is kept, None included: "left out for this patient" (no hold, no band)."""
        if key not in DOSAGE_KEYS:
            return self
        overrides = {k: v for k, v in self.overrides.items() if k != key}
        if value != default:
            overrides[key] = value
        return replace(self, overrides=overrides)


@dataclass(frozen=True)
class ResolvedItem:
    """An item ready to print: the exercise text, the final dose, the note, and where the text came from."""

    item: PlanItem
    exercise: Exercise
    dosage: Dosage
    missing: bool = False  # the exercise is in neither the plan nor the library


@dataclass(frozen=True)
class Plan:
    """A patient's home exercise plan: header, items and how to print it."""

    patient: Patient
    id: str = field(default_factory=new_plan_id)
    created: datetime = field(default_factory=now)
    modified: datetime = field(default_factory=now)
    therapist: str = ""
    location: str = ""
    title: str = "Hip home exercise program"
    phase: int | None = None
    focus: str = ""
    goals: tuple[str, ...] = ()
    notes: str = ""
    language: str = "en"
    layout: str = "standard"
    paper: str = ""  # empty: the clinic's default paper
    follow_up: date | None = None
    items: tuple[PlanItem, ...] = ()
    # Hip precautions (core/precautions): empty means not stated, ("none",) that there are none.
    precautions: tuple[str, ...] = ()
    precautions_until: date | None = None
    affected_side: str = ""  # left | right | "" (not stated)

    def resolve(self, library: Library | None, language: str | None = None) -> list[ResolvedItem]:
        """What to print for each item: the snapshot first (reprints match), else the library."""
        resolved = []
        for item in self.items:
            exercise = item.snapshot or (library.get(item.exercise_id) if library else None)
            if item.snapshot and library:
                exercise = _with_library_translation(item.snapshot, library, language or self.language)
            missing = exercise is None
            if exercise is None:
                exercise = placeholder_exercise(item.exercise_id)
            exercise = exercise.localized(language or self.language)
            resolved.append(ResolvedItem(item, exercise, exercise.dosage.overridden(item.overrides), missing))
        return resolved

    def log_days(self) -> list[date]:
        """The days of the daily log: from the plan's date to the day before follow-up (two weeks if none)."""
        start = self.modified.date()
        end = self.follow_up - timedelta(days=1) if self.follow_up and self.follow_up > start else None
        if end is None:
            end = start + timedelta(days=DEFAULT_LOG_DAYS - 1)
        days = (end - start).days + 1
        return [start + timedelta(days=n) for n in range(min(days, 12 * 7))]


def _with_library_translation(snapshot: Exercise, library: Library, language: str) -> Exercise:
    """A plan saved before its exercise was translated takes the library's translation when printed in it."""
    current = library.get(snapshot.id)
    if language in snapshot.translations or current is None or language not in current.translations:
        return snapshot
    return replace(snapshot, translations={**snapshot.translations, language: current.translations[language]})


def placeholder_exercise(exercise_id: str) -> Exercise:
    """Stands in for an exercise this PC does not know, so the item is still shown and printed."""
    readable = exercise_id.replace("-", " ").capitalize()
    return Exercise(
        id=exercise_id,
        name=readable,
        category="functional",
        phases=(1, 2, 3),
        position="standing",
        summary="Do this exercise as your therapist showed you.",
        instructions=("Do this exercise as your therapist showed you.", "Ask us if you are not sure how."),
        dosage=Dosage(),
        origin="missing",
    )
