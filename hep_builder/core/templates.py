"""Starter plans for the clinic's three phases, and moving a plan a step harder or easier (core layer)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from hep_builder.core.dose_text import SIDE_WORDS
from hep_builder.core.exercise import Exercise
from hep_builder.core.library import Library
from hep_builder.core.plan import Patient, Plan, PlanItem

# A short list per phase: fewer exercises are done more faithfully (CONTENT.md).
PHASE_TEMPLATES: dict[int, tuple[str, ...]] = {
    1: ("heel-slide", "glute-sets", "belt-isometric-abduction", "sit-to-stand", "walking-program"),
    2: ("glute-bridge", "clamshell", "box-squat", "half-kneeling-hip-flexor-stretch", "single-leg-stance"),
    3: ("single-leg-deadlift", "lateral-step-up", "multidirectional-lunge", "side-plank-leg-lift", "walk-jog"),
}
PHASE_FOCUS = {
    1: "Calm the pain and get your hip moving again",
    2: "Build strength and move more freely",
    3: "Get back to everything you want to do",
}


def template_plan(phase: int, library: Library, patient: Patient | None = None) -> Plan:
    """A new plan for ``phase`` with the template's exercises that this library has."""
    items = tuple(
        PlanItem(exercise_id, snapshot=library[exercise_id])
        for exercise_id in PHASE_TEMPLATES[phase]
        if exercise_id in library
    )
    return Plan(patient or Patient(""), phase=phase, focus=PHASE_FOCUS[phase], items=items)


# Dose changes that mean the same in the next exercise: how often, how many rounds, which side, and the
# note. Reps, holds, times and resistance were for the old exercise and go back to the new one's default.
CARRIED_OVER = ("sets", "days_per_week", "times_per_day", "side")
NEEDS_A_DEFAULT = ("sets", "side")  # carried only where the new exercise is dosed that way too


@dataclass(frozen=True)
class Swap:
    """One exercise moved a step: its names before and after, and what of the therapist's work was kept."""

    before: str
    after: str
    kept: tuple[str, ...] = ()  # plain phrases: "3 sets", "5 days a week", "note"

    def describe(self) -> str:
        """ "Bridges → One-leg bridges, your 3 sets kept" """
        if not self.kept:
            return f"{self.before} → {self.after}"
        kept = self.kept[0] if len(self.kept) == 1 else f"{', '.join(self.kept[:-1])} and {self.kept[-1]}"
        return f"{self.before} → {self.after}, your {kept} kept"


def progressed(plan: Plan, library: Library) -> tuple[Plan, int]:
    """The plan with each item swapped for its progression where the library has one; and how many moved.

    What the therapist set that means the same in the new exercise (sets, days a week, times a day, side,
    the note) is kept; the rest of the dose is the new exercise's default. The plan's phase moves up one
    when anything moved.
    """
    after, swaps = stepped_plan(plan, library, harder=True)
    return after, len(swaps)


def eased(plan: Plan, library: Library) -> tuple[Plan, int]:
    """The plan a step easier (after a flare-up): each item swapped for its regression, as ``progressed``
    does the other way; the phase moves down one when anything moved."""
    after, swaps = stepped_plan(plan, library, harder=False)
    return after, len(swaps)


def next_step(item: PlanItem, library: Library, *, harder: bool) -> Exercise | None:
    """The library's next harder (or easier) exercise after this item's, if it has one."""
    current = library.get(item.exercise_id)
    step = (current.progression if harder else current.regression) if current else None
    return library.get(step) if step else None


def stepped_item(item: PlanItem, target: Exercise) -> PlanItem:
    """``item`` moved on to ``target``: the note and the dose changes that mean the same there stay (see
    CARRIED_OVER); the rest of the dose is the new exercise's default."""
    moved = PlanItem(target.id, {}, item.notes, target, key=item.key)  # the same row, moved on
    for key in CARRIED_OVER:
        if key in item.overrides and (key not in NEEDS_A_DEFAULT or getattr(target.dosage, key) is not None):
            moved = moved.with_dose(key, item.overrides[key], getattr(target.dosage, key))
    return moved


def kept_phrases(item: PlanItem, moved: PlanItem) -> tuple[str, ...]:
    """What of ``item``'s dose and note ``moved`` kept, in plain words ("3 sets", "note")."""
    default = moved.snapshot.dosage if moved.snapshot else None
    now = {key: moved.overrides.get(key, getattr(default, key, None)) for key in CARRIED_OVER}
    phrases = [_phrase(key, value) for key, value in item.overrides.items() if key in now and now[key] == value]
    return (*phrases, "note") if item.notes else tuple(phrases)


def _phrase(key: str, value: Any) -> str:
    if value is None:
        return f"{key.replace('_', ' ')} left out"
    if key == "sets":
        return f"{value} set{'s' if value != 1 else ''}"
    if key == "days_per_week":
        return "every day" if value == 7 else f"{value} day{'s' if value != 1 else ''} a week"
    if key == "times_per_day":
        return {1: "once a day", 2: "twice a day"}.get(value, f"{value} times a day")
    return SIDE_WORDS.get(value, str(value))


def stepped_plan(plan: Plan, library: Library, *, harder: bool) -> tuple[Plan, list[Swap]]:
    """The plan with each item a step harder (or easier) where the library has one, and each swap named."""
    items = []
    swaps = []
    for item in plan.items:
        target = next_step(item, library, harder=harder)
        if target is None:
            items.append(item)
            continue
        moved = stepped_item(item, target)
        items.append(moved)
        before = item.snapshot or library.get(item.exercise_id)
        swaps.append(Swap(before.name if before else item.exercise_id, target.name, kept_phrases(item, moved)))
    phase = plan.phase
    if swaps:
        phase = min((plan.phase or 1) + 1, 3) if harder else max((plan.phase or 1) - 1, 1)
    return replace(plan, items=tuple(items), phase=phase), swaps
