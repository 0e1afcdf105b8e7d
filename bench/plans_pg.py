"""The PostgreSQL plans store with 100,000 plans on the loopback: search and save times; and the 1,000-save race.

Run: python bench/plans_pg.py [--plans 100000] [--race 1000]
Uses the server named by HEP_BUILDER_TEST_PG_URL, else starts a throwaway cluster (.ci/pg-cluster) and
stops it at the end. Budgets (DESIGN.md): a search <= 100 ms, a save <= 50 ms.
"""

from __future__ import annotations

import argparse
import io
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

NAMES = (
    "Margaret Dana Luis Ana Robert Linda James Maria Chen Fatima Olga Peter Susan Ahmed Grace Tomas Helen",
    "Olsen Okafor Ortega Johnson Nguyen Kowalski Haddad Lindqvist Garcia Smith Brown Petersen Anderson Rossi",
)
FIRST, LAST = (line.split() for line in NAMES)


@contextmanager
def server():
    given = os.environ.get("HEP_BUILDER_TEST_PG_URL", "").strip()
    if given:
        yield given
        return
    folder = tempfile.mkdtemp(prefix="hep-pg-bench-")
    script = REPO / ".ci" / "pg-cluster"
    started = subprocess.run(["bash", str(script), "start", folder], capture_output=True, text=True, check=True)
    try:
        yield started.stdout.strip().splitlines()[-1]
    finally:
        subprocess.run(["bash", str(script), "stop", folder], capture_output=True, check=False)


def fill(store, count: int) -> list:
    """``count`` plans, bulk-loaded (COPY) as if each had been saved once."""
    from hep_builder.core.pg_store import summary_columns
    from hep_builder.core.plan import Patient, Plan, PlanItem
    from hep_builder.core.planfile import plan_to_text

    rng = random.Random(18)
    items = tuple(PlanItem(i) for i in ("clamshell", "glute-bridge", "heel-slide", "sit-to-stand"))
    start = datetime(2024, 1, 1, 8, 0)
    plans = []
    plan_rows = io.StringIO()
    version_rows = io.StringIO()

    def esc(value: object) -> str:
        return str(value).replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")

    for n in range(count):
        when = start + timedelta(minutes=7 * n)
        born = f"19{rng.randint(30, 70)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        patient = Patient(f"{rng.choice(FIRST)} {rng.choice(LAST)}", f"C-{100000 + n}", born)
        plan = Plan(
            patient,
            therapist=rng.choice(("Alex Kim, PT", "Sam Rivera, PT", "Jo Park, DPT")),
            location=rng.choice(("edina", "minneapolis")),
            items=items,
            created=when,
            modified=when,
        )
        plans.append(plan)
        doc = plan_to_text(plan)
        c = summary_columns(plan)
        plan_rows.write(
            "\t".join(
                esc(v)
                for v in (
                    plan.id,
                    1,
                    doc,
                    c["patient_name"],
                    c["chart_number"],
                    c["date_of_birth"],
                    c["therapist"],
                    c["location"],
                    c["title"],
                    c["exercises"],
                    c["created"],
                    c["modified"],
                    c["search_text"],
                    "bench",
                    "BENCH-PC",
                )
            )
            + "\n"
        )
        version_rows.write("\t".join(esc(v) for v in (plan.id, 1, "save", doc, "bench", "BENCH-PC")) + "\n")
    with store._cursor() as cur:
        cur.execute("SET LOCAL statement_timeout = 0")
        cur.execute("TRUNCATE plans, plan_versions, plan_claims")
        with cur.copy(
            "COPY plans (id, version, document, patient_name, chart_number, date_of_birth, therapist, location, "
            "title, exercises, created, modified, search_text, saved_by, saved_on) FROM STDIN"
        ) as copy:
            copy.write(plan_rows.getvalue())
        with cur.copy("COPY plan_versions (plan_id, version, kind, document, saved_by, saved_on) FROM STDIN") as copy:
            copy.write(version_rows.getvalue())
    with store._cursor(transaction=False) as cur:
        cur.execute("SET statement_timeout = 0")
        cur.execute("VACUUM ANALYZE plans")
        cur.execute("VACUUM ANALYZE plan_versions")
        cur.execute(f"SET statement_timeout = {store.statement_timeout_ms}")
    return plans


def timed(function, repeat: int) -> tuple[float, object]:
    times = []
    result = None
    for _ in range(repeat):
        started = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000, result


def race(address: str, saves: int) -> None:
    from hep_builder.core.pg_store import PgStore
    from hep_builder.core.plan import Patient, Plan

    store = PgStore.from_address(address, cache_dir=Path(tempfile.mkdtemp()))
    plan = Plan(Patient("Race Bench"))
    store.save(plan)
    logs = {tag: Path(tempfile.mkdtemp()) / f"{tag}.log" for tag in "AB"}
    command = [sys.executable, "-m", "tests.core.store_drivers", "race", "postgresql", address, plan.id]
    started = time.perf_counter()
    workers = [subprocess.Popen([*command, t, str(saves), str(log)], cwd=REPO) for t, log in logs.items()]
    codes = [w.wait() for w in workers]
    took = time.perf_counter() - started
    edits = {line.split("\t")[0] for log in logs.values() for line in log.read_text("utf-8").splitlines()}
    kept = {store.read(plan.id, v.version).loaded.plan.notes for v in store.plan_history(plan.id)}
    kinds = [v.kind for v in store.plan_history(plan.id)]
    print(
        f"race: 2 processes x {saves} saves in {took:.1f} s, exit {codes}; {len(edits)} edits, "
        f"{len(edits - kept)} lost; {kinds.count('save')} saves + {kinds.count('conflict')} conflict versions"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--plans", type=int, default=100_000)
    parser.add_argument("--race", type=int, default=0, help="also race two processes this many saves each")
    args = parser.parse_args()
    os.environ.setdefault("HEP_BUILDER_DATA_DIR", tempfile.mkdtemp())
    from hep_builder.core.pg_store import PgStore

    with server() as address:
        store = PgStore.from_address(address, cache_dir=Path(tempfile.mkdtemp()))
        store.migrate()
        started = time.perf_counter()
        plans = fill(store, args.plans)
        print(f"{store.count()} plans loaded in {time.perf_counter() - started:.1f} s (COPY)")
        store.search("warm up")
        for label, text in (
            ("newest 200 (Find a plan opens)", ""),
            ("a name prefix 'marg'", "marg"),
            ("a full name 'margaret olsen'", "margaret olsen"),
            ("a chart number", plans[len(plans) // 2].patient.identifier),
            ("a date of birth", plans[7].patient.date_of_birth),
            ("a typo 'margret olsn' (fuzzy)", "margret olsn"),
            ("nothing like it 'qqxv'", "qqxv"),
        ):
            ms, found = timed(lambda t=text: store.search(t), 15)
            print(f"search {label:<34} {ms:7.1f} ms  ({len(found)} shown)")
        sample = random.Random(1).sample(plans, 200)
        lock_ms, write_ms, cycle = [], [], []
        for plan in sample:
            t0 = time.perf_counter()
            attempt = store.lock(plan.id)
            t1 = time.perf_counter()
            version = store.current_version(plan.id)
            t2 = time.perf_counter()
            store.write(plan.id, replace(plan, notes="saved again"), lock=attempt.lock, expected=version)
            t3 = time.perf_counter()
            store.unlock(plan.id, attempt.lock)
            lock_ms.append(t1 - t0)
            write_ms.append(t3 - t2)
            cycle.append(time.perf_counter() - t0)

        def med(values: list[float]) -> float:
            return statistics.median(values) * 1000

        print(
            f"save (one version, checked and written)    {med(write_ms):7.1f} ms median, "
            f"{max(write_ms) * 1000:.1f} ms max of {len(write_ms)}"
        )
        print(f"claim for editing                          {med(lock_ms):7.1f} ms median")
        print(f"claim + save + release                     {med(cycle):7.1f} ms median")
        store.close()
        if args.race:
            race(address, args.race)


if __name__ == "__main__":
    main()
