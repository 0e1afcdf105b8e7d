"""The patient handout: an illustrated PDF in three layouts, with safety text and a daily log (pdf layer).

``build_handout`` turns a plan into PDF bytes. It uses ReportLab only (never Qt), embeds its fonts, escapes
every piece of user text, and is deterministic: the same plan gives the same bytes. Every word of its own
goes through the plan's language (``context.tr``, gettext and Babel); what the therapist types prints as typed.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from reportlab.lib.units import inch
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    KeepTogether,
    ListFlowable,
    ListItem,
    PageBreak,
    PageTemplate,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.flowables import _listWrapOn

from hep_builder import __version__
from hep_builder.core.clinic import ClinicProfile
from hep_builder.core.dose_text import dose_sentence
from hep_builder.core.exercise import Exercise
from hep_builder.core.i18n import ENGLISH, N_, Translator, translator
from hep_builder.core.library import Library
from hep_builder.core.plan import Plan, ResolvedItem
from hep_builder.core.planfile import write_atomic
from hep_builder.core.precautions import cautions_for, first_caution, patient_rules, rules_until_sentence
from hep_builder.core.red_flags import HOW_TO_USE, RED_FLAGS, RedFlagGroup
from hep_builder.pdf.canvas import numbered_canvas
from hep_builder.pdf.figure_flowable import ExerciseFigure, patient_side
from hep_builder.pdf.fonts import BOLD, REGULAR, register_fonts
from hep_builder.pdf.log import daily_log
from hep_builder.pdf.logo import prepare_logo
from hep_builder.pdf.paragraph import Paragraph
from hep_builder.pdf.styles import (
    GREY,
    INK,
    LAYOUT_SPECS,
    LIGHT,
    PAGE_SIZES,
    RULE,
    LayoutSpec,
    Styles,
    styles_for,
)
from hep_builder.pdf.text import clean, esc

MIN_LARGE_FIGURE = 1.25 * inch
# Titles the program itself gives a plan; any other title is the therapist's and prints as typed.
DEFAULT_TITLES = (N_("Hip home exercise program"), N_("Home exercise program"))


@dataclass(frozen=True)
class HandoutContext:
    plan: Plan
    profile: ClinicProfile
    spec: LayoutSpec
    styles: Styles
    page_size: tuple[float, float]
    items: list[ResolvedItem]
    tr: Translator = ENGLISH

    @property
    def frame_width(self) -> float:
        return self.page_size[0] - 2 * self.spec.margin

    @property
    def frame_height(self) -> float:
        spec = self.spec
        return self.page_size[1] - 2 * spec.margin - spec.header_height - spec.footer_height

    @property
    def phone(self) -> str:
        location = self.profile.location(self.plan.location)
        return location.phone if location else ""


def build_handout(
    plan: Plan,
    library: Library | None,
    profile: ClinicProfile,
    *,
    layout: str | None = None,
    paper: str = "letter",
    language: str | None = None,
) -> bytes:
    """The handout PDF of ``plan`` as bytes."""
    register_fonts()
    layout = layout or plan.layout
    spec = LAYOUT_SPECS[layout]
    language = language or plan.language
    context = HandoutContext(
        plan=plan,
        profile=profile,
        spec=spec,
        styles=styles_for(layout),
        page_size=PAGE_SIZES[paper],
        items=plan.resolve(library, language),
        tr=translator(language),
    )
    buffer = io.BytesIO()
    doc = _document(buffer, context, language)
    story = _story(context)
    doc.build(story, canvasmaker=numbered_canvas(lambda canvas, n, total: _footer(canvas, context, n, total)))
    return buffer.getvalue()


def export_handout(plan: Plan, library: Library | None, profile: ClinicProfile, output: Path, **options) -> int:
    """Write the handout to ``output`` atomically; returns its size in bytes."""
    data = build_handout(plan, library, profile, **options)
    write_atomic(output, data)
    return len(data)


# --- document and page furniture ----------------------------------------------------------------------


def _document(buffer: io.BytesIO, context: HandoutContext, language: str) -> BaseDocTemplate:
    spec, (width, height) = context.spec, context.page_size
    plan = context.plan
    author = ", ".join(part for part in (clean(plan.therapist), context.profile.name) if part)
    doc = BaseDocTemplate(
        buffer,
        pagesize=context.page_size,
        leftMargin=spec.margin,
        rightMargin=spec.margin,
        topMargin=spec.margin,
        bottomMargin=spec.margin,
        title=f"{clean(_title(context))}: {clean(plan.patient.name)}",
        author=author,
        subject=context.tr("Home exercise program"),
        creator=f"HEP Builder {__version__}",
        keywords=context.tr("home exercise program, physical therapy"),
        invariant=1,
        initialFontName=REGULAR,
        lang=language,
    )
    frame = Frame(
        spec.margin,
        spec.margin + spec.footer_height,
        width - 2 * spec.margin,
        height - 2 * spec.margin - spec.header_height - spec.footer_height,
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
        id="body",
    )
    doc.addPageTemplates([PageTemplate("page", [frame], onPage=lambda canvas, _doc: _header(canvas, context))])
    return doc


def _fit(canvas: Canvas, text: str, font: str, size: float, width: float) -> str:
    """Shorten ``text`` with an ellipsis so it fits ``width`` (very long names must not overlap)."""
    if canvas.stringWidth(text, font, size) <= width:
        return text
    while text and canvas.stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text + "…"


def _furniture_size(spec: LayoutSpec) -> float:
    """Header and footer text: 12 pt, 14 pt in large print (big, but leaving room for long names)."""
    return 14.0 if spec.name == "large-print" else 12.0


def _header(canvas: Canvas, context: HandoutContext) -> None:
    spec, (width, height) = context.spec, context.page_size
    top = height - spec.margin
    size = _furniture_size(spec)
    canvas.saveState()
    x = spec.margin
    logo = prepare_logo(context.profile.logo).reader()  # checked, scaled once and cached (pdf/logo.py)
    logo_size = spec.header_height - 0.25 * inch
    if logo is not None:
        try:
            canvas.drawImage(logo, x, top - logo_size, logo_size, logo_size, mask="auto",
                             preserveAspectRatio=True)  # fmt: skip
            x += logo_size + 8
        except Exception:  # a damaged logo file must never stop printing
            pass
    # The patient's name gets what it needs (up to half the line); the clinic name takes the rest.
    patient, day = clean(context.plan.patient.name), context.tr.medium_date(context.plan.modified.date())
    total = width - 2 * spec.margin
    right_width = min(
        total / 2, max(canvas.stringWidth(patient, BOLD, size + 2), canvas.stringWidth(day, REGULAR, size))
    )
    left_width = total - right_width - 16 - (x - spec.margin)
    canvas.setFillColor(INK)
    canvas.setFont(BOLD, size + 2)
    canvas.drawString(x, top - size - 2, _fit(canvas, context.profile.name, BOLD, size + 2, left_width))
    canvas.setFont(REGULAR, size)
    canvas.setFillColor(GREY)
    canvas.drawString(
        x, top - 2 * size - 6, _fit(canvas, context.tr("Home exercise program"), REGULAR, size, left_width)
    )
    right = width - spec.margin
    canvas.setFillColor(INK)
    canvas.setFont(BOLD, size + 2)
    canvas.drawRightString(right, top - size - 2, _fit(canvas, patient, BOLD, size + 2, right_width))
    canvas.setFont(REGULAR, size)
    canvas.drawRightString(right, top - 2 * size - 6, day)
    canvas.setStrokeColor(RULE)
    canvas.setLineWidth(1)
    line_y = height - spec.margin - spec.header_height + 6
    canvas.line(spec.margin, line_y, width - spec.margin, line_y)
    canvas.restoreState()


def _footer(canvas: Canvas, context: HandoutContext, number: int, total: int) -> None:
    spec, (width, _height) = context.spec, context.page_size
    size = _furniture_size(spec)
    y = spec.margin
    canvas.saveState()
    canvas.setStrokeColor(RULE)
    canvas.line(spec.margin, y + spec.footer_height - 6, width - spec.margin, y + spec.footer_height - 6)
    canvas.setFillColor(INK)
    page = context.tr.format("Page {number} of {total}", number=number, total=total)
    canvas.setFont(BOLD, size)
    canvas.drawRightString(width - spec.margin, y + 4, page)
    room = width - 2 * spec.margin - canvas.stringWidth(page, BOLD, size) - 16
    canvas.setFont(REGULAR, size)
    canvas.drawString(spec.margin, y + 4, _footer_call(canvas, context, size, room))
    canvas.restoreState()


def _footer_call(canvas: Canvas, context: HandoutContext, size: float, room: float) -> str:
    """The footer's "call us" line with the whole phone number: the label gives way, never the number.

    Tried longest first: the full label, then the location's name shortened, then "Call us", then the phone.
    """
    tr = context.tr
    location = context.profile.location(context.plan.location)
    if location is None or not location.phone:
        return _fit(canvas, tr.format("Questions? Call {phone}", phone=context.profile.name), REGULAR, size, room)
    phone = clean(location.phone)
    for call in (
        tr.format("Questions? Call {place}: {phone}", place=clean(location.name), phone=phone),
        tr.format("Questions? Call us: {phone}", phone=phone),
        tr.format("Call us: {phone}", phone=phone),
    ):
        if canvas.stringWidth(call, REGULAR, size) <= room:
            return call
    return phone


# --- the story ------------------------------------------------------------------------------------------


def _story(context: HandoutContext) -> list[Flowable]:
    story = _front_matter(context)
    if context.spec.name == "compact":
        story += _compact_grid(context)
    else:
        for number, item in enumerate(context.items, 1):
            story += _exercise_block(context, number, item)
    story += _red_flags(context)
    story += daily_log(context.items, context.plan.log_days(), context.frame_width, context.spec, context.styles,
                       context.tr)  # fmt: skip
    return story


_MEASURE = Canvas(io.BytesIO())


def _height_of(flowables: list[Flowable], width: float) -> float:
    """Height the flowables take in a column of ``width``, spaced as a frame spaces them."""
    return _listWrapOn(flowables, width, _MEASURE)[1]


def _name(context: HandoutContext, exercise: Exercise) -> str:
    """The exercise's name; a clinic exercise not yet in the handout's language says so, small and grey."""
    name = esc(exercise.name)
    if context.tr.translated and exercise.untranslated(context.tr.language):
        note = esc(context.tr("English text"))
        name += f' <font size="{context.styles.small.fontSize}" color="#555555">({note})</font>'
    return name


def _labelled(label: str, markup: str) -> str:
    """ "<b>Tips:</b> ..." with the label (a catalog's words) escaped; ``markup`` is already safe."""
    return f"<b>{esc(label)}</b> {markup}"


def _bullets(texts: list[str], style, *, numbered: bool = False) -> ListFlowable:
    indent = style.fontSize * (1.7 if numbered else 1.3)
    items = [ListItem(Paragraph(esc(text), style), leftIndent=indent) for text in texts]
    options = (
        {"bulletType": "1", "bulletFormat": "%s.", "bulletFontName": BOLD}
        if numbered
        else {"bulletType": "bullet", "start": "•", "bulletFontName": REGULAR}
    )
    return ListFlowable(items, bulletFontSize=style.fontSize, leftIndent=indent,
                        bulletDedent=indent - style.fontSize * 0.15, **options)  # fmt: skip


def _boxed(flowables: list[Flowable], width: float, *, border: float = 0.8, fill=LIGHT, pad: float = 8) -> Table:
    """A framed panel; one row per flowable and rows that may split, so any length of text still fits."""
    table = Table([[flowable] for flowable in flowables], colWidths=[width], splitInRow=1)
    style = [
        ("FONT", (0, 0), (-1, -1), REGULAR, 12),
        ("BOX", (0, 0), (-1, -1), border, INK),
        ("LEFTPADDING", (0, 0), (-1, -1), pad),
        ("RIGHTPADDING", (0, 0), (-1, -1), pad),
        ("TOPPADDING", (0, 0), (-1, -1), 1),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
        ("TOPPADDING", (0, 0), (-1, 0), pad * 0.75),
        ("BOTTOMPADDING", (0, -1), (-1, -1), pad),
    ]
    if fill is not None:
        style.append(("BACKGROUND", (0, 0), (-1, -1), fill))
    table.setStyle(TableStyle(style))
    return table


def _title(context: HandoutContext) -> str:
    title = context.plan.title or DEFAULT_TITLES[1]
    return context.tr(title) if title in DEFAULT_TITLES else title


def _front_matter(context: HandoutContext) -> list[Flowable]:
    plan, styles, tr = context.plan, context.styles, context.tr
    story: list[Flowable] = [Paragraph(esc(_title(context)), styles.title)]
    patient = f"<b>{esc(plan.patient.name)}</b>"
    who = esc(tr("For {patient}")).format(patient=patient)
    if plan.therapist:
        who += " · " + esc(tr("from {therapist}")).format(therapist=esc(plan.therapist))
    story.append(Paragraph(who, styles.body))
    story += _hip_rules(context)
    about: list[Flowable] = []
    if plan.focus:
        about += [Paragraph(esc(tr("What we are working on")), styles.label), Paragraph(esc(plan.focus), styles.boxed)]
    if plan.goals:
        about += [Paragraph(esc(tr("Your goals")), styles.label), _bullets(list(plan.goals), styles.boxed)]
    if plan.notes:
        about += [
            Paragraph(esc(tr("Notes from your therapist")), styles.label),
            Paragraph(esc(plan.notes), styles.boxed),
        ]
    if about:
        story += [Spacer(1, 4), _boxed(about, context.frame_width)]
    if context.spec.name != "compact":
        story += [
            Paragraph(esc(tr("How to use this sheet")), styles.subheading),
            _bullets([tr(line) for line in HOW_TO_USE], styles.body),
        ]
    if plan.follow_up:
        story.append(Spacer(1, 4))
        visit = _labelled(tr("Your next visit:"), esc(tr.long_date(plan.follow_up)))
        story.append(Paragraph(visit, styles.body))
    count = len(context.items)
    exercises = tr.plural("You have {count} exercise to do.", "You have {count} exercises to do.", count)
    story.append(Paragraph(esc(exercises).replace("{count}", f"<b>{count}</b>"), styles.body))
    if context.spec.name == "large-print":
        story.append(PageBreak())
    return story


def _hip_rules(context: HandoutContext) -> list[Flowable]:
    """The "Your hip rules" box on page 1: the plan's precautions in plain words, and until when."""
    plan, styles, tr = context.plan, context.styles, context.tr
    rules = patient_rules(plan.precautions, plan.affected_side, tr)
    if not rules:  # no precautions stated, or "none"
        return []
    rows: list[Flowable] = [
        Paragraph(esc(tr("Your hip rules")), styles.subheading),
        _bullets(rules, styles.boxed),
        Spacer(1, 4),
        Paragraph(esc(rules_until_sentence(plan.precautions_until, tr.long_date, tr)), styles.boxed),
    ]
    return [Spacer(1, 4), KeepTogether([_boxed(rows, context.frame_width, border=2, fill=None, pad=10)]),
            Spacer(1, 4)]  # fmt: skip


def _dose_box(context: HandoutContext, item: ResolvedItem, width: float) -> Table:
    style = context.styles.boxed
    text = _labelled(context.tr("How much:"), esc(dose_sentence(item.dosage, context.tr)))
    return _boxed([Paragraph(text, style)], width, fill=LIGHT, pad=6)


def _notes_and_cautions(context: HandoutContext, item: ResolvedItem) -> list[Flowable]:
    """The therapist's note, tips and cautions of one exercise, as short labelled paragraphs."""
    styles, exercise, tr = context.styles, item.exercise, context.tr
    parts: list[Flowable] = []
    if item.item.notes:
        note = _labelled(tr("Your therapist's note:"), esc(item.item.notes))
        parts.append(_boxed([Paragraph(note, styles.boxed)], context.frame_width, fill=None, border=1.2, pad=6))
        parts.append(Spacer(1, 4))
    if exercise.tips:
        tips = " ".join(esc(tip) for tip in exercise.tips)
        parts.append(Paragraph(_labelled(tr("Tips:"), tips), styles.body))
    shown = cautions_for(exercise, context.plan.precautions)
    if shown:
        cautions = " ".join(esc(caution) for caution in shown)
        parts.append(Paragraph(_labelled(tr("Take care:"), cautions), styles.body))
    return parts


def _exercise_block(context: HandoutContext, number: int, item: ResolvedItem) -> list[Flowable]:
    spec, styles = context.spec, context.styles
    exercise = item.exercise
    title = Paragraph(f"{number}. {_name(context, exercise)}", styles.heading)
    summary = Paragraph(esc(exercise.summary), styles.body)
    figure_width = 1.5 * spec.figure_height
    side = patient_side(context.plan, item)
    figure = ExerciseFigure(exercise, figure_width, spec.figure_height, side=side, tr=context.tr)
    steps = _bullets(list(exercise.instructions), styles.step, numbered=True)
    if spec.name == "large-print":
        rest = [Spacer(1, 6), _dose_box(context, item, context.frame_width), Spacer(1, 4), steps,
                *_notes_and_cautions(context, item)]  # fmt: skip
        # One exercise a page: the picture gives up height (down to a floor) so the words still fit.
        room = context.frame_height - _height_of([title, summary, *rest], context.frame_width) - 12
        height = max(MIN_LARGE_FIGURE, min(spec.figure_height, room))
        # full width: lying bodies use it
        figure = ExerciseFigure(exercise, context.frame_width, height, side=side, tr=context.tr)
        return [KeepTogether([title, summary, figure, *rest]), PageBreak()]
    gap = 14
    left = [figure, Spacer(1, 6), _dose_box(context, item, figure_width)]
    row = Table([[left, steps]], colWidths=[figure_width + gap, context.frame_width - figure_width - gap])
    row.setStyle(
        TableStyle([
            ("FONT", (0, 0), (-1, -1), REGULAR, 12),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ("TOPPADDING", (0, 0), (-1, -1), 2),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
        ])
    )  # fmt: skip
    rule = Table([[""]], colWidths=[context.frame_width], rowHeights=[4])
    rule.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), REGULAR, 12), ("LINEBELOW", (0, 0), (-1, -1), 0.8, RULE)]))
    return [KeepTogether([title, summary, row, *_notes_and_cautions(context, item), rule]), Spacer(1, 4)]


def _compact_grid(context: HandoutContext) -> list[Flowable]:
    styles, spec = context.styles, context.spec
    column = (context.frame_width - 12) / 2
    cells = []
    for index, item in enumerate(context.items, 1):
        exercise = item.exercise
        cell: list[Flowable] = [
            Paragraph(f"{index}. {_name(context, exercise)}", styles.cell_bold),
            Spacer(1, 3),
            ExerciseFigure(
                exercise,
                min(column - 8, 2 * spec.figure_height),
                spec.figure_height,
                side=patient_side(context.plan, item),
                tr=context.tr,
            ),  # fmt: skip
            Spacer(1, 3),
            Paragraph(_labelled(context.tr("How much:"), esc(dose_sentence(item.dosage, context.tr))), styles.cell),
            Spacer(1, 2),
        ]
        # Steps run on in one paragraph: the fridge sheet is a reminder, the standard layout teaches.
        numbered = enumerate(exercise.instructions, 1)
        steps = " ".join(f"<b>{number}.</b> {esc(step)}" for number, step in numbered)
        cell.append(Paragraph(steps, styles.cell))
        if item.item.notes:
            cell.append(Paragraph(_labelled(context.tr("Note:"), esc(item.item.notes)), styles.cell))
        caution = first_caution(exercise, context.plan.precautions)
        if caution:
            cell.append(Paragraph(_labelled(context.tr("Take care:"), esc(caution)), styles.cell))
        cells.append(cell)
    if len(cells) % 2:
        cells.append([])
    rows = [cells[i : i + 2] for i in range(0, len(cells), 2)]
    # Rows split across pages only when one exercise alone is taller than a page (very long notes).
    tallest = max(_height_of(cell, column - 6) for cell in cells if cell) + 20
    grid = Table(rows, colWidths=[column + 6, column + 6], splitInRow=int(tallest > context.frame_height))
    grid.setStyle(
        TableStyle([
            ("FONT", (0, 0), (-1, -1), REGULAR, 12),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("BOX", (0, 0), (-1, -1), 0.8, RULE),
            ("INNERGRID", (0, 0), (-1, -1), 0.8, RULE),
            ("LEFTPADDING", (0, 0), (-1, -1), 6),
            ("RIGHTPADDING", (0, 0), (-1, -1), 6),
            ("TOPPADDING", (0, 0), (-1, -1), 6),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 8),
        ])
    )  # fmt: skip
    return [Spacer(1, 6), grid]


def _red_flags(context: HandoutContext) -> list[Flowable]:
    """The safety box, never split across pages: one box when it fits a page, else one whole box per group."""
    styles = context.styles
    title = Paragraph(esc(context.tr("Stop and call us")), styles.heading)
    groups = [_red_flag_group(context, group) for group in RED_FLAGS]
    box = _boxed([title, *groups], context.frame_width, border=2.5, fill=None, pad=10)
    if _height_of([box], context.frame_width) <= context.frame_height:
        return [Spacer(1, 8), KeepTogether([box])]
    # Large print: the whole box is taller than a page, so each group is a box of its own, each kept whole
    # (the title rides with the first). A reader never meets half a list on the next page.
    story: list[Flowable] = [Spacer(1, 8)]
    for index, group in enumerate(groups):
        rows = [title, group] if index == 0 else [group]
        story += [KeepTogether([_boxed(rows, context.frame_width, border=2.5, fill=None, pad=10)]), Spacer(1, 8)]
    return story


def _red_flag_group(context: HandoutContext, group: RedFlagGroup) -> list[Flowable]:
    """One group's heading and items. The phone goes into the heading as markup between escaped parts
    (never through a placeholder character, which the text cleaning would strip along with the phone)."""
    styles, tr = context.styles, context.tr
    phone = f"<b>{esc(context.phone)}</b>" if context.phone else esc(tr("your clinic"))
    heading = phone.join(esc(part) for part in tr(group.heading).split("{phone}"))
    return [
        Paragraph(heading, styles.urgent if group.urgent else styles.label),
        _bullets([tr(line) for line in group.items], styles.boxed),
        Spacer(1, 4),
    ]
