from __future__ import annotations

import pytest

from hep_builder.core.clinic import load_profile
from hep_builder.core.settings import Settings


@pytest.fixture(autouse=True)
def dont_save_on_close(monkeypatch):
    """A window closed at a test's end with unsaved changes would ask Save / Don't save / Cancel: answer
    "Don't save" unless the test patches the question itself (records what was asked)."""
    from hep_builder.ui import dialogs

    asked: list[str] = []
    monkeypatch.setattr(
        dialogs.SaveChanges, "run", classmethod(lambda cls, parent, name: (asked.append(name), ("discard", True))[1])
    )
    return asked


@pytest.fixture
def window(qtbot, bundled_library):
    from hep_builder.ui.main_window import MainWindow

    main = MainWindow(bundled_library, load_profile()[0], Settings())
    qtbot.addWidget(main)
    main.preview.timer.stop()
    return main


@pytest.fixture
def document(qapp, bundled_library):
    from hep_builder.ui.document import PlanDocument

    return PlanDocument(bundled_library)


@pytest.fixture
def pdf_printer(monkeypatch, tmp_path):
    """Patch the print dialog to accept with a PDF printer; yields the file the pages go to."""
    from PySide6.QtPrintSupport import QPrinter

    import hep_builder.ui.main_window as main_window

    target = tmp_path / "printed.pdf"

    def accept(cls, parent, printer):
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(target))
        printer.setResolution(120)
        return printer, True

    monkeypatch.setattr(main_window.PrintDialog, "run", classmethod(accept))
    return target


@pytest.fixture(autouse=True)
def no_unexpected_dialogs(monkeypatch):
    """A question or message that a test did not patch fails the test instead of waiting for a click."""
    from hep_builder.ui import dialogs

    def unexpected(cls, parent, title, text, *args, **kwargs):
        raise AssertionError(f"unexpected dialog: {title}: {text}")

    monkeypatch.setattr(dialogs.Question, "run", classmethod(unexpected))
    monkeypatch.setattr(dialogs.Message, "run", classmethod(unexpected))
