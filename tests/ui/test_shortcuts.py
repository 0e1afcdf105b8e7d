"""Every menu shortcut works whichever box has the focus (Ctrl+E in a one-line box on Linux, Ctrl+Z in any)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication


def _fields(window) -> dict[str, object]:
    header, dose = window.plan_panel.header, window.plan_panel.dosage
    return {
        "one-line box": header.patient,
        "search box": window.library_panel.search,
        "text area": header.goals,
        "dose number": dose.numbers["reps"],
        "dose text": dose.texts["resistance"],
        "note": dose.note,
        "date": header.follow_up,
        "drop-down": header.phase,
        "plan list": window.plan_panel.view,
        "library list": window.library_panel.view,
    }


@pytest.fixture
def counted(window, qtbot):
    """The window shown and active, each action's work replaced by a counter."""
    window.add_exercises(["glute-bridge"])
    window.plan_panel.header.has_follow_up.setChecked(True)
    window.show()
    window.activateWindow()
    qtbot.waitExposed(window)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    qtbot.waitUntil(lambda: hasattr(window, "keys_first"))  # set up just after the window's first paint
    fired: list[str] = []
    names = ("new", "find_plan", "open", "save", "export", "print", "quit", "undo", "redo", "find", "settings")
    actions = {name: getattr(window, f"{name}_action") for name in names}
    for name, action in actions.items():
        action.triggered.disconnect()
        action.triggered.connect(lambda _c=False, n=name: fired.append(n))
        action.setEnabled(True)
    window.document.undo_stack.canUndoChanged.disconnect()  # keep undo/redo enabled for the test
    window.document.undo_stack.canRedoChanged.disconnect()
    return window, actions, fired


def test_each_menu_shortcut_works_from_each_kind_of_field(counted, qtbot) -> None:
    window, actions, fired = counted
    missed = []
    for field_name, field in _fields(window).items():
        for name, action in actions.items():
            for sequence in action.shortcuts():
                combo = sequence[0]
                field.setFocus()
                assert QApplication.focusWidget() is field or field.isAncestorOf(QApplication.focusWidget())
                fired.clear()
                qtbot.keyClick(QApplication.focusWidget(), combo.key(), combo.keyboardModifiers())
                if fired != [name]:
                    missed.append(f"{sequence.toString()} ({name}) in the {field_name}: {fired}")
    assert not missed, "\n".join(missed)
    assert actions["export"].shortcut().toString() == "Ctrl+E"  # the clashing one is covered above


def test_ctrl_z_in_a_box_is_the_plans_undo_not_the_boxs(window, qtbot) -> None:
    window.show()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    qtbot.waitUntil(lambda: hasattr(window, "keys_first"))  # set up just after the window's first paint
    window.add_exercises(["glute-bridge"])
    patient = window.plan_panel.header.patient
    patient.setFocus()
    qtbot.keyClicks(patient, "Ann")
    assert window.document.plan.patient.name == "Ann"
    qtbot.keyClick(patient, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.document.plan.patient.name == "" and patient.text() == ""
    qtbot.keyClick(patient, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.document.plan.items == ()  # the step before: the add


def test_duplicate_works_from_the_dose_box(window, qtbot) -> None:
    window.show()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    qtbot.waitUntil(lambda: hasattr(window, "keys_first"))  # set up just after the window's first paint
    window.add_exercises(["clamshell"])
    window.plan_panel.dosage.note.setFocus()
    qtbot.keyClick(window.plan_panel.dosage.note, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert [i.exercise_id for i in window.document.plan.items] == ["clamshell", "clamshell"]


def test_the_box_focused_at_start_gets_the_windows_keys_too(window, qtbot) -> None:
    window.add_exercises(["glute-bridge"])
    window.library_panel.search.setFocus()
    window.show()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    qtbot.waitUntil(lambda: hasattr(window, "keys_first"))  # set up just after the window's first paint
    search = window.library_panel.search
    assert QApplication.focusWidget() is search  # the first focus of the window, before the keys were routed
    qtbot.keyClick(search, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.document.plan.items == ()  # the plan's undo, not the search box's
