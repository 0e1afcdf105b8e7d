"""What the program reads before it shows its window: settings, exercise library, clinic profile (core layer).

The GUI calls this before it imports Qt, so a problem here is known before any window exists, and these
modules load before PySide6 hooks the import system (it reads the source of every module imported after
it, looking for its ``__feature__`` switch: a small cost per module, but one start-up need not pay). The
plain-Python modules the window uses are imported here for the same reason.
"""

from __future__ import annotations

from typing import NamedTuple

# Imported for the window (see above): the plan model, the search and the dose wording it shows.
from hep_builder.core import dose_text, plan, search, templates  # noqa: F401
from hep_builder.core.clinic import ClinicProfile, load_profile
from hep_builder.core.library import Library, load_default_library
from hep_builder.core.problems import Problem
from hep_builder.core.settings import Settings, load_settings


class StartData(NamedTuple):  # a NamedTuple: a dataclass costs ~1 ms to create, this ~0.1 ms
    settings: Settings
    library: Library
    profile: ClinicProfile
    problems: tuple[Problem, ...]  # settings and profile problems (library problems stay with the library)


def load_start_data() -> StartData:
    settings, settings_problems = load_settings()
    library = load_default_library(settings.clinic_library_path)
    profile, profile_problems = load_profile()
    return StartData(settings, library, profile, (*settings_problems, *profile_problems))
