"""One way to drive each plan store from the contract suite (test_store_contract.py) and its race workers.

A driver names plans by id and answers in plain values, so one test body checks both stores: the folder
(core/plan_store.py, through the session's store interface) and PostgreSQL (core/pg_store.py).
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hep_builder.core.plan import Plan


@dataclass
class Attempt:
    acquired: bool
    lock: Any  # the store's own lock value (ours when acquired, the holder's when not)


class FolderDriver:
    name = "folder"

    def __init__(self, folder: Path) -> None:
        from hep_builder.core.plan_store import PlanStore

        if not hasattr(PlanStore, "write"):  # the session's store interface (issue 11) is not merged yet
            import pytest

            pytest.skip("the folder store's session interface (issue 11) is not in this branch yet")
        self.store = PlanStore(folder)

    def _path(self, plan_id: str) -> Path:
        return self.store.location_for(plan_id)

    def lock(self, plan_id: str, *, take_over: bool = False) -> Attempt:
        from hep_builder.core.locks import LockState

        attempt = self.store.lock(self._path(plan_id), take_over=take_over)
        return Attempt(attempt.state is LockState.ACQUIRED, attempt.lock)

    def unlock(self, plan_id: str, lock: Any) -> None:
        self.store.unlock(self._path(plan_id), lock)

    def write(self, plan_id: str, plan: Plan, lock: Any, expected: str | None) -> tuple[bool, str]:
        result = self.store.write(self._path(plan_id), plan, lock=lock, expected=expected)
        return result.conflict, result.version

    def read(self, plan_id: str) -> tuple[Plan, str]:
        result = self.store.read(self._path(plan_id))
        return result.loaded.plan, result.version

    def current_version(self, plan_id: str) -> str | None:
        return self.store.current_version(self._path(plan_id))

    def kept(self, plan_id: str) -> list[Plan]:
        """Every version of the plan still to be found: the plan and its conflict copies."""
        from hep_builder.core.planfile import read_plan

        return [read_plan(Path(s.path)).plan for s in self.store.summaries() if s.id == plan_id]

    def search(self, text: str) -> list[str]:
        return [s.id for s in self.store.search(text) if not s.conflict]

    def close(self) -> None:
        pass


class PgDriver:
    name = "postgresql"

    def __init__(self, address: str, cache: Path) -> None:
        from hep_builder.core.pg_store import PgStore

        self.store = PgStore.from_address(address, cache_dir=cache)

    def lock(self, plan_id: str, *, take_over: bool = False) -> Attempt:
        from hep_builder.core.store_api import LockState

        attempt = self.store.lock(plan_id, take_over=take_over)
        return Attempt(attempt.state is LockState.ACQUIRED, attempt.lock)

    def unlock(self, plan_id: str, lock: Any) -> None:
        self.store.unlock(plan_id, lock)

    def write(self, plan_id: str, plan: Plan, lock: Any, expected: str | None) -> tuple[bool, str]:
        result = self.store.write(plan_id, plan, lock=lock, expected=expected)
        return result.conflict, result.version

    def read(self, plan_id: str) -> tuple[Plan, str]:
        result = self.store.read(plan_id)
        return result.loaded.plan, result.version

    def current_version(self, plan_id: str) -> str | None:
        return self.store.current_version(plan_id)

    def kept(self, plan_id: str) -> list[Plan]:
        return [self.store.read(plan_id, v.version).loaded.plan for v in self.store.plan_history(plan_id)]

    def search(self, text: str) -> list[str]:
        return [s.id for s in self.store.search(text) if not s.conflict]

    def close(self) -> None:
        self.store.close()


def race(kind: str, where: str, plan_id: str, tag: str, count: int, log: str) -> None:
    """One of two processes saving plan ``plan_id`` ``count`` times, each save a distinct edit (its note):
    claim if it can, read the current version, write from it, release. ``log`` gets one line per save:
    the edit, and the edit it started from (which it saw, so it may replace it)."""
    import tempfile
    from dataclasses import replace

    cache = Path(tempfile.mkdtemp(prefix=f"hep-race-{tag}-"))
    driver = FolderDriver(Path(where)) if kind == "folder" else PgDriver(where, cache)
    seen = []
    for n in range(count):
        attempt = driver.lock(plan_id)
        mine = attempt.lock if attempt.acquired else None
        plan, version = driver.read(plan_id)
        driver.write(plan_id, replace(plan, notes=f"{tag}-{n}"), mine, version)
        seen.append(f"{tag}-{n}\t{plan.notes}\n")
        if mine is not None:
            driver.unlock(plan_id, mine)
    driver.close()
    Path(log).write_text("".join(seen), "utf-8")


def open_race(kind: str, where: str, prefix: str, count: int, log: str, go: str) -> None:
    """One of two processes opening plans ``prefix-0`` .. ``prefix-<count-1>`` for editing, as soon as the
    file ``go`` exists; ``log`` gets the ones it got."""
    import tempfile
    import time

    driver = FolderDriver(Path(where)) if kind == "folder" else PgDriver(where, Path(tempfile.mkdtemp()))
    deadline = time.monotonic() + 30
    while not Path(go).exists() and time.monotonic() < deadline:
        time.sleep(0.001)
    got = [f"{prefix}-{n}" for n in range(count) if driver.lock(f"{prefix}-{n}").acquired]
    Path(log).write_text("\n".join(got), "utf-8")
    # Stay alive (holding them) until told: a lock of a process that has ended is stale on its own PC.
    deadline = time.monotonic() + 60
    while not Path(go + ".end").exists() and time.monotonic() < deadline:
        time.sleep(0.01)
    driver.close()


if __name__ == "__main__":  # python -m tests.core.store_drivers race|open ...
    if sys.argv[1] == "open":
        open_race(sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5]), sys.argv[6], sys.argv[7])
    else:
        race(sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5], int(sys.argv[6]), sys.argv[7])
