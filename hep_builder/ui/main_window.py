"""The main window (ui layer). For now: the library, listed by category, with its load problems."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QListWidget, QMainWindow, QSplitter

from hep_builder.core.exercise import CATEGORY_LABELS
from hep_builder.core.library import Library, load_default_library
from hep_builder.core.settings import load_settings


class MainWindow(QMainWindow):
    def __init__(self, library: Library | None = None) -> None:
        super().__init__()
        self.setWindowTitle("HEP Builder")
        settings, _ = load_settings()
        self.library = library or load_default_library(settings.clinic_library_path)
        self.exercise_list = QListWidget()
        self.exercise_list.setAccessibleName("Exercise library")
        for exercise in sorted(self.library, key=lambda e: (list(CATEGORY_LABELS).index(e.category), e.name)):
            self.exercise_list.addItem(f"{exercise.name}  ·  {CATEGORY_LABELS[exercise.category]}")
        splitter = QSplitter()
        splitter.addWidget(self.exercise_list)
        splitter.addWidget(QLabel("Drag exercises into a plan (the plan editor is coming)."))
        self.setCentralWidget(splitter)
        problems = len(self.library.problems)
        self.statusBar().showMessage(
            f"{len(self.library)} exercises loaded" + (f", {problems} library problems" if problems else "")
        )
        self.resize(1200, 760)
