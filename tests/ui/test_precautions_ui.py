"""Hip precautions in the window: the control by Phase, the warning mark on plan rows, keeping one on purpose."""

from __future__ import annotations

from PySide6.QtCore import Qt

FLAGGED = ("seated-hip-rotation", "quadruped-rock-back", "box-squat", "supported-deep-squat", "knee-rocks")
POSTERIOR = "posterior-hip-replacement"


def rows(window) -> list[tuple[str, str]]:
    model = window.plan_panel.model
    return [
        (model.data(model.index(r, 0)), model.data(model.index(r, 0), Qt.ItemDataRole.ToolTipRole))
        for r in range(model.rowCount())
    ]


def test_posterior_plan_marks_the_conflicting_rows_only(window, tmp_path) -> None:
    document = window.document
    document.add_exercises([*FLAGGED, "glute-bridge"])
    assert not any(text.startswith("⚠") for text, _tip in rows(window))  # precautions not stated yet

    button = window.plan_panel.header.precautions
    button.actions_by_id[POSTERIOR].trigger()  # the menu's checkable action, as a click would
    assert document.plan.precautions == (POSTERIOR,)
    assert button.text() == "Precautions: Posterior THR"
    marked = rows(window)
    for text, tip in marked[:-1]:
        assert text.startswith("⚠") and "not allowed after a hip replacement from the back" in tip
    assert not marked[-1][0].startswith("⚠")  # bridges
    grab = tmp_path / "plan-panel.png"
    window.resize(1400, 900)
    window.plan_panel.grab().save(str(grab))
    assert grab.stat().st_size > 0

    document.undo_stack.undo()
    assert document.plan.precautions == ()
    assert not any(text.startswith("⚠") for text, _tip in rows(window))


def test_keeping_a_conflicting_exercise_is_an_undoable_step(window) -> None:
    document = window.document
    document.add_exercises(["box-squat"])
    document.set_precautions(precautions=(POSTERIOR,), affected_side="left")
    menu = window.plan_panel.item_menu(0)
    keep = next(a for a in menu.actions() if a.text() == "Keep it despite the hip precautions")
    keep.trigger()
    assert document.plan.items[0].acknowledged == (POSTERIOR,)
    assert not rows(window)[0][0].startswith("⚠")
    document.undo_stack.undo()
    assert document.plan.items[0].acknowledged == ()
    assert rows(window)[0][0].startswith("⚠")


def test_none_excludes_the_rules_and_each_change_is_its_own_step(window) -> None:
    document, button = window.document, window.plan_panel.header.precautions
    button.actions_by_id[POSTERIOR].trigger()
    button.actions_by_id["partial-weight-bearing"].trigger()
    assert document.plan.precautions == (POSTERIOR, "partial-weight-bearing")
    button.actions_by_id["none"].trigger()
    assert document.plan.precautions == ("none",)
    button.side_actions["right"].trigger()
    assert document.plan.affected_side == "right"
    for expected in (("none",), (POSTERIOR, "partial-weight-bearing"), (POSTERIOR,), ()):
        document.undo_stack.undo()
        assert document.plan.precautions == expected


def library_row(window, exercise_id: str) -> tuple[str, str]:
    model = window.library_panel.model
    index = model.index(model._rows[exercise_id], 0)
    return model.data(index), model.data(index, Qt.ItemDataRole.ToolTipRole)


def test_the_library_marks_the_exercises_that_break_the_plans_precautions(window, qtbot) -> None:
    document = window.document
    assert "hip rules" not in library_row(window, "seated-hip-rotation")[0]
    with qtbot.waitSignal(window.library_panel.model.dataChanged):
        window.plan_panel.header.precautions.actions_by_id[POSTERIOR].trigger()
    for exercise_id in FLAGGED:
        text, tip = library_row(window, exercise_id)
        assert "⚠ hip rules" in text.splitlines()[1]
        assert "not allowed after a hip replacement from the back" in tip
    text, tip = library_row(window, "glute-bridge")
    assert "hip rules" not in text and "not allowed" not in tip

    document.undo_stack.undo()  # the marks follow the plan, undo included
    assert "hip rules" not in library_row(window, "seated-hip-rotation")[0]
