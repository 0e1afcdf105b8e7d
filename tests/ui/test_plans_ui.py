"""Saved plans in the app: find and reprint, locks, conflicts, autosave recovery, settings, privacy."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from hep_builder.core.plan import Patient, Plan, PlanItem
from hep_builder.core.plan_store import PlanStore
from hep_builder.core.planfile import read_plan, write_plan
from tests.pdf.conftest import all_text, reader


@pytest.fixture
def answers(monkeypatch):
    """Patch every message and question: records them, answers questions from a list."""
    import hep_builder.ui.main_window as main_window

    record = {"messages": [], "questions": [], "replies": []}

    def message(cls, parent, title, text, **kw):
        record["messages"].append((title, text))
        return None, True

    def question(cls, parent, title, text, yes, no):
        record["questions"].append((title, text))
        reply = record["replies"].pop(0) if record["replies"] else False
        return reply, True

    monkeypatch.setattr(main_window.Message, "run", classmethod(message))
    monkeypatch.setattr(main_window.Question, "run", classmethod(question))
    return record


def saved_plans(folder: Path, count: int = 3) -> list[Path]:
    store = PlanStore(folder)
    paths = []
    for n, (name, chart) in enumerate([("Ann Lee", "C-1"), ("Ann Lee", "C-1"), ("Bob Stone", "C-2")][:count]):
        items = (PlanItem("clamshell"), PlanItem("glute-bridge"))
        plan = Plan(Patient(name, chart), therapist="Alex Kim, PT", items=items, title=f"Plan {n}")
        paths.append(store.save(plan)[0])
    return paths


def test_front_desk_finds_previews_and_reprints_without_changing_the_plan(window, qtbot, isolated_dirs,
                                                                          pdf_printer: Path) -> None:  # fmt: skip
    from hep_builder.ui.find_plan import FindPlanDialog

    paths = saved_plans(isolated_dirs["plans"])
    before = {p: p.read_bytes() for p in paths}
    printed = pdf_printer
    dialog = FindPlanDialog(window.store, window.pdf_of_file, window.print_bytes,
                            lambda data, row: window.export_bytes(data, row.modified[:10]), window)  # fmt: skip
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.loaded)  # the folder is read in the background
    assert dialog.model.rowCount() == 3
    qtbot.keyClicks(dialog.search, "bob")  # 1: type the name
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 1)
    assert dialog.selected().patient == "Bob Stone"  # 2: the newest match is selected and previewed
    assert "Bob Stone" in all_text(dialog.preview.last_pdf)
    dialog.print_button.click()  # 3: print (pages go to the printer as images, at most 300 dpi)
    assert len(reader(printed.read_bytes()).pages) == len(reader(dialog.preview.last_pdf).pages)
    dialog.search.clear()
    dialog.refresh()
    ann = next(r for r, row in enumerate(dialog.model.rows) if row.patient == "Ann Lee")
    dialog.table.selectRow(ann)
    assert dialog.history.count() == 1 and "Plan" in dialog.history.item(0).text()
    assert {p: p.read_bytes() for p in paths} == before  # reprinting never changes a plan


def test_find_plan_opens_for_editing_with_a_lock(window, isolated_dirs, monkeypatch, answers) -> None:
    import hep_builder.ui.find_plan as find_plan

    paths = saved_plans(isolated_dirs["plans"], 1)
    monkeypatch.setattr(find_plan.FindPlanDialog, "run", classmethod(lambda cls, *a: (paths[0], True)))
    window.find_plan()
    assert window.document.plan.patient.name == "Ann Lee" and not window.document.read_only
    lock = PlanStore.lock_path(paths[0])
    assert json.loads(lock.read_text())["pid"] == os.getpid()
    window.new_plan()
    assert not lock.exists()


def test_a_plan_open_elsewhere_opens_read_only_or_is_taken_over(window, isolated_dirs, answers) -> None:
    path = saved_plans(isolated_dirs["plans"], 1)[0]
    PlanStore.lock_path(path).write_text(json.dumps({"user": "dana", "host": "pc-7", "time": "2099-01-01T08:00:00"}))
    answers["replies"] = [False]
    assert window.load_plan_file(path)
    assert window.document.read_only and "dana on pc-7" in answers["questions"][-1][1]
    window.add_exercises(["heel-slide"])
    assert len(window.document.plan.items) == 2  # read-only: nothing changed
    answers["replies"] = [True]
    assert window.load_plan_file(path) and not window.document.read_only


def test_saving_over_someone_elses_change_keeps_both(window, qtbot, isolated_dirs, answers) -> None:
    path = saved_plans(isolated_dirs["plans"], 1)[0]
    window.load_plan_file(path)
    theirs = read_plan(path).plan
    write_plan(path, theirs.__class__(**{**theirs.__dict__, "notes": "front desk"}))
    window.add_exercises(["heel-slide"])
    assert window.save_plan()
    assert answers["messages"][-1][0] == "Saved as a copy"
    versions = sorted((read_plan(p).plan.notes, len(read_plan(p).plan.items)) for p in path.parent.glob("*.hepplan"))
    assert versions == [("", 3), ("front desk", 2)]


CHILD = """
import os, sys, time
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from pathlib import Path
from PySide6.QtCore import QTimer
from hep_builder.ui.app import create_application
app = create_application()
from hep_builder.ui.main_window import MainWindow
window = MainWindow()
window.show()
window.start(Path(sys.argv[1]))  # what a double-click (hep-builder PLAN) does
window.document.add_exercises(["glute-bridge"])  # (not the window's add: the plan has it, the window would ask)
count = 0

def edit():  # steady editing, faster than any idle pause: each edit carries its time
    global count
    count += 1
    window.document.set_header(focus=f"{time.time():.3f}")
    if count == 1:
        print("editing", flush=True)

timer = QTimer()
timer.timeout.connect(edit)
timer.start(250)
app.exec()
"""


@pytest.mark.slow
def test_a_window_killed_during_steady_editing_loses_at_most_5_s_and_a_double_click_offers_it_back(
    window, isolated_dirs, answers, qtbot
) -> None:
    path = saved_plans(isolated_dirs["plans"], 1)[0]
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    child = subprocess.Popen([sys.executable, "-c", CHILD, str(path)], env=env, stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout.readline().strip() == "editing"
        time.sleep(6.5)  # longer than the maximum wait, edits every 250 ms: the idle timer never fires
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait()
        killed_at = time.time()
        child.stdout.close()
    autosaved = [read_plan(p).plan for p in (isolated_dirs["data"] / "autosave").glob("*.hepplan")]
    assert len(autosaved) == 1 and killed_at - float(autosaved[0].focus) <= 5.0
    # Open the crashed plan the way a double-click does: its unsaved work is offered back, in plain words.
    answers["replies"] = [True]
    assert window.start(path)
    title, text = answers["questions"][-1]
    assert text.startswith("HEP Builder has unsaved changes to Ann Lee's plan from ") and text.endswith("Restore them?")
    plan = window.document.plan
    assert plan.focus == autosaved[0].focus and [i.exercise_id for i in plan.items][-1] == "glute-bridge"
    assert not window.document.read_only  # the dead window's lock was stale at once (same PC, process gone)
    assert not window.document.undo_stack.isClean() and window.windowTitle().startswith("Ann Lee *")
    assert window.save_plan()
    assert not [m for m in answers["messages"] if m[0] == "Saved as a copy"]  # no false conflict
    assert read_plan(path).plan.focus == autosaved[0].focus
    assert not list((isolated_dirs["data"] / "autosave").glob("*.hepplan"))
    assert not list(isolated_dirs["plans"].glob(".tmp-*.part"))


def test_recovery_discard_asks_once_more_and_keeping_restores(window, isolated_dirs, answers) -> None:
    from hep_builder.core import autosave

    path = saved_plans(isolated_dirs["plans"], 1)[0]
    plan = read_plan(path).plan
    autosave.autosave(plan.__class__(**{**plan.__dict__, "notes": "unsaved"}), path)
    later = time.time() + 5
    os.utime(autosave.find(plan.id).autosave, (later, later))
    answers["replies"] = [False, False]  # Discard, then "Keep them"
    assert window.load_plan_file(path)
    assert [q[0] for q in answers["questions"]] == ["Restore unsaved changes?", "Discard unsaved changes?"]
    assert window.document.plan.notes == "unsaved"
    window.session.discard_changes()
    window.session.close()
    autosave.autosave(plan.__class__(**{**plan.__dict__, "notes": "unsaved"}), path)
    os.utime(autosave.find(plan.id).autosave, (later, later))
    answers["replies"] = [False, True]  # Discard, and yes, discard
    assert window.load_plan_file(path)
    assert window.document.plan.notes == "" and autosave.find(plan.id) is None


def test_leaving_unsaved_changes_asks_save_dont_save_or_cancel(window, isolated_dirs, answers, monkeypatch) -> None:
    from hep_builder.core import autosave
    from hep_builder.ui import dialogs

    replies: list[str] = []
    monkeypatch.setattr(dialogs.SaveChanges, "run", classmethod(lambda cls, parent, name: (replies.pop(0), True)))
    window.add_exercises(["clamshell"])
    window.document.set_header(patient_name="Ann Lee")
    window.autosave_now()
    replies[:] = ["cancel"]
    assert not window.new_plan() and window.document.plan.patient.name == "Ann Lee"
    replies[:] = ["save"]
    assert window.new_from_template(1) and window.document.plan.patient.name == ""
    assert [read_plan(p).plan.patient.name for p in isolated_dirs["plans"].glob("*.hepplan")] == ["Ann Lee"]
    window.document.set_header(patient_name="Bob Stone")
    window.autosave_now()
    replies[:] = ["discard"]
    assert window.new_plan() and autosave.pending() == []
    window.document.set_header(patient_name="Cy Doe")
    replies[:] = ["cancel"]
    window.show()
    assert not window.close() and window.isVisible()  # cancelled: the window and the work stay
    assert window.document.plan.patient.name == "Cy Doe"
    replies[:] = ["discard"]  # for the test's end


def test_export_and_print_save_first(window, isolated_dirs, answers, monkeypatch, tmp_path, pdf_printer) -> None:
    import hep_builder.ui.main_window as main_window

    monkeypatch.setattr(main_window.SavePdfDialog, "run", classmethod(lambda cls, p, s: (tmp_path / "o.pdf", True)))
    window.add_exercises(["clamshell"])
    window.document.set_header(patient_name="Ann Lee")
    assert window.export_pdf() == tmp_path / "o.pdf"
    saved = list(isolated_dirs["plans"].glob("*.hepplan"))
    assert [read_plan(p).plan.patient.name for p in saved] == ["Ann Lee"] and window.document.undo_stack.isClean()
    window.add_exercises(["glute-bridge"])
    assert window.print_handout()
    assert len(read_plan(saved[0]).plan.items) == 2


def test_settings_dialog_validates_and_applies(window, qtbot, isolated_dirs, monkeypatch, tmp_path) -> None:
    from hep_builder.core.clinic import load_profile
    from hep_builder.core.settings import load_settings
    from hep_builder.ui.settings_dialog import SettingsDialog

    dialog = SettingsDialog(window.settings, window.profile)
    qtbot.addWidget(dialog)
    dialog.clinic_name.setText("")
    with pytest.raises(ValueError, match="needs a name"):
        dialog.values()
    dialog.clinic_name.setText("Lakeside PT")
    dialog.locations.item(0, 2).setText("")
    with pytest.raises(ValueError, match="phone"):
        dialog.values()
    dialog.locations.item(0, 2).setText("555-0101")
    dialog.plans_dir.setText(str(tmp_path / "shared"))
    dialog.paper.setCurrentIndex(dialog.paper.findData("a4"))
    values = dialog.values()
    import hep_builder.ui.settings_dialog as settings_dialog

    monkeypatch.setattr(settings_dialog.SettingsDialog, "run", classmethod(lambda cls, *a: (values, True)))
    monkeypatch.delenv("HEP_BUILDER_PLANS_DIR")
    assert window.edit_settings()
    assert load_profile()[0].name == "Lakeside PT" and load_settings()[0].paper == "a4"
    assert window.store.folder == tmp_path / "shared"
    assert window.plan_panel.header.location.itemText(0).endswith("(555-0101)")


def test_a_patient_name_appears_in_no_file_name_and_no_log_line(
    window, qtbot, isolated_dirs, answers, tmp_path
) -> None:
    name = "Zebedee Quux"
    window.add_exercises(["clamshell"])
    qtbot.keyClicks(window.plan_panel.header.patient, name)
    window.autosave_now()
    assert window.save_plan()
    window.document.set_header(focus="changed")
    write_plan(window.document.path, read_plan(window.document.path).plan)  # someone else saves: conflict copy
    window.save_plan()
    from hep_builder.cli import main

    assert main(["export", str(window.document.path), "-o", str(tmp_path / "x" / "out.pdf")]) == 0
    assert main(["export", str(tmp_path / "missing.hepplan"), "-o", str(tmp_path / "y.pdf")]) == 1
    folders = [isolated_dirs["plans"], isolated_dirs["data"], isolated_dirs["config"], tmp_path / "x"]
    names = [p.name for folder in folders for p in folder.rglob("*")]
    assert names and not any("zebedee" in n.lower() or "quux" in n.lower() for n in names)
    logs = [p for p in isolated_dirs["data"].rglob("*.log")]
    assert all(name not in p.read_text("utf-8") for p in logs)


def test_plan_list_model_passes_the_model_tester(qtmodeltester, isolated_dirs) -> None:
    from hep_builder.ui.find_plan import PlanListModel

    saved_plans(isolated_dirs["plans"])
    model = PlanListModel()
    model.set_rows(PlanStore(isolated_dirs["plans"]).summaries())
    assert model.rowCount() == 3
    qtmodeltester.check(model)


def test_an_unreachable_plans_folder_is_explained(window, qtbot, tmp_path) -> None:
    from hep_builder.ui.find_plan import FindPlanDialog

    window.store = PlanStore(tmp_path / "share-gone")
    dialog = FindPlanDialog(window.store, window.pdf_of_file, window.print_bytes, lambda *a: None, window)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.loaded)
    assert dialog.model.rowCount() == 0 and "cannot be reached" in dialog.count.text()
    assert not dialog.print_button.isEnabled()


def test_find_plan_fills_in_the_background_and_shows_conflict_copies_as_versions(window, qtbot, isolated_dirs) -> None:
    import threading
    from dataclasses import replace

    from hep_builder.ui.find_plan import FindPlanDialog

    paths = saved_plans(isolated_dirs["plans"])
    store = PlanStore(isolated_dirs["plans"])
    plan = read_plan(paths[2]).plan
    copy = store.write(paths[2], replace(plan, notes="other PC"), lock=None, expected=None)  # a conflict copy
    assert copy.conflict
    release = threading.Event()
    real = store.iter_summaries

    def slow_share(batch: int = 200):
        rows = [r for b in real(batch) for r in b]
        yield rows[:1]
        release.wait(10)  # the rest is slow to come (a network share)
        yield rows[1:]

    store.iter_summaries = slow_share
    dialog = FindPlanDialog(store, window.pdf_of_file, window.print_bytes, lambda *a: None, window)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 1)  # the first rows show while the rest load
    assert not dialog.loaded and "still looking" in dialog.count.text()
    release.set()
    qtbot.waitUntil(lambda: dialog.loaded)
    assert dialog.model.rowCount() == 4
    bob = next(n for n, row in enumerate(dialog.model.rows) if row.patient == "Bob Stone" and not row.conflict)
    dialog.table.selectRow(bob)
    assert dialog.history.item(0).text().startswith("Another version of this plan (conflict copy)")


def test_help_problems_names_a_logo_that_cannot_be_used(window, answers, tmp_path) -> None:
    from dataclasses import replace

    bad = tmp_path / "logo.png"
    bad.write_text("<svg/>")
    window.profile = replace(window.profile, logo=bad)
    window.show_problems()
    title, text = answers["messages"][-1]
    assert title == "Problems" and "the clinic logo cannot be used: logo.png is not a PNG or JPEG" in text


def test_find_plan_offers_the_plans_unsaved_work(window, isolated_dirs, monkeypatch, answers) -> None:
    import hep_builder.ui.find_plan as find_plan
    from hep_builder.core import autosave

    path = saved_plans(isolated_dirs["plans"], 1)[0]
    plan = read_plan(path).plan
    autosave.autosave(plan.__class__(**{**plan.__dict__, "focus": "after the crash"}), path)
    later = time.time() + 5
    os.utime(autosave.find(plan.id).autosave, (later, later))
    monkeypatch.setattr(find_plan.FindPlanDialog, "run", classmethod(lambda cls, *a: (path, True)))
    answers["replies"] = [True]
    window.find_plan()
    assert answers["questions"][-1][1].startswith("HEP Builder has unsaved changes to Ann Lee's plan from ")
    assert window.document.plan.focus == "after the crash" and not window.document.undo_stack.isClean()


def test_a_read_only_plans_folder_opens_plans_read_only_with_the_reason(window, isolated_dirs, monkeypatch,
                                                                      answers) -> None:  # fmt: skip
    import errno

    from hep_builder.core import locks

    path = saved_plans(isolated_dirs["plans"], 1)[0]
    real_open = os.open

    def read_only(file, flags, *args):
        if flags & os.O_CREAT:
            raise OSError(errno.EROFS, "Read-only file system")
        return real_open(file, flags, *args)

    monkeypatch.setattr(locks.os, "open", read_only)
    assert window.load_plan_file(path)
    assert window.document.read_only and window.document.plan.patient.name == "Ann Lee"
    assert answers["messages"][-1] == ("Opened read-only",
                                       "This plan opened read-only because the plans folder is read-only.")  # fmt: skip
    assert "(read-only)" in window.windowTitle()
    assert not window.save_plan() and "newer" not in answers["messages"][-1][1]
