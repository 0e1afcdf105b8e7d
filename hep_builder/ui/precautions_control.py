"""The window's hip-precautions control, and the conflict marks of plan rows and library rows (ui layer).

Kept in its own module so the plan panel and the models need only a line each: ``PrecautionsButton`` sits next
to the Phase box, ``conflict_note`` gives a row's warning text, ``watch_precautions`` repaints rows when the
plan's precautions change. The rules themselves live in core/precautions.py; every change is an undo step.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel
from PySide6.QtWidgets import QMenu, QToolButton, QWidget, QWidgetAction

from hep_builder.core.exercise import Exercise
from hep_builder.core.plan import Plan
from hep_builder.core.precautions import NONE, PRECAUTION_LIST, broken_rules, conflict_text, exercise_tags
from hep_builder.ui.dates import chosen_date, date_box, show_date
from hep_builder.ui.document import PlanDocument

WARNING = "⚠"
SHORT = {
    "posterior-hip-replacement": "Posterior THR",
    "anterior-hip-replacement": "Anterior THR",
    "hip-arthroscopy": "Scope",
    "non-weight-bearing": "NWB",
    "toe-touch-weight-bearing": "TTWB",
    "partial-weight-bearing": "PWB",
    NONE: "None",
}


def row_conflicts(plan: Plan, row: int, library) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(open, kept) precautions that plan item ``row`` breaks."""
    if not plan.precautions or not 0 <= row < len(plan.items):
        return (), ()
    item = plan.items[row]
    broken = broken_rules(exercise_tags(library.get(item.exercise_id), item.snapshot), plan.precautions)
    return tuple(p for p in broken if p not in item.acknowledged), tuple(p for p in broken if p in item.acknowledged)


def conflict_note(plan: Plan, row: int, library) -> str:
    """The warning text of a plan row, in plain words; empty when it breaks nothing (or only kept ones)."""
    open_rules, _kept = row_conflicts(plan, row, library)
    return "\n".join(f"{WARNING} {conflict_text(p)}" for p in open_rules)


def library_note(precautions: tuple[str, ...], exercise: Exercise) -> str:
    """The warning of a library exercise against a plan's precautions (for its tooltip and mark)."""
    rules = broken_rules(exercise.precautions, precautions)
    return "\n".join(f"{WARNING} {conflict_text(p)}" for p in rules)


def watch_precautions(model: QAbstractItemModel, document: PlanDocument) -> None:
    """Repaint every row of ``model`` when the plan's precautions change (rows change marks, not content)."""
    seen = [document.plan.precautions]

    def changed() -> None:
        if document.plan.precautions != seen[0]:
            seen[0] = document.plan.precautions
            rows = model.rowCount()
            if rows:
                model.dataChanged.emit(model.index(0, 0), model.index(rows - 1, 0))

    document.plan_changed.connect(changed)


def add_keep_action(menu: QMenu, document: PlanDocument, row: int) -> None:
    """In a plan row's menu: keep an exercise that breaks the precautions on purpose, or stop keeping it."""
    open_rules, kept = row_conflicts(document.plan, row, document.library)
    if open_rules:
        action = menu.addAction("Keep it despite the hip precautions")
        action.triggered.connect(lambda: document.set_acknowledged(row, (*kept, *open_rules)))
    elif kept:
        action = menu.addAction("Warn again about the hip precautions")
        action.triggered.connect(lambda: document.set_acknowledged(row, ()))


class PrecautionsButton(QToolButton):
    """A compact button with a menu: which precautions, until when, which side."""

    def __init__(self, document: PlanDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.setAccessibleName("Hip precautions")
        menu = QMenu(self)
        self.actions_by_id = {}
        for precaution in PRECAUTION_LIST:
            if precaution.id == NONE:
                menu.addSeparator()
            action = menu.addAction(precaution.label)
            action.setCheckable(True)
            action.toggled.connect(lambda on, p=precaution.id: self._toggle(p, on))
            self.actions_by_id[precaution.id] = action
        menu.addSeparator()
        self.side_actions = {}
        for side, label in (("", "Side: not stated"), ("left", "Side: left"), ("right", "Side: right")):
            action = menu.addAction(label)
            action.setCheckable(True)
            action.triggered.connect(lambda _on=False, s=side: document.set_precautions(affected_side=s))
            self.side_actions[side] = action
        menu.addSeparator()
        self.has_until = menu.addAction("Until a date")
        self.has_until.setCheckable(True)
        self.has_until.toggled.connect(self._on_until)
        self.until = date_box("Precautions until", "ddd d MMM yyyy")
        self.until.dateChanged.connect(self._on_until)
        holder = QWidgetAction(menu)
        holder.setDefaultWidget(self.until)
        menu.addAction(holder)
        self.setMenu(menu)
        document.plan_changed.connect(self.refresh)
        self.refresh()

    def _toggle(self, precaution: str, on: bool) -> None:
        current = [p for p in self.document.plan.precautions if p != precaution]
        if on:  # "none" and the rules exclude each other
            current = [p for p in current if (p == NONE) == (precaution == NONE)] + [precaution]
        self.document.set_precautions(precautions=tuple(current))

    def _on_until(self, *_args) -> None:
        self.document.set_precautions(precautions_until=chosen_date(self.has_until, self.until))

    def refresh(self) -> None:
        plan = self.document.plan
        widgets = [*self.actions_by_id.values(), *self.side_actions.values(), self.has_until, self.until]
        for widget in widgets:
            widget.blockSignals(True)
        try:
            for precaution, action in self.actions_by_id.items():
                action.setChecked(precaution in plan.precautions)
            for side, action in self.side_actions.items():
                action.setChecked(plan.affected_side == side)
            show_date(self.has_until, self.until, plan.precautions_until)
        finally:
            for widget in widgets:
                widget.blockSignals(False)
        self.setText(self.summary(plan))
        self.setToolTip("Hip precautions: the handout prints them as rules, and conflicting exercises are marked")
        self.setEnabled(not self.document.read_only)

    @staticmethod
    def summary(plan: Plan) -> str:
        if not plan.precautions:
            return "Precautions: not stated"
        text = ", ".join(SHORT[p] for p in plan.precautions)
        if plan.affected_side and plan.precautions != (NONE,):
            text += f" ({plan.affected_side[0].upper()})"
        return f"Precautions: {text}"
