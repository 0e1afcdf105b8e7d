"""Turns a figure spec into primitives: two posed, grounded panels with props, an arrow and labels.

(figures layer) Both panels share one scale and one placement, so what moves between start and end is
exactly what the exercise moves. Props that belong to the body (a chair under the hips, a counter under the
hand) are fitted to the start pose, so they always meet the body.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache
from typing import Any

from hep_builder.figures.primitives import (
    FIGURE_HEIGHT,
    FIGURE_WIDTH,
    Circle,
    Label,
    Point,
    Polygon,
    Primitive,
    Stroke,
)
from hep_builder.figures.skeleton import HEAD_RADIUS, LIMB_WIDTH, TRUNK_WIDTH
from hep_builder.figures.spec import FigureSpec, Frame, bundled_specs

MAT_HEIGHT = 0.022
PANEL_MARGIN = 0.05
LABEL_BAND = 0.17  # top share of the panel kept for the "Start" / "End" labels
FLOOR_Y = 0.07  # where the floor line sits in the panel
MAX_SCALE = 0.95

Joints = dict[str, Point]


@dataclass(frozen=True)
class PosedFrame:
    joints: Joints
    frame: Frame


# --- props: their size in body units, fitted to the start pose -------------------------------------------


def _surface_height(props: tuple[dict[str, Any], ...], name: str | float) -> float:
    if isinstance(name, int | float):
        return float(name)
    if name == "floor":
        return MAT_HEIGHT if any(p["type"] == "mat" for p in props) else 0.0
    for prop in props:
        if prop["type"] == name:
            return float(prop.get("height", DEFAULT_HEIGHTS.get(name, 0.1)))
    raise ValueError(f"no '{name}' prop to stand on")


DEFAULT_HEIGHTS = {"step": 0.11, "bench": 0.2, "box": 0.24}


def _body_points(joints: Joints) -> list[tuple[float, float, float]]:
    """(x, y, radius) of everything drawn for the body, for bounds and grounding."""
    points = [(x, y, LIMB_WIDTH / 2) for name, (x, y) in joints.items() if name != "head"]
    hx, hy = joints["head"]
    points.append((hx, hy, HEAD_RADIUS))
    return points


def pose_frame(frame: Frame, props: tuple[dict[str, Any], ...]) -> PosedFrame:
    joints = frame.pose.joints()
    if frame.ground.joint:
        if frame.ground.joint not in joints:
            raise ValueError(f"unknown joint '{frame.ground.joint}'")
        target = _surface_height(props, frame.ground.at) + LIMB_WIDTH / 2
        dy = target - joints[frame.ground.joint][1]
    else:
        lowest = min(y - r for _x, y, r in _body_points(joints))
        dy = _surface_height(props, "floor") - lowest
    return PosedFrame({k: (x, y + dy) for k, (x, y) in joints.items()}, frame)


def _rect(x0: float, y0: float, x1: float, y1: float) -> tuple[Point, ...]:
    return ((x0, y0), (x1, y0), (x1, y1), (x0, y1))


def _mid(a: Point, b: Point, t: float = 0.5) -> Point:
    return (a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t)


def _joint(prop: dict[str, Any], key: str, posed: PosedFrame, fallback: str) -> Point:
    name = prop.get(key, fallback)
    if isinstance(name, list):
        return (float(name[0]), float(name[1]))
    if name == "belly":
        return _mid(posed.joints["hip"], posed.joints["shoulder"], 0.4)
    if name == "n_sole":
        return _mid(posed.joints["n_ankle"], posed.joints["n_toe"])
    if name == "f_sole":
        return _mid(posed.joints["f_ankle"], posed.joints["f_toe"])
    return posed.joints[name]


def draw_prop(prop: dict[str, Any], posed: PosedFrame, first: PosedFrame) -> tuple[list[Primitive], list[Primitive]]:
    kind = prop["type"]
    j0 = posed.joints if prop.get("fit") == "each" else first.joints
    w = 0.008
    if kind == "mat":
        xs = [x for pf in (first, posed) for x, _y in pf.joints.values()]
        x0, x1 = min(xs) - 0.08, max(xs) + 0.08
        return [Polygon(_rect(x0, 0, x1, MAT_HEIGHT), "prop-fill", "prop", w)], []
    if kind == "chair" and prop.get("view") == "front":
        hip = j0[prop.get("under", "hip")]
        seat = hip[1] - LIMB_WIDTH / 2 - 0.004
        x0, x1 = hip[0] - 0.13, hip[0] + 0.13
        legs = [Stroke(((x, seat), (x, 0)), 0.014, "prop") for x in (x0 + 0.01, x1 - 0.01)]
        return [*legs, Polygon(_rect(x0, seat - 0.025, x1, seat), "prop-fill", "prop", w)], []
    if kind == "chair":
        hip = j0[prop.get("under", "hip")]
        seat = float(prop["height"]) if "height" in prop else hip[1] - LIMB_WIDTH / 2 - 0.004
        facing = -1 if prop.get("mirror") else 1
        front = hip[0] + facing * 0.07
        back = hip[0] - facing * 0.17
        legs = [
            Stroke(((front, seat), (front, 0)), 0.014, "prop"),
            Stroke(((back, seat), (back, 0)), 0.014, "prop"),
        ]
        back_rest = Stroke(((back, seat), (back - facing * 0.02, seat + 0.24)), 0.016, "prop")
        seat_line = Stroke(((back, seat), (front, seat)), 0.02, "prop")
        return [*legs, back_rest, seat_line], []
    if kind in ("step", "bench", "box"):
        height = float(prop.get("height", DEFAULT_HEIGHTS[kind]))
        if "under" in prop:
            height = j0[prop["under"]][1] - LIMB_WIDTH / 2
        x = float(prop.get("x", 0.0))
        width = float(prop.get("width", 0.32))
        return [Polygon(_rect(x, 0, x + width, height), "prop-fill", "prop", w * 1.2)], []
    if kind == "wall":
        x = float(prop["x"]) if "x" in prop else j0[prop.get("touch", "n_knee")][0] + LIMB_WIDTH / 2 + 0.006
        return [Polygon(_rect(x, 0, x + 0.035, 0.95), "prop-fill", "prop", w)], []
    if kind == "counter":
        hand = j0[prop.get("hand", "n_hand")]
        top = float(prop.get("height", hand[1] - 0.012))
        x = hand[0] + float(prop.get("dx", -0.03))
        width = float(prop.get("width", 0.28))
        x0, x1 = (x - width, x + 0.03) if prop.get("side") == "left" else (x - 0.03, x + width)
        slab = Polygon(_rect(x0, top - 0.03, x1, top), "prop-fill", "prop", w)
        leg_x = x1 - 0.02 if prop.get("side") != "left" else x0 + 0.02
        return [Stroke(((leg_x, top - 0.03), (leg_x, 0)), 0.016, "prop"), slab], []
    if kind in ("band", "strap", "belt"):
        a = _joint(prop, "from", posed, "n_knee")
        if "anchor" in prop:
            b = (float(prop["anchor"][0]), float(prop["anchor"][1]))
            anchor = [Polygon(_rect(b[0] - 0.02, 0, b[0] + 0.02, b[1] + 0.02), "prop-fill", "prop", w)]
        else:
            b = _joint(prop, "to", posed, "f_knee")
            anchor = []
        width = {"band": 0.014, "strap": 0.012, "belt": 0.02}[kind]
        if kind == "belt" or math.dist(a, b) < 0.03:
            loop = Circle(a, LIMB_WIDTH * 0.95, None, "prop", 0.016)
            return anchor, [loop]
        return anchor, [Stroke((a, b), width, "prop", dash=(0.03, 0.015) if kind == "band" else ())]
    if kind in ("dumbbell", "weight"):
        x, y = _joint(prop, "at", posed, "n_hand")
        bar = Stroke(((x - 0.035, y), (x + 0.035, y)), 0.012, "near")
        plates = [
            Polygon(_rect(px, y - 0.025, px + 0.017, y + 0.025), "prop", "near", w) for px in (x - 0.045, x + 0.028)
        ]
        return [], [bar, *plates]
    if kind == "kettlebell":
        x, y = _joint(prop, "at", posed, "n_hand")
        return [], [
            Circle((x, y - 0.055), 0.04, "prop", "near", w),
            Circle((x, y - 0.012), 0.018, None, "near", 0.01),
        ]
    if kind == "ankle-weight":
        x, y = _joint(prop, "at", posed, "n_ankle")
        return [], [Circle((x, y), LIMB_WIDTH * 0.85, "prop", "near", w)]
    if kind == "cane":
        x, y = _joint(prop, "hand", posed, "f_hand")
        tip = (x + float(prop.get("lean", 0.02)), 0.0)
        return [], [Stroke(((x - 0.03, y + 0.01), (x, y + 0.012), tip), 0.014, "prop")]
    if kind == "pillow":
        x, y = _joint(prop, "at", posed, "head")
        dx, dy = prop.get("offset", [0.0, -0.07])
        cx, cy = x + dx, y + dy
        rx, ry = float(prop.get("rx", 0.09)), float(prop.get("ry", 0.03))
        points = tuple((cx + rx * math.cos(t / 12 * math.pi), cy + ry * math.sin(t / 12 * math.pi)) for t in range(24))
        return [Polygon(points, "prop-fill", "prop", w)], []
    if kind == "ball":
        x, y = _joint(prop, "at", posed, "n_hand")
        r = float(prop.get("radius", 0.06))
        return [], [Circle((x, y), r, "prop-fill", "prop", 0.01)]
    if kind == "bike":
        hip = j0["hip"]
        a, b = j0["n_ankle"], j0["f_ankle"]
        center, radius = _mid(a, b), max(0.04, math.dist(a, b) / 2)
        seat = (hip[0], hip[1] - LIMB_WIDTH / 2 - 0.004)
        post = [
            Stroke((seat, center), 0.02, "prop"),
            Stroke(((seat[0] - 0.05, seat[1]), (seat[0] + 0.04, seat[1])), 0.024, "prop"),
        ]
        bars = Stroke(
            ((center[0] + 0.12, 0.0), (center[0] + 0.16, seat[1] + 0.12), (center[0] + 0.1, seat[1] + 0.13)),
            0.02,
            "prop",
        )
        base = Stroke(((seat[0] - 0.12, 0.0), (center[0] + 0.2, 0.0)), 0.03, "prop")
        return [base, *post, bars, Circle(center, radius, None, "prop", 0.01)], []  # fmt: skip
    if kind == "cones":
        items: list[Primitive] = []
        for x in prop.get("x", [0.4]):
            items.append(Polygon(((x - 0.025, 0), (x + 0.025, 0), (x, 0.07)), "prop-fill", "prop", w))
        return items, []
    if kind == "tape":
        return [Stroke(((x - 0.03, 0.004), (x + 0.03, 0.004)), 0.012, "prop") for x in prop.get("x", [])], []
    if kind == "footprints":
        # A small view from above of where the feet go: heel to toe, hip-width apart, and so on.
        x, y = (float(v) for v in prop.get("at", [0.3, 0.7]))
        pattern = prop.get("pattern", "apart")
        offsets = {
            "tandem": ((0.0, 0.0), (0.0, 0.085)),  # one foot right in front of the other
            "apart": ((-0.035, 0.0), (0.035, 0.0)),  # hip-width
            "wide": ((-0.07, 0.0), (0.07, 0.0)),
            "together": ((-0.016, 0.0), (0.016, 0.0)),
            "single": ((0.0, 0.0),),  # one foot, turned by 'turn' degrees (toes in or out)
        }[pattern]
        turn = math.radians(float(prop.get("turn", 0)))
        soles: list[Primitive] = [Stroke(((x - 0.11, y - 0.055), (x + 0.11, y - 0.055), (x + 0.11, y + 0.16),
                                         (x - 0.11, y + 0.16)), 0.004, "far", closed=True)]  # fmt: skip
        tones = ("near",) if pattern == "single" else ("far", "near")
        for (dx, dy), tone in zip(offsets, tones, strict=True):
            cx, cy = x + dx, y + dy + (0.05 if pattern == "single" else 0.0)
            sole = []
            for t in range(16):
                px = 0.014 * math.sin(t / 8 * math.pi) * (1.15 if t < 8 else 1.0)
                py = 0.036 * math.cos(t / 8 * math.pi)
                sole.append(
                    (cx + px * math.cos(turn) + py * math.sin(turn), cy - px * math.sin(turn) + py * math.cos(turn))
                )
            soles.append(Polygon(tuple(sole), tone, tone, 0.002))
        return [], soles
    if kind == "squeeze":
        # A few short rays around a joint: a muscle working without moving.
        x, y = _joint(prop, "at", posed, "hip")
        rays: list[Primitive] = []
        for degrees in prop.get("angles", [45, 90, 135]):
            a = math.radians(degrees)
            dx, dy = math.cos(a), math.sin(a)
            rays.append(Stroke(((x + 0.05 * dx, y + 0.05 * dy), (x + 0.1 * dx, y + 0.1 * dy)), 0.012, "arrow"))
        return [], rays
    if kind == "phone":
        x, y = _joint(prop, "at", posed, "n_hand")
        return [], [Polygon(_rect(x - 0.012, y - 0.005, x + 0.012, y + 0.04), "near", "near", w)]
    raise ValueError(f"unknown prop '{kind}'")


# --- the body ------------------------------------------------------------------------------------------


def _trunk_curve(joints: Joints, arch: float) -> tuple[Point, ...]:
    """The trunk from hip to shoulder, bowed toward the back by ``arch`` (body units)."""
    hip, shoulder = joints["hip"], joints["shoulder"]
    if not arch:
        return (hip, shoulder)
    length = math.dist(hip, shoulder)
    # The back is to the left of the hip-to-shoulder direction (the front is 90 degrees clockwise).
    nx, ny = -(shoulder[1] - hip[1]) / length, (shoulder[0] - hip[0]) / length
    middle = _mid(hip, shoulder)
    return _bezier(hip, (middle[0] + nx * arch * 2, middle[1] + ny * arch * 2), shoulder, 8)


def _bezier(start: Point, control: Point, end: Point, steps: int) -> tuple[Point, ...]:
    """A quadratic curve as a polyline of ``steps`` segments."""
    points = []
    for i in range(steps + 1):
        t = i / steps
        a, b, c = (1 - t) ** 2, 2 * (1 - t) * t, t * t
        points.append((a * start[0] + b * control[0] + c * end[0], a * start[1] + b * control[1] + c * end[1]))
    return tuple(points)


def body_primitives(
    joints: Joints, *, ghost: bool = False, arch: float = 0.0
) -> tuple[list[Primitive], list[Primitive]]:
    """(far side, near side + trunk + head) strokes of one pose."""
    far_tone, near_tone = ("ghost", "ghost") if ghost else ("far", "near")
    scale = 0.8 if ghost else 1.0

    def limb(*names: str, tone: str) -> Stroke:
        return Stroke(tuple(joints[n] for n in names), LIMB_WIDTH * scale, tone)

    far = [
        limb("hip", "f_knee", "f_ankle", "f_toe", tone=far_tone),
        limb("shoulder", "f_elbow", "f_hand", tone=far_tone),
    ]
    near = [
        Stroke(_trunk_curve(joints, arch), TRUNK_WIDTH * scale, near_tone),
        Circle(joints["head"], HEAD_RADIUS * (0.92 if ghost else 1), near_tone),
        limb("hip", "n_knee", "n_ankle", "n_toe", tone=near_tone),
        limb("shoulder", "n_elbow", "n_hand", tone=near_tone),
    ]  # fmt: skip
    neck_end = _mid(joints["shoulder"], joints["head"], 0.6)
    near.insert(1, Stroke((joints["shoulder"], neck_end), LIMB_WIDTH * 0.9 * scale, near_tone))
    return far, near


# --- layout: one scale for both panels -------------------------------------------------------------------


@dataclass(frozen=True)
class Placement:
    """One scale and offset for both panels; ``origins`` are the panels' lower-left corners."""

    scale: float
    dx: float
    origins: tuple[Point, Point]
    stacked: bool = False
    aspect: float = FIGURE_WIDTH

    def point(self, p: Point, panel: int) -> Point:
        ox, oy = self.origins[panel]
        return (ox + (p[0] + self.dx) * self.scale, oy + FLOOR_Y * self.panel_height + p[1] * self.scale)

    @property
    def panel_height(self) -> float:
        return 0.5 if self.stacked else 1.0


def _bounds(points: list[tuple[float, float, float]]) -> tuple[float, float, float, float]:
    return (
        min(x - r for x, _y, r in points),
        min(y - r for _x, y, r in points),
        max(x + r for x, _y, r in points),
        max(y + r for _x, y, r in points),
    )


def _extent_points(prims: list[Primitive]) -> list[tuple[float, float, float]]:
    points = []
    for prim in prims:
        if isinstance(prim, Stroke | Polygon):
            pad = prim.width / 2
            points += [(x, y, pad) for x, y in prim.points]
        elif isinstance(prim, Circle):
            points.append((*prim.center, prim.radius))
    return points


STACK_LABEL_WIDTH = 0.2


def placement_for(frames: list[PosedFrame], prop_prims: list[Primitive], aspect: float = FIGURE_WIDTH) -> Placement:
    """Side by side or stacked (start above end), whichever draws the body larger in an aspect x 1 box."""
    points = [pt for pf in frames for pt in _body_points(pf.joints)] + _extent_points(prop_prims)
    x0, _y0, x1, y1 = _bounds(points)
    body_w, body_h = x1 - x0, max(y1, 0.05)
    side_width, side_height = aspect / 2 - 2 * PANEL_MARGIN, FIGURE_HEIGHT * (1 - LABEL_BAND) - FLOOR_Y
    stack_width, stack_height = aspect - STACK_LABEL_WIDTH - 2 * PANEL_MARGIN, 0.5 * (1 - FLOOR_Y - 0.08)
    side_scale = min(side_width / body_w, side_height / body_h, MAX_SCALE)
    stack_scale = min(stack_width / body_w, stack_height / body_h, MAX_SCALE)
    stacked = stack_scale > side_scale * 1.15  # side by side reads more naturally; stack only for a clear gain
    if stacked:
        scale, width = stack_scale, stack_width
        left, origins = STACK_LABEL_WIDTH + PANEL_MARGIN, ((0.0, 0.5), (0.0, 0.0))
    else:
        scale, width = side_scale, side_width
        left, origins = PANEL_MARGIN, ((0.0, 0.0), (aspect / 2, 0.0))
    dx = (left + (width - body_w * scale) / 2) / scale - x0  # centre the union box in the panel
    return Placement(scale, dx, origins, stacked, aspect)


# --- the whole figure -----------------------------------------------------------------------------------


def _arrow(start: Point, end: Point, bend: float, both: bool) -> list[Primitive]:
    length = math.dist(start, end)
    if length < 0.02:
        return []
    mx, my = _mid(start, end)
    nx, ny = -(end[1] - start[1]) / length, (end[0] - start[0]) / length
    points = _bezier(start, (mx + nx * bend * length, my + ny * bend * length), end, 16)
    head = 0.05
    prims: list[Primitive] = [Stroke(tuple(points[1:-1] if both else points[:-1]), 0.014, "arrow")]

    def arrow_head(tip: Point, before: Point) -> Polygon:
        angle = math.atan2(tip[1] - before[1], tip[0] - before[0])
        left = (tip[0] - head * math.cos(angle - 0.45), tip[1] - head * math.sin(angle - 0.45))
        right = (tip[0] - head * math.cos(angle + 0.45), tip[1] - head * math.sin(angle + 0.45))
        return Polygon((tip, left, right), "arrow", "arrow", 0.004)

    prims.append(arrow_head(points[-1], points[-3]))
    if both:
        prims.append(arrow_head(points[0], points[2]))
    return prims


def compose(spec: FigureSpec, *, labels: bool = True, aspect: float = FIGURE_WIDTH) -> list[Primitive]:
    """All primitives of a figure, in drawing order, in a box ``aspect`` wide and 1 high."""
    start = pose_frame(spec.start, spec.props)
    end = pose_frame(spec.end, spec.props)
    per_frame = []
    all_props: list[Primitive] = []
    for posed in (start, end):
        behind, front = [], []
        for prop in spec.props:
            if prop.get("only") not in (None, "start" if posed is start else "end"):
                continue
            b, f = draw_prop(prop, posed, end if prop.get("fit") == "end" else start)
            behind += b
            front += f
        per_frame.append((behind, front))
        all_props += behind + front
    place = placement_for([start, end], all_props, aspect)
    prims: list[Primitive] = []
    # The floor of each panel and a divider between them.
    for panel in (0, 1):
        ox, oy = place.origins[panel]
        floor = oy + FLOOR_Y * place.panel_height
        x0 = ox + (STACK_LABEL_WIDTH if place.stacked else PANEL_MARGIN * 0.6)
        x1 = ox + (aspect if place.stacked else aspect / 2) - PANEL_MARGIN * 0.6
        prims.append(Stroke(((x0, floor), (x1, floor)), 0.01, "floor"))
    middle = aspect / 2
    divider = ((0.03, 0.5), (aspect - 0.03, 0.5)) if place.stacked else ((middle, 0.03), (middle, 0.97))
    prims.append(Stroke(divider, 0.004, "far", dash=(0.02, 0.02)))
    for panel, posed in enumerate((start, end)):
        behind, front = per_frame[panel]
        layer: list[Primitive] = []
        if panel == 1 and spec.ghost:
            ghost_far, ghost_near = body_primitives(start.joints, ghost=True, arch=start.frame.pose.arch)
            layer += ghost_far + ghost_near
        far, near = body_primitives(posed.joints, arch=posed.frame.pose.arch * (-1 if posed.frame.pose.mirror else 1))
        layer += behind + far + near + front
        prims += [_place(p, place, panel) for p in layer]
    if spec.arrow:
        a = place.point(start.joints[spec.arrow.joint], 1)
        b = place.point(end.joints[spec.arrow.joint], 1)
        prims += _arrow(a, b, spec.arrow.bend, spec.arrow.both)
    if labels:
        if place.stacked:
            prims.append(Label((0.03, 0.92), "Start", 0.09, "start"))
            prims.append(Label((0.03, 0.42), "End", 0.09, "start"))
        else:
            prims.append(Label((0.06, 0.9), "Start", 0.09, "start"))
            prims.append(Label((middle + 0.06, 0.9), "End", 0.09, "start"))
    return prims


def _place(prim: Primitive, place: Placement, panel: int) -> Primitive:
    s = place.scale
    if isinstance(prim, Stroke):
        return Stroke(tuple(place.point(p, panel) for p in prim.points), prim.width * s, prim.tone,
                      tuple(d * s for d in prim.dash), prim.closed)  # fmt: skip
    if isinstance(prim, Polygon):
        return Polygon(tuple(place.point(p, panel) for p in prim.points), prim.fill, prim.stroke, prim.width * s)
    if isinstance(prim, Circle):
        return Circle(place.point(prim.center, panel), prim.radius * s, prim.fill, prim.stroke, prim.width * s)
    return prim


def box_aspect(width: float, height: float) -> float:
    """The figure aspect for a target box: clamped, and rounded so near-identical boxes share one cache entry.

    Both backends draw with the aspect this returns, so screen and paper lay a figure out the same way.
    """
    return round(max(1.2, min(width / height, 6.0)), 1)


def figure_primitives(
    key: str, labels: bool = True, aspect: float = FIGURE_WIDTH, *, side: str | None = None
) -> tuple[Primitive, ...] | None:
    """The primitives of a bundled figure for a box ``aspect`` wide and 1 high; None when there is no spec.

    ``side`` is the patient's side for this exercise (a plan item's side, else the plan's affected side):
    a mannequin figure whose working leg is the other one is mirrored, so the tinted leg is the patient's.
    """
    return _cached_primitives(key, labels, aspect, side if side in ("left", "right") else None)


@cache
def _cached_primitives(key: str, labels: bool, aspect: float, side: str | None = None) -> tuple[Primitive, ...] | None:
    from hep_builder.figures.draw3d import scene_primitives
    from hep_builder.figures.scene import bundled_scene

    scene = bundled_scene(key)
    if scene is not None:
        mirror = side is not None and scene.spec.working is not None and side != scene.spec.working
        return tuple(scene_primitives(scene, labels=labels, aspect=aspect, mirror=mirror))
    specs, _problems = bundled_specs()
    spec = specs.get(key)
    return tuple(compose(spec, labels=labels, aspect=aspect)) if spec else None


def posed_frames(spec: FigureSpec) -> tuple[PosedFrame, PosedFrame]:
    """Both keyframes, grounded (for tests and tools)."""
    return pose_frame(spec.start, spec.props), pose_frame(spec.end, spec.props)
