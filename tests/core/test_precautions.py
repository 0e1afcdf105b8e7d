"""Hip precautions: plan keys read and written, bad values refused at their line, rules and conflicts."""

from __future__ import annotations

from datetime import date

import pytest

from hep_builder.core.plan import Patient, Plan, PlanItem
from hep_builder.core.planfile import PlanFileError, plan_from_text, plan_to_text
from hep_builder.core.precautions import (
    PRECAUTION_IDS,
    breaks,
    cautions_for,
    patient_rules,
    plan_conflicts,
)

HEADER = "schema_version: 1\npatient: {name: Ann Lee}\n"


def test_precautions_round_trip_through_the_plan_file() -> None:
    plan = Plan(
        Patient("Ann Lee"),
        precautions=("posterior-hip-replacement", "partial-weight-bearing"),
        precautions_until=date(2026, 12, 18),
        affected_side="left",
        items=(PlanItem("box-squat", acknowledged=("posterior-hip-replacement",)), PlanItem("glute-bridge")),
    )
    again = plan_from_text(plan_to_text(plan)).plan
    assert again.precautions == ("posterior-hip-replacement", "partial-weight-bearing")
    assert again.precautions_until == date(2026, 12, 18)
    assert again.affected_side == "left"
    assert again.items[0].acknowledged == ("posterior-hip-replacement",)
    assert again.items[1].acknowledged == ()


def test_no_key_is_unknown_and_none_is_kept() -> None:
    assert plan_from_text(HEADER).plan.precautions == ()
    assert plan_from_text(HEADER + "precautions: [none]\n").plan.precautions == ("none",)
    assert "precautions" not in plan_to_text(Plan(Patient("A")))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("precautions: [posterior-hip]\n", "line 3: 'precautions' has an unknown value 'posterior-hip'"),
        ("precautions: [none, hip-arthroscopy]\n", "line 3: 'precautions': 'none' cannot be given"),
        ("title: x\naffected_side: both\n", "line 4: 'affected_side' must be left or right"),
        ("precautions_until: soon\n", "line 3: 'precautions_until' must be a date"),
        (
            "items:\n  - exercise: heel-slide\n  - exercise: box-squat\n    acknowledged: [posterior]\n",
            "line 6: item 2: 'acknowledged' has an unknown value 'posterior'",
        ),
    ],
)
def test_bad_values_are_refused_at_their_line(text: str, message: str) -> None:
    with pytest.raises(PlanFileError) as caught:
        plan_from_text(HEADER + text)
    assert str(caught.value).startswith(message), str(caught.value)


def test_weight_bearing_limits_imply_the_stricter_ones() -> None:
    single_leg = ("partial-weight-bearing", "toe-touch-weight-bearing", "non-weight-bearing")
    assert breaks(["partial-weight-bearing"], "non-weight-bearing")
    assert breaks(["partial-weight-bearing"], "toe-touch-weight-bearing")
    assert not breaks(["non-weight-bearing"], "partial-weight-bearing")
    assert all(breaks(single_leg, p) for p in single_leg)
    assert not breaks(["posterior-hip-replacement"], "anterior-hip-replacement")


def test_patient_rules_are_plain_and_side_specific() -> None:
    rules = patient_rules(("posterior-hip-replacement", "toe-touch-weight-bearing"), "left")
    assert "Do not bend your hip past a right angle (90°)." in rules
    assert "Do not cross your legs or ankles." in rules
    assert "Put only your toes down on your left leg, for balance. Do not stand on it." in rules
    assert patient_rules(("none",)) == []
    assert all("{" not in rule for p in PRECAUTION_IDS for rule in patient_rules((p,), ""))


POSTERIOR_FLAGGED = ("seated-hip-rotation", "quadruped-rock-back", "box-squat", "supported-deep-squat", "knee-rocks")


def test_a_posterior_plan_flags_the_reviewed_exercises_and_not_bridges(bundled_library) -> None:
    ids = (*POSTERIOR_FLAGGED, "glute-bridge")
    plan = Plan(Patient("A"), precautions=("posterior-hip-replacement",), items=tuple(PlanItem(i) for i in ids))
    conflicts = plan_conflicts(plan, bundled_library)
    assert sorted(c.exercise_id for c in conflicts) == sorted(POSTERIOR_FLAGGED)
    assert conflicts[0].line().startswith("item 1: Seated hip turns: Bends the hip past 90°")
    # Unknown (no key) and "none" flag nothing.
    for precautions in ((), ("none",)):
        assert plan_conflicts(Plan(Patient("A"), precautions=precautions, items=plan.items), bundled_library) == []


def test_an_acknowledged_conflict_is_marked_kept(bundled_library) -> None:
    item = PlanItem("box-squat", acknowledged=("posterior-hip-replacement",))
    plan = Plan(Patient("A"), precautions=("posterior-hip-replacement",), items=(item,))
    (conflict,) = plan_conflicts(plan, bundled_library)
    assert conflict.acknowledged and conflict.line().endswith("(kept on purpose by the therapist)")


def test_surgery_cautions_print_only_for_that_surgery(bundled_library) -> None:
    heel_slide = bundled_library.get("heel-slide")
    posterior = "After a hip replacement from the back, do not bend your hip past a right angle."
    assert posterior in cautions_for(heel_slide, ())  # unknown: every caution, as before
    # The plan names it: the same caution as a direct order (its library wording for that precaution).
    direct = "Do not bend your hip past a right angle (90°)."
    assert cautions_for(heel_slide, ("posterior-hip-replacement",)) == (direct,)
    assert posterior not in cautions_for(heel_slide, ("none",))
    assert posterior not in cautions_for(heel_slide, ("hip-arthroscopy",))


def test_snapshots_keep_tags_and_caution_scopes(bundled_library) -> None:
    from hep_builder.core.schema import exercise_from_snapshot, exercise_to_snapshot

    box_squat = bundled_library.get("box-squat")
    again = exercise_from_snapshot("box-squat", exercise_to_snapshot(box_squat), "")
    assert again is not None
    assert again.precautions == box_squat.precautions
    assert again.caution_scopes == box_squat.caution_scopes
