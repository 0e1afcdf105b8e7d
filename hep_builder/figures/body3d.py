"""The 3-D mannequin: Winter's segment lengths, joint angles named as a therapist names them, forward
kinematics and the rounded solids the body is drawn with (figures layer; pure Python, no Qt, no numpy).

World axes follow ISB (Wu et al. 2002): x points forward (where a standing body faces with ``body_yaw`` 0),
y up, z to the body's right. Lengths are fractions of body height (1.0 = 1700 mm). Angles are degrees with
ISB signs: flexion +, abduction +, internal rotation +, dorsiflexion +. Trunk and neck: flexion + (forward),
side bend + to the right, rotation + to the right. ``body_pitch`` tips the whole body back (+90 lies on the
back, -90 face down); ``body_roll`` turns a lying body about its long axis (+90 from supine lies on the left
side); ``body_yaw`` turns it about the vertical (+ to the left, counter-clockwise seen from above).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

Vec = tuple[float, float, float]
Mat = tuple[Vec, Vec, Vec]  # rows

HEIGHT_MM = 1700.0
SIDES = ("left", "right")

# Winter, Biomechanics and Motor Control of Human Movement (2009), segment lengths as fractions of height.
THIGH = 0.245
SHANK = 0.246
UPPER_ARM = 0.186
FOREARM = 0.146
HAND = 0.108
FOOT = 0.152
ANKLE_HEIGHT = 0.039
HIP_HALF_WIDTH = 0.055  # hip joint centres (narrower than Winter's 0.191 trochanteric width)
SHOULDER_HALF_WIDTH = 0.112  # Winter's biacromial 0.259, less the deltoid
LUMBAR_BASE = 0.06  # hip centres to L5/S1, up the pelvis
LUMBAR = 0.10
THORAX = 0.128  # T12 to the shoulder line; hip to shoulder 0.288 = 0.818 - 0.530 (Winter)
NECK = 0.10
HEAD_RADIUS = 0.064

# Limb solids: radius at the proximal and distal joint (body units).
RADII = {
    "thigh": (0.054, 0.037),
    "shank": (0.036, 0.022),
    "upper_arm": (0.031, 0.025),
    "forearm": (0.025, 0.019),
    "neck": (0.032, 0.032),
}

LIMB_ANGLES = (
    "hip_flexion",
    "hip_abduction",
    "hip_internal_rotation",
    "knee_flexion",
    "ankle_dorsiflexion",
    "shoulder_flexion",
    "shoulder_abduction",
    "shoulder_internal_rotation",
    "elbow_flexion",
    "wrist_flexion",
)
AXIAL_ANGLES = (
    "trunk_flexion",
    "trunk_side_bend",
    "trunk_rotation",
    "neck_flexion",
    "neck_rotation",
    "body_pitch",
    "body_roll",
    "body_yaw",
)
# Anatomical ranges (degrees), after Norkin and White and the AAOS tables, a little generous.
LIMITS: dict[str, tuple[float, float]] = {
    "hip_flexion": (-30, 135),
    "hip_abduction": (-35, 55),
    "hip_internal_rotation": (-55, 45),
    "knee_flexion": (0, 155),
    "ankle_dorsiflexion": (-60, 40),
    "shoulder_flexion": (-60, 180),
    "shoulder_abduction": (-40, 180),
    "shoulder_internal_rotation": (-90, 90),
    "elbow_flexion": (0, 150),
    "wrist_flexion": (-75, 80),
    "trunk_flexion": (-35, 100),
    "trunk_side_bend": (-40, 40),
    "trunk_rotation": (-50, 50),
    "neck_flexion": (-60, 60),
    "neck_rotation": (-75, 75),
}


def angle_names() -> tuple[str, ...]:
    """Every key a full angle set has: per-side limb angles ('right_hip_flexion') and the axial ones."""
    return tuple(f"{side}_{name}" for side in SIDES for name in LIMB_ANGLES) + AXIAL_ANGLES


ANGLE_NAMES = angle_names()
NEUTRAL: dict[str, float] = dict.fromkeys(ANGLE_NAMES, 0.0)


# --- small vector algebra --------------------------------------------------------------------------------


def add(a: Vec, b: Vec) -> Vec:
    return (a[0] + b[0], a[1] + b[1], a[2] + b[2])


def sub(a: Vec, b: Vec) -> Vec:
    return (a[0] - b[0], a[1] - b[1], a[2] - b[2])


def scale(a: Vec, s: float) -> Vec:
    return (a[0] * s, a[1] * s, a[2] * s)


def dot(a: Vec, b: Vec) -> float:
    return a[0] * b[0] + a[1] * b[1] + a[2] * b[2]


def cross(a: Vec, b: Vec) -> Vec:
    return (a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0])


def length(a: Vec) -> float:
    return math.sqrt(dot(a, a))


def lerp(a: Vec, b: Vec, t: float) -> Vec:
    return (a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t, a[2] + (b[2] - a[2]) * t)


def rot_x(deg: float) -> Mat:
    c, s = math.cos(math.radians(deg)), math.sin(math.radians(deg))
    return ((1.0, 0.0, 0.0), (0.0, c, -s), (0.0, s, c))


def rot_y(deg: float) -> Mat:
    c, s = math.cos(math.radians(deg)), math.sin(math.radians(deg))
    return ((c, 0.0, s), (0.0, 1.0, 0.0), (-s, 0.0, c))


def rot_z(deg: float) -> Mat:
    c, s = math.cos(math.radians(deg)), math.sin(math.radians(deg))
    return ((c, -s, 0.0), (s, c, 0.0), (0.0, 0.0, 1.0))


def mul(a: Mat, b: Mat) -> Mat:
    (a0, a1, a2), (b0, b1, b2) = a, b  # written out: forward kinematics spends most of its time here
    return (
        (a0[0] * b0[0] + a0[1] * b1[0] + a0[2] * b2[0], a0[0] * b0[1] + a0[1] * b1[1] + a0[2] * b2[1],
         a0[0] * b0[2] + a0[1] * b1[2] + a0[2] * b2[2]),
        (a1[0] * b0[0] + a1[1] * b1[0] + a1[2] * b2[0], a1[0] * b0[1] + a1[1] * b1[1] + a1[2] * b2[1],
         a1[0] * b0[2] + a1[1] * b1[2] + a1[2] * b2[2]),
        (a2[0] * b0[0] + a2[1] * b1[0] + a2[2] * b2[0], a2[0] * b0[1] + a2[1] * b1[1] + a2[2] * b2[1],
         a2[0] * b0[2] + a2[1] * b1[2] + a2[2] * b2[2]),
    )  # fmt: skip


def apply(m: Mat, v: Vec) -> Vec:
    x, y, z = v
    return (m[0][0] * x + m[0][1] * y + m[0][2] * z, m[1][0] * x + m[1][1] * y + m[1][2] * z,
            m[2][0] * x + m[2][1] * y + m[2][2] * z)  # fmt: skip


IDENTITY: Mat = ((1.0, 0.0, 0.0), (0.0, 1.0, 0.0), (0.0, 0.0, 1.0))


# --- the solids the body is made of ---------------------------------------------------------------------


@dataclass(frozen=True)
class Capsule:
    """The hull of two spheres: a limb."""

    part: str
    a: Vec
    b: Vec
    ra: float
    rb: float
    side: str = ""  # left | right | "" (the trunk and head)

    def support(self, n: Vec) -> float:
        return max(dot(self.a, n) + self.ra, dot(self.b, n) + self.rb)

    @property
    def center(self) -> Vec:
        return lerp(self.a, self.b, 0.5)


@dataclass(frozen=True)
class Ellipsoid:
    """Torso, pelvis, head, hands and feet: a centre and three semi-axis vectors."""

    part: str
    c: Vec
    axes: tuple[Vec, Vec, Vec]
    side: str = ""

    def support(self, n: Vec) -> float:
        return dot(self.c, n) + math.sqrt(sum(dot(axis, n) ** 2 for axis in self.axes))

    @property
    def center(self) -> Vec:
        return self.c


Solid = Capsule | Ellipsoid


def _ellipsoid(part: str, origin: Vec, frame: Mat, offset: Vec, semi: Vec, side: str = "") -> Ellipsoid:
    columns = tuple(zip(*frame, strict=True))  # the frame's local axes in world coordinates
    axes = tuple(scale(columns[i], semi[i]) for i in range(3))
    return Ellipsoid(part, add(origin, apply(frame, offset)), axes, side)  # type: ignore[arg-type]


# --- poses -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Pose:
    """A full angle set plus where the pelvis is: ``at`` = (x, z) on the floor, ``lift`` its height."""

    angles: Mapping[str, float]
    at: tuple[float, float] = (0.0, 0.0)
    lift: float = 0.0

    def get(self, name: str) -> float:
        return float(self.angles.get(name, 0.0))

    def blend(self, other: Pose, t: float) -> Pose:
        """The in-between pose a share ``t`` of the way to ``other`` (angles and position, linearly)."""
        names = set(self.angles) | set(other.angles)
        angles = {n: self.get(n) + (other.get(n) - self.get(n)) * t for n in names}
        at = (self.at[0] + (other.at[0] - self.at[0]) * t, self.at[1] + (other.at[1] - self.at[1]) * t)
        return Pose(angles, at, self.lift + (other.lift - self.lift) * t)


def limit_violations(pose: Pose, tolerance: float = 0.5) -> list[str]:
    """Every angle outside its anatomical range, as 'right_knee_flexion 170 > 155'."""
    problems = []
    for name, value in pose.angles.items():
        base = name.split("_", 1)[1] if name.startswith(("left_", "right_")) else name
        if base not in LIMITS:
            continue
        low, high = LIMITS[base]
        if value < low - tolerance:
            problems.append(f"{name} {value:.0f} < {low:.0f}")
        elif value > high + tolerance:
            problems.append(f"{name} {value:.0f} > {high:.0f}")
    return problems


@dataclass(frozen=True)
class Body:
    """A posed body: named points (joints, nose, soles) and its solids, in world coordinates."""

    points: dict[str, Vec]
    solids: tuple[Solid, ...]
    facing: Vec  # where the face looks

    def part(self, name: str) -> tuple[Solid, ...]:
        return tuple(s for s in self.solids if s.part == name or f"{s.side}_{s.part}" == name)

    def moved(self, dy: float) -> Body:
        def up(v: Vec) -> Vec:
            return (v[0], v[1] + dy, v[2])

        solids: list[Solid] = []
        for s in self.solids:
            if isinstance(s, Capsule):
                solids.append(Capsule(s.part, up(s.a), up(s.b), s.ra, s.rb, s.side))
            else:
                solids.append(Ellipsoid(s.part, up(s.c), s.axes, s.side))
        return Body({k: up(v) for k, v in self.points.items()}, tuple(solids), self.facing)


def build_body(pose: Pose, *, solids: bool = True, only: str | None = None) -> Body:
    """Forward kinematics: the pelvis frame, the spine in two joints, then head, arms and legs.

    ``solids=False`` gives only the points (IK and arrows need no more); ``only='right_leg'`` (or
    'left_arm', ...) computes just the pelvis and that limb: IK asks for it dozens of times.
    """
    keep = solids
    a = pose.get
    pelvis_frame = mul(mul(rot_y(a("body_yaw")), rot_z(a("body_pitch"))), rot_y(a("body_roll")))
    origin: Vec = (pose.at[0], pose.lift, pose.at[1])
    points: dict[str, Vec] = {"pelvis": origin}
    parts: list[Solid] = []
    if keep:
        parts.append(_ellipsoid("pelvis", origin, pelvis_frame, (-0.005, 0.035, 0.0), (0.072, 0.07, 0.108)))

    def spine(share: float) -> Mat:
        return mul(
            mul(rot_z(-a("trunk_flexion") * share), rot_x(a("trunk_side_bend") * share)),
            rot_y(-a("trunk_rotation") * share),
        )

    if only is not None and only.endswith("_leg"):
        side = only[: -len("_leg")]
        points.update(_leg(a, origin, pelvis_frame, side, None))
        return Body(points, (), (1.0, 0.0, 0.0))
    lumbar = add(origin, apply(pelvis_frame, (-0.01, LUMBAR_BASE, 0.0)))
    lumbar_frame = mul(pelvis_frame, spine(0.45))
    thoracic = add(lumbar, apply(lumbar_frame, (0.0, LUMBAR, 0.0)))
    thorax_frame = mul(lumbar_frame, spine(0.55))
    points.update(lumbar=lumbar, thoracic=thoracic)
    if keep:
        parts.append(_ellipsoid("belly", lumbar, lumbar_frame, (0.01, 0.045, 0.0), (0.068, 0.075, 0.096)))
        parts.append(_ellipsoid("chest", thoracic, thorax_frame, (0.004, 0.06, 0.0), (0.078, 0.105, 0.118)))
    neck_base = add(thoracic, apply(thorax_frame, (-0.005, THORAX + 0.012, 0.0)))
    head_frame = mul(thorax_frame, mul(rot_z(-a("neck_flexion")), rot_y(-a("neck_rotation"))))
    head = add(neck_base, apply(head_frame, (0.012, NECK, 0.0)))
    points.update(neck=neck_base, head=head)
    if keep:
        parts.append(Capsule("neck", neck_base, lerp(neck_base, head, 0.6), *RADII["neck"]))
        parts.append(_ellipsoid("head", head, head_frame, (0.0, 0.0, 0.0), (0.07, HEAD_RADIUS * 1.08, HEAD_RADIUS)))
    nose = add(head, apply(head_frame, (0.072, -0.012, 0.0)))
    points["nose"] = nose
    if keep:
        parts.append(_ellipsoid("nose", nose, head_frame, (0.0, 0.0, 0.0), (0.016, 0.02, 0.014)))
    facing = apply(head_frame, (1.0, 0.0, 0.0))

    if only is not None:
        points.update(_arm(a, thoracic, thorax_frame, only[: -len("_arm")], None))
        return Body(points, (), facing)
    for side in SIDES:
        points.update(_leg(a, origin, pelvis_frame, side, parts if keep else None))
        points.update(_arm(a, thoracic, thorax_frame, side, parts if keep else None))
    return Body(points, tuple(parts), facing)


def _leg(a, origin: Vec, pelvis_frame: Mat, side: str, parts: list[Solid] | None) -> dict[str, Vec]:
    s = 1.0 if side == "right" else -1.0

    def g(name: str) -> float:
        return a(f"{side}_{name}")

    hip = add(origin, apply(pelvis_frame, (0.0, 0.0, s * HIP_HALF_WIDTH)))
    thigh_frame = mul(
        pelvis_frame,
        mul(mul(rot_z(g("hip_flexion")), rot_x(-s * g("hip_abduction"))), rot_y(s * g("hip_internal_rotation"))),
    )
    knee = add(hip, apply(thigh_frame, (0.0, -THIGH, 0.0)))
    shank_frame = mul(thigh_frame, rot_z(-g("knee_flexion")))
    ankle = add(knee, apply(shank_frame, (0.0, -SHANK, 0.0)))
    foot_frame = mul(shank_frame, rot_z(g("ankle_dorsiflexion")))
    heel = add(ankle, apply(foot_frame, (-0.04, -ANKLE_HEIGHT, 0.0)))
    toe = add(ankle, apply(foot_frame, (FOOT - 0.04, -ANKLE_HEIGHT, 0.0)))
    if parts is not None:
        parts.append(Capsule("thigh", hip, knee, *RADII["thigh"], side))
        parts.append(Capsule("shank", knee, ankle, *RADII["shank"], side))
        parts.append(_ellipsoid("foot", ankle, foot_frame, (0.034, -0.018, 0.0), (0.082, 0.021, 0.033), side))
    return {f"{side}_hip": hip, f"{side}_knee": knee, f"{side}_ankle": ankle, f"{side}_heel": heel,
            f"{side}_toe": toe}  # fmt: skip


def _arm(a, thoracic: Vec, thorax_frame: Mat, side: str, parts: list[Solid] | None) -> dict[str, Vec]:
    s = 1.0 if side == "right" else -1.0

    def g(name: str) -> float:
        return a(f"{side}_{name}")

    shoulder = add(thoracic, apply(thorax_frame, (0.0, THORAX, s * SHOULDER_HALF_WIDTH)))
    arm_frame = mul(
        thorax_frame,
        mul(
            mul(rot_z(g("shoulder_flexion")), rot_x(-s * g("shoulder_abduction"))),
            rot_y(s * g("shoulder_internal_rotation")),
        ),
    )
    elbow = add(shoulder, apply(arm_frame, (0.0, -UPPER_ARM, 0.0)))
    fore_frame = mul(arm_frame, rot_z(g("elbow_flexion")))
    wrist = add(elbow, apply(fore_frame, (0.0, -FOREARM, 0.0)))
    hand_frame = mul(fore_frame, rot_z(g("wrist_flexion")))
    hand = add(wrist, apply(hand_frame, (0.0, -HAND * 0.42, 0.0)))
    if parts is not None:
        parts.append(Capsule("upper_arm", shoulder, elbow, *RADII["upper_arm"], side))
        parts.append(Capsule("forearm", elbow, wrist, *RADII["forearm"], side))
        parts.append(_ellipsoid("hand", hand, hand_frame, (0.0, 0.0, 0.0), (0.02, HAND * 0.45, 0.03), side))
    return {f"{side}_shoulder": shoulder, f"{side}_elbow": elbow, f"{side}_wrist": wrist, f"{side}_hand": hand}


def lowest(solids: tuple[Solid, ...] | list[Solid]) -> float:
    """The lowest height any of the solids reaches."""
    return min(-s.support((0.0, -1.0, 0.0)) for s in solids)


def mirrored_angles(angles: Mapping[str, float]) -> dict[str, float]:
    """The same pose for the other side: left and right swapped, sideways turns reversed."""
    out: dict[str, float] = {}
    for name, value in angles.items():
        if name.startswith("left_"):
            out["right_" + name[5:]] = value
        elif name.startswith("right_"):
            out["left_" + name[6:]] = value
        elif name in ("trunk_side_bend", "trunk_rotation", "neck_rotation", "body_roll", "body_yaw"):
            out[name] = -value
        else:
            out[name] = value
    return out
