"""Reading and validating one exercise library file, YAML version 1 (core layer).

Every problem names the file, the line and, where known, the exercise id. A bad exercise is skipped and the
rest of the file still loads; a file that cannot be read at all yields one problem and no exercises.
"""

from __future__ import annotations

import re
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Any

import yaml

from hep_builder.core.exercise import (
    CATEGORIES,
    DOSAGE_INT_RANGES,
    DOSAGE_TEXT_FIELDS,
    IMAGE_SUFFIXES,
    PHASES,
    POSITIONS,
    SIDES,
    TRANSLATABLE_FIELDS,
    Dosage,
    Exercise,
    is_image_reference,
)
from hep_builder.core.i18n import language_label
from hep_builder.core.precautions import NONE, PrecautionError, check_precautions
from hep_builder.core.problems import FileResult, Problem
from hep_builder.core.yamlio import (
    YamlFileError,
    compose_file,
    construct,
    duplicate_keys,
    node_line,
    short,
)

LIBRARY_SCHEMA_VERSION = 1
ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
FILE_KEYS = ("schema_version", "exercises")
REQUIRED_KEYS = ("id", "name", "category", "phases", "position", "summary", "instructions", "dosage")
OPTIONAL_KEYS = (
    "equipment",
    "tips",
    "cautions",
    "progression",
    "regression",
    "figure",
    "aliases",
    "tags",
    "translations",
    "precautions",
    "video_url",
)
MAX_URL = 500
MAX_INSTRUCTIONS = 6
MIN_INSTRUCTIONS = 2


class _Invalid(Exception):
    def __init__(self, message: str, line: int) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


def load_library_file(path: Path, *, origin: str = "bundled", root: Path | None = None) -> FileResult:
    """Parse one ``*.yaml`` library file. ``root`` is the library folder that image paths must stay in."""
    result = FileResult(path)
    try:
        doc, loader = compose_file(path)
    except YamlFileError as exc:
        result.problems.append(Problem(path, exc.line, exc.message))
        return result
    if not isinstance(doc, yaml.MappingNode):
        result.problems.append(
            Problem(path, node_line(doc) or 1, "expected a mapping with 'schema_version' and 'exercises'")
        )
        return result
    for key, line in duplicate_keys(doc):
        result.problems.append(Problem(path, line, f"duplicate key '{key}'"))

    top: dict[str, tuple[yaml.Node, yaml.Node]] = {}
    for key_node, value_node in doc.value:
        key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
        if key not in FILE_KEYS:
            result.problems.append(Problem(path, node_line(key_node), f"unknown top-level key '{key}'"))
            continue
        top[key] = (key_node, value_node)

    if "schema_version" not in top:
        result.problems.append(Problem(path, 1, "missing 'schema_version: 1'"))
        return result
    try:
        version = construct(loader, top["schema_version"][1])
    except YamlFileError as exc:
        result.problems.append(Problem(path, exc.line, exc.message))
        return result
    if not _is_int(version) or version < 1:
        result.problems.append(Problem(path, node_line(top["schema_version"][1]), "schema_version must be 1"))
        return result
    if version > LIBRARY_SCHEMA_VERSION:
        result.problems.append(
            Problem(
                path,
                node_line(top["schema_version"][1]),
                f"written for a newer HEP Builder (schema_version {version}; this version reads "
                f"{LIBRARY_SCHEMA_VERSION}); update HEP Builder to use this file",
            )
        )
        return result

    if "exercises" not in top:
        result.problems.append(Problem(path, 1, "missing 'exercises:' list"))
        return result
    items_node = top["exercises"][1]
    if not isinstance(items_node, yaml.SequenceNode):
        result.problems.append(Problem(path, node_line(items_node), "'exercises' must be a list"))
        return result

    library_root = root or path.parent
    for item_node in items_node.value:
        exercise = _parse_exercise(item_node, loader, path, origin, library_root, result.problems)
        if exercise is not None:
            result.exercises.append(exercise)
    return result


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _guess_id(node: yaml.Node) -> str | None:
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if getattr(key_node, "value", None) == "id" and isinstance(value_node, yaml.ScalarNode):
                return str(value_node.value)
    return None


def _parse_exercise(
    node: yaml.Node, loader: Any, path: Path, origin: str, root: Path, problems: list[Problem]
) -> Exercise | None:
    exercise_id = _guess_id(node)
    line = node_line(node)

    def problem(message: str, at: int) -> None:
        problems.append(Problem(path, at, message, exercise_id))

    if not isinstance(node, yaml.MappingNode):
        problem("each entry of 'exercises' must be a mapping of keys", line)
        return None
    # A key given twice is ambiguous (YAML would silently keep the last), so the entry is refused.
    duplicates = duplicate_keys(node)
    for key, key_line in duplicates:
        problem(f"duplicate key '{key}'", key_line)

    fields: dict[str, tuple[Any, yaml.Node, int]] = {}
    present: set[str] = set()
    failed = bool(duplicates)
    for key_node, value_node in node.value:
        key = key_node.value if isinstance(key_node, yaml.ScalarNode) else str(key_node)
        present.add(key)
        if key not in REQUIRED_KEYS and key not in OPTIONAL_KEYS:
            problem(f"unknown key '{key}'", node_line(key_node))
            failed = True
            continue
        try:
            value = construct(loader, value_node)
        except YamlFileError as exc:
            problem(exc.message, exc.line)
            failed = True
            continue
        fields[key] = (value, value_node, node_line(key_node))

    for key in REQUIRED_KEYS:
        if key not in present:
            problem(f"missing required key '{key}'", line)
            failed = True
    if origin == "bundled" and "figure" not in present:
        problem("missing required key 'figure' (every bundled exercise is illustrated)", line)
        failed = True
    if failed:
        return None

    try:
        exercise = _build(fields, path, line, origin, root)
    except _Invalid as exc:
        problem(exc.message, exc.line)
        return None
    # An incomplete translation is reported at its language's line; the exercise still loads (and prints the
    # missing parts in English), so one gap never takes an exercise away from the clinic.
    if exercise.translations:
        language_lines = _key_lines(fields["translations"][1])
        for language, gap in exercise.translation_gaps():
            problem(f"translation '{language}' ({language_label(language)}) {gap}", language_lines.get(language, line))
    return exercise


def _text(value: Any, key: str, at: int) -> str:
    if not isinstance(value, str) or not value.strip():
        raise _Invalid(f"'{key}' must be non-empty text", at)
    return value.strip()


def _text_list(value: Any, node: yaml.Node, key: str, at: int) -> tuple[str, ...]:
    if not isinstance(value, list):
        raise _Invalid(f"'{key}' must be a list of text", at)
    items = []
    for index, item in enumerate(value):
        item_line = node_line(node.value[index]) if isinstance(node, yaml.SequenceNode) else at
        if not isinstance(item, str) or not item.strip():
            raise _Invalid(f"'{key}' item {index + 1} must be non-empty text", item_line)
        items.append(item.strip())
    return tuple(items)


def _build(fields: dict[str, tuple[Any, yaml.Node, int]], path: Path, line: int, origin: str, root: Path) -> Exercise:
    def get(key: str) -> tuple[Any, yaml.Node, int]:
        return fields[key]

    exercise_id, _, at = get("id")
    if not isinstance(exercise_id, str) or not ID_PATTERN.match(exercise_id):
        raise _Invalid(f"'id' must be kebab-case (like 'glute-bridge'), not {exercise_id!r}", at)

    name = _text(get("name")[0], "name", get("name")[2])
    summary = _text(get("summary")[0], "summary", get("summary")[2])

    category, _, at = get("category")
    if category not in CATEGORIES:
        raise _Invalid(f"'category' must be one of {', '.join(CATEGORIES)}; got {category!r}", at)

    phases, _, at = get("phases")
    if (
        not isinstance(phases, list)
        or not phases
        or not all(_is_int(p) and p in PHASES for p in phases)
        or len(set(phases)) != len(phases)
    ):
        raise _Invalid(f"'phases' must be a list of distinct phases from 1, 2, 3; got {phases!r}", at)

    position, _, at = get("position")
    if position not in POSITIONS:
        raise _Invalid(f"'position' must be one of {', '.join(POSITIONS)}; got {position!r}", at)

    value, node, at = get("instructions")
    instructions, step_variants = _parse_worded(value, node, "instructions", at)
    if not MIN_INSTRUCTIONS <= len(instructions) <= MAX_INSTRUCTIONS:
        raise _Invalid(
            f"'instructions' needs {MIN_INSTRUCTIONS} to {MAX_INSTRUCTIONS} steps; it has {len(instructions)}",
            at,
        )

    optional_lists = {}
    for key in ("equipment", "tips", "tags", "aliases"):
        if key in fields:
            value, node, at = get(key)
            optional_lists[key] = _text_list(value, node, key, at)

    cautions: tuple[str, ...] = ()
    caution_scopes: tuple[tuple[str, ...], ...] = ()
    caution_variants: tuple[dict[str, str], ...] = ()
    if "cautions" in fields:
        cautions, caution_scopes = _parse_cautions(*get("cautions"))
        caution_variants = _parse_worded(*get("cautions")[:2], "cautions", get("cautions")[2], scoped=True)[1]
    precautions: tuple[str, ...] = ()
    if "precautions" in fields:
        value, _, at = get("precautions")
        precautions = _parse_precaution_tags(value, at)

    links: dict[str, str | None] = {}
    for key in ("progression", "regression"):
        links[key] = None
        if key in fields:
            value, _, at = get(key)
            if not isinstance(value, str) or not ID_PATTERN.match(value):
                raise _Invalid(f"'{key}' must be an exercise id; got {value!r}", at)
            if value == exercise_id:
                raise _Invalid(f"'{key}' cannot point at the exercise itself", at)
            links[key] = value

    figure = None
    if "figure" in fields:
        value, _, at = get("figure")
        figure = _check_figure(value, at, path, root)

    video_url = None
    if "video_url" in fields:
        value, _, at = get("video_url")
        video_url = _check_video_url(value, at)

    dosage = _parse_dosage(*get("dosage"))

    translations: dict[str, dict[str, Any]] = {}
    if "translations" in fields:
        translations = _parse_translations(*get("translations"))

    return Exercise(
        id=exercise_id,
        name=name,
        category=category,
        phases=tuple(sorted(phases)),
        position=position,
        summary=summary,
        instructions=instructions,
        step_variants=step_variants,
        dosage=dosage,
        equipment=optional_lists.get("equipment", ()),
        tips=optional_lists.get("tips", ()),
        cautions=cautions,
        caution_scopes=caution_scopes,
        caution_variants=caution_variants,
        precautions=precautions,
        progression=links["progression"],
        regression=links["regression"],
        figure=figure,
        video_url=video_url,
        tags=optional_lists.get("tags", ()),
        aliases=optional_lists.get("aliases", ()),
        translations=translations,
        source=path,
        line=line,
        origin=origin,
    )


def _parse_cautions(value: Any, node: yaml.Node, at: int) -> tuple[tuple[str, ...], tuple[tuple[str, ...], ...]]:
    """Cautions are text, or ``{text: ..., only_for: <precaution or list>}`` for a caution that concerns only
    patients under that precaution (e.g. after a hip replacement from the back)."""
    if not isinstance(value, list):
        raise _Invalid("'cautions' must be a list of text", at)
    texts: list[str] = []
    scopes: list[tuple[str, ...]] = []
    for index, item in enumerate(value):
        item_line = node_line(node.value[index]) if isinstance(node, yaml.SequenceNode) else at
        scope: tuple[str, ...] = ()
        if isinstance(item, dict):
            unknown = sorted(str(k) for k in item if k not in ("text", "only_for", "for"))
            if unknown:
                raise _Invalid(f"'cautions' item {index + 1} has unknown key(s): {', '.join(unknown)}", item_line)
            if "only_for" not in item and "for" not in item:
                raise _Invalid(f"'cautions' item {index + 1} needs 'only_for' (or write it as plain text)", item_line)
            try:
                scope = check_precautions(item.get("only_for"), "only_for")
            except PrecautionError as exc:
                raise _Invalid(f"'cautions' item {index + 1}: {exc}", item_line) from None
            if NONE in scope:
                raise _Invalid(f"'cautions' item {index + 1}: 'only_for: none' would never print", item_line)
            item = item.get("text")
        if not isinstance(item, str) or not item.strip():
            raise _Invalid(f"'cautions' item {index + 1} must be non-empty text", item_line)
        texts.append(item.strip())
        scopes.append(scope)
    return tuple(texts), tuple(scopes) if any(scopes) else ()


def _parse_worded(
    value: Any, node: yaml.Node | None, key: str, at: int, *, scoped: bool = False
) -> tuple[tuple[str, ...], tuple[dict[str, str], ...]]:
    """Steps (or cautions) as text, each optionally ``{text: ..., for: {<precaution>: <wording>}}``: the
    wording that replaces the text when the plan names that precaution (README, "The exercise library").
    Returns the texts and, per item, its wordings (``()`` when no item has any)."""
    if not isinstance(value, list):
        raise _Invalid(f"'{key}' must be a list of text", at)
    texts: list[str] = []
    variants: list[dict[str, str]] = []
    allowed = ("text", "for", "only_for") if scoped else ("text", "for")
    for index, item in enumerate(value):
        item_line = node_line(node.value[index]) if isinstance(node, yaml.SequenceNode) else at
        wordings: dict[str, str] = {}
        if isinstance(item, dict):
            unknown = sorted(str(k) for k in item if k not in allowed)
            if unknown:
                raise _Invalid(f"'{key}' item {index + 1} has unknown key(s): {', '.join(unknown)}", item_line)
            worded = item.get("for", {})
            if not isinstance(worded, dict) or ("for" in item and not worded):
                raise _Invalid(f"'{key}' item {index + 1}: 'for' must map a precaution to its wording", item_line)
            for precaution, wording in worded.items():
                try:
                    (checked,) = check_precautions([precaution], "for")
                except PrecautionError as exc:
                    raise _Invalid(f"'{key}' item {index + 1}: {exc}", item_line) from None
                if checked == NONE:
                    raise _Invalid(f"'{key}' item {index + 1}: 'for: none' would never print", item_line)
                if not isinstance(wording, str) or not wording.strip():
                    raise _Invalid(f"'{key}' item {index + 1}: the wording for {checked} must be text", item_line)
                wordings[checked] = wording.strip()
            item = item.get("text")
        if not isinstance(item, str) or not item.strip():
            raise _Invalid(f"'{key}' item {index + 1} must be non-empty text", item_line)
        texts.append(item.strip())
        variants.append(wordings)
    return tuple(texts), tuple(variants) if any(variants) else ()


def _parse_precaution_tags(value: Any, at: int) -> tuple[str, ...]:
    """The plan precautions an exercise breaks (``none`` belongs to plans, not exercises)."""
    if value is None or value == []:
        return ()
    try:
        tags = check_precautions(value)
    except PrecautionError as exc:
        raise _Invalid(str(exc), at) from None
    if NONE in tags:
        raise _Invalid("'precautions' of an exercise lists the rules it breaks; 'none' is for plans", at)
    return tags


def _check_video_url(value: Any, at: int = 0) -> str:
    """A web address the handout can print as a QR code: http or https, a host, no spaces."""
    from urllib.parse import urlsplit

    if not isinstance(value, str) or not value.strip():
        raise _Invalid("'video_url' must be a web address (https://...)", at)
    url = value.strip()
    try:
        parts = urlsplit(url)
    except ValueError:
        parts = None
    if parts is None or parts.scheme not in ("http", "https") or not parts.hostname:
        raise _Invalid(f"'video_url' must start with https:// or http:// and name a site; got {url!r}", at)
    if any(ch.isspace() for ch in url) or len(url) > MAX_URL:
        raise _Invalid(f"'video_url' must be one address without spaces, at most {MAX_URL} characters", at)
    return url


def _check_figure(value: Any, at: int, path: Path, root: Path) -> str:
    if not isinstance(value, str) or not value.strip():
        raise _Invalid("'figure' must be a figure key or an image file name", at)
    value = value.strip()
    if not is_image_reference(value):
        if not ID_PATTERN.match(value):
            raise _Invalid(f"'figure' key must be kebab-case; got {value!r}", at)
        return value
    if PurePosixPath(value).is_absolute() or PureWindowsPath(value).is_absolute() or PureWindowsPath(value).drive:
        raise _Invalid(f"'figure' image path must be relative to the library folder; got {value!r}", at)
    if ".." in PurePosixPath(value.replace("\\", "/")).parts:
        raise _Invalid(f"'figure' image path must stay inside the library folder; got {value!r}", at)
    if PurePosixPath(value).suffix.lower() not in IMAGE_SUFFIXES:
        raise _Invalid(f"'figure' image must be a PNG or JPEG file; got {value!r}", at)
    target = (path.parent / value).resolve()
    try:
        target.relative_to(root.resolve())
    except ValueError:
        raise _Invalid(f"'figure' image path leaves the library folder: {value!r}", at) from None
    if not target.is_file():
        raise _Invalid(f"'figure' image file not found: {value!r}", at)
    return value


def _parse_dosage(value: Any, node: yaml.Node, at: int) -> Dosage:
    if not isinstance(value, dict):
        raise _Invalid("'dosage' must be a mapping (like 'sets: 2')", at)
    return dosage_from_mapping(value, _key_lines(node))


def dosage_from_mapping(value: dict[str, Any], lines: dict[str, int] | None = None) -> Dosage:
    """Validate a dose mapping (library default or plan override); raises ValueError-like _Invalid."""
    lines = lines or {}
    clean: dict[str, Any] = {}
    for key, item in value.items():
        at = lines.get(key, 0)
        if key in DOSAGE_INT_RANGES:
            low, high = DOSAGE_INT_RANGES[key]
            if item is None:
                continue
            if not _is_int(item):
                raise _Invalid(f"dosage '{key}' must be a whole number; got {short(item)}", at)
            if not low <= item <= high:
                raise _Invalid(f"dosage '{key}' must be between {low} and {high}; got {item}", at)
            clean[key] = item
        elif key in DOSAGE_TEXT_FIELDS:
            if item is None:
                continue
            if not isinstance(item, str) or not item.strip():
                raise _Invalid(f"dosage '{key}' must be text; got {short(item)}", at)
            if key == "side" and item not in SIDES:
                raise _Invalid(f"dosage 'side' must be one of {', '.join(SIDES)}; got {short(item)}", at)
            clean[key] = item.strip()
        else:
            raise _Invalid(f"unknown dosage key {short(key)}", at)
    return Dosage(**clean)


def _key_lines(node: yaml.Node) -> dict[str, int]:
    if not isinstance(node, yaml.MappingNode):
        return {}
    return {getattr(k, "value", ""): node_line(k) for k, _ in node.value}


def _parse_translations(value: Any, node: yaml.Node, at: int) -> dict[str, dict[str, Any]]:
    if not isinstance(value, dict):
        raise _Invalid("'translations' must map a language code to its fields", at)
    lines = _key_lines(node)
    result: dict[str, dict[str, Any]] = {}
    for lang, text in value.items():
        where = lines.get(lang, at)
        if not isinstance(lang, str) or not re.match(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$", lang):
            raise _Invalid(f"translation language must be a code like 'es'; got {lang!r}", where)
        if not isinstance(text, dict):
            raise _Invalid(f"translation '{lang}' must be a mapping of fields", where)
        entry: dict[str, Any] = {}
        for key, item in text.items():
            if key not in TRANSLATABLE_FIELDS:
                raise _Invalid(f"translation '{lang}' has unknown key '{key}'", where)
            if key in ("name", "summary"):
                entry[key] = _text(item, f"{lang}.{key}", where)
            elif key in ("instructions", "cautions"):  # a step or caution may carry its {text, for} wording
                entry[key], variants = _parse_worded(item, None, f"{lang}.{key}", where, scoped=key == "cautions")
                if any(variants):
                    entry[f"{key}_for"] = variants
            else:
                entry[key] = _text_list(item, yaml.ScalarNode("", ""), f"{lang}.{key}", where)
        result[lang] = entry
    return result


class DosageError(ValueError):
    """A dose mapping that breaks the rules; the message is user-facing."""


def validate_dosage(value: dict[str, Any]) -> Dosage:
    """Public face of the dose rules for plan files: raises DosageError with a clear message."""
    try:
        return dosage_from_mapping(value)
    except _Invalid as exc:
        raise DosageError(exc.message) from None
