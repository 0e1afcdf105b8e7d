"""Duplicates are visible: the library marks exercises already in the plan, and adding one again asks
(except Duplicate, which is for the other side)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QModelIndex, Qt

from hep_builder.ui import dialogs
from tests.ui.test_main_window import library_row, plan_ids


@pytest.fixture
def asked(monkeypatch):
    record = {"questions": [], "reply": False}

    def question(cls, parent, title, text, yes, no):
        record["questions"].append((title, text, yes, no))
        return record["reply"], True

    monkeypatch.setattr(dialogs.Question, "run", classmethod(question))
    return record


def library_text(window, exercise_id: str, role=Qt.ItemDataRole.DisplayRole) -> str:
    proxy = window.library_panel.proxy
    return proxy.index(library_row(window, exercise_id), 0).data(role)


def test_library_rows_mark_what_is_in_the_plan(window) -> None:
    assert "in plan" not in library_text(window, "glute-bridge")
    window.add_exercises(["glute-bridge"])
    assert "✓ in plan" in library_text(window, "glute-bridge")
    assert "already in the plan" in library_text(window, "glute-bridge", Qt.ItemDataRole.AccessibleTextRole)
    assert "in plan" not in library_text(window, "clamshell")
    window.undo_action.trigger()
    assert "in plan" not in library_text(window, "glute-bridge")


def test_adding_again_asks_and_no_keeps_the_plan(window, asked) -> None:
    window.add_exercises(["glute-bridge"])
    assert asked["questions"] == []
    window.add_exercises(["glute-bridge", "clamshell"])  # declined: only the new one goes in
    assert asked["questions"][0][0] == "Already in the plan" and "Bridges is already" in asked["questions"][0][1]
    assert plan_ids(window) == ["glute-bridge", "clamshell"]
    asked["reply"] = True
    window.add_exercises(["glute-bridge"])
    assert plan_ids(window) == ["glute-bridge", "clamshell", "glute-bridge"]


def test_a_drop_of_one_already_in_the_plan_asks_too(window, asked) -> None:
    window.add_exercises(["glute-bridge"])
    library = window.library_panel
    mime = library.proxy.mimeData([library.proxy.index(library_row(window, "glute-bridge"), 0)])
    model = window.plan_panel.model
    assert model.dropMimeData(mime, Qt.DropAction.CopyAction, -1, 0, QModelIndex()) is False  # declined
    assert plan_ids(window) == ["glute-bridge"] and len(asked["questions"]) == 1
    asked["reply"] = True
    assert model.dropMimeData(mime, Qt.DropAction.CopyAction, 0, 0, QModelIndex()) is True
    assert plan_ids(window) == ["glute-bridge", "glute-bridge"]


def test_duplicate_for_the_other_side_does_not_ask(window, asked, qtbot) -> None:
    window.add_exercises(["clamshell"])
    qtbot.mouseClick(window.plan_panel.duplicate_button, Qt.MouseButton.LeftButton)
    assert plan_ids(window) == ["clamshell", "clamshell"] and asked["questions"] == []
