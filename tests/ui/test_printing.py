"""Printing on the handout's own paper: the PDF itself to a CUPS queue (a fake ``lp``), else pages rendered
at no more than 300 dpi onto a PDF printer, checked by the paper size that arrives."""

from __future__ import annotations

import os
import stat
import sys

import pytest
from PySide6.QtGui import QPageLayout
from PySide6.QtPrintSupport import QPrinter

from hep_builder.core.planfile import read_plan
from hep_builder.pdf.handout import build_handout
from hep_builder.ui import printing
from tests.pdf.conftest import EXAMPLES, reader

SIZES = {"letter": [612, 792], "a4": [595, 842]}


@pytest.fixture(scope="module")
def handouts(bundled_library) -> dict[str, bytes]:
    from hep_builder.core.clinic import load_profile

    plan, profile = read_plan(EXAMPLES[0]).plan, load_profile()[0]
    return {paper: build_handout(plan, bundled_library, profile, paper=paper) for paper in SIZES}


def mediaboxes(data: bytes) -> list[list[int]]:
    return [[round(float(v)) for v in page.mediabox[2:]] for page in reader(data).pages]


@pytest.mark.parametrize("paper", SIZES)
def test_a_pdf_printer_gets_the_handouts_paper_at_true_size(qapp, handouts, tmp_path, paper) -> None:
    data = handouts[paper]
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPageSize(printing.QPageSize(printing.QPageSize.PageSizeId.A3))  # the printer's own default
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "out.pdf"))
    printer.setResolution(600)
    assert printing.print_pdf(data, printer) == len(reader(data).pages)
    assert printer.resolution() <= printing.MAX_DPI
    printed = (tmp_path / "out.pdf").read_bytes()
    assert mediaboxes(printed) == [SIZES[paper]] * len(reader(data).pages)
    assert printer.pageLayout().orientation() == QPageLayout.Orientation.Portrait
    # white paper where nothing is printed (a page rendered with no background would come out black)
    document, _buffer = printing._open(printed)
    image = document.render(0, printing.QSize(100, 130))
    document.close()
    assert all(image.pixelColor(x, y).lightness() > 240 for x, y in ((2, 2), (97, 2), (2, 127), (97, 127)))


class QueuePrinter(QPrinter):
    """A printer on a CUPS queue, whatever this machine has installed."""

    def outputFormat(self):  # Qt's name
        return QPrinter.OutputFormat.NativeFormat

    def printerName(self) -> str:  # Qt's name
        return "FrontDesk"


@pytest.mark.skipif(sys.platform.startswith("win"), reason="CUPS: Linux and macOS")
@pytest.mark.parametrize("paper", SIZES)
def test_cups_gets_the_pdf_itself_with_its_paper(qapp, handouts, tmp_path, monkeypatch, paper) -> None:
    received = tmp_path / "received.pdf"
    lp = tmp_path / "bin" / "lp"
    lp.parent.mkdir()
    lp.write_text(
        "#!/bin/sh\n"
        f'echo "$@" > "{tmp_path}/args"\n'
        "for last; do :; done\n"
        f'cp "$last" "{received}"\n'
        'echo "request id is FrontDesk-7 (1 file(s))"\n'
    )
    lp.chmod(lp.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PATH", f"{lp.parent}{os.pathsep}{os.environ['PATH']}")
    printer = QueuePrinter(QPrinter.PrinterMode.HighResolution)
    printer.setCopyCount(2)
    printing.prepare_printer(printer, handouts[paper])
    printer.setDocName(printing.JOB_NAME)
    assert printing.print_pdf(handouts[paper], printer) == len(reader(handouts[paper]).pages)
    args = (tmp_path / "args").read_text().split()
    media = {"letter": "Letter", "a4": "A4"}[paper]
    assert args[:4] == ["-d", "FrontDesk", "-n", "2"]
    assert f"media={media}" in args and "portrait" in args
    assert received.read_bytes() == handouts[paper]  # the PDF itself: vector, and small


def test_a_refusing_queue_gives_one_plain_message(qapp, handouts, tmp_path, monkeypatch) -> None:
    lp = tmp_path / "lp"
    lp.write_text("#!/bin/sh\necho 'lp: The printer or class does not exist.' >&2\nexit 1\n")
    lp.chmod(lp.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PATH", f"{tmp_path}{os.pathsep}{os.environ['PATH']}")
    if sys.platform.startswith("win"):
        pytest.skip("CUPS: Linux and macOS")
    with pytest.raises(OSError, match="refused the handout .lp: The printer or class does not exist."):
        printing.print_pdf(handouts["letter"], QueuePrinter())


def test_the_dialog_remembers_printer_and_copies(qapp, tmp_path) -> None:
    from PySide6.QtCore import QSettings

    state = QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)
    first = QPrinter()
    first.setCopyCount(3)
    printing.remember_choices(first, state)
    again = QPrinter()
    printing.restore_choices(again, state)
    assert again.copyCount() == 3 and again.docName() == printing.JOB_NAME
    assert state.value("print/printer") == first.printerName()


def test_landscape_pdf_prints_landscape(qapp) -> None:
    import io

    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.pdfgen.canvas import Canvas

    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=landscape(A4))
    canvas.drawString(72, 72, "wide")
    canvas.showPage()
    canvas.save()
    size, orientation = printing.pdf_page_layout(buffer.getvalue())
    assert size.key() == "A4" and orientation == QPageLayout.Orientation.Landscape
