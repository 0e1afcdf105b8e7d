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

# The printed height of the figure panel (inches) per handout layout; pdf/styles.py holds the same numbers
# (a test keeps them equal) so this module needs no ReportLab.
PANEL_HEIGHT_IN = {"standard": 2.3, "compact": 1.3, "large-print": 3.2}


def figure_report(exercises: Iterable[Exercise]) -> list[dict[str, Any]]:
    out = []
    for exercise in exercises:
        entry: dict[str, Any] = {"id": exercise.id}
        scene = bundled_scene(exercise.figure) if exercise.figure and not exercise.figure_is_image else None
        if scene is None:
            entry.update(view=None, angles=None, max_penetration_mm=None, max_contact_gap_mm=None,
                         joint_limit_violations=[], moved_cm=None, shown_fraction=None)  # fmt: skip
        else:
            entry.update(report(scene))
        entry["height_in"] = dict(PANEL_HEIGHT_IN)
        entry["precautions"] = list(getattr(exercise, "precautions", ()) or ())
        out.append(entry)
    return out
