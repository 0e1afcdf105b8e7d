"""Two processes racing on one plan, many times: exactly one writer, and both saved edits kept.

Each trial is a time slot a few milliseconds long that both processes wait for (busy), so the two act at
the same moment, trial after trial, without starting a process per trial.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from hep_builder.core import locks
from hep_builder.core.plan import Patient, Plan, PlanItem
from hep_builder.core.plan_store import PlanStore
from hep_builder.core.planfile import read_plan

SLOT_S = 0.004

OPENER = """
import sys, time
from pathlib import Path
from hep_builder.core import locks
folder, t0, n, slot = Path(sys.argv[1]), float(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4])
got = []
for i in range(n):
    target = t0 + i * slot
    while time.time() < target:
        pass
    got.append("1" if locks.acquire(folder / f"p{i}.hepplan").state is locks.LockState.ACQUIRED else "0")
print("".join(got), flush=True)
"""


def run_pair(script: str, args: list[list[str]]) -> list[str]:
    children = [subprocess.Popen([sys.executable, "-c", script, *a], stdout=subprocess.PIPE, text=True) for a in args]
    return [child.communicate(timeout=120)[0].strip() for child in children]


@pytest.mark.slow
def test_two_processes_racing_to_open_give_exactly_one_writer_1000_times(tmp_path: Path) -> None:
    trials = 1000
    dead = int(subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True,
                              text=True).stdout)  # fmt: skip
    for i in range(1, trials, 2):  # every other plan has a crashed PC's lock (stale at once): both break it
        info = locks.LockInfo("crashed", locks.host_name(), "2026-11-27T08:00:00", dead, "", "old")
        locks.lock_path(tmp_path / f"p{i}.hepplan").write_text(json.dumps(info.__dict__))
    t0 = f"{time.time() + 2.0:.6f}"  # both are running by then
    first, second = run_pair(OPENER, [[str(tmp_path), t0, str(trials), str(SLOT_S)]] * 2)
    assert len(first) == len(second) == trials
    writers = [int(a) + int(b) for a, b in zip(first, second, strict=True)]
    assert writers == [1] * trials
    assert not list(tmp_path.glob("*.break"))


SAME_MOMENT = """
import os, sys, time
from dataclasses import replace
from pathlib import Path
from hep_builder.core.plan_store import PlanStore
from hep_builder.core.session import PlanSession
from hep_builder.core.plan import Patient, Plan
folder, n, slot, me = Path(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3]), sys.argv[4]
store = PlanStore(folder)
files = sorted(folder.glob("*.hepplan"))[:n]
sessions = []
for path in files:
    session = PlanSession(lambda: store, Plan(Patient("")))
    if session.open(path).read_only is not None:
        session.take_over()  # the second takes every plan over from the first, who does not know
    sessions.append(session)
(folder / f"ready-{me}").write_text("")
while not all((folder / f"ready-{w}").exists() for w in "AB"):
    time.sleep(0.01)
t0 = float((folder / "t0").read_text()) if (folder / "t0").exists() else None
while t0 is None:
    time.sleep(0.01)
    t0 = float((folder / "t0").read_text()) if (folder / "t0").exists() else None
kinds = []
for i, session in enumerate(sessions):
    session.edit(replace(session.plan, notes=f"edit by {me}"))
    while time.time() < t0 + i * slot:
        pass
    kinds.append(session.save().kind.value)
print(",".join(kinds), flush=True)
"""


@pytest.mark.slow
def test_two_processes_saving_at_the_same_moment_keep_both_edits(tmp_path: Path) -> None:
    trials = 300
    store = PlanStore(tmp_path)
    ids = [store.save(Plan(Patient(f"P {n}"), items=(PlanItem("clamshell"),)))[0].stem for n in range(trials)]
    args = [str(tmp_path), str(trials), str(SLOT_S)]
    first = subprocess.Popen([sys.executable, "-c", SAME_MOMENT, *args, "A"], stdout=subprocess.PIPE, text=True)
    deadline = time.time() + 60
    while not (tmp_path / "ready-A").exists() and time.time() < deadline:
        time.sleep(0.02)
    second = subprocess.Popen([sys.executable, "-c", SAME_MOMENT, *args, "B"], stdout=subprocess.PIPE, text=True)
    while not (tmp_path / "ready-B").exists() and time.time() < deadline:
        time.sleep(0.02)
    (tmp_path / "t0.part").write_text(f"{time.time() + 0.5:.6f}")
    os.replace(tmp_path / "t0.part", tmp_path / "t0")
    kinds_a = first.communicate(timeout=120)[0].strip().split(",")
    kinds_b = second.communicate(timeout=120)[0].strip().split(",")
    assert kinds_b == ["saved"] * trials and kinds_a == ["conflict-copy"] * trials
    notes: dict[str, set[str]] = {}
    for path in tmp_path.glob("*.hepplan"):
        plan = read_plan(path).plan
        notes.setdefault(plan.id, set()).add(plan.notes)
    assert all(notes[i] == {"edit by A", "edit by B"} for i in ids)  # both edits of every trial are kept
