"""Qt models over the library and the plan; drag and drop lives here (ui layer).

Drags carry exercise ids (and, inside the plan, the items' stable keys) as JSON under vendor MIME types -
never pickles. The plan model changes nothing itself: drops become edits on the PlanDocument (undo commands),
and each change of the plan reaches the views as row-level inserts, removes, moves and dataChanged (a diff of
the old and new items by key), so selection and the current row stay on their items.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
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
from hep_builder.core.plan import PlanItem, ResolvedItem
from hep_builder.core.search import ExerciseFilter, in_category_order
from hep_builder.core.translations import MissingTranslation, missing_translations
from hep_builder.ui.document import PlanDocument
from hep_builder.ui.precautions_control import WARNING, conflict_note, library_note, watch_precautions

if TYPE_CHECKING:
    from PySide6.QtGui import QIcon  # loads with the first thumbnail: its type (and big enums) cost start-up time

EXERCISE_IDS_MIME = "application/x-hep-builder-exercise-ids"
PLAN_ITEMS_MIME = "application/x-hep-builder-plan-items"  # item keys, not row numbers
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
        self.in_plan: frozenset[str] = frozenset()  # exercise ids the open plan has: their rows say so
        self.precautions: tuple[str, ...] = ()  # the open plan's hip precautions: rows that break them say so
        self.thumbnails.icon_ready.connect(self._on_icon_ready)

    def set_precautions(self, precautions: tuple[str, ...]) -> None:
        if precautions != self.precautions:
            self.precautions = precautions
            if self.exercises:
                self.dataChanged.emit(self.index(0, 0), self.index(len(self.exercises) - 1, 0))

    def set_in_plan(self, exercise_ids: frozenset[str]) -> None:
        changed = self.in_plan ^ exercise_ids
        self.in_plan = exercise_ids
        for exercise_id in changed:
            row = self._rows.get(exercise_id)
            if row is not None:
                index = self.index(row, 0)
                self.dataChanged.emit(index, index)

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
        in_plan = exercise.id in self.in_plan
        warning = library_note(self.precautions, exercise) if self.precautions else ""
        if role == Qt.ItemDataRole.DisplayRole:
            mark = ("✓ in plan · " if in_plan else "") + (f"{WARNING} hip rules · " if warning else "")
            return f"{exercise.name}\n{mark}{CATEGORY_LABELS[exercise.category]} · {phase_badges(exercise)}"
        if role == Qt.ItemDataRole.ToolTipRole:  # the whole name too: a narrow list cuts it short
            names = (f"\n{language_label(code)}: {text['name']}" for code, text in exercise.translations.items()
                     if text.get("name"))  # fmt: skip
            where = " (already in the plan)" if in_plan else ""
            return f"{exercise.name}: {exercise.summary}{where}" + "".join(names) + (f"\n{warning}" if warning else "")
        if role == Qt.ItemDataRole.DecorationRole:
            return self.thumbnails.icon(exercise)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            where = ", already in the plan" if in_plan else ""
            breaks = ", breaks the plan's hip precautions" if warning else ""
            phases = ", ".join(map(str, exercise.phases))
            return f"{exercise.name}, {exercise.category}, phases {phases}{where}{breaks}"
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

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
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
        self._accepted: set[int] | None = None  # source rows shown; None: all

    @property
    def exercise_filter(self) -> ExerciseFilter:
        return self._filter

    def set_filter(self, flt: ExerciseFilter) -> None:
        if flt == self._filter:
            return
        self.beginFilterChange()
        self._filter = flt
        # Matched once per change in one pass (which words may be typos depends on the whole library);
        # the proxy's per-row call then only looks the row up.
        exercises = self.sourceModel().exercises if self.sourceModel() is not None else []  # type: ignore[attr-defined]
        query = flt.prepare(exercises)
        self._accepted = {row for row, exercise in enumerate(exercises) if flt.matches(exercise, query)}
        self.endFilterChange()

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        return self._accepted is None or source_row in self._accepted


def _longest_ordered(values: list[int]) -> set[int]:
    """The values of a longest increasing subsequence (plans are short: the simple quadratic way)."""
    best: list[list[int]] = []
    for n, value in enumerate(values):
        longest = max((best[m] for m in range(n) if values[m] < value), key=len, default=[])
        best.append([*longest, value])
    longest = max(best, key=len, default=[])  # on its own line: set()'s context would mislead the checker
    return set(longest)


class PlanModel(QAbstractListModel):
    """The plan's items, in order. Accepts exercise drops (add) and its own row drops (move)."""

    def __init__(self, document: PlanDocument, thumbnails: ThumbnailCache | None = None, parent=None) -> None:
        super().__init__(parent)
        self.document = document
        self.thumbnails = thumbnails or ThumbnailCache(self)
        # Asked before exercises dropped from the library are added: which of them to add (the window asks
        # about ones already in the plan). Duplicate (for the other side) does not come this way.
        self.confirm_add: Callable[[list[str]], list[str]] = lambda exercise_ids: exercise_ids
        self._items = document.plan.items
        self._resolved = document.plan.resolve(document.library, "en")  # the therapist works in English
        # The number each row shows ("3. Clamshells") travels with its row through an insert, remove or move,
        # and is renumbered in one dataChanged at the end: views (and the model tester) see a consistent model.
        self._numbers = list(range(1, len(self._items) + 1))
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
        new_items = self.document.plan.items
        # Resolved once per change, not for every cell the view paints.
        new_resolved = self.document.plan.resolve(self.document.library, "en")
        self._untranslated = self._missing_translations()  # by item key: right at every step below
        old_keys = [item.key for item in self._items]
        new_keys = [item.key for item in new_items]
        if len(set(old_keys)) != len(old_keys) or len(set(new_keys)) != len(new_keys):
            self.beginResetModel()  # keys must be unique to follow rows; a reset is always right
            self._items, self._resolved = new_items, new_resolved
            self._numbers = list(range(1, len(new_items) + 1))
            self.endResetModel()
            return
        self._apply_diff(new_items, new_resolved)

    def _apply_diff(self, new_items: tuple[PlanItem, ...], new_resolved: list[ResolvedItem]) -> None:
        """Turn the current rows into the new ones step by step, telling the views each step."""
        items, resolved, numbers = list(self._items), list(self._resolved), list(self._numbers)
        wanted = {item.key for item in new_items}
        row = len(items) - 1
        while row >= 0:  # removals, bottom up, a run of rows at a time
            if items[row].key in wanted:
                row -= 1
                continue
            last = row
            while row > 0 and items[row - 1].key not in wanted:
                row -= 1
            self.beginRemoveRows(QModelIndex(), row, last)
            del items[row : last + 1], resolved[row : last + 1], numbers[row : last + 1]
            self._items, self._resolved, self._numbers = tuple(items), resolved, numbers
            self.endRemoveRows()
            row -= 1
        # Moves: the fewest items that must move are those off the longest run already in order.
        present = {item.key: n for n, item in enumerate(items)}
        kept = [item.key for item in new_items if item.key in present]
        staying = _longest_ordered([present[key] for key in kept])
        for n, key in enumerate(kept):
            if present[key] in staying:
                continue
            at = next(i for i, item in enumerate(items) if item.key == key)
            before = 0 if n == 0 else next(i for i, item in enumerate(items) if item.key == kept[n - 1]) + 1
            if before in (at, at + 1):
                continue
            self.beginMoveRows(QModelIndex(), at, at, QModelIndex(), before)
            items.insert(before - (1 if before > at else 0), items.pop(at))
            resolved.insert(before - (1 if before > at else 0), resolved.pop(at))
            numbers.insert(before - (1 if before > at else 0), numbers.pop(at))
            self._items, self._resolved, self._numbers = tuple(items), resolved, numbers
            self.endMoveRows()
        row = 0
        while row < len(new_items):  # the kept items are in order now: insert the new ones between them
            if row < len(items) and items[row].key == new_items[row].key:
                row += 1
                continue
            have = {item.key for item in items}
            last = row  # a run of new items goes in at once
            while last + 1 < len(new_items) and new_items[last + 1].key not in have:
                last += 1
            self.beginInsertRows(QModelIndex(), row, last)
            items[row:row] = new_items[row : last + 1]
            resolved[row:row] = new_resolved[row : last + 1]
            numbers[row:row] = range(row + 1, last + 2)
            self._items, self._resolved, self._numbers = tuple(items), resolved, numbers
            self.endInsertRows()
            row = last + 1
        # Same rows, same order now: what changed inside a row (dose, note, exercise, or its number).
        self._items, self._resolved, self._numbers = new_items, new_resolved, list(range(1, len(new_items) + 1))
        changed = [n for n, (old, new) in enumerate(zip(resolved, new_resolved, strict=True)) if old != new]
        changed += [n for n, number in enumerate(numbers) if number != n + 1]
        if changed:
            self.dataChanged.emit(self.index(min(changed), 0), self.index(max(changed), 0))

    def _warning(self, row: int) -> str:
        """The precautions note of the item shown at ``row`` (found by key: while the rows change one step at a
        time, the row and the document's row of an item may differ)."""
        plan, key = self.document.plan, self._items[row].key
        at = next((n for n, item in enumerate(plan.items) if item.key == key), None)
        return conflict_note(plan, at, self.document.library) if at is not None else ""

    def _missing_translations(self) -> dict[str, MissingTranslation]:
        """The items (by key) with no text in the handout's language."""
        plan, library = self.document.plan, self.document.library
        keys = [item.key for item in plan.items]
        # The names the handout prints (an old snapshot takes the library's translation, as the handout does).
        names = [r.exercise.name for r in plan.resolve(library)] if plan.language != "en" else []
        self._handout_names = dict(zip(keys, names, strict=False))
        return {keys[m.row]: m for m in missing_translations(plan, library)}

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
        warning = self._warning(row)  # hip precautions it breaks
        if role == Qt.ItemDataRole.DisplayRole:
            changed = " ✎" if resolved.item.overrides else ""
            missing = "  (not in this library)" if resolved.missing else ""
            if self._items[row].key in self._untranslated:
                missing += f"  ⚠ no {language_label(self._language)}"
            mark = "⚠ " if warning else ""
            number = self._numbers[row]
            return f"{mark}{number}. {resolved.exercise.name}{missing}\n{dose_sentence(resolved.dosage)}{changed}"
        if role in (Qt.ItemDataRole.AccessibleTextRole, Qt.ItemDataRole.ToolTipRole):  # the whole dose, never cut
            text = f"Exercise {self._numbers[row]}: {resolved.exercise.name}, {dose_sentence(resolved.dosage)}"
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
        key = self._items[row].key
        if key in self._untranslated:
            return f'\n⚠ No {language} text: it prints in English, marked "texto en inglés".'
        name = self._handout_names.get(key, "")
        return f"\n{language}: {name}" if name else ""

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = super().flags(index)
        if index.isValid():
            return base | Qt.ItemFlag.ItemIsDragEnabled
        return base | Qt.ItemFlag.ItemIsDropEnabled

    def mimeTypes(self) -> list[str]:
        return [PLAN_ITEMS_MIME, EXERCISE_IDS_MIME]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
        mime = QMimeData()
        rows = sorted({i.row() for i in indexes if i.isValid()})
        # Keys, not row numbers: the rows may have moved by the time the drop lands.
        mime.setData(PLAN_ITEMS_MIME, _encode([self._items[r].key for r in rows]))
        mime.setData(EXERCISE_IDS_MIME, _encode([self._items[r].exercise_id for r in rows]))
        return mime

    def rows_of_keys(self, keys: list[str]) -> list[int]:
        wanted = set(keys)
        return [row for row, item in enumerate(self._items) if item.key in wanted]

    def key(self, row: int) -> str | None:
        return self._items[row].key if 0 <= row < len(self._items) else None

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.CopyAction | Qt.DropAction.MoveAction

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def canDropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: Index) -> bool:
        if self.document.read_only:
            return False
        return bool(decode_list(data, PLAN_ITEMS_MIME, str) or decode_list(data, EXERCISE_IDS_MIME, str))

    def dropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: Index) -> bool:
        if action == Qt.DropAction.IgnoreAction:
            return True
        if not self.canDropMimeData(data, action, row, column, parent):
            return False
        if row < 0:
            row = parent.row() if parent.isValid() else len(self._items)
        rows = self.rows_of_keys(decode_list(data, PLAN_ITEMS_MIME, str))
        if rows and action == Qt.DropAction.MoveAction:
            self.document.move_rows(rows, row)
            return True
        if decode_list(data, PLAN_ITEMS_MIME, str) and action == Qt.DropAction.MoveAction:
            return False  # a move of items that are no longer in this plan (another window's, or undone)
        before = len(self.document.plan.items)
        exercise_ids = self.confirm_add(decode_list(data, EXERCISE_IDS_MIME, str))
        self.document.add_exercises(exercise_ids, row)
        # Accepted means accepted. The view cannot remove the dragged rows after a move: removeRows is
        # not ours to give (every change is an undo command), so the default refuses.
        return len(self.document.plan.items) > before
