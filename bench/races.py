"""Two processes racing on plans, 1,000 trials each: opening (exactly one writer?) and saving at the same
moment (both edits kept?). The tests run the same races with fewer save trials.

Run: python bench/races.py [TRIALS]
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.core.test_races import OPENER, SAME_MOMENT, SLOT_S  # the races the tests run


def open_race(folder: Path, trials: int) -> int:
    t0 = f"{time.time() + 2.0:.6f}"
    children = [subprocess.Popen([sys.executable, "-c", OPENER, str(folder), t0, str(trials), str(SLOT_S)],
                                 stdout=subprocess.PIPE, text=True) for _ in range(2)]  # fmt: skip
    first, second = (child.communicate(timeout=300)[0].strip() for child in children)
    return sum(int(a) + int(b) == 1 for a, b in zip(first, second, strict=True))


def save_race(folder: Path, trials: int) -> tuple[int, float]:
    from hep_builder.core.plan import Patient, Plan, PlanItem
    from hep_builder.core.plan_store import PlanStore
    from hep_builder.core.planfile import read_plan

    store = PlanStore(folder)
    ids = [store.save(Plan(Patient(f"P {n}"), items=(PlanItem("clamshell"),)))[0].stem for n in range(trials)]
    args = [str(folder), str(trials), str(SLOT_S)]
    first = subprocess.Popen([sys.executable, "-c", SAME_MOMENT, *args, "A"], stdout=subprocess.PIPE, text=True)
    while not (folder / "ready-A").exists():
        time.sleep(0.02)
    second = subprocess.Popen([sys.executable, "-c", SAME_MOMENT, *args, "B"], stdout=subprocess.PIPE, text=True)
    while not (folder / "ready-B").exists():
        time.sleep(0.02)
    start = time.time() + 0.5
    (folder / "t0.part").write_text(f"{start:.6f}")
    os.replace(folder / "t0.part", folder / "t0")
    first.communicate(timeout=300)
    second.communicate(timeout=300)
    elapsed = time.time() - start
    notes: dict[str, set[str]] = {}
    for path in folder.glob("*.hepplan"):
        plan = read_plan(path).plan
        notes.setdefault(plan.id, set()).add(plan.notes)
    return sum(notes[i] == {"edit by A", "edit by B"} for i in ids), elapsed


def main() -> None:
    trials = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["HEP_BUILDER_DATA_DIR"] = f"{tmp}/data"
        (Path(tmp) / "open").mkdir()
        (Path(tmp) / "save").mkdir()
        one_writer = open_race(Path(tmp) / "open", trials)
        both_kept, seconds = save_race(Path(tmp) / "save", trials)
    print(f"open race, {trials} trials at the same moment: {one_writer} with exactly one writer")
    print(f"save race, {trials} trials at the same moment: {both_kept} kept both edits ({seconds:.1f} s of saving)")


if __name__ == "__main__":
    main()
