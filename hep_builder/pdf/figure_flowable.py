"""The start/end illustration of an exercise as a ReportLab flowable (pdf layer).

Draws the exercise's vector figure through the figures engine, a clinic photo, or - when neither can be
drawn - a neutral placeholder, so a missing picture never stops an export.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from reportlab.platypus import Flowable

from hep_builder.core.exercise import Exercise
from hep_builder.core.i18n import ENGLISH, N_, Translator
from hep_builder.core.plan import Plan, ResolvedItem
from hep_builder.pdf.fonts import REGULAR
from hep_builder.pdf.styles import GREY, LIGHT

if TYPE_CHECKING:
    from reportlab.pdfgen.canvas import Canvas

    from hep_builder.core.library import Library

# The figures' own words (the "Start" and "End" labels the figures engine draws, and the panel names of the
# figures with a third panel: 'labels' in assets/figures/mannequin/hip.yaml), marked for the catalog.
FIGURE_WORDS = (N_("Start"), N_("End"), N_("Then"), N_("Foot out"), N_("Foot in"), N_("To 12"), N_("To 3"),
                N_("Forward"), N_("Side"), N_("Back"))  # fmt: skip


def patient_side(plan: Plan, item: ResolvedItem) -> str | None:
    """The side a figure is drawn for: the item's own side, else the plan's affected side, else None.

    "Each side" and "both" draw the figure as authored (one side); the dose text says to switch.
    """
    side = item.dosage.side
    if side in ("left", "right"):
        return side
    affected = getattr(plan, "affected_side", "")
    return affected if affected in ("left", "right") else None


def printed_heights(exercises: Iterable[Exercise], library: Library) -> dict[str, dict[str, float]]:
    """The printed height (inches) of each exercise's figure panel in each layout, as the handout lays it out.

    Large print shrinks a figure (down to a floor) when the words would not fit on the exercise's page.
    """
    from hep_builder.core.clinic import load_profile
    from hep_builder.core.plan import Patient, PlanItem
    from hep_builder.pdf import handout
    from hep_builder.pdf.styles import LAYOUT_SPECS, PAGE_SIZES, styles_for

    profile, _problems = load_profile()
    out: dict[str, dict[str, float]] = {}
    for exercise in exercises:
        plan = Plan(Patient("Report"), items=(PlanItem(exercise.id),))
        heights = {}
        for layout, spec in LAYOUT_SPECS.items():
            context = handout.HandoutContext(plan, profile, spec, styles_for(layout), PAGE_SIZES["letter"],
                                             plan.resolve(library))  # fmt: skip
            block = handout._exercise_block(context, 1, context.items[0])
            heights[layout] = round(_figure_in(block).height / 72, 2)
        out[exercise.id] = heights
    return out


def _figure_in(flowables: Iterable[Flowable]) -> ExerciseFigure:
    for flowable in flowables:
        if isinstance(flowable, ExerciseFigure):
            return flowable
        for attribute in ("_content", "_cellvalues"):
            inner = getattr(flowable, attribute, None)
            if inner:
                items = [x for row in inner for x in (row if isinstance(row, list | tuple) else [row])]
                flat = [y for x in items for y in (x if isinstance(x, list | tuple) else [x])]
                try:
                    return _figure_in(flat)
                except LookupError:
                    pass
    raise LookupError("no figure in the block")


class ExerciseFigure(Flowable):
    def __init__(self, exercise: Exercise, width: float, height: float, *, labels: bool = True,
                 side: str | None = None, tr: Translator = ENGLISH,
                 label_points: float | None = None) -> None:  # fmt: skip
        super().__init__()
        self.label_points = label_points  # least label size in pt, however small the picture is drawn
        self.exercise = exercise
        self.width = width
        self.height = height
        self.labels = labels
        self.side = side
        self.tr = tr

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        from hep_builder.figures.reportlab_backend import draw_exercise_figure

        words = self.tr if self.tr.translated else None
        drawn = draw_exercise_figure(self.canv, self.exercise, 0, 0, self.width, self.height, labels=self.labels,
                                     side=self.side, words=words, label_points=self.label_points)  # fmt: skip
        if not drawn:
            draw_placeholder(self.canv, self.width, self.height, self.tr)


def draw_placeholder(canvas: Canvas, width: float, height: float, tr: Translator = ENGLISH) -> None:
    canvas.saveState()
    canvas.setFillColor(LIGHT)
    canvas.setStrokeColor(GREY)
    canvas.roundRect(0, 0, width, height, 6, stroke=1, fill=1)
    canvas.setFillColor(GREY)
    canvas.setFont(REGULAR, 12)
    canvas.drawCentredString(width / 2, height / 2 + 3, tr("Your therapist"))
    canvas.drawCentredString(width / 2, height / 2 - 12, tr("will show you."))
    canvas.restoreState()
