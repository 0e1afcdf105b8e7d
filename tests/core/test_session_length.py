"""The session-length estimate: each part of a dose counts, and the total is rounded honestly."""

from __future__ import annotations

from hep_builder.core.exercise import Dosage
from hep_builder.core.session_length import (
    DEFAULT_REST_SECONDS,
    SECONDS_PER_REP,
    SETUP_SECONDS,
    exercise_seconds,
    session_minutes,
    session_seconds,
)


def test_reps_sets_holds_rests_durations_and_sides_each_count() -> None:
    reps = Dosage(sets=2, reps=10)
    assert exercise_seconds(reps) == SETUP_SECONDS + 2 * 10 * SECONDS_PER_REP + DEFAULT_REST_SECONDS
    held_reps = Dosage(sets=1, reps=5, hold_seconds=10)
    assert exercise_seconds(held_reps) == SETUP_SECONDS + 5 * (SECONDS_PER_REP + 10)
    holds = Dosage(sets=3, hold_seconds=30, rest_seconds=0)
    assert exercise_seconds(holds) == SETUP_SECONDS + 90
    bouts = Dosage(sets=4, duration_seconds=20, rest_seconds=60)
    assert exercise_seconds(bouts) == SETUP_SECONDS + 80 + 3 * 60
    walk = Dosage(duration_seconds=600)
    assert exercise_seconds(walk) == SETUP_SECONDS + 600
    each = Dosage(sets=3, hold_seconds=30, rest_seconds=0, side="each")
    assert exercise_seconds(each) == SETUP_SECONDS + 2 * 90
    assert exercise_seconds(Dosage(sets=3, hold_seconds=30, rest_seconds=0, side="left")) == SETUP_SECONDS + 90


def test_a_dose_with_nothing_to_count_still_takes_time() -> None:
    assert exercise_seconds(Dosage()) == SETUP_SECONDS + 60


def test_session_minutes_round_to_five_and_never_to_zero() -> None:
    assert session_minutes([]) == 0
    assert session_minutes([Dosage(reps=1)]) == 5  # 23 s is still "about 5 minutes"
    doses = [Dosage(sets=2, reps=10)] * 7  # 7 x 95 s = 665 s, about 11 minutes
    assert session_seconds(doses) == 665
    assert session_minutes(doses) == 10
    assert session_minutes([Dosage(duration_seconds=1200)]) == 20
