"""The plans folder: one file per plan named by its id, a fast index, locks and safe saving (core layer).

The folder may be a network share used by every PC of the clinic, so:
- files are named by plan id only (no patient names in file names, temp names or log lines);
- saving is atomic (planfile.write_atomic) and checks first that nobody changed the file since it was
  opened; if someone did, the new version goes to a conflict copy beside it and nothing is overwritten;
- an open plan holds a lock file naming user, host and time; others open it read-only, or take over a
  lock older than LOCK_STALE_AFTER;
- the search index is a per-PC JSON cache in the user's data dir (never a database on the share).
"""

from __future__ import annotations

import contextlib
import getpass
import hashlib
import json
import os
import socket
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from functools import cached_property
from pathlib import Path

from hep_builder import paths
from hep_builder.core.exercise import fold
from hep_builder.core.plan import PLAN_SUFFIX, Plan, now
from hep_builder.core.planfile import LoadedPlan, plan_to_text, read_plan, write_atomic
from hep_builder.core.yamlio import decode_text, load_text

LOCK_SUFFIX = ".lock"
CONFLICT_MARK = ".conflict-"
LOCK_STALE_AFTER = timedelta(hours=8)  # a lock older than a working day is from a crash or a PC left on
INDEX_FORMAT = 1


@dataclass(frozen=True)
class FileStamp:
    """What a file was when we read it: changed by anyone else means a different stamp."""

    mtime_ns: int
    size: int
    sha256: str

    @classmethod
    def of(cls, path: Path) -> FileStamp | None:
        try:
            data = path.read_bytes()
            stat = path.stat()
        except OSError:
            return None
        return cls(stat.st_mtime_ns, stat.st_size, hashlib.sha256(data).hexdigest())


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
    conflict: bool = False

    @cached_property
    def search_text(self) -> str:
        return fold(" ".join((self.patient, self.identifier, self.therapist, self.date_of_birth, self.modified[:10])))


@dataclass(frozen=True)
class LockInfo:
    user: str
    host: str
    time: str  # ISO
    pid: int = 0

    @property
    def age(self) -> timedelta:
        try:
            return now() - datetime.fromisoformat(self.time)
        except ValueError:
            return LOCK_STALE_AFTER * 2

    @property
    def is_stale(self) -> bool:
        return self.age > LOCK_STALE_AFTER

    def describe(self) -> str:
        return f"{self.user} on {self.host} since {self.time[:16].replace('T', ' ')}"


def me() -> LockInfo:
    try:
        user = getpass.getuser()
    except Exception:  # no user name from the OS: still lock, say who we can
        user = "unknown user"
    return LockInfo(user, socket.gethostname(), now().isoformat(timespec="seconds"), os.getpid())


class SaveConflict(Exception):
    """Someone changed the plan file since it was opened; the new version was written to ``copy``."""

    def __init__(self, copy: Path) -> None:
        super().__init__(f"the plan was changed elsewhere; this version was saved as {copy.name}")
        self.copy = copy


@dataclass
class OpenedPlan:
    loaded: LoadedPlan
    path: Path
    stamp: FileStamp | None
    locked_by_other: LockInfo | None = None
    we_hold_lock: bool = False

    @property
    def read_only(self) -> bool:
        return self.loaded.read_only or self.locked_by_other is not None


class PlanStore:
    def __init__(self, folder: Path) -> None:
        self.folder = folder

    # --- names ------------------------------------------------------------------------------------------

    def path_for(self, plan_id: str) -> Path:
        safe = "".join(ch for ch in plan_id if ch.isalnum() or ch == "-")
        if not safe:
            raise ValueError("a plan id is needed to name its file")
        return self.folder / f"{safe}{PLAN_SUFFIX}"

    @staticmethod
    def lock_path(path: Path) -> Path:
        return path.with_name(path.name + LOCK_SUFFIX)

    # --- locks ------------------------------------------------------------------------------------------

    def read_lock(self, path: Path) -> LockInfo | None:
        try:
            data = json.loads(self.lock_path(path).read_text("utf-8"))
            return LockInfo(str(data["user"]), str(data["host"]), str(data["time"]), int(data.get("pid", 0)))
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def acquire_lock(self, path: Path, *, take_over: bool = False) -> LockInfo | None:
        """Lock ``path`` for us. Returns the other holder if it is locked by someone else (and not taken)."""
        current = self.read_lock(path)
        mine = me()
        held_by_other = current and (current.user, current.host, current.pid) != (mine.user, mine.host, mine.pid)
        if held_by_other and not take_over:
            return current
        lock = self.lock_path(path)
        lock.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(lock, json.dumps(asdict(mine)).encode("utf-8"))
        return None

    def release_lock(self, path: Path) -> None:
        current = self.read_lock(path)
        mine = me()
        if current and (current.user, current.host, current.pid) == (mine.user, mine.host, mine.pid):
            with contextlib.suppress(OSError):
                self.lock_path(path).unlink()

    # --- open and save ----------------------------------------------------------------------------------

    def open(self, path: Path, *, take_over_stale: bool = True) -> OpenedPlan:
        """Read a plan and lock it, or report who has it (then it is read-only)."""
        stamp = FileStamp.of(path)
        loaded = read_plan(path)
        opened = OpenedPlan(loaded, path, stamp)
        if loaded.read_only:
            return opened
        holder = self.read_lock(path)
        if holder and holder.is_stale and take_over_stale:
            holder = None
        other = self.acquire_lock(path, take_over=holder is None)
        opened.locked_by_other = other
        opened.we_hold_lock = other is None
        return opened

    def save(self, plan: Plan, opened: OpenedPlan | None = None) -> tuple[Path, FileStamp]:
        """Save atomically. A plan changed on disk since ``opened`` goes to a conflict copy (SaveConflict)."""
        path = opened.path if opened else self.path_for(plan.id)
        data = plan_to_text(plan).encode("utf-8")
        expected = opened.stamp if opened else None
        on_disk = FileStamp.of(path)
        if on_disk is not None and on_disk != expected:
            copy = self.conflict_path(path)
            write_atomic(copy, data)
            raise SaveConflict(copy)
        write_atomic(path, data)
        stamp = FileStamp(path.stat().st_mtime_ns, len(data), hashlib.sha256(data).hexdigest())
        if opened is not None:
            opened.stamp = stamp
        return path, stamp

    def conflict_path(self, path: Path) -> Path:
        stamp = now().strftime("%Y%m%d-%H%M%S")
        host = "".join(ch for ch in socket.gethostname() if ch.isalnum() or ch == "-")[:24] or "pc"
        return path.with_name(f"{path.name[: -len(PLAN_SUFFIX)]}{CONFLICT_MARK}{stamp}-{host}{PLAN_SUFFIX}")

    # --- listing ----------------------------------------------------------------------------------------

    def _index_path(self) -> Path:
        key = hashlib.sha256(str(self.folder.resolve()).encode("utf-8")).hexdigest()[:24]
        return paths.data_dir() / "cache" / f"plans-{key}.json"

    def summaries(self) -> list[PlanSummary]:
        """Every plan in the folder, newest first. Unchanged files come from the per-PC index."""
        index_path = self._index_path()
        try:
            cached = json.loads(index_path.read_text("utf-8"))
            entries = cached["entries"] if cached.get("format") == INDEX_FORMAT else {}
        except (OSError, ValueError, KeyError, TypeError):
            entries = {}
        fresh: dict[str, dict] = {}
        result: list[PlanSummary] = []
        try:
            scan = list(os.scandir(self.folder))
        except OSError:
            return []
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
                summary = PlanSummary(**known["summary"])
            else:
                summary = self._summarize(Path(entry.path))
                if summary is None:
                    continue
            fresh[entry.name] = {"key": key, "summary": asdict(summary)}
            result.append(summary)
        if fresh != entries:
            with contextlib.suppress(OSError):
                index_path.parent.mkdir(parents=True, exist_ok=True)
                write_atomic(index_path, json.dumps({"format": INDEX_FORMAT, "entries": fresh}).encode("utf-8"))
        result.sort(key=lambda s: s.modified, reverse=True)
        return result

    @staticmethod
    def _summarize(path: Path) -> PlanSummary | None:
        try:
            data = load_text(decode_text(path.read_bytes()))
            patient = data.get("patient") or {}
            if isinstance(patient, str):
                patient = {"name": patient}

            def text(value) -> str:
                return "" if value is None else str(value)

            return PlanSummary(
                id=text(data.get("id")),
                path=str(path),
                patient=text(patient.get("name")),
                identifier=text(patient.get("identifier")),
                date_of_birth=text(patient.get("date_of_birth")),
                therapist=text(data.get("therapist")),
                modified=text(data.get("modified") or data.get("created")).replace(" ", "T"),
                created=text(data.get("created")).replace(" ", "T"),
                location=text(data.get("location")),
                title=text(data.get("title")),
                exercises=len(data.get("items") or []),
                conflict=CONFLICT_MARK in path.name,
            )
        except Exception:  # an unreadable file is left out of the list; opening it explains why
            return None

    def search(self, text: str = "", rows: list[PlanSummary] | None = None) -> list[PlanSummary]:
        """Plans whose patient, chart number, therapist or date hold every word (in ``rows`` if given)."""
        words = fold(text).split()
        return [s for s in (self.summaries() if rows is None else rows) if all(w in s.search_text for w in words)]

    def history(self, summary: PlanSummary, rows: list[PlanSummary] | None = None) -> list[PlanSummary]:
        """Other plans of the same patient (same identifier, else the same name), newest first."""

        def same(other: PlanSummary) -> bool:
            if summary.identifier and other.identifier:
                return other.identifier == summary.identifier
            return fold(other.patient).strip() == fold(summary.patient).strip() and bool(summary.patient.strip())

        return [s for s in (self.summaries() if rows is None else rows) if s.path != summary.path and same(s)]
