"""A canvas that knows the page count, for "Page X of Y" footers (pdf layer)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from reportlab.pdfgen.canvas import Canvas

FooterPainter = Callable[[Canvas, int, int], None]


def numbered_canvas(paint_footer: FooterPainter) -> type[Canvas]:
    """A Canvas class that holds pages back until the end, then paints each footer with the total."""

    class NumberedCanvas(Canvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []

        def showPage(self) -> None:  # ReportLab's name
            self._pages.append(dict(self.__dict__))
            self._startPage()  # type: ignore[attr-defined]  # ReportLab's own (private) page reset: not in the stubs

        def save(self) -> None:
            total = len(self._pages)
            for number, state in enumerate(self._pages, 1):
                self.__dict__.update(state)
                paint_footer(self, number, total)
                super().showPage()
            super().save()

    return NumberedCanvas
