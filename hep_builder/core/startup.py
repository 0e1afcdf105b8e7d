"""What the program reads before it shows its window: settings, exercise library, clinic profile (core layer).

The GUI calls this before it imports Qt, so a problem here is known before any window exists. (It used to
import the window's plain-Python modules early too, ahead of PySide6's import hook; an A/B over 21 runs showed
no gain, 189 vs 190 ms, so they load where they are used.)
"""

from __future__ import annotations

from typing import NamedTuple

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
