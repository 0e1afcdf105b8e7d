"""The daily log: one row per exercise, one tick box per day until the follow-up (pdf layer)."""

from __future__ import annotations

from datetime import date

from reportlab.lib.units import inch
from reportlab.platypus import Flowable, KeepTogether, Spacer, Table, TableStyle

from hep_builder.core.plan import ResolvedItem
from hep_builder.pdf.fonts import BOLD, REGULAR
from hep_builder.pdf.paragraph import Paragraph
from hep_builder.pdf.styles import GREY, INK, LIGHT, LayoutSpec, Styles
from hep_builder.pdf.text import esc, medium_date, short_day

DAYS_PER_ROW = 7


def weeks(days: list[date]) -> list[list[date]]:
    return [days[i : i + DAYS_PER_ROW] for i in range(0, len(days), DAYS_PER_ROW)]


def daily_log(
    items: list[ResolvedItem], days: list[date], width: float, spec: LayoutSpec, styles: Styles
) -> list[Flowable]:
    intro: list[Flowable] = [
        Paragraph("Your daily log", styles.heading),
        Paragraph("Put a tick in the box on each day you do the exercise.", styles.body),
    ]
    story: list[Flowable] = []
    size = max(12, spec.body - 1)
    day_width = min(0.85 * inch, (width * 0.62) / DAYS_PER_ROW)
    name_width = width - day_width * DAYS_PER_ROW
    # Rows grow with long names; padding keeps a box big enough to tick (smaller in the compact layout).
    pad = 4 if spec.name == "compact" else 7
    name_style = styles.cell
    for number, week in enumerate(weeks(days), 1):
        head_style = [("FONT", (0, 0), (-1, 0), BOLD, size - 1 if size > 12 else 12)]
        header = [Paragraph(f"Week {number}", styles.cell_bold)]
        for day in week:
            weekday, month_day = short_day(day)
            header.append(f"{weekday}\n{month_day}")
        header += [""] * (DAYS_PER_ROW - len(week))
        rows = [header]
        for index, item in enumerate(items, 1):
            rows.append([Paragraph(f"{index}. {esc(item.exercise.name)}", name_style)] + [""] * DAYS_PER_ROW)
        table = Table(
            rows,
            colWidths=[name_width] + [day_width] * DAYS_PER_ROW,
            repeatRows=1,
        )
        style = [
            ("FONT", (0, 0), (-1, -1), REGULAR, 12),
            *head_style,
            ("FONT", (1, 0), (-1, 0), REGULAR, 12),
            ("LEADING", (1, 0), (-1, 0), 14),
            ("ALIGN", (1, 0), (-1, 0), "CENTER"),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("BACKGROUND", (0, 0), (-1, 0), LIGHT),
            ("GRID", (0, 0), (-1, -1), 0.8, INK),
            ("TOPPADDING", (0, 1), (-1, -1), pad),
            ("BOTTOMPADDING", (0, 1), (-1, -1), pad),
            ("TEXTCOLOR", (0, 0), (-1, -1), INK),
        ]
        if len(week) < DAYS_PER_ROW:  # days after the follow-up: greyed out, not to be ticked
            style.append(("BACKGROUND", (len(week) + 1, 1), (-1, -1), LIGHT))
            style.append(("TEXTCOLOR", (len(week) + 1, 0), (-1, 0), GREY))
        table.setStyle(TableStyle(style))
        caption = Paragraph(f"{medium_date(week[0])} to {medium_date(week[-1])}", styles.small)
        # The heading travels with the first week so it is never left alone at the foot of a page.
        story.append(KeepTogether([*(intro if number == 1 else [Spacer(1, 4)]), caption, table]))
    return story
