"""The stick figure: segment lengths, poses as segment angles, and forward kinematics (figures layer).

A pose gives each body segment an absolute angle in degrees (0 points right, 90 up). Lengths are fixed, so
a limb is the same length in every keyframe by construction. Poses are authored facing right, with the
body's front 90 degrees clockwise from the trunk's direction (standing: trunk up, front to the right);
``mirror`` flips a finished pose left to right.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from hep_builder.figures.primitives import Point

SEGMENTS: dict[str, float] = {
    "trunk": 0.30,  # hip to shoulder
    "neck": 0.075,  # shoulder to the head's centre, less the radius
    "thigh": 0.245,
    "shin": 0.235,
    "foot": 0.075,
    "arm": 0.165,
    "fore": 0.165,
}
HEAD_RADIUS = 0.058
LIMB_WIDTH = 0.036
TRUNK_WIDTH = 0.05

# Segment name -> (parent joint, child joint, length key).
CHAIN: dict[str, tuple[str, str, str]] = {
    "trunk": ("hip", "shoulder", "trunk"),
    "neck": ("shoulder", "head", "neck"),
    "n_thigh": ("hip", "n_knee", "thigh"),
    "n_shin": ("n_knee", "n_ankle", "shin"),
    "n_foot": ("n_ankle", "n_toe", "foot"),
    "f_thigh": ("hip", "f_knee", "thigh"),
    "f_shin": ("f_knee", "f_ankle", "shin"),
    "f_foot": ("f_ankle", "f_toe", "foot"),
    "n_arm": ("shoulder", "n_elbow", "arm"),
    "n_fore": ("n_elbow", "n_hand", "fore"),
    "f_arm": ("shoulder", "f_elbow", "arm"),
    "f_fore": ("f_elbow", "f_hand", "fore"),
}
ANGLE_NAMES = tuple(CHAIN)

STANDING: dict[str, float] = {
    "trunk": 90, "neck": 90,
    "n_thigh": -90, "n_shin": -90, "n_foot": 0,
    "f_thigh": -90, "f_shin": -90, "f_foot": 0,
    "n_arm": -95, "n_fore": -85, "f_arm": -88, "f_fore": -80,
}  # fmt: skip


def segment_length(name: str) -> float:
    length = SEGMENTS[CHAIN[name][2]]
    return length + HEAD_RADIUS if name == "neck" else length


@dataclass(frozen=True)
class Pose:
    angles: dict[str, float]
    root: Point = (0.0, 0.0)  # the hip, in world units, before grounding
    mirror: bool = False
    check_bends: bool = True  # off for front views (side-lying), where bends are drawn schematically
    arch: float = 0.0  # the back's curve: >0 rounds it toward the back (cat), <0 toward the front (camel)

    def joints(self) -> dict[str, Point]:
        """Every joint's position by forward kinematics from the hip."""
        points: dict[str, Point] = {"hip": self.root}
        for name in ANGLE_NAMES:
            parent, child, _ = CHAIN[name]
            angle = math.radians(self.angles[name])
            length = segment_length(name)
            px, py = points[parent]
            points[child] = (px + length * math.cos(angle), py + length * math.sin(angle))
        if self.mirror:
            rx = self.root[0]
            points = {k: (2 * rx - x, y) for k, (x, y) in points.items()}
        return points


def normalize(angle: float) -> float:
    """An angle in (-180, 180]."""
    angle = math.fmod(angle, 360.0)
    if angle <= -180:
        angle += 360
    elif angle > 180:
        angle -= 360
    return angle


def bend(angles: dict[str, float], proximal: str, distal: str) -> float:
    """Flexion at a joint in the authored (unmirrored) frame: positive is the anatomical direction."""
    return normalize(angles[proximal] - angles[distal])


def check_anatomy(pose: Pose) -> list[str]:
    """Joints bending the wrong way (knees and elbows backwards, ankles past their range)."""
    if not pose.check_bends:
        return []
    a = pose.angles
    problems = []
    for side in ("n", "f"):
        knee = bend(a, f"{side}_thigh", f"{side}_shin")
        if not -8 <= knee <= 165:
            problems.append(f"{side} knee bends the wrong way ({knee:.0f} degrees)")
        elbow = normalize(a[f"{side}_fore"] - a[f"{side}_arm"])
        if not -8 <= elbow <= 165:
            problems.append(f"{side} elbow bends the wrong way ({elbow:.0f} degrees)")
        ankle = normalize(a[f"{side}_foot"] - a[f"{side}_shin"])
        if not 15 <= ankle <= 160:
            problems.append(f"{side} ankle is out of range ({ankle:.0f} degrees)")
    return problems


# Two-bone chains that can be solved to put their end on a target: end joint -> (upper, lower segments).
IK_CHAINS = {
    "n_ankle": ("n_thigh", "n_shin"),
    "f_ankle": ("f_thigh", "f_shin"),
    "n_hand": ("n_arm", "n_fore"),
    "f_hand": ("f_arm", "f_fore"),
}


def solve_ik(
    angles: dict[str, float], root: Point, end_joint: str, target: Point, *, anatomical: bool = True
) -> dict[str, float]:
    """Angles with the two-bone chain ending at ``end_joint`` bent to reach ``target``.

    With ``anatomical`` the joint bends the anatomical way; otherwise (front views) the solution nearest
    the authored upper-segment angle is kept. Positions are in the unmirrored pose's own coordinates. A
    target out of reach is approached as closely as the limb allows, straight.
    """
    upper, lower = IK_CHAINS[end_joint]
    base_joint = CHAIN[upper][0]
    base = Pose(angles, root).joints()[base_joint]
    a, b = segment_length(upper), segment_length(lower)
    dx, dy = target[0] - base[0], target[1] - base[1]
    distance = min(max(math.hypot(dx, dy), abs(a - b) + 1e-6), a + b - 1e-6)
    towards = math.degrees(math.atan2(dy, dx))
    spread = math.degrees(math.acos((a * a + distance * distance - b * b) / (2 * a * distance)))
    legs = upper.endswith("thigh")
    best = None
    for sign in (1, -1):
        upper_angle = towards + sign * spread
        ux = base[0] + a * math.cos(math.radians(upper_angle))
        uy = base[1] + a * math.sin(math.radians(upper_angle))
        lower_angle = math.degrees(math.atan2(target[1] - uy, target[0] - ux))
        flexion = normalize(upper_angle - lower_angle) if legs else normalize(lower_angle - upper_angle)
        score = flexion if anatomical else abs(normalize(upper_angle - angles[upper]))
        if (flexion >= -1 or not anatomical) and (best is None or score < best[0]):
            best = (score, upper_angle, lower_angle)
    assert best is not None  # one of the two solutions always bends the anatomical way
    solved = dict(angles)
    solved[upper], solved[lower] = normalize(best[1]), normalize(best[2])
    return solved
