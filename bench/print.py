"""Printing speed: how long a 10-page handout takes to reach the spooler, both ways.

Run: python bench/print.py [QUEUE]   (budget in DESIGN.md: 10 pages reach the spooler in <= 3 s, in the plan's paper)
- to a CUPS queue (the PDF itself through lp), when QUEUE or a default printer exists;
- rendered at 300 dpi onto a PDF printer (the path used where the spooler takes no PDF), with the file's size.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtPrintSupport import QPrinter, QPrinterInfo
from PySide6.QtWidgets import QApplication

from hep_builder.core.clinic import load_profile
from hep_builder.core.library import load_default_library
from hep_builder.core.plan import Patient, Plan, PlanItem
from hep_builder.pdf.handout import build_handout
from hep_builder.ui import printing


def ten_pages(library, profile) -> bytes:
    exercises = list(library)
    for count in range(4, 40):
        items = tuple(PlanItem(exercises[n % len(exercises)].id) for n in range(count))
        data = build_handout(Plan(Patient("Bench Patient"), items=items), library, profile)
        if printing.page_count(data) >= 10:
            return data
    raise SystemExit("could not make a 10-page handout")


def main() -> None:
    app = QApplication([])  # noqa: F841 - QPrinter needs it
    library = load_default_library()
    profile, _ = load_profile()
    data = ten_pages(library, profile)
    pages = printing.page_count(data)
    print(f"handout: {pages} pages, {len(data) / 1024:.0f} KB, Letter")
    queue = sys.argv[1] if len(sys.argv) > 1 else QPrinterInfo.defaultPrinterName()
    if queue and QPrinterInfo.printerInfo(queue).printerName():
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setPrinterName(queue)
        printer.setDocName(printing.JOB_NAME)
        start = time.perf_counter()
        printing.print_pdf(data, printer)
        print(f"CUPS queue {queue!r} (the PDF itself): {time.perf_counter() - start:.2f} s to the spooler, "
              f"{len(data) / 1024:.0f} KB sent  (budget 3 s)")  # fmt: skip
    else:
        print("no print queue here: start cupsd and add one (see bench docstring), or name it: bench/print.py QUEUE")
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / "rendered.pdf"
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(target))
        start = time.perf_counter()
        printing.print_pdf(data, printer)
        seconds = time.perf_counter() - start
        print(f"rendered at {printer.resolution()} dpi: {seconds:.2f} s, {target.stat().st_size / 1024 / 1024:.1f} MB"
              "  (budget 3 s)")  # fmt: skip


if __name__ == "__main__":
    main()
