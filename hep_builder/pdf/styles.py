"""Type sizes, spacing and paragraph styles for each handout layout (pdf layer).

Numbers follow the handout design rules in shared/CONTENT.md: body text 12 pt or more with about
1.45 line spacing, large print at 18 pt with 1-inch margins and one column, sans-serif, no italics.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch

from hep_builder.pdf.fonts import BOLD, REGULAR, register_fonts

PAGE_SIZES = {"letter": LETTER, "a4": A4}
INK = colors.black
GREY = colors.Color(0.35, 0.35, 0.35)
LIGHT = colors.Color(0.93, 0.93, 0.93)
RULE = colors.Color(0.6, 0.6, 0.6)


@dataclass(frozen=True)
class LayoutSpec:
    name: str
    body: float  # body text size, pt
    margin: float  # page margin, pt
    title: float
    heading: float
    figure_height: float  # pt; the printed height of the figure panel (figures --report prints it)
    header_height: float = 0.75 * inch
    footer_height: float = 0.5 * inch

    @property
    def leading(self) -> float:
        return round(self.body * 1.45, 1)


LAYOUT_SPECS = {
    "standard": LayoutSpec(
        "standard", body=13, margin=0.6 * inch, title=24, heading=17, figure_height=2.3 * inch,
    ),
    "compact": LayoutSpec(
        "compact", body=12, margin=0.5 * inch, title=20, heading=13, figure_height=1.3 * inch,
    ),
    "large-print": LayoutSpec(
        "large-print", body=18, margin=1.0 * inch, title=30, heading=26, figure_height=3.2 * inch,
        header_height=0.8 * inch, footer_height=0.5 * inch,
    ),
}  # fmt: skip


@dataclass(frozen=True)
class Styles:
    body: ParagraphStyle
    small: ParagraphStyle
    title: ParagraphStyle
    heading: ParagraphStyle
    subheading: ParagraphStyle
    label: ParagraphStyle
    step: ParagraphStyle
    boxed: ParagraphStyle
    urgent: ParagraphStyle
    cell: ParagraphStyle
    cell_bold: ParagraphStyle


@cache
def styles_for(layout: str) -> Styles:
    register_fonts()
    spec = LAYOUT_SPECS[layout]
    size, leading = spec.body, spec.leading
    # Large print is 18 pt everywhere, captions and labels included; elsewhere small text is one size down.
    small = size if layout == "large-print" else max(12, size - 1)
    base = ParagraphStyle("body", fontName=REGULAR, fontSize=size, leading=leading, alignment=TA_LEFT,
                          textColor=INK, spaceAfter=size * 0.35)  # fmt: skip
    return Styles(
        body=base,
        small=ParagraphStyle("small", base, fontSize=small, leading=small * 1.35),
        title=ParagraphStyle(
            "title", base, fontName=BOLD, fontSize=spec.title, leading=spec.title * 1.2, spaceAfter=size * 0.5
        ),  # fmt: skip
        heading=ParagraphStyle(
            "heading",
            base,
            fontName=BOLD,
            fontSize=spec.heading,
            leading=spec.heading * 1.25,
            spaceBefore=size * 0.4,
            spaceAfter=size * 0.3,
        ),  # fmt: skip
        subheading=ParagraphStyle(
            "subheading",
            base,
            fontName=BOLD,
            fontSize=size + 2,
            leading=(size + 2) * 1.3,
            spaceBefore=size * 0.5,
            spaceAfter=size * 0.2,
        ),  # fmt: skip
        label=ParagraphStyle("label", base, fontName=BOLD, spaceAfter=size * 0.1),
        step=ParagraphStyle("step", base, spaceAfter=size * 0.2),
        boxed=ParagraphStyle("boxed", base, spaceAfter=0),
        urgent=ParagraphStyle("urgent", base, fontName=BOLD, fontSize=size + 1, leading=(size + 1) * 1.35),
        cell=ParagraphStyle("cell", base, spaceAfter=0, leading=size * 1.25),
        cell_bold=ParagraphStyle("cell_bold", base, fontName=BOLD, spaceAfter=0, leading=size * 1.25),
    )
