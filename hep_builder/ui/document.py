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
from hep_builder.core.plan import Patient, Plan, PlanItem, new_item_key
from hep_builder.core.templates import Swap, kept_phrases, next_step, stepped_item, stepped_plan

# Undo entries that type into the same field merge into one (like a text editor).
MERGE_HEADER, MERGE_DOSE = 1, 2


class PlanCommand(QUndoCommand):
    def __init__(self, document: PlanDocument, before: Plan, after: Plan, text: str, merge_key: Any = None,
                 keys: Sequence[str] = ()) -> None:  # fmt: skip
        super().__init__(text)
        self.document = document
        self.before = before
        self.after = after
        self.merge_key = merge_key
        self.keys = tuple(keys)  # the items this step is about: selected after redo and after undo

    def redo(self) -> None:
        self.document._set_plan(self.after, self.keys)

    def undo(self) -> None:
        self.document._set_plan(self.before, self.keys)

    def id(self) -> int:  # Qt's name
        return -1 if self.merge_key is None else self.merge_key[0]

    def mergeWith(self, other: QUndoCommand) -> bool:  # Qt's name
        if not isinstance(other, PlanCommand) or other.merge_key != self.merge_key:
            return False
        self.after = other.after
        if self.after == self.before:  # typed and taken back: nothing left to undo
            self.setObsolete(True)
        return True


class PlanDocument(QObject):
    """The plan being edited, its file, and the undo stack."""

    plan_changed = Signal()
    items_changed = Signal()
    focus_rows = Signal(list)  # after an edit, undo or redo: the rows it touched (to select), in order

    def __init__(self, library: Library, plan: Plan | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.library = library
        self.plan = plan or Plan(Patient(""))
        self.path: Path | None = None
        self.read_only = False
        self.undo_stack = QUndoStack(self)

    # --- state ------------------------------------------------------------------------------------------

    def _set_plan(self, plan: Plan, keys: Sequence[str] = ()) -> None:
        before = self.plan
        items_changed = plan.items != before.items or [i.key for i in plan.items] != [i.key for i in before.items]
        self.plan = plan
        if items_changed:
            self.items_changed.emit()
        self.plan_changed.emit()
        if keys:
            self.focus_rows.emit(self._rows_of(keys, before))

    def _rows_of(self, keys: Sequence[str], before: Plan) -> list[int]:
        """Where the items with ``keys`` are now; if they are gone, the row where the first one was."""
        wanted = set(keys)
        rows = [row for row, item in enumerate(self.plan.items) if item.key in wanted]
        if rows or not self.plan.items:
            return rows
        was = [row for row, item in enumerate(before.items) if item.key in wanted]
        return [min(was[0] if was else 0, len(self.plan.items) - 1)]

    def replace_all(self, plan: Plan, path: Path | None = None, *, read_only: bool = False) -> None:
        """Open another plan: a fresh history."""
        self.undo_stack.clear()
        self.path = path
        self.read_only = read_only
        self._set_plan(plan)
        self.undo_stack.setClean()

    def _push(self, after: Plan, text: str, merge_key: Any = None, keys: Sequence[str] = ()) -> None:
        if self.read_only or (after == self.plan and [i.key for i in after.items] == [i.key for i in self.plan.items]):
            return
        self.undo_stack.push(PlanCommand(self, self.plan, after, text, merge_key, keys))

    def _items(self, items: Sequence[PlanItem], text: str, keys: Sequence[str] = ()) -> None:
        self._push(replace(self.plan, items=tuple(items)), text, keys=keys)

    # --- edits ------------------------------------------------------------------------------------------

    def add_exercises(self, exercise_ids: Sequence[str], row: int | None = None) -> None:
        new = [PlanItem(i, snapshot=self.library[i]) for i in exercise_ids if i in self.library]
        if not new:
            return
        items = list(self.plan.items)
        row = len(items) if row is None or row < 0 or row > len(items) else row
        items[row:row] = new
        name = self.library[new[0].exercise_id].name
        self._items(items, f"Add {name}" if len(new) == 1 else f"Add {len(new)} exercises", [i.key for i in new])

    def remove_rows(self, rows: Sequence[int]) -> None:
        doomed = sorted(set(r for r in rows if 0 <= r < len(self.plan.items)))
        if not doomed:
            return
        names = [self.item_name(r) for r in doomed]
        items = [item for index, item in enumerate(self.plan.items) if index not in doomed]
        keys = [self.plan.items[r].key for r in doomed]
        self._items(items, f"Remove {names[0]}" if len(names) == 1 else f"Remove {len(names)} exercises", keys)

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
        text = f"Move {self.item_name(rows[0])}" if len(rows) == 1 else f"Move {len(rows)} exercises"
        self._items(items, text, [item.key for item in moving])

    def duplicate_row(self, row: int) -> None:
        if not 0 <= row < len(self.plan.items):
            return
        items = list(self.plan.items)
        copy = replace(items[row], key=new_item_key())  # the copy is an item of its own (the other side)
        items.insert(row + 1, copy)
        self._items(items, f"Duplicate {self.item_name(row)}", [copy.key])

    def set_dose(self, row: int, key: str, value: Any) -> None:
        """Set one dose field. The library's value drops the override; None leaves the field out of this
        patient's dose even where the library has a default (no hold, no band)."""
        if key not in DOSAGE_KEYS or not 0 <= row < len(self.plan.items):
            return
        items = list(self.plan.items)
        items[row] = items[row].with_dose(key, value, getattr(self.default_dose(row), key))
        label = key.replace("_", " ")
        self._push(replace(self.plan, items=tuple(items)), f"Change {label} of {self.item_name(row)}",
                   (MERGE_DOSE, items[row].key, key), [items[row].key])  # fmt: skip

    def set_item_note(self, row: int, note: str) -> None:
        if not 0 <= row < len(self.plan.items):
            return
        items = list(self.plan.items)
        items[row] = replace(items[row], notes=note)
        self._push(replace(self.plan, items=tuple(items)), f"Edit note of {self.item_name(row)}",
                   (MERGE_DOSE, items[row].key, "notes"), [items[row].key])  # fmt: skip

    def reset_dose(self, row: int) -> None:
        if not 0 <= row < len(self.plan.items) or not self.plan.items[row].overrides:
            return
        items = list(self.plan.items)
        items[row] = replace(items[row], overrides={})
        self._items(items, f"Reset dose of {self.item_name(row)}", [items[row].key])

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
        self._items(items, f"{verb} {self.item_name(row)} despite the precautions", [items[row].key])

    def progress(self) -> list[Swap]:
        return self._step_plan(harder=True)

    def ease(self) -> list[Swap]:
        return self._step_plan(harder=False)

    def _step_plan(self, *, harder: bool) -> list[Swap]:
        """Every exercise that can, a step harder or easier: one undo step that names each swap."""
        after, swaps = stepped_plan(self.plan, self.library, harder=harder)
        if swaps:
            keys = [new.key for new, old in zip(after.items, self.plan.items, strict=True) if new != old]
            text = "; ".join(swap.describe() for swap in swaps)
            self._push(after, f"{'Progress' if harder else 'Ease'} plan: {text}", keys=keys)
        return swaps

    def step_row(self, row: int, *, harder: bool) -> bool:
        """One exercise a step harder or easier (the plan's phase stays: the rest of the plan did not move)."""
        if not 0 <= row < len(self.plan.items):
            return False
        target = next_step(self.plan.items[row], self.library, harder=harder)
        if target is None:
            return False
        items = list(self.plan.items)
        before = items[row]
        items[row] = stepped_item(before, target)
        swap = Swap(self.item_name(row), target.name, kept_phrases(before, items[row]))
        self._items(items, f"{'Harder' if harder else 'Easier'}: {swap.describe()}", [items[row].key])
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
