"""Small text helpers for widgets (ui layer)."""

from __future__ import annotations


def html_escape(text: str) -> str:
    """User or library text made safe for Qt rich text."""
    import html  # on first use: the module loads a large entity table, which start-up does not need

    return html.escape(text, quote=True)
