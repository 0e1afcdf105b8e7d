"""The admin's view of translations: `validate` names each gap at its line, `list --language`, `export` warns."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from hep_builder.cli import main
from hep_builder.core.library import load_default_library
from hep_builder.core.plan import Patient, Plan, PlanItem
from hep_builder.core.planfile import write_plan

CLINIC = """\
schema_version: 1
exercises:
  - id: wall-sit
    name: Wall sit
    category: strengthening
    phases: [2]
    position: standing
    summary: Builds thigh strength.
    instructions: [Lean your back on a wall., Slide down a little. Hold.]
    cautions: [Stop if your knee hurts.]
    dosage: {sets: 3}
  - id: step-back
    name: Step back
    category: balance
    phases: [2]
    position: standing
    summary: Trains balance.
    instructions: [Stand tall., Step back.]
    dosage: {reps: 5}
    translations:
      es:
        name: Paso atrás
        summary: Entrena el equilibrio.
        instructions: [Párese derecho.]
  - id: heel-raise
    name: Heel raises
    category: strengthening
    phases: [2]
    position: standing
    summary: Builds calf strength.
    instructions: [Stand tall., Rise up on your toes.]
    cautions: [Hold a counter.]
    dosage: {reps: 10}
    translations:
      es:
        name: Subir los talones
        summary: Fortalece las pantorrillas.
        instructions: [Párese derecho., Suba en las puntas de los pies.]
"""


@pytest.fixture
def clinic(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "clinic"
    folder.mkdir()
    (folder / "extra.yaml").write_text(CLINIC, "utf-8")
    monkeypatch.setenv("HEP_BUILDER_LIBRARY_PATH", str(folder))
    return folder / "extra.yaml"


def test_validate_names_each_translation_gap_at_its_line(clinic: Path, capsys) -> None:
    assert main(["validate", str(clinic)]) == 1
    lines = capsys.readouterr().out.strip().splitlines()
    assert lines == [
        f"{clinic}:21: exercise 'step-back': translation 'es' (Spanish) has 1 instructions where the English has 2",
        f"{clinic}:35: exercise 'heel-raise': translation 'es' (Spanish) lacks cautions",
    ]  # an exercise with no Spanish at all is fine: it prints in English, marked


def test_the_bundled_library_is_complete_in_spanish(capsys) -> None:
    assert main(["validate"]) == 0
    assert main(["list", "--language", "es", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    library = load_default_library()
    assert len(listed) == len(library) == 69
    for item in listed:
        assert "untranslated" not in item
        assert item["name"] == library[item["id"]].translations["es"]["name"] != library[item["id"]].name


def test_list_in_spanish_marks_english_only_exercises(clinic: Path, capsys) -> None:
    assert main(["list", "--language", "es", "--search", "wall sit"]) == 0
    assert capsys.readouterr().out.split(None, 4)[-1].strip() == "Wall sit (English only)"
    assert main(["list", "--language", "es", "--json", "--search", "puentes"]) == 0
    bridge = next(item for item in json.loads(capsys.readouterr().out) if item["id"] == "glute-bridge")
    assert (bridge["id"], bridge["name"], bridge["instructions"][0]) == (
        "glute-bridge", "Puentes", "Acuéstese boca arriba con las rodillas dobladas y los pies planos.",
    )  # fmt: skip


def test_export_names_exercises_with_no_spanish_and_still_prints(clinic: Path, tmp_path: Path, capsys) -> None:
    plan_path = tmp_path / "ana.hepplan"
    write_plan(plan_path, Plan(Patient("Ana"), language="es", items=(PlanItem("wall-sit"), PlanItem("glute-bridge"))))
    out = tmp_path / "ana.pdf"
    assert main(["export", str(plan_path), "-o", str(out)]) == 0
    err = capsys.readouterr().err
    assert "warning: exercise 1 'wall-sit' (Wall sit) has no Spanish text" in err and "prints in English" in err
    assert "glute-bridge" not in err
    assert out.read_bytes().startswith(b"%PDF")
    assert main(["export", str(plan_path), "-o", str(out), "--language", "en"]) == 0
    assert "wall-sit" not in capsys.readouterr().err
    assert main(["export", str(plan_path), "-o", str(out), "--language", "fr"]) == 0
    assert "no handout text for language 'fr' (en, es are installed); it prints in English" in capsys.readouterr().err


def test_check_names_exercises_with_no_spanish(clinic: Path, tmp_path: Path, capsys) -> None:
    plan_path = tmp_path / "ana.hepplan"
    write_plan(plan_path, Plan(Patient("Ana"), language="es", items=(PlanItem("glute-bridge"), PlanItem("wall-sit"))))
    assert main(["check", str(plan_path)]) == 1
    out = capsys.readouterr()
    assert out.out.strip().splitlines() == [
        "exercise 2 'wall-sit' (Wall sit) has no Spanish text (name, summary, instructions, cautions); "
        "it prints in English"
    ]
    assert "1 exercise not in the plan's language" in out.err
    write_plan(plan_path, Plan(Patient("Ana"), language="es", items=(PlanItem("glute-bridge"),)))
    assert main(["check", str(plan_path)]) == 0
