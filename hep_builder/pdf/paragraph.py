"""A Paragraph that remembers its last wrap (pdf layer).

Platypus wraps each paragraph several times (KeepTogether measures, the frame fits, tables size and then
draw their cells) always at the same width. Line breaking is most of the export time, so a paragraph that
is asked again at the same width answers from its last result: about 30% of a 50-exercise handout's build
time (bench/export.py).
"""

from __future__ import annotations

from reportlab.platypus import Paragraph as _Paragraph


class Paragraph(_Paragraph):
    _wrapped_at: float | None = None
    _wrapped: tuple[float, float] = (0.0, 0.0)

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        # split() drops blPara, so a remembered wrap only counts while it is still there.
        if self._wrapped_at == avail_width and "blPara" in self.__dict__:
            return self._wrapped
        self._wrapped = super().wrap(avail_width, avail_height)
        self._wrapped_at = avail_width
        return self._wrapped
