"""Find a plan with 5,000 plans in the folder: cold (no index: every file read) and warm (the per-PC index).

Prints the time to the first batch of rows (what Find a plan shows first; it fills as the rest come), the
whole listing, and a search keystroke. Plans carry snapshots of their exercises, as saved plans do.

Run: python bench/plans.py
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from pathlib import Path

COUNT = 5000


def timed_listing(store) -> tuple[float, float, list]:
    start = time.perf_counter()
    first = None
    rows = []
    for batch in store.iter_summaries():
        if first is None:
            first = time.perf_counter() - start
        rows.extend(batch)
    return first or 0.0, time.perf_counter() - start, rows


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["HEP_BUILDER_DATA_DIR"] = f"{tmp}/data"
        from hep_builder.core.library import load_default_library
        from hep_builder.core.plan import Patient, Plan, PlanItem
        from hep_builder.core.plan_store import PlanStore
        from hep_builder.core.planfile import plan_to_text

        library = load_default_library()
        folder = Path(tmp) / "plans"
        folder.mkdir()
        ids = ("clamshell", "glute-bridge", "heel-slide", "sit-to-stand")
        items = tuple(PlanItem(i, snapshot=library.get(i)) for i in ids)
        text = plan_to_text(Plan(Patient("Patient 0"), items=items))
        for n in range(COUNT):
            plan = Plan(Patient(f"Patient {n:05d}", f"C-{n}"), therapist="Alex Kim, PT", items=items)
            (folder / f"{plan.id}.hepplan").write_text(plan_to_text(plan), "utf-8")
        store = PlanStore(folder)
        cold_first, cold_all, rows = timed_listing(store)
        warm = [timed_listing(store) for _ in range(5)]
        store.search("p", rows)  # the first keystroke also folds every name once
        start = time.perf_counter()
        found = store.search("patient 04321", rows)  # the dialog reads the folder once, then filters
        search = time.perf_counter() - start
    print(f"{len(rows)} plans ({len(text.encode()) // 1024} KB each)")
    print(f"cold (no index), first rows shown:   {cold_first * 1000:7.0f} ms")
    print(f"cold (no index), all rows:           {cold_all * 1000:7.0f} ms")
    print(f"warm (index), first rows shown:      {statistics.median(w[0] for w in warm) * 1000:7.0f} ms")
    print(f"warm (index), all rows:              {statistics.median(w[1] for w in warm) * 1000:7.0f} ms")
    print(f"a search keystroke (in memory):      {search * 1000:7.1f} ms  ({len(found)} found)")


if __name__ == "__main__":
    main()
