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
from hep_builder.figures import compose, scene
from hep_builder.pdf.handout import build_handout


def median_ms(function, repeat: int = 9, clock=time.perf_counter) -> float:
    times = []
    for _ in range(repeat):
        start = clock()
        function()
        times.append(clock() - start)
    return statistics.median(times) * 1000


def main() -> None:
    library = load_default_library()
    profile, _ = load_profile()
    exercises = list(library)[::7][:10]
    plan = Plan(Patient("Bench"), items=tuple(PlanItem(e.id) for e in exercises))
    build_handout(plan, library, profile)  # warm fonts and the spec file

    def cold() -> bytes:
        # Every export in a new process starts cold: posed scenes and primitives are built again.
        compose._cached_primitives.cache_clear()
        scene.bundled_scene.cache_clear()
        return build_handout(plan, library, profile)

    with_figures = median_ms(cold)
    with mock.patch("hep_builder.pdf.figure_flowable.ExerciseFigure.draw", lambda self: None):
        without = median_ms(lambda: build_handout(plan, library, profile))
    compose._cached_primitives.cache_clear()
    scene.bundled_scene.cache_clear()
    start = time.perf_counter()
    for exercise in exercises:
        compose.figure_primitives(exercise.figure, True, 1.5)
    compose_only = (time.perf_counter() - start) * 1000
    print(f"10-exercise handout with figures:    {with_figures:6.1f} ms")
    print(f"10-exercise handout without figures: {without:6.1f} ms")
    print(f"figures add:                         {with_figures - without:6.1f} ms  (budget 50 ms)")
    print(f"composing 10 figures alone:          {compose_only:6.1f} ms")
    # CPU time: what the figures cost when other programs share the machine (wall time then varies a lot).
    cpu_with = median_ms(cold, 15, time.process_time)
    with mock.patch("hep_builder.pdf.figure_flowable.ExerciseFigure.draw", lambda self: None):
        cpu_without = median_ms(lambda: build_handout(plan, library, profile), 15, time.process_time)
    print(f"figures add (CPU time):              {cpu_with - cpu_without:6.1f} ms  (budget 50 ms)")


if __name__ == "__main__":
    main()
