"""Application start-up: the QApplication, the main window, ``--quit-when-ready`` (ui layer)."""

from __future__ import annotations

import gc
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QMessageLogContext, QTimer, QtMsgType, qInstallMessageHandler
from PySide6.QtWidgets import QApplication

from hep_builder import __version__
from hep_builder.paths import APP_NAME

if TYPE_CHECKING:
    from hep_builder.core.startup import StartData

# Qt messages that say nothing useful to a user or an admin (platform plugins without window managers).
HARMLESS_QT_MESSAGES = ("This plugin does not support propagateSizeHints()",)


def _qt_message(kind: QtMsgType, context: QMessageLogContext, message: str) -> None:
    if any(harmless in message for harmless in HARMLESS_QT_MESSAGES):
        return
    print(f"Qt: {message}", file=sys.stderr)


def _ensure_utf8_locale() -> None:
    """Qt needs a UTF-8 locale; on a bare "C" locale it switches itself and warns. Do it quietly first."""
    import os

    if sys.platform == "win32":
        return
    chosen = os.environ.get("LC_ALL") or os.environ.get("LC_CTYPE") or os.environ.get("LANG") or ""
    if "utf" not in chosen.lower().replace("-", ""):
        os.environ.pop("LC_ALL", None)
        os.environ["LC_CTYPE"] = "C.UTF-8"


def create_application(argv: list[str] | None = None) -> QApplication:
    if QApplication.instance() is None:
        _ensure_utf8_locale()
        qInstallMessageHandler(_qt_message)
    app = QApplication.instance() or QApplication(argv or [sys.argv[0]])
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    return app  # type: ignore[return-value]


def run_gui(plan: Path | None = None, *, quit_when_ready: bool = False, data: StartData | None = None) -> int:
    app = create_application()
    from hep_builder.ui.main_window import MainWindow

    window = MainWindow(data.library, data.profile, data.settings, data.problems) if data else MainWindow()
    if plan is not None:
        window.load_plan_file(plan)
    window.show()
    # Start-up is over. Its objects stay for the whole session: move them out of the collector's sight, so
    # no later collection (or the one at exit) walks them again, and collect normally from here on.
    gc.freeze()
    gc.enable()
    if not quit_when_ready and plan is None:
        QTimer.singleShot(0, window.offer_recovery)  # after a crash: offer the unsaved work back
    if quit_when_ready:
        # The first turn of the event loop: the window is shown and the library loaded.
        QTimer.singleShot(0, app.quit)
    return app.exec()
