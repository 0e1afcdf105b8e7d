"""An optional date in the window: a check (box or menu action) that turns on a date box (ui layer).

The plan's next visit and the precautions' end date work the same way, so they share these three helpers."""

from __future__ import annotations

from datetime import date
from typing import Protocol, cast

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QDateEdit


class Checkable(Protocol):
    def isChecked(self) -> bool: ...
    def setChecked(self, checked: bool) -> None: ...


def date_box(accessible_name: str, display_format: str) -> QDateEdit:
    box = QDateEdit()
    box.setCalendarPopup(True)
    box.setAccessibleName(accessible_name)
    box.setDisplayFormat(display_format)
    return box


def chosen_date(check: Checkable, box: QDateEdit) -> date | None:
    """The date in ``box`` when ``check`` is on, else None."""
    # QDate.toPython() gives a datetime.date; the stubs say object.
    return cast(date, box.date().toPython()) if check.isChecked() else None


def show_date(check: Checkable, box: QDateEdit, value: date | None) -> None:
    """Show ``value`` (None: unchecked, the box off and showing today, ready to be picked)."""
    check.setChecked(value is not None)
    box.setEnabled(value is not None)
    when = value or date.today()
    box.setDate(QDate(when.year, when.month, when.day))
