"""What figures add to an export: the handout of 10 exercises with and without drawing them.

Run: python bench/figures.py   (budget in the figures issue: figures add <= 50 ms to a 10-exercise export)
"""

from __future__ import annotations

import statistics
import time
from unittest import mock

from hep_builder.core.clinic import load_profile
from hep_builder.core.library import load_default_library
from hep_builder.core.plan import Patient, Plan, PlanItem
from hep_builder.figures import compose
from hep_builder.pdf.handout import build_handout


def median_ms(function, repeat: int = 9) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def main() -> None:
    library = load_default_library()
    profile, _ = load_profile()
    exercises = list(library)[::7][:10]
    plan = Plan(Patient("Bench"), items=tuple(PlanItem(e.id) for e in exercises))
    build_handout(plan, library, profile)  # warm fonts and the spec file

    def cold() -> bytes:
        compose._cached_primitives.cache_clear()  # every export in a new process starts cold
        return build_handout(plan, library, profile)

    with_figures = median_ms(cold)
    with mock.patch("hep_builder.pdf.figure_flowable.ExerciseFigure.draw", lambda self: None):
        without = median_ms(lambda: build_handout(plan, library, profile))
    start = time.perf_counter()
    for exercise in exercises:
        compose.compose(compose.bundled_specs()[0][exercise.figure])
    compose_only = (time.perf_counter() - start) * 1000
    print(f"10-exercise handout with figures:    {with_figures:6.1f} ms")
    print(f"10-exercise handout without figures: {without:6.1f} ms")
    print(f"figures add:                         {with_figures - without:6.1f} ms  (budget 50 ms)")
    print(f"composing 10 figures alone:          {compose_only:6.1f} ms")


if __name__ == "__main__":
    main()
