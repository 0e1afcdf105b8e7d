"""Backend-neutral drawing primitives in a unit box (figures layer).

A figure is drawn in a box 2 units wide and 1 unit high (y up): the start panel on the left, the end panel on
the right. Backends (ReportLab for paper, QPainter for the screen) only scale these to their target rect.
Tones, not colours, so black-and-white printing always works.
"""

from __future__ import annotations

from dataclasses import dataclass

Point = tuple[float, float]

# Grey levels (0 black, 1 white) for each tone.
TONES: dict[str, float] = {
    "near": 0.08,  # the limbs nearest the viewer, the trunk and head
    "far": 0.58,  # the limbs on the far side
    "prop": 0.30,  # outlines of furniture and equipment
    "prop-fill": 0.88,
    "floor": 0.35,
    "arrow": 0.0,
    "label": 0.15,
    "white": 1.0,
    "ghost": 0.86,  # the start pose, faintly, behind the end pose
    "panel": 0.97,
    # The mannequin (figures/draw3d.py): filled solids with a dark outline; near limbs darker than far ones.
    "outline": 0.1,
    "body-near": 0.55,
    "body-far": 0.8,
    "body-trunk": 0.68,
    "work-near": 0.3,  # the working leg, nearest the viewer
    "work-far": 0.45,
    "face": 0.1,
    # The ghost must survive a cheap home laser printer: a near-white fill with a mid-grey outline (a 0.74
    # outline on 0.94 vanished in toner-saving mode), clearly lighter than the body's 0.1 outline.
    "ghost-fill": 0.96,
    "ghost-line": 0.5,
    "floor-fill": 0.93,
    "mat": 0.82,
    "prop-top": 0.95,
    "prop-side": 0.8,
    "band": 0.25,
    "belt": 0.2,
    "halo": 1.0,
}

FIGURE_WIDTH = 2.0
FIGURE_HEIGHT = 1.0


@dataclass(frozen=True)
class Stroke:
    """A polyline with round caps and joins."""

    points: tuple[Point, ...]
    width: float
    tone: str = "near"
    dash: tuple[float, ...] = ()
    closed: bool = False


@dataclass(frozen=True)
class Circle:
    center: Point
    radius: float
    fill: str | None = "near"
    stroke: str | None = None
    width: float = 0.0


@dataclass(frozen=True)
class Polygon:
    points: tuple[Point, ...]
    fill: str | None = "prop-fill"
    stroke: str | None = "prop"
    width: float = 0.008


@dataclass(frozen=True)
class Label:
    position: Point
    text: str
    size: float  # in figure units (height of a capital, roughly)
    anchor: str = "middle"  # start | middle | end
    bold: bool = True


Primitive = Stroke | Circle | Polygon | Label
