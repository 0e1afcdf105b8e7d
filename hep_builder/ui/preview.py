"""Live handout preview: the real PDF, rebuilt shortly after each edit, shown from memory (ui layer)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt, QTimer
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

REFRESH_DELAY_MS = 400


class PreviewPanel(QWidget):
    """Shows the bytes from ``build`` (no file on disk, so nothing stays locked)."""

    def __init__(self, build: Callable[[], bytes], parent: QWidget | None = None, *, live: bool = True) -> None:
        super().__init__(parent)
        self.build = build
        self.live = live
        self.document = None  # QtPdf loads with the first preview, after start-up
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
        self.timer.timeout.connect(self.refresh_now)

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

    def _create_viewer(self) -> None:
        from PySide6.QtPdf import QPdfDocument
        from PySide6.QtPdfWidgets import QPdfView

        self.document = QPdfDocument(self)
        view = QPdfView()
        view.setDocument(self.document)
        view.setPageMode(QPdfView.PageMode.MultiPage)
        view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        view.setAccessibleName("Handout preview")
        self._layout.replaceWidget(self.view, view)
        self.view.deleteLater()
        self.view = view

    def refresh_now(self) -> None:
        self.timer.stop()
        if self.document is None:
            self._create_viewer()
        try:
            data = self.build()
        except Exception as exc:  # a preview problem must never take the editor down
            from hep_builder.crashlog import write_crash_log

            write_crash_log("preview", type(exc), exc, exc.__traceback__)  # for whoever supports the clinic
            self.status.setText(f"Preview not available: {exc}")
            return
        self.last_pdf = data
        buffer = QBuffer(self)
        buffer.setData(QByteArray(data))
        buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document.close()
        self.document.load(buffer)
        if self._buffer is not None:
            self._buffer.close()
            self._buffer.deleteLater()
        self._buffer = buffer
        pages = self.document.pageCount()
        note = " · updates as you edit" if self.live else " · as saved"
        self.status.setText(f"{pages} page{'s' if pages != 1 else ''}{note}")
