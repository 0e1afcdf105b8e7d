"""Find and reprint a saved plan: search by patient, preview, print or export in a few clicks (ui layer).

Made for the front desk: nothing here changes a plan. Printing reads the file and prints it as saved.
The list fills in the background (the per-PC index first, then files it does not know yet), so a clinic's
thousands of plans on a slow share never freeze the window; typing filters what has come so far.
"""

from __future__ import annotations

import contextlib
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from hep_builder.core.plan_store import PlanStore, PlanSummary
from hep_builder.ui.preview import PreviewPanel

if TYPE_CHECKING:  # psycopg's store loads only where a plans server is configured
    from hep_builder.core.pg_store import PgStore

COLUMNS = ("Patient", "Chart no.", "Saved", "Therapist", "Exercises")
Index = QModelIndex | QPersistentModelIndex


class PlanListModel(QAbstractTableModel):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.rows: list[PlanSummary] = []

    def set_rows(self, rows: list[PlanSummary]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(COLUMNS)
        ):
            return COLUMNS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        row = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            saved = row.modified[:16].replace("T", " ")
            patient = row.patient + ("  (conflict copy)" if row.conflict else "")
            return (patient, row.identifier, saved, row.therapist, str(row.exercises))[index.column()]
        if role == Qt.ItemDataRole.UserRole:
            return row
        return None


class _Loader(QObject):
    """Reads the plans folder in a worker thread; batches arrive on the UI thread (queued signals)."""

    batch = Signal(object)
    done = Signal()

    def __init__(self, store: PlanStore, parent: QObject) -> None:
        super().__init__(parent)
        self.store = store
        self.stop = threading.Event()
        self.worker = threading.Thread(target=self._run, name="find-plan")  # not .thread: QObject.thread() is Qt's

    def _run(self) -> None:
        try:
            for rows in self.store.iter_summaries():
                if self.stop.is_set():
                    return
                with contextlib.suppress(RuntimeError):  # the dialog is gone
                    self.batch.emit(rows)
        except Exception:  # an unreadable folder: what came so far is shown, and the count says why
            pass
        with contextlib.suppress(RuntimeError):
            self.done.emit()


class _ServerFinder(QObject):
    """Asks a plans server (its store's find()) in a worker thread, newest question first, so a slow or
    vanished server never freezes the window; an answer to a question no longer asked is not shown."""

    answered = Signal(str, object, str)  # the text asked, the rows, a sentence about the server ("" if fine)

    def __init__(self, find, parent: QObject) -> None:
        super().__init__(parent)
        self.find = find
        self.stop = threading.Event()
        self._wanted: str | None = None
        self._asked = threading.Condition()
        self.worker = threading.Thread(target=self._run, name="find-plan-server", daemon=True)  # QObject has thread()

    def ask(self, text: str) -> None:
        with self._asked:
            self._wanted = text
            self._asked.notify()

    def _run(self) -> None:
        while not self.stop.is_set():
            with self._asked:
                self._asked.wait_for(lambda: self._wanted is not None or self.stop.is_set(), timeout=0.5)
                text, self._wanted = self._wanted, None
            if text is None:
                continue
            try:
                rows, problem = self.find(text)
            except Exception as exc:  # the store explains itself; anything else still gets one line
                rows, problem = [], f"The plans server could not be searched ({exc})."
            with contextlib.suppress(RuntimeError):  # the dialog is gone
                self.answered.emit(text, rows, problem)


def summary_line(row: PlanSummary) -> str:
    return f"{row.modified[:10]} · {row.title or 'Plan'} · {row.exercises} exercises · {row.therapist}"


class FindPlanDialog(QDialog):
    """Search the plans folder; preview, print or export the selected plan, or open it for editing."""

    def __init__(
        self, store: PlanStore | PgStore, build_pdf, print_pdf, export_pdf, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Find a plan")
        self.store = store
        self.build_pdf = build_pdf  # Path -> bytes
        self.print_pdf = print_pdf  # (bytes) -> bool
        self.export_pdf = export_pdf  # (bytes, PlanSummary) -> Path | None
        self.chosen: Path | None = None
        self.search = QLineEdit(placeholderText="Patient name, chart number, therapist or date (2026-11-27)")
        self.search.setAccessibleName("Search plans")
        self.search.setClearButtonEnabled(True)
        self.model = PlanListModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName("Saved plans")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.count = QLabel()
        self.history = QListWidget()
        self.history.setAccessibleName("Other plans of this patient")
        self.history.setMaximumHeight(110)
        self.preview = PreviewPanel(self._selected_pdf, live=False)
        self.print_button = QPushButton("Print…")
        self.export_button = QPushButton("Export PDF…")
        self.open_button = QPushButton("Open for editing")
        close = QPushButton("Close")
        for button in (self.print_button, self.export_button, self.open_button):
            button.setEnabled(False)
        self.print_button.setDefault(True)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.search)
        left_layout.addWidget(self.table, 1)
        left_layout.addWidget(self.count)
        left_layout.addWidget(QLabel("<b>Earlier plans of this patient</b>"))
        left_layout.addWidget(self.history)
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(self.preview)
        splitter.setSizes([560, 440])
        buttons = QHBoxLayout()
        buttons.addWidget(self.print_button)
        buttons.addWidget(self.export_button)
        buttons.addStretch(1)
        buttons.addWidget(self.open_button)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addLayout(buttons)

        self._timer = QTimer(self, singleShot=True, interval=80)
        self._timer.timeout.connect(self.refresh)
        self.search.textChanged.connect(self._timer.start)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._on_selection())
        self.table.doubleClicked.connect(lambda _i: self._print())
        self.history.itemActivated.connect(self._on_history)
        self.print_button.clicked.connect(self._print)
        self.export_button.clicked.connect(self._export)
        self.open_button.clicked.connect(self._open)
        close.clicked.connect(self.reject)
        self.resize(1100, 700)
        self.all_rows: list[PlanSummary] = []  # the folder is read once, in the background; typing filters these
        self.loaded = False
        self._previewed: str | None = None
        self.count.setText("Looking for plans…")
        self.count.setWordWrap(True)
        self._finder: _ServerFinder | None = None
        if not isinstance(store, PlanStore):  # a plans server searches everything itself, per question
            self.loaded = True
            self._finder = _ServerFinder(store.find, self)
            self._finder.answered.connect(self._on_answer)
            self.finished.connect(lambda _result: self._finder.stop.set())
            self._finder.worker.start()
            self._finder.ask("")
            return
        self._loader = _Loader(store, self)
        self._loader.batch.connect(self._on_batch)
        self._loader.done.connect(self._on_done)
        self.finished.connect(lambda _result: self._loader.stop.set())
        self._loader.worker.start()

    def _on_batch(self, rows: list[PlanSummary]) -> None:
        self.all_rows.extend(rows)
        self.all_rows.sort(key=lambda s: s.modified, reverse=True)
        self.refresh()

    def _on_done(self) -> None:
        self.loaded = True
        self.refresh()

    def _on_answer(self, text: str, rows: list[PlanSummary], problem: str) -> None:
        if text != self.search.text():
            return  # a newer question is on its way
        self._show(rows, problem or f"{len(rows)} plan{'s' if len(rows) != 1 else ''}, newest first")

    def _show(self, rows: list[PlanSummary], count: str) -> None:
        current = self.selected()
        self.model.set_rows(rows)
        self.count.setText(count)
        keep = next((n for n, row in enumerate(rows) if current and row.path == current.path), None)
        if keep is not None:
            self.table.selectRow(keep)
        elif rows:
            self.table.selectRow(0)
        else:
            self._on_selection()

    def refresh(self) -> None:
        self._timer.stop()
        if self._finder is not None:
            self._finder.ask(self.search.text())
            return
        current = self.selected()
        rows = self.store.search(self.search.text(), self.all_rows)
        self.model.set_rows(rows)
        folder = self.store.folder if isinstance(self.store, PlanStore) else None  # a server has no folder
        if folder is not None and not folder.is_dir():
            self.count.setText(f"The plans folder cannot be reached: {folder}. Check the network or "
                               "the folder in File > Settings.")  # fmt: skip
        else:
            more = "" if self.loaded else " so far (still looking)"
            self.count.setText(f"{len(rows)} plan{'s' if len(rows) != 1 else ''}{more}, newest first")
        keep = next((n for n, row in enumerate(rows) if current and row.path == current.path), None)
        if keep is not None:  # rows came in: the selection (and its preview) stays
            self.table.selectRow(keep)
        elif rows:
            self.table.selectRow(0)
        else:
            self._on_selection()

    def selected(self) -> PlanSummary | None:
        index = self.table.currentIndex()
        return index.data(Qt.ItemDataRole.UserRole) if index.isValid() else None

    def _selected_pdf(self) -> bytes:
        row = self.selected()
        return self.build_pdf(Path(row.path)) if row else b""

    def _on_selection(self) -> None:
        row = self.selected()
        for button in (self.print_button, self.export_button, self.open_button):
            button.setEnabled(row is not None)
        self.history.clear()
        if row is None:
            self._previewed = None
            self.preview.show_message("No plan selected: choose one in the list to see its handout.")
            return
        try:
            others = self.store.history(row, self.all_rows)
        except OSError:  # the plans server is away: the list just stays empty (the count line says why)
            others = []
        for other in others:
            version = "Another version of this plan (conflict copy): " if other.id == row.id else ""
            item = QListWidgetItem(version + summary_line(other))
            item.setData(Qt.ItemDataRole.UserRole, other.path)
            item.setData(Qt.ItemDataRole.UserRole + 1, other)
            self.history.addItem(item)
        if not self.history.count():
            self.history.addItem("No other plans for this patient.")
        if row.path != self._previewed:  # rows arriving in the background keep the selection: no rebuild
            self._previewed = row.path
            self.preview.refresh_now()

    def _on_history(self, item: QListWidgetItem) -> None:
        path = item.data(Qt.ItemDataRole.UserRole)
        for row_number, row in enumerate(self.model.rows):
            if row.path == path:
                self.table.selectRow(row_number)
                return
        if self._finder is not None:  # the server's list holds only matches: put this one on top of them
            other = item.data(Qt.ItemDataRole.UserRole + 1)
            if isinstance(other, PlanSummary):
                self.model.set_rows([other, *self.model.rows])
                self.table.selectRow(0)
            return
        self.search.clear()  # the earlier plan is filtered out: show everything, then select it
        self.refresh()
        self._on_history(item)

    def _print(self) -> None:
        if self.selected() is not None and self.print_pdf(self._selected_pdf()):
            self.preview.status.setText("Sent to the printer.")  # here: the window's status bar is behind us

    def _export(self) -> None:
        row = self.selected()
        if row is not None:
            self.export_pdf(self._selected_pdf(), row)

    def _open(self) -> None:
        row = self.selected()
        if row is not None:
            self.chosen = Path(row.path)
            self.accept()

    @classmethod
    def run(
        cls, parent: QWidget, store: PlanStore | PgStore, build_pdf, print_pdf, export_pdf
    ) -> tuple[Path | None, bool]:
        dialog = cls(store, build_pdf, print_pdf, export_pdf, parent)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        return dialog.chosen, accepted
