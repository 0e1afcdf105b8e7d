"""The "Your hip rules" box and surgery-specific cautions, read back from the handout's text."""

from __future__ import annotations

from datetime import date

import pytest

from hep_builder.core.plan import Patient, Plan, PlanItem
from hep_builder.pdf.handout import build_handout
from tests.pdf.conftest import reader, squash

LAYOUTS = ("standard", "compact", "large-print")
ITEMS = tuple(PlanItem(i) for i in ("heel-slide", "log-roll-rotation", "sit-to-stand", "figure-4-stretch"))
HIP_REPLACEMENT = "hip replacement"


def pages(plan: Plan, library, profile, layout: str) -> list[str]:
    data = build_handout(plan, library, profile, layout=layout)
    return [squash(page.extract_text() or "") for page in reader(data).pages]


@pytest.mark.parametrize("layout", LAYOUTS)
def test_rules_box_on_page_one_with_side_and_date(bundled_library, profile, layout) -> None:
    plan = Plan(
        Patient("Ruth Olsen"),
        precautions=("posterior-hip-replacement", "toe-touch-weight-bearing"),
        precautions_until=date(2026, 12, 18),
        affected_side="left",
        items=ITEMS,
    )
    first, *rest = pages(plan, bundled_library, profile, layout)
    assert "Your hip rules" in first
    assert "Do not bend your hip past a right angle (90°)." in first
    assert "Do not cross your legs or ankles." in first
    assert "Put only your toes down on your left leg" in first
    assert "until Friday, December 18, 2026" in first
    assert "Your hip rules" not in " ".join(rest)
    text = " ".join([first, *rest])
    assert "After a hip replacement from the back" in text  # the cautions for this surgery print


@pytest.mark.parametrize("layout", LAYOUTS)
def test_none_prints_no_hip_replacement_text_and_unknown_prints_all(bundled_library, profile, layout) -> None:
    none = " ".join(pages(Plan(Patient("A"), precautions=("none",), items=ITEMS), bundled_library, profile, layout))
    assert HIP_REPLACEMENT not in none.lower()
    assert "Your hip rules" not in none
    unknown = " ".join(pages(Plan(Patient("A"), items=ITEMS), bundled_library, profile, layout))
    assert "Your hip rules" not in unknown
    assert "After a hip replacement from the back" in unknown


def test_another_surgery_does_not_print_posterior_cautions(bundled_library, profile) -> None:
    plan = Plan(Patient("A"), precautions=("hip-arthroscopy",), items=ITEMS)
    text = " ".join(pages(plan, bundled_library, profile, "standard"))
    assert "from the back" not in text
    assert "Do not bend or turn your hip as far as it will go." in text
