"""A library of 2,000 exercises: load time and the cost of one search keystroke (core and GUI proxy).

Run: python bench/search.py   (budgets: load <= 300 ms; a keystroke <= 16 ms)
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from pathlib import Path

from hep_builder.core.library import LibrarySource, load_library
from hep_builder.core.search import ExerciseFilter, search
from hep_builder.core.yamlio import dump_text
from hep_builder.paths import bundled_dir

COUNT = 2000


def write_big_library(folder: Path) -> None:
    base = load_library([LibrarySource(bundled_dir("exercises"), "bundled")])
    originals = list(base)
    per_file = 200
    for start in range(0, COUNT, per_file):
        entries = []
        for n in range(start, min(start + per_file, COUNT)):
            e = originals[n % len(originals)]
            entries.append({
                "id": f"{e.id}-{n}", "name": f"{e.name} {n}", "category": e.category, "phases": list(e.phases),
                "position": e.position, "summary": e.summary, "instructions": list(e.instructions),
                "tips": list(e.tips), "tags": list(e.tags), "aliases": list(e.aliases), "equipment": list(e.equipment),
                "dosage": e.dosage.as_dict(), "figure": e.figure,
            })  # fmt: skip
        (folder / f"part-{start:05d}.yaml").write_text(dump_text({"schema_version": 1, "exercises": entries}), "utf-8")


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        write_big_library(folder)
        loads = []
        for _ in range(5):
            start = time.perf_counter()
            library = load_library([LibrarySource(folder, "bundled")])
            loads.append(time.perf_counter() - start)
        assert len(library) == COUNT and not library.problems, library.problems[:3]
    print(f"load {COUNT} exercises, first (parse):  {loads[0] * 1000:7.1f} ms")
    print(f"load {COUNT} exercises, again (cache):  {statistics.median(loads[1:]) * 1000:7.1f} ms  (budget 300 ms)")

    # As typed, then with a typo (words that match nothing allow one typo: the slower path).
    prefixes = [text[: i + 1] for text in ("hip flexor stretch", "hamstirng strech") for i in range(len(text))]
    exercises = list(library)
    times = []
    for text in prefixes:
        start = time.perf_counter()
        search(exercises, ExerciseFilter(text=text, phase=2))
        times.append(time.perf_counter() - start)
    print(
        f"core search, per keystroke:  {max(times) * 1000:7.2f} ms worst, {statistics.median(times) * 1000:.2f} median"
    )

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from hep_builder.ui.app import create_application
    from hep_builder.ui.models import LibraryFilterProxy, LibraryModel

    _app = create_application()
    model = LibraryModel(library)
    proxy = LibraryFilterProxy()
    proxy.setSourceModel(model)
    times = []
    for text in prefixes:
        start = time.perf_counter()
        proxy.set_filter(ExerciseFilter(text=text, phase=2))
        proxy.rowCount()
        times.append(time.perf_counter() - start)
    worst, median = max(times) * 1000, statistics.median(times) * 1000
    print(f"GUI filter, per keystroke:   {worst:7.2f} ms worst, {median:.2f} median  (budget 16 ms)")


if __name__ == "__main__":
    main()
