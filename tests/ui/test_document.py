"""Every plan edit is an undo command: each one undoes and redoes exactly."""

from __future__ import annotations

from datetime import date

from hep_builder.core.plan import PlanItem


def ids(document) -> list[str]:
    return [item.exercise_id for item in document.plan.items]


def test_add_remove_move_duplicate_undo_and_redo(document) -> None:
    stack = document.undo_stack
    document.add_exercises(["glute-bridge", "clamshell"])
    document.add_exercises(["heel-slide"], row=0)
    assert ids(document) == ["heel-slide", "glute-bridge", "clamshell"]
    assert stack.undoText() == "Add Heel slides"
    document.move_rows([0], 3)
    assert ids(document) == ["glute-bridge", "clamshell", "heel-slide"]
    document.duplicate_row(1)
    assert ids(document) == ["glute-bridge", "clamshell", "clamshell", "heel-slide"]
    document.remove_rows([0, 3])
    assert ids(document) == ["clamshell", "clamshell"]
    assert stack.undoText() == "Remove 2 exercises"
    history = [["clamshell", "clamshell"], ["glute-bridge", "clamshell", "clamshell", "heel-slide"],
               ["glute-bridge", "clamshell", "heel-slide"], ["heel-slide", "glute-bridge", "clamshell"],
               ["glute-bridge", "clamshell"], []]  # fmt: skip
    for expected in history[1:]:
        stack.undo()
        assert ids(document) == expected
    for expected in reversed(history[:-1]):
        stack.redo()
        assert ids(document) == expected


def test_unknown_ids_and_bad_rows_change_nothing(document) -> None:
    document.add_exercises(["no-such-thing"])
    document.remove_rows([5])
    document.move_rows([3], 0)
    assert document.plan.items == () and document.undo_stack.count() == 0


def test_dose_edits_merge_reset_and_undo(document, bundled_library) -> None:
    document.add_exercises(["glute-bridge"])
    default = bundled_library["glute-bridge"].dosage
    document.set_dose(0, "reps", 11)
    document.set_dose(0, "reps", 12)  # typing 1, 2: one undo step
    assert document.plan.items[0].overrides == {"reps": 12}
    assert document.undo_stack.undoText() == "Change reps of Bridges"
    document.set_dose(0, "sets", default.sets)  # the default is not an override
    assert document.plan.items[0].overrides == {"reps": 12}
    document.set_dose(0, "side", "left")
    document.reset_dose(0)
    assert document.plan.items[0].overrides == {}
    document.undo_stack.undo()
    assert document.plan.items[0].overrides == {"reps": 12, "side": "left"}
    document.undo_stack.undo()
    document.undo_stack.undo()
    assert document.plan.items[0].overrides == {}
    document.set_item_note(0, "Pillow under knees")
    assert document.plan.items[0].notes == "Pillow under knees"


def test_header_edits_are_undoable(document) -> None:
    document.set_header(patient_name="A")
    document.set_header(patient_name="Ann")
    document.set_header(follow_up=date(2027, 1, 4), phase=2)
    assert document.plan.patient.name == "Ann" and document.plan.phase == 2
    document.undo_stack.undo()
    assert document.plan.follow_up is None and document.plan.phase is None
    document.undo_stack.undo()
    assert document.plan.patient.name == ""
    assert document.undo_stack.count() == 2


def test_progress_is_one_undo_step(document) -> None:
    document.add_exercises(["glute-sets", "walk-jog"])
    assert len(document.progress()) == 1
    assert ids(document) == ["glute-bridge", "walk-jog"]
    document.undo_stack.undo()
    assert ids(document) == ["glute-sets", "walk-jog"]


def test_read_only_plans_refuse_edits(document) -> None:
    plan = document.plan.__class__(document.plan.patient, items=(PlanItem("clamshell"),))
    document.replace_all(plan, read_only=True)
    document.add_exercises(["glute-bridge"])
    document.remove_rows([0])
    assert ids(document) == ["clamshell"]


def test_a_library_default_can_be_left_out_for_this_patient(document, bundled_library) -> None:
    from hep_builder.core.dose_text import dose_sentence
    from hep_builder.core.planfile import plan_from_text, plan_to_text

    document.add_exercises(["glute-bridge"])
    default = bundled_library["glute-bridge"].dosage
    assert default.hold_seconds == 3
    document.set_dose(0, "hold_seconds", None)  # the "–" in the Hold box: no hold for this patient
    resolved = document.plan.resolve(bundled_library)[0]
    assert document.plan.items[0].overrides == {"hold_seconds": None}
    assert dose_sentence(resolved.dosage) == "3 sets of 10 · 3 days a week"
    reread = plan_from_text(plan_to_text(document.plan)).plan  # kept through a save
    assert reread.items[0].overrides == {"hold_seconds": None}
    assert reread.resolve(bundled_library)[0].dosage.hold_seconds is None
    document.undo_stack.undo()
    assert document.plan.items[0].overrides == {}
    document.set_dose(0, "hold_seconds", None)
    document.set_dose(0, "hold_seconds", 3)  # typing the library's value again: no override left
    assert document.plan.items[0].overrides == {}
