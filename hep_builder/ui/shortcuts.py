"""Menu shortcuts that work whichever box has the focus (ui layer).

A text box claims some keys for itself before the window's shortcuts see them (Qt's ShortcutOverride): on
Linux Ctrl+E moves a one-line box to the end of the line, and every text box keeps its own Ctrl+Z. The
window's keys win in our boxes: this filter declines those claims, so Export, Undo (the plan's undo, which
also covers typing) and the rest do the same from anywhere. Keys that are not the window's stay with the box.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import cast

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence


class WindowKeysFirst(QObject):
    """An event filter for the window's text boxes: the window's shortcut keys are not theirs to take."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.keys: set[int] = set()
        self.watched: set[QObject] = set()

    def set_sequences(self, sequences: Iterable[QKeySequence]) -> None:
        # QKeySequence[i] is Qt's operator[]; the PySide6 stubs lack __getitem__.
        self.keys = {seq[0].toCombined() for seq in sequences if seq.count() == 1}  # type: ignore[index]

    def watch(self, widgets: Iterable[QObject]) -> None:
        """Filter each of ``widgets`` while it has the focus (only then can it claim a key).

        Not all the time: a Python event filter sees every event of its widgets (paints, resizes...), and
        each one brought into Python costs start-up time and loads Qt types nobody needs."""
        from PySide6.QtWidgets import QApplication

        self.watched = set(widgets)
        app = QApplication.instance()
        assert isinstance(app, QApplication)  # the window's boxes live in a QApplication
        app.focusChanged.connect(self._on_focus_changed)
        self._on_focus_changed(None, QApplication.focusWidget())  # the box that has the focus already

    def _on_focus_changed(self, old: QObject | None, new: QObject | None) -> None:
        if old is not None and old in self.watched:
            old.removeEventFilter(self)
        if new is not None and new in self.watched:
            new.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.ShortcutOverride:
            return False
        combined = cast(QKeyEvent, event).keyCombination()  # a ShortcutOverride is always a key event
        modifiers = combined.keyboardModifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if (combined.key().value | modifiers.value) in self.keys:
            event.ignore()  # not overridden: the shortcut map gives the key to the window's action
            return True
        return False
