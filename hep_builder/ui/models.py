"""Qt models over the library and the plan; drag and drop lives here (ui layer).

Drags carry exercise ids (and, inside the plan, row numbers) as JSON under vendor MIME types - never
pickles. The plan model changes nothing itself: drops become edits on the PlanDocument (undo commands).
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractListModel,
    QMimeData,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSize,
    QSortFilterProxyModel,
    Qt,
    QTimer,
    Signal,
)

from hep_builder.core.dose_text import dose_sentence
from hep_builder.core.exercise import CATEGORY_LABELS, Exercise
from hep_builder.core.i18n import language_label
from hep_builder.core.library import Library
from hep_builder.core.search import ExerciseFilter, in_category_order
from hep_builder.core.translations import MissingTranslation, missing_translations
from hep_builder.ui.document import PlanDocument
from hep_builder.ui.precautions_control import conflict_note, watch_precautions

if TYPE_CHECKING:
    from PySide6.QtGui import QIcon  # loads with the first thumbnail: its type (and big enums) cost start-up time

EXERCISE_IDS_MIME = "application/x-hep-builder-exercise-ids"
PLAN_ROWS_MIME = "application/x-hep-builder-plan-rows"
EXERCISE_ROLE = Qt.ItemDataRole.UserRole + 1
ID_ROLE = Qt.ItemDataRole.UserRole + 2
THUMBNAIL = QSize(96, 48)

Index = QModelIndex | QPersistentModelIndex


def _encode(values: list[Any]) -> bytes:
    return json.dumps(values).encode("utf-8")


def decode_list(mime: QMimeData, kind: str, item_type: type) -> list[Any]:
    """The list under ``kind``, or [] for anything malformed (a drop from elsewhere must not crash)."""
    if not mime.hasFormat(kind):
        return []
    try:
        values = json.loads(bytes(mime.data(kind).data()).decode("utf-8"))
    except (ValueError, UnicodeDecodeError):
        return []
    if not isinstance(values, list):
        return []
    return [v for v in values if isinstance(v, item_type) and not isinstance(v, bool)]


class ThumbnailCache(QObject):
    """Figure thumbnails, drawn a few at a time when the event loop is idle (never during start-up)."""

    icon_ready = Signal(str)  # exercise id

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._icons: dict[str, QIcon] = {}
        self._waiting: dict[str, Exercise] = {}
        self._timer = QTimer(self, interval=15)  # after the first paint, not in the way of start-up
        self._timer.timeout.connect(self._draw_some)

    def icon(self, exercise: Exercise) -> QIcon | None:
        icon = self._icons.get(exercise.id)
        if icon is None and exercise.id not in self._waiting:
            self._waiting[exercise.id] = exercise
            self._timer.start()
        return icon

    def draw_now(self, exercise: Exercise) -> QIcon:
        from PySide6.QtGui import QIcon

        from hep_builder.ui.figure_painter import exercise_pixmap

        icon = self._icons.get(exercise.id)
        if icon is None:
            pixmap = exercise_pixmap(exercise, THUMBNAIL.width() * 2, THUMBNAIL.height() * 2, labels=False)
            icon = self._icons[exercise.id] = QIcon(pixmap)
        return icon

    def _draw_some(self) -> None:
        for _ in range(min(6, len(self._waiting))):
            exercise_id, exercise = next(iter(self._waiting.items()))
            del self._waiting[exercise_id]
            self.draw_now(exercise)
            self.icon_ready.emit(exercise_id)
        if not self._waiting:
            self._timer.stop()


def phase_badges(exercise: Exercise) -> str:
    return " ".join(f"P{p}" for p in exercise.phases)


class LibraryModel(QAbstractListModel):
    def __init__(self, library: Library, thumbnails: ThumbnailCache | None = None, parent=None) -> None:
        super().__init__(parent)
        self.library = library
        self.exercises = in_category_order(library)
        self.thumbnails = thumbnails or ThumbnailCache(self)
        self._rows = {exercise.id: row for row, exercise in enumerate(self.exercises)}
        self.thumbnails.icon_ready.connect(self._on_icon_ready)

    def _on_icon_ready(self, exercise_id: str) -> None:
        row = self._rows.get(exercise_id)
        if row is not None:
            index = self.index(row, 0)
            self.dataChanged.emit(index, index, [Qt.ItemDataRole.DecorationRole])

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self.exercises)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.exercises):
            return None
        exercise = self.exercises[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{exercise.name}\n{CATEGORY_LABELS[exercise.category]} · {phase_badges(exercise)}"
        if role == Qt.ItemDataRole.ToolTipRole:  # the whole name too: a narrow list cuts it short
            names = (f"\n{language_label(code)}: {text['name']}" for code, text in exercise.translations.items()
                     if text.get("name"))  # fmt: skip
            return f"{exercise.name}: {exercise.summary}" + "".join(names)
        if role == Qt.ItemDataRole.DecorationRole:
            return self.thumbnails.icon(exercise)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{exercise.name}, {exercise.category}, phases {', '.join(map(str, exercise.phases))}"
        if role == EXERCISE_ROLE:
            return exercise
        if role == ID_ROLE:
            return exercise.id
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = super().flags(index)
        return base | Qt.ItemFlag.ItemIsDragEnabled if index.isValid() else base

    def mimeTypes(self) -> list[str]:
        return [EXERCISE_IDS_MIME]

    def mimeData(self, indexes: list[QModelIndex]) -> QMimeData:
        mime = QMimeData()
        ids = [self.exercises[i.row()].id for i in sorted(indexes, key=lambda i: i.row()) if i.isValid()]
        mime.setData(EXERCISE_IDS_MIME, _encode(ids))
        mime.setText("\n".join(self.library[i].name for i in ids))
        return mime

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.CopyAction


class LibraryFilterProxy(QSortFilterProxyModel):
    """Filters with the same rules as the command line (core.search)."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._filter = ExerciseFilter()
        self._words: tuple[str, ...] = ()

    @property
    def exercise_filter(self) -> ExerciseFilter:
        return self._filter

    def set_filter(self, flt: ExerciseFilter) -> None:
        if flt == self._filter:
            return
        self.beginFilterChange()
        self._filter = flt
        self._words = flt.words
        self.endFilterChange()

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        model = self.sourceModel()
        exercise = model.exercises[source_row]  # type: ignore[attr-defined]
        return self._filter.matches(exercise, self._words)


class PlanModel(QAbstractListModel):
    """The plan's items, in order. Accepts exercise drops (add) and its own row drops (move)."""

    def __init__(self, document: PlanDocument, thumbnails: ThumbnailCache | None = None, parent=None) -> None:
        super().__init__(parent)
        self.document = document
        self.thumbnails = thumbnails or ThumbnailCache(self)
        self._items = document.plan.items
        self._resolved = document.plan.resolve(document.library, "en")  # the therapist works in English
        self._language = document.plan.language
        self._untranslated = self._missing_translations()
        document.items_changed.connect(self._on_items_changed)
        document.plan_changed.connect(self._on_plan_changed)
        self.thumbnails.icon_ready.connect(self._on_icon_ready)
        watch_precautions(self, document)

    def _on_icon_ready(self, exercise_id: str) -> None:
        for row, item in enumerate(self._items):
            if item.exercise_id == exercise_id:
                index = self.index(row, 0)
                self.dataChanged.emit(index, index, [Qt.ItemDataRole.DecorationRole])

    def _on_items_changed(self) -> None:
        self.beginResetModel()
        self._items = self.document.plan.items
        # Resolved once per change, not for every cell the view paints.
        self._resolved = self.document.plan.resolve(self.document.library, "en")
        self._untranslated = self._missing_translations()
        self.endResetModel()

    def _missing_translations(self) -> dict[int, MissingTranslation]:
        plan, library = self.document.plan, self.document.library
        # The names the handout prints (an old snapshot takes the library's translation, as the handout does).
        self._handout_names = [r.exercise.name for r in plan.resolve(library)] if plan.language != "en" else []
        return {m.row: m for m in missing_translations(plan, library)}

    def _on_plan_changed(self) -> None:
        """A new handout language changes which rows carry the "English only" mark."""
        if self.document.plan.language == self._language:
            return
        self._language = self.document.plan.language
        self._untranslated = self._missing_translations()
        if self._items:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._items) - 1, 0))

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._items)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._items):
            return None
        row = index.row()
        resolved = self._resolved[row]
        warning = conflict_note(self.document.plan, row, self.document.library)  # hip precautions it breaks
        if role == Qt.ItemDataRole.DisplayRole:
            changed = " ✎" if resolved.item.overrides else ""
            missing = "  (not in this library)" if resolved.missing else ""
            if row in self._untranslated:
                missing += f"  ⚠ no {language_label(self._language)}"
            mark = "⚠ " if warning else ""
            return f"{mark}{row + 1}. {resolved.exercise.name}{missing}\n{dose_sentence(resolved.dosage)}{changed}"
        if role in (Qt.ItemDataRole.AccessibleTextRole, Qt.ItemDataRole.ToolTipRole):  # the whole dose, never cut
            text = f"Exercise {row + 1}: {resolved.exercise.name}, {dose_sentence(resolved.dosage)}"
            text += self._language_note(row)
            return f"{text}\n{warning}" if warning else text
        if role == Qt.ItemDataRole.DecorationRole:
            return self.thumbnails.icon(resolved.exercise)
        if role == EXERCISE_ROLE:
            return resolved.exercise
        if role == ID_ROLE:
            return self._items[row].exercise_id
        return None

    def _language_note(self, row: int) -> str:
        """The handout's name of the exercise, or why it prints in English."""
        if self._language == "en":
            return ""
        language = language_label(self._language)
        if row in self._untranslated:
            return f'\n⚠ No {language} text: it prints in English, marked "texto en inglés".'
        name = self._handout_names[row] if row < len(self._handout_names) else ""
        return f"\n{language}: {name}" if name else ""

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = super().flags(index)
        if index.isValid():
            return base | Qt.ItemFlag.ItemIsDragEnabled
        return base | Qt.ItemFlag.ItemIsDropEnabled

    def mimeTypes(self) -> list[str]:
        return [PLAN_ROWS_MIME, EXERCISE_IDS_MIME]

    def mimeData(self, indexes: list[QModelIndex]) -> QMimeData:
        mime = QMimeData()
        rows = sorted({i.row() for i in indexes if i.isValid()})
        mime.setData(PLAN_ROWS_MIME, _encode(rows))
        mime.setData(EXERCISE_IDS_MIME, _encode([self._items[r].exercise_id for r in rows]))
        return mime

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.CopyAction | Qt.DropAction.MoveAction

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def canDropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: Index) -> bool:
        if self.document.read_only:
            return False
        return bool(decode_list(data, PLAN_ROWS_MIME, int) or decode_list(data, EXERCISE_IDS_MIME, str))

    def dropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: Index) -> bool:
        if action == Qt.DropAction.IgnoreAction:
            return True
        if not self.canDropMimeData(data, action, row, column, parent):
            return False
        if row < 0:
            row = parent.row() if parent.isValid() else len(self._items)
        rows = decode_list(data, PLAN_ROWS_MIME, int)
        if rows and action == Qt.DropAction.MoveAction:
            self.document.move_rows(rows, row)
        else:
            self.document.add_exercises(decode_list(data, EXERCISE_IDS_MIME, str), row)
        # The document already made the change; tell the view not to remove the dragged rows itself.
        return False
