"""The exercise and its default dose, as frozen values (core layer)."""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from functools import cached_property
from pathlib import Path
from typing import Any

CATEGORIES = ("mobility", "strengthening", "gait", "balance", "functional")
CATEGORY_LABELS = {
    "mobility": "Mobility",
    "strengthening": "Strengthening",
    "gait": "Walking (gait)",
    "balance": "Balance",
    "functional": "Functional",
}
PHASES = (1, 2, 3)
PHASE_LABELS = {
    1: "Phase 1: calm pain, restore motion",
    2: "Phase 2: mobility and basic strength",
    3: "Phase 3: full function",
}
POSITIONS = ("supine", "prone", "side-lying", "seated", "standing", "kneeling", "half-kneeling", "quadruped")
SIDES = ("both", "each", "left", "right", "alternate")
TRANSLATABLE_FIELDS = ("name", "summary", "instructions", "tips", "cautions")

# Allowed ranges for the numeric dose fields: (minimum, maximum).
DOSAGE_INT_RANGES: dict[str, tuple[int, int]] = {
    "sets": (1, 20),
    "reps": (1, 200),
    "hold_seconds": (1, 600),
    "rest_seconds": (0, 600),
    "times_per_day": (1, 10),
    "days_per_week": (1, 7),
    "duration_seconds": (1, 7200),
}
DOSAGE_TEXT_FIELDS = ("side", "resistance", "tempo")
DOSAGE_KEYS = tuple(DOSAGE_INT_RANGES) + DOSAGE_TEXT_FIELDS


@dataclass(frozen=True)
class Dosage:
    """A dose; every field optional. Plans override fields of the library default."""

    sets: int | None = None
    reps: int | None = None
    hold_seconds: int | None = None
    rest_seconds: int | None = None
    times_per_day: int | None = None
    days_per_week: int | None = None
    side: str | None = None
    duration_seconds: int | None = None
    resistance: str | None = None
    tempo: str | None = None

    def as_dict(self) -> dict[str, Any]:
        """Only the fields that are set, in the canonical order."""
        return {f.name: getattr(self, f.name) for f in fields(self) if getattr(self, f.name) is not None}

    def overridden(self, overrides: Mapping[str, Any]) -> Dosage:
        """This dose with ``overrides`` applied (keys outside the dose are ignored)."""
        known = {k: v for k, v in overrides.items() if k in DOSAGE_KEYS}
        return replace(self, **known)

    def differences(self, other: Dosage) -> dict[str, Any]:
        """The fields of this dose that differ from ``other`` (e.g. the library default)."""
        return {f.name: getattr(self, f.name) for f in fields(self) if getattr(self, f.name) != getattr(other, f.name)}


def fold(text: str) -> str:
    """Lower-case, accent-free text for matching ("Pliés" matches "plies")."""
    if text.isascii():
        return text.lower()  # the common case, and 20x faster
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@dataclass(frozen=True)
class Exercise:
    """One library exercise: what the patient reads, its default dose, and where it came from."""

    id: str
    name: str
    category: str
    phases: tuple[int, ...]
    position: str
    summary: str
    instructions: tuple[str, ...]
    dosage: Dosage
    equipment: tuple[str, ...] = ()
    tips: tuple[str, ...] = ()
    cautions: tuple[str, ...] = ()
    # Per caution, the precautions it is only for (empty: everyone); see core/precautions.cautions_for.
    caution_scopes: tuple[tuple[str, ...], ...] = ()
    # Per step / caution, its wording under a plan precaution ({precaution: text}); see precautions.worded.
    step_variants: tuple[Mapping[str, str], ...] = ()
    caution_variants: tuple[Mapping[str, str], ...] = ()
    precautions: tuple[str, ...] = ()  # the plan precautions this exercise breaks (core/precautions)
    progression: str | None = None
    regression: str | None = None
    figure: str | None = None
    video_url: str | None = None  # the clinic's own video page (http/https); never copied into a plan file
    tags: tuple[str, ...] = ()
    # Other names people type ("monster walk"): search only, never printed nor kept in plan snapshots, so not
    # part of what makes two exercises the same.
    aliases: tuple[str, ...] = field(default=(), compare=False)
    translations: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    # Where it came from: the file, the line of its entry, and which library source.
    source: Path | None = field(default=None, compare=False)
    line: int = field(default=0, compare=False)
    origin: str = field(default="bundled", compare=False)

    @property
    def figure_is_image(self) -> bool:
        return bool(self.figure) and is_image_reference(self.figure or "")

    @property
    def figure_path(self) -> Path | None:
        """The photo file of a clinic exercise, resolved beside its library file."""
        if not self.figure_is_image or self.source is None:
            return None
        return self.source.parent / (self.figure or "")

    @cached_property
    def search_text(self) -> str:
        """Everything the search box matches against, folded once."""
        parts = [self.id, self.name, self.summary, self.category, self.position, *self.tags, *self.aliases,
                 *self.equipment]  # fmt: skip
        for lang in self.translations.values():
            parts.append(str(lang.get("name", "")))
        return fold(" ".join(parts))

    def localized(self, language: str) -> Exercise:
        """The patient-facing fields in ``language`` where a translation gives them."""
        text = self.translations.get(language)
        if not text:
            return self
        changes: dict[str, Any] = {}
        for key in TRANSLATABLE_FIELDS:
            if key in text:
                value = text[key]
                changes[key] = tuple(value) if isinstance(value, list | tuple) else value
        # The translated precaution wordings; where a translation lacks one, the English wording still prints
        # (a step that breaks the patient's hip rules must never print unchanged).
        for key, variants in (("instructions_for", "step_variants"), ("cautions_for", "caution_variants")):
            english = getattr(self, variants)
            if key in text or english:
                translated = text.get(key, ())
                changes[variants] = (
                    tuple({**english[i], **(translated[i] if i < len(translated) else {})} for i in range(len(english)))
                    if english
                    else tuple(translated)
                )
        return replace(self, **changes)

    def untranslated(self, language: str) -> tuple[str, ...]:
        """The patient-facing fields this exercise lacks in ``language`` (none for English).

        Tips and cautions are needed only where the English has them; a missing caution must never go unseen.
        """
        if language in ("", "en"):
            return ()
        text = self.translations.get(language) or {}
        return tuple(
            key
            for key in TRANSLATABLE_FIELDS
            if not text.get(key) and (key not in ("tips", "cautions") or getattr(self, key))
        )

    def translation_gaps(self) -> list[tuple[str, str]]:
        """(language, what is wrong) for each translation that would leave English on the patient's sheet.

        A field missing, or fewer or more steps, tips or cautions than the English: a lost caution is a risk.
        """
        gaps = []
        for language, text in self.translations.items():
            missing = self.untranslated(language)
            if missing:
                gaps.append((language, f"lacks {', '.join(missing)}"))
            for key in ("instructions", "tips", "cautions"):
                english, translated = getattr(self, key), text.get(key) or ()
                if translated and len(translated) != len(english):
                    gaps.append((language, f"has {len(translated)} {key} where the English has {len(english)}"))
            for key, variants in (("instructions", self.step_variants), ("cautions", self.caution_variants)):
                worded = text.get(f"{key}_for", ())
                for index, wordings in enumerate(variants):
                    lacking = sorted(set(wordings) - set(worded[index] if index < len(worded) else {}))
                    if lacking:
                        gaps.append((language, f"lacks the {', '.join(lacking)} wording of {key} item {index + 1}"))
        return gaps


IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg")


def is_image_reference(value: str) -> bool:
    """A figure value that names a file rather than a figure spec key."""
    return "/" in value or "\\" in value or "." in value
