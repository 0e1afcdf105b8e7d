"""The plan session: open, edit, save, autosave, recover, take over and close one plan (core layer, no Qt).

Everything that decides whether a patient's work is kept lives here, so it can be tested without a window:
the window only turns the outcomes below into dialogs and status lines, and keeps no lifecycle state.

Rules the session keeps:
- A plan opened for editing holds the plan's lock (core/locks.py). Without the lock (another PC has it, the
  folder takes no lock, a newer format) it is read-only, with the reason.
- Only the lock holder overwrites the plan file, and only the version it read; any other save goes to a
  conflict copy (core/plan_store.py). Nothing is ever overwritten that the user has not seen.
- Unsaved work is autosaved; an autosave newer than the plan file is offered back whenever that plan is
  opened. An autosave is removed only by a save, an explicit "don't save", or a confirmed discard.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass, replace
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Any

from hep_builder.core import autosave
from hep_builder.core.autosave import Recovery
from hep_builder.core.locks import LockState
from hep_builder.core.plan import Plan, now
from hep_builder.core.plan_store import PlanStore
from hep_builder.core.planfile import PlanFileError

if TYPE_CHECKING:  # the store (and PyYAML) loads on first use, not at start-up
    from hep_builder.core.plan_store import LockHolder, PlanStorage


STILL_HERE = "Your changes are still here; check the plans folder or the network, then save again."


class ReadOnly(Enum):
    """Why a plan opened read-only."""

    NEWER_FORMAT = "newer-format"
    IN_USE = "in-use"  # another PC (or window) holds the lock
    NO_LOCK = "no-lock"  # the folder takes no lock: read-only, full, no permission


@dataclass(frozen=True)
class Opened:
    """A plan is open. ``read_only`` says why it cannot be edited (None: it can)."""

    path: Path
    read_only: ReadOnly | None = None
    holder: LockHolder | None = None  # IN_USE: who has it
    reason: str = ""  # the plain sentence for read_only
    recovery: Recovery | None = None  # unsaved work newer than the file: ask, then recover() or discard()
    messages: tuple[str, ...] = ()  # about the file (migrated, newer format)


@dataclass(frozen=True)
class OpenFailed:
    message: str  # one line for the user; the open plan is unchanged


class Saved(Enum):
    SAVED = "saved"
    CONFLICT_COPY = "conflict-copy"  # kept as a separate copy beside the plan; nothing overwritten
    READ_ONLY = "read-only"  # not saved: the plan is read-only here (message says why)
    FAILED = "failed"  # not saved: the folder could not be written (message says why); work is still here


@dataclass(frozen=True)
class SaveOutcome:
    kind: Saved
    path: Path | None = None
    message: str = ""

    @property
    def kept(self) -> bool:
        """The work is in the plans folder (as the plan or as a conflict copy)."""
        return self.kind in (Saved.SAVED, Saved.CONFLICT_COPY)


class Autosaved(Enum):
    WRITTEN = "written"
    NOTHING = "nothing"  # nothing unsaved (or read-only)
    FAILED = "failed"


@dataclass(frozen=True)
class AutosaveOutcome:
    kind: Autosaved
    message: str = ""


@dataclass(frozen=True)
class Closed:
    kept_autosave: bool  # unsaved work stays in the autosave, offered back next time


class PlanSession:
    """One plan being edited (or read) in one window."""

    def __init__(self, open_store: Callable[[], PlanStorage[Any]], blank: Plan) -> None:
        """``open_store`` makes the store on first use (the plans folder may be a slow share)."""
        self._open_store = open_store
        self._store: PlanStorage[Any] | None = None
        self.plan = blank
        self.saved = blank  # the plan as last read or saved: unsaved work is plan != saved
        self.path: Path | None = None
        self.version: str | None = None  # the file's version we started from
        self.lock: LockHolder | None = None  # the store's own kind of lock (LockInfo, Holder)
        self.read_only: ReadOnly | None = None
        self.reason = ""
        self.owns_autosave = False  # we wrote (or offered) this plan's autosave: ours to remove

    # --- state ------------------------------------------------------------------------------------------

    @property
    def store(self) -> PlanStorage[Any]:
        if self._store is None:
            self._store = self._open_store()
        return self._store

    @store.setter
    def store(self, store: PlanStorage[Any]) -> None:
        """Another plans folder (settings): plans opened from the old one stay where they are."""
        self._store = store

    @property
    def dirty(self) -> bool:
        """Unsaved work: the plan differs from the file (the time of saving is not an edit)."""
        return replace(self.plan, modified=self.saved.modified) != self.saved

    def edit(self, plan: Plan) -> bool:
        """The plan as edited now; False (and nothing changes) when it is read-only."""
        if self.read_only is not None:
            return False
        self.plan = plan
        return True

    def start(self) -> list[Recovery]:
        """At start-up: clean our temp leftovers; the unsaved work worth offering (newer than its file)."""
        with suppress(OSError):
            self.store.clean_temp()
        with suppress(OSError):
            PlanStore(autosave.autosave_dir()).clean_temp()
        return [r for r in autosave.pending() if r.newer_than(r.original) and self._differs(r)]

    # --- open and close ---------------------------------------------------------------------------------

    def new(self, plan: Plan) -> Closed:
        """Leave the current plan (its lock goes; unsaved work stays autosaved) and start ``plan``."""
        closed = self.close()
        self._become(plan, None, None)
        return closed

    def open(self, path: Path) -> Opened | OpenFailed:
        """Read ``path`` and lock it; the current plan is left only if this one could be read."""
        try:
            result = self.store.read(path)
        except PlanFileError as exc:
            return OpenFailed(str(exc))
        except OSError as exc:
            return OpenFailed(f"The plan could not be opened ({exc.strerror or exc}).")
        loaded = result.loaded
        self.close()
        self._become(loaded.plan, path, result.version)
        messages = tuple(loaded.messages)
        if loaded.read_only:
            self.read_only = ReadOnly.NEWER_FORMAT
            self.reason = loaded.messages[-1] if loaded.messages else "This plan was saved by a newer HEP Builder."
            return Opened(path, self.read_only, reason=self.reason, messages=messages)
        return self._lock(take_over=False, messages=messages)

    def take_over(self) -> Opened:
        """Take the plan from whoever holds it (the user said that PC no longer uses it)."""
        if self.path is None or self.read_only is not ReadOnly.IN_USE:
            return Opened(self.path or Path(), self.read_only, reason=self.reason)
        return self._lock(take_over=True)

    def _lock(self, *, take_over: bool, messages: tuple[str, ...] = ()) -> Opened:
        assert self.path is not None
        attempt = self.store.lock(self.path, take_over=take_over)
        if attempt.state is LockState.ACQUIRED:
            self.lock, self.read_only, self.reason = attempt.lock, None, ""
            recovery = autosave.find(self.plan.id)
            if recovery is not None and not (recovery.newer_than(self.path) and self._differs(recovery)):
                recovery = None  # older than the file, or the same: nothing to offer (and it is kept)
            return Opened(self.path, recovery=recovery, messages=messages)
        if attempt.state is LockState.HELD:
            self.read_only, holder = ReadOnly.IN_USE, attempt.lock
            where = holder.describe() if holder else "another PC"
            self.reason = f"This plan is open on another PC ({where}), so it is read-only here."
            return Opened(self.path, self.read_only, holder, self.reason, messages=messages)
        self.read_only = ReadOnly.NO_LOCK
        self.reason = f"This plan opened read-only because {attempt.reason}."
        return Opened(self.path, self.read_only, reason=self.reason, messages=messages)

    def _differs(self, recovery: Recovery) -> bool:
        """Does the autosave hold anything the file (or, for a new plan, nothing at all) lacks?"""
        if recovery.original is None:
            return bool(recovery.plan.items or recovery.plan.patient.name)
        try:
            on_disk = self.store.read(recovery.original).loaded.plan
        except Exception:  # the file is gone or unreadable: the autosave is all there is
            return True
        return replace(on_disk, modified=recovery.plan.modified) != recovery.plan

    def _become(self, plan: Plan, path: Path | None, version: str | None) -> None:
        self.plan = self.saved = plan
        self.path, self.version = path, version
        self.lock, self.read_only, self.reason = None, None, ""
        self.owns_autosave = False

    def close(self) -> Closed:
        """Leave the plan: unsaved work is autosaved (kept), its lock released. An autosave we neither wrote
        nor offered is never removed."""
        kept = False
        if self.dirty and self.read_only is None:
            kept = self.autosave().kind is Autosaved.WRITTEN
        elif self.owns_autosave:
            autosave.discard(self.plan.id)
        if self.lock is not None and self.path is not None:
            self.store.unlock(self.path, self.lock)
        self.lock = None
        return Closed(kept)

    def discard_changes(self) -> None:
        """The user chose "Don't save": the unsaved work and our autosave of it go."""
        if self.owns_autosave or self.dirty:
            autosave.discard(self.plan.id)
        self.plan = self.saved
        self.owns_autosave = False

    # --- recovery ---------------------------------------------------------------------------------------

    def recover(self, recovery: Recovery) -> None:
        """Take the autosaved work as unsaved edits of this plan. If the file changed since the autosave
        began, the next save becomes a conflict copy (the other edit is kept too)."""
        if recovery.base_version and self.version is not None and recovery.base_version != self.version:
            self.version = recovery.base_version  # the file moved on: save must not overwrite it
        self.plan = recovery.plan
        self.owns_autosave = True

    def discard_recovery(self, recovery: Recovery) -> None:
        """The user confirmed: the autosaved work goes."""
        autosave.discard(recovery.plan.id)
        if recovery.plan.id == self.plan.id:
            self.owns_autosave = False

    # --- save -------------------------------------------------------------------------------------------

    def save(self) -> SaveOutcome:
        if self.read_only is not None:
            return SaveOutcome(Saved.READ_ONLY, self.path, self._read_only_save_reason())
        plan = replace(self.plan, modified=now())
        path = self.path or self.store.location_for(plan.id)
        if self.lock is None:  # a new plan (or a lock lost to a failed folder): take the lock first
            attempt = self.store.lock(path)
            if attempt.state is LockState.ACQUIRED:
                self.lock = attempt.lock
            elif attempt.state is LockState.UNWRITABLE:
                return SaveOutcome(Saved.FAILED, None, f"The plan could not be saved: {attempt.reason}. {STILL_HERE}")
        try:
            result = self.store.write(path, plan, lock=self.lock, expected=self.version)
        except OSError as exc:
            return SaveOutcome(Saved.FAILED, None, f"The plan could not be saved ({exc.strerror or exc}). {STILL_HERE}")
        name = getattr(self.store, "display_name", None)  # a plans server names its plans its own way
        message = f"Saved {name(result.path) if name else result.path.name}"
        kind = Saved.SAVED
        if result.conflict:
            kind = Saved.CONFLICT_COPY
            what = ("Another PC took this plan over while you had it open" if result.why == "lock"
                    else "Someone changed this plan on another PC while you had it open")  # fmt: skip
            message = (f"{what}. Nothing was overwritten: your version was saved as a separate copy next to "
                       "theirs. Both are listed in Find a plan under this patient; compare the two and keep the "
                       "right one.")  # fmt: skip
            if self.lock is not None and self.path is not None:
                self.store.unlock(self.path, self.lock)
            self.lock = None
            attempt = self.store.lock(result.path)  # go on editing the copy: it is ours
            self.lock = attempt.lock if attempt.state is LockState.ACQUIRED else None
        autosave.discard(plan.id)
        self.owns_autosave = False
        self.plan = self.saved = plan
        self.path, self.version = result.path, result.version
        return SaveOutcome(kind, result.path, message)

    def _read_only_save_reason(self) -> str:
        if self.read_only is ReadOnly.NEWER_FORMAT:  # or another reason the store gave (a server's old version)
            return self.reason or "This plan was made by a newer HEP Builder and cannot be saved here."
        if self.read_only is ReadOnly.IN_USE:
            return "Another PC has this plan open, so it cannot be saved here."
        return self.reason or "This plan is read-only here."

    def autosave(self) -> AutosaveOutcome:
        if not self.dirty or self.read_only is not None:
            return AutosaveOutcome(Autosaved.NOTHING)
        try:
            autosave.autosave(self.plan, self.path, self.version or "")
        except OSError as exc:
            return AutosaveOutcome(Autosaved.FAILED, f"Autosave failed ({exc.strerror or exc}); save the plan soon.")
        self.owns_autosave = True
        return AutosaveOutcome(Autosaved.WRITTEN)
