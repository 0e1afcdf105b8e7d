"""The main window as a therapist uses it: add, arrange, dose, undo, templates, export and print."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QApplication

from hep_builder.ui import dialogs
from hep_builder.ui.models import ID_ROLE
from tests.pdf.conftest import all_text, reader


def type_dose(qtbot, box, text: str) -> None:
    """Replace what a dose box holds by typing, as a therapist does (empty text: clear it)."""
    box.setFocus()
    box.selectAll()
    if text:
        qtbot.keyClicks(box, text)
    else:
        qtbot.keyClick(box, Qt.Key.Key_Backspace)


def plan_ids(window) -> list[str]:
    return [item.exercise_id for item in window.document.plan.items]


def library_row(window, exercise_id: str) -> int:
    proxy = window.library_panel.proxy
    return next(r for r in range(proxy.rowCount()) if proxy.index(r, 0).data(ID_ROLE) == exercise_id)


@pytest.fixture
def messages(monkeypatch) -> list[tuple[str, str]]:
    seen: list[tuple[str, str]] = []
    monkeypatch.setattr(
        dialogs.Message,
        "run",
        classmethod(lambda cls, parent, title, text, **kw: seen.append((title, text)) or (None, True)),
    )
    import hep_builder.ui.main_window as main_window

    monkeypatch.setattr(main_window.Message, "run", dialogs.Message.run)
    return seen


def test_search_and_filters_narrow_the_library(window, qtbot) -> None:
    panel = window.library_panel
    qtbot.keyClicks(panel.search, "clam")
    qtbot.waitUntil(lambda: panel.proxy.rowCount() == 1)
    assert panel.proxy.index(0, 0).data(ID_ROLE) == "clamshell"
    panel.search.clear()
    panel.category.setCurrentIndex(panel.category.findData("balance"))
    panel.phase.setCurrentIndex(panel.phase.findData(3))
    panel.apply_filter()
    shown = [panel.proxy.index(r, 0).data(ID_ROLE) for r in range(panel.proxy.rowCount())]
    assert shown and all(window.library[i].category == "balance" and 3 in window.library[i].phases for i in shown)
    assert panel.count.text() == f"{len(shown)} of {len(window.library)} exercises"


def test_add_by_double_click_enter_and_button(window, qtbot) -> None:
    window.show()
    qtbot.waitExposed(window)
    panel = window.library_panel
    view = panel.view
    index = panel.proxy.index(library_row(window, "glute-bridge"), 0)
    view.scrollTo(index)
    rect = view.visualRect(index)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert plan_ids(window) == ["glute-bridge"]
    view.setCurrentIndex(panel.proxy.index(library_row(window, "clamshell"), 0))
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Return)
    view.setCurrentIndex(panel.proxy.index(library_row(window, "heel-slide"), 0))
    qtbot.mouseClick(panel.add_button, Qt.MouseButton.LeftButton)
    assert plan_ids(window) == ["glute-bridge", "clamshell", "heel-slide"]
    assert window.plan_panel.dosage.row == 2  # the new item is selected for dosing


def _drop(widget, mime, pos: QPointF, action=Qt.DropAction.CopyAction) -> None:
    buttons, modifiers = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    enter = QDragEnterEvent(pos, action, mime, buttons, modifiers)
    QApplication.sendEvent(widget, enter)
    move = QDragMoveEvent(pos, action, mime, buttons, modifiers)
    QApplication.sendEvent(widget, move)
    drop = QDropEvent(pos, action, mime, buttons, modifiers)
    QApplication.sendEvent(widget, drop)


def test_add_by_synthetic_drag_onto_the_plan_view(window, qtbot) -> None:
    window.show()
    qtbot.waitExposed(window)
    panel = window.library_panel
    index = panel.proxy.index(library_row(window, "side-lying-abduction"), 0)
    mime = panel.proxy.mimeData([index])
    viewport = window.plan_panel.view.viewport()
    _drop(viewport, mime, QPointF(20, viewport.height() - 5))
    assert plan_ids(window) == ["side-lying-abduction"]
    assert window.document.undo_stack.undoText() == "Add Side-lying leg lifts"


def test_reorder_and_remove_by_keyboard_and_buttons(window, qtbot) -> None:
    window.add_exercises(["heel-slide", "glute-sets", "clamshell"])
    panel = window.plan_panel
    panel.select_row(2)
    panel.view.setFocus()
    qtbot.keyClick(panel.view, Qt.Key.Key_Up, Qt.KeyboardModifier.ControlModifier)
    assert plan_ids(window) == ["heel-slide", "clamshell", "glute-sets"]
    qtbot.mouseClick(panel.up_button, Qt.MouseButton.LeftButton)
    assert plan_ids(window) == ["clamshell", "heel-slide", "glute-sets"]
    qtbot.mouseClick(panel.duplicate_button, Qt.MouseButton.LeftButton)
    assert plan_ids(window) == ["clamshell", "clamshell", "heel-slide", "glute-sets"]
    qtbot.keyClick(panel.view, Qt.Key.Key_Delete)
    assert plan_ids(window) == ["clamshell", "heel-slide", "glute-sets"]
    window.undo_action.trigger()
    assert plan_ids(window) == ["clamshell", "clamshell", "heel-slide", "glute-sets"]
    window.redo_action.trigger()
    assert len(plan_ids(window)) == 3


def test_dose_editor_edits_marks_and_resets(window, qtbot) -> None:
    window.add_exercises(["glute-bridge"])
    editor = window.plan_panel.dosage
    assert editor.row == 0 and editor.numbers["reps"].value() == 10
    type_dose(qtbot, editor.numbers["reps"], "15")
    editor.side.setCurrentIndex(editor.side.findData("left"))
    qtbot.keyClicks(editor.texts["resistance"], "green band")
    qtbot.keyClicks(editor.note, "Slowly")
    item = window.document.plan.items[0]
    assert item.overrides == {"reps": 15, "side": "left", "resistance": "green band"} and item.notes == "Slowly"
    assert "bold" in editor.labels["reps"].styleSheet() and editor.labels["sets"].styleSheet() == ""
    assert [window.document.undo_stack.text(i) for i in range(1, 4)] == [
        "Change reps of Bridges",
        "Change side of Bridges",
        "Change resistance of Bridges",
    ]
    qtbot.mouseClick(editor.reset_button, Qt.MouseButton.LeftButton)
    assert window.document.plan.items[0].overrides == {}
    assert editor.numbers["reps"].value() == 10
    window.undo_action.trigger()
    assert editor.numbers["reps"].value() == 15


def test_header_edits_update_the_plan_and_undo(window, qtbot) -> None:
    header = window.plan_panel.header
    qtbot.keyClicks(header.patient, "Jane Doe")
    assert window.document.plan.patient.name == "Jane Doe"
    assert window.windowTitle().startswith("Jane Doe *")
    header.location.setCurrentIndex(header.location.findData("minneapolis"))
    assert window.document.plan.location == "minneapolis"
    window.undo_action.trigger()
    assert window.document.plan.location == "edina" and header.location.currentData() == "edina"
    window.undo_action.trigger()
    assert window.document.plan.patient.name == "" and header.patient.text() == ""


def test_sixth_exercise_shows_a_gentle_hint(window) -> None:
    window.show()
    hint = window.plan_panel.many_hint
    window.add_exercises(["heel-slide", "glute-sets", "clamshell", "glute-bridge", "sit-to-stand"])
    assert not hint.isVisible()
    window.add_exercises(["walking-program"])
    assert hint.isVisible()
    window.undo_action.trigger()
    assert not hint.isVisible()


def test_templates_and_progression(window) -> None:
    window.template_actions[0].trigger()
    assert plan_ids(window)[:2] == ["heel-slide", "glute-sets"] and window.document.plan.phase == 1
    window.progress_action.trigger()
    assert "glute-bridge" in plan_ids(window) and window.document.plan.phase == 2
    assert "Progress plan" in window.undo_action.text()
    window.undo_action.trigger()
    assert window.document.plan.phase == 1
    window.ease_action.trigger()  # phase 1 template: glute sets has no easier step, the others neither
    assert window.document.plan.phase == 1 and "easier step" in window.statusBar().currentMessage()


def test_ease_plan_is_one_undo_step(window) -> None:
    window.add_exercises(["glute-bridge", "box-squat"])
    window.document.set_header(phase=2)
    window.ease_action.trigger()
    assert plan_ids(window) == ["glute-sets", "sit-to-stand"] and window.document.plan.phase == 1
    assert window.statusBar().currentMessage() == (
        "Bridges → Buttock squeezes; Squat to a chair → Sit to stand. The plan is now phase 1 (was phase 2)."
    )
    assert window.undo_action.text() == "&Undo Ease plan: Bridges → Buttock squeezes; Squat to a chair → Sit to stand"
    window.undo_action.trigger()
    assert plan_ids(window) == ["glute-bridge", "box-squat"] and window.document.plan.phase == 2


def test_export_needs_a_name_then_writes_the_pdf(window, qtbot, tmp_path: Path, monkeypatch, messages) -> None:
    window.add_exercises(["glute-bridge", "clamshell"])
    asked = []
    monkeypatch.setattr(
        dialogs.SavePdfDialog,
        "run",
        classmethod(lambda cls, parent, suggested: asked.append(suggested) or (tmp_path / "out.pdf", True)),
    )
    import hep_builder.ui.main_window as main_window

    monkeypatch.setattr(main_window.SavePdfDialog, "run", dialogs.SavePdfDialog.run)
    assert window.export_pdf() is None
    assert messages[-1][0] == "Patient name needed" and not asked
    qtbot.keyClicks(window.plan_panel.header.patient, "O'Brien & <Sons>")
    assert window.export_pdf() == tmp_path / "out.pdf"
    text = all_text((tmp_path / "out.pdf").read_bytes())
    assert "O'Brien & <Sons>" in text and "Bridges" in text and "Clamshells" in text
    # The folder is remembered for next time.
    window.export_pdf()
    assert asked[-1].parent == tmp_path


def test_print_to_a_pdf_printer(window, qtbot, pdf_printer: Path, messages) -> None:
    window.add_exercises(["glute-bridge"])
    qtbot.keyClicks(window.plan_panel.header.patient, "Ann Lee")
    assert window.print_handout()
    assert len(reader(pdf_printer.read_bytes()).pages) == len(reader(window.build_pdf()).pages)


def test_save_and_reopen_and_a_failed_save_keeps_the_work(window, qtbot, isolated_dirs, monkeypatch, messages) -> None:
    window.add_exercises(["clamshell"])
    qtbot.keyClicks(window.plan_panel.header.patient, "Ann Lee")
    assert window.save_plan()
    saved = window.document.path
    assert saved.parent == isolated_dirs["plans"] and saved.name == f"{window.document.plan.id}.hepplan"
    assert "Ann" not in saved.name and window.windowTitle().startswith("Ann Lee —")
    before = saved.read_bytes()
    window.add_exercises(["glute-bridge"])
    import hep_builder.core.planfile as planfile

    def full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    with monkeypatch.context() as patched:
        patched.setattr(planfile.os, "replace", full)
        assert not window.save_plan()
    assert messages[-1][0] == "Plan not saved" and "No space left" in messages[-1][1]
    assert saved.read_bytes() == before and plan_ids(window) == ["clamshell", "glute-bridge"]
    window.new_plan()  # "Don't save" (the test's answer): the failed edit is let go
    assert window.load_plan_file(saved) and plan_ids(window) == ["clamshell"]


def test_preview_shows_the_handout(window) -> None:
    window.add_exercises(["glute-bridge"])
    window.preview.refresh_now()
    assert window.preview.document.pageCount() >= 3
    assert "Bridges" in all_text(window.preview.last_pdf)


def test_window_layout_is_remembered(window, qtbot, bundled_library) -> None:
    import os

    from hep_builder.core.clinic import load_profile
    from hep_builder.core.settings import Settings
    from hep_builder.ui.main_window import MainWindow, ui_settings

    window.show()
    qtbot.waitExposed(window)
    window.resize(760, 560)  # the offscreen screen is 800 x 600
    window.splitter.setSizes([200, 280, 280])
    expected = window.splitter.sizes()
    window.close()
    again = MainWindow(bundled_library, load_profile()[0], Settings())
    qtbot.addWidget(again)
    again.show()
    qtbot.waitExposed(again)
    assert again.splitter.sizes()[:2] == expected[:2]  # the last pane takes what the screen leaves
    assert not ui_settings().value("window/geometry").isEmpty()
    again.save_window_state()
    ini = Path(ui_settings().fileName())
    os.utime(ini, ns=(1_000_000_000, 1_000_000_000))  # an old time: any rewrite would show
    again.save_window_state()  # nothing moved since: the file is left alone
    assert ini.stat().st_mtime_ns == 1_000_000_000
    again.splitter.setSizes([300, 200, 260])
    again.save_window_state()  # moved: written
    assert ini.stat().st_mtime_ns != 1_000_000_000
    assert ui_settings().value("window/main-splitter") == again.splitter.saveState()


def test_find_shortcut_focuses_search(window, qtbot) -> None:
    window.show()
    qtbot.waitExposed(window)
    window.find_action.trigger()
    assert window.focusWidget() is window.library_panel.search


@pytest.mark.slow
def test_quit_when_ready(tmp_path: Path) -> None:
    env = {"QT_QPA_PLATFORM": "offscreen", "HEP_BUILDER_CONFIG_DIR": str(tmp_path / "c"),
           "HEP_BUILDER_DATA_DIR": str(tmp_path / "d"), "HEP_BUILDER_PLANS_DIR": str(tmp_path / "p")}  # fmt: skip
    import os

    result = subprocess.run([sys.executable, "-m", "hep_builder", "gui", "--quit-when-ready"],
                            env={**os.environ, **env}, capture_output=True, text=True, timeout=120)  # fmt: skip
    assert result.returncode == 0, result.stderr


def test_library_problems_are_shown_in_the_app(qtbot, tmp_path: Path, messages, monkeypatch) -> None:
    from hep_builder.core.clinic import load_profile
    from hep_builder.core.library import load_default_library
    from hep_builder.core.settings import Settings
    from hep_builder.ui.main_window import MainWindow

    (tmp_path / "bad.yaml").write_text("schema_version: 1\nexercises:\n  - id: broken\n", "utf-8")
    monkeypatch.setenv("HEP_BUILDER_LIBRARY_PATH", str(tmp_path))
    main = MainWindow(load_default_library(), load_profile()[0], Settings())
    qtbot.addWidget(main)
    assert "library problems" in main.statusBar().currentMessage()
    main.problems_action.trigger()
    title, text = messages[-1]
    assert title == "Problems" and "bad.yaml:3: exercise 'broken': missing required key" in text


def test_a_broken_clinic_profile_and_setting_are_reported_not_silently_replaced(
    qtbot, isolated_dirs, messages, bundled_library
) -> None:
    from hep_builder.ui.main_window import MainWindow

    isolated_dirs["config"].mkdir(parents=True)
    (isolated_dirs["config"] / "clinic.yaml").write_text("name: [unclosed\n", "utf-8")
    (isolated_dirs["config"] / "settings.yaml").write_text("paper: tabloid\n", "utf-8")
    main = MainWindow(bundled_library)  # reads settings and profile itself, as at start-up
    qtbot.addWidget(main)
    assert main.profile.name == "OrthoRehab Specialists" and main.settings.paper == "letter"  # defaults used
    assert "2 settings problems" in main.statusBar().currentMessage()
    main.problems_action.trigger()
    title, text = messages[-1]
    assert title == "Problems"
    assert "clinic.yaml" in text and "using the default clinic profile" in text
    assert "setting 'paper' has unknown value 'tabloid'" in text


@pytest.mark.slow
def test_the_gui_collects_garbage_again_once_the_window_is_up(tmp_path: Path) -> None:
    """Start-up runs without the cyclic collector; a window left without it would leak for the whole session."""
    import os

    code = (
        "import gc, sys\n"
        "from PySide6.QtCore import QTimer\n"
        "from hep_builder import cli\n"
        "seen = []\n"
        "def look():\n"
        "    seen.append((gc.isenabled(), gc.get_freeze_count()))\n"
        "QTimer.singleShot(0, look)\n"  # runs in the first turn of the window's event loop
        "code = cli.main(['--quit-when-ready'])\n"
        "print(code, *seen[0], gc.isenabled())\n"
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "HEP_BUILDER_CONFIG_DIR": str(tmp_path / "c"),
           "HEP_BUILDER_DATA_DIR": str(tmp_path / "d"), "HEP_BUILDER_PLANS_DIR": str(tmp_path / "p")}  # fmt: skip
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    exit_code, enabled_in_loop, frozen, enabled_after = result.stdout.split()
    assert exit_code == "0" and enabled_in_loop == "True" and enabled_after == "True"
    assert int(frozen) > 10_000  # start-up's objects were frozen out of its way


def test_dose_editor_can_leave_out_a_library_default(window, qtbot) -> None:
    window.add_exercises(["glute-bridge"])
    editor = window.plan_panel.dosage
    assert editor.numbers["hold_seconds"].value() == 3
    type_dose(qtbot, editor.numbers["hold_seconds"], "")  # an empty box shows "–"
    assert window.document.plan.items[0].overrides == {"hold_seconds": None}
    assert editor.numbers["hold_seconds"].text() == "" and "bold" in editor.labels["hold_seconds"].styleSheet()
    assert "hold" not in window.plan_panel.model.index(0, 0).data()
    type_dose(qtbot, editor.numbers["hold_seconds"], "-")  # typing a dash says the same
    assert window.document.plan.items[0].overrides == {"hold_seconds": None}
    type_dose(qtbot, editor.numbers["hold_seconds"], "3")  # the library's value again
    assert window.document.plan.items[0].overrides == {}
    assert editor.labels["hold_seconds"].styleSheet() == ""


def test_toolbar_undo_keeps_a_short_label_and_names_the_step(window) -> None:
    button = window.undo_button_action
    assert button.text() == "Undo" and not button.isEnabled()
    window.add_exercises(["glute-bridge"])
    assert button.isEnabled() and button.text() == "Undo" and button.toolTip() == "Undo: Add Bridges"
    button.trigger()
    assert window.document.plan.items == () and not button.isEnabled()
    assert window.redo_button_action.isEnabled() and window.redo_button_action.toolTip() == "Redo: Add Bridges"


def test_narrow_lists_cut_long_lines_instead_of_scrolling_sideways(window, qtbot) -> None:
    window.add_exercises(["belt-isometric-abduction", "lateral-band-walk", "glute-bridge"])
    window.resize(1024, 700)
    window.show()
    qtbot.waitExposed(window)
    qtbot.wait(50)  # a few turns of the event loop: a layout that feeds back on itself would keep going
    for view in (window.plan_panel.view, window.library_panel.view):
        width = view.viewport().width()
        rows = [view.visualRect(view.model().index(row, 0)) for row in range(view.model().rowCount())]
        assert rows and all(rect.width() <= width for rect in rows)
        assert not view.horizontalScrollBar().isVisible()
    window.resize(1366, 768)  # wider again: the rows follow
    qtbot.wait(50)
    view = window.plan_panel.view
    assert view.visualRect(view.model().index(0, 0)).width() <= view.viewport().width()


def test_a_failed_start_is_explained_in_a_window(monkeypatch, messages, isolated_dirs) -> None:
    import hep_builder.core.startup as startup
    from hep_builder.cli import main as cli_main

    def broken():
        raise PermissionError("the data folder is read-only")

    monkeypatch.setattr(startup, "load_start_data", broken)
    assert cli_main(["--quit-when-ready"]) == 1
    title, text = messages[-1]
    assert title == "HEP Builder could not start" and "the data folder is read-only" in text
    log = isolated_dirs["data"] / "logs" / "hep-builder.log"
    assert str(log) in text and "PermissionError" in log.read_text("utf-8")


def test_an_unexpected_error_in_the_window_is_logged_explained_once_and_the_plan_kept(
    window, messages, isolated_dirs
) -> None:
    import sys

    from hep_builder.core import autosave
    from hep_builder.ui.app import ErrorReporter

    window.add_exercises(["glute-bridge"])  # unsaved work
    reporter = ErrorReporter(window)
    for _ in range(2):
        try:
            raise ValueError("a redraw went wrong")
        except ValueError:
            reporter(*sys.exc_info())
    assert [title for title, _ in messages] == ["Something went wrong"]  # explained once, not per redraw
    assert "ValueError: a redraw went wrong" in messages[0][1] and "Traceback" not in messages[0][1]
    log = (isolated_dirs["data"] / "logs" / "hep-builder.log").read_text("utf-8")
    assert log.count("ValueError: a redraw went wrong") == 2  # but logged every time
    assert [r.plan.items[0].exercise_id for r in autosave.pending()] == ["glute-bridge"]  # the work is kept


def test_a_preview_that_cannot_be_built_says_so_and_is_logged(qtbot, isolated_dirs) -> None:
    from hep_builder.ui.preview import PreviewPanel

    def broken() -> bytes:
        raise OSError("font file missing")

    panel = PreviewPanel(broken)
    qtbot.addWidget(panel)
    panel.refresh_now()
    assert panel.status.text() == "Preview not available: font file missing"
    log = (isolated_dirs["data"] / "logs" / "hep-builder.log").read_text("utf-8")
    assert "preview failed" in log and "OSError: font file missing" in log


def test_keyboard_only_search_then_enter_adds(window, qtbot) -> None:
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)  # focus is only real in the active window
    panel = window.library_panel
    window.find_action.trigger()  # Ctrl+F
    qtbot.keyClicks(panel.search, "clam")
    qtbot.keyClick(panel.search, Qt.Key.Key_Return)  # one match: added at once, no wait for the search pause
    assert plan_ids(window) == ["clamshell"]
    assert panel.search.hasFocus() and panel.search.selectedText() == "clam"  # ready for the next search
    qtbot.keyClicks(panel.search, "bridge")  # replaces the selected text; two matches
    qtbot.keyClick(panel.search, Qt.Key.Key_Return)
    assert plan_ids(window) == ["clamshell"] and panel.view.hasFocus()  # several: the list takes over
    assert panel.view.currentIndex().row() == 0 and panel.view.selectionModel().isSelected(panel.view.currentIndex())
    qtbot.keyClick(panel.view, Qt.Key.Key_Down)
    qtbot.keyClick(panel.view, Qt.Key.Key_Return)
    assert plan_ids(window) == ["clamshell", "single-leg-bridge"]
    window.find_action.trigger()
    qtbot.keyClick(panel.search, Qt.Key.Key_Down)  # Down also leads into the list
    assert panel.view.hasFocus() and panel.view.currentIndex().data(ID_ROLE) == "glute-bridge"


def test_one_exercise_can_be_made_harder_or_easier_from_its_menu(window) -> None:
    window.add_exercises(["glute-bridge", "clamshell"])
    window.document.set_header(phase=2)
    panel = window.plan_panel
    menu = panel.item_menu(0)
    texts = [a.text() for a in menu.actions() if not a.isSeparator()]
    assert texts == ["Harder: One-leg bridges", "Easier: Buttock squeezes", "Duplicate (Ctrl+D)", "Remove (Delete)"]
    harder = menu.actions()[0]
    assert harder.isEnabled()
    harder.trigger()
    assert plan_ids(window) == ["single-leg-bridge", "clamshell"]
    assert window.document.plan.phase == 2  # one exercise moved, not the plan
    assert window.undo_action.text() == "&Undo Harder: Bridges → One-leg bridges"
    easier_clamshell = panel.item_menu(1).actions()[1]
    assert not easier_clamshell.isEnabled() and easier_clamshell.text() == "Easier: none in the library"
    window.undo_action.trigger()
    assert plan_ids(window) == ["glute-bridge", "clamshell"]
    panel.item_menu(0).actions()[1].trigger()  # easier
    assert plan_ids(window) == ["glute-sets", "clamshell"]


def test_right_click_on_a_plan_row_opens_its_menu(window, qtbot, monkeypatch) -> None:
    opened = []
    monkeypatch.setattr(
        dialogs.PopupMenu, "run", classmethod(lambda cls, menu, pos: opened.append([a.text() for a in menu.actions()]))
    )
    window.add_exercises(["glute-bridge"])
    window.show()
    qtbot.waitExposed(window)
    view = window.plan_panel.view
    view.customContextMenuRequested.emit(view.visualRect(view.model().index(0, 0)).center())
    assert opened and opened[0][0] == "Harder: One-leg bridges"
    view.customContextMenuRequested.emit(view.visualRect(view.model().index(0, 0)).bottomRight() * 50)  # no row
    assert len(opened) == 1


def test_progress_keeps_the_therapists_work_and_says_so(window, qtbot) -> None:
    from tests.ui.test_main_window import type_dose

    window.add_exercises(["glute-bridge", "clamshell"])
    window.document.set_header(phase=1)
    editor = window.plan_panel.dosage
    window.plan_panel.select_row(0)
    type_dose(qtbot, editor.numbers["sets"], "3")  # the library's 3: no override
    type_dose(qtbot, editor.numbers["sets"], "4")
    type_dose(qtbot, editor.numbers["reps"], "15")
    type_dose(qtbot, editor.numbers["days_per_week"], "6")
    qtbot.keyClicks(editor.note, "Slowly")
    window.progress_action.trigger()
    item = window.document.plan.items[0]
    assert item.exercise_id == "single-leg-bridge"
    assert item.overrides == {"sets": 4, "days_per_week": 6} and item.notes == "Slowly"  # reps: new default
    message = window.statusBar().currentMessage()
    assert message.startswith("Bridges → One-leg bridges, your 4 sets, 6 days a week and note kept")
    assert "The plan is now phase 2 (was phase 1)." in message
    assert "Bridges → One-leg bridges, your 4 sets, 6 days a week and note kept" in window.undo_action.text()
    assert window.plan_panel.view.currentIndex().row() == 0 and editor.numbers["sets"].value() == 4
    assert editor.numbers["reps"].value() == 8
