"""Item delegates shared by the list views (ui layer)."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QListView, QStyledItemDelegate


class FitWidthDelegate(QStyledItemDelegate):
    """Rows as wide as the list, never wider: a long dose line ends in "…" (the tooltip has all of it)
    instead of pushing a sideways scroll bar under the plan. Heights stay fixed, so layout stays stable."""

    def __init__(self, view: QListView) -> None:
        super().__init__(view)
        self.view = view

    def sizeHint(self, option, index) -> QSize:
        hint = super().sizeHint(option, index)
        return QSize(min(hint.width(), self._inner_width()), hint.height())

    def _inner_width(self) -> int:
        # Not view.viewport().width(): the first call of viewport() from Python makes PySide identify a
        # QWidget that C++ created, which loads the Python types of every widget class (~10 ms of start-up).
        width = self.view.maximumViewportSize().width()
        scroll_bar = self.view.verticalScrollBar()
        return width - scroll_bar.width() if scroll_bar.isVisible() else width


def fit_rows_to_width(view: QListView) -> None:
    """Rows fill the list's width and long lines end in "…"; no sideways scroll bar."""
    view.setItemDelegate(FitWidthDelegate(view))
    view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    view.setResizeMode(QListView.ResizeMode.Adjust)  # lay the rows out again when the list is resized
