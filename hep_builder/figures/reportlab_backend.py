"""Draws figures on a ReportLab canvas (figures layer)."""

from __future__ import annotations

from hep_builder.core.exercise import Exercise


def draw_exercise_figure(canvas, exercise: Exercise, x: float, y: float, width: float, height: float,
                         *, labels: bool = True) -> bool:  # fmt: skip
    """Draw the figure of ``exercise`` in the box; False when there is nothing to draw."""
    return False
