"""About how long one session of a plan takes, estimated from the doses (core layer).

A session is every exercise of the plan done once. Each exercise costs: getting into position, then per set
its reps at a steady pace (plus any hold on each rep), or its holds, or its timed bouts; a rest between sets;
all of it twice when the dose is "each side". The patient reads the rounded result ("about 15 minutes").
"""

from __future__ import annotations

import math
from collections.abc import Iterable

from hep_builder.core.exercise import Dosage

SECONDS_PER_REP = 3  # one controlled repetition: up, down, breathe
SETUP_SECONDS = 20  # getting into position, picking up a band
DEFAULT_REST_SECONDS = 15  # between sets, when the dose names no rest
ROUND_TO_MINUTES = 5


def exercise_seconds(dose: Dosage) -> int:
    """Seconds one exercise takes once, by its dose (a dose with nothing countable takes one minute)."""
    sets = dose.sets or 1
    per_set = 0
    if dose.reps:
        per_set += dose.reps * (SECONDS_PER_REP + (dose.hold_seconds or 0))
    elif dose.hold_seconds:
        per_set += dose.hold_seconds
    if dose.duration_seconds:
        per_set += dose.duration_seconds
    if not per_set:
        return SETUP_SECONDS + 60
    rest = dose.rest_seconds if dose.rest_seconds is not None else DEFAULT_REST_SECONDS
    sides = 2 if dose.side == "each" else 1
    return SETUP_SECONDS + sides * (sets * per_set + (sets - 1) * rest)


def session_seconds(doses: Iterable[Dosage]) -> int:
    return sum(exercise_seconds(dose) for dose in doses)


def session_minutes(doses: Iterable[Dosage]) -> int:
    """The session in whole minutes, rounded to the nearest 5 (never less than 5): an honest "about"."""
    minutes = session_seconds(doses) / 60
    if minutes <= 0:
        return 0
    return max(ROUND_TO_MINUTES, ROUND_TO_MINUTES * math.floor(minutes / ROUND_TO_MINUTES + 0.5))
