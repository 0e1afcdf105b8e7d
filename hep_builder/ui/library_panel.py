"""The library browser: search as you type, filters, thumbnails, and a details pane (ui layer)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QSize, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from hep_builder.core.dose_text import dose_sentence
from hep_builder.core.exercise import CATEGORIES, CATEGORY_LABELS, PHASE_LABELS, POSITIONS, Exercise
from hep_builder.core.library import Library
from hep_builder.core.search import ExerciseFilter, equipment_values
from hep_builder.ui.delegates import fit_rows_to_width
from hep_builder.ui.models import (
    EXERCISE_ROLE,
    ID_ROLE,
    THUMBNAIL,
    LibraryFilterProxy,
    LibraryModel,
    ThumbnailCache,
)
from hep_builder.ui.text import html_escape


class LibraryView(QListView):
    """Enter (or Return) adds the selected exercises, as a double-click does."""

    add_requested = Signal(list)

    def keyPressEvent(self, event) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            ids = [i.data(ID_ROLE) for i in self.selectionModel().selectedRows()]
            if ids:
                self.add_requested.emit(ids)
                return
        super().keyPressEvent(event)


class SearchBox(QLineEdit):
    """The search box leads to the list: Down goes there, Enter chooses (see LibraryPanel._on_search_enter)."""

    enter_pressed = Signal()
    down_pressed = Signal()

    def keyPressEvent(self, event) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.enter_pressed.emit()
            return
        if event.key() == Qt.Key.Key_Down:
            self.down_pressed.emit()
            return
        super().keyPressEvent(event)


class LibraryPanel(QWidget):
    add_requested = Signal(list)  # exercise ids

    def __init__(self, library: Library, thumbnails: ThumbnailCache, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.library = library
        self.model = LibraryModel(library, thumbnails, self)
        self.proxy = LibraryFilterProxy(self)
        self.proxy.setSourceModel(self.model)

        self.search = SearchBox(placeholderText="Search exercises (name, muscle, problem)…")
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName("Search exercises")
        self.category = self._combo("Category", [(None, "All categories")] +
                                    [(c, CATEGORY_LABELS[c]) for c in CATEGORIES])  # fmt: skip
        self.phase = self._combo("Phase", [(None, "All phases")] + [(p, f"Phase {p}") for p in (1, 2, 3)])
        self.position = self._combo(
            "Position", [(None, "Any position")] + [(p, p.replace("-", " ")) for p in POSITIONS]
        )
        self.equipment = self._combo(
            "Equipment", [(None, "Any equipment"), ("none", "No equipment")] +
            [(e, e.replace("-", " ")) for e in equipment_values(library)]
        )  # fmt: skip

        self.view = LibraryView()
        self.view.setModel(self.proxy)
        fit_rows_to_width(self.view)
        self.view.setAccessibleName("Exercise library")
        self.view.setIconSize(THUMBNAIL)
        self.view.setUniformItemSizes(True)
        self.view.setSpacing(2)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.setDragEnabled(True)
        self.view.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        self.view.doubleClicked.connect(lambda index: self.add_requested.emit([index.data(ID_ROLE)]))
        self.view.add_requested.connect(self.add_requested)

        self.add_button = QPushButton("Add to plan →")
        self.add_button.setAccessibleName("Add the selected exercises to the plan")
        self.add_button.clicked.connect(self._add_selected)
        self.count = QLabel()
        # An empty result says so, and offers the way back (a forgotten phase filter is the usual cause).
        self.no_match = QLabel()
        self.no_match.setWordWrap(True)
        self.no_match.setStyleSheet("background: #fff4d6; color: #5a3d00; padding: 4px; border-radius: 3px;")
        self.no_match.setAccessibleName("No exercise matches")
        self.clear_button = QPushButton("Clear the search and filters")
        self.clear_button.clicked.connect(self.clear_filters)
        self.no_match.hide()
        self.clear_button.hide()

        self.details = QTextBrowser()
        self.details.setAccessibleName("Exercise details")
        self.details.setOpenLinks(False)
        self.details_picture = QLabel(alignment=Qt.AlignmentFlag.AlignCenter)
        self.details_picture.setMinimumHeight(120)

        filters = QGridLayout()
        filters.addWidget(self.category, 0, 0)
        filters.addWidget(self.phase, 0, 1)
        filters.addWidget(self.position, 1, 0)
        filters.addWidget(self.equipment, 1, 1)
        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(QLabel("<b>Exercise library</b>"))
        top_layout.addWidget(self.search)
        top_layout.addLayout(filters)
        top_layout.addWidget(self.view, 1)
        top_layout.addWidget(self.no_match)
        top_layout.addWidget(self.clear_button)
        top_layout.addWidget(self.count)
        top_layout.addWidget(self.add_button)
        bottom = QWidget()
        bottom_layout = QVBoxLayout(bottom)
        bottom_layout.setContentsMargins(0, 0, 0, 0)
        bottom_layout.addWidget(self.details_picture)
        bottom_layout.addWidget(self.details, 1)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(top)
        self.splitter.addWidget(bottom)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.splitter)

        # Search waits for a short pause in typing; filters apply at once.
        self._search_timer = QTimer(self, singleShot=True, interval=120)
        self._search_timer.timeout.connect(self.apply_filter)
        self.search.textChanged.connect(self._search_timer.start)
        self.search.enter_pressed.connect(self._on_search_enter)
        self.search.down_pressed.connect(self.focus_results)
        for combo in (self.category, self.phase, self.position, self.equipment):
            combo.currentIndexChanged.connect(self.apply_filter)
        self.view.selectionModel().currentChanged.connect(self._on_current_changed)
        self.setTabOrder(self.search, self.category)
        self.setTabOrder(self.category, self.phase)
        self.setTabOrder(self.phase, self.position)
        self.setTabOrder(self.position, self.equipment)
        self.setTabOrder(self.equipment, self.view)
        self.setTabOrder(self.view, self.add_button)
        self.apply_filter()
        self.show_details(None)

    def _combo(self, name: str, entries: Sequence[tuple[object, str]]) -> QComboBox:
        combo = QComboBox()
        combo.setAccessibleName(f"{name} filter")
        for value, label in entries:
            combo.addItem(label, value)
        return combo

    def current_filter(self) -> ExerciseFilter:
        return ExerciseFilter(
            text=self.search.text(),
            category=self.category.currentData(),
            phase=self.phase.currentData(),
            position=self.position.currentData(),
            equipment=self.equipment.currentData(),
        )

    def apply_filter(self) -> None:
        self._search_timer.stop()
        flt = self.current_filter()
        self.proxy.set_filter(flt)
        shown = self.proxy.rowCount()
        self.count.setText(f"{shown} of {len(self.library)} exercises")
        self._show_no_match(flt, shown)

    def _show_no_match(self, flt: ExerciseFilter, shown: int) -> None:
        empty = shown == 0 and bool(self.library)
        if empty:
            words = f"“{flt.text.strip()}”" if flt.text.strip() else "these filters"
            where = " with these filters" if flt.text.strip() and flt.has_filters else ""
            self.no_match.setText(f"No exercise matches {words}{where}. Try other words, such as a body part "
                                  "or a problem (“groin”, “stairs”), or clear the filters.")  # fmt: skip
        self.no_match.setVisible(empty)
        self.clear_button.setVisible(empty)

    def clear_filters(self) -> None:
        """Everything shown again, and the search box ready for new words."""
        for combo in (self.category, self.phase, self.position, self.equipment):
            combo.blockSignals(True)
            combo.setCurrentIndex(0)
            combo.blockSignals(False)
        self.search.clear()
        self.apply_filter()
        self.search.setFocus()

    def focus_results(self) -> None:
        """Into the list, on its first exercise (typing on in the search box starts a new search)."""
        self.apply_filter()  # the search may still be waiting for a pause in typing
        if self.proxy.rowCount():
            first = self.proxy.index(0, 0)
            self.view.setCurrentIndex(first)
            self.view.selectionModel().select(first, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        self.view.setFocus()

    def _on_search_enter(self) -> None:
        """Enter in the search box: one match is added at once; several, and the list takes over (Enter adds)."""
        self.apply_filter()
        if self.proxy.rowCount() == 1:
            self.add_requested.emit([self.proxy.index(0, 0).data(ID_ROLE)])
            self.search.selectAll()  # the next search simply replaces this one
        else:
            self.focus_results()

    def _add_selected(self) -> None:
        ids = [i.data(ID_ROLE) for i in self.view.selectionModel().selectedRows()]
        if not ids and self.view.currentIndex().isValid():
            ids = [self.view.currentIndex().data(ID_ROLE)]
        if ids:
            self.add_requested.emit(ids)

    def _on_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        exercise = current.data(EXERCISE_ROLE) if current.isValid() else None
        self.show_details(exercise)

    def show_details(self, exercise: Exercise | None) -> None:
        if exercise is None:
            self.details_picture.clear()
            self.details.setHtml(
                "<p style='color:#555'>Select an exercise to see its picture, its steps and its default dose. "
                "Double-click it, press Enter or drag it to add it to the plan.</p>"
            )
            return
        from hep_builder.ui.figure_painter import exercise_pixmap

        self.details_picture.setPixmap(exercise_pixmap(exercise, 360, 180))
        steps = "".join(f"<li>{html_escape(s)}</li>" for s in exercise.instructions)
        extra = "".join(f"<p><b>Tip:</b> {html_escape(t)}</p>" for t in exercise.tips)
        extra += "".join(f"<p><b>Take care:</b> {html_escape(c)}</p>" for c in exercise.cautions)
        phases = ", ".join(PHASE_LABELS[p] for p in exercise.phases)
        self.details.setHtml(
            f"<h3>{html_escape(exercise.name)}</h3><p>{html_escape(exercise.summary)}</p>"
            f"<p><b>Default dose:</b> {html_escape(dose_sentence(exercise.dosage))}</p><ol>{steps}</ol>{extra}"
            f"<p style='color:#555'>{html_escape(CATEGORY_LABELS[exercise.category])} · {html_escape(phases)}</p>"
        )

    def sizeHint(self) -> QSize:
        return QSize(360, 600)
