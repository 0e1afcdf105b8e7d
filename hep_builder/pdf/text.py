"""Safe, plain text for ReportLab markup (pdf layer). Dates are spelled by ``core.i18n``, in the plan's language."""

from __future__ import annotations

import html
import unicodedata


def clean(text: str) -> str:
    """NFC-normalised text with control characters removed (they break PDF text extraction)."""
    if text.isascii() and text.isprintable():
        return text  # the common case, without a walk over every character
    text = unicodedata.normalize("NFC", text)
    return "".join(ch for ch in text if ch in "\n\t" or unicodedata.category(ch)[0] != "C")


def esc(text: str) -> str:
    """User text made safe for ReportLab's paragraph markup: ``O'Brien & <Sons>`` prints as typed."""
    return html.escape(clean(text), quote=False).replace("\n", "<br/>")
