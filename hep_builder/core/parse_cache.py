"""A cache of parsed library files in the user's data dir, so a big library loads fast (core layer).

Parsing YAML is most of the cost of loading (about 0.15 ms an exercise with PyYAML's C parser). A file's
validated result is kept as JSON keyed by its path, size, modification time and the program version; a
changed file, a new version or a damaged cache entry simply means parsing again. Nothing here is ever
required: every cache failure falls back to parsing.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from hep_builder import __version__, paths
from hep_builder.core.problems import FileResult, Problem
from hep_builder.core.serialize import exercise_from_json, exercise_to_json

CACHE_FORMAT = 1


def _cache_file(path: Path, origin: str, root: Path) -> Path | None:
    try:
        stat = path.stat()
    except OSError:
        return None
    key = f"{CACHE_FORMAT}|{__version__}|{path.resolve()}|{stat.st_size}|{stat.st_mtime_ns}|{origin}|{root.resolve()}"
    return paths.data_dir() / "cache" / "library" / f"{hashlib.sha256(key.encode('utf-8')).hexdigest()[:32]}.json"


def _read(cache: Path, path: Path) -> FileResult | None:
    try:
        data = json.loads(cache.read_text("utf-8"))
        result = FileResult(path)
        result.exercises = [exercise_from_json(item) for item in data["exercises"]]
        result.problems = [Problem(Path(p["path"]), p["line"], p["message"], p["id"]) for p in data["problems"]]
        return result
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _write(cache: Path, result: FileResult) -> None:
    data = {
        "exercises": [
            {**exercise_to_json(e), "source": str(e.source) if e.source else "", "line": e.line}
            for e in result.exercises
        ],
        "problems": [
            {"path": str(p.path), "line": p.line, "message": p.message, "id": p.exercise_id} for p in result.problems
        ],
    }
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        temp = cache.with_suffix(f".{os.getpid()}.tmp")
        temp.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
        os.replace(temp, cache)
    except OSError:
        pass  # a read-only or full data dir only costs speed


def load_file_cached(path: Path, *, origin: str, root: Path) -> FileResult:
    cache = _cache_file(path, origin, root)
    if cache is not None and cache.is_file():
        cached = _read(cache, path)
        if cached is not None:
            return cached
    from hep_builder.core.schema import load_library_file  # YAML loads only when a file must be parsed

    result = load_library_file(path, origin=origin, root=root)
    if cache is not None:
        _write(cache, result)
    return result
