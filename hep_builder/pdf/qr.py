"""A small QR code to the clinic's own video of an exercise, with "Watch how" under it (pdf layer).

Drawn by ReportLab's QR widget as vector squares: no network, no image files. The address comes from the clinic's
library at print time, never from the plan file.
"""

from __future__ import annotations

from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Table, TableStyle

from hep_builder.core.i18n import N_
from hep_builder.pdf.fonts import BOLD, REGULAR
from hep_builder.pdf.paragraph import Paragraph
from hep_builder.pdf.text import esc

WATCH_HOW = N_("Watch how")


def qr_drawing(url: str, size: float) -> Drawing:
    """The QR code of ``url``, ``size`` points square (medium error correction survives a worn fridge copy)."""
    widget = QrCodeWidget(url, barLevel="M", barBorder=2)
    x1, y1, x2, y2 = widget.getBounds()
    drawing = Drawing(size, size, transform=[size / (x2 - x1), 0, 0, size / (y2 - y1), 0, 0])
    drawing.add(widget)
    return drawing


def panel_width(size: float, style: ParagraphStyle, words: str = WATCH_HOW) -> float:
    """The panel is as wide as the code, or as "Watch how" on one line if that is wider (large print)."""
    return max(size, stringWidth(words, BOLD, style.fontSize)) + 8


def video_panel(url: str, size: float, style: ParagraphStyle, words: str = WATCH_HOW) -> Table:
    """The code with "Watch how" (in the handout's language) centred under it, as one piece that never splits."""
    label = Paragraph(f"<b>{esc(words)}</b>", ParagraphStyle("watch", style, alignment=TA_CENTER, spaceAfter=0))
    panel = Table([[qr_drawing(url, size)], [label]], colWidths=[panel_width(size, style, words)])
    panel.setStyle(
        TableStyle([
            ("FONT", (0, 0), (-1, -1), REGULAR, 12),
            ("ALIGN", (0, 0), (-1, -1), "CENTER"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ("TOPPADDING", (0, 0), (-1, -1), 0),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
        ])
    )  # fmt: skip
    return panel


def beside(content: list[Flowable], panel: Table, width: float) -> Table:
    """``content`` (the steps) with the video panel to its right."""
    room = panel._colWidths[0] + 10
    table = Table([[content, panel]], colWidths=[width - room, room])
    table.setStyle(
        TableStyle([
            ("FONT", (0, 0), (-1, -1), REGULAR, 12),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("ALIGN", (1, 0), (1, 0), "RIGHT"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ("TOPPADDING", (0, 0), (-1, -1), 0),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
        ])
    )  # fmt: skip
    return table
