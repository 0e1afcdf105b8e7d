"""The start/end illustration of an exercise as a ReportLab flowable (pdf layer).

Draws the exercise's vector figure through the figures engine, a clinic photo, or - when neither can be
drawn - a neutral placeholder, so a missing picture never stops an export.
"""

from __future__ import annotations

from reportlab.platypus import Flowable

from hep_builder.core.exercise import Exercise
from hep_builder.pdf.fonts import REGULAR
from hep_builder.pdf.styles import GREY, LIGHT


class ExerciseFigure(Flowable):
    def __init__(self, exercise: Exercise, width: float, height: float, *, labels: bool = True) -> None:
        super().__init__()
        self.exercise = exercise
        self.width = width
        self.height = height
        self.labels = labels

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        from hep_builder.figures.reportlab_backend import draw_exercise_figure

        if not draw_exercise_figure(self.canv, self.exercise, 0, 0, self.width, self.height, labels=self.labels):
            draw_placeholder(self.canv, self.width, self.height)


def draw_placeholder(canvas, width: float, height: float) -> None:
    canvas.saveState()
    canvas.setFillColor(LIGHT)
    canvas.setStrokeColor(GREY)
    canvas.roundRect(0, 0, width, height, 6, stroke=1, fill=1)
    canvas.setFillColor(GREY)
    canvas.setFont(REGULAR, 12)
    canvas.drawCentredString(width / 2, height / 2 + 3, "Your therapist")
    canvas.drawCentredString(width / 2, height / 2 - 12, "will show you.")
    canvas.restoreState()
