"""The plans folder: one file per plan named by its id, locks, safe saving and a fast index (core layer).

The folder may be a network share used by every PC of the clinic, so:
- files are named by plan id only (no patient names in file names, temp names or log lines);
- saving is atomic (planfile.write_atomic); only the holder of the plan's lock (core/locks.py) overwrites
  it, and only if the file is still the version it read (a second guard, for sync clients and take-overs);
  anyone else's save goes to a uniquely named conflict copy beside it, and nothing is overwritten;
- files that share a plan id (our conflict copies, a sync client's copies) are versions of one plan;
- temp files are cleaned: this PC's own leftovers at the next start, anyone's after a day;
- the search index is a per-PC JSON cache in the user's data dir (never a database on the share).

The plan session (core/session.py) drives all of this through the PlanStorage protocol, so that another
store (a database) can stand in for the folder.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import secrets
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from functools import cached_property
from pathlib import Path
from typing import Any, Protocol, TypeVar

from hep_builder import paths
from hep_builder.core import locks
from hep_builder.core.exercise import fold
from hep_builder.core.locks import LOCK_STALE_AFTER, LockAttempt, LockInfo  # noqa: F401 - part of the API
from hep_builder.core.plan import PLAN_SUFFIX, Plan, now
from hep_builder.core.planfile import (
    MAX_PLAN_BYTES,
    TEMP_MARK,
    TEMP_SUFFIX,
    LoadedPlan,
    host_tag,
    plan_to_text,
    read_plan_bytes,
    write_atomic,
)
from hep_builder.core.yamlio import decode_text, load_text

LOCK_SUFFIX = locks.LOCK_SUFFIX
CONFLICT_MARK = ".conflict-"
INDEX_FORMAT = 2
TEMP_STALE_AFTER_S = 24 * 3600  # anyone's temp file older than a day is a leftover


def version_of(data: bytes) -> str:
    """A file's version: its content hash (an mtime alone is changed by a sync client's touch)."""
    return hashlib.sha256(data).hexdigest()


@dataclass(frozen=True)
class PlanSummary:
    """One row of the reprint list."""

    id: str
    path: str
    patient: str
    identifier: str
    date_of_birth: str
    therapist: str
    modified: str  # ISO date-time
    created: str
    location: str
    title: str
    exercises: int
    conflict: bool = False  # another version of plan ``id`` (a conflict copy or a sync client's copy)

    @cached_property
    def search_text(self) -> str:
        return fold(" ".join((self.patient, self.identifier, self.therapist, self.date_of_birth, self.modified[:10])))


@dataclass(frozen=True)
class ReadResult:
    loaded: LoadedPlan
    version: str  # the file's content hash when read


@dataclass(frozen=True)
class WriteResult:
    path: Path  # where the plan went
    version: str
    conflict: bool = False  # True: a conflict copy, the plan file itself was left as it was
    why: str = ""  # for a conflict: "lock" (we did not hold it) or "changed" (the file changed since read)


# What a store's locks are: a LockInfo for the folder store, a Holder for a plans server (core/store_api.py).
# The session hands a store back only the locks that store gave it.
_Lock = TypeVar("_Lock")
_Lock_co = TypeVar("_Lock_co", covariant=True)


class LockHolder(Protocol):
    """Who holds a plan, as the session shows it (LockInfo and Holder both say it)."""

    def describe(self) -> str: ...


class StoreLockAttempt(Protocol[_Lock_co]):
    """A store's answer to lock(): LockAttempt here, store_api.LockAttempt for a server."""

    @property
    def state(self) -> locks.LockState: ...

    @property
    def lock(self) -> _Lock_co | None: ...

    @property
    def reason(self) -> str: ...


class StoreRead(Protocol):
    """A read plan: ReadResult here, store_api.StoredPlan for a server."""

    @property
    def loaded(self) -> LoadedPlan: ...

    @property
    def version(self) -> str: ...


class StoreWrite(Protocol):
    """Where a save went: WriteResult here, store_api.Written for a server."""

    @property
    def path(self) -> Path: ...

    @property
    def version(self) -> str: ...

    @property
    def conflict(self) -> bool: ...

    @property
    def why(self) -> str: ...


class PlanStorage(Protocol[_Lock]):
    """What a plan session needs from a store: the plans folder (PlanStore) or a plans server (PgStore)."""

    def location_for(self, plan_id: str) -> Path: ...

    def read(self, path: Path) -> StoreRead: ...

    def current_version(self, path: Path) -> str | None: ...

    def lock(self, path: Path, *, take_over: bool = False) -> StoreLockAttempt[_Lock]: ...

    def holds(self, path: Path, lock: _Lock) -> bool: ...

    def unlock(self, path: Path, lock: _Lock) -> None: ...

    def write(self, path: Path, plan: Plan, *, lock: _Lock | None, expected: str | None) -> StoreWrite: ...

    def clean_temp(self) -> int: ...


class PlanStore:
    """The folder store."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    # --- names ------------------------------------------------------------------------------------------

    def path_for(self, plan_id: str) -> Path:
        safe = "".join(ch for ch in plan_id if ch.isalnum() or ch == "-")
        if not safe:
            raise ValueError("a plan id is needed to name its file")
        return self.folder / f"{safe}{PLAN_SUFFIX}"

    location_for = path_for

    @staticmethod
    def lock_path(path: Path) -> Path:
        return locks.lock_path(path)

    def conflict_path(self, path: Path) -> Path:
        """A new name beside ``path``: time, this PC (as a tag) and a random part, so none is ever reused."""
        stamp = now().strftime("%Y%m%d-%H%M%S")
        return path.with_name(f"{path.name[: -len(PLAN_SUFFIX)]}{CONFLICT_MARK}{stamp}-{host_tag()}-"
                              f"{secrets.token_hex(4)}{PLAN_SUFFIX}")  # fmt: skip

    # --- locks ------------------------------------------------------------------------------------------

    def read_lock(self, path: Path) -> LockInfo | None:
        return locks.read_lock(path)

    def lock(self, path: Path, *, take_over: bool = False) -> LockAttempt:
        return locks.acquire(path, take_over=take_over)

    def holds(self, path: Path, lock: LockInfo) -> bool:
        return locks.holds(path, lock)

    def unlock(self, path: Path, lock: LockInfo) -> None:
        locks.release(path, lock)

    # --- read and write ---------------------------------------------------------------------------------

    def read(self, path: Path) -> ReadResult:
        data, loaded = read_plan_bytes(path)
        return ReadResult(loaded, version_of(data))

    def current_version(self, path: Path) -> str | None:
        try:
            return version_of(path.read_bytes())
        except OSError:
            return None

    def write(self, path: Path, plan: Plan, *, lock: LockInfo | None, expected: str | None) -> WriteResult:
        """Save ``plan``: over ``path`` if we hold its lock and it is still version ``expected`` (None: no
        file yet), else to a new conflict copy. OSError (full, read-only, gone) leaves every file as it was."""
        data = plan_to_text(plan).encode("utf-8")
        why = ""
        if lock is None or not self.holds(path, lock):
            why = "lock"
        elif self.current_version(path) != expected:
            why = "changed"
        if why:
            copy = self.conflict_path(path)
            while copy.exists():  # pragma: no cover - 32 random bits
                copy = self.conflict_path(path)
            write_atomic(copy, data)
            return WriteResult(copy, version_of(data), conflict=True, why=why)
        write_atomic(path, data)
        return WriteResult(path, version_of(data))

    def save(self, plan: Plan) -> tuple[Path, str]:
        """Save a plan nobody has open (tests, imports): locks, writes, unlocks."""
        path = self.path_for(plan.id)
        attempt = self.lock(path)
        try:
            result = self.write(path, plan, lock=attempt.lock, expected=self.current_version(path))
        finally:
            if attempt.lock is not None and attempt.state is locks.LockState.ACQUIRED:
                self.unlock(path, attempt.lock)
        return result.path, result.version

    def clean_temp(self) -> int:
        """Remove temp files left by a crash: this PC's whose process is gone, anyone's older than a day."""
        removed = 0
        mine = host_tag()
        try:
            entries = list(os.scandir(self.folder))
        except OSError:
            return 0
        for entry in entries:
            if not (entry.name.startswith(TEMP_MARK) and entry.name.endswith(TEMP_SUFFIX)):
                continue
            parts = entry.name[len(TEMP_MARK) :].split("-")
            leftover = False
            if len(parts) >= 3 and parts[0] == mine and parts[1].isdigit():
                pid = int(parts[1])
                leftover = pid != os.getpid() and not locks.process_running(pid)
            if not leftover:
                with contextlib.suppress(OSError):
                    leftover = time.time() - entry.stat().st_mtime > TEMP_STALE_AFTER_S
            if leftover:
                with contextlib.suppress(OSError):
                    os.unlink(entry.path)
                    removed += 1
        return removed

    # --- listing ----------------------------------------------------------------------------------------

    def _index_path(self) -> Path:
        key = hashlib.sha256(str(self.folder.resolve()).encode("utf-8")).hexdigest()[:24]
        return paths.data_dir() / "cache" / f"plans-{key}.json"

    def summaries(self) -> list[PlanSummary]:
        """Every plan in the folder, newest first. Unchanged files come from the per-PC index."""
        result = [summary for batch in self.iter_summaries() for summary in batch]
        result.sort(key=lambda s: s.modified, reverse=True)
        return result

    def iter_summaries(self, batch: int = 200) -> Iterator[list[PlanSummary]]:
        """The folder's plans in batches, for a list that fills as they come: first everything the per-PC index
        still knows (unchanged modified time and size), then the new and changed files as they are read. The
        index is written once at the end."""
        index_path = self._index_path()
        try:
            cached = json.loads(index_path.read_text("utf-8"))
            entries = cached["entries"] if cached.get("format") == INDEX_FORMAT else {}
        except (OSError, ValueError, KeyError, TypeError):
            entries = {}
        fresh: dict[str, dict[str, Any]] = {}
        try:
            scan = list(os.scandir(self.folder))
        except OSError:
            return
        known_rows: list[PlanSummary] = []
        unknown: list[tuple[os.DirEntry[str], str]] = []
        for entry in scan:
            if not entry.name.endswith(PLAN_SUFFIX) or entry.name.startswith("."):
                continue
            try:
                stat = entry.stat()
            except OSError:
                continue
            key = f"{stat.st_mtime_ns}:{stat.st_size}"
            known = entries.get(entry.name)
            if known and known.get("key") == key:
                with contextlib.suppress(TypeError):
                    known_rows.append(PlanSummary(**known["summary"]))
                    fresh[entry.name] = known
                    continue
            unknown.append((entry, key))
        for start in range(0, len(known_rows), batch * 10):  # from memory: big batches
            yield known_rows[start : start + batch * 10]
        rows: list[PlanSummary] = []
        for entry, key in unknown:
            summary = self._summarize(Path(entry.path))
            if summary is None:
                continue
            fresh[entry.name] = {"key": key, "summary": asdict(summary)}
            rows.append(summary)
            if len(rows) >= batch:
                yield rows
                rows = []
        if rows:
            yield rows
        if fresh != entries:
            with contextlib.suppress(OSError):
                index_path.parent.mkdir(parents=True, exist_ok=True)
                write_atomic(index_path, json.dumps({"format": INDEX_FORMAT, "entries": fresh}).encode("utf-8"))

    @staticmethod
    def _summarize(path: Path) -> PlanSummary | None:
        try:
            if path.stat().st_size > MAX_PLAN_BYTES:
                return None  # opening it explains why
            data = _header(decode_text(path.read_bytes()))
            patient = data.get("patient") or {}
            if isinstance(patient, str):
                patient = {"name": patient}

            def text(value: object) -> str:
                # Only plain values: str() of a nested alias bomb would never finish.
                return str(value)[:200] if isinstance(value, str | int | float) and not isinstance(value, bool) else ""

            plan_id = text(data.get("id"))
            return PlanSummary(
                id=plan_id,
                path=str(path),
                patient=text(patient.get("name")),
                identifier=text(patient.get("identifier")),
                date_of_birth=text(patient.get("date_of_birth")),
                therapist=text(data.get("therapist")),
                modified=text(str(data.get("modified") or data.get("created") or "")).replace(" ", "T"),
                created=text(str(data.get("created") or "")).replace(" ", "T"),
                location=text(data.get("location")),
                title=text(data.get("title")),
                exercises=data["items"]
                if isinstance(data.get("items"), int)
                else len(data.get("items") or [])
                if isinstance(data.get("items"), int | list)
                else 0,
                conflict=is_other_version(path.name, plan_id),
            )
        except Exception:  # an unreadable file is left out of the list; opening it explains why
            return None

    def search(self, text: str = "", rows: list[PlanSummary] | None = None) -> list[PlanSummary]:
        """Plans whose patient, chart number, therapist or date hold every word (in ``rows`` if given)."""
        words = fold(text).split()
        return [s for s in (self.summaries() if rows is None else rows) if all(w in s.search_text for w in words)]

    def history(self, summary: PlanSummary, rows: list[PlanSummary] | None = None) -> list[PlanSummary]:
        """Other versions of the same plan (same id: conflict or sync copies) first, then other plans of the
        same patient (same identifier, else the same name); newest first within each."""

        def same(other: PlanSummary) -> bool:
            if summary.identifier and other.identifier:
                return other.identifier == summary.identifier
            return fold(other.patient).strip() == fold(summary.patient).strip() and bool(summary.patient.strip())

        others = [s for s in (self.summaries() if rows is None else rows) if s.path != summary.path]
        versions = [s for s in others if summary.id and s.id == summary.id]
        return versions + [s for s in others if s not in versions and same(s)]

    def versions(self, summary: PlanSummary, rows: list[PlanSummary] | None = None) -> list[PlanSummary]:
        """Every other file of plan ``summary.id``."""
        rows = self.summaries() if rows is None else rows
        return [s for s in rows if summary.id and s.id == summary.id and s.path != summary.path]


def _header(text: str) -> dict[str, Any]:
    """What a list row needs from a plan file, fast: the YAML before 'items:' and a count of the items (our
    own files write one '- exercise:' line per item). Anything else is read whole."""
    head, found, items = text.partition("\nitems:\n")
    if found and "\nitems:" not in head:
        data = load_text(head)
        if isinstance(data, dict):
            top_level = re.findall(r"^(?:  )?- exercise: ", items, re.MULTILINE)
            data["items"] = len(top_level)
            return data
    data = load_text(text)
    if not isinstance(data, dict):
        raise ValueError("not a plan")  # the caller leaves it out of the list
    return data


def is_other_version(file_name: str, plan_id: str) -> bool:
    """A file of plan ``plan_id`` that is not its own file: our conflict copy or a sync client's copy
    ("<id> (1).hepplan", "<id>-DESKTOP-7.hepplan")."""
    if CONFLICT_MARK in file_name:
        return True
    return bool(plan_id) and file_name.startswith(plan_id) and file_name != f"{plan_id}{PLAN_SUFFIX}"
