"""Phase templates and 'progress plan'."""

from __future__ import annotations

from hep_builder.core.plan import Patient, Plan, PlanItem
from hep_builder.core.templates import PHASE_TEMPLATES, progressed, template_plan


def test_templates_use_exercises_of_their_phase(bundled_library) -> None:
    for phase in (1, 2, 3):
        plan = template_plan(phase, bundled_library, Patient("Ann"))
        assert [i.exercise_id for i in plan.items] == list(PHASE_TEMPLATES[phase])
        assert all(phase in bundled_library[i.exercise_id].phases for i in plan.items)
        assert plan.phase == phase and plan.patient.name == "Ann"
        assert all(item.snapshot is not None for item in plan.items)


def test_progress_swaps_items_keeps_notes_and_resets_reps(bundled_library) -> None:
    plan = Plan(
        Patient("Ann"),
        phase=1,
        items=(PlanItem("glute-sets", {"reps": 5}, "Morning only"), PlanItem("walking-program")),
    )
    new, changed = progressed(plan, bundled_library)
    assert changed == 1
    assert [i.exercise_id for i in new.items] == ["glute-bridge", "walking-program"]
    assert new.items[0].notes == "Morning only" and new.items[0].overrides == {}
    assert new.phase == 2
    assert progressed(Plan(Patient("A"), items=(PlanItem("walk-jog"),)), bundled_library)[1] == 0


def test_ease_swaps_for_the_easier_step_keeps_notes_resets_reps_and_lowers_the_phase(bundled_library) -> None:
    from hep_builder.core.templates import eased

    plan = Plan(
        Patient("Ann"),
        phase=2,
        items=(PlanItem("glute-bridge", {"reps": 15}, "Slowly"), PlanItem("clamshell"), PlanItem("box-squat")),
    )
    new, changed = eased(plan, bundled_library)
    assert changed == 2
    assert [i.exercise_id for i in new.items] == ["glute-sets", "clamshell", "sit-to-stand"]  # clamshell: no easier
    assert new.items[0].notes == "Slowly" and new.items[0].overrides == {}
    assert new.items[0].snapshot == bundled_library["glute-sets"]  # reprints as added
    assert new.phase == 1
    unchanged, moved = eased(Plan(Patient("A"), phase=1, items=(PlanItem("heel-slide"),)), bundled_library)
    assert moved == 0 and unchanged.phase == 1 and unchanged.items[0].exercise_id == "heel-slide"


def test_a_step_keeps_what_means_the_same_and_resets_the_rest(bundled_library) -> None:
    from hep_builder.core.templates import stepped_plan

    overrides = {"sets": 4, "reps": 15, "hold_seconds": None, "times_per_day": 2, "days_per_week": 7, "side": "left"}
    plan = Plan(Patient("Ann"), phase=1, items=(PlanItem("glute-bridge", overrides, "Slowly"),))
    new, swaps = stepped_plan(plan, bundled_library, harder=True)
    item = new.items[0]
    target = bundled_library["single-leg-bridge"]
    kept = {k: v for k, v in overrides.items() if k in ("sets", "times_per_day", "days_per_week")}
    if target.dosage.side is not None:
        kept["side"] = "left"
    assert item.overrides == {k: v for k, v in kept.items() if getattr(target.dosage, k) != v}
    assert item.notes == "Slowly" and item.key == plan.items[0].key  # the same row, moved on
    assert swaps[0].before == "Bridges" and swaps[0].after == target.name
    assert "4 sets" in swaps[0].describe() and "twice a day" in swaps[0].describe() and "reps" not in swaps[0].kept


def test_a_swap_names_what_was_kept(bundled_library) -> None:
    from hep_builder.core.templates import Swap

    assert Swap("Bridges", "One-leg bridges", ("3 sets",)).describe() == "Bridges → One-leg bridges, your 3 sets kept"
    assert Swap("A", "B").describe() == "A → B"
    assert Swap("A", "B", ("3 sets", "note")).describe() == "A → B, your 3 sets and note kept"
