"""Safe, plain text for ReportLab markup and plain-language dates (pdf layer)."""

from __future__ import annotations

import html
import unicodedata
from datetime import date

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")  # fmt: skip
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def clean(text: str) -> str:
    """NFC-normalised text with control characters removed (they break PDF text extraction)."""
    if text.isascii() and text.isprintable():
        return text  # the common case, without a walk over every character
    text = unicodedata.normalize("NFC", text)
    return "".join(ch for ch in text if ch in "\n\t" or unicodedata.category(ch)[0] != "C")


def esc(text: str) -> str:
    """User text made safe for ReportLab's paragraph markup: ``O'Brien & <Sons>`` prints as typed."""
    return html.escape(clean(text), quote=False).replace("\n", "<br/>")


def long_date(day: date) -> str:
    return f"{WEEKDAYS[day.weekday()]}, {MONTHS[day.month - 1]} {day.day}, {day.year}"


def medium_date(day: date) -> str:
    return f"{MONTHS[day.month - 1]} {day.day}, {day.year}"


def short_day(day: date) -> tuple[str, str]:
    """Column head of the daily log: weekday and month/day."""
    return WEEKDAYS[day.weekday()][:3], f"{day.month}/{day.day}"
