"""Menu shortcuts that work whichever box has the focus (ui layer).

A text box claims some keys for itself before the window's shortcuts see them (Qt's ShortcutOverride): on
Linux Ctrl+E moves a one-line box to the end of the line, and every text box keeps its own Ctrl+Z. The
window's keys win in our boxes: this filter declines those claims, so Export, Undo (the plan's undo, which
also covers typing) and the rest do the same from anywhere. Keys that are not the window's stay with the box.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeySequence


class WindowKeysFirst(QObject):
    """An event filter for the window's text boxes: the window's shortcut keys are not theirs to take."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.keys: set[int] = set()

    def set_sequences(self, sequences: Iterable[QKeySequence]) -> None:
        self.keys = {seq[0].toCombined() for seq in sequences if seq.count() == 1}

    def watch(self, widgets: Iterable[QObject]) -> None:
        for widget in widgets:
            widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() != QEvent.Type.ShortcutOverride:
            return False
        combined = event.keyCombination()
        modifiers = combined.keyboardModifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if (combined.key().value | modifiers.value) in self.keys:
            event.ignore()  # not overridden: the shortcut map gives the key to the window's action
            return True
        return False
