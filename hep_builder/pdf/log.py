"""The daily log: one row per exercise, one tick box per day until the follow-up (pdf layer)."""

from __future__ import annotations

from datetime import date

from reportlab.lib.units import inch
from reportlab.platypus import Flowable, KeepTogether, Spacer, Table, TableStyle

from hep_builder.core.i18n import ENGLISH, Translator
from hep_builder.core.plan import ResolvedItem
from hep_builder.pdf.fonts import BOLD, REGULAR
from hep_builder.pdf.paragraph import Paragraph
from hep_builder.pdf.styles import GREY, INK, LIGHT, LayoutSpec, Styles
from hep_builder.pdf.text import esc

DAYS_PER_ROW = 7


def weeks(days: list[date], span: int = DAYS_PER_ROW) -> list[list[date]]:
    return [days[i : i + span] for i in range(0, len(days), span)]


def daily_log(
    items: list[ResolvedItem],
    days: list[date],
    width: float,
    spec: LayoutSpec,
    styles: Styles,
    tr: Translator = ENGLISH,
) -> list[Flowable]:
    intro: list[Flowable] = [
        Paragraph(esc(tr("Your daily log")), styles.heading),
        Paragraph(esc(tr("Put a tick in the box on each day you do the exercise.")), styles.body),
    ]
    story: list[Flowable] = []
    size = max(12, spec.body - 1)
    # The fridge sheet puts two weeks on a row, with short day heads (the caption gives the dates).
    span = 2 * DAYS_PER_ROW if spec.name == "compact" else DAYS_PER_ROW
    day_width = min(0.85 * inch, (width * 0.62) / DAYS_PER_ROW) if span == DAYS_PER_ROW else (width - 1.9 * inch) / span
    name_width = width - day_width * span
    # Rows grow with long names; padding keeps a box big enough to tick (smaller in the compact layout).
    pad = 4 if spec.name == "compact" else 7
    name_style = styles.cell
    for number, week in enumerate(weeks(days, span), 1):
        head_style = [("FONT", (0, 0), (-1, 0), BOLD, size - 1 if size > 12 else 12)]
        first_week = (number - 1) * span // DAYS_PER_ROW + 1
        last_week = first_week + (len(week) - 1) // DAYS_PER_ROW
        if first_week == last_week:
            label = tr.format("Week {n}", n=first_week)
        else:
            label = tr.format("Weeks {first}-{last}", first=first_week, last=last_week)
        header = [Paragraph(esc(label), styles.cell_bold)]
        for day in week:
            if span == DAYS_PER_ROW:
                header.append(f"{tr.weekday(day)}\n{tr.month_day(day)}")
            else:
                header.append(f"{tr.weekday(day, 'short')}\n{day.day}")
        header += [""] * (span - len(week))
        rows = [header]
        for index, item in enumerate(items, 1):
            rows.append([Paragraph(f"{index}. {esc(item.exercise.name)}", name_style)] + [""] * span)
        table = Table(
            rows,
            colWidths=[name_width] + [day_width] * span,
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
        if len(week) < span:  # days after the follow-up: greyed out, not to be ticked
            style.append(("BACKGROUND", (len(week) + 1, 1), (-1, -1), LIGHT))
            style.append(("TEXTCOLOR", (len(week) + 1, 0), (-1, 0), GREY))
        table.setStyle(TableStyle(style))
        dates = tr.format("{start} to {end}", start=tr.medium_date(week[0]), end=tr.medium_date(week[-1]))
        caption = Paragraph(esc(dates), styles.small)
        # The heading travels with the first week so it is never left alone at the foot of a page.
        story.append(KeepTogether([*(intro if number == 1 else [Spacer(1, 4)]), caption, table]))
    return story
