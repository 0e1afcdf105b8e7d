"""The handout language in the window: next to the layout, undoable, the preview follows, names stay English."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from hep_builder import paths
from hep_builder.core.library import LibrarySource, load_library
from tests.pdf.conftest import all_text

CLINIC_EXERCISE = """schema_version: 1
exercises:
  - id: wall-sit
    name: Wall sit
    category: strengthening
    phases: [2]
    position: standing
    summary: Builds thigh strength.
    instructions: [Lean your back on a wall., Slide down a little. Hold.]
    dosage: {sets: 3}
"""


def test_language_is_chosen_next_to_the_layout_undoable_and_the_preview_follows(window) -> None:
    header = window.plan_panel.header
    assert [header.language.itemText(i) for i in range(header.language.count())] == ["English", "Español"]
    window.document.add_exercises(["glute-bridge"])
    window.document.set_header(patient_name="Ana")
    header.language.setCurrentIndex(header.language.findData("es"))
    assert window.document.plan.language == "es"
    window.preview.refresh_now()
    text = all_text(window.preview.last_pdf)
    assert "Puentes" in text and "Página 1 de" in text and "Bridges" not in text
    window.undo_action.trigger()
    assert window.document.plan.language == "en" and header.language.currentData() == "en"
    window.preview.refresh_now()
    assert "Bridges" in all_text(window.preview.last_pdf)


def test_plan_and_library_keep_english_names_with_the_spanish_one_in_the_tooltip(window) -> None:
    window.document.add_exercises(["glute-bridge"])
    window.document.set_header(language="es")
    row = window.plan_panel.model.index(0, 0)
    assert row.data(Qt.ItemDataRole.DisplayRole).startswith("1. Bridges\n")
    assert row.data(Qt.ItemDataRole.ToolTipRole).endswith("\nSpanish: Puentes")
    library = window.library_panel.proxy
    bridge = next(library.index(r, 0) for r in range(library.rowCount()) if "Bridges" in library.index(r, 0).data())
    assert "Spanish: Puentes" in bridge.data(Qt.ItemDataRole.ToolTipRole)


def test_a_clinic_exercise_without_spanish_is_marked_only_in_a_spanish_plan(qapp, tmp_path: Path) -> None:
    from hep_builder.ui.document import PlanDocument
    from hep_builder.ui.models import PlanModel

    folder = tmp_path / "clinic"
    folder.mkdir()
    (folder / "wall.yaml").write_text(CLINIC_EXERCISE, "utf-8")
    library = load_library([LibrarySource(paths.bundled_dir("exercises"), "bundled"), LibrarySource(folder, "clinic")])
    document = PlanDocument(library)
    model = PlanModel(document)
    document.add_exercises(["wall-sit", "glute-bridge"])
    wall, bridge = model.index(0, 0), model.index(1, 0)
    assert "⚠" not in wall.data() and "⚠" not in wall.data(Qt.ItemDataRole.ToolTipRole)
    changed = []
    model.dataChanged.connect(lambda *args: changed.append(args))
    document.set_header(language="es")
    assert changed, "the view is told the marks changed"
    assert "Wall sit  ⚠ no Spanish" in wall.data()
    assert "prints in English" in wall.data(Qt.ItemDataRole.ToolTipRole)
    assert "⚠" not in bridge.data()
    document.undo_stack.undo()
    assert "⚠" not in wall.data()
