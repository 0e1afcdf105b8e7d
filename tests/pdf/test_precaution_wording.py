"""Steps and cautions worded for the plan's own hip precautions, and the dislocation signs under 911, read back
from the handout's text (review 1: "nose over toes" after a hip replacement from the back)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from hep_builder.core.plan import Patient, Plan, PlanItem
from hep_builder.core.planfile import exercise_from_snapshot, exercise_to_snapshot
from hep_builder.core.precautions import steps_for
from hep_builder.core.schema import load_library_file
from hep_builder.pdf.handout import build_handout
from tests.pdf.conftest import reader, squash

LAYOUTS = ("standard", "compact", "large-print")
POSTERIOR = "posterior-hip-replacement"
PLAN = Plan(Patient("Ruth Olsen"), items=(PlanItem("heel-slide"), PlanItem("sit-to-stand")))


def text_of(plan: Plan, library, profile, **options) -> str:
    data = build_handout(plan, library, profile, **options)
    return squash(" ".join(page.extract_text() or "" for page in reader(data).pages))


@pytest.mark.parametrize("layout", LAYOUTS)
def test_posterior_precautions_reword_the_steps_and_order_the_cautions(bundled_library, profile, layout) -> None:
    text = text_of(replace(PLAN, precautions=(POSTERIOR,)), bundled_library, profile, layout=layout)
    assert "nose over toes" not in text and "as far as is comfortable" not in text
    assert "Lean forward only a little. Keep your hip bent less than a right angle (90°)." in text
    assert "Stop before your hip bends to a right angle (90°)." in text
    assert "Use a high seat with arms. Do not lean forward past a right angle (90°) at your hip." in text
    assert "After a hip replacement from the back" not in text  # a direct order, not a hedge


def test_without_that_precaution_the_steps_print_as_written(bundled_library, profile) -> None:
    for precautions in ((), ("hip-arthroscopy",)):
        text = text_of(replace(PLAN, precautions=precautions), bundled_library, profile)
        assert "Lean forward, nose over toes." in text
        assert "Stop before your hip bends" not in text
    # Precautions unknown: every caution prints, hedged (it may not concern this patient).
    assert "After a hip replacement from the back, use a higher seat with armrests." in text_of(
        PLAN, bundled_library, profile
    )


def test_spanish_wording_and_snapshot_keep_it(bundled_library, profile) -> None:
    plan = replace(PLAN, precautions=(POSTERIOR,), language="es")
    text = text_of(plan, bundled_library, profile)
    assert "Inclínese hacia adelante solo un poco." in text and "nariz sobre los dedos" not in text
    assert "Pare antes de que la cadera se doble en ángulo recto (90°)." in text
    # A plan's snapshot carries the wordings, so an old plan reprinted on another PC stays safe.
    exercise = bundled_library.get("sit-to-stand")
    again = exercise_from_snapshot("sit-to-stand", exercise_to_snapshot(exercise), "")
    assert steps_for(again, (POSTERIOR,)) == steps_for(exercise, (POSTERIOR,))
    assert steps_for(again.localized("es"), (POSTERIOR,))[1].startswith("Inclínese hacia adelante solo un poco")


def test_every_bundled_wording_is_translated(bundled_library) -> None:
    gaps = [(e.id, gap) for e in bundled_library for gap in e.translation_gaps() if "wording" in gap[1]]
    assert gaps == []


@pytest.mark.parametrize(
    ("step", "message"),
    [
        ("{text: Slide down., for: {posterior: Stop.}}", "item 2: 'for' has an unknown value 'posterior'"),
        ("{text: Slide down., for: {none: Stop.}}", "'for: none' would never print"),
        ("{text: Slide down., for: {hip-arthroscopy: ''}}", "the wording for hip-arthroscopy must be text"),
        ("{text: Slide down., only_for: hip-arthroscopy}", "'instructions' item 2 has unknown key(s): only_for"),
    ],
)
def test_bad_step_wordings_are_reported_at_their_line(tmp_path: Path, step: str, message: str) -> None:
    path = tmp_path / "clinic.yaml"
    path.write_text(
        "schema_version: 1\nexercises:\n  - id: wall-sit\n    name: Wall sit\n    category: strengthening\n"
        "    phases: [2]\n    position: standing\n    summary: Thighs.\n"
        f"    instructions:\n      - Lean on a wall.\n      - {step}\n    dosage: {{sets: 3}}\n"
    )
    result = load_library_file(path, origin="clinic")
    (problem,) = result.problems
    assert problem.line == 11 and message in problem.message, problem
