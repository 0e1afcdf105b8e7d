"""A figure drawn once is replayed on the next build: the same bytes, without drawing it again."""

from __future__ import annotations

from hep_builder.core.plan import Patient, Plan, PlanItem
from hep_builder.pdf import figure_cache
from hep_builder.pdf.handout import build_handout


def test_a_rebuild_replays_the_figures_and_gives_the_same_bytes(bundled_library, profile, monkeypatch) -> None:
    import hep_builder.figures.reportlab_backend as backend

    plan = Plan(Patient("Ada Park"), items=(PlanItem("glute-bridge"), PlanItem("heel-slide", {"side": "left"})))
    monkeypatch.setattr(figure_cache, "_kept", type(figure_cache._kept)())
    calls = []
    real = backend.draw_exercise_figure

    def counting(*args, **kwargs):
        calls.append(args[1].id)
        return real(*args, **kwargs)

    monkeypatch.setattr(backend, "draw_exercise_figure", counting)
    first = build_handout(plan, bundled_library, profile)
    drawn = len(calls)
    assert drawn == 4  # each exercise's picture and its at-a-glance thumbnail
    assert build_handout(plan, bundled_library, profile) == first
    assert len(calls) == drawn  # nothing drawn again
    # another language draws its own labels; a different side is a different picture
    build_handout(plan, bundled_library, profile, language="es")
    assert len(calls) == drawn + 2  # the two labelled pictures; thumbnails have no words
