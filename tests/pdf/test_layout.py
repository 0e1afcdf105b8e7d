"""The handout's page flow, checked by the layout's own measurements and by each page's text.

Every example plan in every layout, on Letter and A4: the at-a-glance list on pages 1-2, no orphan page, standard
pages that are used, a heading never alone at the foot of a page, a caution on the page of its exercise.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from hep_builder.core.dose_text import dose_sentence
from hep_builder.core.plan import Plan
from hep_builder.core.planfile import read_plan
from hep_builder.core.precautions import cautions_for
from hep_builder.core.session_length import session_minutes
from hep_builder.pdf.handout import HandoutLayout, measure_handout
from tests.pdf.conftest import EXAMPLES, reader, squash

LAYOUTS = ("standard", "compact", "large-print")
PAPERS = ("letter", "a4")
ORPHAN = 0.2  # a page less full than this holds a line or three: never allowed
USED = 0.6  # a standard page is at most about a third empty, unless a section ends on it


@pytest.fixture(scope="module")
def builds(bundled_library, profile) -> dict[tuple[str, str, str], tuple[Plan, HandoutLayout, list[str]]]:
    result = {}
    for path in EXAMPLES:
        plan = read_plan(path).plan
        for layout in LAYOUTS:
            for paper in PAPERS:
                built = measure_handout(plan, bundled_library, profile, layout=layout, paper=paper)
                pages = [squash(page.extract_text() or "") for page in reader(built.data).pages]
                result[(Path(path).stem, layout, paper)] = (plan, built, pages)
    return result


def test_the_measurements_match_the_pdf(builds) -> None:
    for (_name, _layout, _paper), (_plan, built, pages) in builds.items():
        assert len(built.pages) == len(pages)
        ends = [section for page in built.pages for section in page.ends]
        assert ends == ["front", "safety", "exercises", "log"]


def test_at_a_glance_names_every_exercise_with_its_dose_on_pages_one_and_two(builds, bundled_library) -> None:
    for (name, layout, paper), (plan, _built, pages) in builds.items():
        first = " ".join(pages[:2])
        glance = first[first.index("Your exercises at a glance") :]
        items = plan.resolve(bundled_library)
        minutes = session_minutes(item.dosage for item in items)
        assert f"You have {len(items)} exercises to do." in glance
        assert f"about {minutes} minutes" in glance, (name, layout, paper)
        for number, item in enumerate(items, 1):
            # name then dose straight after: the glance line, not the exercise's own block
            assert squash(f"{number}. {item.exercise.name} {dose_sentence(item.dosage)}") in glance, (name, layout)


def test_no_orphan_pages(builds) -> None:
    for key, (_plan, built, _pages) in builds.items():
        thin = [page for page in built.pages if page.used < ORPHAN]
        assert not thin, (key, thin)


def test_standard_pages_are_used(builds) -> None:
    for (name, layout, paper), (_plan, built, _pages) in builds.items():
        if layout != "standard":
            continue
        empty = [page for page in built.pages if page.used < USED and not page.ends]
        assert not empty, (name, paper, empty)


def test_an_exercise_name_never_leaves_its_picture_and_dose(builds, bundled_library) -> None:
    for (name, layout, paper), (plan, _built, pages) in builds.items():
        if layout == "compact":
            continue
        for number, item in enumerate(plan.resolve(bundled_library), 1):
            heading = squash(f"{number}. {item.exercise.name} {item.exercise.summary}")
            if layout == "standard":  # the summary sits beside the picture, after the "Start End" labels
                heading = squash(f"{number}. {item.exercise.name}")
            dose = squash(f"How much: {dose_sentence(item.dosage)}")
            on = [n for n, page in enumerate(pages) if heading in page and dose in page]
            assert on, (name, layout, paper, number)


def test_a_caution_stays_with_its_exercise(builds, bundled_library) -> None:
    for (name, layout, paper), (plan, _built, pages) in builds.items():
        if layout == "compact":
            continue
        for item in plan.resolve(bundled_library):
            shown = cautions_for(item.exercise, plan.precautions)
            if not shown:
                continue
            caution = squash(f"Take care: {shown[0]}")
            last_step = squash(item.exercise.instructions[-1])
            assert any(caution in page and last_step in page for page in pages), (name, layout, paper, item)


def test_the_log_heading_is_never_alone(builds) -> None:
    for key, (_plan, _built, pages) in builds.items():
        at = next(n for n, page in enumerate(pages) if "Your daily log" in page)
        assert "Put a tick in" in pages[at], key
        # the first week follows on the same page, or (large print, a week to a page) at the top of the next
        after = pages[at][pages[at].index("Your daily log") :] + " " + (pages[at + 1] if at + 1 < len(pages) else "")
        assert "Week 1" in after or "Weeks 1-2" in after, key
        if key[1] != "large-print":
            assert "Week 1" in pages[at] or "Weeks 1-2" in pages[at], key


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda path: path.stem)
def test_large_print_is_18_pt_everywhere_but_the_page_furniture(bundled_library, profile, example) -> None:
    plan = read_plan(example).plan
    furniture = {plan.patient.name, "OrthoRehab Specialists", "Home exercise program"}
    small = []

    def visit(text, cm, tm, font, size):
        scale = abs(tm[0]) * abs(cm[0]) if tm and cm else 1
        text = text.strip()
        if text and size * scale < 17.99 and text not in furniture and not text.startswith(("Page ", "Questions?")):
            small.append((text, size * scale))

    data = measure_handout(plan, bundled_library, profile, layout="large-print").data
    for page in reader(data).pages:
        page.extract_text(visitor_text=visit)
    dated = [text for text, _ in small if not any(ch.isdigit() for ch in text)]  # the header's date
    assert not dated, small[:10]


def test_compact_has_numbered_steps_and_tips(builds, bundled_library) -> None:
    plan, _built, pages = builds[("phase2-luis", "compact", "letter")]
    text = " ".join(pages)
    for item in plan.resolve(bundled_library):
        for number, step in enumerate(item.exercise.instructions, 1):
            assert squash(f"{number}. {step}") in text
        for tip in item.exercise.tips:
            assert squash(tip) in text


def test_seven_exercises_with_a_two_week_log_stay_within_eight_letter_pages(bundled_library, profile) -> None:
    """The issue's guide is 6 pages; with the 2.3 in pictures two exercises fill a page, so 7 take 4 pages,
    plus the at-a-glance page, the safety box with how-to-use, and the log: 8 on Letter, 7 on A4. This keeps
    it from growing back to the 9-10 pages of the first edition."""
    from dataclasses import replace
    from datetime import date

    plan = replace(read_plan(EXAMPLES[1]).plan, follow_up=date(2026, 12, 9))  # Luis: 7 exercises, 2 weeks
    assert len(plan.items) == 7 and len(plan.log_days()) == 14
    assert len(measure_handout(plan, bundled_library, profile, paper="letter").pages) <= 8
    assert len(measure_handout(plan, bundled_library, profile, paper="a4").pages) <= 7


def test_a_plan_with_no_exercises_yet_still_prints_in_every_layout(bundled_library, profile) -> None:
    plan = Plan(read_plan(EXAMPLES[0]).plan.patient)
    for layout in LAYOUTS:
        text = squash(
            " ".join(p.extract_text() for p in reader(measure_handout(plan, None, profile, layout=layout).data).pages)
        )
        assert "You have 0 exercises to do." in text and "Stop and call us" in text and "Your daily log" in text


# Large-print page counts (Letter, A4) before pictures could shrink with 18 pt labels: 17/15, 22/21, 24/21,
# Luis in Spanish 24/24. A whole exercise on one page brings them down; these are the most allowed now.
LARGE_PAGES = {"phase1-margaret": (14, 14), "phase2-luis": (20, 18), "phase3-priya": (20, 19), "luis-es": (19, 19)}


def _too_tall(plan: Plan, library, profile, paper: str, language: str, number: int) -> bool:
    """Whether the exercise is taller than a whole page even with its picture at the floor (it may split)."""
    from hep_builder.core.i18n import translator
    from hep_builder.pdf import handout
    from hep_builder.pdf.styles import LAYOUT_SPECS, PAGE_SIZES, styles_for

    context = handout.HandoutContext(plan, profile, LAYOUT_SPECS["large-print"], styles_for("large-print"),
                                     PAGE_SIZES[paper], plan.resolve(library, language), tr=translator(language),
                                     videos=handout._videos(plan, library))  # fmt: skip
    (block,) = handout._exercise_block(context, number, context.items[number - 1])
    return block.wrap(context.frame_width, context.frame_height)[1] > context.frame_height


@pytest.mark.parametrize("paper", PAPERS)
def test_large_print_keeps_each_exercise_on_one_page(bundled_library, profile, paper) -> None:
    split = 0
    for path in EXAMPLES:
        plan = read_plan(path).plan
        runs = [(Path(path).stem, "en")] + ([("luis-es", "es")] if "luis" in Path(path).stem else [])
        for name, language in runs:
            built = measure_handout(plan, bundled_library, profile, layout="large-print", paper=paper,
                                    language=language)  # fmt: skip
            pages = [squash(page.extract_text() or "") for page in reader(built.data).pages]
            assert len(pages) <= LARGE_PAGES[name][PAPERS.index(paper)], (name, paper, len(pages))
            for number, item in enumerate(plan.resolve(bundled_library, language), 1):
                heading = squash(f"{number}. {item.exercise.name}")
                last_step = squash(item.exercise.instructions[-1])
                if any(heading in page and last_step in page for page in pages):
                    continue
                # Only an exercise no page holds, even with a 2 in picture, splits (after its dose).
                assert _too_tall(plan, bundled_library, profile, paper, language, number), (name, paper, number)
                split += 1
    assert split <= 7, split  # of 28 exercises (7 on Letter, 3 on A4 now): most fit whole
