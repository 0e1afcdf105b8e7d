"""The handout's embedded fonts (pdf layer). DejaVu Sans, shipped in assets/fonts; registered once."""

from __future__ import annotations

from functools import cache

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from hep_builder.paths import asset_path

REGULAR = "HEPSans"
BOLD = "HEPSans-Bold"


@cache
def register_fonts() -> tuple[str, str]:
    """Register the TTFs (subset and embedded by ReportLab) and map bold/italic so no base-14 font is used."""
    pdfmetrics.registerFont(TTFont(REGULAR, str(asset_path("fonts", "DejaVuSans.ttf"))))
    pdfmetrics.registerFont(TTFont(BOLD, str(asset_path("fonts", "DejaVuSans-Bold.ttf"))))
    # Italics are never used for patient text; map them to upright so markup can never pull in Helvetica.
    addMapping(REGULAR, 0, 0, REGULAR)
    addMapping(REGULAR, 1, 0, BOLD)
    addMapping(REGULAR, 0, 1, REGULAR)
    addMapping(REGULAR, 1, 1, BOLD)
    return REGULAR, BOLD
