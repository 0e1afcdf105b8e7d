"""Per-item dose editor: starts from the library default, marks what differs, resets (ui layer).

The number boxes take exactly what was typed: a whole number in the dose's range, or an empty box / "–" for
"left out". Anything else (out of range, 0 where it means nothing, junk) is refused with the range shown, and
the plan keeps its value: nothing is clamped or read differently from what the therapist typed.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from hep_builder.core.dose_text import SIDE_WORDS
from hep_builder.core.exercise import DOSAGE_INT_RANGES, SIDES
from hep_builder.ui.document import PlanDocument

NUMBER_FIELDS = (
    ("sets", "Sets", ""),
    ("reps", "Reps", ""),
    ("hold_seconds", "Hold (s)", " seconds"),
    ("rest_seconds", "Rest (s)", " seconds"),
    ("duration_seconds", "Time (s)", " seconds"),
    ("times_per_day", "Times a day", ""),
    ("days_per_week", "Days a week", ""),
)
CHANGED_STYLE = "font-weight: bold; color: #8a4b00;"
REFUSED_STYLE = "border: 2px solid #b00020;"
LEFT_OUT = ("", "–", "-", "—")


class DoseNumber(QLineEdit):
    """A whole number from ``low`` to ``high``, or empty ("left out"). Up and Down step by one."""

    value_edited = Signal()  # typed or stepped by the user (not by setValue)

    def __init__(self, low: int, high: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.low, self.high = low, high
        self.setPlaceholderText("–")
        self.setMaxLength(8)
        self.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.setMaximumWidth(80)
        self.textEdited.connect(lambda _t: self.value_edited.emit())

    def parse(self) -> tuple[bool, int | None]:
        """(accepted, value): an empty box or "–" is accepted as None; the rest only as typed, in range."""
        text = self.text().strip()
        if text in LEFT_OUT:
            return True, None
        if text.isascii() and text.isdigit() and self.low <= int(text) <= self.high:
            return True, int(text)
        return False, None

    def value(self) -> int | None:
        return self.parse()[1]

    def setValue(self, value: int | None) -> None:
        self.setText("" if value is None else str(value))

    def keyPressEvent(self, event) -> None:
        if event.key() in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            accepted, value = self.parse()
            if accepted:
                step = 1 if event.key() == Qt.Key.Key_Up else -1
                start = (self.low - 1 if step > 0 else self.low) if value is None else value
                self.setValue(max(self.low, min(self.high, start + step)))
                self.value_edited.emit()
            return
        super().keyPressEvent(event)


class DosageEditor(QGroupBox):
    def __init__(self, document: PlanDocument, parent: QWidget | None = None) -> None:
        super().__init__("Dose", parent)
        self.document = document
        self.row = -1
        self.numbers: dict[str, DoseNumber] = {}
        self.units = {key: unit for key, _label, unit in NUMBER_FIELDS}
        self.labels: dict[str, QLabel] = {}
        self.refused: dict[str, str] = {}  # key -> what was typed and not taken (shown until fixed)
        # The value a box held when typing into it began: a refused entry puts it back, so "99999" never
        # leaves its valid prefix "99" in the plan.
        self._typing_from: dict[str, int | None] = {}
        grid = QGridLayout()
        grid.setVerticalSpacing(3)
        cells: list[tuple[QLabel, QWidget]] = []
        for key, label, _unit in NUMBER_FIELDS:
            box = DoseNumber(*DOSAGE_INT_RANGES[key])
            box.setAccessibleName(label.replace(" (s)", ", seconds"))
            box.value_edited.connect(lambda key=key: self._on_number(key))
            box.editingFinished.connect(lambda key=key: self._typing_from.pop(key, None))
            self.numbers[key] = box
            self.labels[key] = QLabel(label)
            cells.append((self.labels[key], box))
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
        for position, (label_widget, field) in enumerate(cells):  # the numbers and side: three pairs a row
            row, column = divmod(position, 3)
            grid.addWidget(label_widget, row, column * 2)
            grid.addWidget(field, row, column * 2 + 1, Qt.AlignmentFlag.AlignLeft)
        # Resistance and pace get half the width each: "green band, 5 lb" must fit.
        text_row = (len(cells) + 2) // 3
        grid.addWidget(self.labels["resistance"], text_row, 0)
        grid.addWidget(self.texts["resistance"], text_row, 1, 1, 2)
        grid.addWidget(self.labels["tempo"], text_row, 3)
        grid.addWidget(self.texts["tempo"], text_row, 4, 1, 2)
        for column in (1, 3, 5):
            grid.setColumnStretch(column, 1)
        self.note = QLineEdit(placeholderText="A note for the patient about this exercise")
        self.note.setAccessibleName("Note for this exercise")
        self.note.textEdited.connect(lambda text: self.document.set_item_note(self.row, text))
        note_row = text_row + 1
        grid.addWidget(QLabel("Note"), note_row, 0)
        grid.addWidget(self.note, note_row, 1, 1, 5)
        self.reset_button = QPushButton("Reset to default")
        self.reset_button.setAccessibleName("Reset the dose to the library default")
        self.reset_button.clicked.connect(lambda: self.document.reset_dose(self.row))
        self.hint = QLabel("Bold: changed for this patient. Empty or “–”: left out.")
        self.hint.setToolTip("Values that differ from the library's default are shown in bold. An empty box (or "
                             "“–”) leaves that value out of this patient's dose, e.g. no hold, no band.")  # fmt: skip
        self.hint.setStyleSheet("color: #555")
        self.hint.setWordWrap(True)
        self.problem = QLabel()
        # One line that never widens the window (a long entry is cut at the edge; the tooltip has it whole).
        self.problem.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.problem.setStyleSheet("color: #b00020; font-weight: bold;")
        self.problem.setAccessibleName("Dose problem")
        self.problem.hide()
        bottom = QHBoxLayout()
        bottom.addWidget(self.reset_button)
        bottom.addWidget(self.hint, 1)
        bottom.addWidget(self.problem, 1)  # in the hint's place: no extra line that the plan list would pay for
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        layout.addLayout(grid)
        layout.addLayout(bottom)
        document.plan_changed.connect(self.refresh)
        self.set_row(-1)

    def set_row(self, row: int) -> None:
        if row != self.row:
            self.refused.clear()  # another exercise: what was refused for the last one no longer applies
            self._typing_from.clear()
        self.row = row
        self.refresh()

    def refresh(self) -> None:
        items = self.document.plan.items
        valid = 0 <= self.row < len(items)
        self.setEnabled(valid and not self.document.read_only)
        if not valid:
            self.setTitle("Dose (select an exercise in the plan)")
            for box in self.numbers.values():
                box.setValue(None)
            self._show_refused()
            return
        resolved = self.document.plan.resolve(self.document.library)[self.row]
        default = self.document.default_dose(self.row)
        self.setTitle(f"Dose: {resolved.exercise.name}")
        widgets = [*self.numbers.values(), self.side, *self.texts.values(), self.note]
        for widget in widgets:
            widget.blockSignals(True)
        try:
            for key, box in self.numbers.items():
                value = getattr(resolved.dosage, key)
                # A refused entry stays in view until it is fixed; a box that already says it is left alone
                # (typing "–" or "07" is not rewritten under the cursor).
                if key not in self.refused and box.parse() != (True, value):
                    box.setValue(value)
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
        self._show_refused()

    def _on_number(self, key: str) -> None:
        box = self.numbers[key]
        accepted, value = box.parse()
        if 0 <= self.row < len(self.document.plan.items) and key not in self._typing_from:
            self._typing_from[key] = getattr(self.document.plan.resolve(self.document.library)[self.row].dosage, key)
        if not accepted:
            self.refused[key] = box.text()
            if key in self._typing_from:  # back to what it was before this entry (one merged, empty undo step)
                self._set(key, self._typing_from[key])
            self._show_refused()
            return
        if self.refused.pop(key, None) is not None:
            self._show_refused()
        self._set(key, value)

    def _show_refused(self) -> None:
        """One plain sentence per refused box, with the range; the box is outlined."""
        lines = []
        for key, box in self.numbers.items():
            typed = self.refused.get(key)
            box.setStyleSheet(REFUSED_STYLE if typed is not None else "")
            if typed is not None:
                name = self.labels[key].text().replace(" (s)", "")
                lines.append(f"{name}: {box.low} to {box.high}{self.units[key]}, or empty. “{typed.strip()}” not used.")
        self.problem.setText("\n".join(lines))
        self.problem.setVisible(bool(lines))
        self.hint.setVisible(not lines)
        self.problem.setToolTip(self.problem.text())

    def _set(self, key: str, value) -> None:
        if 0 <= self.row < len(self.document.plan.items):
            self.document.set_dose(self.row, key, value)
