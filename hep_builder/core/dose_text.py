"""A dose in plain words for patients: "2 sets of 10 · hold 5 seconds · once a day" (core layer)."""

from __future__ import annotations

from hep_builder.core.exercise import Dosage

SIDE_WORDS = {
    "both": "both legs together",
    "each": "each side",
    "left": "left side only",
    "right": "right side only",
    "alternate": "switch sides each time",
}
TIMES_A_DAY = {1: "once a day", 2: "twice a day"}


def seconds_words(seconds: int) -> str:
    if seconds >= 60 and seconds % 60 == 0:
        minutes = seconds // 60
        return f"{minutes} minute{'s' if minutes != 1 else ''}"
    if seconds > 90:
        minutes, rest = divmod(seconds, 60)
        return f"{minutes} min {rest} s"
    return f"{seconds} second{'s' if seconds != 1 else ''}"


def dose_parts(dose: Dosage) -> list[str]:
    """The dose as short plain phrases, most important first."""
    parts: list[str] = []
    if dose.sets and dose.reps:
        parts.append(f"{dose.sets} set{'s' if dose.sets != 1 else ''} of {dose.reps}")
    elif dose.reps:
        parts.append(f"{dose.reps} time{'s' if dose.reps != 1 else ''}")
    elif dose.sets and not dose.hold_seconds and not dose.duration_seconds:
        parts.append(f"{dose.sets} set{'s' if dose.sets != 1 else ''}")
    if dose.hold_seconds:
        hold = f"hold {'each ' if dose.reps else ''}{seconds_words(dose.hold_seconds)}"
        if dose.sets and not dose.reps:
            hold = f"{dose.sets} hold{'s' if dose.sets != 1 else ''} of {seconds_words(dose.hold_seconds)}"
        parts.append(hold)
    if dose.duration_seconds:
        prefix = f"{dose.sets} × " if dose.sets and not dose.reps and not dose.hold_seconds else ""
        parts.append(f"{prefix}{seconds_words(dose.duration_seconds)}")
    if dose.side:
        parts.append(SIDE_WORDS.get(dose.side, dose.side))
    if dose.rest_seconds:
        parts.append(f"rest {seconds_words(dose.rest_seconds)} between sets")
    if dose.resistance:
        parts.append(f"use: {dose.resistance}")
    if dose.tempo:
        parts.append(f"pace: {dose.tempo}")
    if dose.times_per_day:
        parts.append(TIMES_A_DAY.get(dose.times_per_day, f"{dose.times_per_day} times a day"))
    if dose.days_per_week:
        parts.append("every day" if dose.days_per_week == 7 else f"{dose.days_per_week} days a week")
    return parts


def dose_sentence(dose: Dosage) -> str:
    parts = dose_parts(dose)
    return " · ".join(parts) if parts else "As your therapist showed you"
