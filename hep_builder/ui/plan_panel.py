"""The plan editor: patient header, the ordered exercises, and the dose of the selected one (ui layer)."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from hep_builder.core.clinic import ClinicProfile
from hep_builder.core.i18n import catalog_languages, language_self_name
from hep_builder.core.plan import LAYOUTS
from hep_builder.core.templates import next_step
from hep_builder.ui.dates import chosen_date, date_box, show_date
from hep_builder.ui.delegates import fit_rows_to_width
from hep_builder.ui.dialogs import PopupMenu
from hep_builder.ui.document import PlanDocument
from hep_builder.ui.dosage_editor import DosageEditor
from hep_builder.ui.models import THUMBNAIL, PlanModel, ThumbnailCache
from hep_builder.ui.precautions_control import PrecautionsButton, add_keep_action

MANY_EXERCISES = 5
LAYOUT_LABELS = {"standard": "Standard", "compact": "Compact (fridge sheet)", "large-print": "Large print"}


class PlanView(QListView):
    """Delete removes; Ctrl+Up / Ctrl+Down move the selected exercise."""

    remove_requested = Signal()
    move_requested = Signal(int)  # -1 up, +1 down

    def keyPressEvent(self, event) -> None:
        ctrl = event.modifiers() & Qt.KeyboardModifier.ControlModifier
        if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self.remove_requested.emit()
            return
        if ctrl and event.key() in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            self.move_requested.emit(-1 if event.key() == Qt.Key.Key_Up else 1)
            return
        super().keyPressEvent(event)


class PlanHeader(QWidget):
    """Patient and plan fields. Edits go to the document as undoable, merged commands."""

    def __init__(self, document: PlanDocument, profile: ClinicProfile, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.patient = QLineEdit(placeholderText="Required before printing")
        self.patient.setAccessibleName("Patient name")
        self.identifier = QLineEdit(placeholderText="Chart number (optional)")
        self.identifier.setAccessibleName("Patient identifier")
        self.therapist = QLineEdit()
        self.therapist.setAccessibleName("Therapist")
        self.location = QComboBox()
        self.location.setAccessibleName("Clinic location")
        self.set_locations(profile, refresh=False)
        self.phase = QComboBox()
        self.phase.setAccessibleName("Phase")
        self.phase.addItem("–", None)
        for phase in (1, 2, 3):
            self.phase.addItem(f"Phase {phase}", phase)
        self.focus = QLineEdit(placeholderText="e.g. Right hip pain (printed for the patient)")
        self.focus.setAccessibleName("Focus")
        self.goals = QPlainTextEdit(placeholderText="One goal per line")
        self.goals.setAccessibleName("Goals")
        self.notes = QPlainTextEdit(placeholderText="Notes printed for the patient")
        self.notes.setAccessibleName("Notes for the patient")
        self.has_follow_up = QCheckBox("Next visit")
        self.follow_up = date_box("Next visit date", "d MMM yyyy")  # no weekday: the header fits a 1024-wide screen
        self.layout_box = QComboBox()
        self.layout_box.setAccessibleName("Handout layout")
        for key in LAYOUTS:
            self.layout_box.addItem(LAYOUT_LABELS[key], key)
        # The handout's language, next to its layout; the window itself stays in English.
        self.language = QComboBox()
        self.language.setAccessibleName("Handout language")
        self.language.setToolTip("The language the handout is printed in")
        for code in catalog_languages():
            self.language.addItem(language_self_name(code), code)
        self.paper = QComboBox()
        self.paper.setAccessibleName("Paper size")
        self.paper.addItem("Clinic default", "")
        self.paper.addItem("Letter", "letter")
        self.paper.addItem("A4", "a4")

        self.precautions = PrecautionsButton(document)  # hip precautions, next to the phase
        phase_row = QHBoxLayout()
        phase_row.setContentsMargins(0, 0, 0, 0)
        phase_row.addWidget(self.phase)
        phase_row.addWidget(self.precautions, 1)
        # Long choices ("Edina clinic (952.922.0330)") end in "…" rather than widen the window past a small screen.
        for combo in (self.location, self.layout_box, self.paper):
            combo.setMinimumWidth(110)
        # Three lines of text show in Goals and Notes (one goal a line), whatever the font size.
        # (4 is the text's default document margin: asking the document for it loads QTextDocument's types at
        # start-up.)
        for box in (self.goals, self.notes):
            box.setFixedHeight(box.fontMetrics().lineSpacing() * 3 + 2 * 4 + 2 * box.frameWidth())
        follow = QHBoxLayout()
        follow.setContentsMargins(0, 0, 0, 0)
        follow.addWidget(self.has_follow_up)
        follow.addWidget(self.follow_up, 1)
        handout = QHBoxLayout()
        handout.setContentsMargins(0, 0, 0, 0)
        handout.addWidget(self.layout_box, 1)
        handout.addWidget(self.language)
        # Two columns of label + field, so the plan list below keeps most of the height.
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setVerticalSpacing(4)
        rows: list[tuple[tuple[str, QWidget | QHBoxLayout], ...]] = [
            (("Patient", self.patient), ("Chart no.", self.identifier)),
            (("Therapist", self.therapist), ("Location", self.location)),
            (("Phase", phase_row), ("", follow)),
            (("Focus", self.focus),),
            (("Goals", self.goals), ("Notes", self.notes)),
            (("Layout", handout), ("Paper", self.paper)),
        ]
        for row, pairs in enumerate(rows):
            for column, (label, field) in enumerate(pairs):
                grid.addWidget(QLabel(label), row, column * 2)
                span = 3 if len(pairs) == 1 else 1
                if isinstance(field, QHBoxLayout):
                    grid.addLayout(field, row, column * 2 + 1, 1, span)
                else:
                    grid.addWidget(field, row, column * 2 + 1, 1, span)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)

        self.patient.textEdited.connect(lambda t: document.set_header(patient_name=t))
        self.identifier.textEdited.connect(lambda t: document.set_header(identifier=t))
        self.therapist.textEdited.connect(lambda t: document.set_header(therapist=t))
        self.focus.textEdited.connect(lambda t: document.set_header(focus=t))
        self.goals.textChanged.connect(self._on_goals)
        self.notes.textChanged.connect(lambda: document.set_header(notes=self.notes.toPlainText()))
        self.location.currentIndexChanged.connect(lambda _i: document.set_header(location=self.location.currentData()))
        self.phase.currentIndexChanged.connect(lambda _i: document.set_header(phase=self.phase.currentData()))
        self.layout_box.currentIndexChanged.connect(
            lambda _i: document.set_header(layout=self.layout_box.currentData())
        )
        self.language.currentIndexChanged.connect(lambda _i: document.set_header(language=self.language.currentData()))
        self.paper.currentIndexChanged.connect(lambda _i: document.set_header(paper=self.paper.currentData()))
        self.has_follow_up.toggled.connect(self._on_follow_up)
        self.follow_up.dateChanged.connect(self._on_follow_up)
        document.plan_changed.connect(self.refresh)
        self.refresh()

    def set_locations(self, profile: ClinicProfile, *, refresh: bool = True) -> None:
        self.location.blockSignals(True)
        self.location.clear()
        for location in profile.locations:
            self.location.addItem(f"{location.name} ({location.phone})", location.key)
        self.location.blockSignals(False)
        if refresh:
            self.refresh()

    def _on_goals(self) -> None:
        goals = tuple(line.strip() for line in self.goals.toPlainText().splitlines() if line.strip())
        self.document.set_header(goals=goals)

    def _on_follow_up(self, *_args) -> None:
        self.follow_up.setEnabled(self.has_follow_up.isChecked())
        self.document.set_header(follow_up=chosen_date(self.has_follow_up, self.follow_up))

    def refresh(self) -> None:
        plan = self.document.plan
        widgets = [self.patient, self.identifier, self.therapist, self.location, self.phase, self.focus,
                   self.goals, self.notes, self.has_follow_up, self.follow_up, self.layout_box, self.language,
                   self.paper]  # fmt: skip
        for widget in widgets:
            widget.blockSignals(True)
        try:
            for edit, value in ((self.patient, plan.patient.name), (self.identifier, plan.patient.identifier),
                                (self.therapist, plan.therapist), (self.focus, plan.focus)):  # fmt: skip
                if edit.text() != value:
                    edit.setText(value)
            goals = "\n".join(plan.goals)
            if "\n".join(g.strip() for g in self.goals.toPlainText().splitlines() if g.strip()) != goals:
                self.goals.setPlainText(goals)
            if self.notes.toPlainText() != plan.notes:
                self.notes.setPlainText(plan.notes)
            self.location.setCurrentIndex(max(0, self.location.findData(plan.location)))
            self.phase.setCurrentIndex(max(0, self.phase.findData(plan.phase)))
            self.layout_box.setCurrentIndex(max(0, self.layout_box.findData(plan.layout)))
            if self.language.findData(plan.language) < 0:  # a language from the file that we have no catalog for
                self.language.addItem(plan.language, plan.language)
            self.language.setCurrentIndex(self.language.findData(plan.language))
            self.paper.setCurrentIndex(max(0, self.paper.findData(plan.paper)))
            show_date(self.has_follow_up, self.follow_up, plan.follow_up)
        finally:
            for widget in widgets:
                widget.blockSignals(False)
        self.setEnabled(not self.document.read_only)


class PlanPanel(QWidget):
    def __init__(self, document: PlanDocument, profile: ClinicProfile, thumbnails: ThumbnailCache,
                 parent: QWidget | None = None) -> None:  # fmt: skip
        super().__init__(parent)
        self.document = document
        self.header = PlanHeader(document, profile)
        self.model = PlanModel(document, thumbnails, self)
        self.view = PlanView()
        self.view.setModel(self.model)
        fit_rows_to_width(self.view)
        self.view.setAccessibleName("Exercises in the plan")
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)  # right-click (or the Menu key)
        self.view.customContextMenuRequested.connect(self._show_item_menu)
        self.view.setIconSize(THUMBNAIL)
        self.view.setSpacing(2)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.view.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.view.setDropIndicatorShown(True)
        self.view.remove_requested.connect(self.remove_selected)
        self.view.move_requested.connect(self.move_selected)
        self.empty_hint = QLabel("Drag exercises here, double-click them, or select one and press Enter.")
        self.empty_hint.setWordWrap(True)
        self.empty_hint.setStyleSheet("color: #555")
        self.many_hint = QLabel("Tip: fewer exercises are done more faithfully (2 rather than 4 or more).")
        self.many_hint.setToolTip("Patients keep up about 86% of a 2-exercise program but only about half of one "
                                  "with 4 or more.")  # fmt: skip
        self.many_hint.setWordWrap(True)
        self.many_hint.setStyleSheet("background: #fff4d6; color: #5a3d00; padding: 4px; border-radius: 3px;")
        self.many_hint.setAccessibleName("Hint about the number of exercises")
        buttons = QHBoxLayout()
        self.up_button = QPushButton("▲ Up")
        self.down_button = QPushButton("▼ Down")
        self.duplicate_button = QPushButton("Duplicate")
        self.remove_button = QPushButton("Remove")
        for button, tip in ((self.up_button, "Move up (Ctrl+Up)"), (self.down_button, "Move down (Ctrl+Down)"),
                            (self.duplicate_button, "Duplicate, e.g. for the other side"),
                            (self.remove_button, "Remove from the plan (Delete)")):  # fmt: skip
            button.setToolTip(tip)
            button.setAccessibleName(tip)
            buttons.addWidget(button)
        self.up_button.clicked.connect(lambda: self.move_selected(-1))
        self.down_button.clicked.connect(lambda: self.move_selected(1))
        self.duplicate_button.clicked.connect(self._duplicate)
        self.remove_button.clicked.connect(self.remove_selected)
        self.dosage = DosageEditor(document)

        plan_box = QWidget()
        plan_layout = QVBoxLayout(plan_box)
        plan_layout.setContentsMargins(0, 0, 0, 0)
        plan_layout.addWidget(QLabel("<b>The plan</b>"))
        plan_layout.addWidget(self.view, 1)
        plan_layout.addWidget(self.empty_hint)
        plan_layout.addWidget(self.many_hint)
        plan_layout.addLayout(buttons)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(self.header)
        self.splitter.addWidget(plan_box)
        self.splitter.addWidget(self.dosage)
        self.splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.splitter)
        self.view.selectionModel().currentChanged.connect(lambda current, _p: self.dosage.set_row(current.row()))
        document.items_changed.connect(self._on_items_changed)
        document.focus_rows.connect(self.select_rows)
        self._on_items_changed()
        self.duplicate_shortcut = QShortcut(QKeySequence("Ctrl+D"), self, self._duplicate)

    def text_boxes(self) -> list[QWidget]:
        """The boxes one types into (the window's shortcut keys must work from each of them)."""
        header, dose = self.header, self.dosage
        return [header.patient, header.identifier, header.therapist, header.focus, header.goals, header.notes,
                header.follow_up, *dose.numbers.values(), *dose.texts.values(), dose.note]  # fmt: skip

    def selected_rows(self) -> list[int]:
        rows = sorted(i.row() for i in self.view.selectionModel().selectedRows())
        if not rows and self.view.currentIndex().isValid():
            rows = [self.view.currentIndex().row()]
        return rows

    def select_row(self, row: int) -> None:
        self.select_rows([row])

    def select_rows(self, rows: list[int]) -> None:
        """Highlight ``rows`` (what an edit, drop, move, undo or redo touched); the first is current, and the
        dose editor edits it."""
        rows = [row for row in rows if 0 <= row < self.model.rowCount()]
        selection = self.view.selectionModel()
        if not rows:
            selection.clear()
            self.dosage.set_row(-1)
            return
        flags = QItemSelectionModel.SelectionFlag
        selection.setCurrentIndex(self.model.index(rows[0], 0), flags.ClearAndSelect)
        for row in rows[1:]:
            selection.select(self.model.index(row, 0), flags.Select)
        self.view.scrollTo(self.model.index(rows[0], 0))
        self.dosage.set_row(rows[0])

    def remove_selected(self) -> None:
        rows = self.selected_rows()
        if rows:
            self.document.remove_rows(rows)

    def move_selected(self, step: int) -> None:
        rows = self.selected_rows()
        if len(rows) != 1:
            return
        row = rows[0]
        target = row + step
        if 0 <= target < self.model.rowCount():
            self.document.move_rows([row], target + (1 if step > 0 else 0))

    def item_menu(self, row: int) -> QMenu:
        """What can be done to one exercise: a step harder or easier (named), duplicate, remove."""
        menu = QMenu(self)
        item = self.document.plan.items[row]
        for harder, word in ((True, "Harder"), (False, "Easier")):
            target = next_step(item, self.document.library, harder=harder)
            text = f"{word}: {target.name}" if target else f"{word}: none in the library"
            action = menu.addAction(text)
            action.setEnabled(target is not None and not self.document.read_only)
            action.triggered.connect(lambda _c=False, h=harder: self._step(row, h))
        add_keep_action(menu, self.document, row)
        menu.addSeparator()
        menu.addAction("Duplicate (Ctrl+D)").triggered.connect(lambda: self.document.duplicate_row(row))
        menu.addAction("Remove (Delete)").triggered.connect(lambda: self.document.remove_rows([row]))
        return menu

    def _show_item_menu(self, pos) -> None:  # a QPoint in the list's viewport
        index = self.view.indexAt(pos)
        if index.isValid():
            PopupMenu.run(self.item_menu(index.row()), self.view.viewport().mapToGlobal(pos))

    def _step(self, row: int, harder: bool) -> None:
        self.document.step_row(row, harder=harder)

    def _duplicate(self) -> None:
        rows = self.selected_rows()
        if len(rows) == 1:
            self.document.duplicate_row(rows[0])

    def _on_items_changed(self) -> None:
        count = len(self.document.plan.items)
        self.empty_hint.setVisible(count == 0)
        self.many_hint.setVisible(count > MANY_EXERCISES)
        # The rows kept their items (row-level model signals): the dose editor stays on the highlighted one.
        self.dosage.set_row(self.view.currentIndex().row())
