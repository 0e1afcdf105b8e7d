"""The plan list keeps its place: selection and the dose editor follow the item that was edited, dropped,
moved, undone or redone (row-level model updates, not resets)."""

from __future__ import annotations

from PySide6.QtCore import QPointF, Qt

from tests.ui.test_main_window import _drop, library_row, plan_ids, type_dose


def current_row(window) -> int:
    return window.plan_panel.view.currentIndex().row()


def selected_rows(window) -> list[int]:
    return sorted(i.row() for i in window.plan_panel.view.selectionModel().selectedRows())


def bound_to_highlight(window) -> bool:
    panel = window.plan_panel
    return panel.dosage.row == current_row(window) and selected_rows(window) == [current_row(window)]


def test_a_dose_edit_keeps_the_row_highlighted_and_down_goes_to_the_next(window, qtbot) -> None:
    window.add_exercises(["heel-slide", "glute-bridge", "clamshell"])
    panel = window.plan_panel
    panel.select_row(1)
    type_dose(qtbot, panel.dosage.numbers["reps"], "14")
    assert window.document.plan.items[1].overrides == {"reps": 14}
    assert current_row(window) == 1 and bound_to_highlight(window)
    qtbot.keyClicks(panel.dosage.note, "Slowly")  # every keystroke of a note is an edit too
    assert window.document.plan.items[1].notes == "Slowly" and panel.dosage.note.text() == "Slowly"
    assert current_row(window) == 1
    panel.view.setFocus()
    qtbot.keyClick(panel.view, Qt.Key.Key_Down)
    assert current_row(window) == 2 and panel.dosage.row == 2


def test_undo_and_redo_highlight_the_row_they_change(window, qtbot) -> None:
    window.add_exercises(["heel-slide", "glute-bridge", "clamshell"])
    panel = window.plan_panel
    panel.select_row(1)
    type_dose(qtbot, panel.dosage.numbers["sets"], "4")
    panel.select_row(2)
    window.undo_action.trigger()
    assert window.document.plan.items[1].overrides == {}
    assert current_row(window) == 1 and bound_to_highlight(window)
    panel.select_row(0)
    window.redo_action.trigger()
    assert current_row(window) == 1 and panel.dosage.numbers["sets"].value() == 4


def test_a_move_keeps_the_moved_row_highlighted_through_undo(window, qtbot) -> None:
    window.add_exercises(["heel-slide", "glute-bridge", "clamshell"])
    panel = window.plan_panel
    panel.select_row(0)
    panel.view.setFocus()
    qtbot.keyClick(panel.view, Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier)
    assert plan_ids(window) == ["glute-bridge", "heel-slide", "clamshell"]
    assert current_row(window) == 1 and bound_to_highlight(window)
    window.undo_action.trigger()
    assert current_row(window) == 0 and panel.dosage.row == 0
    assert panel.dosage.title() == "Dose: Heel slides"


def test_a_drop_highlights_what_was_dropped(window, qtbot) -> None:
    window.show()
    qtbot.waitExposed(window)
    window.add_exercises(["heel-slide", "glute-bridge"])
    window.plan_panel.select_row(0)
    library = window.library_panel
    mime = library.proxy.mimeData([library.proxy.index(library_row(window, "clamshell"), 0)])
    view = window.plan_panel.view
    _drop(view.viewport(), mime, QPointF(view.visualRect(view.model().index(1, 0)).topLeft()) + QPointF(20, 2))
    assert plan_ids(window) == ["heel-slide", "clamshell", "glute-bridge"]
    assert current_row(window) == 1 and bound_to_highlight(window)
    assert window.plan_panel.dosage.title() == "Dose: Clamshells"


def test_removing_highlights_the_row_that_took_its_place(window, qtbot) -> None:
    window.add_exercises(["heel-slide", "glute-bridge", "clamshell"])
    panel = window.plan_panel
    panel.select_row(1)
    panel.view.setFocus()
    qtbot.keyClick(panel.view, Qt.Key.Key_Delete)
    assert plan_ids(window) == ["heel-slide", "clamshell"]
    assert current_row(window) == 1 and panel.dosage.title() == "Dose: Clamshells"
    window.undo_action.trigger()
    assert current_row(window) == 1 and panel.dosage.title() == "Dose: Bridges"


def test_a_drag_within_the_plan_moves_by_key_and_keeps_the_item_highlighted(window, qtbot) -> None:
    window.show()
    qtbot.waitExposed(window)
    window.add_exercises(["heel-slide", "glute-bridge", "clamshell"])
    view = window.plan_panel.view
    model = view.model()
    mime = model.mimeData([model.index(2, 0)])
    window.document.add_exercises(["box-squat"], 0)  # the rows move before the drop lands: the key still holds
    top = QPointF(view.visualRect(model.index(0, 0)).topLeft()) + QPointF(20, 2)
    _drop(view.viewport(), mime, top, Qt.DropAction.MoveAction)
    assert plan_ids(window) == ["clamshell", "box-squat", "heel-slide", "glute-bridge"]
    assert current_row(window) == 0 and window.plan_panel.dosage.title() == "Dose: Clamshells"
