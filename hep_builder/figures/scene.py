"""Mannequin figure specs and the scenes they make: named poses, per-figure frames, grounding on the floor or
a prop, simple IK, fitted props, and the figure's own account (penetration, contact gaps, limits, how much of
the movement the camera shows) (figures layer).

The spec format is documented at the top of ``assets/figures/mannequin/hip.yaml``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from hep_builder.core.schema import MAX_TEXT, check_schema_version
from hep_builder.core.textio import MAX_SHOWN, short
from hep_builder.core.yamlio import YamlFileError, compose_text, decode_text, load_text_strict
from hep_builder.figures.body3d import (
    AXIAL_ANGLES,
    FOREARM,
    HEIGHT_MM,
    LIMB_ANGLES,
    LIMITS,
    SHANK,
    SIDES,
    THIGH,
    UPPER_ARM,
    Body,
    Pose,
    Vec,
    build_body,
    dot,
    length,
    limit_violations,
    lowest,
    sub,
)
from hep_builder.figures.camera import VIEWS, Camera
from hep_builder.figures.props3d import (
    MAT_HEIGHT,
    PROP_KEYS,
    PROP_TYPES,
    Prop,
    PropError,
    box_overlap,
    build_prop,
    lowest_of,
    part_solids,
)
from hep_builder.paths import asset_path

FRAME_KEYS = {"pose", "at", "lift", "rest", "touch", "ik"}
FIGURE_KEYS = {"view", "props", "start", "end", "also", "labels", "arrow", "ghost", "working", "note"}
FIGURE_SCHEMA_VERSION = 2
IK_CHAINS = {
    "right_foot": ("right_ankle", ("right_hip_flexion", "right_hip_abduction", "right_knee_flexion")),
    "left_foot": ("left_ankle", ("left_hip_flexion", "left_hip_abduction", "left_knee_flexion")),
    "right_hand": ("right_wrist", ("right_shoulder_flexion", "right_shoulder_abduction", "right_elbow_flexion")),
    "left_hand": ("left_wrist", ("left_shoulder_flexion", "left_shoulder_abduction", "left_elbow_flexion")),
}


class FigureSpecError(ValueError):
    pass


@dataclass(frozen=True)
class FrameSpec:
    pose: Pose
    rest: Mapping[str, str] = field(default_factory=dict)  # part -> 'floor' or a prop type
    touch: Mapping[str, str] = field(default_factory=dict)  # contacts to keep honest: part -> surface
    ik: Mapping[str, Any] = field(default_factory=dict)  # 'right_foot' -> [x, y, z] | 'start'
    pinned: bool = False  # 'lift' given: the pelvis is held at that height, not grounded


@dataclass(frozen=True)
class Arrow3:
    point: str
    both: bool = False


@dataclass(frozen=True)
class MannequinSpec:
    key: str
    camera: Camera
    start: FrameSpec
    end: FrameSpec
    props: tuple[dict[str, Any], ...] = ()
    arrows: tuple[Arrow3, ...] = ()
    ghost: bool = True
    working: str | None = None  # the leg that works, tinted ("right" or "left"), as authored
    # A third panel, for a movement that goes two ways (foot out, then in); built from the start frame like
    # 'end', drawn with the start's ghost and its own arrows. 'labels' names the three panels.
    also: FrameSpec | None = None
    labels: tuple[str, ...] = ()


# --- parsing ----------------------------------------------------------------------------------------------


def _cut(value: Any) -> str:
    """A name from the spec, for a message: at most 80 characters (textio.MAX_SHOWN)."""
    text = str(value)
    return text if len(text) <= MAX_SHOWN else text[: MAX_SHOWN - 1] + "…"


def _number(value: Any, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise FigureSpecError(f"{where} must be a number")
    return float(value)


def _angles(data: Mapping[str, Any], where: str) -> dict[str, float]:
    """Angle keys of a pose or frame: 'hip_flexion: 30' (both sides), '{left: 10, right: 30}', or
    'right_hip_flexion: 30'."""
    out: dict[str, float] = {}
    for key, value in data.items():
        if key in FRAME_KEYS or key in ("from", "note"):
            continue
        if key in LIMB_ANGLES:
            if isinstance(value, dict):
                if set(value) - set(SIDES):
                    raise FigureSpecError(f"{where}: '{_cut(key)}' takes left and right")
                for side, v in value.items():
                    out[f"{side}_{key}"] = _number(v, f"{where}: {key}.{side}")
            else:
                for side in SIDES:
                    out[f"{side}_{key}"] = _number(value, f"{where}: {key}")
        elif key in AXIAL_ANGLES or (key.partition("_")[0] in SIDES and key.partition("_")[2] in LIMB_ANGLES):
            out[key] = _number(value, f"{where}: {key}")
        else:
            raise FigureSpecError(f"{where}: unknown key '{_cut(key)}'")
    return out


def _contacts(value: Any, where: str) -> dict[str, str]:
    if value is None:
        return {}
    if isinstance(value, list):
        return {str(part): "floor" for part in value}
    if isinstance(value, dict):
        return {str(part): str(surface) for part, surface in value.items()}
    raise FigureSpecError(f"{where} must be a list of parts or a mapping part: surface")


@dataclass(frozen=True)
class NamedPose:
    angles: dict[str, float]
    touch: dict[str, str]


def parse_poses(data: Any, source: str) -> dict[str, NamedPose]:
    poses: dict[str, NamedPose] = {}
    if not isinstance(data, dict):
        raise FigureSpecError(f"{source}: 'poses' must be a mapping")
    for name, body in data.items():
        body = dict(body or {})
        base = body.get("from")
        if base is not None and base not in poses:
            raise FigureSpecError(f"{source}: pose '{_cut(name)}' is built from unknown pose '{_cut(base)}'")
        angles = dict(poses[base].angles) if base else {}
        touch = dict(poses[base].touch) if base else {}
        angles.update(_angles(body, f"{source}: pose '{_cut(name)}'"))
        if "touch" in body:
            touch = _contacts(body["touch"], f"{source}: pose '{_cut(name)}' touch")
        poses[name] = NamedPose(angles, touch)
    return poses


def _frame(data: Any, poses: dict[str, NamedPose], where: str, base: FrameSpec | None = None) -> FrameSpec:
    if not isinstance(data, dict):
        raise FigureSpecError(f"{where}: a frame must be a mapping")
    if "pose" in data:
        if data["pose"] not in poses:
            raise FigureSpecError(f"{where}: unknown pose '{_cut(data['pose'])}'")
        named = poses[data["pose"]]
        angles, touch = dict(named.angles), dict(named.touch)
        at, lift = (0.0, 0.0), 0.0
    elif base is not None:  # the end frame starts from the start frame
        angles, touch = dict(base.pose.angles), dict(base.touch)
        at, lift = base.pose.at, base.pose.lift
    else:
        raise FigureSpecError(f"{where}: needs a 'pose'")
    angles.update(_angles(data, where))
    if "at" in data:
        at_data = data["at"]
        if not (isinstance(at_data, list) and len(at_data) == 2):
            raise FigureSpecError(f"{where}: 'at' must be [x, z]")
        at = (_number(at_data[0], f"{where}: at"), _number(at_data[1], f"{where}: at"))
    if "lift" in data:
        lift = _number(data["lift"], f"{where}: lift")
    if "touch" in data:
        touch = _contacts(data["touch"], f"{where}: touch")
    rest = _contacts(data.get("rest"), f"{where}: rest")
    ik = data.get("ik") or {}
    if not isinstance(ik, dict) or set(ik) - set(IK_CHAINS):
        raise FigureSpecError(f"{where}: 'ik' maps {', '.join(IK_CHAINS)} to [x, y, z] or 'start'")
    return FrameSpec(Pose(angles, at, lift), rest, touch, ik, "lift" in data)


def _camera(value: Any, where: str) -> Camera:
    if isinstance(value, str):
        value = {"name": value}
    if not isinstance(value, dict) or value.get("name") not in VIEWS:
        raise FigureSpecError(f"{where}: 'view' must name one of {', '.join(VIEWS)}")
    az, el = value.get("azimuth"), value.get("elevation")
    return Camera.named(value["name"], None if az is None else float(az), None if el is None else float(el))


def _props(value: Any, where: str) -> tuple[dict[str, Any], ...]:
    """The figure's props, each a known type with known keys (a typo is reported when the spec loads)."""
    if not isinstance(value, list):
        raise FigureSpecError(f"{where}: 'props' must be a list")
    props = []
    for index, item in enumerate(value, 1):
        prop = item if isinstance(item, dict) else {"type": item}
        kind = prop.get("type")
        if not isinstance(kind, str) or kind not in PROP_TYPES:
            raise FigureSpecError(f"{where}: prop {index}: unknown prop {short(kind)}; use: {', '.join(PROP_TYPES)}")
        unknown = sorted(short(k) for k in prop if k not in PROP_KEYS)
        if unknown:
            raise FigureSpecError(f"{where}: prop {index} ({kind}) has unknown key(s) {', '.join(unknown)}")
        if prop.get("only") not in (None, "start", "end") or not isinstance(prop.get("over", False), bool):
            raise FigureSpecError(f"{where}: prop {index} ({kind}): 'only' is start or end, 'over' true or false")
        props.append(prop)
    return tuple(props)


def _arrows(value: Any, where: str) -> tuple[Arrow3, ...]:
    arrows = []
    for item in value if isinstance(value, list) else [value]:
        if isinstance(item, str):
            arrows.append(Arrow3(item))
        elif isinstance(item, dict) and isinstance(item.get("point"), str) and set(item) <= {"point", "both"}:
            arrows.append(Arrow3(item["point"], bool(item.get("both", False))))
        else:
            raise FigureSpecError(f"{where}: 'arrow' must be a point, {{point: POINT, both: true}} or a list of them")
    return tuple(arrows)


def parse_specs(
    data: Any, source: str, lines: Mapping[str, int] | None = None
) -> tuple[dict[str, MannequinSpec], list[str]]:
    """The figures of one spec file; ``lines`` gives each figure's line, so a problem reads file:line: ..."""
    if not isinstance(data, dict):
        raise FigureSpecError(f"{source}: expected 'schema_version: 2'")
    version_problem = check_schema_version(data.get("schema_version"), FIGURE_SCHEMA_VERSION)
    if version_problem or data.get("schema_version") != FIGURE_SCHEMA_VERSION:
        raise FigureSpecError(
            f"{source}:{(lines or {}).get('schema_version', 1)}: {version_problem or 'expected schema_version: 2'}"
        )
    poses = parse_poses(data.get("poses") or {}, source)
    specs: dict[str, MannequinSpec] = {}
    problems: list[str] = []
    for key, body in (data.get("figures") or {}).items():
        line = (lines or {}).get(f"figures.{key}", 0)
        where = f"{source}:{line}: figure '{_cut(key)}'" if line else f"{source}: figure '{_cut(key)}'"
        try:
            if not isinstance(body, dict):
                raise FigureSpecError(f"{where}: a figure must be a mapping of {', '.join(sorted(FIGURE_KEYS))}")
            unknown = sorted(short(k) for k in body if k not in FIGURE_KEYS)
            if unknown:
                raise FigureSpecError(
                    f"{where}: unknown key {unknown[0]}; a figure takes {', '.join(sorted(FIGURE_KEYS))}"
                )
            if not isinstance(body.get("ghost", True), bool):
                raise FigureSpecError(f"{where}: 'ghost' must be true or false")
            note = body.get("note", "")
            if not isinstance(note, str) or len(note) > MAX_TEXT:
                raise FigureSpecError(f"{where}: 'note' is too long or not text (at most {MAX_TEXT:,} characters)")
            start = _frame(body.get("start"), poses, f"{where} start")
            end = _frame(body.get("end") or {}, poses, f"{where} end", start)
            also = _frame(body["also"], poses, f"{where} also", start) if body.get("also") is not None else None
            labels = body.get("labels") or ()
            if labels and (also is None or not isinstance(labels, list) or len(labels) != 3
                           or not all(isinstance(x, str) and x for x in labels)):  # fmt: skip
                raise FigureSpecError(f"{where}: 'labels' names the three panels of a figure with 'also'")
            arrows = _arrows(body.get("arrow") or [], where)
            props = _props(body.get("props") or [], where)
            working = body.get("working")
            if working not in (None, *SIDES):
                raise FigureSpecError(f"{where}: 'working' is left or right")
            spec = MannequinSpec(key, _camera(body.get("view", "side"), where), start, end, props, arrows,
                                 bool(body.get("ghost", True)), working, also, tuple(labels))  # fmt: skip
            specs[key] = spec
        except (FigureSpecError, KeyError, TypeError, ValueError) as exc:
            problems.append(str(exc) if isinstance(exc, FigureSpecError) else f"{where}: {exc}")
    return specs, problems


def load_spec_file(path: Path) -> tuple[dict[str, MannequinSpec], list[str]]:
    """A spec file read as strictly as a library file: a duplicate key, a bad value or too deep a nesting is
    one ``file:line: sentence``; a bad figure is one problem, and the others still load."""
    try:
        text = decode_text(path.read_bytes())
        data = load_text_strict(text)
    except OSError as exc:
        return {}, [f"{path}: cannot read the file: {exc.strerror or exc}"]
    except YamlFileError as exc:
        return {}, [f"{path}:{exc.line}: {exc.message}" if exc.line else f"{path}: {exc.message}"]
    try:
        return parse_specs(data, str(path), _lines(text))
    except FigureSpecError as exc:
        return {}, [str(exc)]


def _lines(text: str) -> dict[str, int]:
    """The line of ``schema_version`` and of each figure (``figures.KEY``), for the messages."""
    node, _ = compose_text(text)
    lines: dict[str, int] = {}
    for key_node, value_node in getattr(node, "value", None) or ():
        if getattr(key_node, "value", None) == "schema_version":
            lines["schema_version"] = key_node.start_mark.line + 1
        if getattr(key_node, "value", None) == "figures" and getattr(value_node, "id", None) == "mapping":
            for figure_node, _ in value_node.value:
                lines[f"figures.{figure_node.value}"] = figure_node.start_mark.line + 1
    return lines


@cache
def bundled_mannequin_specs() -> tuple[dict[str, MannequinSpec], tuple[str, ...]]:
    specs: dict[str, MannequinSpec] = {}
    problems: list[str] = []
    for path in sorted(asset_path("figures").joinpath("mannequin").glob("*.yaml")):
        found, file_problems = load_spec_file(path)
        specs.update(found)
        problems += file_problems
    return specs, tuple(problems)


# --- scenes ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SceneFrame:
    pose: Pose  # after IK
    body: Body  # grounded
    props: tuple[Prop, ...]
    touch: Mapping[str, str]
    dy: float


@dataclass(frozen=True)
class Scene:
    spec: MannequinSpec
    start: SceneFrame
    end: SceneFrame
    floor: float
    also: SceneFrame | None = None  # the third panel, if the spec has one

    @property
    def frames(self) -> tuple[SceneFrame, ...]:
        return (self.start, self.end) if self.also is None else (self.start, self.end, self.also)

    def body_at(self, t: float, only: str | None = None, target: SceneFrame | None = None) -> Body:
        """An in-between body: the start pose blended toward ``target`` (the end frame unless given), lifted
        between the two groundings (points only; ``only`` as in build_body)."""
        target = target or self.end
        pose = self.start.pose.blend(target.pose, t)
        return build_body(pose, solids=False, only=only).moved(self.start.dy + (target.dy - self.start.dy) * t)


def _surface_top(surface: str, props: list[Prop], floor: float, near: Vec) -> float:
    if surface == "floor":
        return floor
    tops = []
    for prop in props:
        if prop.kind != surface:
            continue
        for box in prop.boxes:
            inside = all(abs(sub(near, box.center)[i]) <= box.half[i] + 0.05 for i in (0, 2))
            if inside or len(prop.boxes) == 1:
                tops.append(box.top)
    if not tops:
        raise FigureSpecError(f"no '{surface}' under the resting part")
    return max(tops)


def _ground(body: Body, frame: FrameSpec, fixed: list[Prop], floor: float) -> float:
    if frame.pinned:
        return 0.0
    if not frame.rest:
        return floor - lowest(body.solids)
    shifts = []
    for part, surface in frame.rest.items():
        solids = part_solids(body, part)
        shifts.append(_surface_top(surface, fixed, floor, solids[0].center) - lowest_of(solids))
    return max(shifts)


def _clamp(name: str, value: float) -> float:
    base = name.split("_", 1)[1]
    low, high = LIMITS[base]
    return max(low, min(high, value))


def solve_ik(pose: Pose, chain: str, target: Vec, dy: float) -> Pose:
    """The pose with one limb bent to put its end point (ankle or wrist) on ``target`` (grounded world
    coordinates, the body lifted by ``dy``), inside the joint limits.

    The knee (elbow) bend follows from the distance by the law of cosines; then a few damped Newton steps
    aim the hip's (shoulder's) flexion and abduction. The authored rotation about the limb is kept.
    """
    point, names = IK_CHAINS[chain]
    limb = chain.replace("_foot", "_leg").replace("_hand", "_arm")
    side = chain.split("_")[0]
    angles = dict(pose.angles)

    def where(values: dict[str, float]) -> dict[str, Vec]:
        return build_body(Pose(values, pose.at, pose.lift), solids=False, only=limb).points

    root = where(angles)[f"{side}_hip" if limb.endswith("leg") else f"{side}_shoulder"]
    upper, lower = (THIGH, SHANK) if limb.endswith("leg") else (UPPER_ARM, FOREARM)
    reach = length(sub(target, (root[0], root[1] + dy, root[2])))
    reach = min(max(reach, abs(upper - lower) + 1e-6), upper + lower - 1e-6)
    inner = math.degrees(math.acos((upper * upper + lower * lower - reach * reach) / (2 * upper * lower)))
    angles[names[2]] = _clamp(names[2], 180.0 - inner)
    aim = names[:2]
    for _ in range(12):
        here = where(angles)[point]
        here = (here[0], here[1] + dy, here[2])
        error = sub(target, here)
        if length(error) < 3e-4:  # half a millimetre
            break
        columns = []
        for name in aim:
            probe = dict(angles)
            probe[name] = angles.get(name, 0.0) + 1.0
            moved = where(probe)[point]
            columns.append(sub((moved[0], moved[1] + dy, moved[2]), here))
        # (J^T J + lambda I) x = J^T e, 2x2
        a11 = dot(columns[0], columns[0]) + 1e-6
        a22 = dot(columns[1], columns[1]) + 1e-6
        a12 = dot(columns[0], columns[1])
        b1, b2 = dot(columns[0], error), dot(columns[1], error)
        det = a11 * a22 - a12 * a12
        step = ((a22 * b1 - a12 * b2) / det, (a11 * b2 - a12 * b1) / det)
        for name, delta in zip(aim, step, strict=True):
            angles[name] = _clamp(name, angles.get(name, 0.0) + max(-25.0, min(25.0, delta)))
    return Pose(angles, pose.at, pose.lift)


def _fixed(prop: Mapping[str, Any]) -> bool:
    return prop["type"] in ("step", "bench", "box", "stairs", "counter", "plinth") and "under" not in prop


def _posed(frame: FrameSpec, raw: Body, fixed: list[Prop], floor: float, start: Body | None) -> tuple[Pose, float]:
    """The frame's pose after IK, and how far it is lifted to rest on the floor or its prop."""
    pose = frame.pose
    dy = _ground(raw, frame, fixed, floor)
    for chain, target in frame.ik.items():
        if target == "start" and start is not None:
            target = start.points[IK_CHAINS[chain][0]]
        elif isinstance(target, str) and target != "start":  # a point of this body: an ankle on a knee
            point = build_body(pose).moved(dy).points.get(target)
            if point is None:
                raise FigureSpecError(f"ik target '{target}' is not a point of the body")
            target = (point[0], point[1] + 0.06, point[2])  # resting on it, not inside it
        elif isinstance(target, list) and len(target) == 3:
            target = (float(target[0]), float(target[1]), float(target[2]))
        else:
            raise FigureSpecError(f"ik target for {chain} must be [x, y, z], a body point, or 'start' (end frame)")
        pose = solve_ik(pose, chain, target, dy)
    return pose, dy


def build_scene(spec: MannequinSpec) -> Scene:
    floor = MAT_HEIGHT if any(p["type"] == "mat" for p in spec.props) else 0.0
    raw = [build_body(spec.start.pose), build_body(spec.end.pose)]
    fixed = [build_prop(p, raw[0], raw, floor) for p in spec.props if _fixed(p)]
    start_pose, dy0 = _posed(spec.start, raw[0], fixed, floor, None)
    start_body = build_body(start_pose).moved(dy0)
    end_pose, dy1 = _posed(spec.end, raw[1], fixed, floor, start_body)
    end_body = build_body(end_pose).moved(dy1)
    posed = [("start", spec.start, start_pose, start_body, dy0), ("end", spec.end, end_pose, end_body, dy1)]
    if spec.also is not None:
        also_pose, dy2 = _posed(spec.also, build_body(spec.also.pose), fixed, floor, start_body)
        posed.append(("also", spec.also, also_pose, build_body(also_pose).moved(dy2), dy2))
    bodies = [start_body, end_body]  # supports are fitted to these two (see build_prop)
    frames = []
    for name, frame, pose, body, dy in posed:
        props = tuple(build_prop(p, body, bodies, floor) for p in spec.props if p.get("only") in (None, name))
        frames.append(SceneFrame(pose, body, props, frame.touch, dy))
    return Scene(spec, frames[0], frames[1], floor, frames[2] if len(frames) > 2 else None)


@cache
def bundled_scene(key: str) -> Scene | None:
    spec = bundled_mannequin_specs()[0].get(key)
    return build_scene(spec) if spec else None


# --- the figure's own account ------------------------------------------------------------------------------


def penetration(frame: SceneFrame, floor: float) -> float:
    """How deep (body units) any body part goes into the floor or a prop's box."""
    deepest = max(0.0, floor - lowest(frame.body.solids))
    for prop in frame.props:
        for box in prop.boxes:
            if not box.collides:
                continue
            for solid in frame.body.solids:
                deepest = max(deepest, box_overlap(solid, box))
    return deepest


def contact_gap(frame: SceneFrame, floor: float) -> float:
    """The largest distance between a part that should rest on something and that surface."""
    worst = 0.0
    for part, surface in frame.touch.items():
        solids = part_solids(frame.body, part)
        boxes = [b for p in frame.props if p.kind == surface for b in p.boxes]
        if surface == "floor" or not boxes:  # no such prop: what holds the part up is the floor
            gap = abs(lowest_of(solids) - floor)
        else:
            gap = min(max(0.0, -max(box_overlap(s, b) for s in solids)) for b in boxes)
        worst = max(worst, gap)
    return worst


def movement(scene: Scene, camera: Camera) -> tuple[float, float, str]:
    """(largest displacement of a body point, the share of it the camera shows, which point); with a third
    panel, the move (start to end, or start to it) that the camera shows worst."""
    moves = []
    for target in scene.frames[1:]:
        best = (0.0, 1.0, "")
        for name, a in scene.start.body.points.items():
            d = sub(target.body.points[name], a)
            size = length(d)
            if size > best[0]:
                px, py = camera.project(d)
                best = (size, math.hypot(px, py) / size if size else 1.0, name)
        moves.append(best)
    return min(moves, key=lambda m: m[1] if m[0] * HEIGHT_MM >= 50 else 2.0)


def angle_table(pose: Pose) -> dict[str, Any]:
    table: dict[str, Any] = {}
    for name in LIMB_ANGLES:
        table[name] = {side: round(pose.get(f"{side}_{name}"), 1) for side in SIDES}
    for name in AXIAL_ANGLES:
        table[name] = round(pose.get(name), 1)
    return table


def report(scene: Scene) -> dict[str, Any]:
    spec = scene.spec
    camera = spec.camera
    moved, shown, point = movement(scene, camera)
    pen = max(penetration(f, scene.floor) for f in scene.frames)
    gap = max(contact_gap(f, scene.floor) for f in scene.frames)
    names = ("start", "end", "also")
    violations = [
        f"{name}: {v}" for name, f in zip(names, scene.frames, strict=False) for v in limit_violations(f.pose)
    ]
    return {
        "view": {"name": camera.name, "azimuth": camera.azimuth, "elevation": camera.elevation},
        "angles": {name: angle_table(f.pose) for name, f in zip(names, scene.frames, strict=False)},
        "max_penetration_mm": round(pen * HEIGHT_MM, 1),
        "max_contact_gap_mm": round(gap * HEIGHT_MM, 1),
        "joint_limit_violations": violations,
        "moved_cm": round(moved * HEIGHT_MM / 10, 1),
        "moved_point": point,
        "shown_fraction": round(shown, 2),
    }


__all__ = ["FigureSpecError", "PropError", "Scene", "build_scene", "bundled_scene", "report"]
