"""Dose boxes take exactly what was typed: in range, or empty / "–" for "left out"; anything else is refused
with the range shown, and the plan keeps its value."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from tests.ui.test_main_window import type_dose


@pytest.fixture
def editor(window):
    window.add_exercises(["glute-bridge"])  # 3 sets of 10, hold 3 s
    return window.plan_panel.dosage


@pytest.mark.parametrize(
    ("key", "typed", "shown"),
    [
        ("hold_seconds", "99999", "1 to 600 seconds"),
        ("reps", "abc-5", "1 to 200"),
        ("sets", "0", "1 to 20"),  # 0 sets means nothing: refused, not "left out"
        ("reps", "-5", "1 to 200"),
        ("days_per_week", "8", "1 to 7"),
        ("sets", "2.5", "1 to 20"),
    ],
)
def test_out_of_range_or_junk_is_refused_with_the_range(window, editor, qtbot, key, typed, shown) -> None:
    before = window.document.plan
    steps = window.document.undo_stack.count()
    type_dose(qtbot, editor.numbers[key], typed)
    assert window.document.plan.items == before.items  # nothing taken, nothing clamped
    assert window.document.undo_stack.count() == steps  # no undo step for a refused entry
    assert editor.numbers[key].text() == typed  # what was typed stays in view, as typed
    assert editor.problem.isVisibleTo(editor) and shown in editor.problem.text() and typed in editor.problem.text()
    assert "b00020" in editor.numbers[key].styleSheet()


def test_a_refused_entry_never_reaches_the_plan_even_after_a_valid_prefix(window, editor, qtbot) -> None:
    type_dose(qtbot, editor.numbers["hold_seconds"], "99999")
    # "9", "99", "999" were numbers in range as they were typed; the last keystroke made it out of range. The
    # plan goes back to what it held before the entry: never a clamped 600 or a cut 99.
    assert window.document.plan.items[0].overrides == {}
    assert editor.problem.isVisibleTo(editor)
    type_dose(qtbot, editor.numbers["hold_seconds"], "45")
    assert window.document.plan.items[0].overrides == {"hold_seconds": 45}
    assert not editor.problem.isVisibleTo(editor) and editor.numbers["hold_seconds"].styleSheet() == ""


def test_zero_rest_is_allowed_and_empty_still_leaves_out(window, editor, qtbot) -> None:
    type_dose(qtbot, editor.numbers["rest_seconds"], "0")
    assert window.document.plan.items[0].overrides["rest_seconds"] == 0
    type_dose(qtbot, editor.numbers["sets"], "")
    assert window.document.plan.items[0].overrides["sets"] is None
    assert not editor.problem.isVisibleTo(editor)


def test_up_and_down_step_within_the_range(window, editor, qtbot) -> None:
    box = editor.numbers["sets"]
    box.setFocus()
    qtbot.keyClick(box, Qt.Key.Key_Up)
    assert window.document.plan.items[0].overrides == {"sets": 4}
    type_dose(qtbot, box, "20")
    qtbot.keyClick(box, Qt.Key.Key_Up)
    assert window.document.plan.items[0].overrides == {"sets": 20}


def test_another_exercise_clears_what_was_refused(window, editor, qtbot) -> None:
    window.add_exercises(["clamshell"])
    window.plan_panel.select_row(0)
    type_dose(qtbot, editor.numbers["reps"], "abc")
    window.plan_panel.select_row(1)
    assert not editor.problem.isVisibleTo(editor) and editor.numbers["reps"].text() == "12"
