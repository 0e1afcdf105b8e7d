"""Every hostile input through every entry point of the one schema: one clear line each, never a traceback.

Entry points: a library file (strict), a plan (its header strict, its snapshots lenient), a parse-cache entry,
a figure spec file. Hostile: an alias bomb, a wrong type, an unknown key, a duplicate key, a huge value, a bad
date, a bad enum value, a wrong schema_version.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from hep_builder.core.library import LibrarySource, load_library
from hep_builder.core.planfile import PlanFileError, plan_from_text
from hep_builder.core.schema import SchemaError, exercise_from_cache, exercise_to_cache, load_library_file
from hep_builder.figures.scene import load_spec_file


def bomb(depth: int = 8) -> str:
    """A billion laughs: 9**depth leaves once expanded, a few hundred bytes as written."""
    text = "[lol, lol, lol, lol, lol, lol, lol, lol, lol]"
    for level in range(depth):
        text = f"[&a{level} {text}, " + ", ".join([f"*a{level}"] * 8) + "]"
    return text


HUGE = "x" * 200_000
EXERCISE = {
    "id": "bridge",
    "name": "Bridges",
    "category": "strengthening",
    "phases": "[1, 2]",
    "position": "supine",
    "summary": "Strengthens your buttocks.",
    "instructions": "[Lie on your back., Lift your hips.]",
    "dosage": "{sets: 2, reps: 10}",
    "tags": "[hip]",
}
# kind: (key, hostile YAML value, what the one message says)
HOSTILE = {
    "alias bomb": ("tags", bomb(), "'tags' item 1 must be non-empty text"),
    "wrong type": ("phases", "one", "'phases' must be a list"),
    "unknown key": ("colour", "red", "unknown key 'colour'"),
    "duplicate key": ("name", "Other", "'name'"),  # "duplicate key 'name'" or "the key 'name' is given twice"
    "huge value": ("summary", HUGE, "'summary' is too long"),
    "bad date": ("summary", "2026-13-45", "2026-13-45"),
    "bad enum": ("category", "cardio", "'category' must be one of"),
}


def exercise_yaml(kind: str, indent: str) -> str:
    key, value, _ = HOSTILE[kind]
    fields = dict(EXERCISE)
    lines = [f"{indent}{k}: {v}" for k, v in fields.items() if not (k == key and kind != "duplicate key")]
    lines.insert(2, f"{indent}{key}: {value}")
    return "\n".join(lines) + "\n"


def one_line(messages: list[str]) -> str:
    assert len(messages) == 1, messages
    (message,) = messages
    assert "\n" not in message and "Traceback" not in message and len(message) < 400, message[:500]
    return message


@pytest.mark.parametrize("kind", HOSTILE)
def test_a_library_file_refuses_it_at_its_line(tmp_path: Path, kind: str) -> None:
    path = tmp_path / "lib.yaml"
    path.write_text("schema_version: 1\nexercises:\n  - " + exercise_yaml(kind, "    ")[4:], "utf-8")
    result = load_library_file(path, origin="clinic")
    message = one_line([str(p) for p in result.problems])
    assert message.startswith(f"{path}:") and message.split(":")[1].isdigit(), message
    assert HOSTILE[kind][2] in message
    assert result.exercises == []


@pytest.mark.parametrize("kind", HOSTILE)
def test_a_plan_snapshot_is_read_leniently_with_one_warning(kind: str) -> None:
    text = "schema_version: 1\npatient: {name: Ann}\nitems:\n  - exercise: bridge\n    snapshot:\n"
    snapshot = exercise_yaml(kind, "      ").replace("      id: bridge\n", "")
    try:
        loaded = plan_from_text(text + snapshot)
    except PlanFileError as exc:  # only the YAML reader's own refusals (a duplicate key, a bad date)
        assert kind in ("duplicate key", "bad date"), exc
        one_line([str(exc)])
        return
    message = one_line(loaded.messages)
    assert message.startswith("line 5: item 1: snapshot"), message
    assert HOSTILE[kind][2] in message
    item = loaded.plan.items[0]
    if kind in ("alias bomb", "unknown key"):  # an optional field: left out, the rest kept
        assert item.snapshot is not None and item.snapshot.name == "Bridges" and item.snapshot.tags in ((), ("hip",))
    else:  # a required field: the library's exercise prints instead, and the warning says so
        assert item.snapshot is None and "the library's exercise is used" in message


@pytest.mark.parametrize("kind", [*HOSTILE, "wrong schema_version"])
def test_a_plan_header_refuses_it_in_one_line(kind: str) -> None:
    key, value, _ = HOSTILE.get(kind, ("schema_version", "99", ""))
    header = {"alias bomb": "goals", "wrong type": "phase", "unknown key": "colour", "duplicate key": "title",
              "huge value": "notes", "bad date": "follow_up", "bad enum": "layout"}.get(kind, "")  # fmt: skip
    text = f"schema_version: 1\npatient: {{name: Ann}}\ntitle: Home\n{header}: {value}\nitems: []\n"
    if kind == "wrong schema_version":  # newer: read as far as understood, read-only, with one message
        loaded = plan_from_text("schema_version: 99\npatient: {name: Ann}\nitems: []\n")
        assert loaded.read_only and "newer HEP Builder" in one_line(loaded.messages)
        with pytest.raises(PlanFileError) as caught:
            plan_from_text("schema_version: -1\npatient: {name: Ann}\nitems: []\n")
        one_line([str(caught.value)])
        return
    with pytest.raises(PlanFileError) as caught:
        plan_from_text(text)
    one_line([str(caught.value)])


@pytest.mark.parametrize("kind", HOSTILE)
def test_a_cache_entry_is_checked_by_the_same_rules(bundled_library, kind: str) -> None:
    import yaml

    key, value, _ = HOSTILE[kind]
    data = exercise_to_cache(bundled_library["glute-bridge"])
    if kind == "duplicate key":  # JSON keeps the last of two keys: the cache can only hold a wrong value
        data["name"] = ""
    elif kind == "bad date":
        data["summary"] = yaml.safe_load("2026-12-01")
    else:
        data[key] = yaml.safe_load(value) if kind != "huge value" else value
    with pytest.raises(SchemaError) as caught:
        exercise_from_cache(data)
    one_line([caught.value.message])


def test_a_stale_cache_entry_is_a_miss(bundled_library) -> None:
    data = exercise_to_cache(bundled_library["glute-bridge"])
    assert exercise_from_cache(data) == bundled_library["glute-bridge"]
    with pytest.raises(SchemaError):
        exercise_from_cache({**data, "origin": "elsewhere"})


FIGURE = """\
schema_version: 2
poses:
  standing: {{shoulder_abduction: 6, touch: [feet]}}
figures:
  march:
    view: side
    props: [mat]
    start: {{pose: standing}}
    {line}
"""


@pytest.mark.parametrize(
    ("kind", "line", "expected"),
    [
        ("alias bomb", f"arrow: {bomb()}", "arrow"),
        ("wrong type", "ghost: [1, 2]", "'ghost' must be true or false"),
        ("unknown key", "colour: red", "unknown key 'colour'"),
        ("duplicate key", "view: front", "'view' is given twice"),
        ("huge value", f"note: {HUGE}", "'note' is too long"),
        ("bad date", "note: 2026-13-45", "2026-13-45"),
        ("bad enum", "working: middle", "'working' is left or right"),
        ("bad prop", "props: [{type: trampoline}]", "unknown prop 'trampoline'"),
        ("bad prop key", "props: [{type: chair, colour: red}]", "'colour'"),
    ],
)
def test_a_figure_spec_refuses_it_in_one_line(tmp_path: Path, kind: str, line: str, expected: str) -> None:
    path = tmp_path / "figs.yaml"
    text = FIGURE.format(line="") if line.startswith("props:") else FIGURE.format(line=line)
    path.write_text(text.replace("props: [mat]", line) if line.startswith("props:") else text, "utf-8")
    specs, problems = load_spec_file(path)
    message = one_line(problems)
    assert message.startswith(f"{path}:") and expected in message, message
    assert "march" not in specs


def test_a_figure_spec_of_another_schema_version_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "figs.yaml"
    path.write_text(FIGURE.format(line="").replace("schema_version: 2", "schema_version: 3"), "utf-8")
    specs, problems = load_spec_file(path)
    assert specs == {} and one_line(problems).startswith(f"{path}:1: ")


def test_a_library_of_a_newer_schema_version_is_refused_at_its_line(tmp_path: Path) -> None:
    path = tmp_path / "lib.yaml"
    path.write_text("# a comment\nschema_version: 2\nexercises: []\n", "utf-8")
    message = one_line([str(p) for p in load_library_file(path, origin="clinic").problems])
    assert message.startswith(f"{path}:2: written for a newer HEP Builder")


PHOTO_EXERCISE = """\
schema_version: 1
exercises:
  - id: clinic-step
    name: Step up
    category: functional
    phases: [2, 3]
    position: standing
    summary: Step up onto a low step.
    instructions: [Stand facing the step., Step up and down.]
    dosage: {reps: 10}
    figure: photos/step.png
"""


def test_validate_reports_a_deleted_photo_at_once_though_the_file_is_cached(isolated_dirs, tmp_path: Path) -> None:
    from hep_builder.cli import main

    folder = tmp_path / "clinic"
    (folder / "photos").mkdir(parents=True)
    (folder / "photos" / "step.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (folder / "lib.yaml").write_text(PHOTO_EXERCISE, "utf-8")
    assert main(["validate", str(folder)]) == 0  # parsed and cached
    assert load_library([LibrarySource(folder, "clinic")]).problems == []  # a cache hit
    (folder / "photos" / "step.png").unlink()
    assert main(["validate", str(folder)]) == 1
    problems = load_library([LibrarySource(folder, "clinic")]).problems
    assert [p.message for p in problems] == ["'figure' image file not found: 'photos/step.png'"]
    (folder / "photos" / "step.png").write_bytes(b"\x89PNG\r\n\x1a\n")  # put back: the problem goes at once
    assert main(["validate", str(folder)]) == 0


def test_a_changed_file_leaves_one_cache_entry(isolated_dirs, tmp_path: Path) -> None:
    lib = tmp_path / "lib.yaml"
    lib.write_text(PHOTO_EXERCISE.replace("    figure: photos/step.png\n", ""), "utf-8")
    entries = isolated_dirs["data"] / "cache" / "library"
    for reps in range(3):
        lib.write_text(lib.read_text("utf-8").replace(f"reps: {reps + 10}", f"reps: {reps + 11}"), "utf-8")
        stat = lib.stat()
        os.utime(lib, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10_000_000 * (reps + 1)))
        library = load_library([LibrarySource(lib, "clinic")])
        assert library["clinic-step"].dosage.reps == reps + 11
        assert len(list(entries.glob("*.json"))) == 1


def test_entries_of_another_version_or_a_deleted_file_are_pruned(isolated_dirs, tmp_path: Path) -> None:
    from hep_builder.core import parse_cache

    keep, gone = tmp_path / "keep.yaml", tmp_path / "gone.yaml"
    for path in (keep, gone):
        path.write_text(PHOTO_EXERCISE.replace("    figure: photos/step.png\n", ""), "utf-8")
        load_library([LibrarySource(path, "clinic")])
    entries = isolated_dirs["data"] / "cache" / "library"
    (entries / "0000000000000000.json").write_text('{"key": "4|0.9|library|/old|x", "value": {}}', "utf-8")
    gone.unlink()
    assert len(list(entries.glob("*.json"))) == 3
    assert parse_cache.prune(entries) == 2
    assert len(list(entries.glob("*.json"))) == 1
    assert load_library([LibrarySource(keep, "clinic")]).problems == []
