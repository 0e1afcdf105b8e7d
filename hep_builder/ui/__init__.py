"""Everything PySide6: the desktop application."""
