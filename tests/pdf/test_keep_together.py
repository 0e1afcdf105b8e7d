"""Exercises, the log heading and the at-a-glance list are not torn across pages (review 1), read back from the
PDF text of the example plans."""

from __future__ import annotations

import pytest

from hep_builder.core.planfile import read_plan
from hep_builder.pdf.handout import build_handout
from tests.pdf.conftest import EXAMPLES, reader, squash

CASES = [(path, layout) for path in EXAMPLES for layout in ("standard", "large-print")]


def pages_of(path, layout, bundled_library, profile) -> tuple[list[str], list]:
    plan = read_plan(path).plan
    data = build_handout(plan, bundled_library, profile, layout=layout)
    return [squash(page.extract_text() or "") for page in reader(data).pages], plan.resolve(bundled_library)


def _fits_a_page(path, layout, bundled_library, profile) -> list[bool]:
    """Per exercise, whether the layout's own measure says a page holds it whole (its picture made smaller)."""
    from hep_builder.core.i18n import translator
    from hep_builder.pdf import handout
    from hep_builder.pdf.styles import LAYOUT_SPECS, PAGE_SIZES, styles_for

    plan = read_plan(path).plan
    context = handout.HandoutContext(plan, profile, LAYOUT_SPECS[layout], styles_for(layout), PAGE_SIZES["letter"],
                                     plan.resolve(bundled_library), translator("en"))  # fmt: skip
    blocks = [handout._exercise_block(context, n, item)[0] for n, item in enumerate(context.items, 1)]
    return [block.wrap(context.frame_width, context.frame_height)[1] <= context.frame_height for block in blocks]


def page_with(pages: list[str], text: str, after: int = 0) -> int:
    return next(n for n in range(after, len(pages)) if squash(text) in pages[n])


@pytest.mark.parametrize(("path", "layout"), CASES, ids=lambda v: getattr(v, "stem", v))
def test_steps_stay_together_and_log_heading_with_its_table(path, layout, bundled_library, profile) -> None:
    pages, items = pages_of(path, layout, bundled_library, profile)
    safety = page_with(pages, "Call 911 right away")
    fits = _fits_a_page(path, layout, bundled_library, profile)
    for item, fit in zip(items, fits, strict=True):
        on = {page_with(pages, step, safety) for step in item.exercise.instructions}
        assert len(on) == 1, (item.exercise.id, on)  # never step 1 alone at a page foot
        if fit and layout == "large-print":  # picture, dose and steps on one page wherever a page holds them
            assert page_with(pages, item.exercise.summary, safety) in on, item.exercise.id
    log = page_with(pages, "Your daily log", safety + 1)
    assert "Week 1" in pages[log] or (layout == "large-print" and "Week 1" in pages[log + 1])


@pytest.mark.parametrize("layout", ["standard", "large-print"])
def test_at_a_glance_list_on_one_page(layout, bundled_library, profile) -> None:
    for path in EXAMPLES:
        pages, items = pages_of(path, layout, bundled_library, profile)
        names = [f"{n}. {item.exercise.name}" for n, item in enumerate(items, 1)]
        on = {page_with(pages, name) for name in names}
        assert len(on) == 1, (path.stem, on)
