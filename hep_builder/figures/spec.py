"""Figure specs: named base poses and, per figure, two keyframes, props and an arrow (figures layer).

Specs are YAML files in ``assets/figures/``. A frame is a base pose plus angle overrides; see the file's
header for the vocabulary. Loading is strict: a bad spec is reported by key and the others still load.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from hep_builder.core.yamlio import YamlFileError, decode_text, load_text
from hep_builder.figures.skeleton import ANGLE_NAMES, IK_CHAINS, STANDING, Pose, solve_ik
from hep_builder.paths import asset_path

FRAME_KEYS = {"pose", "root", "mirror", "front", "ground", "ik", "arch", *ANGLE_NAMES}
FIGURE_KEYS = {"frames", "props", "arrow", "ghost"}


class FigureSpecError(ValueError):
    pass


@dataclass(frozen=True)
class Ground:
    joint: str | None = None  # None: the lowest point rests on the floor (or the mat)
    at: str | float = "floor"  # a prop name ("step", "bench", ...) or a height in body units


@dataclass(frozen=True)
class Frame:
    pose: Pose
    ground: Ground = Ground()


@dataclass(frozen=True)
class Arrow:
    joint: str
    bend: float = 0.25  # how far the arc bows out, as a share of its length; sign picks the side
    both: bool = False  # a back-and-forth movement


@dataclass(frozen=True)
class FigureSpec:
    key: str
    start: Frame
    end: Frame
    props: tuple[dict[str, Any], ...] = ()
    arrow: Arrow | None = None
    ghost: bool = True  # show the start pose faintly behind the end pose
    extra: dict[str, Any] = field(default_factory=dict)


def _frame(data: Any, poses: dict[str, dict[str, float]], where: str, reference: Frame | None = None) -> Frame:
    if not isinstance(data, dict):
        raise FigureSpecError(f"{where}: a frame must be a mapping")
    unknown = set(data) - FRAME_KEYS
    if unknown:
        raise FigureSpecError(f"{where}: unknown frame key(s) {', '.join(sorted(unknown))}")
    base_name = data.get("pose", "stand")
    if base_name not in poses:
        raise FigureSpecError(f"{where}: unknown pose '{base_name}'")
    angles = dict(poses[base_name])
    for name in ANGLE_NAMES:
        if name in data:
            value = data[name]
            if not isinstance(value, int | float) or isinstance(value, bool):
                raise FigureSpecError(f"{where}: '{name}' must be a number of degrees")
            angles[name] = float(value)
    root = data.get("root", [0.0, 0.0])
    if not (isinstance(root, list) and len(root) == 2 and all(isinstance(v, int | float) for v in root)):
        raise FigureSpecError(f"{where}: 'root' must be [x, y]")
    ik = data.get("ik") or {}
    if not isinstance(ik, dict) or set(ik) - set(IK_CHAINS):
        raise FigureSpecError(f"{where}: 'ik' maps {', '.join(IK_CHAINS)} to [x, y] or 'start'")
    root_point = (float(root[0]), float(root[1]))
    for joint, target in ik.items():
        if target == "start":
            if reference is None:
                raise FigureSpecError(f"{where}: 'start' targets only work in the end frame")
            target = reference.pose.joints()[joint] if not reference.pose.mirror else None
            if target is None:
                raise FigureSpecError(f"{where}: 'start' targets need an unmirrored start frame")
        if not (isinstance(target, list | tuple) and len(target) == 2):
            raise FigureSpecError(f"{where}: ik target for {joint} must be [x, y] or 'start'")
        front_view = bool(data.get("front", poses.get("__front__", {}).get(base_name, False)))
        angles = solve_ik(angles, root_point, joint, (float(target[0]), float(target[1])), anatomical=not front_view)
    ground_data = data.get("ground")
    ground = Ground()
    if isinstance(ground_data, dict):
        ground = Ground(ground_data.get("joint"), ground_data.get("at", "floor"))
    elif ground_data is not None:
        raise FigureSpecError(f"{where}: 'ground' must be {{joint: ..., at: ...}}")
    front = bool(data.get("front", poses.get("__front__", {}).get(base_name, False)))
    pose = Pose(angles, root_point, bool(data.get("mirror", False)), not front, float(data.get("arch", 0.0)))
    return Frame(pose, ground)


def parse_specs(data: Any, source: str) -> tuple[dict[str, FigureSpec], list[str]]:
    if not isinstance(data, dict) or data.get("schema_version") != 1:
        raise FigureSpecError(f"{source}: expected 'schema_version: 1'")
    poses: dict[str, dict[str, float]] = {"stand": dict(STANDING)}
    front_poses: dict[str, bool] = {}
    for name, overrides in (data.get("poses") or {}).items():
        overrides = dict(overrides or {})
        base = overrides.pop("from", "stand")
        front_poses[name] = bool(overrides.pop("front", front_poses.get(base, False)))
        if base not in poses:
            raise FigureSpecError(f"{source}: pose '{name}' is built from unknown pose '{base}'")
        poses[name] = {**poses[base], **{k: float(v) for k, v in overrides.items()}}
    poses["__front__"] = front_poses  # type: ignore[assignment]
    specs: dict[str, FigureSpec] = {}
    problems: list[str] = []
    for key, body in (data.get("figures") or {}).items():
        where = f"{source}: figure '{key}'"
        try:
            if not isinstance(body, dict) or set(body) - FIGURE_KEYS:
                raise FigureSpecError(f"{where}: expected keys {', '.join(sorted(FIGURE_KEYS))}")
            frames = body.get("frames")
            if not isinstance(frames, list) or len(frames) != 2:
                raise FigureSpecError(f"{where}: needs exactly two frames (start and end)")
            arrow = None
            if body.get("arrow"):
                arrow_data = body["arrow"]
                arrow = Arrow(arrow_data["joint"], float(arrow_data.get("bend", 0.25)), bool(arrow_data.get("both")))
            props = tuple(p if isinstance(p, dict) else {"type": p} for p in body.get("props") or ())
            start = _frame(frames[0], poses, f"{where} start")
            specs[key] = FigureSpec(
                key,
                start,
                _frame(frames[1], poses, f"{where} end", start),
                props,
                arrow,
                bool(body.get("ghost", True)),
            )
        except (FigureSpecError, KeyError, TypeError, ValueError) as exc:
            problems.append(str(exc) if isinstance(exc, FigureSpecError) else f"{where}: {exc}")
    return specs, problems


def load_spec_file(path: Path) -> tuple[dict[str, FigureSpec], list[str]]:
    try:
        data = load_text(decode_text(path.read_bytes()))
    except OSError as exc:
        return {}, [f"{path}: cannot read the file: {exc.strerror or exc}"]
    except YamlFileError as exc:  # report, keep drawing the rest
        return {}, [f"{path}:{exc.line}: {exc.message}" if exc.line else f"{path}: {exc.message}"]
    try:
        return parse_specs(data, str(path))
    except FigureSpecError as exc:
        return {}, [str(exc)]


@cache
def bundled_specs() -> tuple[dict[str, FigureSpec], tuple[str, ...]]:
    """Every figure spec shipped in assets/figures (loaded once per process)."""
    specs: dict[str, FigureSpec] = {}
    problems: list[str] = []
    folder = asset_path("figures")
    for path in sorted(folder.glob("*.yaml")):
        found, file_problems = load_spec_file(path)
        specs.update(found)
        problems += file_problems
    return specs, tuple(problems)
