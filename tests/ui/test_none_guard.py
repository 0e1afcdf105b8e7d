"""PySide6 6.12 on Python 3.11 drops references to None; the ui package guards against the crash."""

from __future__ import annotations

import subprocess
import sys

LOOP = """
import os, sys
os.environ["QT_QPA_PLATFORM"] = "offscreen"
{guard}
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QFont, QImage, QPainter
from PySide6.QtWidgets import QApplication
app = QApplication([])
image = QImage(64, 32, QImage.Format.Format_ARGB32)
painter = QPainter(image)
for _ in range(60000):
    painter.setFont(QFont())
    painter.drawText(QRectF(0, 0, 60, 20), Qt.AlignmentFlag.AlignLeft, "x")
painter.end()
print("done")
"""


def run(guard: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", LOOP.format(guard=guard)], capture_output=True, text=True)


def test_a_long_paint_session_survives_with_the_ui_package_loaded() -> None:
    result = run("import hep_builder.ui")
    assert result.returncode == 0, result.stderr[-500:]
    assert result.stdout.strip() == "done"
