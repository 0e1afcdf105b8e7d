"""Live handout preview: the real PDF, rebuilt shortly after each edit, shown from memory (ui layer)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QTimer
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

REFRESH_DELAY_MS = 400


class PreviewPanel(QWidget):
    """Shows the bytes from ``build`` (no file on disk, so nothing stays locked)."""

    def __init__(self, build: Callable[[], bytes], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.build = build
        self.document = QPdfDocument(self)
        self.view = QPdfView()
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setAccessibleName("Handout preview")
        self.status = QLabel("Preview")
        self.status.setStyleSheet("color: #555")
        self._buffer: QBuffer | None = None
        self.last_pdf = b""
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(QLabel("<b>Handout preview</b>"))
        layout.addWidget(self.view, 1)
        layout.addWidget(self.status)
        self.timer = QTimer(self, singleShot=True, interval=REFRESH_DELAY_MS)
        self.timer.timeout.connect(self.refresh_now)

    def schedule(self) -> None:
        self.timer.start()

    def refresh_now(self) -> None:
        self.timer.stop()
        try:
            data = self.build()
        except Exception as exc:  # a preview problem must never take the editor down
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
        self.status.setText(f"{pages} page{'s' if pages != 1 else ''} · updates as you edit")
