"""Plain words the review asked for, read back from the handout's text (review 1, "Words")."""

from __future__ import annotations

from hep_builder.core.dose_text import resistance_words
from hep_builder.core.i18n import translator
from hep_builder.core.plan import Patient, Plan, PlanItem
from hep_builder.pdf.handout import build_handout
from tests.pdf.conftest import all_text, squash

LAYOUTS = ("standard", "compact", "large-print")


def test_weights_say_what_they_are_and_bands_are_translated() -> None:
    assert resistance_words("10 lb") == "a 10 lb weight"
    assert resistance_words("25 lb") == "a 25 lb weight"
    assert resistance_words("15 lb dumbbell") == "15 lb dumbbell"  # typed words print as typed
    spanish = translator("es")
    assert resistance_words("green band", spanish) == "liga verde"
    assert resistance_words("10 lb", spanish) == "una pesa de 10 libras"


def test_session_length_tick_words_and_cane_walk_dose(bundled_library, profile) -> None:
    plan = Plan(Patient("Ada"), items=(PlanItem("cane-walk"), PlanItem("heel-slide"), PlanItem("glute-bridge")))
    for layout in LAYOUTS:
        text = squash(all_text(build_handout(plan, bundled_library, profile, layout=layout)))
        assert "One round of all exercises takes about" in text, layout
        assert "each day you do" not in text and "each time you do the exercise" in text, layout
        assert "10 minutes · every day" in text  # the cane walk says for how long


def test_example_plans_speak_plainly_and_margaret_reads_no_surgery_cautions(bundled_library, profile) -> None:
    from hep_builder.core.planfile import read_plan
    from tests.pdf.conftest import EXAMPLES

    texts = {}
    for path in EXAMPLES:
        plan = read_plan(path).plan
        texts[path.stem] = squash(all_text(build_handout(plan, bundled_library, profile)))
    for text in texts.values():
        for jargon in ("tendinopathy", "labral", "DPT", "(level 1)"):
            assert jargon not in text
    assert "hip replacement" not in texts["phase1-margaret"]  # precautions: [none]
    assert "Keep your knee on the bench, not your foot, until your visit on January 8." in texts["phase3-priya"]
