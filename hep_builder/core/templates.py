"""Starter plans for the clinic's three phases, and moving a plan a step harder or easier (core layer)."""

from __future__ import annotations

from dataclasses import replace

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


def progressed(plan: Plan, library: Library) -> tuple[Plan, int]:
    """The plan with each item swapped for its progression where the library has one; and how many moved.

    The therapist's note stays with the item; the dose goes back to the new exercise's default, because
    the old numbers were for a different exercise. The plan's phase moves up one when anything moved.
    """
    return _stepped(plan, library, harder=True)


def eased(plan: Plan, library: Library) -> tuple[Plan, int]:
    """The plan a step easier (after a flare-up): each item swapped for its regression, as ``progressed``
    does the other way; the phase moves down one when anything moved."""
    return _stepped(plan, library, harder=False)


def next_step(item: PlanItem, library: Library, *, harder: bool) -> Exercise | None:
    """The library's next harder (or easier) exercise after this item's, if it has one."""
    current = library.get(item.exercise_id)
    step = (current.progression if harder else current.regression) if current else None
    return library.get(step) if step else None


def stepped_item(item: PlanItem, target: Exercise) -> PlanItem:
    """``item`` moved on to ``target``: the note stays, the dose is the new exercise's default."""
    return PlanItem(target.id, {}, item.notes, target, key=item.key)  # the same row, moved on


def _stepped(plan: Plan, library: Library, *, harder: bool) -> tuple[Plan, int]:
    items = []
    changed = 0
    for item in plan.items:
        target = next_step(item, library, harder=harder)
        if target is None:
            items.append(item)
            continue
        items.append(stepped_item(item, target))
        changed += 1
    phase = plan.phase
    if changed:
        phase = min((plan.phase or 1) + 1, 3) if harder else max((plan.phase or 1) - 1, 1)
    return replace(plan, items=tuple(items), phase=phase), changed
