"""The models: Qt's model tester, filtering, and drag and drop through mimeData/dropMimeData."""

from __future__ import annotations

import json

from PySide6.QtCore import QMimeData, QModelIndex, Qt

from hep_builder.core.search import ExerciseFilter
from hep_builder.ui.models import (
    EXERCISE_IDS_MIME,
    ID_ROLE,
    PLAN_ITEMS_MIME,
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
    assert plan.dropMimeData(mime, Qt.DropAction.CopyAction, 1, 0, QModelIndex()) is True  # accepted says so
    assert [i.exercise_id for i in document.plan.items] == ["heel-slide", first_id, "glute-sets"]
    assert plan.rowCount() == 3
    document.undo_stack.undo()
    assert plan.rowCount() == 2


def test_drop_of_plan_rows_moves_them(document) -> None:
    plan = PlanModel(document)
    document.add_exercises(["heel-slide", "glute-sets", "clamshell"])
    mime = plan.mimeData([plan.index(2, 0)])
    assert json.loads(bytes(mime.data(PLAN_ITEMS_MIME).data())) == [document.plan.items[2].key]  # a key, not a row
    assert plan.dropMimeData(mime, Qt.DropAction.MoveAction, 0, 0, QModelIndex()) is True
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
    rows.setData(PLAN_ITEMS_MIME, b'["item-that-is-not-here", 3]')
    assert plan.dropMimeData(rows, Qt.DropAction.MoveAction, 0, 0, QModelIndex()) is False
    assert document.undo_stack.count() == 0


def test_plan_rows_show_the_whole_dose_in_a_tooltip(document) -> None:
    from hep_builder.core.dose_text import dose_sentence

    document.add_exercises(["belt-isometric-abduction"])
    model = PlanModel(document)  # kept alive: an index must not outlive its model
    tip = model.index(0, 0).data(Qt.ItemDataRole.ToolTipRole)
    assert tip.endswith(dose_sentence(document.plan.resolve(document.library)[0].dosage))


# --- row-level change signals (as novelWriter's model tests check them) ----------------------------------


def _spies(model):
    from pytestqt.qt_compat import qt_api

    names = ("rowsInserted", "rowsRemoved", "rowsMoved", "dataChanged", "modelReset")
    return {name: qt_api.QtTest.QSignalSpy(getattr(model, name)) for name in names}


def _args(spy, n=0):
    return spy.at(n) if hasattr(spy, "at") else spy[n]


def test_an_add_is_one_insert_not_a_reset(qtmodeltester, document) -> None:
    model = PlanModel(document)
    document.add_exercises(["heel-slide", "glute-sets"])
    spies = _spies(model)
    document.add_exercises(["clamshell", "box-squat"], 1)
    assert spies["modelReset"].count() == 0
    assert spies["rowsInserted"].count() == 1
    _parent, first, last = _args(spies["rowsInserted"])
    assert (first, last) == (1, 2)
    # the rows below show new numbers
    assert spies["dataChanged"].count() == 1 and _args(spies["dataChanged"])[1].row() == 3
    assert model.index(3, 0).data().startswith("4. ")
    qtmodeltester.check(model)


def test_a_dose_edit_is_one_data_changed_on_its_row(document) -> None:
    model = PlanModel(document)
    document.add_exercises(["heel-slide", "glute-bridge", "clamshell"])
    spies = _spies(model)
    document.set_dose(1, "sets", 5)
    assert [spies[n].count() for n in ("rowsInserted", "rowsRemoved", "rowsMoved", "modelReset")] == [0, 0, 0, 0]
    assert spies["dataChanged"].count() == 1
    top_left, bottom_right = _args(spies["dataChanged"])[:2]
    assert top_left.row() == bottom_right.row() == 1
    document.set_item_note(1, "Slowly")
    assert spies["dataChanged"].count() == 2 and spies["modelReset"].count() == 0


def test_remove_move_undo_and_redo_are_row_level(qtmodeltester, document) -> None:
    model = PlanModel(document)
    document.add_exercises(["heel-slide", "glute-bridge", "clamshell", "box-squat"])
    keys = [item.key for item in document.plan.items]
    spies = _spies(model)
    document.remove_rows([1, 2])
    assert spies["rowsRemoved"].count() == 1 and _args(spies["rowsRemoved"])[1:] == [1, 2]
    document.undo_stack.undo()
    assert spies["rowsInserted"].count() == 1 and _args(spies["rowsInserted"])[1:] == [1, 2]
    assert [item.key for item in document.plan.items] == keys  # the same items came back, not copies
    document.move_rows([3], 0)
    assert spies["rowsMoved"].count() == 1
    document.undo_stack.undo()
    document.undo_stack.redo()
    assert spies["rowsMoved"].count() == 3  # one move each: do, undo, redo
    assert spies["modelReset"].count() == 0
    assert [model.index(r, 0).data(ID_ROLE) for r in range(4)] == ["box-squat", "heel-slide", "glute-bridge",
                                                                    "clamshell"]  # fmt: skip
    qtmodeltester.check(model)


def test_a_persistent_index_follows_its_item(document) -> None:
    from PySide6.QtCore import QPersistentModelIndex

    model = PlanModel(document)
    document.add_exercises(["heel-slide", "glute-bridge", "clamshell"])
    followed = QPersistentModelIndex(model.index(2, 0))
    document.move_rows([2], 0)
    assert followed.row() == 0 and followed.data(ID_ROLE) == "clamshell"
    document.remove_rows([1])
    assert followed.row() == 0
    document.add_exercises(["box-squat"], 0)
    assert followed.row() == 1 and followed.data(ID_ROLE) == "clamshell"


def test_duplicates_are_items_of_their_own(document) -> None:
    model = PlanModel(document)
    document.add_exercises(["clamshell"])
    spies = _spies(model)
    document.duplicate_row(0)
    keys = [item.key for item in document.plan.items]
    assert len(set(keys)) == 2 and spies["rowsInserted"].count() == 1
    mime = model.mimeData([model.index(1, 0)])
    assert json.loads(bytes(mime.data(PLAN_ITEMS_MIME).data())) == [keys[1]]


def test_any_change_of_the_rows_ends_in_the_new_order(qtmodeltester, document) -> None:
    """Random edits (removals, moves, inserts at once), applied through the row-level diff."""
    import random
    from dataclasses import replace

    from hep_builder.core.plan import PlanItem

    model = PlanModel(document)
    qtmodeltester.check(model)
    chooser = random.Random(7)
    ids = ["heel-slide", "glute-bridge", "clamshell", "box-squat", "glute-sets", "sit-to-stand"]
    for _ in range(60):
        items = list(document.plan.items)
        chooser.shuffle(items)
        items = items[: chooser.randint(0, len(items))]
        for _ in range(chooser.randint(0, 3)):
            items.insert(chooser.randint(0, len(items)), PlanItem(chooser.choice(ids)))
        document._push(replace(document.plan, items=tuple(items)), "edit")
        assert [model.index(r, 0).data(ID_ROLE) for r in range(model.rowCount())] == [i.exercise_id for i in items]
        assert [model.key(r) for r in range(model.rowCount())] == [i.key for i in items]


def test_marks_follow_their_item_when_rows_move(document) -> None:
    from hep_builder.core.plan import Patient, Plan, PlanItem, placeholder_exercise

    custom = PlanItem("our-own-exercise", snapshot=placeholder_exercise("our-own-exercise"))
    document.replace_all(Plan(Patient("A"), language="es", items=(PlanItem("glute-bridge"), custom)))
    model = PlanModel(document)
    marked = [r for r in range(2) if "⚠ no" in model.index(r, 0).data()]
    assert marked == [1]  # the clinic's own exercise has no Spanish text
    document.move_rows([1], 0)
    assert [r for r in range(2) if "⚠ no" in model.index(r, 0).data()] == [0]
    assert model.index(0, 0).data().startswith("1. Our own exercise")
