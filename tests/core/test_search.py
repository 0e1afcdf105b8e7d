"""Search and filters shared by the GUI and the command line."""

from __future__ import annotations

from hep_builder.core.exercise import fold
from hep_builder.core.search import ExerciseFilter, equipment_values, search


def ids(library, **kwargs) -> list[str]:
    return [e.id for e in search(library, ExerciseFilter(**kwargs))]


def test_text_matches_name_summary_and_tags_case_and_accent_blind(bundled_library) -> None:
    assert "glute-bridge" in ids(bundled_library, text="BRIDGE")
    assert "half-kneeling-hip-flexor-stretch" in ids(bundled_library, text="psoas")  # a tag only
    assert ids(bundled_library, text="clámshell") == ["clamshell"]
    assert ids(bundled_library, text="no-such-exercise-word") == []


def test_every_word_must_match(bundled_library) -> None:
    both = ids(bundled_library, text="stretch hamstring")
    assert both == ["strap-hamstring-stretch"]


def test_filters_combine(bundled_library) -> None:
    found = search(bundled_library, ExerciseFilter(category="strengthening", phase=3, position="side-lying"))
    assert found and all(e.category == "strengthening" and 3 in e.phases and e.position == "side-lying" for e in found)
    everything = search(bundled_library, ExerciseFilter())
    assert len(everything) == len(bundled_library)


def test_equipment_filter_and_none(bundled_library) -> None:
    banded = search(bundled_library, ExerciseFilter(equipment="band"))
    assert banded and all("band" in e.equipment for e in banded)
    bare = search(bundled_library, ExerciseFilter(equipment="none"))
    assert bare and all(not e.equipment for e in bare)
    assert len(banded) + len(bare) < len(bundled_library)
    assert "band" in equipment_values(bundled_library)


def test_fold_fast_path_agrees_with_the_unicode_path() -> None:
    import unicodedata

    def slow(text: str) -> str:
        return "".join(c for c in unicodedata.normalize("NFKD", text.casefold()) if not unicodedata.combining(c))

    for text in ("Heel Slides", "SIT-to-stand 90/90", "", "Pliés", "Straße", "ÅNGSTRÖM"):
        assert fold(text) == slow(text)


def test_an_empty_search_matches_everything(bundled_library) -> None:
    assert len(ids(bundled_library, text="   ")) == len(bundled_library)


def test_plurals_aliases_and_one_typo_find_exercises(bundled_library) -> None:
    from hep_builder.core.search import ExerciseFilter, search

    def ids(text: str) -> list[str]:
        return [e.id for e in search(bundled_library, ExerciseFilter(text=text))]

    assert "lateral-band-walk" in ids("monster walks")  # alias, plural
    assert "strap-hamstring-stretch" in ids("hamstirng")  # a letter swapped
    assert "glute-bridge" in ids("bridgs")  # a letter left out
    # A word the library has is taken as it is: "stairs" is not a typo of "star"
    assert "star-reach" not in ids("stairs") and "forward-step-up" in ids("stairs")
    assert ids("hip") and ids("hips") == ids("hip")
    assert ids("xylophone") == []


def test_aliases_are_read_and_searched_but_not_kept_in_plan_snapshots(bundled_library) -> None:
    from hep_builder.core.planfile import exercise_to_snapshot

    bridge = bundled_library["glute-bridge"]
    assert "bridging" in bridge.aliases
    assert "aliases" not in exercise_to_snapshot(bridge)
    assert all(exercise.aliases for exercise in bundled_library)  # every bundled exercise has some
