"""A Hypothesis state machine: edit, save and reload in any order; the reloaded plan equals memory."""

from __future__ import annotations

import tempfile
from dataclasses import replace
from datetime import date
from pathlib import Path

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from hep_builder.core.exercise import Dosage
from hep_builder.core.library import LibrarySource, load_library
from hep_builder.core.plan import Patient, Plan, PlanItem
from hep_builder.core.plan_store import PlanStore
from hep_builder.core.planfile import read_plan
from hep_builder.paths import bundled_dir

LIBRARY = load_library([LibrarySource(bundled_dir("exercises"), "bundled")])
IDS = sorted(LIBRARY.exercises)
TEXT = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=40)


class EditSaveReload(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.folder = Path(tempfile.mkdtemp())
        self.store = PlanStore(self.folder)
        self.plan = Plan(Patient("Start"))
        self.opened = None

    @rule(exercise_id=st.sampled_from(IDS), snapshot=st.booleans())
    def add(self, exercise_id: str, snapshot: bool) -> None:
        item = PlanItem(exercise_id, snapshot=LIBRARY[exercise_id] if snapshot else None)
        self.plan = replace(self.plan, items=(*self.plan.items, item))

    @precondition(lambda self: self.plan.items)
    @rule(data=st.data())
    def remove(self, data) -> None:
        row = data.draw(st.integers(0, len(self.plan.items) - 1))
        self.plan = replace(self.plan, items=self.plan.items[:row] + self.plan.items[row + 1 :])

    @precondition(lambda self: self.plan.items)
    @rule(data=st.data(), sets=st.none() | st.integers(1, 20), side=st.none() | st.sampled_from(["each", "left"]),
          note=TEXT)  # fmt: skip
    def dose(self, data, sets, side, note: str) -> None:
        row = data.draw(st.integers(0, len(self.plan.items) - 1))
        items = list(self.plan.items)
        exercise = LIBRARY.get(items[row].exercise_id)
        default = exercise.dosage if exercise else Dosage()
        # None is kept too: "left out for this patient" must survive a save as well.
        item = items[row].with_dose("sets", sets, default.sets).with_dose("side", side, default.side)
        items[row] = replace(item, notes=note)
        self.plan = replace(self.plan, items=tuple(items))

    @rule(name=TEXT.filter(lambda t: t.strip() == t and t), focus=TEXT, phase=st.none() | st.integers(1, 3),
          follow_up=st.none() | st.dates(date(2026, 1, 1), date(2030, 1, 1)),
          goals=st.lists(TEXT.filter(str.strip), max_size=3))  # fmt: skip
    def header(self, name, focus, phase, follow_up, goals) -> None:
        self.plan = replace(self.plan, patient=Patient(name), focus=focus, phase=phase, follow_up=follow_up,
                            goals=tuple(goals))  # fmt: skip

    @rule()
    def save_and_reload(self) -> None:
        path, _ = self.store.save(self.plan, self.opened)
        self.opened = self.store.open(path)
        assert self.opened.loaded.plan == self.plan

    @invariant()
    def file_on_disk_is_the_last_save(self) -> None:
        if self.opened is not None:
            assert read_plan(self.opened.path).plan == self.opened.loaded.plan


TestEditSaveReload = EditSaveReload.TestCase
TestEditSaveReload.settings = settings(
    max_examples=25, stateful_step_count=12, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
