"""Which exercises of a plan lack its language: the window's mark, `check` and `export` name them (core layer).

Such an exercise still prints, in English, with a small "texto en inglés" note; nothing here ever blocks
printing. A language without a catalog prints English throughout, so it has nothing to report.
"""

from __future__ import annotations

from dataclasses import dataclass

from hep_builder.core.i18n import language_label, translator
from hep_builder.core.library import Library
from hep_builder.core.plan import Plan


@dataclass(frozen=True)
class MissingTranslation:
    row: int  # 0-based position in the plan
    exercise_id: str
    name: str  # the English name the therapist knows it by
    language: str
    fields: tuple[str, ...]

    def message(self) -> str:
        fields = ", ".join(self.fields)
        return (
            f"exercise {self.row + 1} '{self.exercise_id}' ({self.name}) has no {language_label(self.language)} "
            f"text ({fields}); it prints in English"
        )


def missing_translations(plan: Plan, library: Library | None, language: str | None = None) -> list[MissingTranslation]:
    language = language or plan.language
    if not translator(language).translated:
        return []
    found = []
    # Resolved in the language (an old snapshot takes the library's translation, as the handout does),
    # named in English (the therapist's names).
    english = plan.resolve(library, "en")
    for row, resolved in enumerate(plan.resolve(library, language)):
        if resolved.missing:
            continue  # already reported as not in this library
        fields = resolved.exercise.untranslated(language)
        if fields:
            found.append(MissingTranslation(row, resolved.exercise.id, english[row].exercise.name, language, fields))
    return found
