"""Hip precautions: the rules a plan may carry, their wording, and which plan items break them (core layer).

A plan's ``precautions`` name the rules the patient lives under (after surgery, or a weight-bearing limit);
each exercise's ``precautions`` tags name the rules it breaks. This module holds the wording for both
readers: plain words for the patient ("Do not bend your hip past a right angle (90°)") and a short reason
for the therapist ("Bends the hip past 90°: not allowed after a hip replacement from the back").

Unknown is not the same as none: a plan with no precautions says nothing about them (every caution prints),
while ``none`` means the therapist confirmed there are none (no surgery-specific caution prints).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from hep_builder.core.exercise import Exercise
from hep_builder.core.i18n import ENGLISH, N_, Translator
from hep_builder.core.textio import short

if TYPE_CHECKING:
    from hep_builder.core.library import Library
    from hep_builder.core.plan import Plan

NONE = "none"
AFFECTED_SIDES = ("left", "right")


@dataclass(frozen=True)
class Precaution:
    """One rule: its id, its menu label, what the patient reads and what a conflict tells the therapist."""

    id: str
    label: str  # the therapist's menu: short and exact
    patient: tuple[str, ...]  # plain rules for the handout; "{leg}" is "your left leg" or "your sore leg"
    conflict: str  # why an exercise breaks it, for the therapist


PRECAUTION_LIST: tuple[Precaution, ...] = (
    Precaution(
        "posterior-hip-replacement",
        "Hip replacement from the back (posterior)",
        (
            N_("Do not bend your hip past a right angle (90°)."),
            N_("Do not cross your legs or ankles."),
            N_("Do not turn {leg} or foot inward."),
        ),
        "Bends the hip past 90°, crosses the midline or turns the hip in: not allowed after a hip replacement "
        "from the back",
    ),
    Precaution(
        "anterior-hip-replacement",
        "Hip replacement from the front (anterior)",
        (
            N_("Do not stretch {leg} far back behind you."),
            N_("Do not turn {leg} or foot out."),
        ),
        "Takes the hip back and turns it out at the end of its range: not allowed after a hip replacement "
        "from the front",
    ),
    Precaution(
        "hip-arthroscopy",
        "Hip arthroscopy (scope)",
        (
            N_("Do not bend or turn your hip as far as it will go."),
            N_("No running, jumping or hopping until your surgeon says so."),
        ),
        "Bends or turns the hip to the end of its range, or jars it: not allowed soon after hip arthroscopy",
    ),
    Precaution(
        "non-weight-bearing",
        "Non-weight-bearing",
        (N_("Do not put any weight on {leg}. Keep that foot off the floor."),),
        "Puts weight on the affected leg: not allowed while non-weight-bearing",
    ),
    Precaution(
        "toe-touch-weight-bearing",
        "Toe-touch weight-bearing",
        (N_("Put only your toes down on {leg}, for balance. Do not stand on it."),),
        "Stands on the affected leg: only toe-touch weight-bearing is allowed",
    ),
    Precaution(
        "partial-weight-bearing",
        "Partial weight-bearing",
        (N_("Put only part of your weight on {leg}. Use your walker or crutches. Never stand on that leg alone."),),
        "Puts full weight on one leg: only partial weight-bearing is allowed",
    ),
    Precaution(NONE, "None (confirmed)", (), ""),
)
PRECAUTIONS = {precaution.id: precaution for precaution in PRECAUTION_LIST}
PRECAUTION_IDS = tuple(PRECAUTIONS)
SURGERIES = ("posterior-hip-replacement", "anterior-hip-replacement", "hip-arthroscopy")
# Weight-bearing limits from the strictest. An exercise that breaks a limit breaks every stricter one too
# (standing on one leg is not allowed under partial, so certainly not under toe-touch or non-weight-bearing).
WEIGHT_BEARING = ("non-weight-bearing", "toe-touch-weight-bearing", "partial-weight-bearing")


class PrecautionError(ValueError):
    """A precautions value that is not allowed; the message is for the user."""


def check_precautions(values: object, key: str = "precautions") -> tuple[str, ...]:
    """The precaution ids of a plan or exercise, validated; raises PrecautionError with a clear message."""
    if values is None:
        return ()
    if isinstance(values, str):
        values = [values]
    if not isinstance(values, list | tuple) or not all(isinstance(v, str) for v in values):
        raise PrecautionError(f"'{key}' must be a list from: {', '.join(PRECAUTION_IDS)}")
    result: list[str] = []
    for value in values:
        value = value.strip()
        if value not in PRECAUTIONS:
            raise PrecautionError(f"'{key}' has an unknown value {short(value)}; use: {', '.join(PRECAUTION_IDS)}")
        if value not in result:
            result.append(value)
    if NONE in result and len(result) > 1:
        raise PrecautionError(f"'{key}': 'none' cannot be given with other precautions")
    return tuple(result)


def check_side(value: object) -> str:
    if value in (None, ""):
        return ""
    if value not in AFFECTED_SIDES:
        raise PrecautionError(f"'affected_side' must be left or right; got {short(value)}")
    return str(value)


def breaks(tags: Iterable[str], precaution: str) -> bool:
    """Whether an exercise with these precaution tags breaks ``precaution``."""
    tags = set(tags)
    if precaution in tags:
        return True
    if precaution in WEIGHT_BEARING:  # a tag for a looser limit breaks this stricter one too
        return bool(tags & set(WEIGHT_BEARING[WEIGHT_BEARING.index(precaution) :]))
    return False


def broken_rules(tags: Iterable[str], precautions: Sequence[str]) -> tuple[str, ...]:
    """The plan's precautions that an exercise with ``tags`` breaks, in the plan's order."""
    tags = tuple(tags)
    return tuple(p for p in precautions if p != NONE and breaks(tags, p))


def conflict_text(precaution: str) -> str:
    return PRECAUTIONS[precaution].conflict


@dataclass(frozen=True)
class Conflict:
    """One plan item that breaks one of the plan's precautions."""

    index: int  # 0-based position in the plan
    exercise_id: str
    exercise_name: str
    precaution: str
    acknowledged: bool  # the therapist kept it on purpose

    @property
    def reason(self) -> str:
        return conflict_text(self.precaution)

    def line(self) -> str:
        """One line for ``check`` and ``export``: number, exercise name, rule."""
        kept = " (kept on purpose by the therapist)" if self.acknowledged else ""
        return f"item {self.index + 1}: {self.exercise_name}: {self.reason}{kept}"


def exercise_tags(exercise: Exercise | None, fallback: Exercise | None = None) -> tuple[str, ...]:
    """The tags of an exercise as the library knows it and as the plan's snapshot saved it (union: a tag
    in either counts, so an old snapshot without tags does not hide a conflict)."""
    tags: list[str] = []
    for source in (exercise, fallback):
        for tag in source.precautions if source is not None else ():
            if tag not in tags:
                tags.append(tag)
    return tuple(tags)


def plan_conflicts(plan: Plan, library: Library | None) -> list[Conflict]:
    """Every (item, precaution) pair where an exercise of the plan breaks one of its precautions."""
    if not plan.precautions:
        return []
    found = []
    for index, item in enumerate(plan.items):
        known = library.get(item.exercise_id) if library is not None else None
        tags = exercise_tags(known, item.snapshot)
        name = (known or item.snapshot).name if (known or item.snapshot) else item.exercise_id
        for precaution in broken_rules(tags, plan.precautions):
            found.append(Conflict(index, item.exercise_id, name, precaution, precaution in item.acknowledged))
    return found


LEG_WORDS = {"left": N_("your left leg"), "right": N_("your right leg"), "": N_("your sore leg")}


def leg_words(side: str, tr: Translator = ENGLISH) -> str:
    return tr(LEG_WORDS.get(side if side in AFFECTED_SIDES else "", LEG_WORDS[""]))


def patient_rules(precautions: Sequence[str], side: str = "", tr: Translator = ENGLISH) -> list[str]:
    """The plan's rules in the patient's words (``tr``: the handout's language), each once, side-specific
    where the side is known."""
    rules: list[str] = []
    for precaution in precautions:
        for rule in PRECAUTIONS[precaution].patient if precaution in PRECAUTIONS else ():
            text = tr(rule).replace("{leg}", leg_words(side, tr))
            if text not in rules:
                rules.append(text)
    return rules


def rules_until_sentence(until: date | None, long_date, tr: Translator = ENGLISH) -> str:
    """When the rules end, in plain words (``long_date`` formats the date the handout's way)."""
    if until is None:
        return tr("Follow these rules until your surgeon or therapist tells you to stop.")
    return tr.format("Follow these rules until {date}, or until your surgeon says you can stop.", date=long_date(until))


def worded(text: str, wordings: Mapping[str, str] | None, precautions: Sequence[str]) -> str:
    """A step or caution as this patient reads it: its wording for the first of the plan's precautions that
    has one (``{text, for: {precaution: wording}}`` in the library), else its text."""
    for precaution in precautions:
        if wordings and precaution in wordings:
            return wordings[precaution]
    return text


def steps_for(exercise: Exercise, precautions: Sequence[str]) -> tuple[str, ...]:
    """The exercise's steps, with each step that has a wording for one of the plan's precautions reworded
    (a sit to stand after a hip replacement from the back does not say "nose over toes")."""
    variants = exercise.step_variants
    return tuple(
        worded(text, variants[index] if index < len(variants) else None, precautions)
        for index, text in enumerate(exercise.instructions)
    )


def cautions_for(exercise: Exercise, precautions: Sequence[str]) -> tuple[str, ...]:
    """The cautions this patient should read. With no precautions known, every caution (as before);
    otherwise a caution marked ``only_for`` some precautions prints only when the plan names one of them,
    in its direct wording for that precaution where the library gives one ("Use a high seat with arms.")."""
    if not precautions:
        return tuple(exercise.cautions)
    shown = []
    variants = exercise.caution_variants
    for index, text in enumerate(exercise.cautions):
        scope = exercise.caution_scopes[index] if index < len(exercise.caution_scopes) else ()
        if not scope or set(scope) & set(precautions):
            shown.append(worded(text, variants[index] if index < len(variants) else None, precautions))
    return tuple(shown)


def first_caution(exercise: Exercise, precautions: Sequence[str]) -> str | None:
    """The one caution a short layout has room for: one about this patient's precautions if there is one."""
    shown = cautions_for(exercise, precautions)
    if not shown:
        return None
    if precautions:
        for index, text in enumerate(exercise.cautions):
            scope = exercise.caution_scopes[index] if index < len(exercise.caution_scopes) else ()
            if scope and set(scope) & set(precautions):
                wordings = exercise.caution_variants[index] if index < len(exercise.caution_variants) else None
                return worded(text, wordings, precautions)
    return shown[0]
