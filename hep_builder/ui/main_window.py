"""The main window: library | plan | live preview, with menus, toolbar and status bar (ui layer)."""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QByteArray, QPoint, QRect, QSettings, QSize, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QSplitter

from hep_builder import __version__, paths
from hep_builder.core import autosave
from hep_builder.core.clinic import ClinicProfile, load_profile, save_profile
from hep_builder.core.library import Library, load_default_library
from hep_builder.core.plan import Patient, Plan
from hep_builder.core.problems import Problem
from hep_builder.core.settings import Settings, load_settings, save_settings
from hep_builder.core.templates import Swap, template_plan
from hep_builder.ui.dialogs import Message, OpenPlanDialog, PrintDialog, Question, SaveChanges, SavePdfDialog
from hep_builder.ui.document import PlanDocument
from hep_builder.ui.library_panel import LibraryPanel
from hep_builder.ui.models import ThumbnailCache
from hep_builder.ui.plan_panel import PlanPanel
from hep_builder.ui.preview import PreviewPanel

if TYPE_CHECKING:
    from hep_builder.core.autosave import Recovery
    from hep_builder.core.plan_store import PlanStorage
    from hep_builder.core.session import Opened, PlanSession

BUILD_LOCK = threading.Lock()
FIRST_PREVIEW_DELAY_MS = 300
ROUTE_SHORTCUTS_DELAY_MS = 200
# The window's minimum size stays within this (tested in every state), and a first start never asks for less:
# 1000×640 fits 1024×768 and 1280×720 screens with a taskbar and a title bar.
MINIMUM_WINDOW = QSize(1000, 640)
AUTOSAVE_IDLE_MS = int(autosave.IDLE_S * 1000)  # after the last edit...
AUTOSAVE_MAX_WAIT_MS = int(autosave.MAX_WAIT_S * 1000)  # ...and never later than this after the first unsaved one


def ui_settings() -> QSettings:
    """Window state and remembered folders, in our config dir (never the registry or the bundle)."""
    return QSettings(str(paths.config_dir() / "window.ini"), QSettings.Format.IniFormat)


def step_message(swaps: Sequence[Swap], harder: bool, phase_before: int | None, phase_after: int | None) -> str:
    """What Progress or Ease did, for the status bar: each swap, what was kept, and a change of phase."""
    way = "a harder" if harder else "an easier"
    if not swaps:
        return f"No exercise in this plan has {way} step in the library."
    text = "; ".join(swap.describe() for swap in swaps) + "."
    if phase_after != phase_before:
        was = f" (was phase {phase_before})" if phase_before else ""
        text += f" The plan is now phase {phase_after}{was}."
    return text


def saved_message(plan: Plan) -> str:
    """The status line after a save names the patient, never the file (a random id means nothing)."""
    name = plan.patient.name.strip()
    return f"Saved {name}’s plan" if name else "Saved the plan (it has no patient name yet)"


class StackButtonAction(QAction):
    """A toolbar Undo or Redo with a fixed short label; what it would undo is in its tooltip."""

    def __init__(self, label: str, trigger, can_signal, text_signal, parent: QMainWindow) -> None:
        super().__init__(parent)  # not (label, parent): see MainWindow._action
        self.setText(label)
        self.label = label
        self.setEnabled(False)
        self.triggered.connect(trigger)
        can_signal.connect(self.setEnabled)
        text_signal.connect(self._on_text)  # slots of ours: Qt drops the links when we go

    def _on_text(self, text: str) -> None:
        self.setToolTip(f"{self.label}: {text}" if text else self.label)


class MainWindow(QMainWindow):
    def __init__(self, library: Library | None = None, profile: ClinicProfile | None = None,
                 settings: Settings | None = None, setup_problems: Sequence[Problem] = ()) -> None:  # fmt: skip
        """``setup_problems``: what was wrong with the settings or clinic profile that were passed in."""
        super().__init__()
        self.setup_problems = list(setup_problems)  # shown beside the library's, in Help > Problems
        if settings is None:
            settings, found = load_settings()
            self.setup_problems += found
        if profile is None:
            profile, found = load_profile()
            self.setup_problems += found
        self.settings = settings
        self.library = library if library is not None else load_default_library(self.settings.clinic_library_path)
        self.profile = profile
        self.document = PlanDocument(self.library, self._blank_plan(), self)
        self._session: PlanSession | None = None  # made on first use (see session), from this first plan
        self._first_plan = self.document.plan
        self.thumbnails = ThumbnailCache(self)
        self.library_panel = LibraryPanel(self.library, self.thumbnails)
        self.plan_panel = PlanPanel(self.document, self.profile, self.thumbnails)
        self.preview = PreviewPanel(self.build_pdf, job=self.preview_job)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        for widget in (self.library_panel, self.plan_panel, self.preview):
            self.splitter.addWidget(widget)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setStretchFactor(2, 4)
        self.setCentralWidget(self.splitter)
        self.library_panel.add_requested.connect(self.add_exercises)
        self._wire_duplicates()
        self.document.plan_changed.connect(self._on_plan_changed)
        # A bound slot, not a lambda: Qt disconnects it when the window goes, before the stack is destroyed.
        self.document.undo_stack.cleanChanged.connect(self._on_clean_changed)
        self._make_actions()
        self._fit_small_screens()
        # After the window's first paint (not on the start-up path): see ui/shortcuts.py.
        QTimer.singleShot(ROUTE_SHORTCUTS_DELAY_MS, self._route_shortcuts)
        self._restore_state()
        self._update_title()
        self.statusBar().showMessage(self._loaded_message())
        # The first preview waits until the window is up and idle: start-up shows the editor first.
        QTimer.singleShot(FIRST_PREVIEW_DELAY_MS, self.preview.refresh)
        # Autosave: a debounce with a maximum wait, so steady editing is autosaved too.
        self.autosave_timer = QTimer(self, singleShot=True, interval=AUTOSAVE_IDLE_MS)
        self.autosave_timer.timeout.connect(self.autosave_now)
        self.autosave_max_timer = QTimer(self, singleShot=True, interval=AUTOSAVE_MAX_WAIT_MS)
        self.autosave_max_timer.timeout.connect(self.autosave_now)

    # --- set-up -----------------------------------------------------------------------------------------

    @property
    def session(self) -> PlanSession:
        """Open, lock, save, autosave, recover and close: all in core; the window only shows the outcomes.
        Made on first use (start-up does not need it), with the plan the window started with as "saved"."""
        if self._session is None:
            from hep_builder.core.session import PlanSession

            self._session = PlanSession(self._open_store, self._first_plan)
        return self._session

    def _open_store(self) -> PlanStorage[Any]:
        """The plans folder, or the plans server the settings name; opened on first use, not at start-up (a
        share may be slow; a server is connected to, with its timeouts, at the first call)."""
        from hep_builder.core.plan_store import PlanStore
        from hep_builder.core.plans_url import PlansUrlError, open_store

        try:
            return open_store(self.settings)
        except PlansUrlError as exc:  # HEP_BUILDER_PLANS_URL breaks the rules (settings.yaml is checked at load)
            self.statusBar().showMessage(f"{exc} Plans are kept in the plans folder for now.", 15000)
            return PlanStore(self.settings.plans_path)

    @property
    def store(self) -> PlanStorage[Any]:
        return self.session.store

    @store.setter
    def store(self, store: PlanStorage[Any]) -> None:
        self.session.store = store

    def _blank_plan(self) -> Plan:
        location = self.profile.locations[0].key if self.profile.locations else ""
        return Plan(Patient(""), location=location, layout=self.settings.layout)

    def _action(self, text: str, slot, shortcut=None, tip: str = "") -> QAction:
        # QAction(self) + setText, not QAction(text, self): PySide matches that call against the constructor
        # taking a QIcon first, which loads QIcon's type and its enums (~2 ms of start-up).
        action = QAction(self)
        action.setText(text)
        if shortcut is not None:
            action.setShortcut(shortcut)
        if tip:
            action.setStatusTip(tip)
        action.triggered.connect(slot)
        return action

    def _make_actions(self) -> None:
        stack = self.document.undo_stack
        self.new_action = self._action("&New plan", self.new_plan, QKeySequence.StandardKey.New)
        self.template_actions = [
            self._action(f"New plan from &phase {phase} template", lambda _c=False, p=phase: self.new_from_template(p))
            for phase in (1, 2, 3)
        ]
        self.find_plan_action = self._action("&Find a plan…", self.find_plan, QKeySequence.StandardKey.Open,
                                             "Search saved plans by patient, preview and reprint")  # fmt: skip
        self.open_action = self._action("Open plan &file…", self.open_plan, QKeySequence("Ctrl+Shift+O"))
        self.save_action = self._action("&Save plan", self.save_plan, QKeySequence.StandardKey.Save)
        self.export_action = self._action("&Export PDF…", self.export_pdf, QKeySequence("Ctrl+E"),
                                          "Save the handout as a PDF file")  # fmt: skip
        self.print_action = self._action("&Print…", self.print_handout, QKeySequence.StandardKey.Print)
        self.quit_action = self._action("&Quit", self.close, QKeySequence.StandardKey.Quit)
        self.undo_action = stack.createUndoAction(self, "&Undo")
        self.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
        self.redo_action = stack.createRedoAction(self, "&Redo")
        self.redo_action.setShortcut(QKeySequence.StandardKey.Redo)
        self.progress_action = self._action("Progress &plan", self.progress_plan, None,
                                            "Swap each exercise for its next harder one")  # fmt: skip
        self.ease_action = self._action("&Ease plan", self.ease_plan, None,
                                        "Swap each exercise for an easier one, e.g. after a flare-up")  # fmt: skip
        self.find_action = self._action("&Find exercise", self.focus_search, QKeySequence.StandardKey.Find)
        self.settings_action = self._action("&Settings…", self.edit_settings, QKeySequence.StandardKey.Preferences)

        self._fill(self.menuBar().addMenu("&File"), [
            self.new_action, *self.template_actions, self.find_plan_action, self.open_action, self.save_action,
            None, self.export_action, self.print_action, None, self.settings_action, self.quit_action,
        ])  # fmt: skip
        self._fill(self.menuBar().addMenu("&Edit"),
                   [self.undo_action, self.redo_action, None, self.find_action, self.progress_action,
                    self.ease_action])  # fmt: skip
        self._make_view_menu()
        self.problems_action = self._action("&Problems…", self.show_problems,
                                            tip="What could not be read: settings, profile, library")  # fmt: skip
        self._fill(self.menuBar().addMenu("&Help"),
                   [self.problems_action, self._action("&About HEP Builder", self.show_about)])  # fmt: skip

        toolbar = self.addToolBar("Main")
        toolbar.setObjectName("main-toolbar")
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        # The toolbar keeps short labels ("Undo"), so it does not jump about; the full command name ("Undo Change
        # reps of Bridges") is in the Edit menu and the button's tooltip.
        self.undo_button_action = StackButtonAction(
            "Undo", stack.undo, stack.canUndoChanged, stack.undoTextChanged, self
        )
        self.redo_button_action = StackButtonAction(
            "Redo", stack.redo, stack.canRedoChanged, stack.redoTextChanged, self
        )
        self._fill(toolbar, [self.new_action, self.find_plan_action, self.save_action, None, self.undo_button_action,
                             self.redo_button_action, None, self.export_action, self.print_action])  # fmt: skip

    def _route_shortcuts(self) -> None:
        """Every menu shortcut works whichever box has the focus (see ui/shortcuts.py)."""
        from hep_builder.ui.shortcuts import WindowKeysFirst

        self.keys_first = WindowKeysFirst(self)
        actions = [self.new_action, self.find_plan_action, self.open_action, self.save_action, self.export_action,
                   self.print_action, self.quit_action, self.undo_action, self.redo_action, self.find_action,
                   self.settings_action, self.preview_action]  # fmt: skip
        sequences = [seq for action in actions for seq in action.shortcuts()]
        self.keys_first.set_sequences([*sequences, self.plan_panel.duplicate_shortcut.key()])
        self.keys_first.watch([*self.plan_panel.text_boxes(), self.library_panel.search])

    def _dialog_owner(self):  # -> QWidget
        """Where a dialog opens: on top of an open dialog (Find a plan prints from there), else the window."""
        from PySide6.QtWidgets import QApplication

        return QApplication.activeModalWidget() or self

    def _make_view_menu(self) -> None:
        self.preview_action = self._action("Show handout &preview", self.set_preview_visible, QKeySequence("F8"),
                                           "Hide the preview to give the plan more room on a small screen")  # fmt: skip
        self.preview_action.setCheckable(True)
        self.preview_action.setChecked(True)
        self._fill(self.menuBar().addMenu("&View"), [self.preview_action])

    def set_preview_visible(self, visible: bool) -> None:
        """Show or collapse the preview (remembered); the library and the plan take its room."""
        was_hidden = self.preview.isHidden()
        self.preview_action.setChecked(visible)
        self.preview.setVisible(visible)
        if visible and was_hidden:
            self.preview.schedule()  # it did not follow the edits while it was hidden

    def _fit_small_screens(self) -> None:
        """The preview's viewer asks for more width than a 1024-pixel screen can give beside the editor: it
        scrolls instead (the window's minimum width stays under 1000 pixels)."""
        self.preview.setMinimumWidth(150)

    def fit_to_screen(self, available: QRect) -> None:
        """The first start: the window fills the screen's free area (taskbar excluded), whatever its size, and
        the three panes share it. Later starts restore the window as it was left."""
        frame = QSize(0, 32)  # a title bar, which the window manager adds outside our size
        # Never below the window's minimum (kept within MINIMUM_WINDOW): asking for less made the platform and
        # the layout fight over the size, which starved the event loop on a very small screen.
        size = (available.size() - frame).expandedTo(MINIMUM_WINDOW)
        self.setGeometry(QRect(available.topLeft() + QPoint(0, frame.height()), size))
        width = size.width()
        self.splitter.setSizes([width * 28 // 100, width * 40 // 100, width * 32 // 100])

    @staticmethod
    def _fill(target, actions: list[QAction | None]) -> None:
        """Add actions to a menu or toolbar; None is a separator."""
        for action in actions:
            if action is None:
                target.addSeparator()
            else:
                target.addAction(action)

    def _restore_state(self) -> None:
        state = ui_settings()
        geometry = state.value("window/geometry")
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        else:
            screen = self.screen()
            self.fit_to_screen(screen.availableGeometry() if screen is not None else QRect(0, 0, 1366, 728))
        self.set_preview_visible(state.value("window/preview") != "hidden")
        for key, splitter in (("window/main-splitter", self.splitter),
                              ("window/plan-splitter", self.plan_panel.splitter),
                              ("window/library-splitter", self.library_panel.splitter)):  # fmt: skip
            saved = state.value(key)
            if isinstance(saved, QByteArray) and not saved.isEmpty():
                splitter.restoreState(saved)

    def _window_state(self) -> dict[str, QByteArray | str]:
        return {
            "window/geometry": self.saveGeometry(),
            "window/main-splitter": self.splitter.saveState(),
            "window/plan-splitter": self.plan_panel.splitter.saveState(),
            "window/library-splitter": self.library_panel.splitter.saveState(),
            "window/preview": "shown" if self.preview_action.isChecked() else "hidden",
        }

    def save_window_state(self) -> None:
        """Written only when the layout changed: most closes change nothing, and the config folder may roam."""
        state = ui_settings()
        current = self._window_state()
        if all(state.value(key) == value for key, value in current.items()):
            return
        for key, value in current.items():
            state.setValue(key, value)
        state.sync()

    def closeEvent(self, event) -> None:
        if not self.settle_unsaved():
            event.ignore()
            return
        self.autosave_timer.stop()
        self.autosave_max_timer.stop()
        if self._session is not None:  # never used: no lock and no autosave to leave
            self._session.close()
        self.save_window_state()
        super().closeEvent(event)

    # --- reactions --------------------------------------------------------------------------------------

    def _on_plan_changed(self) -> None:
        self._update_title()
        self.preview.schedule()
        self.session.edit(self.document.plan)
        if self.session.dirty:
            self.autosave_timer.start()  # restarted by every edit...
            if not self.autosave_max_timer.isActive():
                self.autosave_max_timer.start()  # ...but this one is not: steady editing is autosaved too

    def autosave_now(self) -> None:
        from hep_builder.core.session import Autosaved

        self.autosave_timer.stop()
        self.autosave_max_timer.stop()
        outcome = self.session.autosave()
        if outcome.kind is Autosaved.FAILED:
            self.statusBar().showMessage(outcome.message, 8000)

    def _show_session(self) -> None:
        """Show the session's plan: a fresh undo history; restored work shows as unsaved."""
        session = self.session
        self.document.replace_all(session.plan, session.path, read_only=session.read_only is not None)
        if session.dirty:
            self.document.undo_stack.resetClean()
        self._update_title()

    def settle_unsaved(self) -> bool:
        """Before the plan is left: Save / Don't save / Cancel. False means stay (cancelled, or not saved)."""
        if self._session is None or not self.session.dirty or self.session.read_only is not None:
            return True
        choice, _ = SaveChanges.run(self, self.document.plan.patient.name)
        if choice == "save":
            return self.save_plan()
        if choice == "discard":
            self.session.discard_changes()
            return True
        return False

    def offer(self, recovery: Recovery) -> bool:
        """Ask whether to restore autosaved work (a discard is asked once more). True when restored."""
        restore, _ = Question.run(self, "Restore unsaved changes?", recovery.question, "Restore", "Discard")
        if not restore:
            name = recovery.plan.patient.name.strip()
            sure, _ = Question.run(
                self, "Discard unsaved changes?",
                f"Discard the unsaved changes to {name + chr(39) + 's plan' if name else 'this plan'}? They cannot "
                "be brought back.", "Discard", "Keep them",
            )  # fmt: skip
            if sure:
                self.session.discard_recovery(recovery)
                return False
        self.session.recover(recovery)
        self._show_session()
        self.statusBar().showMessage("Unsaved changes restored: save the plan to keep them.", 6000)
        return True

    def start(self, plan: Path | None = None) -> bool:
        """At start-up: clean leftovers, then open ``plan`` (offering its unsaved work) or offer any unsaved
        work kept from a crash. True when a plan was opened or work restored."""
        recoveries = self.session.start()
        if plan is not None:
            return self.load_plan_file(plan)
        return self.offer_recovery(recoveries)

    def offer_recovery(self, recoveries: list[Recovery] | None = None) -> bool:
        """After a crash: offer unsaved plans back (newer than their files). True when one was restored."""
        for recovery in self.session.start() if recoveries is None else recoveries:
            if recovery.original is not None and self._in_store(recovery.original):
                if self.load_plan_file(recovery.original) and self.session.dirty:
                    return True  # opening it offered the work, and it was restored
                continue
            if self.offer(recovery):
                return True
        return False

    def _in_store(self, path: Path) -> bool:
        """Is this plan still there (a file, or a plan on the plans server)? Then its work is offered as it
        is opened, so that saving it replaces that plan instead of making a conflict copy."""
        try:
            return self.store.current_version(path) is not None
        except (OSError, ValueError):  # the server is away, or the name is not one of its plans
            return False

    def _on_clean_changed(self, _clean: bool) -> None:
        self._update_title()

    def _update_title(self) -> None:
        name = self.document.plan.patient.name.strip() or "New plan"  # only spaces: no name yet
        dirty = "" if self.document.undo_stack.isClean() else " *"
        read_only = " (read-only)" if self.document.read_only else ""
        self.setWindowTitle(f"{name}{dirty}{read_only} — HEP Builder")

    def _loaded_message(self) -> str:
        parts = [f"{len(self.library)} exercises loaded"]
        if self.library.problems:
            parts.append(f"{len(self.library.problems)} library problems")
        if self.setup_problems:
            parts.append(f"{len(self.setup_problems)} settings problems")
        if len(parts) > 1:
            parts.append("see Help > Problems")
        return " · ".join(parts)

    def show_problems(self) -> None:
        """What went wrong reading the settings, the clinic profile and the library files (nothing stopped)."""
        from hep_builder.pdf.logo import prepare_logo

        setup, library = list(self.setup_problems), self.library.problems
        logo = prepare_logo(self.profile.logo)
        if logo.problem and self.profile.logo is not None:
            setup.append(Problem(self.profile.logo, 0, logo.problem))
        if not setup and not library:
            Message.run(self, "Problems", f"Settings, clinic profile and all {len(self.library)} exercises loaded "
                        "without problems.", warning=False)  # fmt: skip
            return
        sections = []
        if setup:
            sections.append("Settings and clinic profile (the defaults were used where a value was bad):\n"
                            + "\n".join(str(p) for p in setup))  # fmt: skip
        if library:
            lines = "\n".join(str(p) for p in library[:40])
            more = f"\n… and {len(library) - 40} more (run 'hep-builder validate')" if len(library) > 40 else ""
            sections.append(f"{len(library)} problem(s) in the exercise library files. The exercises around them "
                            f"still loaded.\n{lines}{more}")  # fmt: skip
        Message.run(self, "Problems", "\n\n".join(sections))

    def show_about(self) -> None:
        Message.run(self, "About HEP Builder",
                    f"HEP Builder {__version__}\nHome exercise programs for {self.profile.name}.\n"
                    f"{len(self.library)} exercises · {self._plans_place()}", warning=False)  # fmt: skip

    def _plans_place(self) -> str:
        server = getattr(self.store, "server", None)
        folder = getattr(self.store, "folder", None)  # a folder store's; a server has none
        return f"plans server: {server.display}" if server is not None else f"plans folder: {folder}"

    def focus_search(self) -> None:
        self.library_panel.search.setFocus()
        self.library_panel.search.selectAll()

    def _wire_duplicates(self) -> None:
        """The library marks what the plan has; adding one again asks (Duplicate, for the other side, does not)."""
        self.plan_panel.model.confirm_add = self.confirm_duplicates
        self.document.items_changed.connect(self._mark_plan_in_library)
        self.document.plan_changed.connect(self._mark_plan_in_library)
        self._mark_plan_in_library()

    def _mark_plan_in_library(self) -> None:
        """Library rows say which exercises the plan has, and which break its hip precautions."""
        model = self.library_panel.model
        model.set_in_plan(frozenset(item.exercise_id for item in self.document.plan.items))
        model.set_precautions(self.document.plan.precautions)

    def confirm_duplicates(self, exercise_ids: list[str]) -> list[str]:
        """``exercise_ids`` to add, less those already in the plan unless the therapist says to add them again."""
        have = {item.exercise_id for item in self.document.plan.items}
        again = [i for i in dict.fromkeys(exercise_ids) if i in have and i in self.library]
        if not again:
            return exercise_ids
        names = [self.library[i].name for i in again]
        named = names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"
        verb = "is" if len(names) == 1 else "are"
        add, _ = Question.run(self, "Already in the plan",
                              f"{named} {verb} already in the plan. Add {'it' if len(names) == 1 else 'them'} again?\n"
                              "(For the other side, you can also select it in the plan and press Duplicate.)",
                              "Add again", "Don't add")  # fmt: skip
        return exercise_ids if add else [i for i in exercise_ids if i not in have]

    def add_exercises(self, exercise_ids: list[str]) -> None:
        before = len(self.document.plan.items)
        self.document.add_exercises(self.confirm_duplicates(exercise_ids))
        if len(self.document.plan.items) > before:
            self.plan_panel.select_row(len(self.document.plan.items) - 1)

    # --- commands ---------------------------------------------------------------------------------------

    def new_plan(self) -> bool:
        return self.start_new(self._blank_plan())

    def new_from_template(self, phase: int) -> bool:
        plan = template_plan(phase, self.library, Patient(""))
        if not self.start_new(replace(plan, location=self._blank_plan().location, layout=self.settings.layout)):
            return False
        self.statusBar().showMessage(f"New plan from the phase {phase} template: add the patient's name.", 5000)
        return True

    def start_new(self, plan: Plan) -> bool:
        """Leave the current plan (asking about unsaved changes) and start ``plan``, not yet saved."""
        if not self.settle_unsaved():
            return False
        self.session.new(plan)
        self._show_session()
        return True

    def progress_plan(self) -> None:
        self._step_plan(harder=True)

    def ease_plan(self) -> None:
        self._step_plan(harder=False)

    def _step_plan(self, *, harder: bool) -> None:
        phase = self.document.plan.phase
        swaps = self.document.progress() if harder else self.document.ease()
        self.statusBar().showMessage(step_message(swaps, harder, phase, self.document.plan.phase), 15000)

    def open_plan(self) -> None:
        if not self.settle_unsaved():
            return
        path, accepted = OpenPlanDialog.run(self, self.settings.plans_path)
        if accepted and path:
            self.load_plan_file(path)

    def load_plan_file(self, path: Path) -> bool:
        """Open a plan file (any path that opens a plan comes here): lock it, or say why it is read-only,
        and offer its unsaved work when an autosave is newer than the file."""
        from hep_builder.core.session import OpenFailed, ReadOnly

        if not self.settle_unsaved():
            return False
        outcome = self.session.open(path)
        if isinstance(outcome, OpenFailed):
            Message.run(self, "Cannot open plan", outcome.message)
            return False
        if outcome.read_only is ReadOnly.IN_USE:
            where = outcome.holder.describe() if outcome.holder else "another PC"
            take_over, _ = Question.run(
                self, "Plan in use",
                f"This plan is open on another PC ({where}). Open it read-only, or take it over "
                "(only if that PC is no longer using it)?",
                "Take over", "Read-only",
            )  # fmt: skip
            if take_over:
                outcome = self.session.take_over()
        self._show_session()
        self._explain(outcome)
        if outcome.recovery is not None:
            self.offer(outcome.recovery)
        return True

    def _explain(self, outcome: Opened) -> None:
        from hep_builder.core.session import ReadOnly

        for message in outcome.messages:
            Message.run(self, "About this plan", message, warning=False)
        if outcome.read_only is ReadOnly.NO_LOCK:
            Message.run(self, "Opened read-only", outcome.reason)
        elif outcome.read_only is ReadOnly.IN_USE:
            self.statusBar().showMessage(outcome.reason, 8000)

    def save_plan(self) -> bool:
        from hep_builder.core.session import Saved

        self.session.edit(self.document.plan)
        outcome = self.session.save()
        if outcome.kind is Saved.READ_ONLY:
            Message.run(self, "Read-only plan", outcome.message)
            return False
        if outcome.kind is Saved.FAILED:
            Message.run(self, "Plan not saved", outcome.message)
            return False
        if outcome.kind is Saved.CONFLICT_COPY:
            Message.run(self, "Saved as a copy", outcome.message)
        self.autosave_timer.stop()
        self.autosave_max_timer.stop()
        self.document.plan = self.session.plan  # the saved time is not an edit: no undo step
        self.document.path = self.session.path
        self.document.undo_stack.setClean()
        if outcome.kind is Saved.SAVED:
            self.statusBar().showMessage(saved_message(self.session.plan), 4000)  # the patient, not the file
        return True

    def _save_first(self) -> bool:
        """Export and Print save first: a printed plan is always in the plans folder."""
        session = self.session
        if session.read_only is not None:
            return session.path is not None  # read-only plans are in the folder as they are
        if session.path is not None and not session.dirty:
            return True
        return self.save_plan()

    def build_pdf(self) -> bytes:
        return self.preview_job()()

    def preview_job(self) -> Callable[[], bytes]:
        """The handout of the plan as it is now, to build on any thread (the live preview's worker)."""
        plan = self.document.plan
        if not plan.patient.name.strip():  # the preview still shows something useful
            plan = replace(plan, patient=replace(plan.patient, name="(patient name)"))
        library, profile, paper = self.library, self.profile, plan.paper or self.settings.paper

        def build() -> bytes:
            from hep_builder.pdf.handout import build_handout  # ReportLab loads on first use, not at start-up

            with BUILD_LOCK:  # one ReportLab build at a time: the preview's worker and an export
                return build_handout(plan, library, profile, layout=plan.layout, paper=paper)

        return build

    def _ready_to_output(self) -> bool:
        if not self.document.plan.patient.name.strip():
            Message.run(self, "Patient name needed", "Add the patient's name before printing or exporting.")
            self.plan_panel.header.patient.setFocus()
            return False
        if not self.document.plan.items:
            Message.run(self, "No exercises", "Add at least one exercise to the plan first.")
            return False
        return True

    def export_pdf(self) -> Path | None:
        if not self._ready_to_output() or not self._save_first():
            return None
        return self.export_bytes(self.build_pdf(), self.document.plan.modified.strftime("%Y-%m-%d"))

    def export_bytes(self, data: bytes, day: str) -> Path | None:
        """Ask where, then write ``data``; the folder is remembered (no patient name in the suggestion)."""
        state = ui_settings()
        folder = Path(str(state.value("export/folder", str(Path.home()))))
        path, accepted = SavePdfDialog.run(self._dialog_owner(), folder / f"Home exercises {day}.pdf")
        if not accepted or path is None:
            return None
        from hep_builder.core.planfile import write_atomic

        try:
            write_atomic(path, data)
        except OSError as exc:
            Message.run(self._dialog_owner(), "PDF not saved", f"The PDF could not be written ({exc.strerror or exc}).")
            return None
        state.setValue("export/folder", str(path.parent))
        self.statusBar().showMessage(f"Exported {path.name}", 4000)
        return path

    def print_handout(self) -> bool:
        if not self._ready_to_output() or not self._save_first():
            return False
        return self.print_bytes(self.build_pdf())

    def print_bytes(self, data: bytes) -> bool:
        from PySide6.QtPrintSupport import QPrinter

        from hep_builder.ui.printing import prepare_printer, print_pdf, remember_choices, restore_choices

        state = ui_settings()
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        restore_choices(printer, state)
        prepare_printer(printer, data)  # the handout's own paper and orientation, shown in the dialog
        printer, accepted = PrintDialog.run(self._dialog_owner(), printer)
        if not accepted:
            return False
        try:
            pages = print_pdf(data, printer)
        except OSError as exc:
            Message.run(self._dialog_owner(), "Not printed", str(exc))
            return False
        remember_choices(printer, state)
        self.statusBar().showMessage(f"Sent {pages} pages to the printer", 4000)
        return True

    def pdf_of_file(self, path: Path) -> bytes:
        """The handout of a saved plan exactly as saved (reprinting never changes the plan)."""
        from hep_builder.pdf.handout import build_handout

        plan = self.store.read(path).loaded.plan  # a file, or a plan on the plans server (or this PC's copy)
        with BUILD_LOCK:  # the live preview may be building in its worker
            return build_handout(plan, self.library, self.profile, layout=plan.layout,
                                 paper=plan.paper or self.settings.paper)  # fmt: skip

    def edit_settings(self) -> bool:
        from hep_builder.ui.settings_dialog import SettingsDialog

        values, accepted = SettingsDialog.run(self, self.settings, self.profile)
        if not accepted or values is None:
            return False
        settings, profile = values
        try:
            save_settings(settings)
            save_profile(profile)
        except OSError as exc:
            Message.run(self, "Settings not saved", f"The settings could not be saved ({exc.strerror or exc}).")
            return False
        self.settings, self.profile = settings, profile
        self.setup_problems = []  # both were just written whole
        self.store = self._open_store()  # the plans folder may have moved; an open plan stays where it is
        self.plan_panel.header.set_locations(profile)
        self.preview.schedule()
        self.statusBar().showMessage("Settings saved", 4000)
        return True

    def find_plan(self) -> None:
        from hep_builder.core.pg_store import PgStore  # no psycopg until a server is asked
        from hep_builder.core.plan_store import PlanStore
        from hep_builder.ui.find_plan import FindPlanDialog

        store = self.store
        assert isinstance(store, PlanStore | PgStore)  # what _open_store makes: Find lists a folder or asks a server
        path, accepted = FindPlanDialog.run(
            self, store, self.pdf_of_file, self.print_bytes,
            lambda data, row: self.export_bytes(data, row.modified[:10]),
        )  # fmt: skip
        if accepted and path is not None:
            self.load_plan_file(path)  # asks about unsaved changes first
