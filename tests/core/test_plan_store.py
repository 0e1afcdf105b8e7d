"""The plans folder: locks, conflict copies, the index, and saves that never corrupt or overwrite."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest

from hep_builder.core.plan import Patient, Plan, PlanItem, now
from hep_builder.core.plan_store import LOCK_STALE_AFTER, LockInfo, PlanStore, SaveConflict
from hep_builder.core.planfile import read_plan, write_plan


def make_plan(name: str = "Ann Lee", **changes) -> Plan:
    return Plan(Patient(name, identifier="C-1"), therapist="Alex Kim, PT", items=(PlanItem("clamshell"),), **changes)


def plant_lock(store: PlanStore, path: Path, *, hours_ago: float = 0, who: str = "front-desk") -> None:
    info = LockInfo(who, "desk-pc", (now() - timedelta(hours=hours_ago)).isoformat(timespec="seconds"), 4242)
    store.lock_path(path).write_text(json.dumps(info.__dict__), "utf-8")


def test_save_names_the_file_by_id_and_reopens(tmp_path: Path) -> None:
    store = PlanStore(tmp_path)
    plan = make_plan()
    path, _ = store.save(plan)
    assert path.name == f"{plan.id}.hepplan"
    assert read_plan(path).plan == plan


def test_open_locks_and_a_second_opener_is_read_only_and_told_who(tmp_path: Path) -> None:
    store = PlanStore(tmp_path)
    path, _ = store.save(make_plan())
    plant_lock(store, path)
    opened = store.open(path)
    assert opened.read_only and opened.locked_by_other.user == "front-desk"
    assert "front-desk on desk-pc since" in opened.locked_by_other.describe()


def test_a_stale_lock_is_taken_over(tmp_path: Path) -> None:
    store = PlanStore(tmp_path)
    path, _ = store.save(make_plan())
    plant_lock(store, path, hours_ago=LOCK_STALE_AFTER.total_seconds() / 3600 + 1)
    opened = store.open(path)
    assert not opened.read_only and opened.we_hold_lock
    assert store.read_lock(path).pid == os.getpid()
    store.release_lock(path)
    assert not store.lock_path(path).exists()


def test_a_change_made_elsewhere_becomes_a_conflict_copy_never_an_overwrite(tmp_path: Path) -> None:
    store = PlanStore(tmp_path)
    path, _ = store.save(make_plan())
    mine = store.open(path)
    theirs = replace(mine.loaded.plan, notes="Edited at the front desk")
    write_plan(path, theirs)  # another PC saved in between
    before = path.read_bytes()
    with pytest.raises(SaveConflict) as conflict:
        store.save(replace(mine.loaded.plan, notes="Edited by the therapist"), mine)
    assert path.read_bytes() == before
    assert read_plan(conflict.value.copy).plan.notes == "Edited by the therapist"
    assert ".conflict-" in conflict.value.copy.name and "Ann" not in conflict.value.copy.name
    summaries = store.summaries()
    assert len(summaries) == 2 and sum(s.conflict for s in summaries) == 1


def test_search_history_and_newest_first(tmp_path: Path) -> None:
    store = PlanStore(tmp_path)
    base = now()
    store.save(make_plan("Ann Lee", modified=base - timedelta(days=30)))
    store.save(make_plan("Ann Lee", modified=base))
    store.save(replace(make_plan("Bob Stone", modified=base - timedelta(days=1)), patient=Patient("Bob Stone", "C-2")))
    (tmp_path / "broken.hepplan").write_text("{{{", "utf-8")
    found = store.search("ann")
    assert [s.patient for s in found] == ["Ann Lee", "Ann Lee"] and found[0].modified > found[1].modified
    assert [s.patient for s in store.search("c-2")] == ["Bob Stone"]
    assert [s.patient for s in store.search(base.strftime("%Y-%m-%d"))] == ["Ann Lee"]
    assert len(store.history(found[0])) == 1 and store.history(found[0])[0].path == found[1].path


def test_index_is_reused_and_notices_changes(tmp_path: Path, monkeypatch) -> None:
    store = PlanStore(tmp_path / "plans")
    path, _ = store.save(make_plan())
    assert store.search("ann")
    calls = []
    original = PlanStore._summarize
    monkeypatch.setattr(PlanStore, "_summarize", staticmethod(lambda p: calls.append(p) or original(p)))
    assert store.search("ann") and calls == []  # unchanged: from the index
    write_plan(path, make_plan("Ann Marie Lee"))
    os.utime(path, ns=(time.time_ns(), time.time_ns() + 10**9))
    assert [s.patient for s in store.search("marie")] == ["Ann Marie Lee"] and len(calls) == 1


SAVER = """
import sys, time
from pathlib import Path
from hep_builder.core.plan import Patient, Plan, PlanItem
from hep_builder.core.planfile import write_plan
folder = Path(sys.argv[1])
n = 0
print("ready", flush=True)
while True:
    n += 1
    items = tuple(PlanItem("clamshell", notes="x" * (n % 997)) for _ in range(1 + n % 40))
    write_plan(folder / "plan.hepplan", Plan(Patient(f"Patient {n}"), id="fixed-id", items=items))
"""


def test_a_process_killed_while_saving_leaves_only_whole_plans(tmp_path: Path) -> None:
    for attempt in range(4):
        child = subprocess.Popen([sys.executable, "-c", SAVER, str(tmp_path)], stdout=subprocess.PIPE)
        assert child.stdout.readline().strip() == b"ready"
        time.sleep(0.15 + attempt * 0.07)
        child.send_signal(signal.SIGKILL)
        child.wait()
        child.stdout.close()
        plans = list(tmp_path.glob("*.hepplan"))
        assert len(plans) == 1
        assert read_plan(plans[0]).plan.id == "fixed-id"  # whole and loadable, never half written


EDITOR = """
import sys
from dataclasses import replace
from pathlib import Path
from hep_builder.core.plan_store import PlanStore, SaveConflict
store = PlanStore(Path(sys.argv[1]).parent)
opened = store.open(Path(sys.argv[1]))
print("opened", flush=True)
sys.stdin.readline()
try:
    store.save(replace(opened.loaded.plan, notes=sys.argv[2]), opened)
    print("saved")
except SaveConflict as conflict:
    print("conflict", conflict.copy.name)
"""


def test_two_processes_editing_one_plan_keep_both_versions(tmp_path: Path) -> None:
    store = PlanStore(tmp_path)
    path, _ = store.save(make_plan())
    editors = [
        subprocess.Popen(
            [sys.executable, "-c", EDITOR, str(path), note], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
        )  # fmt: skip
        for note in ("version A", "version B")
    ]
    for editor in editors:
        assert editor.stdout.readline().strip() == "opened"
    outputs = []
    for editor in editors:
        editor.stdin.write("go\n")
        editor.stdin.flush()
        outputs.append(editor.communicate(timeout=60)[0])
    assert outputs[0].startswith("saved") and outputs[1].startswith("conflict")
    notes = sorted(read_plan(p).plan.notes for p in tmp_path.glob("*.hepplan"))
    assert notes == ["version A", "version B"]
