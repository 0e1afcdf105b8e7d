"""The plan store contract, run against both stores: save, conflict, lock, history, search, hostile documents,
and two processes racing. The folder and PostgreSQL stores must keep every edit the same way."""

from __future__ import annotations

import subprocess
import sys
import time
from dataclasses import replace
from datetime import datetime
from pathlib import Path

import pytest

from hep_builder.core.plan import Patient, Plan, PlanItem
from tests.conftest import REPO
from tests.core.store_drivers import FolderDriver, PgDriver

RACE_SAVES = 150  # per process; bench/plans_pg.py --race runs 1,000


@pytest.fixture(params=["folder", "postgresql"])
def driver(request: pytest.FixtureRequest, tmp_path: Path):
    if request.param == "folder":
        made = FolderDriver(tmp_path / "plans")
    else:
        store = request.getfixturevalue("pg_store")  # an empty, migrated database
        made = PgDriver(request.getfixturevalue("pg_migrated"), tmp_path / "cache")
        assert store.count() == 0
    yield made
    made.close()


def _plan(name: str = "Dana Okafor", **changes) -> Plan:
    base = Plan(Patient(name, "C-1042", "1948-03-09"), therapist="Alex Kim, PT", items=(PlanItem("clamshell"),))
    return replace(base, **changes)


def test_a_save_reads_back_exactly(driver) -> None:
    plan = _plan()
    attempt = driver.lock(plan.id)
    assert attempt.acquired
    conflict, version = driver.write(plan.id, plan, attempt.lock, None)
    assert not conflict
    assert driver.read(plan.id) == (plan, version)
    assert driver.current_version(plan.id) == version
    edited = replace(plan, notes="Ice after.")
    conflict, second = driver.write(plan.id, edited, attempt.lock, version)
    assert not conflict and second != version
    assert driver.read(plan.id) == (edited, second)


def test_a_save_from_an_old_version_is_kept_as_a_conflict(driver) -> None:
    plan = _plan()
    mine = driver.lock(plan.id).lock
    _, first = driver.write(plan.id, plan, mine, None)
    theirs = replace(plan, notes="theirs")
    _, second = driver.write(plan.id, theirs, mine, first)
    late = replace(plan, notes="mine, started from the first version")
    conflict, _ = driver.write(plan.id, late, mine, first)
    assert conflict
    assert driver.read(plan.id)[0] == theirs  # nothing overwritten
    assert {p.notes for p in driver.kept(plan.id)} >= {"theirs", "mine, started from the first version"}


def test_a_second_holder_is_refused_and_a_take_over_wins(driver) -> None:
    plan = _plan()
    first = driver.lock(plan.id)
    _, version = driver.write(plan.id, plan, first.lock, None)
    second = driver.lock(plan.id)
    assert not second.acquired and second.lock is not None  # who has it, to tell the user
    taken = driver.lock(plan.id, take_over=True)
    assert taken.acquired
    conflict, _ = driver.write(plan.id, replace(plan, notes="the old holder"), first.lock, version)
    assert conflict  # the one who lost the plan no longer overwrites it
    conflict, _ = driver.write(plan.id, replace(plan, notes="the new holder"), taken.lock, version)
    assert not conflict and driver.read(plan.id)[0].notes == "the new holder"
    driver.unlock(plan.id, first.lock)  # releasing a lock we lost leaves the new holder's alone
    assert not driver.lock(plan.id).acquired
    driver.unlock(plan.id, taken.lock)
    assert driver.lock(plan.id).acquired


def test_a_save_without_the_lock_is_a_conflict_even_from_the_current_version(driver) -> None:
    plan = _plan()
    holder = driver.lock(plan.id).lock
    _, version = driver.write(plan.id, plan, holder, None)
    conflict, _ = driver.write(plan.id, replace(plan, notes="no lock"), None, version)
    assert conflict and driver.read(plan.id)[0] == plan
    assert any(p.notes == "no lock" for p in driver.kept(plan.id))


def test_history_keeps_both_sides_of_every_conflict(driver) -> None:
    plan = _plan()
    holder = driver.lock(plan.id).lock
    _, version = driver.write(plan.id, plan, holder, None)
    for n in range(3):
        assert driver.write(plan.id, replace(plan, notes=f"late {n}"), holder, "stale")[0]
    kept = {p.notes for p in driver.kept(plan.id)}
    assert kept >= {"", "late 0", "late 1", "late 2"}


def test_search_by_name_part_chart_number_therapist_and_date(driver) -> None:
    plans = [
        _plan("Margaret Olsen", modified=datetime(2026, 11, 2, 9, 0)),
        _plan("Luis Ortega", therapist="Sam Rivera, PT", modified=datetime(2026, 10, 5, 9, 0)),
        replace(
            _plan("Dana Okafor"), patient=Patient("Dana Okafor", "C-77", "1948-03-09"), modified=datetime(2026, 9, 1)
        ),
    ]
    for plan in plans:
        driver.write(plan.id, plan, driver.lock(plan.id).lock, None)
    ids = [p.id for p in plans]
    assert driver.search("olsen") == [ids[0]]
    assert driver.search("MARG olsen") == [ids[0]]
    assert driver.search("ortega") == [ids[1]]
    assert driver.search("rivera") == [ids[1]]
    assert driver.search("c-77") == [ids[2]]
    assert driver.search("2026-10") == [ids[1]]
    assert driver.search("1948-03-09") == ids  # date of birth, newest first
    assert driver.search("") == ids
    assert driver.search("qqxv zzkw") == []


HOSTILE_NAMES = [
    "O'Brien; DROP TABLE plans; --",
    "Robert'); DELETE FROM plan_versions; --",
    "100% _wild_ card\\",
    "Zoë Ñúñez-Ångström",
    "محمد علي",
    "名前 テスト 🙂",
    '"quoted" \\ back\\slash {json: [1]}',
    "x" * 200,
]


@pytest.mark.parametrize("name", HOSTILE_NAMES, ids=range(len(HOSTILE_NAMES)))
def test_hostile_documents_round_trip_and_stay_data(driver, name: str) -> None:
    plan = _plan(name, notes="line one\nline two\ttab \x07bell \u202eright-to-left", goals=("$$ '' $x$",))
    driver.write(plan.id, plan, driver.lock(plan.id).lock, None)
    other = _plan("Plain Person")
    driver.write(other.id, other, driver.lock(other.id).lock, None)
    assert driver.read(plan.id)[0] == plan
    assert driver.read(other.id)[0] == other  # nothing else touched
    assert driver.search(name[:12]) == [plan.id]


def test_wildcards_in_a_search_are_plain_letters(driver) -> None:
    for name in ("100% Match", "Plain Person"):
        plan = _plan(name)
        driver.write(plan.id, plan, driver.lock(plan.id).lock, None)
    assert len(driver.search("%")) == 1
    assert driver.search("_") == []


@pytest.mark.slow
def test_two_processes_saving_one_plan_keep_every_edit(driver, tmp_path: Path) -> None:
    plan = _plan("Race Test")
    holder = driver.lock(plan.id).lock
    driver.write(plan.id, plan, holder, None)
    driver.unlock(plan.id, holder)
    where = str(tmp_path / "plans") if driver.name == "folder" else driver.store.server.conninfo
    command = [sys.executable, "-m", "tests.core.store_drivers", "race", driver.name, where, plan.id]
    logs = {tag: tmp_path / f"race-{tag}.log" for tag in "AB"}
    workers = [subprocess.Popen([*command, tag, str(RACE_SAVES), str(log)], cwd=REPO) for tag, log in logs.items()]
    assert [w.wait(timeout=120) for w in workers] == [0, 0]
    seen = [line.split("\t") for log in logs.values() for line in log.read_text("utf-8").splitlines()]
    edits = {edit for edit, _ in seen}
    assert len(edits) == 2 * RACE_SAVES
    # An edit may be replaced only by a save that started from it (its author saw it); any other is kept.
    replaced = {started_from for _, started_from in seen}
    kept = {p.notes for p in driver.kept(plan.id)}
    assert sorted(edits - replaced - kept) == []
    if driver.name == "postgresql":  # every save is a version: each edit is there by itself
        assert edits <= kept


@pytest.mark.slow
def test_two_processes_opening_the_same_plans_give_exactly_one_editor_each(driver, tmp_path: Path) -> None:
    count = 300
    where = str(tmp_path / "plans") if driver.name == "folder" else driver.store.server.conninfo
    (tmp_path / "plans").mkdir(exist_ok=True)
    go = tmp_path / "go"
    logs = [tmp_path / f"open-{n}.log" for n in range(2)]
    command = [sys.executable, "-m", "tests.core.store_drivers", "open", driver.name, where, "race-plan"]
    workers = [subprocess.Popen([*command, str(count), str(log), str(go)], cwd=REPO) for log in logs]
    time.sleep(0.5)  # both started and waiting
    go.touch()
    deadline = time.monotonic() + 120
    while not all(log.exists() for log in logs) and time.monotonic() < deadline:
        time.sleep(0.02)
    (tmp_path / "go.end").touch()
    assert [w.wait(timeout=120) for w in workers] == [0, 0]
    got = [set(filter(None, log.read_text("utf-8").split("\n"))) for log in logs]
    assert not (got[0] & got[1]), "a plan had two editors"
    assert got[0] | got[1] == {f"race-plan-{n}" for n in range(count)}
