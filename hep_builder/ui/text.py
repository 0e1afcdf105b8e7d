"""Small text helpers for widgets (ui layer)."""

from __future__ import annotations

import html


def html_escape(text: str) -> str:
    """User or library text made safe for Qt rich text."""
    return html.escape(text, quote=True)
