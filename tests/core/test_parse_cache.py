"""The parse cache: same result as parsing, refreshed when a file changes, harmless when damaged."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from hep_builder.core.library import LibrarySource, load_library
from hep_builder.core.parse_cache import load_file_cached, load_yaml_cached
from hep_builder.core.schema import load_library_file
from hep_builder.core.textio import YamlFileError
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


def test_small_yaml_documents_are_cached_and_follow_edits(tmp_path: Path) -> None:
    doc = tmp_path / "clinic.yaml"
    doc.write_text("name: First\nlocations: []\n", "utf-8")
    assert load_yaml_cached(doc) == {"name": "First", "locations": []}
    assert load_yaml_cached(doc) == {"name": "First", "locations": []}  # from the cache
    doc.write_text("name: Second clinic\nlocations: []\n", "utf-8")
    assert load_yaml_cached(doc)["name"] == "Second clinic"


def test_a_broken_document_is_reported_every_time_and_never_cached(tmp_path: Path, isolated_dirs) -> None:
    doc = tmp_path / "settings.yaml"
    doc.write_text("paper: [unclosed\n", "utf-8")
    for _ in range(2):
        with pytest.raises(YamlFileError) as raised:
            load_yaml_cached(doc)
        assert raised.value.line == 2 and raised.value.message.startswith("not valid YAML: ")
    assert not list((isolated_dirs["data"] / "cache").glob("yaml/*.json"))


def test_a_warm_start_reads_settings_library_and_profile_without_pyyaml(isolated_dirs) -> None:
    (isolated_dirs["config"]).mkdir(parents=True)
    (isolated_dirs["config"] / "settings.yaml").write_text("paper: a4\n", "utf-8")
    code = (
        "import sys\n"
        "from hep_builder.core.startup import load_start_data\n"
        "data = load_start_data()\n"
        "print(len(data.library), data.settings.paper, data.profile.name, 'yaml' in sys.modules)\n"
    )
    env = {**os.environ}
    first = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env)
    second = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env)
    count, paper, *_name, cold_yaml = first.stdout.split()
    assert int(count) >= 55 and paper == "a4" and cold_yaml == "True"  # the first start parses
    assert second.stdout.split()[:-1] == first.stdout.split()[:-1]  # the same data...
    assert second.stdout.split()[-1] == "False"  # ...without loading PyYAML at all
