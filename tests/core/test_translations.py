"""A plan in another language: old snapshots take the library's translation; what lacks it is named."""

from __future__ import annotations

from dataclasses import replace

from hep_builder.core.plan import Patient, Plan, PlanItem
from hep_builder.core.translations import missing_translations


def test_a_snapshot_saved_before_translations_prints_the_librarys_spanish(bundled_library) -> None:
    bridge = bundled_library["glute-bridge"]
    old = replace(bridge, translations={}, summary="The summary as it was when the plan was made.")
    plan = Plan(Patient("Ana"), language="es", items=(PlanItem("glute-bridge", snapshot=old),))
    (spanish,) = plan.resolve(bundled_library)
    assert spanish.exercise.name == "Puentes"
    (english,) = plan.resolve(bundled_library, "en")
    assert english.exercise.summary == "The summary as it was when the plan was made."  # reprints match
    assert missing_translations(plan, bundled_library) == []
    assert missing_translations(plan, None)[0].fields == ("name", "summary", "instructions", "tips")


def test_missing_translations_only_for_a_language_we_print(bundled_library) -> None:
    plan = Plan(Patient("Ana"), language="es", items=(PlanItem("glute-bridge"), PlanItem("not-here")))
    assert missing_translations(plan, bundled_library) == []  # an unknown exercise is reported elsewhere
    assert missing_translations(replace(plan, language="en"), bundled_library) == []
    assert missing_translations(replace(plan, language="fr"), bundled_library) == []  # prints English anyway
