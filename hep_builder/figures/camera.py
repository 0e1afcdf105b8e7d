"""An orthographic camera and the 2-D outlines of rounded solids under it (figures layer).

A limb (the hull of two spheres) projects to the hull of two circles: two arcs joined by tangent lines. An
ellipsoid projects to an ellipse whose shape matrix is J J^T, J being the camera's 2x3 projection of its
semi-axes. Both are cheap, exact and need no numpy.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cached_property

from hep_builder.figures.body3d import Capsule, Ellipsoid, Solid, Vec, dot

Point = tuple[float, float]

# Named views: (azimuth, elevation) in degrees. Azimuth 0 looks at the body's front (a standing body with
# body_yaw 0), 90 at its right side, 180 at its back; elevation lifts the camera above the floor.
VIEWS: dict[str, tuple[float, float]] = {
    "front": (0.0, 8.0),
    "back": (180.0, 8.0),
    "side": (90.0, 6.0),
    "left-side": (-90.0, 6.0),
    "three-quarter": (45.0, 18.0),
    "back-three-quarter": (135.0, 18.0),
    "top": (90.0, 75.0),
}


@dataclass(frozen=True)
class Camera:
    name: str
    azimuth: float
    elevation: float

    @classmethod
    def named(cls, name: str, azimuth: float | None = None, elevation: float | None = None) -> Camera:
        az, el = VIEWS[name]
        return cls(name, az if azimuth is None else azimuth, el if elevation is None else elevation)

    @cached_property
    def basis(self) -> tuple[Vec, Vec, Vec]:
        """(screen right, screen up, towards the camera) as world vectors."""
        az, el = math.radians(self.azimuth), math.radians(self.elevation)
        toward = (math.cos(el) * math.cos(az), math.sin(el), math.cos(el) * math.sin(az))
        right = (math.sin(az), 0.0, -math.cos(az))
        up = (
            toward[1] * right[2] - toward[2] * right[1],
            toward[2] * right[0] - toward[0] * right[2],
            toward[0] * right[1] - toward[1] * right[0],
        )
        return right, up, toward

    def mirrored(self) -> Camera:
        return Camera(self.name, -self.azimuth, self.elevation)

    def project(self, p: Vec) -> Point:
        right, up, _ = self.basis
        return (dot(p, right), dot(p, up))

    def depth(self, p: Vec) -> float:
        """Larger is nearer the camera."""
        return dot(p, self.basis[2])


def _arc(cx: float, cy: float, r: float, a0: float, a1: float, steps: int) -> list[Point]:
    return [(cx + r * math.cos(a0 + (a1 - a0) * i / steps), cy + r * math.sin(a0 + (a1 - a0) * i / steps))
            for i in range(steps + 1)]  # fmt: skip


def circle_hull(c1: Point, r1: float, c2: Point, r2: float, steps: int = 4) -> list[Point]:
    """The outline of the hull of two circles (a projected limb), counter-clockwise."""
    dx, dy = c2[0] - c1[0], c2[1] - c1[1]
    d = math.hypot(dx, dy)
    if d + min(r1, r2) <= max(r1, r2) + 1e-9:  # one circle hides the other: seen end-on
        c, r = (c1, r1) if r1 >= r2 else (c2, r2)
        return _arc(c[0], c[1], r, 0.0, 2 * math.pi, 2 * steps)[:-1]
    base = math.atan2(dy, dx)
    phi = math.acos(max(-1.0, min(1.0, (r1 - r2) / d)))
    # Around circle 2 on the tangent side (base - phi .. base + phi), then back round circle 1.
    return _arc(c2[0], c2[1], r2, base - phi, base + phi, steps) + _arc(
        c1[0], c1[1], r1, base + phi, base + 2 * math.pi - phi, steps + 2
    )


def ellipse_outline(center: Point, j: tuple[Point, Point, Point], steps: int = 16) -> list[Point]:
    """The outline of an ellipsoid whose semi-axes project to the 2-D vectors ``j``."""
    sxx = sum(v[0] * v[0] for v in j)
    syy = sum(v[1] * v[1] for v in j)
    sxy = sum(v[0] * v[1] for v in j)
    mean, diff = (sxx + syy) / 2, math.hypot((sxx - syy) / 2, sxy)
    l1, l2 = mean + diff, max(mean - diff, 1e-12)
    theta = 0.5 * math.atan2(2 * sxy, sxx - syy)
    a, b = math.sqrt(l1), math.sqrt(l2)
    c, s = math.cos(theta), math.sin(theta)
    points = []
    for i in range(steps):
        t = 2 * math.pi * i / steps
        x, y = a * math.cos(t), b * math.sin(t)
        points.append((center[0] + x * c - y * s, center[1] + x * s + y * c))
    return points


def outline(solid: Solid, camera: Camera) -> list[Point]:
    if isinstance(solid, Capsule):
        return circle_hull(camera.project(solid.a), solid.ra, camera.project(solid.b), solid.rb)
    assert isinstance(solid, Ellipsoid)
    steps = 8 if solid.part in ("nose", "hand", "foot") else 12
    j = tuple(camera.project(axis) for axis in solid.axes)
    return ellipse_outline(camera.project(solid.c), j, steps)  # type: ignore[arg-type]


def convex_hull(points: list[Point]) -> list[Point]:
    """Andrew's monotone chain, counter-clockwise."""
    pts = sorted(set(points))
    if len(pts) <= 2:
        return pts

    def turn(o: Point, a: Point, b: Point) -> float:
        return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])

    lower: list[Point] = []
    for p in pts:
        while len(lower) >= 2 and turn(lower[-2], lower[-1], p) <= 0:
            lower.pop()
        lower.append(p)
    upper: list[Point] = []
    for p in reversed(pts):
        while len(upper) >= 2 and turn(upper[-2], upper[-1], p) <= 0:
            upper.pop()
        upper.append(p)
    return lower[:-1] + upper[:-1]
