"""`hep-builder figures --report`: each bundled figure's own account, as plain data (figures layer).

Per exercise: the view, the angles of both frames, how far anything passes into a prop or the floor, how far
a contact is from its surface, joint-limit violations, how much the body moves and how much of that the
camera shows, the printed height of the figure panel per layout, and the exercise's precaution tags.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from hep_builder.core.exercise import Exercise
from hep_builder.figures.scene import bundled_scene, report


def figure_report(
    exercises: Iterable[Exercise], heights: dict[str, dict[str, float]] | None = None
) -> list[dict[str, Any]]:
    """One entry per exercise; ``heights`` (exercise id -> layout -> inches) comes from the pdf layer."""
    out = []
    for exercise in exercises:
        entry: dict[str, Any] = {"id": exercise.id}
        scene = bundled_scene(exercise.figure) if exercise.figure and not exercise.figure_is_image else None
        if scene is None:
            entry.update(view=None, angles=None, max_penetration_mm=None, max_contact_gap_mm=None,
                         joint_limit_violations=[], moved_cm=None, shown_fraction=None)  # fmt: skip
        else:
            entry.update(report(scene))
        entry["height_in"] = (heights or {}).get(exercise.id, {})
        entry["precautions"] = list(getattr(exercise, "precautions", ()) or ())
        out.append(entry)
    return out
