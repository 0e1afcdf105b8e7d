"""Loading several sources: the merge rule, cross-references, and the bundled hip library itself."""

from __future__ import annotations

from pathlib import Path

from hep_builder.core.exercise import CATEGORIES, PHASES
from hep_builder.core.library import LibrarySource, load_default_library, load_library
from hep_builder.core.readability import count_spanish_syllables, fernandez_huerta, flesch_kincaid_grade

ENTRY = """\
  - id: {id}
    name: {name}
    category: mobility
    phases: [1]
    position: supine
    summary: A line.
    instructions: [Do this., Then that.]
    dosage: {{reps: 10}}
{extra}"""


def library_file(folder: Path, name: str, *entries: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text("schema_version: 1\nexercises:\n" + "".join(entries), "utf-8")
    return path


def entry(exercise_id: str, name: str = "Name", extra: str = "") -> str:
    return ENTRY.format(id=exercise_id, name=name, extra=extra)


def test_later_source_replaces_an_id_whole(tmp_path: Path) -> None:
    library_file(tmp_path / "bundled", "a.yaml", entry("heel-slide", "Bundled name"), entry("other"))
    library_file(tmp_path / "clinic", "b.yaml", entry("heel-slide", "Clinic name"))
    library = load_library([LibrarySource(tmp_path / "bundled", "clinic"), LibrarySource(tmp_path / "clinic", "user")])
    assert library.problems == []
    assert library["heel-slide"].name == "Clinic name"
    assert library["heel-slide"].origin == "user"
    assert [(new.origin, old.origin) for new, old in library.replaced] == [("user", "clinic")]
    assert len(library) == 2


def test_same_id_twice_in_one_source_keeps_the_first(tmp_path: Path) -> None:
    library_file(tmp_path / "lib", "a.yaml", entry("dup", "First"))
    second = library_file(tmp_path / "lib", "b.yaml", entry("dup", "Second"))
    library = load_library([LibrarySource(tmp_path / "lib", "clinic")])
    assert library["dup"].name == "First"
    (problem,) = library.problems
    assert str(problem).startswith(f"{second}:3: exercise 'dup': duplicate id; already defined at ")


def test_dangling_progression_is_reported_and_cleared(tmp_path: Path) -> None:
    path = library_file(
        tmp_path,
        "a.yaml",
        entry("one", extra="    progression: nowhere\n"),
        entry("two", extra="    regression: one\n"),
    )
    library = load_library([LibrarySource(path, "clinic")])
    (problem,) = library.problems
    assert "'progression' names 'nowhere', which is not in the library" in str(problem)
    assert library["one"].progression is None
    assert library["two"].regression == "one"


def test_a_broken_file_never_hides_its_neighbours(tmp_path: Path) -> None:
    library_file(tmp_path, "good.yaml", entry("good"))
    (tmp_path / "bad.yaml").write_text("schema_version: 1\nexercises: [\n", "utf-8")
    (tmp_path / "binary.yaml").write_bytes(b"\xff\xfe\x00junk")
    library = load_library([LibrarySource(tmp_path, "clinic")])
    assert list(library.exercises) == ["good"]
    assert sorted(p.path.name for p in library.problems) == ["bad.yaml", "binary.yaml"]


def test_env_library_path_is_merged_last(tmp_path: Path, monkeypatch) -> None:
    library_file(tmp_path / "extra", "x.yaml", entry("glute-bridge", "Our bridge", "    figure: glute-bridge\n"))
    monkeypatch.setenv("HEP_BUILDER_LIBRARY_PATH", str(tmp_path / "extra"))
    library = load_default_library()
    assert library["glute-bridge"].name == "Our bridge"
    assert library["glute-bridge"].origin == "extra"
    assert "clamshell" in library


def test_missing_clinic_folder_is_reported_not_fatal(tmp_path: Path) -> None:
    library = load_default_library(tmp_path / "share-gone")
    assert len(library) >= 55
    assert [p.message for p in library.problems] == ["clinic library folder not found; skipped"]


# --- the bundled hip library -------------------------------------------------------------------------


def test_bundled_library_is_clean_and_large(bundled_library) -> None:
    assert [str(p) for p in bundled_library.problems] == []
    assert len(bundled_library) >= 55
    for category in CATEGORIES:
        for phase in PHASES:
            found = [e for e in bundled_library if e.category == category and phase in e.phases]
            assert found, f"no {category} exercise for phase {phase}"


ARTICLE_ITEMS = {
    "mobility": [
        "rotation drill",
        "hip flexor",
        "hamstring",
        "adductor",
        "pelvic control",
        "deep squat",
        "thoracic spine",
        "lumbar spine",
    ],
    "strengthening": [
        "bridge",
        "clamshell variations",
        "abduction",
        "hip extension",
        "squat progressions",
        "core stabilization",
        "single-leg strengthening",
        "functional resistance",
    ],
    "gait": [
        "stride length",
        "hip extension in gait",
        "glute engagement",
        "foot placement",
        "balance and rhythm",
    ],
    "balance": [
        "balance",
        "single-leg stability",
        "controlled step sequences",
        "weight shifting",
        "functional reach",
    ],
    "functional": [
        "loaded lunges",
        "step-ups",
        "directional movements",
        "carries",
        "agility",
        "return to sport",
    ],
}


def test_every_item_of_the_clinic_article_has_an_exercise(bundled_library) -> None:
    for category, items in ARTICLE_ITEMS.items():
        exercises = [e for e in bundled_library if e.category == category]
        for item in items:
            assert any(item in e.search_text for e in exercises), f"{category}: nothing covers '{item}'"


def patient_text(exercise) -> str:
    return "\n".join([exercise.summary, *exercise.instructions, *exercise.tips, *exercise.cautions])


def test_reading_level_grade_six_on_average_none_above_eight(bundled_library) -> None:
    grades = {e.id: flesch_kincaid_grade(patient_text(e)) for e in bundled_library}
    assert sum(grades.values()) / len(grades) <= 6
    assert {k: round(v, 1) for k, v in grades.items() if v > 8} == {}


def test_reading_level_measure_tells_hard_text_from_easy() -> None:
    easy = "Lie on your back. Lift your hips. Hold. Lower slowly."
    hard = (
        "Subsequently, perform contralateral isometric abduction, maintaining neutral lumbopelvic "
        "alignment throughout the prescribed therapeutic intervention."
    )
    assert flesch_kincaid_grade(easy) < 3 < 12 < flesch_kincaid_grade(hard)


def test_every_bundled_exercise_is_in_spanish_field_for_field(bundled_library) -> None:
    for exercise in bundled_library:
        spanish = exercise.localized("es")
        assert spanish.name != exercise.name and spanish.summary != exercise.summary, exercise.id
        for key in ("instructions", "tips", "cautions"):
            # Same number of steps, tips and cautions: a patient must not lose a caution in translation.
            assert len(getattr(spanish, key)) == len(getattr(exercise, key)), (exercise.id, key)
            assert set(getattr(spanish, key)).isdisjoint(getattr(exercise, key)), (exercise.id, key)


def test_spanish_patient_text_reads_easily(bundled_library) -> None:
    scores = {e.id: fernandez_huerta(patient_text(e.localized("es"))) for e in bundled_library}
    assert {k: round(v, 1) for k, v in scores.items() if v < 70} == {}


def test_spanish_reading_ease_tells_hard_text_from_easy() -> None:
    assert [count_spanish_syllables(w) for w in ("hoy", "día", "cuerpo", "cadera", "leer", "quédese")] == [
        1, 2, 2, 3, 2, 3,
    ]  # fmt: skip
    easy = "Suba la pierna. Baje la pierna. Pare si le duele."
    hard = (
        "Subsecuentemente, realice una abducción isométrica contralateral, manteniendo la alineación "
        "lumbopélvica neutral durante toda la intervención terapéutica prescrita."
    )
    assert fernandez_huerta(hard) < 30 < 80 < fernandez_huerta(easy)


def test_bundled_links_and_figures(bundled_library) -> None:
    for exercise in bundled_library:
        assert exercise.figure, exercise.id
        for target in (exercise.progression, exercise.regression):
            if target:
                assert bundled_library[target].category in CATEGORIES
        assert 2 <= len(exercise.instructions) <= 6


def test_patient_sentences_are_whole(bundled_library) -> None:
    # A comma inside a YAML flow list splits a sentence in two; every piece must be a whole sentence.
    for exercise in bundled_library:
        for text in (exercise.summary, *exercise.instructions, *exercise.tips, *exercise.cautions):
            assert text[0].isupper() or text[0].isdigit(), (exercise.id, text)
            assert text.endswith((".", "!", "?", '"')), (exercise.id, text)
