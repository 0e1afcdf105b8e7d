"""Printing the handout on its own paper: the PDF itself to CUPS, else pages rendered at <= 300 dpi (ui layer).

Where the system spooler takes PDF (CUPS on Linux and macOS, through ``lp``) the handout's own PDF is sent, so
the print stays vector, small and sharp. Elsewhere (Windows, or a QPrinter writing a file) each page is rendered
at 240 dpi (never more than 300) onto a printer set to the handout's paper size and orientation, one PDF page to one
sheet at its true size.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRect, QSize, QSizeF
from PySide6.QtGui import QColor, QImage, QPageLayout, QPageSize, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter

MAX_DPI = 300  # never more: the spooler's job grows with the square of it
RENDER_DPI = 240  # what the fallback uses: sharp on a laser, and 10 pages reach the spooler in under 3 s
SPOOL_TIMEOUT = 60  # seconds; lp only copies the file into the spool
JOB_NAME = "Home exercise program"  # the queue's job title: never the patient's name (shared print queues)


def _open(data: bytes) -> tuple[QPdfDocument, QBuffer]:
    buffer = QBuffer()
    buffer.setData(QByteArray(data))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document = QPdfDocument()
    document.load(buffer)
    return document, buffer  # the buffer must outlive the document's use of it


def pdf_page_layout(data: bytes) -> tuple[QPageSize, QPageLayout.Orientation]:
    """The paper and orientation of the handout's first page (Letter and A4 come back as themselves)."""
    document, _buffer = _open(data)
    try:
        points = document.pagePointSize(0)
    finally:
        document.close()
    width, height = points.width(), points.height()
    landscape = width > height
    short, long = min(width, height), max(width, height)
    # Letter and A4 by their own ids (a fuzzy match calls Letter "AnsiA", which no print queue knows).
    for paper in (QPageSize.PageSizeId.Letter, QPageSize.PageSizeId.A4):
        known = QPageSize(paper).size(QPageSize.Unit.Point)
        if abs(known.width() - short) < 2 and abs(known.height() - long) < 2:
            size = QPageSize(paper)
            break
    else:
        size = QPageSize(QSizeF(short, long), QPageSize.Unit.Point, "", QPageSize.SizeMatchPolicy.ExactMatch)
    orientation = QPageLayout.Orientation.Landscape if landscape else QPageLayout.Orientation.Portrait
    return size, orientation


def prepare_printer(printer: QPrinter, data: bytes) -> None:
    """Give the printer the handout's paper and orientation; called before the dialog so it shows them."""
    size, orientation = pdf_page_layout(data)
    printer.setPageSize(size)
    printer.setPageOrientation(orientation)
    printer.setFullPage(True)  # the handout has its own margins: one PDF page is one sheet, unscaled


def restore_choices(printer: QPrinter, state) -> None:
    """The printer and number of copies chosen last time (``state`` is the program's QSettings)."""
    printer.setDocName(JOB_NAME)
    last = state.value("print/printer")
    if last:
        printer.setPrinterName(str(last))
    try:
        copies = int(state.value("print/copies") or 1)
    except (TypeError, ValueError):
        copies = 1
    printer.setCopyCount(max(1, min(copies, 99)))


def remember_choices(printer: QPrinter, state) -> None:
    state.setValue("print/printer", printer.printerName())
    state.setValue("print/copies", printer.copyCount())


def spooler_command(
    printer: QPrinter, path: Path, size: QPageSize, orientation: QPageLayout.Orientation
) -> list[str] | None:
    """The ``lp`` command that hands the PDF to CUPS on the handout's paper, or None where the spooler does
    not take PDF. The paper is named from the handout itself: a driver may call Letter "AnsiA"."""
    if sys.platform.startswith("win") or printer.outputFormat() != QPrinter.OutputFormat.NativeFormat:
        return None
    lp = shutil.which("lp")
    if not lp or not printer.printerName():
        return None
    command = [lp, "-d", printer.printerName(), "-n", str(max(1, printer.copyCount()))]
    if size.id() == QPageSize.PageSizeId.Custom:  # CUPS takes a custom size in points
        points = size.size(QPageSize.Unit.Point)
        media = f"Custom.{round(points.width())}x{round(points.height())}"
    else:
        media = size.key()  # "Letter", "A4": the names CUPS and PPDs use
    command += ["-o", f"media={media}"]
    command += ["-o", "landscape" if orientation == QPageLayout.Orientation.Landscape else "portrait"]
    if printer.duplex() in (QPrinter.DuplexMode.DuplexLongSide, QPrinter.DuplexMode.DuplexAuto):
        command += ["-o", "sides=two-sided-long-edge"]
    elif printer.duplex() == QPrinter.DuplexMode.DuplexShortSide:
        command += ["-o", "sides=two-sided-short-edge"]
    if printer.docName():
        command += ["-t", printer.docName()]
    return [*command, "--", str(path)]


def page_count(data: bytes) -> int:
    document, _buffer = _open(data)
    try:
        return document.pageCount()
    finally:
        document.close()


def print_pdf(data: bytes, printer: QPrinter) -> int:
    """Print every page of ``data`` on ``printer`` (already set up by the dialog); returns the pages sent."""
    size, orientation = pdf_page_layout(data)
    prepare_printer(printer, data)  # again: the dialog may have changed the paper, the handout has not
    pages = page_count(data)
    with tempfile.TemporaryDirectory(prefix="hep-print-") as folder:
        path = Path(folder) / "handout.pdf"
        command = spooler_command(printer, path, size, orientation)
        if command is not None:
            path.write_bytes(data)
            _spool(command)
            return pages
    return _print_rendered(data, printer)


def _spool(command: list[str]) -> None:
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=SPOOL_TIMEOUT,
                                env={**os.environ, "LC_ALL": "C"})  # fmt: skip
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise OSError(f"the print queue did not answer ({exc})") from None
    if result.returncode != 0:
        reason = (result.stderr or result.stdout).strip().splitlines()
        raise OSError(f"the print queue refused the handout ({reason[0] if reason else result.returncode})")


def _on_white(page: QImage) -> QImage:
    """The rendered page (transparent where nothing is printed) laid on white paper: an opaque image is sent
    as one picture, not a picture and a mask, which halves what the spooler gets."""
    sheet = QImage(page.size(), QImage.Format.Format_RGB32)
    sheet.fill(QColor("white"))
    painter = QPainter(sheet)
    painter.drawImage(0, 0, page)
    painter.end()
    return sheet


def _print_rendered(data: bytes, printer: QPrinter) -> int:
    """Each page rendered at 240 dpi (or the printer's own, if lower), drawn at its true size on a sheet of the
    same paper."""
    document, _buffer = _open(data)
    pages = document.pageCount()
    if printer.resolution() > RENDER_DPI:
        printer.setResolution(RENDER_DPI)
    dpi = printer.resolution()
    painter = QPainter()
    if not painter.begin(printer):
        document.close()
        raise OSError("the printer could not be started")
    try:
        for page in range(pages):
            if page:
                printer.newPage()
            points = document.pagePointSize(page)
            size = QSize(round(points.width() * dpi / 72), round(points.height() * dpi / 72))
            image = _on_white(document.render(page, size))
            sheet = printer.paperRect(QPrinter.Unit.DevicePixel).toRect()
            painter.drawImage(QRect(sheet.x(), sheet.y(), size.width(), size.height()), image)
    finally:
        painter.end()
        document.close()
    return pages
