"""The models: Qt's model tester, filtering, and drag and drop through mimeData/dropMimeData."""

from __future__ import annotations

import json

from PySide6.QtCore import QMimeData, QModelIndex, Qt

from hep_builder.core.search import ExerciseFilter
from hep_builder.ui.models import (
    EXERCISE_IDS_MIME,
    ID_ROLE,
    PLAN_ROWS_MIME,
    LibraryFilterProxy,
    LibraryModel,
    PlanModel,
)


def test_models_pass_the_model_tester(qtmodeltester, document, bundled_library) -> None:
    library = LibraryModel(bundled_library)
    qtmodeltester.check(library)
    proxy = LibraryFilterProxy()
    proxy.setSourceModel(library)
    proxy.set_filter(ExerciseFilter(text="bridge", phase=2))
    qtmodeltester.check(proxy)
    document.add_exercises(["glute-bridge", "clamshell"])
    qtmodeltester.check(PlanModel(document))


def test_filter_proxy_agrees_with_core_search(bundled_library) -> None:
    from hep_builder.core.search import search

    library = LibraryModel(bundled_library)
    proxy = LibraryFilterProxy()
    proxy.setSourceModel(library)
    flt = ExerciseFilter(text="stretch", category="mobility", phase=1)
    proxy.set_filter(flt)
    shown = [proxy.index(r, 0).data(ID_ROLE) for r in range(proxy.rowCount())]
    assert shown == [e.id for e in search(bundled_library, flt)] and shown


def test_library_drag_carries_ids_under_the_vendor_type(bundled_library) -> None:
    model = LibraryModel(bundled_library)
    rows = [model.index(r, 0) for r in (3, 1)]
    mime = model.mimeData(rows)
    assert mime.formats()[0] == EXERCISE_IDS_MIME
    payload = json.loads(bytes(mime.data(EXERCISE_IDS_MIME).data()))
    assert payload == [model.exercises[1].id, model.exercises[3].id]


def test_drop_from_library_adds_at_the_row_and_is_undoable(document, bundled_library) -> None:
    plan = PlanModel(document)
    document.add_exercises(["heel-slide", "glute-sets"])
    library = LibraryModel(bundled_library)  # one live model for its indexes
    mime = library.mimeData([library.index(0, 0)])
    first_id = library.exercises[0].id
    plan.dropMimeData(mime, Qt.DropAction.CopyAction, 1, 0, QModelIndex())
    assert [i.exercise_id for i in document.plan.items] == ["heel-slide", first_id, "glute-sets"]
    assert plan.rowCount() == 3
    document.undo_stack.undo()
    assert plan.rowCount() == 2


def test_drop_of_plan_rows_moves_them(document) -> None:
    plan = PlanModel(document)
    document.add_exercises(["heel-slide", "glute-sets", "clamshell"])
    mime = plan.mimeData([plan.index(2, 0)])
    plan.dropMimeData(mime, Qt.DropAction.MoveAction, 0, 0, QModelIndex())
    assert [i.exercise_id for i in document.plan.items] == ["clamshell", "heel-slide", "glute-sets"]


def test_foreign_or_broken_drops_are_refused(document) -> None:
    plan = PlanModel(document)
    for payload in (b"not json", b'{"a": 1}', b"[1, 2]", b"[true]"):
        mime = QMimeData()
        mime.setData(EXERCISE_IDS_MIME, payload)
        plan.dropMimeData(mime, Qt.DropAction.CopyAction, -1, 0, QModelIndex())
    text = QMimeData()
    text.setText("glute-bridge")
    assert not plan.canDropMimeData(text, Qt.DropAction.CopyAction, -1, 0, QModelIndex())
    unknown = QMimeData()
    unknown.setData(EXERCISE_IDS_MIME, b'["no-such-exercise"]')
    plan.dropMimeData(unknown, Qt.DropAction.CopyAction, -1, 0, QModelIndex())
    assert document.plan.items == ()
    rows = QMimeData()
    rows.setData(PLAN_ROWS_MIME, b"[99]")
    plan.dropMimeData(rows, Qt.DropAction.MoveAction, 0, 0, QModelIndex())
    assert document.undo_stack.count() == 0


def test_plan_rows_show_the_whole_dose_in_a_tooltip(document) -> None:
    from hep_builder.core.dose_text import dose_sentence

    document.add_exercises(["belt-isometric-abduction"])
    model = PlanModel(document)  # kept alive: an index must not outlive its model
    tip = model.index(0, 0).data(Qt.ItemDataRole.ToolTipRole)
    assert tip.endswith(dose_sentence(document.plan.resolve(document.library)[0].dosage))
