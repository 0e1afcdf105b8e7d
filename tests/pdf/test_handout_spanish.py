"""A Spanish handout in every layout: no English boilerplate, Spanish dates, pages, names and safety text."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from hep_builder import paths
from hep_builder.core.dose_text import dose_sentence
from hep_builder.core.i18n import translator
from hep_builder.core.library import LibrarySource, load_library
from hep_builder.core.plan import Patient, Plan, PlanItem
from hep_builder.core.planfile import read_plan
from hep_builder.core.red_flags import RED_FLAGS
from hep_builder.pdf.handout import build_handout
from tests.pdf.conftest import EXAMPLES, all_text, reader, squash

LAYOUTS = ("standard", "compact", "large-print")
SPANISH = translator("es")


def english_boilerplate() -> list[str]:
    """Every English phrase of the catalog, cut at its {places}: none may show on a Spanish handout."""
    with open(paths.locale_dir() / "hep_builder.pot", "rb") as handle:
        ids = [m.id for m in read_po(handle) if m.id]
    phrases = set()
    for message in ids:
        for text in (message,) if isinstance(message, str) else message:
            phrases.update(part.strip(" :") for part in re.split(r"\{\w+\}", text))
    # Words that are the same in both languages ("min", "10 lb") or too short to mean anything.
    return sorted(p for p in phrases if len(p) > 3 and p not in {"min", "10 lb"})


@pytest.fixture(scope="module")
def spanish_exports(bundled_library, profile) -> dict[tuple[str, str], tuple[Plan, bytes]]:
    result = {}
    for path in EXAMPLES:
        plan = replace(read_plan(path).plan, language="es", follow_up=date(2026, 12, 23))
        for layout in LAYOUTS:
            result[(path.stem, layout)] = (plan, build_handout(plan, bundled_library, profile, layout=layout))
    return result


@pytest.mark.parametrize("layout", LAYOUTS)
def test_spanish_handout_has_no_english_boilerplate(spanish_exports, layout) -> None:
    boilerplate = english_boilerplate()
    assert "Stop and call us" in boilerplate and "sets of" in boilerplate
    for (_name, each_layout), (plan, data) in spanish_exports.items():
        if each_layout != layout:
            continue
        text = squash(all_text(data))
        typed = " ".join([plan.title, plan.focus, plan.notes, *plan.goals, *(i.notes for i in plan.items)])
        english = [phrase for phrase in boilerplate if phrase in text and phrase not in typed]
        assert english == [], f"{layout}: English left on a Spanish handout"
        assert reader(data).metadata.get("/Subject") == "Programa de ejercicios en casa"


@pytest.mark.parametrize("layout", LAYOUTS)
def test_spanish_handout_has_spanish_names_doses_dates_pages_and_safety_text(
    spanish_exports, bundled_library, layout
) -> None:
    for (_name, each_layout), (plan, data) in spanish_exports.items():
        if each_layout != layout:
            continue
        pages = [squash(page.extract_text()) for page in reader(data).pages]
        text = " ".join(pages)
        phone = {"edina": "952.922.0330", "minneapolis": "612.339.2041"}[plan.location]
        for number, page in enumerate(pages, 1):
            assert f"Página {number} de {len(pages)}" in page
            calls = (
                f"¿Preguntas? Llámenos ({plan.location.capitalize()} clinic): ",  # reads right with an English label
                "¿Preguntas? Llámenos: ",
                "Llámenos: ",
            )
            assert any(call + phone in page for call in calls), page[-80:]  # the label may shorten, never the phone
            assert "Programa de ejercicios en casa" in page
        assert SPANISH.medium_date(plan.modified.date()) in pages[0]
        assert "Su próxima cita: miércoles, 23 de diciembre de 2026" in text
        assert "Su registro diario" in text and ("Semana 1 " in text or "Semanas 1-2" in text)
        # standard: "Lun 23/11"; compact and large print (18 pt heads): "Lu 23"
        assert re.search(r"(Lun|Mar|Mié|Jue|Vie|Sáb|Dom) \d+/\d+" if layout == "standard" else r"(Lu|Ma|Mi) \d", text)
        for resolved in plan.resolve(bundled_library, "es"):
            spanish = resolved.exercise
            assert spanish.name == bundled_library[spanish.id].translations["es"]["name"]
            assert spanish.name in text
            assert squash(dose_sentence(resolved.dosage, SPANISH)) in text
            if layout != "compact":
                for step in spanish.instructions:
                    assert squash(step) in text
        assert "Llame al 911 de inmediato si tiene:" in text
        assert f"Deje los ejercicios y llámenos hoy mismo al {phone} si tiene:" in text
        for group in RED_FLAGS:
            for item in group.items:
                assert squash(SPANISH(item)) in text


def test_typed_text_prints_as_typed_and_a_custom_title_stays(bundled_library, profile) -> None:
    plan = Plan(
        Patient("José Núñez"),
        title="Rodilla y cadera: plan de Ana",
        focus="Right hip pain",
        goals=("Walk to church",),
        notes="Call me if unsure",
        language="es",
        modified=datetime(2026, 11, 27, 10, 0),
        items=(PlanItem("glute-bridge", notes="Pillow between your knees."),),
    )
    text = squash(all_text(build_handout(plan, bundled_library, profile)))
    for typed in ("José Núñez", "Rodilla y cadera: plan de Ana", "Right hip pain", "Walk to church",
                  "Call me if unsure", "Pillow between your knees."):  # fmt: skip
        assert typed in text
    assert "Puentes" in text and "27 de noviembre de 2026" in text


def test_a_clinic_exercise_without_spanish_prints_in_english_with_a_note(tmp_path: Path, profile) -> None:
    folder = tmp_path / "clinic"
    folder.mkdir()
    (folder / "wall.yaml").write_text(
        "schema_version: 1\nexercises:\n  - id: wall-sit\n    name: Wall sit\n    category: strengthening\n"
        "    phases: [2]\n    position: standing\n    summary: Builds thigh strength.\n"
        "    instructions: [Lean your back on a wall., Slide down a little. Hold.]\n    dosage: {sets: 3}\n",
        "utf-8",
    )
    library = load_library([LibrarySource(paths.bundled_dir("exercises"), "bundled"), LibrarySource(folder, "clinic")])
    plan = Plan(Patient("Ana"), language="es", items=(PlanItem("wall-sit"), PlanItem("glute-bridge")))
    for layout in LAYOUTS:
        text = squash(all_text(build_handout(plan, library, profile, layout=layout)))
        assert "Wall sit (texto en inglés)" in text
        assert "Puentes" in text and "Puentes (texto en inglés)" not in text
    english = squash(all_text(build_handout(replace(plan, language="en"), library, profile)))
    assert "texto en inglés" not in english and "English text" not in english


def test_every_embedded_weight_covers_spanish() -> None:
    from reportlab.pdfbase import pdfmetrics

    from hep_builder.pdf.fonts import BOLD, REGULAR, register_fonts

    register_fonts()
    spanish = "áéíóúñüÁÉÍÓÚÑÜ¿¡«»°·…"
    for name in (REGULAR, BOLD):  # the only two weights the handout uses (italics map to them)
        covered = pdfmetrics.getFont(name).face.charToGlyph
        assert [ch for ch in spanish if ord(ch) not in covered] == [], name


def test_spanish_letters_survive_into_the_pdf_text(bundled_library, profile) -> None:
    plan = Plan(Patient("Ñandú Güemes"), language="es", items=(PlanItem("clamshell"),), notes="¿Dudas? ¡Llame!")
    text = squash(all_text(build_handout(plan, bundled_library, profile, layout="large-print")))
    for word in ("Ñandú Güemes", "¿Dudas? ¡Llame!", "¿Preguntas?", "Página 1", "Almeja", "día"):
        assert word in text


def test_hip_rules_and_surgery_cautions_in_spanish(bundled_library, profile) -> None:
    plan = Plan(
        Patient("Ana"),
        language="es",
        precautions=("posterior-hip-replacement", "partial-weight-bearing"),
        precautions_until=date(2026, 12, 23),
        affected_side="left",
        items=(PlanItem("box-squat"), PlanItem("heel-slide")),
    )
    for layout in LAYOUTS:
        text = squash(all_text(build_handout(plan, bundled_library, profile, layout=layout)))
        assert "Las reglas para su cadera" in text and "Your hip rules" not in text
        assert "No gire su pierna izquierda ni el pie hacia adentro." in text
        assert "Ponga solo parte de su peso en su pierna izquierda." in text
        assert "Siga estas reglas hasta el miércoles, 23 de diciembre de 2026" in text
        assert "Si le operaron la cadera por detrás (prótesis), use un asiento alto." in text
    anterior = replace(plan, precautions=("anterior-hip-replacement",), affected_side="")
    text = squash(all_text(build_handout(anterior, bundled_library, profile)))
    assert "No gire su pierna adolorida ni el pie hacia afuera." in text
    assert "por detrás (prótesis)" not in text  # a caution for another surgery stays off this sheet
