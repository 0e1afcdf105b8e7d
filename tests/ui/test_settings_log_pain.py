"""The daily log's pain row is switched in the settings' clinic profile, and the choice is saved."""

from __future__ import annotations

import hep_builder.ui.settings_dialog as settings_dialog


def test_pain_row_checkbox_saves_log_pain_in_the_clinic_profile(window, qtbot, isolated_dirs, monkeypatch) -> None:
    from hep_builder.core.clinic import load_profile

    dialog = settings_dialog.SettingsDialog(window.settings, window.profile)
    qtbot.addWidget(dialog)
    assert dialog.log_pain.isChecked()  # on by default
    dialog.log_pain.setChecked(False)
    values = dialog.values()
    assert values[1].log_pain is False
    monkeypatch.setattr(settings_dialog.SettingsDialog, "run", classmethod(lambda cls, *a: (values, True)))
    assert window.edit_settings()
    saved = load_profile()[0]
    assert saved.log_pain is False and "log_pain: false" in (isolated_dirs["config"] / "clinic.yaml").read_text()
    again = settings_dialog.SettingsDialog(window.settings, saved)
    qtbot.addWidget(again)
    assert not again.log_pain.isChecked()
