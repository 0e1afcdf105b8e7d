"""The admin's settings: clinic profile, plans folder, clinic library, default paper and layout (ui layer)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from hep_builder.core.clinic import ClinicProfile, Location
from hep_builder.core.plan import LAYOUTS, PAPERS
from hep_builder.core.settings import Settings

LOCATION_COLUMNS = ("Key", "Name", "Phone", "Address")


class SettingsDialog(QDialog):
    def __init__(self, settings: Settings, profile: ClinicProfile, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Settings")
        self.settings = settings
        self.profile = profile
        self.clinic_name = QLineEdit(profile.name)
        self.clinic_name.setAccessibleName("Clinic name")
        self.logo = QLineEdit(str(profile.logo or ""))
        self.logo.setAccessibleName("Logo file (PNG or JPEG)")
        self.locations = QTableWidget(0, len(LOCATION_COLUMNS))
        self.locations.setHorizontalHeaderLabels(LOCATION_COLUMNS)
        self.locations.setAccessibleName("Clinic locations")
        self.locations.horizontalHeader().setStretchLastSection(True)
        for location in profile.locations:
            self.add_location(location)
        add, remove = QPushButton("Add location"), QPushButton("Remove location")
        add.clicked.connect(lambda: self.add_location(None))
        remove.clicked.connect(lambda: self.locations.removeRow(self.locations.currentRow()))
        self.plans_dir = QLineEdit(settings.plans_dir, placeholderText=str(settings.plans_path))
        self.plans_dir.setAccessibleName("Plans folder")
        self.library_dir = QLineEdit(settings.clinic_library_dir, placeholderText="none")
        self.library_dir.setAccessibleName("Clinic library folder")
        self.paper = QComboBox()
        for paper in PAPERS:
            self.paper.addItem(paper.upper() if paper == "a4" else paper.capitalize(), paper)
        self.paper.setCurrentIndex(self.paper.findData(settings.paper))
        self.layout_box = QComboBox()
        for layout in LAYOUTS:
            self.layout_box.addItem(layout.replace("-", " ").capitalize(), layout)
        self.layout_box.setCurrentIndex(self.layout_box.findData(settings.layout))
        self.log_pain = QCheckBox("Pain row (0-10) in the daily log")
        self.log_pain.setChecked(profile.log_pain)
        self.error = QLabel()
        self.error.setStyleSheet("color: #a00000")

        clinic = QGroupBox("Clinic (printed on every handout)")
        clinic_form = QFormLayout(clinic)
        clinic_form.addRow("Name", self.clinic_name)
        clinic_form.addRow("Logo", self.logo)
        clinic_form.addRow(self.locations)
        row = QHBoxLayout()
        row.addWidget(add)
        row.addWidget(remove)
        row.addStretch(1)
        clinic_form.addRow(row)
        clinic_form.addRow(self.log_pain)
        folders = QGroupBox("Folders and defaults")
        folders_form = QFormLayout(folders)
        folders_form.addRow("Plans folder (may be shared)", self.plans_dir)
        folders_form.addRow("Clinic library folder", self.library_dir)
        folders_form.addRow("Paper", self.paper)
        folders_form.addRow("Layout", self.layout_box)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(clinic)
        layout.addWidget(folders)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.resize(720, 560)

    def add_location(self, location: Location | None) -> None:
        row = self.locations.rowCount()
        self.locations.insertRow(row)
        values = (location.key, location.name, location.phone, location.address) if location else ("", "", "", "")
        for column, value in enumerate(values):
            self.locations.setItem(row, column, QTableWidgetItem(value))

    def values(self) -> tuple[Settings, ClinicProfile]:
        """The edited settings and profile; raises ValueError with a message for the admin."""
        name = self.clinic_name.text().strip()
        if not name:
            raise ValueError("The clinic needs a name.")
        locations = []
        for row in range(self.locations.rowCount()):
            cells = [(self.locations.item(row, c).text().strip() if self.locations.item(row, c) else "")
                     for c in range(len(LOCATION_COLUMNS))]  # fmt: skip
            if not any(cells):
                continue
            key, location_name, phone, address = cells
            if not key or not location_name or not phone:
                raise ValueError(f"Location {row + 1} needs a key, a name and a phone number.")
            locations.append(Location(key, location_name, phone, address))
        if not locations:
            raise ValueError("Add at least one location with its phone number: it prints on every page.")
        if len({loc.key for loc in locations}) != len(locations):
            raise ValueError("Each location needs its own key.")
        logo = self.logo.text().strip()
        profile = ClinicProfile(name, tuple(locations), Path(logo) if logo else None, self.profile.website,
                                log_pain=self.log_pain.isChecked())  # fmt: skip
        settings = replace(
            self.settings,
            plans_dir=self.plans_dir.text().strip(),
            clinic_library_dir=self.library_dir.text().strip(),
            paper=self.paper.currentData(),
            layout=self.layout_box.currentData(),
        )
        return settings, profile

    def _accept(self) -> None:
        try:
            self.values()
        except ValueError as exc:
            self.error.setText(str(exc))
            return
        self.accept()

    @classmethod
    def run(cls, parent: QWidget, settings: Settings, profile: ClinicProfile):
        dialog = cls(settings, profile, parent)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        return (dialog.values() if accepted else None), accepted
