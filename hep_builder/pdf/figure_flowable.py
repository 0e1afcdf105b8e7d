"""The start/end illustration of an exercise as a ReportLab flowable (pdf layer).

Draws the exercise's vector figure through the figures engine, a clinic photo, or - when neither can be
drawn - a neutral placeholder, so a missing picture never stops an export.
"""

from __future__ import annotations

from reportlab.platypus import Flowable

from hep_builder.core.exercise import Exercise
from hep_builder.core.i18n import ENGLISH, N_, Translator
from hep_builder.pdf.fonts import REGULAR
from hep_builder.pdf.styles import GREY, LIGHT

# The figures' own words (drawn by figures/compose.py), marked here for the catalog.
FIGURE_WORDS = (N_("Start"), N_("End"))


class ExerciseFigure(Flowable):
    def __init__(
        self, exercise: Exercise, width: float, height: float, *, labels: bool = True, tr: Translator = ENGLISH
    ) -> None:
        super().__init__()
        self.exercise = exercise
        self.width = width
        self.height = height
        self.labels = labels
        self.tr = tr

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        from hep_builder.figures.reportlab_backend import draw_exercise_figure

        words = self.tr if self.tr.translated else None
        drawn = draw_exercise_figure(self.canv, self.exercise, 0, 0, self.width, self.height, labels=self.labels,
                                     words=words)  # fmt: skip
        if not drawn:
            draw_placeholder(self.canv, self.width, self.height, self.tr)


def draw_placeholder(canvas, width: float, height: float, tr: Translator = ENGLISH) -> None:
    canvas.saveState()
    canvas.setFillColor(LIGHT)
    canvas.setStrokeColor(GREY)
    canvas.roundRect(0, 0, width, height, 6, stroke=1, fill=1)
    canvas.setFillColor(GREY)
    canvas.setFont(REGULAR, 12)
    canvas.drawCentredString(width / 2, height / 2 + 3, tr("Your therapist"))
    canvas.drawCentredString(width / 2, height / 2 - 12, tr("will show you."))
    canvas.restoreState()
