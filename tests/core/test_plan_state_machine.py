"""Hypothesis state machines: edit, save and reload in any order (the reloaded plan equals memory); and two
sessions on one plan opening, editing, taking over, saving and closing in any order (no saved edit lost,
never two writers)."""

from __future__ import annotations

import tempfile
from dataclasses import replace
from datetime import date
from pathlib import Path

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from hep_builder.core import locks
from hep_builder.core.exercise import Dosage
from hep_builder.core.library import LibrarySource, load_library
from hep_builder.core.plan import Patient, Plan, PlanItem
from hep_builder.core.plan_store import PlanStore
from hep_builder.core.planfile import read_plan
from hep_builder.core.session import PlanSession, Saved
from hep_builder.paths import bundled_dir

LIBRARY = load_library([LibrarySource(bundled_dir("exercises"), "bundled")])
IDS = sorted(LIBRARY.exercises)
TEXT = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=40)


class EditSaveReload(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.folder = Path(tempfile.mkdtemp())
        store = PlanStore(self.folder)
        self.session = PlanSession(lambda: store, Plan(Patient("Start")))
        self.plan = self.session.plan

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
        assert self.session.edit(self.plan)
        assert self.session.save().kind is Saved.SAVED
        self.plan = self.session.plan  # with its saved time
        assert self.session.open(self.session.path).read_only is None
        assert self.session.plan == self.plan and not self.session.dirty

    @invariant()
    def file_on_disk_is_the_last_save(self) -> None:
        if self.session.path is not None:
            assert read_plan(self.session.path).plan == self.session.saved


TestEditSaveReload = EditSaveReload.TestCase
TestEditSaveReload.settings = settings(
    max_examples=25, stateful_step_count=12, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


class TwoSessionsOnOnePlan(RuleBasedStateMachine):
    """Two PCs (or windows) on one plan: whatever they do, every saved edit is in the folder and at most one
    of them holds the lock."""

    def __init__(self) -> None:
        super().__init__()
        self.folder = Path(tempfile.mkdtemp())
        store = PlanStore(self.folder)
        self.path, _ = store.save(Plan(Patient("Dana Okafor"), items=(PlanItem("clamshell"),)))
        self.sessions = [PlanSession(lambda: store, Plan(Patient(""))) for _ in range(2)]
        self.kept: set[str] = set()  # notes of every edit a save reported as kept
        self.count = 0

    @rule(who=st.integers(0, 1))
    def open(self, who: int) -> None:
        session = self.sessions[who]
        if session.dirty:
            session.discard_changes()
        session.open(self.path)

    @rule(who=st.integers(0, 1))
    def take_over(self, who: int) -> None:
        self.sessions[who].take_over()

    @rule(who=st.integers(0, 1))
    def edit(self, who: int) -> None:
        self.count += 1
        session = self.sessions[who]
        session.edit(replace(session.plan, notes=f"edit {self.count} by {who}"))

    @rule(who=st.integers(0, 1))
    def save(self, who: int) -> None:
        session = self.sessions[who]
        target = session.path or self.path
        before = read_plan(target).plan.notes if target.exists() else None
        outcome = session.save()
        if outcome.kind is Saved.SAVED and outcome.path == target:
            # An overwrite is allowed only by the lock holder, over the version it read: what it replaced
            # had been seen by the one who replaced it (here: was its own or what it opened).
            self.kept.discard(before)
        if outcome.kept:
            self.kept.add(session.saved.notes)

    @rule(who=st.integers(0, 1))
    def close(self, who: int) -> None:
        session = self.sessions[who]
        if session.dirty:
            session.discard_changes()
        session.close()

    @invariant()
    def no_saved_edit_is_lost(self) -> None:
        on_disk = {read_plan(p).plan.notes for p in self.folder.glob("*.hepplan")}
        assert self.kept <= on_disk

    @invariant()
    def never_two_writers(self) -> None:
        for path in {s.path for s in self.sessions if s.path is not None}:
            holders = [s for s in self.sessions if s.path == path and s.lock is not None and locks.holds(path, s.lock)]
            assert len(holders) <= 1


TestTwoSessionsOnOnePlan = TwoSessionsOnOnePlan.TestCase
TestTwoSessionsOnOnePlan.settings = settings(
    max_examples=40, stateful_step_count=20, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
