"""Per-item dose editor: starts from the library default, marks what differs, resets (ui layer)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from hep_builder.core.dose_text import SIDE_WORDS
from hep_builder.core.exercise import DOSAGE_INT_RANGES, SIDES
from hep_builder.ui.document import PlanDocument

NUMBER_FIELDS = (
    ("sets", "Sets", ""),
    ("reps", "Reps", ""),
    ("hold_seconds", "Hold", " s"),
    ("rest_seconds", "Rest", " s"),
    ("duration_seconds", "Time", " s"),
    ("times_per_day", "Times a day", ""),
    ("days_per_week", "Days a week", ""),
)
CHANGED_STYLE = "font-weight: bold; color: #8a4b00;"


class DosageEditor(QGroupBox):
    def __init__(self, document: PlanDocument, parent: QWidget | None = None) -> None:
        super().__init__("Dose", parent)
        self.document = document
        self.row = -1
        self.spins: dict[str, QSpinBox] = {}
        self.labels: dict[str, QLabel] = {}
        grid = QGridLayout()
        grid.setVerticalSpacing(3)
        cells: list[tuple[QLabel, QWidget]] = []
        for key, label, suffix in NUMBER_FIELDS:
            spin = QSpinBox()
            low, high = DOSAGE_INT_RANGES[key]
            spin.setRange(low - 1, high)  # one below the minimum means "not used"
            spin.setSpecialValueText("–")
            spin.setSuffix(suffix)
            spin.setAccessibleName(label)
            spin.valueChanged.connect(lambda value, key=key, spin=spin: self._on_number(key, spin, value))
            self.spins[key] = spin
            self.labels[key] = QLabel(label)
            cells.append((self.labels[key], spin))
        self.side = QComboBox()
        self.side.setAccessibleName("Side")
        self.side.addItem("–", None)
        for side in SIDES:
            self.side.addItem(SIDE_WORDS[side], side)
        self.side.currentIndexChanged.connect(lambda _i: self._set("side", self.side.currentData()))
        self.labels["side"] = QLabel("Side")
        cells.append((self.labels["side"], self.side))
        self.texts: dict[str, QLineEdit] = {}
        for key, label, hint in (("resistance", "Resistance", "e.g. green band, 5 lb"), ("tempo", "Pace", "e.g. slow")):
            edit = QLineEdit(placeholderText=hint)
            edit.setAccessibleName(label)
            edit.textEdited.connect(lambda text, key=key: self._set(key, text.strip() or None))
            self.texts[key] = edit
            self.labels[key] = QLabel(label)
            cells.append((self.labels[key], edit))
        for position, (label_widget, field) in enumerate(cells):  # three label + field pairs a row
            row, column = divmod(position, 3)
            grid.addWidget(label_widget, row, column * 2)
            grid.addWidget(field, row, column * 2 + 1)
        for column in (1, 3, 5):
            grid.setColumnStretch(column, 1)
        self.note = QLineEdit(placeholderText="A note for the patient about this exercise")
        self.note.setAccessibleName("Note for this exercise")
        self.note.textEdited.connect(lambda text: self.document.set_item_note(self.row, text))
        note_row = len(cells) // 3 + 1
        grid.addWidget(QLabel("Note"), note_row, 0)
        grid.addWidget(self.note, note_row, 1, 1, 5)
        self.reset_button = QPushButton("Reset to default")
        self.reset_button.setAccessibleName("Reset the dose to the library default")
        self.reset_button.clicked.connect(lambda: self.document.reset_dose(self.row))
        self.hint = QLabel("Changed values are in bold. “–” or an empty box leaves a value out.")
        self.hint.setStyleSheet("color: #555")
        bottom = QHBoxLayout()
        bottom.addWidget(self.reset_button)
        bottom.addWidget(self.hint, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        layout.addLayout(grid)
        layout.addLayout(bottom)
        document.plan_changed.connect(self.refresh)
        self.set_row(-1)

    def set_row(self, row: int) -> None:
        self.row = row
        self.refresh()

    def refresh(self) -> None:
        items = self.document.plan.items
        valid = 0 <= self.row < len(items)
        self.setEnabled(valid and not self.document.read_only)
        if not valid:
            self.setTitle("Dose (select an exercise in the plan)")
            for spin in self.spins.values():
                spin.blockSignals(True)
                spin.setValue(spin.minimum())
                spin.blockSignals(False)
            return
        resolved = self.document.plan.resolve(self.document.library)[self.row]
        default = self.document.default_dose(self.row)
        self.setTitle(f"Dose: {resolved.exercise.name}")
        widgets = [*self.spins.values(), self.side, *self.texts.values(), self.note]
        for widget in widgets:
            widget.blockSignals(True)
        try:
            for key, spin in self.spins.items():
                value = getattr(resolved.dosage, key)
                spin.setValue(spin.minimum() if value is None else value)
            self.side.setCurrentIndex(max(0, self.side.findData(resolved.dosage.side)))
            for key, edit in self.texts.items():
                if edit.text().strip() != (getattr(resolved.dosage, key) or ""):  # typing: keep the cursor
                    edit.setText(getattr(resolved.dosage, key) or "")
            if self.note.text() != resolved.item.notes:
                self.note.setText(resolved.item.notes)
        finally:
            for widget in widgets:
                widget.blockSignals(False)
        differs = resolved.dosage.differences(default)
        for key, label in self.labels.items():
            label.setStyleSheet(CHANGED_STYLE if key in differs else "")
        self.reset_button.setEnabled(bool(resolved.item.overrides))

    def _on_number(self, key: str, spin: QSpinBox, value: int) -> None:
        self._set(key, None if value == spin.minimum() else value)

    def _set(self, key: str, value) -> None:
        if 0 <= self.row < len(self.document.plan.items):
            self.document.set_dose(self.row, key, value)
