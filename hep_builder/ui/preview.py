"""Live handout preview: the real PDF, rebuilt shortly after each edit, shown from memory (ui layer).

The live preview builds in a worker thread, so no plan (however large) can freeze the window: ``job`` takes
what to build on the UI thread and returns the build to run. One build runs at a time; a result that an
edit made stale on the way is dropped, and the newest edit is built next.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from hep_builder.crashlog import write_crash_log

if TYPE_CHECKING:
    from PySide6.QtPdf import QPdfDocument

REFRESH_DELAY_MS = 400


class _Relay(QObject):
    """Carries a worker's result to the UI thread (a queued signal)."""

    built = Signal(int, object, object)  # generation, PDF bytes or None, error or None


class PreviewPanel(QWidget):
    """Shows the bytes from ``build`` (no file on disk, so nothing stays locked)."""

    def __init__(self, build: Callable[[], bytes], parent: QWidget | None = None, *, live: bool = True,
                 job: Callable[[], Callable[[], bytes]] | None = None) -> None:  # fmt: skip
        super().__init__(parent)
        self.build = build
        self.job = job  # None: build on the UI thread (small, saved plans)
        self.live = live
        self.generation = 0  # of the newest request; older results are dropped
        self.running = False
        self.pending = False
        self.worker: threading.Thread | None = None
        self._relay = _Relay(self)
        self._relay.built.connect(self._on_built)
        self.document: QPdfDocument | None = None  # QtPdf loads with the first preview, after start-up
        self.view: QWidget = QLabel("Preparing the preview…", alignment=Qt.AlignmentFlag.AlignCenter)
        self.status = QLabel("Preview")
        self.status.setStyleSheet("color: #555")
        self._buffer: QBuffer | None = None
        self.last_pdf = b""
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(4, 4, 4, 4)
        self._layout.addWidget(QLabel("<b>Handout preview</b>"))
        self._layout.addWidget(self.view, 1)
        self._layout.addWidget(self.status)
        self.timer = QTimer(self, singleShot=True, interval=REFRESH_DELAY_MS)
        self.timer.timeout.connect(self.refresh)

    def schedule(self) -> None:
        self.timer.start()

    def show_message(self, text: str) -> None:
        """Nothing to preview (no plan selected): say so, rather than a preview that is never coming."""
        self.timer.stop()
        if self.document is not None:
            self.document.close()
        if isinstance(self.view, QLabel):
            self.view.setText(text)
        self.status.setText(text)

    def refresh(self) -> None:
        """Rebuild soon, off the UI thread when there is a ``job`` (else at once)."""
        self.timer.stop()
        if self.job is None:
            self.refresh_now()
            return
        self.generation += 1
        if self.running:
            self.pending = True  # built when the running one ends; its result is stale
            return
        self._start()

    def _start(self) -> None:
        try:
            build = self.job() if self.job else self.build
        except Exception as exc:  # taking the snapshot failed: say so, as a failed build would
            self._show_error(exc)
            return
        self.running, self.pending = True, False
        generation, relay = self.generation, self._relay

        def work() -> None:
            data, error = None, None
            try:
                data = build()
            except Exception as exc:  # reported on the UI thread
                error = exc
            with contextlib.suppress(RuntimeError):  # the window is gone
                relay.built.emit(generation, data, error)

        # Not a daemon: the interpreter waits for a build to end before it tears Qt and ReportLab down.
        self.worker = threading.Thread(target=work, name="preview")
        self.worker.start()

    def _on_built(self, generation: int, data: bytes | None, error: Exception | None) -> None:
        self.running = False
        if self.pending or generation != self.generation:
            self._start()  # an edit came while building: this result is stale, build the newest
            return
        if error is not None:
            self._show_error(error)
        elif data is not None:
            self._show(data)

    def _show_error(self, exc: Exception) -> None:
        write_crash_log("preview", type(exc), exc, exc.__traceback__)  # for whoever supports the clinic
        self.status.setText(f"Preview not available: {str(exc)[:200]}")

    def _create_viewer(self) -> QPdfDocument:
        from PySide6.QtPdf import QPdfDocument
        from PySide6.QtPdfWidgets import QPdfView

        document = self.document = QPdfDocument(self)
        view = QPdfView()
        view.setDocument(document)
        view.setPageMode(QPdfView.PageMode.MultiPage)
        view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        view.setAccessibleName("Handout preview")
        self._layout.replaceWidget(self.view, view)
        self.view.deleteLater()
        self.view = view
        return document

    def refresh_now(self) -> None:
        """Rebuild now, on this thread (a saved plan's preview, tests)."""
        self.timer.stop()
        try:
            data = self.build()
        except Exception as exc:  # a preview problem must never take the editor down
            self._show_error(exc)
            return
        self._show(data)

    def _show(self, data: bytes) -> None:
        document = self.document if self.document is not None else self._create_viewer()
        self.last_pdf = data
        buffer = QBuffer(self)
        buffer.setData(QByteArray(data))
        buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        document.close()
        document.load(buffer)
        if self._buffer is not None:
            self._buffer.close()
            self._buffer.deleteLater()
        self._buffer = buffer
        pages = document.pageCount()
        note = " · updates as you edit" if self.live else " · as saved"
        self.status.setText(f"{pages} page{'s' if pages != 1 else ''}{note}")
