"""The reprint list with 5,000 plans in the folder: first listing (parses), later ones (index), a search.

Run: python bench/plans.py
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from pathlib import Path

COUNT = 5000


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["HEP_BUILDER_DATA_DIR"] = f"{tmp}/data"
        from hep_builder.core.plan import Patient, Plan, PlanItem
        from hep_builder.core.plan_store import PlanStore
        from hep_builder.core.planfile import plan_to_text

        folder = Path(tmp) / "plans"
        folder.mkdir()
        items = tuple(PlanItem(i) for i in ("clamshell", "glute-bridge", "heel-slide", "sit-to-stand"))
        for n in range(COUNT):
            plan = Plan(Patient(f"Patient {n:05d}", f"C-{n}"), therapist="Alex Kim, PT", items=items)
            (folder / f"{plan.id}.hepplan").write_text(plan_to_text(plan), "utf-8")
        store = PlanStore(folder)
        start = time.perf_counter()
        first = store.summaries()
        cold = time.perf_counter() - start
        warm = []
        for _ in range(5):
            start = time.perf_counter()
            store.summaries()
            warm.append(time.perf_counter() - start)
        store.search("p", first)  # the first keystroke also folds every name once
        start = time.perf_counter()
        found = store.search("patient 04321", first)  # the dialog reads the folder once, then filters
        search = time.perf_counter() - start
    print(f"{len(first)} plans, first listing (parse all): {cold * 1000:7.0f} ms")
    print(f"later listings (index):                  {statistics.median(warm) * 1000:7.0f} ms")
    print(f"a search keystroke (in memory):          {search * 1000:7.1f} ms  ({len(found)} found)")


if __name__ == "__main__":
    main()
