"""The parse cache: same result as parsing, refreshed when a file changes, harmless when damaged."""

from __future__ import annotations

import os
from pathlib import Path

from hep_builder.core.library import LibrarySource, load_library
from hep_builder.core.parse_cache import load_file_cached
from hep_builder.core.schema import load_library_file
from hep_builder.paths import bundled_dir


def test_cached_result_equals_a_fresh_parse(isolated_dirs) -> None:
    for path in sorted((bundled_dir("exercises") / "hip").glob("*.yaml")):
        fresh = load_library_file(path, origin="bundled", root=path.parent)
        first = load_file_cached(path, origin="bundled", root=path.parent)
        second = load_file_cached(path, origin="bundled", root=path.parent)
        assert fresh.exercises == first.exercises == second.exercises
        assert [(e.line, e.source) for e in second.exercises] == [(e.line, e.source) for e in fresh.exercises]
    assert list((isolated_dirs["data"] / "cache" / "library").glob("*.json"))


def test_a_changed_file_is_parsed_again_and_problems_are_cached_too(tmp_path: Path) -> None:
    lib = tmp_path / "lib.yaml"
    lib.write_text("schema_version: 1\nexercises:\n  - id: a\n", "utf-8")
    first = load_library([LibrarySource(tmp_path, "clinic")])
    assert first.problems and "missing required key" in str(first.problems[0])
    assert [str(p) for p in load_library([LibrarySource(tmp_path, "clinic")]).problems] == [
        str(p) for p in first.problems
    ]
    lib.write_text(
        "schema_version: 1\nexercises:\n  - {id: a, name: A, category: gait, phases: [1], position: standing,"
        " summary: S., instructions: [One., Two.], dosage: {reps: 2}}\n",
        "utf-8",
    )
    stat = lib.stat()
    os.utime(lib, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10_000_000))
    again = load_library([LibrarySource(tmp_path, "clinic")])
    assert again.problems == [] and again["a"].name == "A"


def test_damaged_cache_entries_fall_back_to_parsing(isolated_dirs) -> None:
    source = bundled_dir("exercises")
    load_library([LibrarySource(source, "bundled")])
    for entry in (isolated_dirs["data"] / "cache" / "library").glob("*.json"):
        entry.write_text("{broken", "utf-8")
    library = load_library([LibrarySource(source, "bundled")])
    assert len(library) >= 55 and library.problems == []
