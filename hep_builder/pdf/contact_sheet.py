"""A contact sheet of every exercise figure, for review by therapists (pdf layer)."""

from __future__ import annotations

import io
from collections.abc import Iterable

from reportlab.lib.pagesizes import LETTER
from reportlab.lib.units import inch
from reportlab.pdfgen.canvas import Canvas

from hep_builder.core.exercise import Exercise
from hep_builder.pdf.figure_flowable import draw_placeholder
from hep_builder.pdf.fonts import BOLD, REGULAR, register_fonts
from hep_builder.pdf.styles import GREY

COLUMNS, ROWS = 2, 5


def build_contact_sheet(exercises: Iterable[Exercise]) -> bytes:
    from hep_builder.figures.reportlab_backend import draw_exercise_figure

    register_fonts()
    buffer = io.BytesIO()
    # The stubs type initialFontName as a number; ReportLab takes a font's name.
    canvas = Canvas(buffer, pagesize=LETTER, invariant=1, initialFontName=REGULAR)  # type: ignore[arg-type]
    canvas.setTitle("HEP Builder: figure contact sheet")
    width, height = LETTER
    margin = 0.5 * inch
    cell_w = (width - 2 * margin) / COLUMNS
    cell_h = (height - 2 * margin - 0.3 * inch) / ROWS
    exercises = list(exercises)
    per_page = COLUMNS * ROWS
    for index, exercise in enumerate(exercises):
        slot = index % per_page
        if slot == 0:
            if index:
                canvas.showPage()
            canvas.setFont(BOLD, 12)
            page = index // per_page + 1
            pages = (len(exercises) + per_page - 1) // per_page
            canvas.drawString(margin, height - margin, f"Figure contact sheet · page {page} of {pages}")
        column, row = slot % COLUMNS, slot // COLUMNS
        x = margin + column * cell_w
        y = height - margin - 0.3 * inch - (row + 1) * cell_h
        fig_h = cell_h - 0.45 * inch
        fig_w = min(cell_w - 0.2 * inch, 2 * fig_h)
        canvas.saveState()
        canvas.translate(x + (cell_w - fig_w) / 2, y + 0.4 * inch)
        if not draw_exercise_figure(canvas, exercise, 0, 0, fig_w, fig_h):
            draw_placeholder(canvas, fig_w, fig_h)
        canvas.restoreState()
        canvas.setFont(BOLD, 12)
        canvas.setFillGray(0)
        canvas.drawString(x + 0.1 * inch, y + 0.2 * inch, f"{index + 1}. {exercise.name}")
        canvas.setFont(REGULAR, 9)
        canvas.setFillColor(GREY)
        canvas.drawString(x + 0.1 * inch, y + 0.05 * inch, f"{exercise.id} · {exercise.category} · {exercise.position}")
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()
