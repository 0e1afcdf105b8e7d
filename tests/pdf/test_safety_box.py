"""The "Stop and call us" box and the footer phone, read back from the PDF text of every layout and paper."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest

from hep_builder.core.clinic import Location
from hep_builder.core.planfile import read_plan
from hep_builder.core.red_flags import RED_FLAGS
from hep_builder.pdf.handout import build_handout
from tests.pdf.conftest import EXAMPLES, reader, squash

LAYOUTS = ("standard", "compact", "large-print")
PAPERS = ("letter", "a4")
PHONES = {"edina": "952.922.0330", "minneapolis": "612.339.2041"}
CASES = [(layout, paper, location) for layout in LAYOUTS for paper in PAPERS for location in PHONES]


def page_texts(data: bytes) -> list[str]:
    return [squash(page.extract_text() or "") for page in reader(data).pages]


@pytest.fixture(scope="module")
def plan():
    return read_plan(EXAMPLES[0]).plan


@pytest.mark.parametrize(("layout", "paper", "location"), CASES)
def test_safety_box_and_footer_phone(plan, bundled_library, profile, layout, paper, location) -> None:
    phone = PHONES[location]
    data = build_handout(replace(plan, location=location), bundled_library, profile, layout=layout, paper=paper)
    pages = page_texts(data)
    text = " ".join(pages)

    # The phone sits in the same-day heading (it used to vanish: "call us the same day at if you have").
    assert f"Stop the exercises and call us the same day at {phone} if you have:" in text
    assert "same day at if" not in text

    # Chest pain is an emergency: under 911 only.
    emergency = text[text.index("Call 911 right away") : text.index("Stop the exercises and call us")]
    same_day = text[text.index("Stop the exercises and call us") : text.index("Not an emergency")]
    assert "Chest pain" in emergency
    assert "chest pain" not in same_day.lower()

    # No group is split across pages: each heading shares its page with all its items.
    for group in RED_FLAGS:
        head = squash(group.heading.split("{phone}")[0])
        on = [n for n, page in enumerate(pages) if head in page]
        assert len(on) == 1, (group.heading, on)
        for item in group.items:
            assert squash(item) in pages[on[0]], item
    if layout != "large-print":  # the whole box fits one page there: it is one box on one page
        box_page = next(page for page in pages if "Stop and call us" in page)
        assert all(squash(item) in box_page for group in RED_FLAGS for item in group.items)

    # Every page's footer carries the whole phone number.
    for number, page in enumerate(pages, 1):
        assert re.search(rf"Call [^.]*?:? ?{re.escape(phone)}", page), (number, page[-120:])
        assert f"Page {number} of {len(pages)}" in page
        assert "…" not in page.split(phone)[-1][:3]


@pytest.mark.parametrize("layout", LAYOUTS)
def test_a_long_location_name_shortens_the_label_never_the_phone(plan, bundled_library, profile, layout) -> None:
    long_name = "Minneapolis Downtown Sports Medicine, Spine and Joint Replacement Rehabilitation Clinic"
    phone = "+1 (612) 339-2041 ext. 1234"
    clinic = replace(profile, locations=(Location("far", long_name, phone),))
    for paper in PAPERS:
        data = build_handout(replace(plan, location="far"), bundled_library, clinic, layout=layout, paper=paper)
        pages = page_texts(data)
        for page in pages:
            assert f"Call us: {phone}" in page or f"{long_name}: {phone}" in page
        assert f"same day at {phone} if you have" in " ".join(pages)


def test_dislocation_signs_are_an_emergency(plan, bundled_library, profile) -> None:
    """A "clunk", a shorter or turned leg, or a leg that cannot bear weight may be a dislocated hip: 911."""
    text = " ".join(page_texts(build_handout(plan, bundled_library, profile)))
    emergency = text[text.index("Call 911 right away") : text.index("Stop the exercises and call us")]
    same_day = text[text.index("Stop the exercises and call us") : text.index("Not an emergency")]
    assert 'A "clunk" in your hip, a leg that looks shorter or turned, or you cannot stand on the leg.' in emergency
    assert "clunk" not in same_day and "shorter" not in same_day


@pytest.mark.parametrize("example", range(3))
def test_large_print_box_pages_each_carry_the_title(bundled_library, profile, example) -> None:
    """Where the box needs more than a page (large print), every page of it has its title and whole groups."""
    data = build_handout(read_plan(EXAMPLES[example]).plan, bundled_library, profile, layout="large-print")
    pages = page_texts(data)
    box = [n for n, page in enumerate(pages) if any(squash(g.heading.split("{phone}")[0]) in page for g in RED_FLAGS)]
    assert len(box) > 1
    assert "Stop and call us" in pages[box[0]] and "(continued)" not in pages[box[0]]
    for number in box[1:]:
        assert pages[number].count("Stop and call us (continued)") == 1, number
    assert box == list(range(box[0], box[0] + len(box)))
