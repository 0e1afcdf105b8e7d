"""The window fits clinic screens: 1024×768 and 1280×720 with a taskbar, in every state; the minimum size
never passes 1000×660; the preview collapses and the window remembers it; a first start fills the screen."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import QWidget

from tests.ui.test_main_window import type_dose

SIX = ["heel-slide", "glute-bridge", "clamshell", "box-squat", "single-leg-stance", "sit-to-stand"]
TASKBAR, TITLE_BAR = 40, 32


def _state(window, qtbot, state: str) -> None:
    window.preview.refresh_now()  # the real viewer, as a few hundred milliseconds after start
    if state != "empty":
        window.add_exercises(SIX)
        window.document.set_header(patient_name="Margaret Okafor")
    if state == "empty":
        return
    window.plan_panel.select_row(1)
    if state == "refused dose":  # the refusal message adds a line to the dose editor
        type_dose(qtbot, window.plan_panel.dosage.numbers["hold_seconds"], "99999")
    if state == "preview collapsed":
        window.set_preview_visible(False)


STATES = ["empty", "six exercises, one selected", "refused dose", "preview collapsed"]


@pytest.mark.parametrize("state", STATES)
def test_the_minimum_size_never_passes_1000_by_660(window, qtbot, state) -> None:
    _state(window, qtbot, state)
    window.show()
    qtbot.waitExposed(window)
    from hep_builder.ui.main_window import MINIMUM_WINDOW

    hint = window.minimumSizeHint()
    assert hint.width() <= 1000 and hint.height() <= 660, (hint.width(), hint.height())  # the limit
    # and within what a first start asks for (never less than the window can be)
    assert hint.width() <= MINIMUM_WINDOW.width() and hint.height() <= MINIMUM_WINDOW.height()
    assert window.minimumWidth() <= 1000 and window.minimumHeight() <= 660


def _inside(widget: QWidget, window) -> bool:
    top_left = widget.mapTo(window, QPoint(0, 0))
    return window.rect().contains(QRect(top_left, widget.size()))


@pytest.mark.parametrize("screen", [(1024, 768), (1280, 720)])
@pytest.mark.parametrize("state", STATES)
def test_library_plan_dose_and_preview_are_reachable_on_small_screens(window, qtbot, screen, state) -> None:
    width, height = screen
    _state(window, qtbot, state)
    window.fit_to_screen(QRect(0, 0, width, height - TASKBAR))
    window.show()
    qtbot.waitExposed(window)
    assert window.width() <= width and window.height() + TITLE_BAR <= height - TASKBAR
    library, plan, dose = window.library_panel.view, window.plan_panel.view, window.plan_panel.dosage
    for widget in (library, plan, dose, window.library_panel.search, window.plan_panel.header.patient):
        assert widget.isVisible() and _inside(widget, window), widget.accessibleName()
    assert library.height() >= 150 and plan.height() >= 100  # two plan rows at least
    assert dose.height() >= dose.minimumSizeHint().height()  # not squashed: every box shows
    for box in (*dose.numbers.values(), *dose.texts.values(), dose.note):
        assert box.height() >= box.minimumSizeHint().height() and _inside(box, window), box.accessibleName()
    if state == "preview collapsed":
        assert not window.preview.isVisible()
    else:
        assert window.preview.isVisible() and window.preview.width() >= 180 and _inside(window.preview, window)


def test_a_first_start_fills_the_screens_free_area(window) -> None:
    available = window.screen().availableGeometry()  # offscreen: 800×600, smaller than the window can be
    assert window.width() == max(available.width(), 1000)
    assert window.height() == max(available.height() - TITLE_BAR, 640)
    window.fit_to_screen(QRect(0, 0, 1920, 1080 - TASKBAR))
    window.show()
    assert (window.width(), window.height()) == (1920, 1080 - TASKBAR - TITLE_BAR)
    sizes = window.splitter.sizes()
    assert sizes[1] > sizes[0] and sizes[2] > 400  # the plan widest, a readable preview


def test_the_preview_collapses_and_the_window_remembers(window, qtbot, bundled_library) -> None:
    from hep_builder.core.clinic import load_profile
    from hep_builder.core.settings import Settings
    from hep_builder.ui.main_window import MainWindow

    window.show()
    window.preview_action.trigger()  # View > Show handout preview (F8)
    assert not window.preview.isVisible() and not window.preview_action.isChecked()
    window.close()
    again = MainWindow(bundled_library, load_profile()[0], Settings())
    qtbot.addWidget(again)
    again.show()
    assert not again.preview.isVisible() and not again.preview_action.isChecked()
    again.preview_action.trigger()
    assert again.preview.isVisible() and again.preview.timer.isActive()  # it catches up with the edits


def test_goals_and_notes_show_three_lines(window) -> None:
    header = window.plan_panel.header
    for box in (header.goals, header.notes):
        assert box.viewport().height() >= 3 * box.fontMetrics().lineSpacing()
