"""What the PostgreSQL plan store answers with (core layer).

core/pg_store.py meets the plan session's store interface (core/plan_store.PlanStorage) with these: the
same LockState, a Holder where the folder store has a LockInfo (both describe() themselves and carry a
token), StoredPlan for ReadResult and Written for WriteResult. KeyedPlanStore is what it offers beyond.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from hep_builder.core.locks import LockState  # one meaning of ACQUIRED / HELD / UNWRITABLE for both stores

if TYPE_CHECKING:
    from hep_builder.core.plan import Plan
    from hep_builder.core.plan_store import PlanSummary
    from hep_builder.core.planfile import LoadedPlan


class StoreUnavailable(OSError):
    """The store cannot be reached or used right now; the message is one plain sentence for the user.

    An OSError, as a plans folder that cannot be reached is: whoever handles one handles both. Its
    ``strerror`` is the same news as a clause ("the plans server (x) cannot be reached (refused)"), for
    sentences such as "The plan could not be saved (...)"."""

    def __init__(self, message: str, reason: str = "") -> None:
        super().__init__(message)
        self.strerror = reason or (message[:1].lower() + message[1:]).rstrip(".")

    @property
    def reason(self) -> str:
        return str(self.strerror)


@dataclass(frozen=True)
class Holder:
    """Who has a plan open for editing."""

    user: str
    host: str
    time: str  # ISO, when it was taken
    pid: int = 0
    token: str = ""  # one session's own mark
    stale: bool = False  # not renewed lately: a crashed or disconnected PC

    def describe(self) -> str:
        return f"{self.user} on {self.host} since {self.time[:16].replace('T', ' ')}"


@dataclass(frozen=True)
class LockAttempt:
    state: LockState
    lock: Holder | None = None  # ours when ACQUIRED, the other holder when HELD
    reason: str = ""  # UNWRITABLE: why, in plain words


@dataclass(frozen=True)
class StoredPlan:
    loaded: LoadedPlan
    version: str  # the version read


@dataclass(frozen=True)
class Written:
    plan_id: str
    version: str  # the version made by this save
    conflict: bool = False  # True: kept aside as a conflict version; the current plan was left as it was
    why: str = ""  # for a conflict: "lock" (we did not hold the plan) or "changed" (a newer version exists)

    @property
    def path(self) -> Path:
        """Where the save went, named as a folder store names it (a plan, or one version of it)."""
        from hep_builder.core.pg_store import location_of

        return Path(location_of(self.plan_id, int(self.version) if self.conflict else None))


@dataclass(frozen=True)
class VersionInfo:
    """One entry of a plan's history."""

    version: int
    kind: str  # save | conflict | import
    based_on: int | None
    saved_at: str  # ISO, the server's clock
    saved_by: str
    saved_on: str
    current: bool = False
    open_conflict: bool = False


class KeyedPlanStore(Protocol):
    """A plan store whose plans are named by id."""

    def read(self, plan_id: str) -> StoredPlan: ...

    def current_version(self, plan_id: str) -> str | None: ...

    def lock(self, plan_id: str, *, take_over: bool = False) -> LockAttempt: ...

    def holds(self, plan_id: str, lock: Holder) -> bool: ...

    def unlock(self, plan_id: str, lock: Holder) -> None: ...

    def write(self, plan_id: str, plan: Plan, *, lock: Holder | None, expected: str | None) -> Written: ...

    def search(self, text: str = "", limit: int = 200) -> list[PlanSummary]: ...

    def history(self, plan_id: str) -> list[VersionInfo]: ...
