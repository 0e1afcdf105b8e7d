"""The patient handout: an illustrated PDF in three layouts, with safety text and a daily log (pdf layer).

``build_handout`` turns a plan into PDF bytes. It uses ReportLab only (never Qt), embeds its fonts, escapes
every piece of user text, and is deterministic: the same plan gives the same bytes. Every word of its own
goes through the plan's language (``context.tr``, gettext and Babel); what the therapist types prints as typed.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from typing import Any

from reportlab import rl_config
from reportlab.lib.colors import Color
from reportlab.lib.styles import ParagraphStyle
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
from reportlab.platypus.flowables import _listWrapOn  # type: ignore[attr-defined]  # private, not in the stubs

from hep_builder import __version__
from hep_builder.core.clinic import ClinicProfile
from hep_builder.core.dose_text import dose_sentence
from hep_builder.core.exercise import Exercise
from hep_builder.core.i18n import ENGLISH, N_, Translator, translator
from hep_builder.core.library import Library
from hep_builder.core.plan import Plan, ResolvedItem
from hep_builder.core.planfile import write_atomic
from hep_builder.core.precautions import (
    cautions_for,
    first_caution,
    patient_rules,
    rules_until_sentence,
    steps_for,
)
from hep_builder.core.red_flags import HOW_TO_USE, RED_FLAGS, RedFlagGroup
from hep_builder.core.session_length import session_minutes
from hep_builder.pdf.canvas import numbered_canvas
from hep_builder.pdf.figure_cache import CachedFigure
from hep_builder.pdf.figure_flowable import ExerciseFigure, patient_side
from hep_builder.pdf.fonts import BOLD, REGULAR, register_fonts
from hep_builder.pdf.log import daily_log
from hep_builder.pdf.logo import prepare_logo
from hep_builder.pdf.paragraph import Paragraph
from hep_builder.pdf.qr import WATCH_HOW, video_panel
from hep_builder.pdf.qr import beside as steps_beside
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

# A large-print picture may shrink from its 3.2 in to about 2.2 in so that a whole exercise (name, picture,
# dose, every step, tips, cautions, note) stays on one page; its Start/End labels stay 18 pt at any size.
LARGE_FIGURE_FLOOR = 2.2 / 3.2
LARGE_LABEL_POINTS = 18.0
LARGE_WHOLE_FLOOR = LARGE_FIGURE_FLOOR
LARGE_FRESH_FLOOR = 2.0 / 3.2  # on a page of its own, where the other choice is to split the exercise
STANDARD_WHOLE_FLOOR = 0.72  # the same for a standard page's exercise (two to a page where they nearly fit)
QR_SIZE = {"standard": 0.9 * inch, "compact": 0.8 * inch, "large-print": 1.2 * inch}  # phones read 0.8 in
# Height of the at-a-glance thumbnails (width is twice this); none in compact, whose grid has the pictures.
GLANCE_THUMB = {"standard": 0.45 * inch, "large-print": 0.6 * inch}
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
    videos: Mapping[str, str] = field(default_factory=dict)  # exercise id -> video page, from the library only

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
    return measure_handout(plan, library, profile, layout=layout, paper=paper, language=language).data


def measure_handout(
    plan: Plan,
    library: Library | None,
    profile: ClinicProfile,
    *,
    layout: str | None = None,
    paper: str = "letter",
    language: str | None = None,
) -> HandoutLayout:
    """The handout PDF with the layout's own account of each page: how full it is and which sections end there."""
    register_fonts()
    rl_config.useA85 = 0  # binary streams, not ASCII85 text: a fifth smaller, and every PDF reader takes them
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
        videos=_videos(plan, library),
    )
    buffer = io.BytesIO()
    doc = _document(buffer, context, language)
    story = _story(context)
    doc.build(story, canvasmaker=numbered_canvas(lambda canvas, n, total: _footer(canvas, context, n, total)))
    return HandoutLayout(buffer.getvalue(), doc.page_fills())


def _videos(plan: Plan, library: Library | None) -> dict[str, str]:
    """The clinic's video page of each plan exercise that has one. Read from the library at print time: a
    plan file never holds a web address, so a snapshot can never carry a stale or foreign link."""
    videos = {}
    for item in plan.items:
        exercise = library.get(item.exercise_id) if library else None
        if exercise is not None and exercise.video_url:
            videos[item.exercise_id] = exercise.video_url
    return videos


def export_handout(plan: Plan, library: Library | None, profile: ClinicProfile, output: Path, **options: Any) -> int:
    """Write the handout to ``output`` atomically; returns its size in bytes."""
    data = build_handout(plan, library, profile, **options)
    write_atomic(output, data)
    return len(data)


# --- document and page furniture ----------------------------------------------------------------------


@dataclass(frozen=True)
class PageFill:
    """How much of one page's body the layout used, and which sections end on it (layout tests use it)."""

    number: int
    used: float  # of the body frame's height, 0 to 1
    ends: tuple[str, ...]  # the sections ("front", "exercises", "safety", "log") whose last part is here


@dataclass(frozen=True)
class HandoutLayout:
    data: bytes
    pages: tuple[PageFill, ...]


class SectionEnd(Flowable):
    """A mark of no height after each section, so the layout knows the page a section ends on."""

    def __init__(self, name: str) -> None:
        super().__init__()
        self.name = name

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        pass


class HandoutDocument(BaseDocTemplate):
    """The page template that also notes, page by page, how far down the body each page was filled."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._lowest: dict[int, float] = {}
        self._ends: dict[int, list[str]] = {}
        self._body = (0.0, 1.0)

    def afterFlowable(self, flowable: Flowable) -> None:  # ReportLab's name
        frame = getattr(self, "frame", None)
        if frame is None or not hasattr(frame, "_y1p"):  # page breaks and actions come between frames
            return
        self._body = (frame._y1p, frame._y2 - frame._topPadding)
        self._lowest[self.page] = min(self._lowest.get(self.page, self._body[1]), frame._y)
        if isinstance(flowable, SectionEnd):
            self._ends.setdefault(self.page, []).append(flowable.name)

    def page_fills(self) -> tuple[PageFill, ...]:
        bottom, top = self._body
        return tuple(
            PageFill(n, round((top - self._lowest.get(n, top)) / (top - bottom), 3), tuple(self._ends.get(n, ())))
            for n in range(1, self.page + 1)
        )


def _document(buffer: io.BytesIO, context: HandoutContext, language: str) -> HandoutDocument:
    spec, (width, height) = context.spec, context.page_size
    plan = context.plan
    author = ", ".join(part for part in (clean(plan.therapist), context.profile.name) if part)
    doc = HandoutDocument(
        buffer,
        pagesize=context.page_size,
        leftMargin=spec.margin,
        rightMargin=spec.margin,
        topMargin=spec.margin,
        bottomMargin=spec.margin,
        title=": ".join(part for part in (clean(_title(context)).strip(), clean(plan.patient.name).strip()) if part),
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
    """Header and footer text: 12 pt, 16 pt in large print (the clinic's name, a long phone number and
    "Page 12 of 16" must still fit on one line of an A4 page; all the reading text is 18 pt)."""
    return 16.0 if spec.name == "large-print" else 12.0


def _header(canvas: Canvas, context: HandoutContext) -> None:
    spec, (width, height) = context.spec, context.page_size
    top = height - spec.margin
    size = _furniture_size(spec)
    name_size = size if spec.name == "large-print" else size + 2  # 18 pt is big enough; names stay whole
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
    # Each line shares its own width: the clinic's name yields only to the patient's, not to the date.
    right_width = min(total / 2, canvas.stringWidth(patient, BOLD, name_size))
    left_width = total - right_width - 16 - (x - spec.margin)
    date_room = total - canvas.stringWidth(day, REGULAR, size) - 16 - (x - spec.margin)
    canvas.setFillColor(INK)
    canvas.setFont(BOLD, name_size)
    canvas.drawString(x, top - size - 2, _fit(canvas, context.profile.name, BOLD, name_size, left_width))
    # A long line beside a long date (Spanish, large print) steps down in size, to 12 pt, before it is cut.
    program = context.tr("Home exercise program")
    program_size = size
    while program_size > 12 and canvas.stringWidth(program, REGULAR, program_size) > date_room:
        program_size -= 1
    canvas.setFont(REGULAR, program_size)
    canvas.setFillColor(GREY)
    canvas.drawString(x, top - 2 * size - 6, _fit(canvas, program, REGULAR, program_size, date_room))
    right = width - spec.margin
    canvas.setFillColor(INK)
    canvas.setFont(BOLD, name_size)
    canvas.drawRightString(right, top - size - 2, _fit(canvas, patient, BOLD, name_size, right_width))
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
    # "Stop and call us" comes before the exercises: read before the first one is tried, and it fills the
    # rest of page 2 where an exercise with its larger picture would not fit.
    story = [*_front_matter(context), SectionEnd("front"), *_red_flags(context), SectionEnd("safety")]
    if context.spec.name == "compact":
        story += _compact_grid(context)
    else:
        for number, item in enumerate(context.items, 1):
            story += _exercise_block(context, number, item)
    story.append(SectionEnd("exercises"))
    story += daily_log(context.items, context.plan.log_days(), context.frame_width, context.spec, context.styles,
                       context.tr, pain=context.profile.log_pain, page_height=context.frame_height,
                       follow_up=context.plan.follow_up)  # fmt: skip
    story.append(SectionEnd("log"))
    return story


_MEASURE = Canvas(io.BytesIO())


def _height_of(flowables: list[Flowable], width: float) -> float:
    """Height the flowables take in a column of ``width``, spaced as a frame spaces them."""
    height: float = _listWrapOn(flowables, width, _MEASURE)[1]
    return height


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


def _bullets(texts: list[str], style: ParagraphStyle, *, numbered: bool = False) -> ListFlowable:
    indent = style.fontSize * (1.7 if numbered else 1.3)
    items = [ListItem(Paragraph(esc(text), style), leftIndent=indent) for text in texts]
    options: dict[str, Any] = (
        {"bulletType": "1", "bulletFormat": "%s.", "bulletFontName": BOLD}
        if numbered
        else {"bulletType": "bullet", "start": "•", "bulletFontName": REGULAR}
    )
    # The stubs leave ListItem out of what ListFlowable takes; ReportLab's own lists are built this way.
    return ListFlowable(items, bulletFontSize=style.fontSize, leftIndent=indent,  # type: ignore[arg-type]
                        bulletDedent=indent - style.fontSize * 0.15, **options)  # fmt: skip


def _steps(texts: list[str], style: ParagraphStyle) -> list[Flowable]:
    """Numbered steps, one paragraph each (its number hung in the margin) so a page may turn between two steps.
    Plain paragraphs, not one list per step: a long plan lays out in a fraction of the time."""
    indent = style.fontSize * 1.7
    hung = _hung_style(style, indent)
    return [Paragraph(esc(text), hung, bulletText=f"{number}.") for number, text in enumerate(texts, 1)]


@cache
def _hung_style(style: ParagraphStyle, indent: float) -> ParagraphStyle:
    return ParagraphStyle(f"{style.name}-hung", style, leftIndent=indent, bulletIndent=style.fontSize * 0.15,
                          bulletFontName=BOLD, bulletFontSize=style.fontSize)  # fmt: skip


def _boxed(
    flowables: Sequence[Flowable | list[Flowable]],
    width: float,
    *,
    border: float = 0.8,
    fill: Color | None = LIGHT,
    pad: float = 8,
) -> Table:
    """A framed panel; one row per flowable (or list of them) and rows that may split, so any length of text
    still fits."""
    table = Table([[flowable] for flowable in flowables], colWidths=[width], splitInRow=1)
    style: list[tuple[Any, ...]] = [
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
    name = plan.patient.name.strip()  # a name of only spaces is no name: no empty "For" line
    who = esc(tr("For {patient}")).format(patient=f"<b>{esc(name)}</b>") if name else ""
    if plan.therapist.strip():
        therapist = esc(tr("from {therapist}")).format(therapist=esc(plan.therapist))
        who = f"{who} · {therapist}" if who else therapist[:1].upper() + therapist[1:]
    if who:
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
    if plan.follow_up:
        story.append(Spacer(1, 4))
        visit = _labelled(tr("Your next visit:"), esc(tr.long_date(plan.follow_up)))
        story.append(Paragraph(visit, styles.body))
    glance = _at_a_glance(context)
    if context.spec.name == "compact":
        return story + glance
    how = [Paragraph(esc(tr("How to use this sheet")), styles.subheading),
           _bullets([tr(line) for line in HOW_TO_USE], styles.body)]  # fmt: skip
    # Page 1 holds "How to use" and the whole list where they fit; else the list starts on page 1 and runs on
    # (never one line alone), and "How to use" follows it.
    whole = [*story, *how, *_unkept(glance)]
    if _height_of(whole, context.frame_width) <= context.frame_height:
        return [*story, KeepTogether(how), *glance]
    return [*story, *glance, KeepTogether(how)]


def _unkept(flowables: list[Flowable]) -> list[Flowable]:
    """The flowables with any KeepTogether opened (to measure them: a KeepTogether reports a huge height)."""
    return [part for f in flowables for part in (_kept_parts(f) if isinstance(f, KeepTogether) else [f])]


def _kept_parts(keep: KeepTogether) -> list[Flowable]:
    """What a KeepTogether holds: ReportLab keeps it in ``_content``, which the stubs do not declare."""
    parts: list[Flowable] = keep._content  # type: ignore[attr-defined]
    return parts


def _at_a_glance(context: HandoutContext) -> list[Flowable]:
    """Every exercise on one list - number, name, a small picture, the dose - and how long a session takes.

    The page a patient keeps on the fridge. The compact layout lists them as text: its grid follows at once.
    """
    styles, spec, tr = context.styles, context.spec, context.tr
    count = len(context.items)
    minutes = session_minutes(item.dosage for item in context.items)
    exercises = tr.plural("You have {count} exercise to do.", "You have {count} exercises to do.", count)
    intro = esc(exercises).replace("{count}", f"<b>{count}</b>")
    if minutes:
        how_long = esc(tr("One round of all exercises takes about {minutes} minutes."))
        intro += " " + how_long.replace("{minutes}", f"<b>{minutes}</b>")
    heading = Paragraph(esc(tr("Your exercises at a glance")), styles.subheading)
    story: list[Flowable] = [heading, Paragraph(intro, styles.body)]
    if not context.items:
        return story
    rows = []
    thumb_height = GLANCE_THUMB.get(spec.name, 0.0)
    for number, item in enumerate(context.items, 1):
        text = Paragraph(
            f"<b>{number}. {_name(context, item.exercise)}</b><br/>{esc(dose_sentence(item.dosage, tr))}", styles.cell
        )
        if thumb_height:
            thumb = CachedFigure(item.exercise, 2 * thumb_height, thumb_height, labels=False,
                                   side=patient_side(context.plan, item), tr=tr)  # fmt: skip
            rows.append([thumb, text])
        else:
            rows.append([text])
    widths = [2 * thumb_height + 12, context.frame_width - 2 * thumb_height - 12] if thumb_height else None
    # The heading travels with the first two rows; the rest of the list may run on to page 2.
    first = _glance_table(rows[:2], widths or [context.frame_width], bool(thumb_height), rule_last=len(rows) > 2)
    story = [KeepTogether([*story, Spacer(1, 2), first])]
    # The rest in small tables: a long plan's list then never makes ReportLab re-measure one big table per page.
    for start in range(2, len(rows), 6):
        chunk = rows[start : start + 6]
        last = start + len(chunk) >= len(rows)
        table = _glance_table(chunk, widths or [context.frame_width], bool(thumb_height), rule_last=not last)
        if last and len(chunk) > 1:  # the list's last line never alone at the top of a page
            table.setStyle(TableStyle([("NOSPLIT", (0, len(chunk) - 2), (-1, -1))]))
        story.append(table)
    return story


def _glance_table(rows: list[list[Any]], widths: list[float], pictures: bool, *, rule_last: bool) -> Table:
    table = Table(rows, colWidths=widths)
    table.setStyle(
        TableStyle([
            ("FONT", (0, 0), (-1, -1), REGULAR, 12),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ("TOPPADDING", (0, 0), (-1, -1), 3 if pictures else 1),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 4 if pictures else 2),
            ("LINEBELOW", (0, 0), (-1, -1 if rule_last else -2), 0.6, RULE),
        ])
    )  # fmt: skip
    return table


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
    """One exercise, in parts that may fall on two pages: the name always with its picture, dose and first
    step; the last step always with the note, tips and cautions (a caution never strays from its exercise)."""
    spec, styles = context.spec, context.styles
    exercise = item.exercise
    title = Paragraph(f"{number}. {_name(context, exercise)}", styles.heading)
    summary = Paragraph(esc(exercise.summary), styles.body)
    side = patient_side(context.plan, item)
    steps: list[Flowable] = list(_steps(list(steps_for(exercise, context.plan.precautions)), styles.step))
    video = context.videos.get(item.item.exercise_id)
    if video:  # the QR code stands beside the steps, which then stay together
        size = QR_SIZE[spec.name]
        panel = video_panel(video, size, styles.cell, context.tr(WATCH_HOW))
        steps = [steps_beside(steps, panel, context.frame_width)]
    tail = _notes_and_cautions(context, item)
    if spec.name == "large-print":
        # full width: lying bodies use it
        figure = CachedFigure(
            exercise, context.frame_width, spec.figure_height, side=side, tr=context.tr, label_points=LARGE_LABEL_POINTS
        )
        head = [title, summary, figure, Spacer(1, 6), _dose_box(context, item, context.frame_width), Spacer(1, 6)]
        end: list[Flowable] = []  # the gap after it is its space after: a frame drops that at a page foot
        # The whole exercise on one page, its picture smaller where that makes it fit (else it goes whole to
        # the next page); only an exercise no page holds splits, after its picture and dose, steps together.
        whole = LargeHead([*head, *steps, *tail, *end], figure, floor=LARGE_WHOLE_FLOOR)
        whole.fallback = [LargeHead(head, figure), KeepTogether([*steps, *tail, *end])]
        whole.spaceAfter = whole.fallback[-1].spaceAfter = 10
        whole.page_height, whole.fresh_floor = context.frame_height, LARGE_FRESH_FLOOR
        return [whole]
    else:
        gap = 14
        figure_width = min(1.5 * spec.figure_height, context.frame_width * 0.6)
        figure = CachedFigure(exercise, figure_width, spec.figure_height, side=side, tr=context.tr)
        room = context.frame_width - figure_width - gap
        next_to = [summary, Spacer(1, 4), _dose_box(context, item, room)]
        row = Table([[figure, next_to]], colWidths=[figure_width + gap, room])
        row.setStyle(
            TableStyle([
                ("FONT", (0, 0), (-1, -1), REGULAR, 12),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            ])
        )  # fmt: skip
        head = [title, row]
        rule = Table([[""]], colWidths=[context.frame_width], rowHeights=[4])
        rule.setStyle(
            TableStyle([("FONT", (0, 0), (-1, -1), REGULAR, 12), ("LINEBELOW", (0, 0), (-1, -1), 0.8, RULE)])
        )  # fmt: skip
        end = [rule]
    # Steps stay together, with the name and picture above them (never step 1 alone at a page foot): where the
    # rest of a page falls a little short, the picture gives up some height. Only an exercise taller than a
    # page (very long notes) runs on.
    whole = LargeHead([*head, *steps, *tail, *end], figure, floor=STANDARD_WHOLE_FLOOR)
    whole.fallback = [KeepTogether([*head, *steps, *tail, *end])]
    whole.partial = [*head, KeepTogether([*steps, *tail, *end])]  # the head's parts: the frame adds them as is
    whole.page_height = context.frame_height
    return [whole]


class LargeHead(Flowable):
    """A large-print exercise's name, summary, picture and dose, kept together. Where the rest of a page
    cannot hold them, the picture gives up height (down to ``LARGE_FIGURE_FLOOR`` of its size) rather than
    leave half a page empty; on a fresh page it is full size."""

    def __init__(self, parts: list[Flowable], figure: ExerciseFigure, floor: float = LARGE_FIGURE_FLOOR) -> None:
        super().__init__()
        self._content = parts  # the name ReportLab's containers use: figure reports find the picture in it
        self.figure = figure
        self.full = figure.height
        self.floor = floor
        self.fallback: list[Flowable] = []  # what it becomes where even a fresh page cannot hold it
        self.page_height = 0.0  # the body frame's height: a page's whole room
        self.fresh_floor = floor
        self.partial: list[Flowable] = []  # what it becomes where it would leave much of a page empty
        self.partial_room = 0.35  # ... that is, where at least this much of the page is left

    def _stack_height(self, width: float) -> float:
        return _height_of(self._content, width)

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.figure.height = self.full
        natural = self._stack_height(available_width)
        if natural > available_height:
            fresh = self.fallback and available_height >= self.page_height - 1
            floor = self.fresh_floor if fresh else self.floor  # on a page of its own, smaller still before a split
            give = min(natural - available_height, self.full * (1 - floor))
            if natural - give <= available_height:  # it fits with a smaller picture
                self.figure.height = self.full - give
        self.width, self.height = available_width, self._stack_height(available_width)
        return self.width, self.height

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        # On to the next page, whole; where a fresh page cannot hold it either, its parts (split by the frame).
        self.figure.height = self.full
        if self.fallback and available_height >= self.page_height - 1:
            first = self.fallback[0]
            if isinstance(first, KeepTogether):  # no page holds it: the frame splits it where it must
                return [*_kept_parts(first), *self.fallback[1:]]
            return self.fallback
        if (
            self.partial
            and available_height >= self.page_height * self.partial_room
            and _height_of(self.partial[:-1], available_width) <= available_height
        ):
            # More than half a page would stay empty: the name, picture and dose here, all the steps together
            # on the next page (standard layout only: large print keeps an exercise on one page).
            return self.partial
        return []

    def draw(self) -> None:
        y = self.height
        previous_after = 0.0
        for index, part in enumerate(self._content):
            _width, height = part.wrapOn(self.canv, self.width, self.height)
            before = part.getSpaceBefore() if index else 0.0
            y -= max(before, previous_after) + height
            part.drawOn(self.canv, 0, y)
            previous_after = part.getSpaceAfter()


def _compact_grid(context: HandoutContext) -> list[Flowable]:
    styles, spec = context.styles, context.spec
    column = (context.frame_width - 12) / 2
    cells = []
    for index, item in enumerate(context.items, 1):
        exercise = item.exercise
        cell: list[Flowable] = [
            Paragraph(f"{index}. {_name(context, exercise)}", styles.cell_bold),
            Spacer(1, 2),
            CachedFigure(
                exercise,
                min(column - 8, 2 * spec.figure_height),
                spec.figure_height,
                side=patient_side(context.plan, item),
                tr=context.tr,
            ),  # fmt: skip
            Spacer(1, 2),
            Paragraph(_labelled(context.tr("How much:"), esc(dose_sentence(item.dosage, context.tr))), styles.cell),
            Spacer(1, 2),
        ]
        cell.append(_bullets(list(steps_for(exercise, context.plan.precautions)), styles.cell, numbered=True))
        video = context.videos.get(item.item.exercise_id)
        if video:
            cell += [Spacer(1, 3), video_panel(video, QR_SIZE["compact"], styles.cell, context.tr(WATCH_HOW))]
        if item.item.notes:
            cell.append(Paragraph(_labelled(context.tr("Note:"), esc(item.item.notes)), styles.cell))
        if exercise.tips:
            tips = " ".join(esc(tip) for tip in exercise.tips)
            cell.append(Paragraph(_labelled(context.tr("Tips:"), tips), styles.cell))
        caution = first_caution(exercise, context.plan.precautions)
        if caution:
            cell.append(Paragraph(_labelled(context.tr("Take care:"), esc(caution)), styles.cell))
        cells.append(cell)
    if not cells:  # a plan with no exercises yet still prints (its front page, safety box and log)
        return []
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
            ("TOPPADDING", (0, 0), (-1, -1), 4),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
        ])
    )  # fmt: skip
    return [Spacer(1, 2), grid]


def _red_flags(context: HandoutContext) -> list[Flowable]:
    """The safety box, never split across pages: one box when it fits a page, else one whole box per group."""
    styles = context.styles
    title = Paragraph(esc(context.tr("Stop and call us")), styles.heading)
    groups = [_red_flag_group(context, group) for group in RED_FLAGS]
    pad = 7 if context.spec.name == "compact" else 10
    box = _boxed([title, *groups], context.frame_width, border=2.5, fill=None, pad=pad)
    if _height_of([box], context.frame_width) <= context.frame_height:
        return [Spacer(1, 2), KeepTogether([box])]
    # Large print: the whole box is taller than a page, so it gets page(s) of its own, as many whole groups to
    # a page as fit, each page's box under its title ("Stop and call us (continued)" after the first). A reader
    # never meets a list without its heading, nor a heading without the box's title.
    more = Paragraph(esc(context.tr("Stop and call us (continued)")), styles.heading)
    pages: list[list[list[Flowable]]] = [[]]
    for group in _page_sized_groups(context, more, pad):
        head = title if len(pages) == 1 else more
        trial = _boxed([head, *(part for g in [*pages[-1], group] for part in g)], context.frame_width, border=2.5,
                       fill=None, pad=pad)  # fmt: skip
        if pages[-1] and _height_of([trial], context.frame_width) > context.frame_height:
            pages.append([])
        pages[-1].append(group)
    story: list[Flowable] = [PageBreak()]
    for index, page in enumerate(pages):
        head = title if index == 0 else more
        rows = [head, *(part for group in page for part in group)]
        story += [KeepTogether([_boxed(rows, context.frame_width, border=2.5, fill=None, pad=pad)])]
        story.append(PageBreak() if index < len(pages) - 1 else Spacer(1, 8))
    return story


def _page_sized_groups(context: HandoutContext, title: Paragraph, pad: float) -> list[list[Flowable]]:
    """The groups of the box, each cut into parts a page holds (under the box's title), every part under its
    group's heading: a long group in large-print Spanish repeats its heading rather than lose it."""
    parts: list[list[Flowable]] = []
    for group in RED_FLAGS:
        items = list(group.items)
        while items:
            count = len(items)
            while count > 1:
                trial = _red_flag_group(context, replace(group, items=tuple(items[:count])))
                box = _boxed([title, *trial], context.frame_width, border=2.5, fill=None, pad=pad)
                if _height_of([box], context.frame_width) <= context.frame_height:
                    break
                count -= 1
            parts.append(_red_flag_group(context, replace(group, items=tuple(items[:count]))))
            items = items[count:]
    return parts


def _red_flag_group(context: HandoutContext, group: RedFlagGroup) -> list[Flowable]:
    """One group's heading and items. The phone goes into the heading as markup between escaped parts
    (never through a placeholder character, which the text cleaning would strip along with the phone)."""
    styles, tr = context.styles, context.tr
    phone = f"<b>{esc(context.phone)}</b>" if context.phone else esc(tr("your clinic"))
    heading = phone.join(esc(part) for part in tr(group.heading).split("{phone}"))
    items = [tr(line) for line in group.items]
    listing: Flowable = _bullets(items, styles.boxed)
    if context.spec.name == "compact" and len(items) > 1:
        # The fridge sheet sets the list in two columns, so the box leaves room for the first exercises.
        half = (len(items) + 1) // 2
        column = (context.frame_width - 20) / 2
        listing = Table([[_bullets(items[:half], styles.boxed), _bullets(items[half:], styles.boxed)]],
                        colWidths=[column, column])  # fmt: skip
        listing.setStyle(
            TableStyle([
                ("FONT", (0, 0), (-1, -1), REGULAR, 12),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (0, -1), 6),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
            ])
        )  # fmt: skip
    return [Paragraph(heading, styles.urgent if group.urgent else styles.label), listing, Spacer(1, 4)]
