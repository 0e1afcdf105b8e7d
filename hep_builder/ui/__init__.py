"""Everything PySide6: the desktop application."""

from hep_builder.ui.none_guard import protect_none

protect_none()
