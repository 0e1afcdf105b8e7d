"""The daily log: one row per exercise, as many tick boxes a day as the dose asks, a pain row (pdf layer).

An exercise done N times a day gets N boxes a day; one done K days a week says so on its row. The paper log
covers at most ``MAX_WEEKS`` weeks: a longer plan asks the patient to bring the sheet for a new one.
"""

from __future__ import annotations

import io
from datetime import date

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Spacer, Table, TableStyle
from reportlab.platypus.flowables import _listWrapOn

from hep_builder.core.i18n import ENGLISH, N_, Translator
from hep_builder.core.plan import ResolvedItem
from hep_builder.pdf.fonts import REGULAR
from hep_builder.pdf.paragraph import Paragraph
from hep_builder.pdf.styles import GREY, INK, LIGHT, LayoutSpec, Styles
from hep_builder.pdf.text import esc

DAYS_PER_ROW = 7
ROWS_PER_TABLE = 16  # exercise rows in one table; a longer plan's week is set as several
MAX_WEEKS = 4  # a longer log would not survive the fridge; the patient gets a new sheet at the next visit
# The log's own words, kept together so they are easy to translate.
LOG_TITLE = N_("Your daily log")
TICK_ONE = N_("Put a tick in the box each time you do the exercise.")
TICK_EACH = N_("Put a tick in a box each time you do the exercise.")
PAIN_HOW = N_("Each evening, write your pain today: 0 is no pain, 10 is the worst pain you can imagine.")
PAIN_LABEL = N_("Pain today (0-10)")
NEW_SHEET = N_("This sheet covers {weeks} weeks. Bring this sheet to your next visit; we will give you a new one.")
# A log shorter than the time to the next visit says plainly what to do until then.
KEEP_GOING = N_(
    "This log covers {weeks} weeks. Keep doing your exercises until your visit on {date}. Ask us for a new sheet."
)


def weeks(days: list[date], span: int = DAYS_PER_ROW) -> list[list[date]]:
    return [days[i : i + span] for i in range(0, len(days), span)]


def days_this_week(days_per_week: int | None, tr: Translator = ENGLISH) -> str:
    """The row's reminder for an exercise not done every day: "3 days each week" (a table may hold two weeks)."""
    if not days_per_week or days_per_week >= 7:
        return ""
    return tr.plural("{count} day each week", "{count} days each week", days_per_week).format(count=days_per_week)


class TickBoxes(Flowable):
    """``count`` empty squares to tick, centred, as many to a line as the cell's width allows."""

    def __init__(self, count: int, size: float) -> None:
        super().__init__()
        self.count = max(1, count)
        self.size = size
        self.gap = round(size * 0.35, 1)

    def per_line(self, width: float) -> int:
        return max(1, min(self.count, int((width + self.gap) // (self.size + self.gap))))

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width = available_width
        lines = -(-self.count // self.per_line(available_width))
        self.height = lines * self.size + (lines - 1) * self.gap
        return self.width, self.height

    def draw(self) -> None:
        canvas, step = self.canv, self.size + self.gap
        per_line = self.per_line(self.width)
        canvas.saveState()
        canvas.setStrokeColor(INK)
        canvas.setLineWidth(0.9)
        for index in range(self.count):
            line, column = divmod(index, per_line)
            in_line = min(per_line, self.count - line * per_line)
            x = (self.width - (in_line * step - self.gap)) / 2 + column * step
            y = self.height - (line + 1) * self.size - line * self.gap
            canvas.rect(x, y, self.size, self.size, stroke=1, fill=0)
        canvas.restoreState()


_MEASURE = Canvas(io.BytesIO())


def _height_of(flowables: list[Flowable], width: float) -> float:
    return _listWrapOn(flowables, width, _MEASURE)[1]


def _week_table(rows: list[list], widths: list[float], days: int, span: int, head_size: float, pad: float,
                pain: bool) -> Table:  # fmt: skip
    """One week's table: the head row of days, a row per exercise and (last) the pain row."""
    table = Table(rows, colWidths=widths, repeatRows=1)
    style = [
        ("FONT", (0, 0), (-1, -1), REGULAR, 12),
        ("FONT", (1, 0), (-1, 0), REGULAR, head_size),
        ("LEADING", (1, 0), (-1, 0), head_size * 1.2),
        ("ALIGN", (1, 0), (-1, 0), "CENTER"),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("BACKGROUND", (0, 0), (-1, 0), LIGHT),
        ("GRID", (0, 0), (-1, -1), 0.8, INK),
        ("TOPPADDING", (0, 1), (-1, -1), pad),
        ("BOTTOMPADDING", (0, 1), (-1, -1), pad),
        ("LEFTPADDING", (1, 0), (-1, -1), 2),
        ("RIGHTPADDING", (1, 0), (-1, -1), 2),
        ("TEXTCOLOR", (0, 0), (-1, -1), INK),
    ]
    if pain:  # the pain row is written in, so it gets the height of a line of handwriting
        style.append(("TOPPADDING", (0, -1), (-1, -1), pad + 3))
        style.append(("BOTTOMPADDING", (0, -1), (-1, -1), pad + 3))
    if days < span:  # days after the follow-up: greyed out, not to be ticked
        style.append(("BACKGROUND", (days + 1, 1), (-1, -1), LIGHT))
        style.append(("TEXTCOLOR", (days + 1, 0), (-1, 0), GREY))
    table.setStyle(TableStyle(style))
    return table


def _box_size(spec: LayoutSpec) -> float:
    return {"compact": 10.0, "large-print": 15.0}.get(spec.name, 13.0)


def daily_log(
    items: list[ResolvedItem],
    days: list[date],
    width: float,
    spec: LayoutSpec,
    styles: Styles,
    tr: Translator = ENGLISH,
    *,
    pain: bool = True,
    page_height: float | None = None,
    follow_up: date | None = None,
) -> list[Flowable]:
    shown = days[: MAX_WEEKS * DAYS_PER_ROW]
    several = any((resolved.dosage.times_per_day or 1) > 1 for resolved in items)
    how = tr(TICK_EACH if several else TICK_ONE)
    intro: list[Flowable] = [
        Paragraph(esc(tr(LOG_TITLE)), styles.heading),
        Paragraph(f"{esc(how)} {esc(tr(PAIN_HOW))}" if pain else esc(how), styles.body),
    ]
    # A longer plan: the sheet says so under its last week, where the patient finds it full (in large print,
    # where a week fills a page, under the log's heading).
    cut: list[Flowable] = []
    if len(shown) < len(days):
        words = tr.format(NEW_SHEET, weeks=MAX_WEEKS)
        if follow_up is not None:
            words = tr.format(KEEP_GOING, weeks=MAX_WEEKS, date=tr.long_date(follow_up))
        cut = [Spacer(1, 4), Paragraph(f"<b>{esc(words)}</b>", styles.body)]
        if spec.name == "large-print":
            intro += cut[1:]
            cut = []
    story: list[Flowable] = []
    large = spec.name == "large-print"
    # The fridge sheet puts two weeks on a row, with short day heads (the caption gives the dates).
    span = 2 * DAYS_PER_ROW if spec.name == "compact" else DAYS_PER_ROW
    # Narrow day columns leave the names room to stay on one line, so a week's table fits a page.
    if span != DAYS_PER_ROW:
        day_width = (width - 1.9 * inch) / span
    elif large:  # 18 pt day heads: two letters of the weekday over the day of the month
        day_width = 0.48 * inch
    else:
        day_width = 0.5 * inch
    name_width = width - day_width * span
    head_size = spec.body if large else 12
    pad = 2 if spec.name == "standard" else 3
    name_style = styles.cell if large else ParagraphStyle("log_name", styles.cell, fontSize=12, leading=14.5)
    box = _box_size(spec)
    for number, week in enumerate(weeks(shown, span), 1):
        first_week = (number - 1) * span // DAYS_PER_ROW + 1
        last_week = first_week + (len(week) - 1) // DAYS_PER_ROW
        if first_week == last_week:
            label = tr.format("Week {n}", n=first_week)
        else:
            label = tr.format("Weeks {first}-{last}", first=first_week, last=last_week)
        header: list = [Paragraph(esc(label), styles.cell_bold)]
        for day in week:
            if span == DAYS_PER_ROW and not large:
                header.append(f"{tr.weekday(day)}\n{tr.month_day(day)}")
            elif large and day.day == 1:  # a new month: "12/1", smaller under the 18 pt weekday, so it is not missed
                head = ParagraphStyle("log_month", styles.cell, fontSize=head_size, leading=head_size * 1.2,
                                      alignment=1)  # fmt: skip
                header.append(Paragraph(f'{esc(tr.weekday(day, "short"))}<br/><font size="13">'
                                        f"{esc(tr.month_day(day))}</font>", head))  # fmt: skip
            else:  # two weeks to a row, or 18 pt heads: "We" over the day of the month
                header.append(f"{tr.weekday(day, 'short')}\n{day.day}")
        header += [""] * (span - len(week))
        body = []
        for index, item in enumerate(items, 1):
            name = f"{index}. {esc(item.exercise.name)}"
            reminder = days_this_week(item.dosage.days_per_week, tr)
            if reminder:
                name += f" · <b>{esc(reminder)}</b>"  # on the same line when it fits: a week fits a page
            boxes = [TickBoxes(item.dosage.times_per_day or 1, box) for _ in week]
            body.append([Paragraph(name, name_style), *boxes] + [""] * (span - len(week)))
        if pain:
            body.append([Paragraph(f"<b>{esc(tr(PAIN_LABEL))}</b>", name_style)] + [""] * span)
        # A long plan's week in tables of a page or less, each with its own head row: ReportLab then never
        # re-measures one long table at every page it splits.
        chunks = [body[i : i + ROWS_PER_TABLE] for i in range(0, len(body), ROWS_PER_TABLE)] or [[]]
        tables: list[Flowable] = []
        for chunk_number, chunk in enumerate(chunks, 1):
            has_pain = pain and chunk_number == len(chunks)
            widths = [name_width] + [day_width] * span
            tables.append(_week_table([header, *chunk], widths, len(week), span, head_size, pad, has_pain))
        dates = tr.format("{start} to {end}", start=tr.medium_date(week[0]), end=tr.medium_date(week[-1]))
        caption = Paragraph(esc(dates), styles.small)
        # The heading travels with the first week so it is never left alone at the foot of a page.
        lead = intro if number == 1 else [Spacer(1, 4)]
        week_parts: list[Flowable] = [*tables, *(cut if number == len(weeks(shown, span)) else [])]
        # Only large print can have a week taller than a page in an ordinary plan; elsewhere a very long plan's
        # week simply runs on (KeepTogether splits what no page holds), without measuring every table twice.
        if not (page_height and large) or _height_of([*lead, caption, *week_parts], width) <= page_height:
            story.append(KeepTogether([*lead, caption, *week_parts]))
        elif _height_of([caption, *week_parts], width) <= page_height:  # large print: the week gets a page of its own
            story += [KeepTogether(lead), KeepTogether([caption, *week_parts])]
        else:  # taller than any page: it runs on with its head row repeated, never from the foot of a page
            story += [CondPageBreak(page_height * 0.45), *lead, caption, *week_parts]
    return story
