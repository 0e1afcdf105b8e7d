"""Precaution tags and scoped cautions in the library, and the clinical text fixes of the review."""

from __future__ import annotations

from pathlib import Path

import pytest

from hep_builder.core.precautions import cautions_for
from hep_builder.core.schema import load_library_file
from tests.conftest import REPO

POSTERIOR = "posterior-hip-replacement"
ANTERIOR = "anterior-hip-replacement"


def test_every_bundled_exercise_was_judged() -> None:
    """Each bundled exercise states its tags, even when it breaks no rule (``precautions: []``)."""
    for path in sorted((REPO / "exercises" / "hip").glob("*.yaml")):
        lines = path.read_text().splitlines()
        for number, line in enumerate(lines):
            if line.startswith("    position:"):
                assert lines[number + 1].startswith("    precautions: ["), f"{path.name}:{number + 2}"


@pytest.mark.parametrize(
    ("exercise_id", "tags"),
    [
        ("seated-hip-rotation", {POSTERIOR}),
        ("quadruped-rock-back", {POSTERIOR, "hip-arthroscopy"}),
        ("box-squat", {POSTERIOR}),
        ("goblet-squat", {POSTERIOR}),
        ("supported-deep-squat", {POSTERIOR}),
        ("knee-rocks", {POSTERIOR}),
        ("floor-transfer", {POSTERIOR}),
        ("standing-hip-flexor-stretch", {ANTERIOR}),
        ("butterfly-stretch", {ANTERIOR}),
        ("band-hip-extension", {ANTERIOR}),
        ("clamshell", {ANTERIOR}),
        ("hop-and-land", {"hip-arthroscopy", "partial-weight-bearing"}),
        ("single-leg-stance", {"partial-weight-bearing", "toe-touch-weight-bearing", "non-weight-bearing"}),
    ],
)
def test_reviewed_exercises_carry_their_tags_and_cautions(bundled_library, exercise_id: str, tags: set[str]) -> None:
    exercise = bundled_library.get(exercise_id)
    assert tags <= set(exercise.precautions)
    for surgery in tags & {POSTERIOR, ANTERIOR}:
        only = set(cautions_for(exercise, (surgery,))) - set(cautions_for(exercise, ("none",)))
        assert only, f"{exercise_id} has no caution for {surgery}"
    assert POSTERIOR not in bundled_library.get("glute-bridge").precautions


def test_clinical_text_fixes(bundled_library) -> None:
    def text(exercise_id: str) -> str:
        e = bundled_library.get(exercise_id)
        return " ".join((*e.instructions, *e.tips, *e.cautions))

    assert "first weeks" not in text("seated-90-90-switch")
    assert "surgeon's rules" not in text("supported-deep-squat")
    clock = text("clock-steps")
    assert "right foot" in clock and "left foot, step to 12, then to 9" in clock
    assert "strong leg" in text("floor-transfer")
    assert "same side" in bundled_library.get("single-leg-deadlift").instructions[0]
    assert not any("good first step" in c for c in bundled_library.get("belt-isometric-abduction").cautions)
    assert not any("straight-leg" in c for c in bundled_library.get("standing-march").cautions)
    assert bundled_library.get("supported-deep-squat").dosage.days_per_week
    assert bundled_library.get("knee-rocks").dosage.side == "each"
    for carry in ("farmer-carry", "suitcase-carry"):
        assert "distance" not in text(carry)
    for loaded in ("split-squat", "side-lying-abduction"):
        assert bundled_library.get(loaded).dosage.resistance


def write(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "clinic.yaml"
    path.write_text(
        "schema_version: 1\nexercises:\n  - id: wall-sit\n    name: Wall sit\n    category: strengthening\n"
        "    phases: [2]\n    position: standing\n" + body + "    summary: Thighs.\n"
        "    instructions: [Lean on a wall., Slide down.]\n    dosage: {sets: 3}\n"
    )
    return path


def test_scoped_cautions_and_tags_parse(tmp_path: Path) -> None:
    body = (
        "    precautions: [posterior-hip-replacement, partial-weight-bearing]\n"
        "    cautions:\n      - Stop if it hurts.\n"
        "      - {text: Keep your hips above your knees., only_for: posterior-hip-replacement}\n"
        "      - text: Ask first.\n        only_for: [hip-arthroscopy, anterior-hip-replacement]\n"
    )
    result = load_library_file(write(tmp_path, body), origin="clinic")
    assert not result.problems
    (exercise,) = result.exercises
    assert exercise.precautions == (POSTERIOR, "partial-weight-bearing")
    assert exercise.cautions == ("Stop if it hurts.", "Keep your hips above your knees.", "Ask first.")
    assert cautions_for(exercise, ("none",)) == ("Stop if it hurts.",)
    assert cautions_for(exercise, (ANTERIOR,)) == ("Stop if it hurts.", "Ask first.")


@pytest.mark.parametrize(
    ("body", "line", "message"),
    [
        ("    precautions: [posterior]\n", 8, "'precautions' has an unknown value 'posterior'"),
        ("    precautions: [none]\n", 8, "'none' is for plans"),
        ("    cautions:\n      - {text: Ask., only_for: scope}\n", 9, "'cautions' item 1: 'only_for' has an unknown"),
        ("    cautions:\n      - {text: Ask., for: hip-arthroscopy}\n", 9, "'for' must map a precaution"),
        ("    cautions:\n      - {text: Ask., when: hip-arthroscopy}\n", 9, "unknown key(s): when"),
    ],
)
def test_bad_tags_and_scopes_are_reported_at_their_line(tmp_path: Path, body: str, line: int, message: str) -> None:
    result = load_library_file(write(tmp_path, body), origin="clinic")
    assert not result.exercises
    (problem,) = result.problems
    assert problem.line == line and message in problem.message, problem
