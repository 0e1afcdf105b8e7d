"""Draws a mannequin scene: two panels (start; end with a ghost of the start), depth-ordered filled and
outlined solids, props, the floor and an arrow along the moving point's real path (figures layer).

Everything becomes the backend-neutral primitives of ``primitives.py`` in a box ``aspect`` wide and 1 high,
so ReportLab and QPainter draw the same picture.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import replace

from hep_builder.figures.body3d import Body, Capsule, Solid, Vec
from hep_builder.figures.camera import Camera, Point, convex_hull, outline
from hep_builder.figures.primitives import Label, Polygon, Primitive, Stroke
from hep_builder.figures.props3d import Box, Prop
from hep_builder.figures.scene import Scene, SceneFrame

OUTLINE = 0.0055  # body units
PANEL_MARGIN = 0.05
LABEL_BAND = 0.15


class Project:
    """World point -> figure point for one camera, mirrored left to right when the patient's side asks."""

    def __init__(self, camera: Camera, mirror: bool) -> None:
        self.right, self.up, _ = camera.basis
        self.flip = -1.0 if mirror else 1.0

    def __call__(self, p: tuple[float, float, float]) -> Point:
        r, u = self.right, self.up
        return (self.flip * (p[0] * r[0] + p[1] * r[1] + p[2] * r[2]), p[0] * u[0] + p[1] * u[1] + p[2] * u[2])

    def flat(self, points: list[Point]) -> tuple[Point, ...]:
        """Camera-plane points (a solid's outline) -> figure points."""
        flip = self.flip
        return tuple((flip * x, y) for x, y in points)


def _tone(solid: Solid, near: dict[str, bool], working: str | None) -> str:
    if not solid.side:
        return "face" if solid.part == "nose" else "body-trunk"
    is_near = near["arm" if solid.part in ("upper_arm", "forearm", "hand") else "leg"] == (solid.side == "right")
    if working and solid.side == working and solid.part in ("thigh", "shank", "foot"):
        return "work-near" if is_near else "work-far"
    return "body-near" if is_near else "body-far"


def _nearness(body: Body, camera: Camera) -> dict[str, bool]:
    """Which side of the legs and arms is nearer the camera: True when it is the right side."""
    p = body.points
    return {
        "leg": camera.depth(p["right_hip"]) >= camera.depth(p["left_hip"]) - 1e-6,
        "arm": camera.depth(p["right_shoulder"]) >= camera.depth(p["left_shoulder"]) - 1e-6,
    }


def body_layers(body: Body, camera: Camera, project: Project, *, ghost: bool = False,
                working: str | None = None) -> list[tuple[float, Primitive]]:  # fmt: skip
    """(depth, polygon) for each solid of the body, to be painted far to near."""
    near = _nearness(body, camera)
    out: list[tuple[float, Primitive]] = []
    for solid in body.solids:
        if ghost and solid.part in ("nose", "hand", "neck"):  # a ghost needs only the big shapes
            continue
        pts = project.flat(outline(solid, camera))
        if ghost:
            prim = Polygon(pts, "ghost-fill", "ghost-line", OUTLINE * 0.8)
        else:
            prim = Polygon(pts, _tone(solid, near, working), "outline", OUTLINE)
        depth = camera.depth(solid.center)
        if solid.part == "nose":
            depth += 0.02  # in front of the head it sits on, when it faces us
        if isinstance(solid, Capsule) and solid.part == "neck":
            depth -= 0.05  # behind the head and chest
        out.append((depth, prim))
    return out


def prop_layers(prop: Prop, camera: Camera, project: Project) -> list[tuple[float, Primitive]]:
    out: list[tuple[float, Primitive]] = []
    toward = camera.basis[2]
    for box in prop.boxes:
        out += _box_faces(box, camera, project, toward)
    for solid in prop.solids:
        pts = project.flat(outline(solid, camera))
        tone = {"weight": "prop", "kneecap": "prop-top"}.get(solid.part, "prop-side")
        out.append((camera.depth(solid.center), Polygon(pts, tone, "outline", OUTLINE)))
    for hull in prop.hulls:
        pts = tuple(convex_hull([project(p) for p in hull.points]))
        centre = tuple(sum(p[i] for p in hull.points) / len(hull.points) for i in range(3))
        out.append((camera.depth(centre), Polygon(pts, hull.tone, "prop", OUTLINE)))  # type: ignore[arg-type]
    for line in prop.lines:
        pts = tuple(project(p) for p in line.points)
        if line.closed:
            pts = (*pts, pts[0])
        depth = max(camera.depth(p) for p in line.points)
        out.append((depth, Stroke(pts, line.width, line.tone, line.dash)))
    return out


def _box_faces(box: Box, camera: Camera, project: Project, toward: Vec) -> list[tuple[float, Primitive]]:
    out: list[tuple[float, Primitive]] = []
    for normal, quad in box.faces():
        facing = sum(n * t for n, t in zip(normal, toward, strict=True))
        if facing <= 1e-6:
            continue
        if box.tone == "mat":
            fill = "mat"
        elif box.tone == "prop":
            fill = "prop"
        else:
            fill = "prop-top" if normal[1] > 0.5 else ("prop-fill" if facing > 0.6 else "prop-side")
        pts = tuple(project(p) for p in quad)
        out.append((camera.depth(box.center), Polygon(pts, fill, "prop", OUTLINE * 0.9)))
    return out


def _squeeze(at: Point) -> list[Primitive]:
    rays: list[Primitive] = []
    for degrees in (30, 90, 150):
        a = math.radians(degrees)
        dx, dy = math.cos(a), math.sin(a)
        rays.append(Stroke(((at[0] + 0.07 * dx, at[1] + 0.07 * dy), (at[0] + 0.12 * dx, at[1] + 0.12 * dy)), 0.012,
                           "arrow"))  # fmt: skip
    return rays


def frame_layers(scene: Scene, frame: SceneFrame, project: Project, *, ghost: Body | None) -> list[Primitive]:
    """Everything in one panel, painted far to near: floor, ghost, props behind, body, props over."""
    camera = scene.spec.camera
    body = body_layers(frame.body, camera, project, working=scene.spec.working)
    front_depth = max(d for d, _ in body)
    behind: list[tuple[float, Primitive]] = []
    over: list[tuple[float, Primitive]] = []
    marks: list[Primitive] = []
    for prop in frame.props:
        layers = prop_layers(prop, camera, project)
        if prop.over is True:
            over += layers
        elif prop.over is False:
            behind += layers
        elif prop.kind in ("pillow", "kneecap"):  # between or on the knees: painted in depth among the legs
            body += layers
        else:  # supports go under the body, unless wholly in front of it
            for depth, prim in layers:
                (over if depth > front_depth + 0.03 else behind).append((depth, prim))
        for mark in prop.marks:
            marks += _squeeze(project(mark.at))
    prims: list[Primitive] = []
    if ghost is not None:
        prims += [p for _d, p in sorted(body_layers(ghost, camera, project, ghost=True), key=lambda x: x[0])]
    prims += [p for _d, p in sorted(behind, key=lambda x: x[0])]
    prims += [p for _d, p in sorted(body, key=lambda x: x[0])]
    prims += [p for _d, p in sorted(over, key=lambda x: x[0])]
    return prims + marks


def _floor_patch(scene: Scene, project: Project) -> Primitive:
    xs, zs = [], []
    for frame in scene.frames:
        for solid in frame.body.solids:
            xs += [solid.support((1.0, 0.0, 0.0)), -solid.support((-1.0, 0.0, 0.0))]
            zs += [solid.support((0.0, 0.0, 1.0)), -solid.support((0.0, 0.0, -1.0))]
        for prop in frame.props:
            for box in prop.boxes:
                for c in box.corners():
                    xs.append(c[0])
                    zs.append(c[2])
    pad = 0.02 if any(p.kind == "mat" for p in scene.start.props) else 0.06
    x0, x1, z0, z1 = min(xs) - pad, max(xs) + pad, min(zs) - pad, max(zs) + pad
    corners = [(x0, 0.0, z0), (x1, 0.0, z0), (x1, 0.0, z1), (x0, 0.0, z1)]
    return Polygon(tuple(project(c) for c in corners), "floor-fill", "floor", OUTLINE * 0.8)


def _arrow_path(scene: Scene, point: str, project: Project, target: SceneFrame | None = None) -> list[Point]:
    side, _, joint = point.partition("_")
    only = None
    if point == "pelvis" or joint in ("hip", "knee", "ankle", "heel", "toe"):
        only = f"{side if side in ('left', 'right') else 'right'}_leg"
    elif joint in ("shoulder", "elbow", "wrist", "hand"):
        only = f"{side}_arm"
    return [project(scene.body_at(i / 5, only, target).points[point]) for i in range(6)]


def _arrow(points: list[Point], both: bool, width: float, head: float) -> list[Primitive]:
    total = sum(math.dist(a, b) for a, b in zip(points, points[1:], strict=False))
    if total < 0.005:
        return []
    if total < 0.07:  # a small move (knees easing down) still needs an arrow a patient can see: lengthen it
        (x0, y0), (x1, y1) = points[0], points[-1]
        d = math.dist(points[0], points[-1]) or 1.0
        points = [(x0 + (x1 - x0) * 0.07 * t / d, y0 + (y1 - y0) * 0.07 * t / d) for t in (0.0, 0.5, 1.0)]
    shaft = tuple(points)
    prims: list[Primitive] = [Stroke(shaft, width * 2.4, "halo"), Stroke(shaft, width, "arrow")]

    def arrow_head(tip: Point, before: Point) -> Polygon:
        angle = math.atan2(tip[1] - before[1], tip[0] - before[0])
        left = (tip[0] - head * math.cos(angle - 0.45), tip[1] - head * math.sin(angle - 0.45))
        right = (tip[0] - head * math.cos(angle + 0.45), tip[1] - head * math.sin(angle + 0.45))
        return Polygon((tip, left, right), "arrow", "halo", width * 0.5)

    def before(end: int) -> Point:
        # the last point at least a head's length from the tip, so the head follows the curve's direction
        tip = points[end]
        seq = points[::-1] if end == -1 else points
        for p in seq[1:]:
            if math.dist(p, tip) >= head * 0.8:
                return p
        return seq[-1]

    prims.append(arrow_head(points[-1], before(-1)))
    if both:
        prims.append(arrow_head(points[0], before(0)))
    return prims


def scene_primitives(scene: Scene, *, labels: bool = True, aspect: float = 2.0, mirror: bool = False,
                     tint: bool = True) -> list[Primitive]:  # fmt: skip
    """The whole figure in a box ``aspect`` wide and 1 high: start and end panels side by side or stacked."""
    camera = scene.spec.camera
    project = Project(camera, mirror)
    if not tint and scene.spec.working:
        scene = replace(scene, spec=replace(scene.spec, working=None))
    floor = _floor_patch(scene, project)
    ghost = scene.start.body if scene.spec.ghost else None
    panels = [[floor, *frame_layers(scene, scene.start, project, ghost=None)]]
    for target in scene.frames[1:]:
        panel = [floor, *frame_layers(scene, target, project, ghost=ghost)]
        for arrow in scene.spec.arrows:
            # Thick enough to print on a cheap laser printer and read by an older eye (was 0.014 / 0.05).
            panel += _arrow(_arrow_path(scene, arrow.point, project, target), arrow.both, 0.02, 0.065)
        panels.append(panel)
    count = len(panels)
    x0 = y0 = math.inf
    x1 = y1 = -math.inf
    for panel in panels:
        for prim in panel:
            points = _points(prim)
            if points:
                xs, ys = zip(*points, strict=True)
                x0, x1, y0, y1 = min(x0, *xs), max(x1, *xs), min(y0, *ys), max(y1, *ys)
    w, h = max(x1 - x0, 1e-3), max(y1 - y0, 1e-3)
    side_w, side_h = aspect / count - 2 * PANEL_MARGIN, 1 - LABEL_BAND - PANEL_MARGIN
    stack_w, stack_h = aspect - 0.22 - 2 * PANEL_MARGIN, 0.5 - 2 * PANEL_MARGIN + 0.02
    side_scale = min(side_w / w, side_h / h)
    stack_scale = min(stack_w / w, stack_h / h)
    stacked = count == 2 and stack_scale > side_scale * 1.2  # three panels always sit side by side
    s = stack_scale if stacked else side_scale
    out: list[Primitive] = []
    for index, panel in enumerate(panels):
        if stacked:
            ox = 0.22 + PANEL_MARGIN + (stack_w - w * s) / 2
            oy = (0.5 if index == 0 else 0.0) + PANEL_MARGIN + (stack_h - h * s) / 2
        else:
            ox = index * aspect / count + PANEL_MARGIN + (side_w - w * s) / 2
            oy = PANEL_MARGIN + (side_h - h * s) / 2

        def place(p: Point, ox: float = ox, oy: float = oy) -> Point:
            return (ox + (p[0] - x0) * s, oy + (p[1] - y0) * s)

        out += [_placed(prim, place, s) for prim in panel]
    middle = aspect / 2
    if stacked:
        out.append(Stroke(((0.03, 0.5), (aspect - 0.03, 0.5)), 0.004, "far", dash=(0.02, 0.02)))
    else:
        for k in range(1, count):
            x = aspect * k / count
            out.append(Stroke(((x, 0.03), (x, 0.97)), 0.004, "far", dash=(0.02, 0.02)))
    if labels:
        if count == 3:
            names = scene.spec.labels or ("Start", "End", "Then")
            out += [Label((aspect * k / 3 + 0.05, 0.97), name, 0.09, "start") for k, name in enumerate(names)]
        elif stacked:
            out += [Label((0.03, 0.92), "Start", 0.09, "start"), Label((0.03, 0.42), "End", 0.09, "start")]
        else:
            out += [Label((0.05, 0.97), "Start", 0.09, "start"), Label((middle + 0.05, 0.97), "End", 0.09, "start")]
    return out


def _points(prim: Primitive) -> tuple[Point, ...]:
    if isinstance(prim, Stroke | Polygon):
        return prim.points
    return ()


def _placed(prim: Primitive, place: Callable[[Point], Point], s: float) -> Primitive:
    if isinstance(prim, Stroke):
        return Stroke(tuple(place(p) for p in prim.points), prim.width * s, prim.tone,
                      tuple(d * s for d in prim.dash), prim.closed)  # fmt: skip
    if isinstance(prim, Polygon):
        return Polygon(tuple(place(p) for p in prim.points), prim.fill, prim.stroke, prim.width * s)
    return prim
