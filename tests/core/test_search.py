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
