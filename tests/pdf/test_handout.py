"""The handout PDF, checked by content: names, numbering, safety text, fonts, metadata, determinism."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

import pytest

from hep_builder.core.dose_text import dose_sentence
from hep_builder.core.plan import Patient, Plan, PlanItem
from hep_builder.core.planfile import read_plan
from hep_builder.core.red_flags import RED_FLAGS
from hep_builder.pdf.handout import build_handout
from tests.pdf.conftest import EXAMPLES, all_text, reader, squash

LAYOUTS = ("standard", "compact", "large-print")


@pytest.fixture(scope="module")
def exports(bundled_library, profile) -> dict[tuple[str, str], tuple[Plan, bytes]]:
    result = {}
    for path in EXAMPLES:
        plan = read_plan(path).plan
        for layout in LAYOUTS:
            result[(path.stem, layout)] = (plan, build_handout(plan, bundled_library, profile, layout=layout))
    return result


def test_three_example_plans_one_per_phase() -> None:
    phases = sorted(read_plan(path).plan.phase for path in EXAMPLES)
    assert phases == [1, 2, 3]


@pytest.mark.parametrize("layout", LAYOUTS)
def test_every_exercise_patient_and_safety_text_is_printed(exports, bundled_library, layout) -> None:
    for (_name, each_layout), (plan, data) in exports.items():
        if each_layout != layout:
            continue
        text = squash(all_text(data))
        assert plan.patient.name in text
        for resolved in plan.resolve(bundled_library):
            assert resolved.exercise.name in text
            if layout != "compact":
                for step in resolved.exercise.instructions:
                    assert squash(step) in text
            assert squash(dose_sentence(resolved.dosage)) in text
            if resolved.item.notes:
                assert squash(resolved.item.notes) in text
        for group in RED_FLAGS:
            for item in group.items:
                assert squash(item) in text
        assert "Call 911 right away" in text
        phone = {"edina": "952.922.0330", "minneapolis": "612.339.2041"}[plan.location]
        assert phone in text


def test_every_page_is_numbered_and_has_header_and_footer(exports) -> None:
    for (_name, _layout), (plan, data) in exports.items():
        pages = reader(data).pages
        assert len(pages) >= 3
        for number, page in enumerate(pages, 1):
            text = squash(page.extract_text())
            assert f"Page {number} of {len(pages)}" in text
            assert "OrthoRehab Specialists" in text
            assert plan.patient.name in text


def test_daily_log_has_a_box_per_day_until_follow_up(exports) -> None:
    plan, data = exports[("phase1-margaret", "standard")]
    text = squash(all_text(data))
    assert "Your daily log" in text
    # 2026-11-23 to the day before the 2026-12-07 follow-up: two full weeks.
    assert "November 23, 2026 to November 29, 2026" in text
    assert "November 30, 2026 to December 6, 2026" in text
    assert "Mon 11/23" in text and "Sun 12/6" in text and "12/7" not in text
    assert len(plan.log_days()) == 14


def test_log_without_follow_up_covers_two_weeks() -> None:
    plan = Plan(Patient("A"), modified=datetime(2026, 1, 5, 9, 0))
    days = plan.log_days()
    assert days[0] == date(2026, 1, 5) and len(days) == 14


def test_fonts_are_all_embedded_truetype(exports) -> None:
    for (_name, _layout), (_plan, data) in exports.items():
        seen = set()
        for page in reader(data).pages:
            fonts = page["/Resources"]["/Font"]
            for font in fonts.values():
                font = font.get_object()
                seen.add(font["/BaseFont"])
                descriptor = font.get("/FontDescriptor")
                assert descriptor is not None, f"unembedded font {font['/BaseFont']}"
                assert "/FontFile2" in descriptor.get_object(), font["/BaseFont"]
        assert not any("Helvetica" in name or "Times" in name for name in seen)


def test_page_size_letter_and_a4(bundled_library, profile) -> None:
    plan = read_plan(EXAMPLES[0]).plan
    letter = reader(build_handout(plan, bundled_library, profile))
    a4 = reader(build_handout(plan, bundled_library, profile, paper="a4"))
    assert [round(float(v)) for v in letter.pages[0].mediabox[2:]] == [612, 792]
    assert [round(float(v)) for v in a4.pages[0].mediabox[2:]] == [595, 842]


def test_metadata_title_author_language(exports) -> None:
    plan, data = exports[("phase2-luis", "standard")]
    pdf = reader(data)
    assert pdf.metadata.title == f"{plan.title}: {plan.patient.name}"
    assert pdf.metadata.author == "Dana Ruiz, PT, OrthoRehab Specialists"
    assert pdf.trailer["/Root"]["/Lang"] == "en"


def test_output_is_deterministic(bundled_library, profile) -> None:
    plan = read_plan(EXAMPLES[1]).plan
    first = build_handout(plan, bundled_library, profile)
    second = build_handout(plan, bundled_library, profile)
    assert first == second


def test_user_text_prints_exactly_as_typed(bundled_library, profile) -> None:
    tricky = "O'Brien & <Sons> </para><b>"
    plan = Plan(
        Patient(tricky),
        therapist="Dr. <i>Smith</i> & Co",
        notes="Use 2 < 3 & 5 > 4",
        items=(PlanItem("glute-bridge", notes="<font size=40>big</font>"),),
    )
    text = squash(all_text(build_handout(plan, bundled_library, profile)))
    assert tricky in text
    assert "Dr. <i>Smith</i> & Co" in text
    assert "Use 2 < 3 & 5 > 4" in text
    assert "<font size=40>big</font>" in text


def test_text_sizes_meet_the_large_print_and_body_minimums(bundled_library, profile) -> None:
    plan = read_plan(EXAMPLES[0]).plan
    step = "Slide one heel toward your buttocks."
    for layout, minimum in (("standard", 12), ("compact", 12), ("large-print", 18)):
        sizes: list[float] = []
        body_sizes: list[float] = []

        def visit(text, cm, tm, font, size, sizes=sizes, body_sizes=body_sizes):
            if text.strip():
                scale = abs(tm[0]) * abs(cm[0]) if tm and cm else 1
                sizes.append(size * scale)
                if "heel toward" in text:
                    body_sizes.append(size * scale)

        for page in reader(build_handout(plan, bundled_library, profile, layout=layout)).pages:
            page.extract_text(visitor_text=visit)
        assert min(sizes) >= 12 - 0.01, layout
        assert body_sizes and min(body_sizes) >= minimum - 0.01, (layout, body_sizes, step)


def test_large_print_keeps_each_bundled_exercise_name_picture_and_dose_on_one_page(bundled_library, profile) -> None:
    from hep_builder.core.i18n import translator
    from hep_builder.pdf import handout
    from hep_builder.pdf.styles import LAYOUT_SPECS, PAGE_SIZES, styles_for

    plan = Plan(Patient("A"), items=tuple(PlanItem(e.id) for e in bundled_library))
    for paper, language in (("letter", "en"), ("a4", "en"), ("letter", "es"), ("a4", "es")):
        context = handout.HandoutContext(
            plan, profile, LAYOUT_SPECS["large-print"], styles_for("large-print"), PAGE_SIZES[paper],
            plan.resolve(bundled_library, language), translator(language),
        )  # fmt: skip
        for number, item in enumerate(context.items, 1):
            block = handout._exercise_block(context, number, item)[0]
            head = block.fallback[0]._content  # what a page holds at the least: name, picture and dose
            assert any(isinstance(part, handout.ExerciseFigure) for part in head), item.exercise.id
            assert handout._height_of(head, context.frame_width) <= context.frame_height, item.exercise.id


def test_compact_is_shorter_than_standard(exports) -> None:
    for name in ("phase1-margaret", "phase2-luis", "phase3-priya"):
        compact = len(reader(exports[(name, "compact")][1]).pages)
        standard = len(reader(exports[(name, "standard")][1]).pages)
        large = len(reader(exports[(name, "large-print")][1]).pages)
        assert compact < standard < large


def test_missing_exercise_is_printed_not_dropped(bundled_library, profile) -> None:
    plan = Plan(Patient("Sam Lee"), items=(PlanItem("retired-exercise", {"reps": 5}, "Do it as we practised."),))
    text = squash(all_text(build_handout(plan, bundled_library, profile)))
    assert "1. Retired exercise" in text and "5 times" in text and "Do it as we practised." in text


def test_snapshot_reprints_identically_after_the_library_changes(bundled_library, profile, tmp_path: Path) -> None:
    from hep_builder.core.library import Library

    exercise = bundled_library["glute-bridge"]
    plan = Plan(Patient("Sam Lee"), items=(PlanItem("glute-bridge", snapshot=exercise),))
    before = build_handout(plan, bundled_library, profile)
    changed = Library({"glute-bridge": replace(exercise, name="Renamed bridge")})
    assert build_handout(plan, changed, profile) == before
    assert build_handout(plan, Library(), profile) == before


def test_very_long_text_never_breaks_the_layout(bundled_library, profile) -> None:
    long_note = "Keep going slowly. " * 400
    plan = Plan(
        Patient("A" * 300),
        goals=tuple(f"Goal number {n}" for n in range(60)),
        notes=long_note,
        items=tuple(PlanItem(e.id, notes=long_note[:1500]) for e in list(bundled_library)[:3]),
    )
    for layout in LAYOUTS:
        data = build_handout(plan, bundled_library, profile, layout=layout)
        assert len(reader(data).pages) > 3
