"""Plan files: read, validate, write atomically, round-trip, and refuse bad input clearly."""

from __future__ import annotations

import errno
import os
from datetime import date
from pathlib import Path

import pytest

from hep_builder.core.plan import Patient, Plan, PlanItem
from hep_builder.core.planfile import (
    PlanFileError,
    plan_from_text,
    plan_to_text,
    read_plan,
    write_plan,
)
from tests.conftest import REPO

MINIMAL = "schema_version: 1\npatient: {name: Ann Lee}\nitems:\n  - exercise: glute-bridge\n"


def test_examples_read_and_round_trip(tmp_path: Path) -> None:
    for path in sorted((REPO / "examples").glob("*.hepplan")):
        plan = read_plan(path).plan
        assert plan.patient.name and plan.items and plan.follow_up
        copy = tmp_path / path.name
        write_plan(copy, plan)
        assert read_plan(copy).plan == plan


def test_dose_overrides_fall_back_to_library_defaults(bundled_library) -> None:
    plan = plan_from_text(MINIMAL.replace("glute-bridge\n", "glute-bridge\n    reps: 15\n")).plan
    (resolved,) = plan.resolve(bundled_library)
    default = bundled_library["glute-bridge"].dosage
    assert resolved.dosage.reps == 15
    assert resolved.dosage.sets == default.sets and resolved.dosage.days_per_week == default.days_per_week


def test_snapshot_round_trips_and_wins_over_the_library(bundled_library, tmp_path: Path) -> None:
    exercise = bundled_library["clamshell"]
    plan = Plan(Patient("Ann Lee"), items=(PlanItem("clamshell", {"sets": 2}, "Pillow between knees", exercise),))
    path = tmp_path / "p.hepplan"
    write_plan(path, plan)
    again = read_plan(path).plan
    snap = again.items[0].snapshot
    assert snap.name == exercise.name and snap.instructions == exercise.instructions
    assert snap.dosage == exercise.dosage and snap.figure == "clamshell"
    assert again.items[0].overrides == {"sets": 2}
    assert again.resolve(None)[0].exercise.name == exercise.name


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("- just a list\n", "not a plan file"),
        ("schema_version: 1\n", "no patient"),
        (MINIMAL + "colour: red\n", "unknown key(s) in the plan: colour"),
        (
            MINIMAL.replace("glute-bridge\n", "glute-bridge\n    sets: 0\n"),
            "item 1: dosage 'sets' must be between",
        ),
        (MINIMAL.replace("glute-bridge\n", "glute-bridge\n    speed: 2\n"), "item 1: unknown key(s): speed"),
        (MINIMAL + "phase: 4\n", "'phase' must be 1, 2 or 3"),
        (MINIMAL + "layout: tiny\n", "'layout' must be one of"),
        (MINIMAL + "follow_up: soon\n", "'follow_up' must be a date"),
        ("schema_version: 1\npatient: {name: [\n", "damaged near line"),
        ("schema_version: 1\npatient: !!python/object/apply:os.system [ls]\n", "damaged"),
    ],
)
def test_bad_plans_are_refused_with_a_clear_message(text: str, message: str) -> None:
    with pytest.raises(PlanFileError) as info:
        plan_from_text(text)
    assert message in str(info.value)


def test_newer_schema_opens_read_only() -> None:
    loaded = plan_from_text(MINIMAL.replace("schema_version: 1", "schema_version: 3") + "future_key: x\n")
    assert loaded.read_only
    assert "newer HEP Builder" in loaded.messages[0]
    assert loaded.plan.patient.name == "Ann Lee"


def test_dates_parse_from_yaml_timestamps_and_text() -> None:
    plan = plan_from_text(MINIMAL + "created: 2026-11-27T10:15:00\nfollow_up: '2026-12-11'\n").plan
    assert plan.created.isoformat() == "2026-11-27T10:15:00" and plan.follow_up == date(2026, 12, 11)


def test_unreadable_files(tmp_path: Path) -> None:
    with pytest.raises(PlanFileError, match="not found"):
        read_plan(tmp_path / "nope.hepplan")
    binary = tmp_path / "b.hepplan"
    binary.write_bytes(b"\xff\xfe\xfa")
    with pytest.raises(PlanFileError, match="not UTF-8"):
        read_plan(binary)


@pytest.mark.parametrize("failing", ["write", "fsync", "replace"])
def test_failed_save_leaves_the_old_file_byte_identical(tmp_path: Path, monkeypatch, failing: str) -> None:
    path = tmp_path / "plan.hepplan"
    write_plan(path, plan_from_text(MINIMAL).plan)
    before = path.read_bytes()
    changed = Plan(Patient("Changed Name"), items=(PlanItem("clamshell"),))

    def boom(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    if failing == "write":
        monkeypatch.setattr(os, "fdopen", lambda fd, mode: _FailingFile(fd))
    else:
        monkeypatch.setattr(os, failing, boom)
    with pytest.raises(OSError):
        write_plan(path, changed)
    monkeypatch.undo()
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.hepplan"]


class _FailingFile:
    def __init__(self, fd: int) -> None:
        self.fd = fd

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        os.close(self.fd)

    def write(self, data: bytes) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")


def test_saved_file_has_normal_permissions(tmp_path: Path) -> None:
    path = tmp_path / "plan.hepplan"
    write_plan(path, plan_from_text(MINIMAL).plan)
    assert path.stat().st_mode & 0o044  # readable by the group and others, like any document
    assert plan_to_text(read_plan(path).plan) == path.read_text("utf-8")


def test_text_is_kept_exactly_as_typed_even_when_not_nfc() -> None:
    # Found by the state machine: U+F900 and combining accents must survive a save and reload unchanged.
    plan = Plan(Patient("A\u0301na \uf900"), notes="\uf900", items=(PlanItem("clamshell", notes="e\u0301"),))
    assert plan_from_text(plan_to_text(plan)).plan == plan


def test_new_plan_ids_are_random_version_4_uuids() -> None:
    import uuid

    from hep_builder.core.plan import new_plan_id

    ids = {new_plan_id() for _ in range(200)}
    assert len(ids) == 200
    for text in ids:
        parsed = uuid.UUID(text)
        assert parsed.version == 4 and parsed.variant == uuid.RFC_4122 and str(parsed) == text


def test_with_dose_keeps_a_left_out_value_and_drops_the_librarys_own() -> None:
    from hep_builder.core.plan import PlanItem

    item = PlanItem("glute-bridge", {"hold_seconds": None, "reps": 12})
    assert item.with_dose("sets", 2, 3).overrides == {"hold_seconds": None, "reps": 12, "sets": 2}
    assert item.with_dose("reps", 10, 10).overrides == {"hold_seconds": None}  # the library's value: no override
    assert item.with_dose("sets", None, 3).overrides == {"hold_seconds": None, "reps": 12, "sets": None}
    assert item.with_dose("sets", None, None).overrides == {"hold_seconds": None, "reps": 12}
    assert item.with_dose("colour", "red", None) is item
