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
from hep_builder.ui.app import create_application
app = create_application()
import hep_builder.ui.main_window as mw
mw.AUTOSAVE_IDLE_MS = 100
from hep_builder.ui.main_window import MainWindow
window = MainWindow()
window.autosave_timer.setInterval(100)
window.show()
window.add_exercises(["glute-bridge", "clamshell"])
window.document.set_header(patient_name="Crash Test")
window.document.set_dose(0, "reps", 14)
print("edited", flush=True)
app.exec()
"""


@pytest.mark.slow
def test_autosave_recovers_the_edits_after_a_kill(window, isolated_dirs, answers, qtbot) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    child = subprocess.Popen([sys.executable, "-c", CHILD], env=env, stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout.readline().strip() == "edited"
        autosaves = isolated_dirs["data"] / "autosave"
        deadline = time.time() + 30
        while not list(autosaves.glob("*.hepplan")) and time.time() < deadline:
            time.sleep(0.1)
        time.sleep(0.3)
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait()
        child.stdout.close()
    answers["replies"] = [True]
    assert window.offer_recovery()
    plan = window.document.plan
    assert plan.patient.name == "Crash Test" and [i.exercise_id for i in plan.items] == ["glute-bridge", "clamshell"]
    assert plan.items[0].overrides == {"reps": 14}
    assert not window.document.undo_stack.isClean() and window.windowTitle().startswith("Crash Test *")
    assert window.save_plan()
    assert not list((isolated_dirs["data"] / "autosave").glob("*.hepplan"))


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
    assert dialog.model.rowCount() == 0 and "cannot be reached" in dialog.count.text()
    assert not dialog.print_button.isEnabled()
