"""Thin dialogs: each runs exec() and returns (value, accepted), so tests can patch them (ui layer).

The Qt dialog classes load on first use: creating their Python types (and their enums) costs start-up time.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget


class SavePdfDialog:
    @classmethod
    def run(cls, parent: QWidget, suggested: Path) -> tuple[Path | None, bool]:
        from PySide6.QtWidgets import QFileDialog

        dialog = QFileDialog(parent, "Export handout as PDF", str(suggested), "PDF files (*.pdf)")
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setDefaultSuffix("pdf")
        dialog.selectFile(str(suggested))
        accepted = dialog.exec() == QFileDialog.DialogCode.Accepted
        files = dialog.selectedFiles()
        return (Path(files[0]) if accepted and files else None), accepted


class OpenPlanDialog:
    @classmethod
    def run(cls, parent: QWidget, folder: Path) -> tuple[Path | None, bool]:
        from PySide6.QtWidgets import QFileDialog

        dialog = QFileDialog(parent, "Open plan", str(folder), "Home exercise plans (*.hepplan)")
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        accepted = dialog.exec() == QFileDialog.DialogCode.Accepted
        files = dialog.selectedFiles()
        return (Path(files[0]) if accepted and files else None), accepted


class PrintDialog:
    @classmethod
    def run(cls, parent: QWidget, printer):  # -> tuple[QPrinter, bool]; QtPrintSupport loads on first print
        from PySide6.QtPrintSupport import QPrintDialog

        dialog = QPrintDialog(printer, parent)
        dialog.setWindowTitle("Print handout")
        return printer, dialog.exec() == QPrintDialog.DialogCode.Accepted


class Message:
    @classmethod
    def run(cls, parent: QWidget | None, title: str, text: str, *, warning: bool = True) -> tuple[None, bool]:
        from PySide6.QtWidgets import QMessageBox

        box = QMessageBox(QMessageBox.Icon.Warning if warning else QMessageBox.Icon.Information, title, text,
                          QMessageBox.StandardButton.Ok, parent)  # fmt: skip
        box.exec()
        return None, True


class Question:
    @classmethod
    def run(cls, parent: QWidget, title: str, text: str, yes: str, no: str) -> tuple[bool, bool]:
        """Ask; returns (yes chosen, accepted)."""
        from PySide6.QtWidgets import QMessageBox

        box = QMessageBox(QMessageBox.Icon.Question, title, text, QMessageBox.StandardButton.NoButton, parent)
        yes_button = box.addButton(yes, QMessageBox.ButtonRole.AcceptRole)
        box.addButton(no, QMessageBox.ButtonRole.RejectRole)
        box.exec()
        return box.clickedButton() is yes_button, True


class PopupMenu:
    @classmethod
    def run(cls, menu, global_pos) -> tuple[None, bool]:  # a QMenu at a QPoint
        menu.exec(global_pos)
        return None, True


class SaveChanges:
    """Unsaved changes before the plan is left: "save", "discard" or "cancel"."""

    @classmethod
    def run(cls, parent: QWidget, name: str) -> tuple[str, bool]:
        from PySide6.QtWidgets import QMessageBox

        whose = f"{name}'s plan" if name.strip() else "this plan"
        box = QMessageBox(QMessageBox.Icon.Question, "Save changes?", f"Save the changes to {whose}?",
                          QMessageBox.StandardButton.NoButton, parent)  # fmt: skip
        save = box.addButton("Save", QMessageBox.ButtonRole.AcceptRole)
        discard = box.addButton("Don't save", QMessageBox.ButtonRole.DestructiveRole)
        box.addButton("Cancel", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(save)
        box.exec()
        clicked = box.clickedButton()
        choice = "save" if clicked is save else "discard" if clicked is discard else "cancel"
        return choice, choice != "cancel"
