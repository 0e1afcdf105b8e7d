from __future__ import annotations

import pytest

from hep_builder.core.clinic import load_profile
from hep_builder.core.settings import Settings


@pytest.fixture
def window(qtbot, bundled_library):
    from hep_builder.ui.main_window import MainWindow

    main = MainWindow(bundled_library, load_profile()[0], Settings())
    qtbot.addWidget(main)
    main.preview.timer.stop()
    return main


@pytest.fixture
def document(qapp, bundled_library):
    from hep_builder.ui.document import PlanDocument

    return PlanDocument(bundled_library)
