"""A cache of parsed library files in the user's data dir, so a big library loads fast (core layer).

Parsing YAML is most of the cost of loading (about 0.15 ms an exercise with PyYAML's C parser). A file's
validated result is kept as JSON keyed by its path, size, modification time and the program version; a
changed file, a new version or a damaged cache entry simply means parsing again. Entries are read back through
the one schema (``schema.exercise_from_cache``), and a hit still checks the photos its exercises name, so the
cache never hides a problem that parsing would report. Nothing here is ever
required: every cache failure falls back to parsing. The same cache serves the small YAML documents read at
start-up (clinic profile, settings), so a warm start never loads PyYAML at all.

Entry names are two 32-bit checksums of the file's identity (its path and how it is read), not of its
size or time: a changed file's new entry replaces the old one, so no entry outlives the file version it was
made from. The entry stores its whole key, so a name collision is just a miss. (zlib: no OpenSSL to load.)
"""

from __future__ import annotations

import contextlib
import json
import os
import zlib
from pathlib import Path
from typing import Any

from hep_builder import __version__, paths
from hep_builder.core.problems import FileResult, Problem
from hep_builder.core.schema import (
    PHOTO_PROBLEM,
    SchemaError,
    exercise_from_cache,
    exercise_to_cache,
    load_library_file,
)

# 3: precautions, caution scopes; 4: translations as tuples, gaps; 5: video_url; 6: aliases; 7: step wordings;
# 8: one entry per file, read through the schema
CACHE_FORMAT = 8


def _entry(kind: str, path: Path, *extra: str) -> tuple[Path, str] | None:
    """The cache file for ``path`` and the key it must carry; None when the file cannot be seen."""
    try:
        stat = path.stat()
    except OSError:
        return None
    identity = "|".join((kind, str(path.resolve()), *extra))
    key = "|".join((str(CACHE_FORMAT), __version__, identity, str(stat.st_size), str(stat.st_mtime_ns)))
    raw = identity.encode("utf-8")
    name = f"{zlib.crc32(raw):08x}{zlib.adler32(raw):08x}.json"
    return paths.data_dir() / "cache" / kind / name, key


def _read_entry(cache: Path, key: str) -> Any:
    """The cached value, or None when the entry is missing, damaged or for another key."""
    try:
        entry = json.loads(cache.read_text("utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(entry, dict) or entry.get("key") != key:
        _remove(cache)  # made from an older version of the file (or of this program): pruned now
        return None
    return entry.get("value")


def _remove(cache: Path) -> None:
    with contextlib.suppress(OSError):  # a read-only data dir: the entry is simply replaced when it can be
        cache.unlink()


def _write_entry(cache: Path, key: str, value: Any) -> None:
    try:
        text = json.dumps({"key": key, "value": value}, ensure_ascii=False)
    except (TypeError, ValueError):
        return  # not plain JSON data (a YAML date, say): simply not cached
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        temp = cache.with_suffix(f".{os.getpid()}.tmp")
        temp.write_text(text, "utf-8")
        os.replace(temp, cache)
    except OSError:
        return  # a read-only or full data dir only costs speed
    if cache.parent not in _pruned:
        _pruned.add(cache.parent)
        prune(cache.parent)


_pruned: set[Path] = set()  # the cache folders pruned by this process (once each, when it first writes)


def prune(folder: Path) -> int:
    """Remove the entries no read can use any more: made by another format or program version, or for a
    file that is gone. Only a cold start (one that writes) pays for this. Returns how many were removed."""
    current = f"{CACHE_FORMAT}|{__version__}|"
    removed = 0
    for entry in folder.glob("*.json"):
        try:
            with entry.open("r", encoding="utf-8") as handle:
                head = handle.read(4096)  # the key comes first: {"key": "...", "value": ...}
            key, _ = json.JSONDecoder().raw_decode(head, head.index('"key": ') + 7)
            parts = key.split("|")
            stale = not key.startswith(current) or not Path(parts[3]).exists()
        except (OSError, ValueError, IndexError):
            stale = True  # damaged, or not one of ours
        if stale:
            _remove(entry)
            removed += 1
    return removed


def _result_from_json(data: Any, path: Path) -> FileResult | None:
    """A cached result, checked by the schema; None (parse again) for a damaged entry or a missing photo."""
    try:
        result = FileResult(path)
        result.exercises = [exercise_from_cache(item) for item in data["exercises"]]
        result.problems = [Problem(Path(p["path"]), p["line"], p["message"], p["id"]) for p in data["problems"]]
    except (SchemaError, KeyError, TypeError):
        return None
    return result if photos_present(result) else None


def photos_present(result: FileResult) -> bool:
    """Whether every photo the cached exercises name is still there (one stat each; a bundled library has
    none). A deleted photo makes the file be parsed again, which reports it."""
    return all(exercise.figure_path.is_file() for exercise in result.exercises if exercise.figure_path is not None)


def _result_to_json(result: FileResult) -> dict[str, Any]:
    return {
        "exercises": [exercise_to_cache(e) for e in result.exercises],
        "problems": [
            {"path": str(p.path), "line": p.line, "message": p.message, "id": p.exercise_id} for p in result.problems
        ],
    }


def load_file_cached(path: Path, *, origin: str, root: Path) -> FileResult:
    entry = _entry("library", path, origin, str(root.resolve()))
    if entry is not None:
        result = _result_from_json(_read_entry(*entry), path)  # None for a miss or a damaged entry
        if result is not None:
            return result
    result = load_library_file(path, origin=origin, root=root)  # PyYAML loads only now (see schema)
    # A problem about a photo depends on another file than this one: such a result is not kept, so adding
    # the missing photo clears the problem at once.
    if entry is not None and not any(p.message.startswith(PHOTO_PROBLEM) for p in result.problems):
        _write_entry(*entry, _result_to_json(result))
    return result


def load_yaml_cached(path: Path) -> Any:
    """The plain data of a small YAML document (profile, settings); raises what ``yamlio`` raises.

    Only documents that parse are cached, so an error is reported again on every start until it is fixed.
    """
    entry = _entry("yaml", path)
    if entry is not None:
        cached = _read_entry(*entry)
        if isinstance(cached, dict) and "data" in cached:
            return cached["data"]
    from hep_builder.core.yamlio import decode_text, load_text

    data = load_text(decode_text(path.read_bytes()))
    if entry is not None:
        _write_entry(*entry, {"data": data})
    return data
