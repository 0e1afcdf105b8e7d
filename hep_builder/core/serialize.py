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
        "aliases": list(exercise.aliases),
        "dosage": exercise.dosage.as_dict(),
        "progression": exercise.progression,
        "regression": exercise.regression,
        "figure": exercise.figure,
        "origin": exercise.origin,
    }
    if exercise.video_url:
        data["video_url"] = exercise.video_url
    if exercise.caution_scopes:
        data["caution_scopes"] = [list(scope) for scope in exercise.caution_scopes]
    if exercise.precautions:
        data["precautions"] = list(exercise.precautions)
    for key in ("step_variants", "caution_variants"):  # wordings under a precaution (core/precautions.worded)
        if getattr(exercise, key):
            data[key] = [dict(wordings) for wordings in getattr(exercise, key)]
    if exercise.translations:
        data["translations"] = {lang: dict(text) for lang, text in exercise.translations.items()}
    return data


def exercise_from_json(data: dict[str, Any]) -> Exercise:
    """The inverse of exercise_to_json (plus where it came from), for our own caches. Raises on bad data."""
    from pathlib import Path

    from hep_builder.core.exercise import Dosage

    return Exercise(
        id=data["id"],
        name=data["name"],
        category=data["category"],
        phases=tuple(data["phases"]),
        position=data["position"],
        summary=data["summary"],
        instructions=tuple(data["instructions"]),
        dosage=Dosage(**data["dosage"]),
        equipment=tuple(data["equipment"]),
        tips=tuple(data["tips"]),
        cautions=tuple(data["cautions"]),
        caution_scopes=tuple(tuple(scope) for scope in data.get("caution_scopes", ())),
        precautions=tuple(data.get("precautions", ())),
        step_variants=tuple(data.get("step_variants", ())),
        caution_variants=tuple(data.get("caution_variants", ())),
        progression=data["progression"],
        regression=data["regression"],
        figure=data["figure"],
        video_url=data.get("video_url"),
        tags=tuple(data["tags"]),
        aliases=tuple(data.get("aliases", ())),
        translations={lang: _tuples(text) for lang, text in data.get("translations", {}).items()},
        source=Path(data["source"]) if data.get("source") else None,
        line=data.get("line", 0),
        origin=data["origin"],
    )


def _tuples(text: dict[str, Any]) -> dict[str, Any]:
    """A translation's lists back as tuples (JSON has no tuples), so it equals a fresh parse."""
    return {key: tuple(value) if isinstance(value, list) else value for key, value in text.items()}
