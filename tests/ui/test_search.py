"""Search finds what therapists type: aliases, plurals, small typos; an empty result says so and offers to
clear the filters."""

from __future__ import annotations

import pytest

from hep_builder.ui.models import ID_ROLE


def shown(panel) -> list[str]:
    return [panel.proxy.index(r, 0).data(ID_ROLE) for r in range(panel.proxy.rowCount())]


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("monster walks", "lateral-band-walk"),  # an alias, in the plural
        ("chair stands", "sit-to-stand"),
        ("sciatica", "figure-4-stretch"),  # a problem
        ("groin", "butterfly-stretch"),  # a body part
        ("hamstirng", "strap-hamstring-stretch"),  # a typo
        ("brigde", "glute-bridge"),
        ("clamshell", "clamshell"),
        ("hip flexr strech", "half-kneeling-hip-flexor-stretch"),
    ],
)
def test_search_finds_what_therapists_type(window, qtbot, typed, expected) -> None:
    panel = window.library_panel
    qtbot.keyClicks(panel.search, typed)
    panel.apply_filter()
    assert expected in shown(panel)
    assert not panel.no_match.isVisibleTo(panel)


def test_an_empty_result_says_so_and_clears_the_filters(window, qtbot) -> None:
    panel = window.library_panel
    panel.phase.setCurrentIndex(panel.phase.findData(3))
    qtbot.keyClicks(panel.search, "heel slides")  # a phase 1 exercise
    panel.apply_filter()
    assert shown(panel) == []
    assert panel.no_match.isVisibleTo(panel) and panel.clear_button.isVisibleTo(panel)
    assert "“heel slides” with these filters" in panel.no_match.text()
    panel.clear_button.click()
    assert panel.search.text() == "" and panel.phase.currentData() is None
    assert len(shown(panel)) == len(window.library) and not panel.no_match.isVisibleTo(panel)
