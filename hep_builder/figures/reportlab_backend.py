"""Draws figure primitives on a ReportLab canvas, as vectors (figures layer)."""

from __future__ import annotations

import io
import logging
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from hep_builder.core.exercise import Exercise
from hep_builder.figures.compose import box_aspect, figure_primitives
from hep_builder.figures.images import ImageError, load_image
from hep_builder.figures.primitives import (
    FIGURE_HEIGHT,
    FIGURE_WIDTH,
    TONES,
    Circle,
    Label,
    Point,
    Polygon,
    Primitive,
    Stroke,
)

if TYPE_CHECKING:  # ReportLab is imported where it is drawn with, not at import time
    from reportlab.pdfgen.canvas import Canvas
    from reportlab.pdfgen.pathobject import PDFPathObject

log = logging.getLogger(__name__)
MIN_LABEL_POINTS = 12.0


def _grey(canvas: Canvas, tone: str, *, fill: bool) -> None:
    level = TONES[tone]
    (canvas.setFillGray if fill else canvas.setStrokeGray)(level)


def draw_primitives(
    canvas: Canvas,
    prims: Iterable[Primitive],
    x: float,
    y: float,
    width: float,
    height: float,
    aspect: float = FIGURE_WIDTH,
    words: Callable[[str], str] | None = None,
    label_points: float | None = None,
) -> None:
    """Draw ``prims`` (in their ``aspect`` x 1 box) scaled uniformly into the given rectangle.

    ``words`` puts a label ("Start", "End") into the handout's language. ``label_points`` is the least size
    of a label in points whatever the picture's scale (large print shrinks a picture, never its words).
    """
    from hep_builder.pdf.fonts import BOLD, REGULAR, register_fonts  # embedded fonts only

    register_fonts()
    scale = min(width / aspect, height / FIGURE_HEIGHT)
    ox = x + (width - aspect * scale) / 2
    oy = y + (height - FIGURE_HEIGHT * scale) / 2
    canvas.saveState()
    canvas.setLineCap(1)
    canvas.setLineJoin(1)

    def path_of(points: tuple[Point, ...], closed: bool) -> PDFPathObject:
        # Points to 1/100 pt (far finer than any printer): the numbers, most of a figure's bytes, get short.
        path = canvas.beginPath()
        first, *rest = points
        path.moveTo(round(ox + first[0] * scale, 2), round(oy + first[1] * scale, 2))
        for px, py in rest:
            path.lineTo(round(ox + px * scale, 2), round(oy + py * scale, 2))
        if closed:
            path.close()
        return path

    # A mannequin figure is a few hundred shapes in a handful of greys: set a colour, width or dash only
    # when it changes (it keeps the PDF small and the export quick).
    state: dict[str, object] = {}

    def setting(key: str, value: Any, apply: Callable[[Any], object]) -> None:
        if state.get(key) != value:
            state[key] = value
            apply(value)

    def paint_style(fill: str | None, stroke: str | None, line_width: float) -> dict[str, int]:
        """Set fill and outline for a filled shape; the drawPath/circle flags to match."""
        setting("dash", (), lambda _v: canvas.setDash([]))
        if fill:
            setting("fill", fill, lambda tone: _grey(canvas, tone, fill=True))
        if stroke:
            setting("stroke", stroke, lambda tone: _grey(canvas, tone, fill=False))
            setting("width", round(line_width * scale, 3), canvas.setLineWidth)
        return {"stroke": 1 if stroke else 0, "fill": 1 if fill else 0}

    for prim in prims:
        if isinstance(prim, Stroke):
            setting("stroke", prim.tone, lambda tone: _grey(canvas, tone, fill=False))
            setting("width", round(prim.width * scale, 3), canvas.setLineWidth)
            setting("dash", prim.dash, lambda dash: canvas.setDash([d * scale for d in dash] if dash else []))
            canvas.drawPath(path_of(prim.points, prim.closed), stroke=1, fill=0)
        elif isinstance(prim, Polygon):
            flags = paint_style(prim.fill, prim.stroke, prim.width)
            canvas.drawPath(path_of(prim.points, True), **flags)
        elif isinstance(prim, Circle):
            flags = paint_style(prim.fill, prim.stroke, prim.width)
            canvas.circle(ox + prim.center[0] * scale, oy + prim.center[1] * scale, prim.radius * scale, **flags)
        elif isinstance(prim, Label):
            size = max(label_points or MIN_LABEL_POINTS, prim.size * scale)
            canvas.setFont(BOLD if prim.bold else REGULAR, size)
            setting("fill", "label", lambda tone: _grey(canvas, tone, fill=True))
            px, py = ox + prim.position[0] * scale, oy + prim.position[1] * scale - size * 0.75
            {"start": canvas.drawString, "end": canvas.drawRightString}.get(prim.anchor, canvas.drawCentredString)(
                px, py, words(prim.text) if words else prim.text
            )
    canvas.restoreState()


def draw_exercise_figure(canvas: Canvas, exercise: Exercise, x: float, y: float, width: float, height: float,
                         *, labels: bool = True, side: str | None = None,
                         words: Callable[[str], str] | None = None,
                         label_points: float | None = None) -> bool:  # fmt: skip
    """Draw the figure of ``exercise`` in the box; False when there is nothing to draw (placeholder)."""
    if exercise.figure_is_image:
        return _draw_photo(canvas, exercise, x, y, width, height)
    aspect = box_aspect(width, height)
    prims = figure_primitives(exercise.figure, labels, aspect, side=side) if exercise.figure else None
    if prims is None:
        return False
    draw_primitives(canvas, prims, x, y, width, height, aspect, words, label_points)
    return True


def _draw_photo(canvas: Canvas, exercise: Exercise, x: float, y: float, width: float, height: float) -> bool:
    from reportlab.lib.utils import ImageReader

    path = exercise.figure_path
    if path is None:
        return False
    try:
        image = load_image(path)
    except ImageError as exc:
        log.warning("exercise %s: %s; printing a placeholder", exercise.id, exc)
        return False
    scale = min(width / image.width, height / image.height)
    w, h = image.width * scale, image.height * scale
    canvas.drawImage(ImageReader(io.BytesIO(image.data)), x + (width - w) / 2, y + (height - h) / 2, w, h)
    return True
