"""Props in 3-D (floor, mat, chair, bench, step, stairs, wall, counter, ball, band, ...), fitted to the posed
body, and the measures that keep body and props honest: penetration and contact gaps (figures layer).

A prop is made of boxes (turned about the vertical), round solids, 3-D polylines (bands, straps, a belt)
and convex hulls (cones, a kettlebell's handle). Supports are fitted to the body: a chair's seat is as high
as the lowest part of the seat it carries, a wall stands where the hands push, so they meet by construction.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from hep_builder.figures.body3d import (
    Body,
    Capsule,
    Ellipsoid,
    Solid,
    Vec,
    add,
    dot,
    lerp,
    scale,
    sub,
)

MAT_HEIGHT = 0.012
DOWN: Vec = (0.0, -1.0, 0.0)


@dataclass(frozen=True)
class Box:
    center: Vec
    half: Vec
    yaw: float = 0.0
    tone: str = "prop-fill"
    collides: bool = True

    @property
    def axes(self) -> tuple[Vec, Vec, Vec]:
        c, s = math.cos(math.radians(self.yaw)), math.sin(math.radians(self.yaw))
        return (c, 0.0, -s), (0.0, 1.0, 0.0), (s, 0.0, c)

    @property
    def top(self) -> float:
        return self.center[1] + self.half[1]

    def corners(self) -> list[Vec]:
        ax = self.axes
        out = []
        for sx in (-1, 1):
            for sy in (-1, 1):
                for sz in (-1, 1):
                    offset = add(add(scale(ax[0], sx * self.half[0]), scale(ax[1], sy * self.half[1])),
                                 scale(ax[2], sz * self.half[2]))  # fmt: skip
                    out.append(add(self.center, offset))
        return out

    def faces(self) -> list[tuple[Vec, list[Vec]]]:
        """(outward normal, 4 corners) of each face."""
        c = self.corners()  # index = sx*4 + sy*2 + sz, with s in {0, 1}
        ax = self.axes
        quads = {
            (0, -1): (0, 1, 3, 2), (0, 1): (4, 6, 7, 5),
            (1, -1): (0, 4, 5, 1), (1, 1): (2, 3, 7, 6),
            (2, -1): (0, 2, 6, 4), (2, 1): (1, 5, 7, 3),
        }  # fmt: skip
        return [(scale(ax[axis], sign), [c[i] for i in quad]) for (axis, sign), quad in quads.items()]


@dataclass(frozen=True)
class Line3:
    points: tuple[Vec, ...]
    width: float
    tone: str = "prop"
    dash: tuple[float, ...] = ()
    closed: bool = False


@dataclass(frozen=True)
class Hull3:
    points: tuple[Vec, ...]
    tone: str = "prop-fill"


@dataclass(frozen=True)
class Mark:
    """A 2-D sign drawn at a 3-D point after projection: 'squeeze' (effort rays)."""

    kind: str
    at: Vec


@dataclass
class Prop:
    kind: str
    boxes: list[Box] = field(default_factory=list)
    solids: list[Solid] = field(default_factory=list)
    lines: list[Line3] = field(default_factory=list)
    hulls: list[Hull3] = field(default_factory=list)
    marks: list[Mark] = field(default_factory=list)
    over: bool | None = None  # drawn over the body (None: by depth)
    only: str | None = None  # "start" | "end": shown in one panel


# What a prop may say: checked when a spec loads (scene._props), not when it is painted. A new prop type or
# key that build_prop reads goes here too, or every figure that uses it is reported (file:line) and not drawn.
PROP_TYPES = (
    "mat", "chair", "bench", "step", "box", "counter", "plinth", "stairs", "wall", "ball", "pillow", "band",
    "strap", "belt", "weight", "dumbbell", "kettlebell", "ankle-weight", "phone", "cane", "bike", "cones", "tape",
    "squeeze", "kneecap",
)  # fmt: skip
PROP_KEYS = {
    "type", "only", "over", "under", "fit", "pad", "grow", "height", "at", "size", "depth", "width", "yaw", "legs",
    "steps", "run", "rail", "rail_side", "touch", "normal", "between", "from", "to", "hand", "lines", "arms", "drop",
}  # fmt: skip


class PropError(ValueError):
    pass


# --- parts of the body, by the names contacts and props use -------------------------------------------

PART_GROUPS = {
    "seat": ("pelvis", "left_thigh", "right_thigh"),
    "back": ("chest", "pelvis", "belly"),
    "side": ("chest", "pelvis", "belly"),
    "front": ("chest", "belly", "pelvis"),
    "feet": ("left_foot", "right_foot"),
    "knees": ("left_knee", "right_knee"),
    "hands": ("left_hand", "right_hand"),
    "forearms": ("left_forearm", "right_forearm"),
    "shins": ("left_shank", "right_shank"),
}


def part_solids(body: Body, name: str) -> list[Solid]:
    """The solids a part name stands for: 'right_foot', 'seat', 'right_knee' (the knee end of the shin)."""
    if name in PART_GROUPS:
        return [s for member in PART_GROUPS[name] for s in part_solids(body, member)]
    side, _, rest = name.partition("_")
    if rest in ("knee", "elbow"):  # the joint's end of the limb below it
        radius = 0.036 if rest == "knee" else 0.025
        return [Capsule(rest, body.points[name], body.points[name], radius, radius, side)]
    if rest in ("heel", "toe"):  # points on the sole
        return [Capsule(rest, body.points[name], body.points[name], 0.0, 0.0, side)]
    found = list(body.part(name))
    if not found:
        raise PropError(f"unknown body part '{name}'")
    return found


def lowest_of(solids: Sequence[Solid]) -> float:
    return min(-s.support(DOWN) for s in solids)


def extent(solids: Sequence[Solid], axis: Vec) -> tuple[float, float]:
    return (min(-s.support(scale(axis, -1)) for s in solids), max(s.support(axis) for s in solids))


# --- penetration and gaps --------------------------------------------------------------------------------


def box_overlap(solid: Solid, box: Box) -> float:
    """How deep ``solid`` is inside ``box``; negative: how far apart.

    Separating axes along the box's own axes; a limb is tested as a row of spheres along it, because a
    slanted limb can pass a box's corner with no box axis separating them.
    """
    if isinstance(solid, Capsule) and solid.a != solid.b:
        return max(
            _axes_overlap(Capsule(solid.part, p, p, r, r), box)
            for p, r in ((lerp(solid.a, solid.b, i / 6), solid.ra + (solid.rb - solid.ra) * i / 6) for i in range(7))
        )
    return _axes_overlap(solid, box)


def _axes_overlap(solid: Solid, box: Box) -> float:
    best = math.inf
    for axis, half in zip(box.axes, box.half, strict=True):
        smin, smax = -solid.support(scale(axis, -1)), solid.support(axis)
        c = dot(box.center, axis)
        overlap = min(smax - (c - half), (c + half) - smin)
        best = min(best, overlap)
    return best


def solid_overlap(solid: Solid, other: Solid) -> float:
    """Sphere-like props (ball, pillow): depth along the line between centres (an estimate)."""
    d = sub(other.center, solid.center)
    n = math.sqrt(dot(d, d)) or 1.0
    axis = scale(d, 1 / n)
    return min(solid.support(axis) - (-other.support(scale(axis, -1))), 1.0)


# --- the prop catalogue -----------------------------------------------------------------------------------


def _v(data: Any, where: str) -> Vec:
    if not (isinstance(data, list) and len(data) == 3 and all(isinstance(x, int | float) for x in data)):
        raise PropError(f"{where} must be [x, y, z]")
    return (float(data[0]), float(data[1]), float(data[2]))


def _names(value: Any) -> list[str]:
    return [value] if isinstance(value, str) else list(value)


def heading(body: Body) -> tuple[Vec, float]:
    """The direction the pelvis faces on the floor, and its yaw in degrees."""
    left, right = body.points["left_hip"], body.points["right_hip"]
    across = sub(right, left)
    forward = (across[2], 0.0, -across[0])  # the left-to-right hip line turned a quarter
    up = sub(body.points["neck"], body.points["pelvis"])
    if abs(up[1]) < 0.7 * math.sqrt(dot(up, up)):  # lying or leaning far: along the body, feet to head
        forward = (up[0], 0.0, up[2])
    n = math.hypot(forward[0], forward[2]) or 1.0
    forward = (forward[0] / n, 0.0, forward[2] / n)
    return forward, math.degrees(math.atan2(-forward[2], forward[0]))


def _support_box(solids: list[Solid], yaw: float, pad: tuple[float, float], top: float, bottom: float = 0.0,
                 tone: str = "prop-fill") -> Box:  # fmt: skip
    """A box under ``solids`` (its footprint padded by ``pad`` along and across yaw) from bottom to top."""
    c, s = math.cos(math.radians(yaw)), math.sin(math.radians(yaw))
    along, across = (c, 0.0, -s), (s, 0.0, c)
    a0, a1 = extent(solids, along)
    b0, b1 = extent(solids, across)
    a0, a1, b0, b1 = a0 - pad[0], a1 + pad[0], b0 - pad[1], b1 + pad[1]
    centre = add(scale(along, (a0 + a1) / 2), scale(across, (b0 + b1) / 2))
    return Box((centre[0], (top + bottom) / 2, centre[2]), ((a1 - a0) / 2, (top - bottom) / 2, (b1 - b0) / 2), yaw,
               tone)  # fmt: skip


def build_prop(data: Mapping[str, Any], frame: Body, bodies: Sequence[Body], floor: float) -> Prop:
    """One prop for the panel showing ``frame``: supports are fitted to the start body (``fit: end``: the
    end body), so they stay put between panels; bands, weights and belts follow ``frame``."""
    kind = data["type"]
    body = bodies[1] if data.get("fit") == "end" else bodies[0]
    forward, yaw = heading(body)
    prop = Prop(kind, only=data.get("only"))
    if "over" in data:
        prop.over = bool(data["over"])
    if kind == "mat":
        solids = [s for b in bodies for s in b.solids]
        box = _support_box(solids, yaw, (0.05, 0.06), MAT_HEIGHT)
        prop.boxes.append(Box(box.center, box.half, yaw, "mat", collides=False))
    elif kind == "chair":
        parts = [s for name in _names(data.get("under", "seat")) for s in part_solids(body, name)]
        # 'drop: d' lowers the seat below the part: a squat's thighs reach lower than its pelvis
        seat = lowest_of(parts) - float(data.get("drop", 0.0))
        pelvis = body.points["pelvis"]
        if data.get("under", "seat") not in ("seat", "pelvis"):  # a hand on the seat: the chair is under it
            middle = [sum(p.center[i] for p in parts) / len(parts) for i in (0, 2)]
            pelvis = add((middle[0], 0.0, middle[1]), scale(forward, 0.03))
        front = float(data.get("depth", 0.2))
        c = add(add((pelvis[0], 0.0, pelvis[2]), scale(forward, front / 2 - 0.09)), (0.0, seat - 0.02, 0.0))
        prop.boxes.append(Box(c, (front / 2 + 0.06, 0.02, 0.1), yaw))
        back_c = add((pelvis[0], 0.0, pelvis[2]), scale(forward, -0.165))
        prop.boxes.append(Box((back_c[0], seat + 0.17, back_c[2]), (0.012, 0.17, 0.13), yaw))
        for da in (-0.16, front - 0.04):
            for db in (-0.11, 0.11):
                across = (-forward[2], 0.0, forward[0])
                leg = add(add((pelvis[0], 0.0, pelvis[2]), scale(forward, da)), scale(across, db))
                prop.boxes.append(Box((leg[0], (seat - 0.04) / 2, leg[2]), (0.012, (seat - 0.04) / 2, 0.012), yaw))
        if data.get("arms"):  # armrests to push up from: a pad on a front post, each side, outside the hips
            across = (-forward[2], 0.0, forward[0])
            length = front - 0.04 + 0.16
            for db in (-0.125, 0.125):
                mid = add(
                    add((pelvis[0], 0.0, pelvis[2]), scale(forward, (front - 0.04 - 0.16) / 2)), scale(across, db)
                )
                prop.boxes.append(Box((mid[0], seat + 0.13, mid[2]), (length / 2, 0.012, 0.018), yaw))
                post = add(add((pelvis[0], 0.0, pelvis[2]), scale(forward, front - 0.05)), scale(across, db))
                prop.boxes.append(Box((post[0], seat + 0.065, post[2]), (0.01, 0.065, 0.01), yaw))
    elif kind in ("bench", "step", "box", "counter", "plinth"):
        tone = "prop-fill"
        if "height" in data and "under" not in data:
            top = float(data["height"])
            size = data.get("size", [0.3, 0.0, 0.4])
            centre = _v(data.get("at", [0.3, 0.0, 0.0]), f"{kind} 'at'")
            b = Box((centre[0], top / 2, centre[2]), (size[0] / 2, top / 2, size[2] / 2), float(data.get("yaw", yaw)),
                    tone)  # fmt: skip
        else:
            parts = [s for name in _names(data.get("under", "right_foot")) for s in part_solids(body, name)]
            top = lowest_of(parts)
            if kind == "counter":  # the hands may sit lower in the other panel: the counter takes the lower
                top = min(lowest_of([s for name in _names(data["under"]) for s in part_solids(b, name)])
                          for b in bodies)  # fmt: skip
            pad = data.get("pad", [0.06, 0.06])
            b = _support_box(parts, yaw, (float(pad[0]), float(pad[1])), top)
            if kind == "counter":  # a worktop, not a lectern: at least about 30 cm deep and 70 cm wide
                b = Box(b.center, (max(b.half[0], 0.09), b.half[1], max(b.half[2], 0.2)), yaw)
            if "grow" in data:  # extend the footprint: [forward, back, right, left] in body units
                gf, gb, gr, gl = (float(x) for x in data["grow"])
                across = (-forward[2], 0.0, forward[0])
                shift = add(scale(forward, (gf - gb) / 2), scale(across, (gr - gl) / 2))
                b = Box(add(b.center, shift), (b.half[0] + (gf + gb) / 2, b.half[1], b.half[2] + (gr + gl) / 2), yaw)
        if kind == "counter":  # a thick worktop on four legs at its corners: reads as a counter, not a stand
            slab = Box((b.center[0], b.top - 0.025, b.center[2]), (b.half[0], 0.025, b.half[2]), b.yaw)
            cos_y, sin_y = math.cos(math.radians(b.yaw)), math.sin(math.radians(b.yaw))
            for da, db in ((-1, -1), (-1, 1), (1, -1), (1, 1)):
                off_a, off_w = da * (b.half[0] - 0.025), db * (b.half[2] - 0.025)
                leg = (
                    b.center[0] + off_a * cos_y + off_w * sin_y,
                    (b.top - 0.05) / 2,
                    b.center[2] - off_a * sin_y + off_w * cos_y,
                )
                prop.boxes.append(Box(leg, (0.018, (b.top - 0.05) / 2, 0.018), b.yaw))
            prop.boxes.append(slab)
        elif kind == "bench" and b.top > 0.12 and data.get("legs", True):
            slab = Box((b.center[0], b.top - 0.025, b.center[2]), (b.half[0], 0.025, b.half[2]), b.yaw)
            legs = [Box(add(b.center, (dx * b.half[0] * 0.8, -0.025, dz * b.half[2] * 0.8)),
                        (0.015, (b.top - 0.05) / 2, 0.015), b.yaw) for dx in (-1, 1) for dz in (-1, 1)]  # fmt: skip
            for bench_leg in legs:
                prop.boxes.append(
                    Box((bench_leg.center[0], (b.top - 0.05) / 2, bench_leg.center[2]), bench_leg.half, b.yaw)
                )
            prop.boxes.append(slab)
        else:
            prop.boxes.append(b)
        if kind == "step" and data.get("rail"):
            prop.boxes += _rail(b, data)
    elif kind == "stairs":
        top = float(data.get("height", 0.1))
        count = int(data.get("steps", 3))
        start = _v(data.get("at", [0.25, 0.0, 0.0]), "stairs 'at'")
        run = float(data.get("run", 0.17))
        width = float(data.get("width", 0.45))
        for i in range(count):
            h = top * (i + 1)
            depth = run * (count - i)
            prop.boxes.append(Box((start[0] + run * i + depth / 2, h / 2, start[2]), (depth / 2, h / 2, width / 2)))
        if data.get("rail", True):
            side = 1.0 if data.get("rail_side", "right") == "right" else -1.0
            z = start[2] + side * (width / 2 + 0.02)
            h0 = top + 0.5
            x0, x1 = start[0] - 0.2, start[0] + run * count
            posts = [Box((x, (h0 + top * k) / 2, z), (0.01, (h0 + top * k) / 2, 0.01), tone="prop")
                     for x, k in ((x0 + 0.02, 0), (x1 - 0.02, count))]  # fmt: skip
            prop.boxes += posts
            prop.lines.append(Line3(((x0, h0, z), (start[0], h0, z), (x1, h0 + top * count, z)), 0.022, "prop"))
            prop.over = side > 0
    elif kind == "wall":
        parts = [s for name in _names(data.get("touch", "hands")) for s in part_solids(body, name)]
        normal = _v(data.get("normal", [1, 0, 0]), "wall 'normal'")  # from the body towards the wall
        face = max(s.support(normal) for s in parts)
        thick = 0.03
        centre_h = [sum(p.center[i] for p in parts) / len(parts) for i in (0, 2)]
        base = (centre_h[0], 0.0, centre_h[1])
        base = add(base, scale(normal, face - dot(base, normal) + thick))
        wall_yaw = math.degrees(math.atan2(-normal[2], normal[0]))
        prop.boxes.append(Box((base[0], 0.45, base[2]), (thick, 0.45, float(data.get("width", 0.35))), wall_yaw))
    elif kind == "ball":
        p0, p1 = (frame.points[n] for n in _names(data.get("between", ["left_knee", "right_knee"])))
        gap = math.dist(p0, p1) - 2 * 0.036
        r = max(0.03, gap / 2)
        c = lerp(p0, p1, 0.5)
        prop.solids.append(Ellipsoid("ball", c, ((r, 0, 0), (0, r, 0), (0, 0, r))))
        prop.over = False
    elif kind == "pillow":
        p0, p1 = (frame.points[n] for n in _names(data.get("between", ["left_knee", "right_knee"])))
        c = lerp(p0, p1, 0.5)
        r = max(0.02, (math.dist(p0, p1) - 2 * 0.036) / 2)
        # 'size: [x, z]' half-widths: a bed pillow sticks out around the knees, so it shows between them
        hx, hz = (float(v) for v in data.get("size", [0.08, 0.05]))
        prop.solids.append(Ellipsoid("pillow", c, ((hx, 0, 0), (0, r, 0), (0, 0, hz))))
    elif kind == "kneecap":  # a pale dot on the front of the knee: shows which way the leg has turned
        leg_side = str(data.get("at", "right_knee")).split("_")[0]
        knee, ankle, toe = (frame.points[f"{leg_side}_{n}"] for n in ("knee", "ankle", "toe"))
        axis = sub(knee, ankle)
        axis = scale(axis, 1.0 / math.sqrt(dot(axis, axis)))
        ahead = sub(toe, ankle)
        shin_front = sub(ahead, scale(axis, dot(ahead, axis)))  # the foot's forward direction, square to the shin
        shin_front = scale(shin_front, 1.0 / max(1e-9, math.sqrt(dot(shin_front, shin_front))))
        c = add(knee, scale(shin_front, 0.04))
        prop.solids.append(Ellipsoid("kneecap", c, ((0.024, 0, 0), (0, 0.024, 0), (0, 0, 0.024))))
    elif kind in ("band", "strap"):
        prop.lines.append(_band(data, frame, kind))
        prop.over = True
    elif kind == "belt":
        pts = [lerp(frame.points[f"{s}_hip"], frame.points[f"{s}_knee"], 0.82) for s in ("left", "right")]
        prop.lines.append(Line3(_loop(pts[0], pts[1], 0.046), 0.028, "belt", closed=True))
        prop.over = True
    elif kind in ("weight", "dumbbell", "kettlebell", "ankle-weight", "phone"):
        at = frame.points[data.get("at", "right_hand" if kind != "ankle-weight" else "right_ankle")]
        if kind == "dumbbell" or kind == "weight":
            across = sub(frame.points["right_hip"], frame.points["left_hip"])
            n = math.sqrt(dot(across, across))
            axis = scale(across, 0.05 / n)
            prop.solids.append(Capsule("weight", sub(at, axis), add(at, axis), 0.035, 0.035))
        elif kind == "kettlebell":
            c = add(at, (0.0, -0.07, 0.0))
            prop.solids.append(Ellipsoid("weight", c, ((0.05, 0, 0), (0, 0.05, 0), (0, 0, 0.05))))
        elif kind == "ankle-weight":
            prop.solids.append(Ellipsoid("weight", at, ((0.035, 0, 0), (0, 0.035, 0), (0, 0, 0.035))))
        else:
            prop.solids.append(Ellipsoid("weight", at, ((0.012, 0, 0), (0, 0.03, 0), (0, 0, 0.02))))
        prop.over = True
    elif kind == "cane":
        hand = frame.points[data.get("hand", "left_hand")]
        tip = add((hand[0], 0.0, hand[2]), (0.03, 0.0, 0.0))
        prop.lines.append(Line3((add(hand, (-0.04, 0.015, 0.0)), add(hand, (0.0, 0.015, 0.0)), tip), 0.016, "prop"))
        prop.over = True
    elif kind == "bike":
        parts = part_solids(body, "pelvis")
        # 'drop: d' lowers the seat below the part: a squat's thighs reach lower than its pelvis
        seat = lowest_of(parts) - float(data.get("drop", 0.0))
        pelvis = body.points["pelvis"]
        feet = [body.points[f"{s}_ankle"] for s in ("left", "right")]
        crank = lerp(feet[0], feet[1], 0.5)
        # The saddle sits between the thighs, so it is not checked for overlap with them.
        prop.boxes.append(Box((pelvis[0] - 0.04, seat - 0.02, pelvis[2]), (0.05, 0.02, 0.07), yaw, collides=False))
        prop.lines.append(Line3(((pelvis[0], seat - 0.04, pelvis[2]), (crank[0], crank[1], 0.0)), 0.03, "prop"))
        prop.lines.append(Line3(((crank[0], crank[1], 0.0), (crank[0] + 0.28, 0.55, 0.0),
                                 (crank[0] + 0.22, 0.6, 0.0)), 0.03, "prop"))  # fmt: skip
        # the handlebar: a crossbar the hands can hold
        prop.lines.append(Line3(((crank[0] + 0.22, 0.6, -0.13), (crank[0] + 0.22, 0.6, 0.13)), 0.025, "prop"))
        prop.boxes.append(Box((pelvis[0] - 0.05, 0.015, 0.0), (0.14, 0.015, 0.1), 0.0))
        r = max(0.06, math.dist(feet[0], feet[1]) / 2)
        wheel = tuple((crank[0] + r * math.cos(t * math.pi / 8), crank[1] + r * math.sin(t * math.pi / 8), 0.0)
                      for t in range(16))  # fmt: skip
        prop.lines.append(Line3(wheel, 0.01, "prop", closed=True))
    elif kind == "cones":
        for x, z in data.get("at", [[0.45, 0.0]]):
            ring = [
                (x + 0.035 * math.cos(t * math.pi / 4), 0.0, z + 0.035 * math.sin(t * math.pi / 4)) for t in range(8)
            ]
            prop.hulls.append(Hull3((*ring, (x, 0.11, z)), "prop-fill"))
    elif kind == "tape":
        for x0, z0, x1, z1 in data.get("lines", [[0.0, 0.0, 0.6, 0.0]]):
            prop.lines.append(Line3(((x0, floor + 0.002, z0), (x1, floor + 0.002, z1)), 0.02, "prop"))
    elif kind == "squeeze":
        prop.marks.append(Mark("squeeze", frame.points[data.get("at", "pelvis")]))
        prop.over = True
    else:
        raise PropError(f"unknown prop '{kind}'")
    return prop


def _rail(step: Box, data: Mapping[str, Any]) -> list[Box]:
    side = 1.0 if data.get("rail") == "right" else -1.0
    z = step.center[2] + side * (step.half[2] + 0.04)
    x = step.center[0]
    return [Box((x, 0.3, z), (0.01, 0.3, 0.01), tone="prop"), Box((x, 0.6, z), (0.22, 0.012, 0.012), tone="prop")]


def _loop(a: Vec, b: Vec, r: float) -> tuple[Vec, ...]:
    """A closed loop around two points (a belt round both knees), in the plane across the thighs."""
    d = sub(b, a)
    n = math.sqrt(dot(d, d)) or 1.0
    u = scale(d, 1 / n)
    w = (0.0, 1.0, 0.0) if abs(u[1]) < 0.9 else (1.0, 0.0, 0.0)
    # v: perpendicular to u, in the plane of u and w
    v = sub(w, scale(u, dot(w, u)))
    v = scale(v, 1 / math.sqrt(dot(v, v)))
    points = []
    for i in range(12):
        t = 2 * math.pi * i / 12
        centre, phase = (b, t) if math.cos(t) >= 0 else (a, t)
        points.append(add(centre, add(scale(u, r * math.cos(phase)), scale(v, r * math.sin(phase)))))
    return tuple(points)


def _band(data: Mapping[str, Any], body: Body, kind: str) -> Line3:
    """A band or strap straight between its two tie points (body points or fixed [x, y, z])."""
    ends = []
    for key in ("from", "to"):
        value = data.get(key, "left_knee" if key == "from" else "right_knee")
        ends.append(body.points[value] if isinstance(value, str) else _v(value, f"{kind} '{key}'"))
    if kind == "band":
        return Line3(tuple(ends), 0.018, "band")
    return Line3(tuple(ends), 0.013, "prop")
