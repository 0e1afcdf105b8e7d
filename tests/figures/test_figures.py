"""Figures: a spec for every exercise, plausible anatomy, both frames on the floor, clean rendering."""

from __future__ import annotations

import io
import math

import pytest
from reportlab.pdfgen.canvas import Canvas

from hep_builder.figures.compose import MAT_HEIGHT, _body_points, compose, figure_primitives, posed_frames
from hep_builder.figures.primitives import FIGURE_HEIGHT, FIGURE_WIDTH, Circle, Label, Polygon, Stroke
from hep_builder.figures.reportlab_backend import draw_primitives
from hep_builder.figures.skeleton import CHAIN, Pose, check_anatomy, segment_length, solve_ik
from hep_builder.figures.spec import FigureSpecError, bundled_specs, parse_specs


@pytest.fixture(scope="module")
def specs():
    found, problems = bundled_specs()
    assert problems == ()
    return found


def test_every_bundled_exercise_has_a_figure_spec(bundled_library, specs) -> None:
    missing = [e.id for e in bundled_library if e.figure not in specs]
    assert missing == []


def test_limbs_keep_their_length_in_every_keyframe(specs) -> None:
    for key, spec in specs.items():
        for posed in posed_frames(spec):
            for name, (parent, child, _) in CHAIN.items():
                length = math.dist(posed.joints[parent], posed.joints[child])
                assert length == pytest.approx(segment_length(name), abs=1e-9), (key, name)


def test_joints_bend_the_right_way(specs) -> None:
    problems = {
        (key, which): check_anatomy(frame.pose)
        for key, spec in specs.items()
        for which, frame in (("start", spec.start), ("end", spec.end))
        if check_anatomy(frame.pose)
    }
    assert problems == {}


def test_anatomy_check_catches_a_backward_knee() -> None:
    pose = Pose({**bundled_specs()[0]["sit-to-stand"].start.pose.angles, "n_shin": 80})
    assert any("knee" in problem for problem in check_anatomy(pose))


def test_nothing_goes_below_the_floor_and_something_rests_on_it(specs) -> None:
    for key, spec in specs.items():
        on_mat = any(p["type"] == "mat" for p in spec.props)
        floor = MAT_HEIGHT if on_mat else 0.0
        for posed in posed_frames(spec):
            lowest = min(y - r for _x, y, r in _body_points(posed.joints))
            assert lowest >= floor - 1e-6, key
        for prim in compose(spec):
            points = prim.points if isinstance(prim, Stroke | Polygon) else ()
            for x, y in points:
                assert -1e-6 <= x <= FIGURE_WIDTH + 1e-6 and -1e-6 <= y <= FIGURE_HEIGHT + 1e-6, key


def test_start_and_end_differ_or_show_effort(specs) -> None:
    for key, spec in specs.items():
        start, end = posed_frames(spec)
        moved = max(math.dist(start.joints[j], end.joints[j]) for j in start.joints)
        moved += abs(spec.start.pose.arch - spec.end.pose.arch)  # a back that rounds also moves
        squeezes = any(p["type"] == "squeeze" for p in spec.props)
        assert moved > 0.03 or squeezes, key
        assert spec.arrow or squeezes, key


def test_each_figure_draws_start_and_end_labels_and_a_near_and_far_side(specs) -> None:
    from hep_builder.figures.scene import bundled_mannequin_specs

    for key in set(specs) - set(bundled_mannequin_specs()[0]):  # figures not yet drawn as a mannequin
        prims = figure_primitives(key)
        labels = [p.text for p in prims if isinstance(p, Label)]
        assert labels == ["Start", "End"], key
        tones = {p.tone for p in prims if isinstance(p, Stroke)}
        assert {"near", "far", "floor"} <= tones, key
        assert any(isinstance(p, Circle) and p.fill == "near" for p in prims), key  # the head


def test_reportlab_backend_draws_every_figure(specs) -> None:
    canvas = Canvas(io.BytesIO())
    for key in specs:
        draw_primitives(canvas, figure_primitives(key), 0, 0, 200, 100)
    canvas.showPage()
    canvas.save()


def test_ik_reaches_its_target_and_bends_the_knee_forward() -> None:
    angles = bundled_specs()[0]["sit-to-stand"].start.pose.angles
    solved = solve_ik(angles, (0.0, 0.0), "n_ankle", (0.1, -0.4))
    joints = Pose(solved).joints()
    assert math.dist(joints["n_ankle"], (0.1, -0.4)) < 1e-9
    assert check_anatomy(Pose(solved)) == []


def test_bad_specs_are_reported_and_the_rest_load() -> None:
    data = {
        "schema_version": 1,
        "figures": {
            "good": {"frames": [{"pose": "stand"}, {"pose": "stand", "n_thigh": -60}]},
            "one-frame": {"frames": [{"pose": "stand"}]},
            "bad-pose": {"frames": [{"pose": "handstand"}, {"pose": "stand"}]},
            "bad-angle": {"frames": [{"pose": "stand", "n_thigh": "up"}, {"pose": "stand"}]},
        },
    }
    specs, problems = parse_specs(data, "test.yaml")
    assert list(specs) == ["good"]
    assert len(problems) == 3 and all(p.startswith("test.yaml: figure '") for p in problems)
    with pytest.raises(FigureSpecError):
        parse_specs({"schema_version": 2}, "x.yaml")
