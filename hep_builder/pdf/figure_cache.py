"""A figure drawn once is replayed from memory on the next build (pdf layer).

The live preview rebuilds the whole handout after every edit, and a mannequin figure is a few hundred
shapes: drawing them again is most of a rebuild. A figure's PDF drawing operators depend only on what is
drawn (the figure, its side, its box, its labels' language), so the first drawing's operators are kept and
appended as they are the next time. The output is byte for byte the same.
"""

from __future__ import annotations

from collections import OrderedDict

from hep_builder.pdf.figure_flowable import ExerciseFigure

MAX_KEPT = 400  # figures kept (a few KB each): every bundled figure at each size the handout uses
# (figure, side, width, height, labels, language, label points)
FigureKey = tuple[str, str | None, float, float, bool, str, float | None]
_kept: OrderedDict[FigureKey, tuple[str, ...]] = OrderedDict()


class CachedFigure(ExerciseFigure):
    def _key(self) -> FigureKey | None:
        exercise = self.exercise
        if not exercise.figure or exercise.figure_is_image:  # photos and placeholders: drawn each time
            return None
        language = self.tr.language if self.labels and self.tr.translated else ""  # only labels have words
        return (
            exercise.figure,
            self.side,
            round(self.width, 3),
            round(self.height, 3),
            self.labels,
            language,
            self.label_points,
        )

    def draw(self) -> None:
        key = self._key()
        code = getattr(self.canv, "_code", None)
        if key is None or not isinstance(code, list):
            super().draw()
            return
        kept = _kept.get(key)
        if kept is not None:
            _kept.move_to_end(key)
            code.extend(kept)
            return
        start = len(code)
        super().draw()
        _kept[key] = tuple(code[start:])
        while len(_kept) > MAX_KEPT:
            _kept.popitem(last=False)
