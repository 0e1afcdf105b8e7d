"""Item delegates shared by the list views (ui layer)."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QListView, QStyledItemDelegate


class FitWidthDelegate(QStyledItemDelegate):
    """Rows as wide as the list, never wider: a long dose line ends in "…" (the tooltip has all of it)
    instead of pushing a sideways scroll bar under the plan. Heights stay fixed, so layout stays stable."""

    def sizeHint(self, option, index) -> QSize:  # noqa: N802
        hint = super().sizeHint(option, index)
        view = self.parent()
        return QSize(min(hint.width(), view.viewport().width()), hint.height())


def fit_rows_to_width(view: QListView) -> None:
    """Rows fill the list's width and long lines end in "…"; no sideways scroll bar."""
    view.setItemDelegate(FitWidthDelegate(view))
    view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    view.setResizeMode(QListView.ResizeMode.Adjust)  # lay the rows out again when the list is resized
