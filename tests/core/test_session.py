"""The plan session without Qt: open, edit, save, autosave, recover, take over, close - as outcomes."""

from __future__ import annotations

import errno
import os
import time
from dataclasses import replace
from pathlib import Path

from hep_builder.core import autosave, locks
from hep_builder.core.plan import Patient, Plan, PlanItem
from hep_builder.core.plan_store import PlanStore
from hep_builder.core.planfile import read_plan, write_plan
from hep_builder.core.session import Opened, OpenFailed, PlanSession, ReadOnly, Saved


def blank() -> Plan:
    return Plan(Patient(""))


def session_on(folder: Path) -> PlanSession:
    store = PlanStore(folder)
    return PlanSession(lambda: store, blank())


def saved_plan(folder: Path, name: str = "Dana Okafor") -> Path:
    return PlanStore(folder).save(Plan(Patient(name), items=(PlanItem("clamshell"),)))[0]


def edited(session: PlanSession, note: str) -> None:
    assert session.edit(replace(session.plan, notes=note))


def notes_in(folder: Path) -> list[str]:
    return sorted(read_plan(p).plan.notes for p in folder.glob("*.hepplan"))


def test_a_new_plan_is_saved_under_its_lock_and_the_lock_goes_on_close(tmp_path: Path) -> None:
    session = session_on(tmp_path)
    edited(session, "first")
    assert session.dirty
    outcome = session.save()
    assert outcome.kind is Saved.SAVED and outcome.path == tmp_path / f"{session.plan.id}.hepplan"
    assert not session.dirty and locks.holds(outcome.path, session.lock)
    edited(session, "second")
    assert session.save().kind is Saved.SAVED and notes_in(tmp_path) == ["second"]
    session.close()
    assert not locks.lock_path(outcome.path).exists()


def test_two_sessions_one_writer_and_a_take_over_keeps_both_edits(tmp_path: Path) -> None:
    path = saved_plan(tmp_path)
    first, second = session_on(tmp_path), session_on(tmp_path)
    assert first.open(path) == Opened(path)
    opened = second.open(path)
    assert opened.read_only is ReadOnly.IN_USE and opened.holder is not None
    assert not second.edit(replace(second.plan, notes="no")) and not second.dirty
    saved = second.save()
    assert saved.kind is Saved.READ_ONLY and "newer" not in saved.message and "Another PC" in saved.message
    assert second.take_over().read_only is None  # the user said the other PC no longer uses it
    edited(first, "first's edit")
    edited(second, "second's edit")
    assert second.save().kind is Saved.SAVED
    lost_lock = first.save()  # the first no longer holds the lock: a copy, never an overwrite
    assert lost_lock.kind is Saved.CONFLICT_COPY and "took this plan over" in lost_lock.message
    assert notes_in(tmp_path) == ["first's edit", "second's edit"]


def test_a_change_on_disk_under_our_lock_becomes_a_conflict_copy(tmp_path: Path) -> None:
    path = saved_plan(tmp_path)
    session = session_on(tmp_path)
    session.open(path)
    write_plan(path, replace(read_plan(path).plan, notes="a sync client"))
    edited(session, "ours")
    outcome = session.save()
    assert outcome.kind is Saved.CONFLICT_COPY and "Someone changed this plan" in outcome.message
    assert notes_in(tmp_path) == ["a sync client", "ours"]
    assert session.path == outcome.path and session.lock is not None  # editing goes on in the copy
    edited(session, "ours, later")
    assert session.save().kind is Saved.SAVED and notes_in(tmp_path) == ["a sync client", "ours, later"]


def test_autosave_is_offered_when_newer_than_the_file_and_a_recovered_save_is_no_false_conflict(tmp_path) -> None:
    path = saved_plan(tmp_path)
    crashed = session_on(tmp_path)
    crashed.open(path)
    edited(crashed, "unsaved at the crash")
    assert crashed.autosave().kind.value == "written"
    # The crash: no close, the lock is left behind (its process is alive here, so take it over).
    again = session_on(tmp_path)
    opened = again.open(path)
    assert opened.read_only is ReadOnly.IN_USE
    opened = again.take_over()
    assert opened.recovery is not None and opened.recovery.plan.notes == "unsaved at the crash"
    text = opened.recovery.question
    assert text.startswith("HEP Builder has unsaved changes to Dana Okafor's plan from ") and text.endswith(
        ". Restore them?"
    )
    again.recover(opened.recovery)
    assert again.dirty
    outcome = again.save()
    assert outcome.kind is Saved.SAVED and outcome.path == path  # its lock holder: no false conflict
    assert notes_in(tmp_path) == ["unsaved at the crash"] and autosave.find(again.plan.id) is None


def test_an_autosave_older_than_the_file_is_not_offered_and_close_never_deletes_one_not_offered(tmp_path) -> None:
    path = saved_plan(tmp_path)
    plan = read_plan(path).plan
    autosave.autosave(replace(plan, notes="old work"), path)
    time.sleep(0.01)
    write_plan(path, replace(plan, notes="saved later"))
    session = session_on(tmp_path)
    assert session.open(path).recovery is None
    session.close()
    assert autosave.find(plan.id) is not None  # not offered: kept


def test_a_recovery_whose_file_moved_on_saves_as_a_copy(tmp_path: Path) -> None:
    path = saved_plan(tmp_path)
    crashed = session_on(tmp_path)
    crashed.open(path)
    edited(crashed, "mine")
    crashed.autosave()
    crashed.store.unlock(path, crashed.lock)
    time.sleep(0.01)
    write_plan(path, replace(read_plan(path).plan, notes="theirs"))  # another PC saved after our crash
    later = time.time() + 5
    os.utime(autosave.find(crashed.plan.id).autosave, (later, later))  # and our autosave is newer still
    session = session_on(tmp_path)
    opened = session.open(path)
    session.recover(opened.recovery)
    assert session.save().kind is Saved.CONFLICT_COPY and notes_in(tmp_path) == ["mine", "theirs"]


def test_a_folder_that_takes_no_lock_opens_read_only_with_a_plain_reason(tmp_path: Path, monkeypatch) -> None:
    path = saved_plan(tmp_path)
    real_open = os.open

    def read_only_folder(file, flags, *args):
        if flags & os.O_CREAT:
            raise OSError(errno.EROFS, "Read-only file system")
        return real_open(file, flags, *args)

    monkeypatch.setattr(locks.os, "open", read_only_folder)
    session = session_on(tmp_path)
    opened = session.open(path)
    assert opened.read_only is ReadOnly.NO_LOCK
    assert opened.reason == "This plan opened read-only because the plans folder is read-only."
    assert session.plan.patient.name == "Dana Okafor"
    assert "newer" not in session.save().message


def test_a_broken_file_fails_with_one_line_and_keeps_the_open_plan(tmp_path: Path) -> None:
    path = saved_plan(tmp_path)
    session = session_on(tmp_path)
    session.open(path)
    bad = tmp_path / "bad.hepplan"
    bad.write_text("patient: {name: A}\npatient: {name: B}\n")
    outcome = session.open(bad)
    assert isinstance(outcome, OpenFailed) and "given twice" in outcome.message and "\n" not in outcome.message
    assert session.path == path and session.lock is not None


def test_discarding_changes_removes_our_autosave(tmp_path: Path) -> None:
    session = session_on(tmp_path)
    edited(session, "draft")
    session.autosave()
    assert autosave.find(session.plan.id) is not None
    session.discard_changes()
    assert autosave.find(session.plan.id) is None and not session.dirty
