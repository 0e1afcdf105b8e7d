"""Exercises as plain JSON-ready mappings, for ``list --json`` and plan snapshots (core layer)."""

from __future__ import annotations

from typing import Any

from hep_builder.core.exercise import Exercise


def exercise_to_json(exercise: Exercise) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": exercise.id,
        "name": exercise.name,
        "category": exercise.category,
        "phases": list(exercise.phases),
        "position": exercise.position,
        "equipment": list(exercise.equipment),
        "summary": exercise.summary,
        "instructions": list(exercise.instructions),
        "tips": list(exercise.tips),
        "cautions": list(exercise.cautions),
        "tags": list(exercise.tags),
        "dosage": exercise.dosage.as_dict(),
        "progression": exercise.progression,
        "regression": exercise.regression,
        "figure": exercise.figure,
        "origin": exercise.origin,
    }
    if exercise.translations:
        data["translations"] = {lang: dict(text) for lang, text in exercise.translations.items()}
    return data
