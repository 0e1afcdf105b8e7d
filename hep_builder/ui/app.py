"""Application start-up: the QApplication, the main window, ``--quit-when-ready`` (ui layer)."""

from __future__ import annotations

import contextlib
import gc
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QMessageLogContext, QTimer, QtMsgType, qInstallMessageHandler
from PySide6.QtWidgets import QApplication

from hep_builder import __version__
from hep_builder.crashlog import write_crash_log
from hep_builder.paths import APP_NAME
from hep_builder.ui.dialogs import Message
from hep_builder.ui.none_guard import protect_none

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
    if sys.platform == "win32":
        return
    chosen = os.environ.get("LC_ALL") or os.environ.get("LC_CTYPE") or os.environ.get("LANG") or ""
    if "utf" not in chosen.lower().replace("-", ""):
        os.environ.pop("LC_ALL", None)
        os.environ["LC_CTYPE"] = "C.UTF-8"


def create_application(argv: list[str] | None = None) -> QApplication:
    protect_none()
    if QApplication.instance() is None:
        _ensure_utf8_locale()
        qInstallMessageHandler(_qt_message)
    app = QApplication.instance() or QApplication(argv or [sys.argv[0]])
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    return app  # type: ignore[return-value]


def show_start_failure(reason: str, log: Path | None) -> None:
    """The program could not open its window: say so in a window (the clinic's program has no console)."""
    create_application()
    where = f"\n\nDetails were written to {log}." if log else ""
    Message.run(None, "HEP Builder could not start",
                f"HEP Builder could not start: {reason}{where}\n\nPlease tell whoever looks after the clinic's "
                "computers.")  # fmt: skip


class ErrorReporter:
    """Unexpected errors while the window runs (in a button's action, a redraw): logged in full, explained in
    one sentence, and the plan autosaved first - never a traceback, never lost work. The same error is
    explained once; a second one while its message is open is only logged."""

    def __init__(self, window) -> None:  # the MainWindow (imported late)
        self.window = window
        self.explained: set[str] = set()
        self.busy = False

    def install(self) -> None:
        sys.excepthook = self

    def __call__(self, kind: type[BaseException], error: BaseException, trace) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, error, trace)
            return
        log = write_crash_log("gui", kind, error, trace)
        summary = f"{kind.__name__}: {error}"
        if self.busy or summary in self.explained:
            return
        self.explained.add(summary)
        self.busy = True
        try:
            with contextlib.suppress(Exception):  # the message below matters more than this autosave
                self.window.autosave_now()
            where = f"\n\nDetails were written to {log}." if log else ""
            Message.run(self.window, "Something went wrong",
                        f"HEP Builder hit a problem it did not expect ({summary}). Your plan is still here: "
                        f"save it now to be safe.{where}")  # fmt: skip
        finally:
            self.busy = False


def run_gui(plan: Path | None = None, *, quit_when_ready: bool = False, data: StartData | None = None) -> int:
    app = create_application()
    from hep_builder.ui.main_window import MainWindow

    window = MainWindow(data.library, data.profile, data.settings, data.problems) if data else MainWindow()
    if plan is not None:
        window.start(plan)  # offers the plan's unsaved work if an autosave is newer than the file
    ErrorReporter(window).install()
    window.show()
    # Start-up is over. Its objects stay for the whole session: move them out of the collector's sight, so
    # no later collection (or the one at exit) walks them again, and collect normally from here on.
    gc.freeze()
    gc.enable()
    if not quit_when_ready and plan is None:
        QTimer.singleShot(0, window.start)  # after a crash: offer the unsaved work back
    if quit_when_ready:
        # The first turn of the event loop: the window is shown and the library loaded.
        QTimer.singleShot(0, app.quit)
    return app.exec()
