"""The 3-D mannequin: every bundled figure honest by its own report, anatomy, camera, mirroring, poses."""

from __future__ import annotations

import json
import math

import pytest

from hep_builder.figures.body3d import (
    HIP_HALF_WIDTH,
    SHANK,
    THIGH,
    Pose,
    build_body,
    limit_violations,
    mirrored_angles,
)
from hep_builder.figures.camera import Camera, circle_hull, ellipse_outline
from hep_builder.figures.compose import figure_primitives
from hep_builder.figures.draw3d import scene_primitives
from hep_builder.figures.primitives import Label, Polygon, Stroke
from hep_builder.figures.scene import (
    FigureSpecError,
    bundled_mannequin_specs,
    bundled_scene,
    parse_specs,
    report,
)


@pytest.fixture(scope="module")
def reports(bundled_library):
    return {e.id: report(bundled_scene(e.figure)) for e in bundled_library}


def test_every_bundled_exercise_is_drawn_as_a_mannequin(bundled_library) -> None:
    specs, problems = bundled_mannequin_specs()
    assert problems == ()
    assert [e.id for e in bundled_library if e.figure not in specs] == []


def test_nothing_passes_through_a_prop_or_the_floor(reports) -> None:
    assert {k: r["max_penetration_mm"] for k, r in reports.items() if r["max_penetration_mm"] > 10} == {}


def test_contacts_touch_what_they_rest_on(reports) -> None:
    assert {k: r["max_contact_gap_mm"] for k, r in reports.items() if r["max_contact_gap_mm"] > 10} == {}


def test_no_joint_goes_past_its_range(reports) -> None:
    assert {k: r["joint_limit_violations"] for k, r in reports.items() if r["joint_limit_violations"]} == {}


def test_the_camera_shows_the_movement(reports) -> None:
    hidden = {k: r["shown_fraction"] for k, r in reports.items() if r["moved_cm"] >= 5 and r["shown_fraction"] < 0.7}
    assert hidden == {}


def test_something_moves_or_the_figure_shows_effort(bundled_library) -> None:
    for exercise in bundled_library:
        scene = bundled_scene(exercise.figure)
        effort = any(p.marks for p in scene.end.props)
        assert report(scene)["moved_cm"] >= 3 or effort, exercise.id
        assert scene.spec.arrows or effort, exercise.id


def test_sideways_moves_are_drawn_from_the_front_or_back() -> None:
    for key in ("lateral-band-walk", "side-shuffle", "sideways-walk", "weight-shift-side", "lateral-step-up",
                "side-lunge-adductor-stretch", "standing-band-abduction", "hip-width-walk"):  # fmt: skip
        azimuth = bundled_scene(key).spec.camera.azimuth % 180
        assert azimuth < 60 or azimuth > 120, key  # not a side view


# The adduction at which a straight leg's foot reaches the body's midline: past it, the leg crosses the midline
# (what the posterior rule forbids); up to it, the feet may stand in one line (tandem stance), as clinics allow.
MIDLINE_ADDUCTION = math.degrees(math.atan(HIP_HALF_WIDTH / (THIGH + SHANK)))


def test_posterior_hip_rules_match_the_poses(bundled_library) -> None:
    """A pose that bends a hip past 90 degrees, crosses the midline or turns the hip in is tagged."""
    for exercise in bundled_library:
        scene = bundled_scene(exercise.figure)
        breaks = [
            f"{side} {name}"
            for frame in scene.frames
            for side in ("left", "right")
            for name, bad in (
                ("hip_flexion", frame.pose.get(f"{side}_hip_flexion") > 90.5),
                ("hip_adduction", frame.pose.get(f"{side}_hip_abduction") < -(MIDLINE_ADDUCTION + 0.5)),
                ("hip_internal_rotation", frame.pose.get(f"{side}_hip_internal_rotation") > 0.5),
            )
            if bad
        ]
        if breaks:
            assert "posterior-hip-replacement" in exercise.precautions, (exercise.id, breaks)


# --- the body ---------------------------------------------------------------------------------------------


def test_limbs_keep_their_length_in_any_pose() -> None:
    for angles in ({}, {"right_hip_flexion": 80, "right_hip_abduction": 30, "right_knee_flexion": 120,
                        "body_pitch": 90, "body_roll": 90, "trunk_rotation": 30}):  # fmt: skip
        p = build_body(Pose(angles)).points
        assert math.dist(p["right_hip"], p["right_knee"]) == pytest.approx(THIGH)
        assert math.dist(p["right_knee"], p["right_ankle"]) == pytest.approx(SHANK)


def test_isb_signs_put_the_limbs_where_a_therapist_expects() -> None:
    base = build_body(Pose({})).points
    flexed = build_body(Pose({"right_hip_flexion": 90})).points
    assert flexed["right_knee"][0] > base["right_knee"][0] + 0.2  # flexion: the knee comes forward
    abducted = build_body(Pose({"right_hip_abduction": 30})).points
    assert abducted["right_knee"][2] > base["right_knee"][2] + 0.1  # abduction: out to the right
    turned_in = build_body(Pose({"right_hip_flexion": 90, "right_knee_flexion": 90, "right_hip_internal_rotation": 30}))
    sitting = build_body(Pose({"right_hip_flexion": 90, "right_knee_flexion": 90}))
    assert turned_in.points["right_ankle"][2] > sitting.points["right_ankle"][2]  # turning in swings the foot out
    bent = build_body(Pose({"right_knee_flexion": 90})).points
    assert bent["right_ankle"][0] < base["right_ankle"][0] - 0.2  # the knee hinges backwards only


def test_joint_limits_are_reported() -> None:
    assert limit_violations(Pose({"right_knee_flexion": 170})) == ["right_knee_flexion 170 > 155"]
    assert limit_violations(Pose({"left_knee_flexion": -20})) == ["left_knee_flexion -20 < 0"]
    assert limit_violations(Pose({"trunk_rotation": 30, "right_hip_flexion": 120})) == []


def test_blending_two_poses_gives_the_in_between_frame() -> None:
    a, b = Pose({"right_hip_flexion": 0.0}), Pose({"right_hip_flexion": 80.0}, at=(0.2, 0.0))
    half = a.blend(b, 0.5)
    assert half.get("right_hip_flexion") == 40 and half.at == (0.1, 0.0)
    scene = bundled_scene("heel-slide")
    assert scene.body_at(0).points["right_ankle"] == pytest.approx(scene.start.body.points["right_ankle"])
    assert scene.body_at(1).points["right_ankle"] == pytest.approx(scene.end.body.points["right_ankle"])


def test_mirrored_angles_swap_sides_and_reverse_turns() -> None:
    assert mirrored_angles({"right_hip_flexion": 30, "trunk_rotation": 20}) == {
        "left_hip_flexion": 30,
        "trunk_rotation": -20,
    }


# --- camera and drawing -----------------------------------------------------------------------------------


def test_named_views_look_where_they_say() -> None:
    body = build_body(Pose({}))
    front, side = Camera.named("front"), Camera.named("side")
    # From the front the body's right hand is on the viewer's left; from the side the face looks right.
    assert front.project(body.points["right_hand"])[0] < front.project(body.points["left_hand"])[0]
    assert side.project(body.points["nose"])[0] > side.project(body.points["head"])[0]
    assert side.depth(body.points["right_hip"]) > side.depth(body.points["left_hip"])  # the right side is near


def test_a_limb_outline_is_the_hull_of_two_circles() -> None:
    outline = circle_hull((0.0, 0.0), 0.05, (1.0, 0.0), 0.02)
    assert max(x for x, _ in outline) == pytest.approx(1.02, abs=1e-3)
    assert min(x for x, _ in outline) == pytest.approx(-0.05, abs=2e-3)
    assert max(y for _, y in outline) == pytest.approx(0.05, abs=2e-3)
    circle = ellipse_outline((0.0, 0.0), ((0.1, 0.0), (0.0, 0.1), (0.0, 0.0)))
    assert all(math.hypot(x, y) == pytest.approx(0.1) for x, y in circle)


def test_every_figure_fits_its_box_with_labels_and_a_dark_outline(bundled_library) -> None:
    for exercise in bundled_library:
        for aspect in (1.5, 2.0, 5.0):
            prims = figure_primitives(exercise.figure, True, aspect)
            names = [p.text for p in prims if isinstance(p, Label)]
            assert names == ["Start", "End"] or len(names) == 3, exercise.id
            assert any(isinstance(p, Polygon) and p.stroke == "outline" for p in prims)
            for prim in prims:
                for x, y in prim.points if isinstance(prim, Stroke | Polygon) else ():
                    assert -1e-6 <= x <= aspect + 1e-6 and -1e-6 <= y <= 1 + 1e-6, exercise.id


def test_the_end_panel_has_a_ghost_of_the_start() -> None:
    prims = figure_primitives("clamshell")
    assert any(isinstance(p, Polygon) and p.fill == "ghost-fill" for p in prims)


def test_a_third_panel_shows_the_other_way_with_its_own_ghost_arrow_and_label() -> None:
    scene = bundled_scene("seated-hip-rotation")  # foot out, then foot in: two ways from the start
    assert scene.also is not None
    out, back_in = scene.end.body.points["right_ankle"], scene.also.body.points["right_ankle"]
    start = scene.start.body.points["right_ankle"]
    assert out[2] > start[2] + 0.05 and back_in[2] < start[2] - 0.05  # out to the right, in past the middle
    prims = scene_primitives(scene, aspect=3.0)
    assert [p.text for p in prims if isinstance(p, Label)] == ["Start", "Foot out", "Foot in"]
    third = [p for p in prims if isinstance(p, Polygon) and min(x for x, _ in p.points) > 2.0]
    assert any(p.fill == "ghost-fill" for p in third) and any(p.fill == "arrow" for p in third)
    entry = report(scene)
    assert set(entry["angles"]) == {"start", "end", "also"}
    assert entry["angles"]["also"]["hip_internal_rotation"]["right"] < 0


def test_labels_need_a_third_panel() -> None:
    figure = {"start": {"pose": "standing"}, "end": {"right_hip_flexion": 40}, "labels": ["A", "B", "C"]}
    specs, problems = parse_specs({"schema_version": 2, "poses": {"standing": {}}, "figures": {"x": figure}}, "t")
    assert not specs and "labels" in problems[0]


def test_a_left_side_plan_mirrors_the_figure_and_keeps_the_tint_on_the_working_leg() -> None:
    scene = bundled_scene("standing-band-abduction")  # seen from behind: the right leg is on the right

    def tinted_offset(mirror: bool) -> float:
        prims = [p for p in scene_primitives(scene, labels=False, mirror=mirror) if isinstance(p, Polygon)]
        end = [p for p in prims if min(x for x, _ in p.points) > 1.0]  # the end panel
        xs = [x for p in end if p.fill and p.fill.startswith("work") for x, _ in p.points]
        body = [x for p in end if p.stroke == "outline" for x, _ in p.points]
        return sum(xs) / len(xs) - (min(body) + max(body)) / 2

    assert tinted_offset(False) > 0.02 and tinted_offset(True) < -0.02
    right = figure_primitives("standing-band-abduction", side="right")
    left = figure_primitives("standing-band-abduction", side="left")
    assert right == figure_primitives("standing-band-abduction") and left != right


# --- spec files and the report ----------------------------------------------------------------------------


def test_bad_specs_are_reported_and_the_rest_load() -> None:
    data = {
        "schema_version": 2,
        "poses": {"standing": {"touch": ["feet"]}},
        "figures": {
            "good": {"start": {"pose": "standing"}, "end": {"right_hip_flexion": 40}, "arrow": "right_knee"},
            "bad-pose": {"start": {"pose": "handstand"}},
            "bad-angle": {"start": {"pose": "standing", "hip_flexion": "up"}},
            "bad-key": {"start": {"pose": "standing", "hip_flex": 10}},
            "bad-view": {"view": "sideways", "start": {"pose": "standing"}},
        },
    }
    specs, problems = parse_specs(data, "test.yaml")
    assert list(specs) == ["good"]
    assert len(problems) == 4 and all(p.startswith("test.yaml: figure '") for p in problems)
    with pytest.raises(FigureSpecError):
        parse_specs({"schema_version": 1}, "x.yaml")


def test_figures_report_json(capsys) -> None:
    from hep_builder.cli import main

    assert main(["figures", "--report", "--json", "--only", "clamshell", "heel-slide"]) == 0
    entries = json.loads(capsys.readouterr().out)
    assert sorted(e["id"] for e in entries) == ["clamshell", "heel-slide"]
    entry = next(e for e in entries if e["id"] == "clamshell")
    keys = {"id", "view", "angles", "max_penetration_mm", "max_contact_gap_mm", "joint_limit_violations",
            "moved_cm", "shown_fraction", "height_in", "precautions"}  # fmt: skip
    assert set(entry) >= keys
    assert set(entry["view"]) == {"name", "azimuth", "elevation"}
    assert set(entry["angles"]["end"]["hip_internal_rotation"]) == {"left", "right"}
    assert isinstance(entry["angles"]["end"]["trunk_flexion"], float)
    assert entry["height_in"]["standard"] >= 2.3 and entry["height_in"]["compact"] >= 1.3
    assert entry["precautions"] == list(entry["precautions"])


def test_figures_command_needs_something_to_make(capsys) -> None:
    from hep_builder.cli import main

    assert main(["figures"]) != 0
    assert "--sheet" in capsys.readouterr().err


def test_reportlab_draws_every_figure_as_vectors(bundled_library) -> None:
    import io

    from reportlab.pdfgen.canvas import Canvas

    from hep_builder.figures.reportlab_backend import draw_primitives

    buffer = io.BytesIO()
    canvas = Canvas(buffer)
    for exercise in bundled_library:
        draw_primitives(canvas, figure_primitives(exercise.figure, True, 1.5), 0, 0, 240, 160, 1.5)
    canvas.showPage()
    canvas.save()
    assert buffer.getvalue().startswith(b"%PDF") and b"/Subtype /Image" not in buffer.getvalue()


def test_the_handout_draws_the_patients_side(bundled_library) -> None:
    from dataclasses import replace

    from hep_builder.core.plan import Patient, Plan, PlanItem
    from hep_builder.pdf.figure_flowable import patient_side

    plan = Plan(Patient("A"), items=(PlanItem("clamshell"), PlanItem("clamshell", overrides={"side": "right"})))
    each, right = plan.resolve(bundled_library)
    assert patient_side(plan, each) is None  # "each side": drawn as authored, the dose says to switch
    assert patient_side(replace(plan, affected_side="left"), each) == "left"
    assert patient_side(replace(plan, affected_side="left"), right) == "right"  # the item's own side wins
