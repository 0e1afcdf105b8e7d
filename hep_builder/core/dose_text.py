"""A dose in plain words for patients: "2 sets of 10 · hold 5 seconds · once a day" (core layer).

Every phrase goes through the patient's language (``core.i18n``): whole phrases with named places, so a
translation can put the number where its grammar wants it ("2 series de 10 · mantenga 5 segundos").
"""

from __future__ import annotations

from hep_builder.core.exercise import Dosage
from hep_builder.core.i18n import ENGLISH, N_, Translator

SIDE_WORDS = {
    "both": N_("both legs together"),
    "each": N_("each side"),
    "left": N_("left side only"),
    "right": N_("right side only"),
    "alternate": N_("switch sides each time"),
}
# The library's own resistance words; anything else (what a therapist types) prints as typed.
RESISTANCE_WORDS = (
    N_("light band"), N_("medium band"), N_("heavy band"), N_("10 lb"), N_("5 lb each hand"), N_("10 lb each hand"),
    N_("no weight"),
    # The band colours therapists type most often, so a Spanish sheet says "liga verde".
    N_("yellow band"), N_("red band"), N_("green band"), N_("blue band"), N_("black band"),
)  # fmt: skip
# A bare weight says what it is ("use: 10 lb" left the patient asking "10 lb of what?").
WEIGHT_WORDS = {
    "10 lb": N_("a 10 lb weight"),
    "5 lb each hand": N_("a 5 lb weight in each hand"),
    "10 lb each hand": N_("a 10 lb weight in each hand"),
}


def resistance_words(resistance: str, tr: Translator = ENGLISH) -> str:
    """The resistance in the patient's words: a bare weight as "a 10 lb weight", the library's and the common
    band words in the patient's language, anything else as typed."""
    text = resistance.strip()
    if text in WEIGHT_WORDS:
        return tr(WEIGHT_WORDS[text])
    number = text[: -len(" lb")] if text.endswith(" lb") else ""
    if number.isdigit():
        return tr.format("a {n} lb weight", n=number)
    return tr(text)


def seconds_words(seconds: int, tr: Translator = ENGLISH) -> str:
    if seconds >= 60 and seconds % 60 == 0:
        minutes = seconds // 60
        return tr.plural("{n} minute", "{n} minutes", minutes).format(n=minutes)
    if seconds > 90:
        minutes, rest = divmod(seconds, 60)
        return tr.format("{minutes} min {seconds} s", minutes=minutes, seconds=rest)
    return tr.plural("{n} second", "{n} seconds", seconds).format(n=seconds)


def dose_parts(dose: Dosage, tr: Translator = ENGLISH) -> list[str]:
    """The dose as short plain phrases, most important first."""
    parts: list[str] = []
    if dose.sets and dose.reps:
        sets = tr.plural("{sets} set of {reps}", "{sets} sets of {reps}", dose.sets)
        parts.append(sets.format(sets=dose.sets, reps=dose.reps))
    elif dose.reps:
        parts.append(tr.plural("{n} time", "{n} times", dose.reps).format(n=dose.reps))
    elif dose.sets and not dose.hold_seconds and not dose.duration_seconds:
        parts.append(tr.plural("{n} set", "{n} sets", dose.sets).format(n=dose.sets))
    if dose.hold_seconds:
        held = seconds_words(dose.hold_seconds, tr)
        if dose.sets and not dose.reps:
            hold = tr.plural("{n} hold of {time}", "{n} holds of {time}", dose.sets).format(n=dose.sets, time=held)
        elif dose.reps:
            hold = tr.format("hold each {time}", time=held)
        else:
            hold = tr.format("hold {time}", time=held)
        parts.append(hold)
    if dose.duration_seconds:
        prefix = f"{dose.sets} × " if dose.sets and not dose.reps and not dose.hold_seconds else ""
        parts.append(f"{prefix}{seconds_words(dose.duration_seconds, tr)}")
    if dose.rest_seconds:
        parts.append(tr.format("rest {time} between sets", time=seconds_words(dose.rest_seconds, tr)))
    if dose.resistance:
        parts.append(tr.format("use: {resistance}", resistance=resistance_words(dose.resistance, tr)))
    if dose.tempo:
        parts.append(tr.format("pace: {tempo}", tempo=dose.tempo))
    if dose.times_per_day:
        parts.append(_times_a_day(dose.times_per_day, tr))
    if dose.days_per_week:
        days = dose.days_per_week
        week = tr.plural("{n} day a week", "{n} days a week", days).format(n=days)
        parts.append(tr("every day") if days == 7 else week)
    if dose.side:  # last: "2 series de 10 · ... · 5 días a la semana · cada lado"
        parts.append(tr(SIDE_WORDS[dose.side]) if dose.side in SIDE_WORDS else dose.side)
    return parts


def _times_a_day(times: int, tr: Translator) -> str:
    if times == 1:
        return tr("once a day")
    if times == 2:
        return tr("twice a day")
    return tr.plural("{n} time a day", "{n} times a day", times).format(n=times)


def dose_sentence(dose: Dosage, tr: Translator = ENGLISH) -> str:
    parts = dose_parts(dose, tr)
    return " · ".join(parts) if parts else tr("As your therapist showed you")
