"""Export speed and size: in-process build time for 10 and 50 exercises, and the file size.

Run: python bench/export.py   (prints figures; budgets are in DESIGN.md: 10 exercises <= 150 ms in process,
50 exercises <= 4x that, <= 150 KB for 10 exercises, whole `hep-builder export` process <= 1.0 s), in English
and in Spanish (catalog lookups, Babel dates, longer text).
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from hep_builder.core.clinic import load_profile
from hep_builder.core.library import load_default_library
from hep_builder.core.plan import Patient, Plan, PlanItem
from hep_builder.core.planfile import write_plan
from hep_builder.pdf.handout import build_handout


def plan_of(count: int, library, language: str = "en") -> Plan:
    exercises = list(library)
    items = tuple(PlanItem(exercises[n % len(exercises)].id, notes="Keep it slow.") for n in range(count))
    return Plan(Patient("Bench Patient"), therapist="Alex Kim, PT", location="edina", items=items, language=language)


def timed(function, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    library = load_default_library()
    profile, _ = load_profile()
    build_handout(plan_of(1, library), library, profile)  # warm: fonts registered once per process
    build_handout(plan_of(1, library, "es"), library, profile)  # and the Spanish catalog and CLDR data
    for language in ("en", "es"):
        results = {}
        for count in (10, 50):
            plan = plan_of(count, library, language)
            for layout in ("standard", "compact", "large-print"):

                def build(plan=plan, layout=layout) -> bytes:
                    return build_handout(plan, library, profile, layout=layout)

                seconds = timed(build, 7)
                size = len(build()) / 1024
                results[(count, layout)] = seconds
                print(
                    f"in-process {language} {count:>2} exercises  {layout:<12} {seconds * 1000:7.1f} ms  {size:7.1f} KB"
                )
        ratio = results[(50, "standard")] / results[(10, "standard")]
        print(f"50/10 ratio (in-process, standard, {language}): {ratio:.2f}x")

    with tempfile.TemporaryDirectory() as tmp:
        for language in ("en", "es"):
            walls = {}
            for count in (10, 50):
                plan_path = Path(tmp) / f"bench-{count}-{language}.hepplan"
                write_plan(plan_path, plan_of(count, library, language))
                output = str(Path(tmp) / "o.pdf")
                command = [sys.executable, "-m", "hep_builder", "export", str(plan_path), "-o", output]
                subprocess.run(command, check=True)
                walls[count] = timed(lambda command=command: subprocess.run(command, check=True), 5)
                print(
                    f"whole process {language}, {count} exercises: {walls[count] * 1000:.0f} ms  (budget 10: 1000 ms)"
                )
            print(f"50/10 ratio (whole process, {language}): {walls[50] / walls[10]:.2f}x  (budget 4x)")


if __name__ == "__main__":
    main()
