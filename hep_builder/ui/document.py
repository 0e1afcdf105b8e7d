"""The open plan and its undo stack: every change to a plan is an undo command (ui layer).

The plan itself is an immutable core value; a command holds the plan before and after, so undo and redo
are exact and cheap. Widgets never change the plan directly: they call the edit methods here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from hep_builder.core.exercise import DOSAGE_KEYS, Dosage, Exercise
from hep_builder.core.library import Library
from hep_builder.core.plan import Patient, Plan, PlanItem
from hep_builder.core.templates import eased, next_step, progressed, stepped_item

# Undo entries that type into the same field merge into one (like a text editor).
MERGE_HEADER, MERGE_DOSE = 1, 2


class PlanCommand(QUndoCommand):
    def __init__(self, document: PlanDocument, before: Plan, after: Plan, text: str, merge_key: Any = None) -> None:
        super().__init__(text)
        self.document = document
        self.before = before
        self.after = after
        self.merge_key = merge_key

    def redo(self) -> None:
        self.document._set_plan(self.after)

    def undo(self) -> None:
        self.document._set_plan(self.before)

    def id(self) -> int:  # Qt's name
        return -1 if self.merge_key is None else self.merge_key[0]

    def mergeWith(self, other: QUndoCommand) -> bool:  # Qt's name
        if not isinstance(other, PlanCommand) or other.merge_key != self.merge_key:
            return False
        self.after = other.after
        return True


class PlanDocument(QObject):
    """The plan being edited, its file, and the undo stack."""

    plan_changed = Signal()
    items_changed = Signal()

    def __init__(self, library: Library, plan: Plan | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.library = library
        self.plan = plan or Plan(Patient(""))
        self.path: Path | None = None
        self.read_only = False
        self.undo_stack = QUndoStack(self)

    # --- state ------------------------------------------------------------------------------------------

    def _set_plan(self, plan: Plan) -> None:
        items_changed = plan.items != self.plan.items
        self.plan = plan
        if items_changed:
            self.items_changed.emit()
        self.plan_changed.emit()

    def replace_all(self, plan: Plan, path: Path | None = None, *, read_only: bool = False) -> None:
        """Open another plan: a fresh history."""
        self.undo_stack.clear()
        self.path = path
        self.read_only = read_only
        self._set_plan(plan)
        self.undo_stack.setClean()

    def _push(self, after: Plan, text: str, merge_key: Any = None) -> None:
        if after == self.plan or self.read_only:
            return
        self.undo_stack.push(PlanCommand(self, self.plan, after, text, merge_key))

    def _items(self, items: Sequence[PlanItem], text: str) -> None:
        self._push(replace(self.plan, items=tuple(items)), text)

    # --- edits ------------------------------------------------------------------------------------------

    def add_exercises(self, exercise_ids: Sequence[str], row: int | None = None) -> None:
        new = [PlanItem(i, snapshot=self.library[i]) for i in exercise_ids if i in self.library]
        if not new:
            return
        items = list(self.plan.items)
        row = len(items) if row is None or row < 0 or row > len(items) else row
        items[row:row] = new
        name = self.library[new[0].exercise_id].name
        self._items(items, f"Add {name}" if len(new) == 1 else f"Add {len(new)} exercises")

    def remove_rows(self, rows: Sequence[int]) -> None:
        doomed = sorted(set(r for r in rows if 0 <= r < len(self.plan.items)))
        if not doomed:
            return
        names = [self.item_name(r) for r in doomed]
        items = [item for index, item in enumerate(self.plan.items) if index not in doomed]
        self._items(items, f"Remove {names[0]}" if len(names) == 1 else f"Remove {len(names)} exercises")

    def move_rows(self, rows: Sequence[int], destination: int) -> None:
        """Move the items at ``rows`` so they sit before ``destination`` (an index in the current list)."""
        rows = sorted(set(r for r in rows if 0 <= r < len(self.plan.items)))
        if not rows:
            return
        moving = [self.plan.items[r] for r in rows]
        rest = [item for index, item in enumerate(self.plan.items) if index not in rows]
        destination -= sum(1 for r in rows if r < destination)
        destination = max(0, min(destination, len(rest)))
        items = rest[:destination] + moving + rest[destination:]
        self._items(items, f"Move {self.item_name(rows[0])}" if len(rows) == 1 else f"Move {len(rows)} exercises")

    def duplicate_row(self, row: int) -> None:
        if not 0 <= row < len(self.plan.items):
            return
        items = list(self.plan.items)
        items.insert(row + 1, items[row])
        self._items(items, f"Duplicate {self.item_name(row)}")

    def set_dose(self, row: int, key: str, value: Any) -> None:
        """Set one dose field. The library's value drops the override; None leaves the field out of this
        patient's dose even where the library has a default (no hold, no band)."""
        if key not in DOSAGE_KEYS or not 0 <= row < len(self.plan.items):
            return
        items = list(self.plan.items)
        items[row] = items[row].with_dose(key, value, getattr(self.default_dose(row), key))
        label = key.replace("_", " ")
        self._push(replace(self.plan, items=tuple(items)), f"Change {label} of {self.item_name(row)}",
                   (MERGE_DOSE, row, key))  # fmt: skip

    def set_item_note(self, row: int, note: str) -> None:
        if not 0 <= row < len(self.plan.items):
            return
        items = list(self.plan.items)
        items[row] = replace(items[row], notes=note)
        self._push(replace(self.plan, items=tuple(items)), f"Edit note of {self.item_name(row)}",
                   (MERGE_DOSE, row, "notes"))  # fmt: skip

    def reset_dose(self, row: int) -> None:
        if not 0 <= row < len(self.plan.items) or not self.plan.items[row].overrides:
            return
        items = list(self.plan.items)
        items[row] = replace(items[row], overrides={})
        self._items(items, f"Reset dose of {self.item_name(row)}")

    def set_header(self, **changes: Any) -> None:
        """Change header fields (patient name, therapist, focus, ...); typing merges into one undo step."""
        patient_keys = {"patient_name": "name", "identifier": "identifier", "date_of_birth": "date_of_birth"}
        patient = self.plan.patient
        plan_changes = {}
        for key, value in changes.items():
            if key in patient_keys:
                patient = replace(patient, **{patient_keys[key]: value})
            else:
                plan_changes[key] = value
        after = replace(self.plan, patient=patient, **plan_changes)
        field = next(iter(changes)).replace("_", " ")
        self._push(after, f"Edit {field}", (MERGE_HEADER, tuple(sorted(changes))))

    def set_precautions(self, **changes: Any) -> None:
        """Change ``precautions``, ``precautions_until`` or ``affected_side``: each change one undo step."""
        allowed = {"precautions", "precautions_until", "affected_side"}
        self._push(replace(self.plan, **{k: v for k, v in changes.items() if k in allowed}), "Change hip precautions")

    def set_acknowledged(self, row: int, acknowledged: tuple[str, ...]) -> None:
        """Keep (or stop keeping) a plan item that breaks the plan's precautions, on purpose."""
        if not 0 <= row < len(self.plan.items) or self.plan.items[row].acknowledged == acknowledged:
            return
        items = list(self.plan.items)
        items[row] = replace(items[row], acknowledged=acknowledged)
        verb = "Keep" if acknowledged else "Stop keeping"
        self._items(items, f"{verb} {self.item_name(row)} despite the precautions")

    def progress(self) -> int:
        return self._step_plan(harder=True)

    def ease(self) -> int:
        return self._step_plan(harder=False)

    def _step_plan(self, *, harder: bool) -> int:
        """Every exercise that can, a step harder or easier: one undo step; how many moved."""
        after, changed = (progressed if harder else eased)(self.plan, self.library)
        if changed:
            self._push(
                after, f"{'Progress' if harder else 'Ease'} plan ({changed} exercise{'s' if changed != 1 else ''})"
            )
        return changed

    def step_row(self, row: int, *, harder: bool) -> bool:
        """One exercise a step harder or easier (the plan's phase stays: the rest of the plan did not move)."""
        if not 0 <= row < len(self.plan.items):
            return False
        target = next_step(self.plan.items[row], self.library, harder=harder)
        if target is None:
            return False
        items = list(self.plan.items)
        name = self.item_name(row)
        items[row] = stepped_item(items[row], target)
        self._items(items, f"{'Harder' if harder else 'Easier'}: {name} → {target.name}")
        return True

    # --- queries ----------------------------------------------------------------------------------------

    def _exercise(self, row: int) -> Exercise | None:
        item = self.plan.items[row]
        return item.snapshot or self.library.get(item.exercise_id)

    def item_name(self, row: int) -> str:
        exercise = self._exercise(row)
        return exercise.name if exercise else self.plan.items[row].exercise_id

    def default_dose(self, row: int) -> Dosage:
        exercise = self._exercise(row)
        return exercise.dosage if exercise else Dosage()
