"""The smaller things: the save message names the patient, Find a plan says when nothing is selected, the
print dialog opens on top of Find a plan, a name of only spaces is no name, Resistance and Pace are wide."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QRect

from hep_builder.core.plan import Patient, Plan, PlanItem
from hep_builder.core.plan_store import PlanStore
from hep_builder.core.planfile import write_plan
from hep_builder.ui import dialogs


def test_saving_names_the_patient_not_the_file(window, monkeypatch) -> None:
    window.add_exercises(["glute-bridge"])
    window.document.set_header(patient_name="Margaret Okafor")
    assert window.save_plan()
    assert window.statusBar().currentMessage() == "Saved Margaret Okafor’s plan"
    assert ".hepplan" not in window.statusBar().currentMessage()


def test_a_name_of_only_spaces_is_no_name(window, bundled_library) -> None:
    window.add_exercises(["glute-bridge"])
    window.document.set_header(patient_name="   ")
    assert window.windowTitle().startswith("New plan *")
    from hep_builder.core.clinic import load_profile
    from hep_builder.pdf.handout import build_handout

    plan = Plan(Patient("   "), therapist="Alex Kim, PT", items=(PlanItem("glute-bridge"),))
    import io

    reader = PdfReader(io.BytesIO(build_handout(plan, bundled_library, load_profile()[0])))
    first = reader.pages[0].extract_text()
    assert "For " not in first and "From Alex Kim, PT" in first
    assert reader.metadata.title == "Hip home exercise program"


def test_export_refuses_a_name_of_only_spaces(tmp_path: Path, bundled_library) -> None:
    from hep_builder.cli import main

    path = tmp_path / "p.hepplan"
    write_plan(path, Plan(Patient("  "), items=(PlanItem("glute-bridge"),)))
    assert main(["export", str(path), "-o", str(tmp_path / "out.pdf")]) == 1
    assert not (tmp_path / "out.pdf").exists()


@pytest.fixture
def find_dialog(window, qtbot, isolated_dirs):
    from hep_builder.ui.find_plan import FindPlanDialog

    store = PlanStore(isolated_dirs["plans"])
    store.save(Plan(Patient("Ann Lee"), items=(PlanItem("glute-bridge"),)))
    window.store = store
    dialog = FindPlanDialog(store, window.pdf_of_file, window.print_bytes, lambda *a: None, window)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.loaded)  # the list fills in the background
    return dialog


def test_find_a_plan_says_when_nothing_is_selected(find_dialog, qtbot) -> None:
    qtbot.keyClicks(find_dialog.search, "nobody of that name")
    find_dialog.refresh()
    assert find_dialog.selected() is None
    assert "No plan selected" in find_dialog.preview.status.text()
    assert "Preparing" not in find_dialog.preview.status.text()


def test_the_print_dialog_opens_on_top_of_find_a_plan(window, find_dialog, qtbot, monkeypatch, tmp_path) -> None:
    from PySide6.QtPrintSupport import QPrinter

    import hep_builder.ui.main_window as main_window

    owners = []

    def accept(cls, parent, printer):
        owners.append(parent)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(tmp_path / "printed.pdf"))
        printer.setResolution(72)
        return printer, True

    monkeypatch.setattr(main_window.PrintDialog, "run", classmethod(accept))
    find_dialog.setModal(True)
    find_dialog.show()
    qtbot.waitExposed(find_dialog)
    find_dialog.table.selectRow(0)
    assert find_dialog.selected() is not None
    find_dialog.print_button.click()
    assert owners == [find_dialog]  # not the main window, which the dialog covers
    assert find_dialog.preview.status.text() == "Sent to the printer."
    assert (tmp_path / "printed.pdf").stat().st_size > 0
    monkeypatch.setattr(dialogs.Message, "run", classmethod(lambda *a, **k: (None, True)))
    find_dialog.close()


def test_resistance_and_pace_boxes_fit_what_is_typed(window, qtbot) -> None:
    window.add_exercises(["clamshell"])
    window.fit_to_screen(QRect(0, 0, 1024, 728))
    window.show()
    qtbot.waitExposed(window)
    for box in window.plan_panel.dosage.texts.values():
        assert box.width() >= box.fontMetrics().horizontalAdvance("green band, 5 lb") + 12
