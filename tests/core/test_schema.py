"""Each validation rule of a library file, with a small inline YAML."""

from __future__ import annotations

from pathlib import Path

import pytest

from hep_builder.core.schema import load_library_file

GOOD = """\
  - id: {id}
    name: Bridges
    category: strengthening
    phases: [1, 2]
    position: supine
    summary: Strengthens your buttocks.
    instructions:
      - Lie on your back.
      - Lift your hips.
    dosage: {{sets: 2, reps: 10}}
    figure: glute-bridge
"""


def write(tmp_path: Path, body: str, name: str = "lib.yaml", header: str = "schema_version: 1\nexercises:\n") -> Path:
    path = tmp_path / name
    path.write_text(header + body, "utf-8")
    return path


def load(tmp_path: Path, body: str, **kwargs):
    return load_library_file(write(tmp_path, body, **kwargs), origin="bundled")


def one_problem(result) -> str:
    assert len(result.problems) == 1, [str(p) for p in result.problems]
    return str(result.problems[0])


def test_good_exercise_loads_with_all_fields(tmp_path: Path) -> None:
    result = load(tmp_path, GOOD.format(id="bridge"))
    assert result.problems == []
    (exercise,) = result.exercises
    assert exercise.id == "bridge"
    assert exercise.phases == (1, 2)
    assert exercise.instructions == ("Lie on your back.", "Lift your hips.")
    assert exercise.dosage.sets == 2 and exercise.dosage.reps == 10 and exercise.dosage.hold_seconds is None
    assert exercise.line == 3


def test_bad_exercise_is_skipped_and_its_neighbours_load(tmp_path: Path) -> None:
    body = GOOD.format(id="first") + GOOD.format(id="second").replace("phases: [1, 2]", "phases: [4]")
    body += GOOD.format(id="third")
    result = load(tmp_path, body)
    assert [e.id for e in result.exercises] == ["first", "third"]
    message = one_problem(result)
    assert "lib.yaml:17:" in message and "'second'" in message and "phases" in message


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            ("    figure: glute-bridge\n", "    figure: glute-bridge\n    colour: red\n"),
            "unknown key 'colour'",
        ),
        (("    name: Bridges\n", "    name: Bridges\n    name: Other\n"), "duplicate key 'name'"),
        (("phases: [1, 2]", "phases: [4]"), "'phases' must be a list"),
        (("phases: [1, 2]", "phases: 1"), "'phases' must be a list"),
        (("sets: 2", "sets: -1"), "dosage 'sets' must be between 1 and 20; got -1"),
        (("sets: 2", "sets: two"), "dosage 'sets' must be a whole number"),
        (("sets: 2", "sets: true"), "dosage 'sets' must be a whole number"),
        (("reps: 10", "reps: 10, side: sideways"), "dosage 'side' must be one of"),
        (("reps: 10", "reps: 10, speed: 3"), "unknown dosage key 'speed'"),
        (("category: strengthening", "category: cardio"), "'category' must be one of"),
        (("position: supine", "position: upside-down"), "'position' must be one of"),
        (("name: Bridges", "name: ''"), "'name' must be non-empty text"),
        (("name: Bridges", "name: [a, b]"), "'name' must be non-empty text"),
        (("    summary: Strengthens your buttocks.\n", ""), "missing required key 'summary'"),
        (("    figure: glute-bridge\n", ""), "missing required key 'figure'"),
        (("      - Lift your hips.\n", ""), "'instructions' needs 2 to 6 steps; it has 1"),
        (("      - Lift your hips.\n", "      - 42\n"), "'instructions' item 2 must be non-empty text"),
        (("figure: glute-bridge", "figure: Glute Bridge!"), "'figure' key must be kebab-case"),
        (("figure: glute-bridge", "figure: ../../etc/photo.png"), "must stay inside the library folder"),
        (("figure: glute-bridge", "figure: /etc/photo.png"), "must be relative to the library folder"),
        (("figure: glute-bridge", "figure: photo.eps"), "must be a PNG or JPEG file"),
        (("figure: glute-bridge", "figure: missing.png"), "image file not found"),
        (
            ("figure: glute-bridge", "figure: glute-bridge\n    progression: bridge"),
            "cannot point at the exercise",
        ),
        (
            ("figure: glute-bridge", "figure: glute-bridge\n    tips: Keep going"),
            "'tips' must be a list of text",
        ),
        (("id: bridge", "id: Bridge_One"), "'id' must be kebab-case"),
        (
            ("figure: glute-bridge", "figure: glute-bridge\n    aliases: hip lift"),
            "'aliases' must be a list of text",
        ),
    ],
)
def test_each_rule_names_file_line_and_id(tmp_path: Path, change: tuple[str, str], expected: str) -> None:
    old, new = change
    body = GOOD.format(id="bridge")
    assert old in body
    result = load(tmp_path, body.replace(old, new, 1))
    message = one_problem(result)
    assert expected in message
    assert message.startswith(f"{tmp_path / 'lib.yaml'}:")
    line = int(message.split(":")[1])
    assert 3 <= line <= 16
    assert result.exercises == []


def test_unsafe_tag_is_refused_not_run(tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    body = GOOD.format(id="bridge").replace(
        "name: Bridges", f"name: !!python/object/apply:os.system ['touch {marker}']"
    )
    result = load(tmp_path, body + GOOD.format(id="other"))
    message = one_problem(result)
    assert "unsafe or unknown YAML tag" in message and ":4:" in message
    assert not marker.exists()
    assert [e.id for e in result.exercises] == ["other"]


def test_non_utf8_file_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "latin1.yaml"
    text = "schema_version: 1\nexercises:\n" + GOOD.format(id="bridge").replace("Bridges", "Br\u00fccken")
    path.write_bytes(text.encode("latin-1"))
    result = load_library_file(path)
    message = one_problem(result)
    assert "latin1.yaml:4:" in message and "not UTF-8" in message


def test_bom_and_crlf_are_fine(tmp_path: Path) -> None:
    path = tmp_path / "windows.yaml"
    text = "schema_version: 1\nexercises:\n" + GOOD.format(id="bridge")
    path.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    result = load_library_file(path)
    assert result.problems == []
    assert result.exercises[0].instructions[1] == "Lift your hips."


def test_newer_schema_version_is_refused_clearly(tmp_path: Path) -> None:
    result = load(tmp_path, GOOD.format(id="bridge"), header="schema_version: 2\nexercises:\n")
    message = one_problem(result)
    assert "lib.yaml:1:" in message and "newer HEP Builder" in message
    assert result.exercises == []


def test_missing_schema_version_and_broken_yaml(tmp_path: Path) -> None:
    assert "missing 'schema_version: 1'" in one_problem(load(tmp_path, GOOD.format(id="a"), header="exercises:\n"))
    broken = load(tmp_path, "  - id: [unclosed\n")
    assert "not valid YAML" in one_problem(broken)
    assert ":4:" in one_problem(broken) or ":3:" in one_problem(broken)


def test_clinic_exercise_may_use_a_photo_or_no_figure(tmp_path: Path) -> None:
    (tmp_path / "photos").mkdir()
    (tmp_path / "photos" / "lunge.jpg").write_bytes(b"\xff\xd8\xff")
    body = GOOD.format(id="photo").replace("figure: glute-bridge", "figure: photos/lunge.jpg")
    body += GOOD.format(id="plain").replace("    figure: glute-bridge\n", "")
    result = load_library_file(write(tmp_path, body), origin="clinic")
    assert result.problems == []
    photo, plain = result.exercises
    assert photo.figure_path == tmp_path / "photos" / "lunge.jpg"
    assert plain.figure is None


def test_translations_replace_patient_fields(tmp_path: Path) -> None:
    body = GOOD.format(id="bridge") + (
        "    translations:\n      es:\n        name: Puente\n        instructions: [Acuéstese., Suba la cadera.]\n"
    )
    (exercise,) = load(tmp_path, body).exercises
    spanish = exercise.localized("es")
    assert spanish.name == "Puente" and spanish.instructions[1] == "Suba la cadera."
    assert spanish.summary == exercise.summary
    assert exercise.localized("fr") is exercise
    bad = load(tmp_path, GOOD.format(id="bridge") + "    translations:\n      es: {colour: rojo}\n")
    assert "unknown key 'colour'" in one_problem(bad)


def test_aliases_are_read(tmp_path: Path) -> None:
    body = GOOD.format(id="bridge").replace("figure: glute-bridge", "figure: glute-bridge\n    aliases: [hip lift]")
    result = load(tmp_path, body)
    assert not result.problems and result.exercises[0].aliases == ("hip lift",)
