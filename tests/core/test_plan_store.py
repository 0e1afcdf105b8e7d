"""The plans folder: exclusive locks, conflict copies, temp cleaning, the index, and saves that never
corrupt or overwrite."""

from __future__ import annotations

import errno
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

from hep_builder.core import locks
from hep_builder.core.locks import LOCK_STALE_AFTER, LockInfo, LockState
from hep_builder.core.plan import Patient, Plan, PlanItem, now
from hep_builder.core.plan_store import PlanStore, is_other_version
from hep_builder.core.planfile import read_plan, write_plan


def make_plan(name: str = "Ann Lee", **changes) -> Plan:
    return Plan(Patient(name, identifier="C-1"), therapist="Alex Kim, PT", items=(PlanItem("clamshell"),), **changes)


def plant_lock(path: Path, *, hours_ago: float = 0, who: str = "front-desk", host: str = "desk-pc",
               pid: int = 4242, start: str = "") -> None:  # fmt: skip
    info = LockInfo(who, host, (now() - timedelta(hours=hours_ago)).isoformat(timespec="seconds"), pid, start, "t")
    locks.lock_path(path).write_text(json.dumps(info.__dict__), "utf-8")


def test_save_names_the_file_by_id_and_reopens(tmp_path: Path) -> None:
    store = PlanStore(tmp_path)
    plan = make_plan()
    path, _ = store.save(plan)
    assert path.name == f"{plan.id}.hepplan"
    assert read_plan(path).plan == plan
    assert not locks.lock_path(path).exists()  # save() of a plan nobody has open leaves no lock


def test_a_lock_names_host_user_pid_start_and_time_and_is_exclusive(tmp_path: Path) -> None:
    path = tmp_path / "p.hepplan"
    first = locks.acquire(path)
    assert first.state is LockState.ACQUIRED
    data = json.loads(locks.lock_path(path).read_text())
    assert {"host", "user", "pid", "start", "time", "token"} <= data.keys() and data["pid"] == os.getpid()
    assert data["start"] == locks.process_start(os.getpid()) != ""
    second = locks.acquire(path)  # another session, even in this process, does not get it
    assert second.state is LockState.HELD and second.lock.token == first.lock.token
    assert locks.holds(path, first.lock) and not locks.holds(path, LockInfo.mine())
    taken = locks.acquire(path, take_over=True)  # only an explicit take-over replaces a live lock
    assert taken.state is LockState.ACQUIRED and not locks.holds(path, first.lock)
    locks.release(path, first.lock)  # the old holder's release leaves the new lock alone
    assert locks.holds(path, taken.lock)


def test_another_pcs_lock_is_read_only_until_stale(tmp_path: Path) -> None:
    path = tmp_path / "p.hepplan"
    plant_lock(path, hours_ago=1)
    held = locks.acquire(path)
    assert held.state is LockState.HELD and "front-desk on desk-pc since" in held.lock.describe()
    plant_lock(path, hours_ago=LOCK_STALE_AFTER.total_seconds() / 3600 + 1)
    assert locks.acquire(path).state is LockState.ACQUIRED


def test_a_lock_of_this_pc_whose_process_is_gone_is_stale_at_once(tmp_path: Path) -> None:
    path = tmp_path / "p.hepplan"
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    plant_lock(path, host=locks.host_name(), pid=int(dead.stdout))  # a crash a minute ago, on this PC
    assert locks.acquire(path).state is LockState.ACQUIRED
    # The pid runs, but it is another process now (its start time differs): stale as well.
    plant_lock(path, host=locks.host_name(), pid=os.getpid(), start="1")
    assert locks.acquire(path).state is LockState.ACQUIRED
    # The same process, another session: live.
    plant_lock(path, host=locks.host_name(), pid=os.getpid(), start=locks.process_start(os.getpid()))
    assert locks.acquire(path).state is LockState.HELD


@pytest.mark.parametrize(("code", "said"), [(errno.EROFS, "read-only"), (errno.ENOSPC, "full"),
                                           (errno.EACCES, "may not write")])  # fmt: skip
def test_a_folder_that_takes_no_lock_is_unwritable_not_an_error(tmp_path: Path, monkeypatch, code, said) -> None:
    real_open = os.open

    def refuse(path, flags, *args):
        if str(path).endswith(".lock"):
            raise OSError(code, os.strerror(code))
        return real_open(path, flags, *args)

    monkeypatch.setattr(locks.os, "open", refuse)
    attempt = locks.acquire(tmp_path / "p.hepplan")
    assert attempt.state is LockState.UNWRITABLE and said in attempt.reason


def test_conflict_copies_have_unique_names_and_are_versions_of_the_plan(tmp_path: Path) -> None:
    store = PlanStore(tmp_path)
    path, version = store.save(make_plan())
    plan = read_plan(path).plan
    names = {store.write(path, replace(plan, notes=f"edit {n}"), lock=None, expected=version).path.name
             for n in range(20)}  # fmt: skip
    assert len(names) == 20 and all(".conflict-" in n and "Ann" not in n for n in names)  # same second, same PC
    assert sorted(read_plan(tmp_path / n).plan.notes for n in names) == sorted(f"edit {n}" for n in range(20))
    rows = store.summaries()
    main = next(r for r in rows if not r.conflict)
    assert len(store.versions(main, rows)) == 20 and store.history(main, rows)[0].id == plan.id
    assert is_other_version(f"{plan.id} (1).hepplan", plan.id) and not is_other_version("x.hepplan", plan.id)


def test_only_the_lock_holder_overwrites_and_only_the_version_it_read(tmp_path: Path) -> None:
    store = PlanStore(tmp_path)
    path, version = store.save(make_plan())
    mine = store.lock(path).lock
    theirs = replace(read_plan(path).plan, notes="front desk")
    assert store.write(path, theirs, lock=None, expected=version).why == "lock"  # no lock: a copy
    write_plan(path, theirs)  # a sync client puts another version in place
    before = path.read_bytes()
    result = store.write(path, replace(theirs, notes="therapist"), lock=mine, expected=version)
    assert result.conflict and result.why == "changed" and path.read_bytes() == before
    ok = store.write(path, replace(theirs, notes="again"), lock=mine, expected=store.current_version(path))
    assert not ok.conflict and read_plan(path).plan.notes == "again"


def test_temp_files_are_cleaned_ours_at_once_others_after_a_day(tmp_path: Path) -> None:
    from hep_builder.core.planfile import host_tag

    store = PlanStore(tmp_path)
    dead = int(subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True,
                              text=True).stdout)  # fmt: skip
    ours_dead = tmp_path / f".tmp-{host_tag()}-{dead}-abc.part"
    ours_live = tmp_path / f".tmp-{host_tag()}-{os.getpid()}-abc.part"
    other_new = tmp_path / f".tmp-0badc0de-{dead}-abc.part"
    other_old = tmp_path / ".tmp-old-format.part"
    for file in (ours_dead, ours_live, other_new, other_old):
        file.write_text("patient data")
    os.utime(other_old, (time.time() - 2 * 86400,) * 2)
    assert store.clean_temp() == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([ours_live.name, other_new.name])


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


@pytest.mark.slow
def test_a_process_killed_while_saving_leaves_whole_plans_and_no_part_after_the_next_start(tmp_path: Path) -> None:
    for attempt in range(6):
        child = subprocess.Popen([sys.executable, "-c", SAVER, str(tmp_path)], stdout=subprocess.PIPE)
        assert child.stdout.readline().strip() == b"ready"
        time.sleep(0.15 + attempt * 0.05)
        child.send_signal(signal.SIGKILL)
        child.wait()
        child.stdout.close()
        plans = list(tmp_path.glob("*.hepplan"))
        assert len(plans) == 1
        assert read_plan(plans[0]).plan.id == "fixed-id"  # whole and loadable, never half written
    PlanStore(tmp_path).clean_temp()  # what the next start does
    assert not list(tmp_path.glob("*.part"))
