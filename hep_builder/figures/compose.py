"""A bundled figure as primitives for a box of a given aspect, cached; the one entry point both backends use
(figures layer).

The figure itself is a mannequin scene (``scene.py``) drawn by ``draw3d.py``; this module only picks the box
aspect both backends share and mirrors a figure to the patient's side.
"""

from __future__ import annotations

from functools import cache

from hep_builder.figures.primitives import FIGURE_WIDTH, Primitive


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
    a figure whose working leg is the other one is mirrored, so the tinted leg is the patient's.
    """
    return _cached_primitives(key, labels, aspect, side if side in ("left", "right") else None)


@cache
def _cached_primitives(key: str, labels: bool, aspect: float, side: str | None = None) -> tuple[Primitive, ...] | None:
    from hep_builder.figures.draw3d import scene_primitives
    from hep_builder.figures.scene import bundled_scene

    scene = bundled_scene(key)
    if scene is None:
        return None
    mirror = side is not None and scene.spec.working is not None and side != scene.spec.working
    return tuple(scene_primitives(scene, labels=labels, aspect=aspect, mirror=mirror))
