"""The one schema: what an exercise, a plan, a plan item's snapshot and a parse-cache entry may hold (core
layer). The figure specs' file-level rules (strict YAML, schema_version) come from here too (figures/scene.py).

One field table (``EXERCISE_FIELDS``, in the manner of qutebrowser's configtypes: a key, its check, whether
it is required, where it may appear) serves every entry point:

- ``load_library_file``: strict, for library files and ``validate``. A bad exercise is skipped with one
  ``file:line: sentence`` problem; the rest of the file still loads.
- ``exercise_from_snapshot``: lenient, for the snapshots inside plans (old ones too). A bad optional field
  is left out with a warning; a bad or missing required one drops the snapshot with a warning, and the
  library's exercise prints instead. Nothing is ever replaced silently.
- ``exercise_from_cache``: the parse cache's entries, checked by the same rules; a bad entry raises
  SchemaError and is simply parsed again.
- ``dosage_from_mapping`` / ``validate_dosage``: a dose (library default or plan override).
- ``plan_from_mapping``: a plan document (from a plan file, an autosave or any plan store): a wrong value is
  one PlanFileError sentence (``planfile`` adds its line), a newer format is read as far as understood and
  marked read-only, and its snapshots are read leniently (above), their warnings in ``LoadedPlan.messages``.

Values in messages are cut to 80 characters (``textio.short``). No PyYAML at import: a warm start reads only
the cache, and PyYAML costs about 19 ms to import (only ``load_library_file`` needs it).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path, PurePosixPath, PureWindowsPath
from types import MappingProxyType
from typing import Any, NamedTuple
from urllib.parse import urlsplit  # free: pathlib has loaded it already

from hep_builder.core.exercise import (
    CATEGORIES,
    DOSAGE_INT_RANGES,
    DOSAGE_KEYS,
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
from hep_builder.core.plan import LAYOUTS, PAPERS, Patient, Plan, PlanItem, new_plan_id
from hep_builder.core.precautions import NONE, PrecautionError, check_precautions, check_side
from hep_builder.core.problems import FileResult, Problem
from hep_builder.core.textio import MAX_SHOWN, YamlFileError, short

LIBRARY_SCHEMA_VERSION = 1
ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
LANGUAGE_PATTERN = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$")
FILE_KEYS = ("schema_version", "exercises")
MAX_INSTRUCTIONS = 6
MIN_INSTRUCTIONS = 2
LIBRARY, SNAPSHOT, CACHE = "library", "snapshot", "cache"  # the entry points (modes) of the field table


class SchemaError(ValueError):
    """A value that breaks the schema: one plain sentence, and the 1-based line when known (0 if not)."""

    def __init__(self, message: str, line: int = 0) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


_Invalid = SchemaError  # the name the checks below raise


# The three small records below are NamedTuples, immutable like the frozen dataclasses elsewhere: this module
# loads at every start (the cache reads through it), and a dataclass costs about 0.7 ms to create, these 0.1 ms.
class At(NamedTuple):
    """Where a value sits in its file: its line, its list items' lines, its mapping keys' lines (0: unknown)."""

    line: int = 0
    items: tuple[int, ...] = ()
    keys: Mapping[str, int] = MappingProxyType({})

    def item(self, index: int) -> int:
        return self.items[index] if index < len(self.items) else self.line

    def key(self, name: str) -> int:
        return self.keys.get(name, self.line)


NOWHERE = At()


class Context(NamedTuple):
    """Which entry point is checking, and for a library file, where it is (photos must stay in ``root``)."""

    mode: str
    path: Path | None = None
    root: Path | None = None


Check = Callable[[Any, At, Context], Any]


class Field(NamedTuple):
    """One key of an exercise: its check (returns the clean value or raises SchemaError), the entry points
    that require it, and those it may appear in at all."""

    check: Check
    required_in: tuple[str, ...] = ()
    modes: tuple[str, ...] = (LIBRARY, SNAPSHOT, CACHE)


def _cut(key: Any) -> str:
    """A key as written, for a message: text kept plain, anything else as its short repr; at most 80."""
    text = key if isinstance(key, str) else short(key)
    return text if len(text) <= MAX_SHOWN else text[: MAX_SHOWN - 1] + "…"


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


# --- the checks: each takes (value, where it sits, context) and returns the clean value ---------------------


MAX_TEXT = 2_000  # a name, a summary, one step or tip: far beyond any real one, small enough for any sheet


def _text(value: Any, key: str, at: int) -> str:
    if not isinstance(value, str) or not value.strip():
        raise _Invalid(f"'{key}' must be non-empty text", at)
    if len(value) > MAX_TEXT:
        raise _Invalid(f"'{key}' is too long ({len(value):,} characters; at most {MAX_TEXT:,})", at)
    return value.strip()


def _text_list(value: Any, key: str, at: At) -> tuple[str, ...]:
    if not isinstance(value, (list, tuple)):
        raise _Invalid(f"'{key}' must be a list of text", at.line)
    items = []
    for index, item in enumerate(value):
        if not isinstance(item, str) or not item.strip():
            raise _Invalid(f"'{key}' item {index + 1} must be non-empty text", at.item(index))
        if len(item) > MAX_TEXT:
            raise _Invalid(f"'{key}' item {index + 1} is too long ({len(item):,} characters; at most {MAX_TEXT:,})",
                           at.item(index))  # fmt: skip
        items.append(item.strip())
    return tuple(items)


def _texts(key: str) -> Check:
    return lambda value, at, ctx: _text_list(value, key, at)


def _nonempty(key: str) -> Check:
    return lambda value, at, ctx: _text(value, key, at.line)


def _one_of(key: str, choices: tuple[str, ...]) -> Check:
    def check(value: Any, at: At, ctx: Context) -> str:
        if not isinstance(value, str) or value not in choices:
            raise _Invalid(f"'{key}' must be one of {', '.join(choices)}; got {short(value)}", at.line)
        return value

    return check


def _exercise_id(value: Any, at: At, ctx: Context) -> str:
    if not isinstance(value, str) or not ID_PATTERN.match(value):
        raise _Invalid(f"'id' must be kebab-case (like 'glute-bridge'), not {short(value)}", at.line)
    return value


def _phases(value: Any, at: At, ctx: Context) -> tuple[int, ...]:
    if (
        not isinstance(value, (list, tuple))
        or not value
        or not all(_is_int(p) and p in PHASES for p in value)
        or len(set(value)) != len(value)
    ):
        raise _Invalid(f"'phases' must be a list of distinct phases from 1, 2, 3; got {short(value)}", at.line)
    return tuple(sorted(value))


def _instructions(value: Any, at: At, ctx: Context) -> tuple[tuple[str, ...], tuple[dict[str, str], ...]]:
    steps, _, variants = _worded(value, "instructions", at, scoped=False)
    if not MIN_INSTRUCTIONS <= len(steps) <= MAX_INSTRUCTIONS:
        raise _Invalid(
            f"'instructions' needs {MIN_INSTRUCTIONS} to {MAX_INSTRUCTIONS} steps; it has {len(steps)}", at.line
        )
    return steps, variants


def _cautions(
    value: Any, at: At, ctx: Context
) -> tuple[tuple[str, ...], tuple[tuple[str, ...], ...], tuple[dict[str, str], ...]]:
    """Cautions are text, or ``{text: ..., only_for: <precaution or list>}`` for a caution that concerns only
    patients under that precaution (e.g. after a hip replacement from the back), and/or ``for:`` wordings."""
    return _worded(value, "cautions", at, scoped=True)


def _worded(
    value: Any, key: str, at: At, *, scoped: bool
) -> tuple[tuple[str, ...], tuple[tuple[str, ...], ...], tuple[dict[str, str], ...]]:
    """Steps (or cautions) as text, each optionally ``{text: ..., for: {<precaution>: <wording>}}``: the
    wording that replaces the text when the plan names that precaution (README, "The exercise library").
    Returns the texts, per item its scope (cautions' ``only_for``) and its wordings (``()`` when none has any)."""
    if not isinstance(value, (list, tuple)):
        raise _Invalid(f"'{key}' must be a list of text", at.line)
    texts: list[str] = []
    scopes: list[tuple[str, ...]] = []
    variants: list[dict[str, str]] = []
    allowed = ("text", "for", "only_for") if scoped else ("text", "for")
    for index, item in enumerate(value):
        item_line = at.item(index)
        scope: tuple[str, ...] = ()
        wordings: dict[str, str] = {}
        if isinstance(item, dict):
            unknown = sorted(_cut(k) for k in item if k not in allowed)
            if unknown:
                raise _Invalid(f"'{key}' item {index + 1} has unknown key(s): {', '.join(unknown)}", item_line)
            if scoped and "only_for" not in item and "for" not in item:
                raise _Invalid(f"'{key}' item {index + 1} needs 'only_for' (or write it as plain text)", item_line)
            if "only_for" in item:
                scope = _caution_scope(item["only_for"], index, item_line)
            worded = item.get("for", {})
            if not isinstance(worded, dict) or ("for" in item and not worded):
                raise _Invalid(f"'{key}' item {index + 1}: 'for' must map a precaution to its wording", item_line)
            wordings = _wordings(worded, f"'{key}' item {index + 1}", item_line)
            item = item.get("text")
        if not isinstance(item, str) or not item.strip():
            raise _Invalid(f"'{key}' item {index + 1} must be non-empty text", item_line)
        if len(item) > MAX_TEXT:
            raise _Invalid(f"'{key}' item {index + 1} is too long ({len(item):,} characters; at most {MAX_TEXT:,})",
                           item_line)  # fmt: skip
        texts.append(item.strip())
        scopes.append(scope)
        variants.append(wordings)
    return tuple(texts), tuple(scopes) if any(scopes) else (), tuple(variants) if any(variants) else ()


def _wordings(worded: Mapping[Any, Any], what: str, line: int) -> dict[str, str]:
    """``{precaution: wording}``, each precaution known (not ``none``) and each wording text."""
    wordings: dict[str, str] = {}
    for precaution, wording in worded.items():
        try:
            (checked,) = check_precautions([precaution], "for")
        except (PrecautionError, ValueError) as exc:
            raise _Invalid(f"{what}: {exc}", line) from None
        if checked == NONE:
            raise _Invalid(f"{what}: 'for: none' would never print", line)
        if not isinstance(wording, str) or not wording.strip() or len(wording) > MAX_TEXT:
            raise _Invalid(f"{what}: the wording for {checked} must be text", line)
        wordings[checked] = wording.strip()
    return wordings


def _variants(key: str) -> Check:
    """Snapshots and the cache keep each step's (caution's) wordings apart: a list of mappings, one per item."""

    def check(value: Any, at: At, ctx: Context) -> tuple[dict[str, str], ...]:
        if not isinstance(value, (list, tuple)) or not all(isinstance(v, dict) for v in value):
            raise _Invalid(f"'{key}' must be a list of precaution wordings, one per item", at.line)
        result = tuple(_wordings(v, f"'{key}' item {i + 1}", at.item(i)) for i, v in enumerate(value))
        return result if any(result) else ()

    return check


def _caution_scope(value: Any, index: int, line: int) -> tuple[str, ...]:
    try:
        scope = check_precautions(value, "only_for")
    except PrecautionError as exc:
        raise _Invalid(f"'cautions' item {index + 1}: {exc}", line) from None
    if NONE in scope:
        raise _Invalid(f"'cautions' item {index + 1}: 'only_for: none' would never print", line)
    return scope


def _caution_scopes(value: Any, at: At, ctx: Context) -> tuple[tuple[str, ...], ...]:
    """Snapshots and the cache keep each caution's scope beside the caution texts (a list per caution)."""
    if not isinstance(value, (list, tuple)) or not all(isinstance(s, (list, tuple)) for s in value):
        raise _Invalid("'caution_scopes' must be a list of precaution lists, one per caution", at.line)
    return tuple(_caution_scope(list(scope), index, at.item(index)) if scope else () for index, scope in
                 enumerate(value))  # fmt: skip


def _precaution_tags(value: Any, at: At, ctx: Context) -> tuple[str, ...]:
    """The plan precautions an exercise breaks (``none`` belongs to plans, not exercises)."""
    if value is None or value == []:
        return ()
    try:
        tags = check_precautions(value)
    except PrecautionError as exc:
        raise _Invalid(str(exc), at.line) from None
    if NONE in tags:
        raise _Invalid("'precautions' of an exercise lists the rules it breaks; 'none' is for plans", at.line)
    return tags


def _link(key: str) -> Check:
    def check(value: Any, at: At, ctx: Context) -> str | None:
        if value is None and ctx.mode != LIBRARY:
            return None  # the cache writes an absent link as null
        if not isinstance(value, str) or not ID_PATTERN.match(value):
            raise _Invalid(f"'{key}' must be an exercise id; got {short(value)}", at.line)
        return value

    return check


def _figure(value: Any, at: At, ctx: Context) -> str | None:
    if value is None and ctx.mode != LIBRARY:
        return None
    if not isinstance(value, str) or not value.strip():
        raise _Invalid("'figure' must be a figure key or an image file name", at.line)
    text: str = value.strip()
    if not is_image_reference(text):
        if not ID_PATTERN.match(text):
            raise _Invalid(f"'figure' key must be kebab-case; got {short(text)}", at.line)
        return text
    if PurePosixPath(text).is_absolute() or PureWindowsPath(text).is_absolute() or PureWindowsPath(text).drive:
        raise _Invalid(f"'figure' image path must be relative to the library folder; got {short(text)}", at.line)
    if ".." in PurePosixPath(text.replace("\\", "/")).parts:
        raise _Invalid(f"'figure' image path must stay inside the library folder; got {short(text)}", at.line)
    if PurePosixPath(text).suffix.lower() not in IMAGE_SUFFIXES:
        raise _Invalid(f"'figure' image must be a PNG or JPEG file; got {short(text)}", at.line)
    if ctx.mode == SNAPSHOT:
        return None  # a photo lives beside its library file, not in the plan: the snapshot prints without it
    if ctx.mode == LIBRARY and ctx.path is not None:
        _check_photo(text, at.line, ctx.path, ctx.root or ctx.path.parent)
    return text  # the cache: parse_cache.photos_present checks the file on every read


def _check_photo(value: str, line: int, path: Path, root: Path) -> None:
    target = (path.parent / value).resolve()
    try:
        target.relative_to(root.resolve())
    except ValueError:
        raise _Invalid(f"'figure' image path leaves the library folder: {short(value)}", line) from None
    if not target.is_file():
        raise _Invalid(f"{PHOTO_PROBLEM}{short(value)}", line)


PHOTO_PROBLEM = "'figure' image file not found: "  # parse_cache keeps no result with this problem


MAX_URL = 500


def _video_url(value: Any, at: At, ctx: Context) -> str | None:
    """A web address the handout can print as a QR code: http or https, a host, no spaces."""
    if value is None and ctx.mode == CACHE:
        return None
    if not isinstance(value, str) or not value.strip():
        raise _Invalid("'video_url' must be a web address (https://...)", at.line)
    url = value.strip()
    try:
        parts = urlsplit(url)
    except ValueError:
        parts = None
    if parts is None or parts.scheme not in ("http", "https") or not parts.hostname:
        raise _Invalid(f"'video_url' must start with https:// or http:// and name a site; got {short(url)}", at.line)
    if any(ch.isspace() for ch in url) or len(url) > MAX_URL:
        raise _Invalid(f"'video_url' must be one address without spaces, at most {MAX_URL} characters", at.line)
    return url


def _dosage(value: Any, at: At, ctx: Context) -> Dosage:
    if not isinstance(value, dict):
        raise _Invalid("'dosage' must be a mapping (like 'sets: 2')", at.line)
    return dosage_from_mapping(value, dict(at.keys))


def dosage_from_mapping(value: Mapping[Any, Any], lines: Mapping[str, int] | None = None) -> Dosage:
    """Validate a dose mapping (library default or plan override); raises SchemaError."""
    lines = lines or {}
    clean: dict[str, Any] = {}
    for key, item in value.items():
        at = lines.get(key, 0) if isinstance(key, str) else 0
        if key in DOSAGE_INT_RANGES:
            low, high = DOSAGE_INT_RANGES[key]
            if item is None:
                continue
            if not _is_int(item):
                raise _Invalid(f"dosage '{key}' must be a whole number; got {short(item)}", at)
            if not low <= item <= high:
                raise _Invalid(f"dosage '{key}' must be between {low} and {high}; got {short(item)}", at)
            clean[key] = item
        elif key in DOSAGE_TEXT_FIELDS:
            if item is None:
                continue
            if not isinstance(item, str) or not item.strip():
                raise _Invalid(f"dosage '{key}' must be text; got {short(item)}", at)
            if len(item) > MAX_DOSE_TEXT:
                raise _Invalid(f"dosage '{key}' is too long ({len(item):,} characters; at most {MAX_DOSE_TEXT})", at)
            if key == "side" and item not in SIDES:
                raise _Invalid(f"dosage 'side' must be one of {', '.join(SIDES)}; got {short(item)}", at)
            clean[key] = item.strip()
        else:
            raise _Invalid(f"unknown dosage key {short(key)}", at)
    return Dosage(**clean)


MAX_DOSE_TEXT = 200  # "light band", "slow, 3 seconds down": a line on the sheet, never a page


def _translations(value: Any, at: At, ctx: Context) -> dict[str, dict[str, Any]]:
    if not isinstance(value, dict):
        raise _Invalid("'translations' must map a language code to its fields", at.line)
    result: dict[str, dict[str, Any]] = {}
    for lang, text in value.items():
        where = at.key(lang) if isinstance(lang, str) else at.line
        if not isinstance(lang, str) or not LANGUAGE_PATTERN.match(lang):
            raise _Invalid(f"translation language must be a code like 'es'; got {short(lang)}", where)
        if not isinstance(text, dict):
            raise _Invalid(f"translation '{lang}' must be a mapping of fields", where)
        entry: dict[str, Any] = {}
        for key, item in text.items():
            if key not in TRANSLATABLE_FIELDS and (key not in WORDED_KEYS or ctx.mode == LIBRARY):
                raise _Invalid(f"translation '{lang}' has unknown key '{_cut(key)}'", where)
            if key in ("name", "summary"):
                entry[key] = _text(item, f"{lang}.{key}", where)
            elif key in ("instructions", "cautions"):  # a step or caution may carry its {text, for} wording
                entry[key], _, variants = _worded(item, f"{lang}.{key}", At(where), scoped=key == "cautions")
                if variants:
                    entry[f"{key}_for"] = variants
            elif key in WORDED_KEYS and ctx.mode != LIBRARY:  # kept apart in snapshots and the cache
                entry[key] = _variants(f"{lang}.{key}")(item, At(where), ctx)
            else:
                entry[key] = _text_list(item, f"{lang}.{key}", At(where))
        result[lang] = entry
    return result


ORIGINS = ("bundled", "clinic", "user", "extra", "plan")
WORDED_KEYS = ("instructions_for", "cautions_for")  # a translation's wordings, as snapshots and the cache keep them


def _source(value: Any, at: At, ctx: Context) -> Path | None:
    if not isinstance(value, str):
        raise _Invalid("'source' must be a path", at.line)
    return Path(value) if value else None


def _line(value: Any, at: At, ctx: Context) -> int:
    if not _is_int(value) or value < 0:
        raise _Invalid("'line' must be a line number", at.line)
    return int(value)


ALL = (LIBRARY, SNAPSHOT, CACHE)

# The exercise, key by key, in the order the checks run (the first problem of an exercise is the one reported).
EXERCISE_FIELDS: dict[str, Field] = {
    # A snapshot has no id of its own: it is its plan item's.
    "id": Field(_exercise_id, required_in=(LIBRARY, CACHE), modes=(LIBRARY, CACHE)),
    "name": Field(_nonempty("name"), required_in=ALL),
    "category": Field(_one_of("category", CATEGORIES), required_in=ALL),
    "phases": Field(_phases, required_in=ALL),
    "position": Field(_one_of("position", POSITIONS), required_in=ALL),
    "summary": Field(_nonempty("summary"), required_in=ALL),
    "instructions": Field(_instructions, required_in=ALL),
    "step_variants": Field(_variants("step_variants"), modes=(SNAPSHOT, CACHE)),
    "equipment": Field(_texts("equipment")),
    "tips": Field(_texts("tips")),
    "tags": Field(_texts("tags")),
    "aliases": Field(_texts("aliases"), modes=(LIBRARY, CACHE)),  # search only: never printed, never in a plan
    "cautions": Field(_cautions),
    "caution_scopes": Field(_caution_scopes, modes=(SNAPSHOT, CACHE)),
    "caution_variants": Field(_variants("caution_variants"), modes=(SNAPSHOT, CACHE)),
    "precautions": Field(_precaution_tags),
    "progression": Field(_link("progression")),
    "regression": Field(_link("regression")),
    "figure": Field(_figure),
    "video_url": Field(_video_url, modes=(LIBRARY, CACHE)),  # never in a plan: printing looks it up in the library
    "dosage": Field(_dosage, required_in=(LIBRARY, CACHE)),  # an old snapshot leaves out an empty dose
    "translations": Field(_translations),
    "origin": Field(_one_of("origin", ORIGINS), required_in=(CACHE,), modes=(CACHE,)),
    "source": Field(_source, modes=(CACHE,)),
    "line": Field(_line, modes=(CACHE,)),
}
REQUIRED_KEYS = tuple(k for k, f in EXERCISE_FIELDS.items() if LIBRARY in f.required_in)
OPTIONAL_KEYS = tuple(k for k, f in EXERCISE_FIELDS.items() if LIBRARY in f.modes and LIBRARY not in f.required_in)


def _build(values: Mapping[str, tuple[Any, At]], ctx: Context, line: int) -> dict[str, Any]:
    """Every field of the table checked in order; the clean values by Exercise attribute. Raises the first
    SchemaError (strict entry points), or, for a snapshot, only for a required field (see exercise_from_snapshot)."""
    clean: dict[str, Any] = {}
    for key, spec in EXERCISE_FIELDS.items():
        if ctx.mode not in spec.modes:
            continue
        if key not in values:
            if ctx.mode in spec.required_in:
                raise _Invalid(f"missing required key '{key}'", line)
            continue
        value, at = values[key]
        result = spec.check(value, at, ctx)
        # A library step or caution carries its scope and wordings; snapshots and the cache list them apart.
        if key == "instructions":
            clean["instructions"], clean["step_variants"] = result
        elif key == "cautions":
            clean["cautions"], clean["caution_scopes"], clean["caution_variants"] = result
        else:
            clean[key] = result
    _cross_check(clean, values)
    return clean


def _cross_check(clean: dict[str, Any], values: Mapping[str, tuple[Any, At]]) -> None:
    """The rules that span fields: a link never points at its own exercise; one scope per caution."""
    for key in ("progression", "regression"):
        if clean.get(key) is not None and clean[key] == clean.get("id"):
            raise _Invalid(f"'{key}' cannot point at the exercise itself", values[key][1].line)
    for key, of in (
        ("caution_scopes", "cautions"),
        ("step_variants", "instructions"),
        ("caution_variants", "cautions"),
    ):
        given = clean.get(key) or ()
        if given and len(given) != len(clean.get(of, ())):
            raise _Invalid(
                f"'{key}' must give one entry per item of '{of}'", values[key][1].line if key in values else 0
            )


def _exercise(clean: dict[str, Any], **where: Any) -> Exercise:
    if "caution_scopes" in clean and not any(clean["caution_scopes"]):
        clean["caution_scopes"] = ()
    return Exercise(**{**clean, **where})


def exercise_from_cache(data: Any) -> Exercise:
    """A parse-cache entry back into an exercise, by the same rules as a library file; SchemaError if the
    entry is damaged or from another version (the caller parses the file again)."""
    if not isinstance(data, dict):
        raise _Invalid("a cached exercise must be a mapping")
    unknown = [k for k in data if k not in EXERCISE_FIELDS or CACHE not in EXERCISE_FIELDS[k].modes]
    if unknown:
        raise _Invalid(f"unknown key '{_cut(unknown[0])}' in a cached exercise")
    return _exercise(_build({k: (v, NOWHERE) for k, v in data.items()}, Context(CACHE), 0))


def exercise_to_json(exercise: Exercise) -> dict[str, Any]:
    """An exercise as plain JSON-ready data, for ``list --json``, plan snapshots and the parse cache."""
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
        data["translations"] = {lang: {k: [dict(x) if isinstance(x, Mapping) else x for x in v]
                                       if isinstance(v, tuple) else v for k, v in text.items()}
                                for lang, text in exercise.translations.items()}  # fmt: skip
    return data


def exercise_to_cache(exercise: Exercise) -> dict[str, Any]:
    return {**exercise_to_json(exercise), "source": str(exercise.source) if exercise.source else "",
            "line": exercise.line}  # fmt: skip


def exercise_to_snapshot(exercise: Exercise) -> dict[str, Any]:
    """What a plan keeps of an exercise so it prints the same anywhere."""
    data = exercise_to_json(exercise)
    # No web address goes into a plan file: the handout looks the video up in the clinic's library when printing.
    # Nor aliases: they only help the library's search box.
    for key in ("id", "origin", "video_url", "aliases"):
        data.pop(key, None)
    return {k: v for k, v in data.items() if v not in (None, [], {})}


def exercise_from_snapshot(
    exercise_id: str, data: Any, where: str, warnings: list[str] | None = None
) -> Exercise | None:
    """A plan item's snapshot, leniently: an unknown key or a bad optional field is left out, a bad or
    missing required field drops the snapshot (the library's exercise prints instead); each with a warning
    in ``warnings`` (``where`` starts it, e.g. ``item 3: ``). Never raises for the snapshot's content."""
    said = warnings if warnings is not None else []
    if not isinstance(data, dict):
        said.append(f"{where}the snapshot is not a mapping; the library's exercise is used")
        return None
    values: dict[str, tuple[Any, At]] = {}
    for key, value in data.items():
        spec = EXERCISE_FIELDS.get(key) if isinstance(key, str) else None
        if spec is None or SNAPSHOT not in spec.modes:
            said.append(f"{where}snapshot: unknown key '{_cut(key)}' left out")
            continue
        if SNAPSHOT not in spec.required_in:
            try:
                spec.check(value, NOWHERE, Context(SNAPSHOT))
            except SchemaError as exc:
                said.append(f"{where}snapshot: {exc.message}; left out")
                continue
        values[key] = (value, NOWHERE)
    try:
        clean = _build(values, Context(SNAPSHOT), 0)
    except SchemaError as exc:
        said.append(f"{where}snapshot: {exc.message}; the library's exercise is used instead")
        return None
    clean.setdefault("dosage", Dosage())
    return _exercise(clean, id=exercise_id, origin="plan")


class DosageError(ValueError):
    """A dose mapping that breaks the rules; the message is user-facing."""


def validate_dosage(value: Mapping[Any, Any]) -> Dosage:
    """Public face of the dose rules for plan files: raises DosageError with a clear message."""
    try:
        return dosage_from_mapping(value)
    except SchemaError as exc:
        raise DosageError(exc.message) from None


# --- library files: the YAML node tree, walked without importing PyYAML here (nodes say their kind by .id) ---


def _line_of(node: Any) -> int:
    return node.start_mark.line + 1 if node is not None else 0


def _is_mapping(node: Any) -> bool:
    return getattr(node, "id", None) == "mapping"


def _at(node: Any) -> At:
    """Where a node and its parts sit: a list's item lines, a mapping's key lines."""
    kind = getattr(node, "id", None)
    if kind == "sequence":
        return At(_line_of(node), tuple(_line_of(item) for item in node.value))
    if kind == "mapping":
        return At(_line_of(node), keys={str(getattr(k, "value", "")): _line_of(k) for k, _ in node.value})
    return At(_line_of(node))


def _duplicate_keys(node: Any) -> list[tuple[str, int]]:
    """Keys that appear more than once in one mapping (YAML would silently keep the last)."""
    seen: set[str] = set()
    dupes: list[tuple[str, int]] = []
    for key_node, _ in node.value:
        if getattr(key_node, "id", None) == "scalar":
            if key_node.value in seen:
                dupes.append((_cut(key_node.value), _line_of(key_node)))
            seen.add(key_node.value)
    return dupes


def load_library_file(path: Path, *, origin: str = "bundled", root: Path | None = None) -> FileResult:
    """Parse one ``*.yaml`` library file, strictly. ``root`` is the library folder that photos must stay in."""
    # PyYAML only here: a warm start never parses a library file (see the module docstring).
    from hep_builder.core.yamlio import compose_file, construct

    result = FileResult(path)
    try:
        doc, loader = compose_file(path)
    except YamlFileError as exc:
        result.problems.append(Problem(path, exc.line, exc.message))
        return result
    if not _is_mapping(doc):
        result.problems.append(
            Problem(path, _line_of(doc) or 1, "expected a mapping with 'schema_version' and 'exercises'")
        )
        return result
    for name, line in _duplicate_keys(doc):
        result.problems.append(Problem(path, line, f"duplicate key '{name}'"))

    top: dict[str, Any] = {}
    for key_node, value_node in getattr(doc, "value", ()):
        key: str | None = key_node.value if getattr(key_node, "id", None) == "scalar" else None
        if key not in FILE_KEYS:
            result.problems.append(Problem(path, _line_of(key_node), f"unknown top-level key '{_cut(key)}'"))
            continue
        top[key] = value_node

    if "schema_version" not in top:
        result.problems.append(Problem(path, 1, "missing 'schema_version: 1'"))
        return result
    try:
        version = construct(loader, top["schema_version"])
    except YamlFileError as exc:
        result.problems.append(Problem(path, exc.line, exc.message))
        return result
    problem = check_schema_version(version, LIBRARY_SCHEMA_VERSION)
    if problem:
        result.problems.append(Problem(path, _line_of(top["schema_version"]), problem))
        return result

    if "exercises" not in top:
        result.problems.append(Problem(path, 1, "missing 'exercises:' list"))
        return result
    items_node = top["exercises"]
    if getattr(items_node, "id", None) != "sequence":
        result.problems.append(Problem(path, _line_of(items_node), "'exercises' must be a list"))
        return result

    ctx = Context(LIBRARY, path, root or path.parent)
    for item_node in items_node.value:
        exercise = _parse_exercise(item_node, loader, construct, ctx, origin, result.problems)
        if exercise is not None:
            result.exercises.append(exercise)
    return result


def check_schema_version(version: Any, current: int) -> str:
    """The problem with a file's ``schema_version`` ("" when it is one this program reads)."""
    if not _is_int(version) or version < 1:
        return f"schema_version must be {current}"
    if version > current:
        return (
            f"written for a newer HEP Builder (schema_version {version}; this version reads {current}); "
            "update HEP Builder to use this file"
        )
    return ""


def _guess_id(node: Any) -> str | None:
    if _is_mapping(node):
        for key_node, value_node in node.value:
            if getattr(key_node, "value", None) == "id" and getattr(value_node, "id", None) == "scalar":
                return _cut(value_node.value)
    return None


def _parse_exercise(
    node: Any, loader: Any, construct: Callable[[Any, Any], Any], ctx: Context, origin: str, problems: list[Problem]
) -> Exercise | None:
    exercise_id = _guess_id(node)
    line = _line_of(node)
    path = ctx.path or Path("?")

    def problem(message: str, at: int) -> None:
        problems.append(Problem(path, at, message, exercise_id))

    if not _is_mapping(node):
        problem("each entry of 'exercises' must be a mapping of keys", line)
        return None
    # A key given twice is ambiguous (YAML would silently keep the last), so the entry is refused.
    duplicates = _duplicate_keys(node)
    for key, key_line in duplicates:
        problem(f"duplicate key '{key}'", key_line)

    values: dict[str, tuple[Any, At]] = {}
    failed = bool(duplicates)
    for key_node, value_node in node.value:
        key = key_node.value if getattr(key_node, "id", None) == "scalar" else short(key_node)
        spec = EXERCISE_FIELDS.get(key)
        if spec is None or LIBRARY not in spec.modes:
            problem(f"unknown key '{_cut(key)}'", _line_of(key_node))
            failed = True
            continue
        try:
            value = construct(loader, value_node)
        except YamlFileError as exc:
            problem(exc.message, exc.line)
            failed = True
            continue
        values[key] = (value, _at(value_node))

    present = {getattr(key_node, "value", None) for key_node, _ in node.value}
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
        clean = _build(values, ctx, line)
    except SchemaError as exc:
        problem(exc.message, exc.line)
        return None
    exercise = _exercise(clean, source=path, line=line, origin=origin)
    # An incomplete translation is reported at its language's line; the exercise still loads (and prints the
    # missing parts in English), so one gap never takes an exercise away from the clinic.
    if exercise.translations:
        language_lines = values["translations"][1].keys
        for language, gap in exercise.translation_gaps():
            problem(f"translation '{language}' ({language_label(language)}) {gap}", language_lines.get(language, line))
    return exercise


# --- plans: the header and items of a plan document (plan files, autosaves, any store that keeps plans) -------
# A plan that breaks a rule is refused with one sentence (PlanFileError; planfile adds the line); a plan of a
# newer format is read as far as understood and marked read-only; a snapshot is read leniently (see above).

PLAN_SCHEMA_VERSION = 1
HEADER_KEYS = (
    "schema_version", "id", "created", "modified", "patient", "therapist", "location", "title", "phase",
    "focus", "goals", "notes", "language", "layout", "paper", "follow_up", "items",
    "precautions", "precautions_until", "affected_side",
)  # fmt: skip
ITEM_KEYS = ("exercise", "notes", "snapshot", "acknowledged", *DOSAGE_KEYS)

# What a plan file may hold: far beyond any real plan, small enough that no file can freeze the program.
MAX_PLAN_BYTES = 1024 * 1024
MAX_ITEMS = 100
MAX_SHORT_TEXT = 200  # a name, chart number, therapist, title
MAX_LONG_TEXT = 10_000  # notes, focus, a goal
MAX_GOALS = 50
LONG_TEXT_KEYS = ("notes", "focus")
YEARS = (1900, 2199)


class PlanFileError(Exception):
    """A plan file that cannot be read; the message is for the user."""


@dataclass
class LoadedPlan:
    plan: Plan
    read_only: bool = False
    messages: list[str] = field(default_factory=list)


def _plan_text(data: dict[str, Any], key: str, where: str = "", limit: int = 0) -> str:
    value = data.get(key, "")
    if value is None:
        return ""
    if not isinstance(value, str | int | float) or isinstance(value, bool):
        raise PlanFileError(f"{where}'{key}' must be text")
    text = str(value)  # kept exactly as saved; the handout normalises what it prints (pdf.text.clean)
    limit = limit or (MAX_LONG_TEXT if key in LONG_TEXT_KEYS else MAX_SHORT_TEXT)
    if len(text) > limit:
        raise PlanFileError(f"{where}'{key}' is too long ({len(text):,} characters; at most {limit:,})")
    return text


def _in_range(value: date, key: str) -> None:
    if not YEARS[0] <= value.year <= YEARS[1]:
        raise PlanFileError(f"'{key}' has the year {value.year}; a plan's dates are between {YEARS[0]} and {YEARS[1]}")


def _datetime(value: Any, key: str) -> datetime:
    result = _datetime_value(value, key)
    _in_range(result, key)
    return result


def _datetime_value(value: Any, key: str) -> datetime:
    if isinstance(value, datetime):
        return value.replace(tzinfo=None, microsecond=0)
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day)
    if isinstance(value, str) and len(value) <= 40:
        try:
            return datetime.fromisoformat(value).replace(tzinfo=None, microsecond=0)
        except (ValueError, OverflowError):
            pass
    raise PlanFileError(f"'{key}' must be a date and time like 2026-11-27T10:15:00")


def _date(value: Any, key: str) -> date | None:
    result = _date_value(value, key)
    if result is not None:
        _in_range(result, key)
    return result


def _date_value(value: Any, key: str) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str) and len(value) <= 40:
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise PlanFileError(f"'{key}' must be a date like 2026-12-11")


def _migrate_v0(data: dict[str, Any]) -> dict[str, Any]:
    """Version 0 (the pilot's files): patient as plain text, items as ids or with a nested 'dose'."""
    data = dict(data)
    if isinstance(data.get("patient"), str):
        data["patient"] = {"name": data["patient"]}
    items = []
    for item in data.get("items") or []:
        if isinstance(item, str):
            item = {"exercise": item}
        elif isinstance(item, dict) and isinstance(item.get("dose"), dict):
            item = {**{k: v for k, v in item.items() if k != "dose"}, **item["dose"]}
        items.append(item)
    data["items"] = items
    data["schema_version"] = 1
    return data


# Each step lifts a file one version: MIGRATIONS[n] turns version n into n + 1.
MIGRATIONS = {0: _migrate_v0}


def migrate(data: dict[str, Any]) -> tuple[dict[str, Any], int]:
    """The mapping brought up to the current version, and the version it started at."""
    version = data.get("schema_version", 0)
    start = version
    while isinstance(version, int) and not isinstance(version, bool) and version in MIGRATIONS:
        data = MIGRATIONS[version](data)
        version = data["schema_version"]
    return data, start


def plan_from_mapping(data: Any) -> LoadedPlan:
    if not isinstance(data, dict) or not ("patient" in data or "schema_version" in data):
        raise PlanFileError("this is not a plan file (expected a mapping with 'schema_version: 1')")
    data, started_at = migrate(data)
    version = data.get("schema_version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise PlanFileError("this is not a plan file ('schema_version' is missing or wrong)")
    loaded_messages: list[str] = []
    if started_at != version:
        loaded_messages.append(
            f"This plan was brought up to date from format {started_at}; saving keeps the new format."
        )
    read_only = version > PLAN_SCHEMA_VERSION
    if read_only:
        loaded_messages.append(
            f"This plan was saved by a newer HEP Builder (format {version}). It opens read-only here; "
            "update HEP Builder to edit it."
        )
    else:
        unknown = sorted(str(k) for k in data if k not in HEADER_KEYS)
        if unknown:
            raise PlanFileError(f"unknown key(s) in the plan: {', '.join(unknown)}")

    patient_data = data.get("patient")
    if isinstance(patient_data, str):
        patient_data = {"name": patient_data}
    if not isinstance(patient_data, dict):
        raise PlanFileError("the plan has no patient (expected 'patient: {name: ...}')")
    patient = Patient(
        name=_plan_text(patient_data, "name", "patient ", MAX_SHORT_TEXT).strip(),
        identifier=_plan_text(patient_data, "identifier", "patient "),
        date_of_birth=_plan_text(patient_data, "date_of_birth", "patient "),
    )

    phase = data.get("phase")
    if phase is not None and (phase not in (1, 2, 3) or isinstance(phase, bool)):
        raise PlanFileError(f"'phase' must be 1, 2 or 3; got {short(phase)}")
    layout = data.get("layout") or "standard"
    if not isinstance(layout, str) or layout not in LAYOUTS:
        raise PlanFileError(f"'layout' must be one of {', '.join(LAYOUTS)}; got {short(layout)}")
    paper = data.get("paper") or ""
    if paper and (not isinstance(paper, str) or paper not in PAPERS):
        raise PlanFileError(f"'paper' must be letter or a4; got {short(paper)}")
    goals = data.get("goals") or []
    if isinstance(goals, str):
        goals = [goals]
    if not isinstance(goals, list) or not all(isinstance(g, str) for g in goals):
        raise PlanFileError("'goals' must be a list of text")
    if len(goals) > MAX_GOALS or any(len(g) > MAX_LONG_TEXT for g in goals):
        raise PlanFileError(f"'goals' is too long (at most {MAX_GOALS} goals of {MAX_LONG_TEXT:,} characters)")

    precautions, precautions_until, affected_side = _precautions(data)

    raw_items = data.get("items") or []
    if not isinstance(raw_items, list):
        raise PlanFileError("'items' must be a list")
    if len(raw_items) > MAX_ITEMS:
        raise PlanFileError(f"the plan has {len(raw_items):,} exercises; a plan holds at most {MAX_ITEMS}")
    items = tuple(
        _item(raw, index, strict=not read_only, warnings=loaded_messages) for index, raw in enumerate(raw_items, 1)
    )

    modified = _datetime(data.get("modified") or data.get("created") or datetime(2000, 1, 1), "modified")
    plan = Plan(
        patient=patient,
        id=_plan_text(data, "id") or new_plan_id(),
        created=_datetime(data.get("created") or modified, "created"),
        modified=modified,
        therapist=_plan_text(data, "therapist"),
        location=_plan_text(data, "location"),
        title=_plan_text(data, "title") or Plan.title,
        phase=phase,
        focus=_plan_text(data, "focus"),
        goals=tuple(goals),
        notes=_plan_text(data, "notes"),
        language=_plan_text(data, "language") or "en",
        layout=layout,
        paper=paper,
        follow_up=_date(data.get("follow_up"), "follow_up"),
        items=items,
        precautions=precautions,
        precautions_until=precautions_until,
        affected_side=affected_side,
    )
    return LoadedPlan(plan, read_only, loaded_messages)


def _precautions(data: dict[str, Any]) -> tuple[tuple[str, ...], date | None, str]:
    """The plan's hip precautions, until-date and affected side; a wrong value is a clear error."""
    try:
        precautions = check_precautions(data.get("precautions"))
        side = check_side(data.get("affected_side"))
    except PrecautionError as exc:
        key = "affected_side" if "affected_side" in str(exc) else "precautions"
        raise PlanKeyError(str(exc), key) from None
    try:
        until = _date(data.get("precautions_until"), "precautions_until")
    except PlanFileError as exc:
        raise PlanKeyError(str(exc), "precautions_until") from None
    return precautions, until, side


def _item(raw: Any, index: int, *, strict: bool, warnings: list[str]) -> PlanItem:
    where = f"item {index}: "
    if isinstance(raw, str):
        raw = {"exercise": raw}
    if not isinstance(raw, dict) or not isinstance(raw.get("exercise"), str) or not raw["exercise"].strip():
        raise PlanFileError(f"{where}each item needs 'exercise: <library id>'")
    unknown = sorted(str(k) for k in raw if k not in ITEM_KEYS)
    if unknown and strict:
        raise PlanFileError(f"{where}unknown key(s): {', '.join(unknown)}")
    # A key set to null means "not for this patient" (e.g. no hold although the library has one).
    overrides = {k: raw[k] for k in DOSAGE_KEYS if k in raw}
    try:
        validate_dosage(overrides)
    except DosageError as exc:
        raise PlanFileError(f"{where}{exc}") from None
    snapshot = None
    if raw.get("snapshot") is not None:
        # Lenient (schema.exercise_from_snapshot): a bad snapshot is a warning, and the library's exercise prints.
        snapshot = exercise_from_snapshot(raw["exercise"], raw["snapshot"], where, warnings)
    if len(raw["exercise"]) > MAX_SHORT_TEXT:
        raise PlanFileError(f"{where}'exercise' is too long to be a library id")
    try:
        acknowledged = check_precautions(raw.get("acknowledged"), "acknowledged")
    except PrecautionError as exc:
        raise PlanKeyError(f"{where}{exc}", "acknowledged", index) from None
    return PlanItem(raw["exercise"].strip(), overrides, _plan_text(raw, "notes", where), snapshot, acknowledged)


class PlanKeyError(PlanFileError):
    """A wrong value of a known key; reading the file's text adds the line it is on."""

    def __init__(self, message: str, key: str, item: int = 0) -> None:
        super().__init__(message)
        self.key = key
        self.item = item  # 1-based plan item, or 0 for a header key
