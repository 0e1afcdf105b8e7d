"""Exclusive plan locks in a (possibly shared) folder, and who a process is (core layer).

A lock is a small JSON file created with ``O_CREAT|O_EXCL``: of two PCs opening one plan at the same moment
exactly one creates it. It names the host, user, process id, the process's start time and the time, plus a
random token that tells one session's lock from another's (two sessions in one process are two holders).

A lock is replaced only by an explicit take-over, or when it is stale: on this host, as soon as its process
no longer runs (or a new process has its id: the start time differs); from another host, after
LOCK_STALE_AFTER. Breaking a lock goes through a short-lived ``.break`` file (also ``O_EXCL``), so two PCs
that both find a stale lock cannot both end up holding it.
"""

from __future__ import annotations

import contextlib
import errno
import getpass
import json
import os
import secrets
import socket
import sys
import time
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from enum import Enum
from functools import cache
from pathlib import Path

from hep_builder.core.plan import now

LOCK_SUFFIX = ".lock"
BREAK_SUFFIX = ".break"
LOCK_STALE_AFTER = timedelta(hours=8)  # another PC's lock older than a working day: a crash or a PC left on
BEING_WRITTEN_GRACE_S = 10.0  # an empty lock this young is still being written by its creator
BREAK_STALE_AFTER_S = 30.0


# --- who we are ------------------------------------------------------------------------------------------


@cache
def host_name() -> str:
    return socket.gethostname() or "unknown-pc"


@cache
def user_name() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no user name from the OS: still lock, say who we can
        return "unknown user"


def process_start(pid: int) -> str:
    """An opaque mark of when process ``pid`` started ("" if unknown): a reused pid has another one."""
    if sys.platform.startswith("linux"):
        try:
            stat = Path(f"/proc/{pid}/stat").read_text("ascii", "replace")
            return stat.rsplit(")", 1)[1].split()[19]  # field 22, after the command name in parentheses
        except (OSError, IndexError):
            return ""
    if sys.platform == "win32":
        return _windows_process_start(pid)
    return ""


def _windows_process_start(pid: int) -> str:  # pragma: no cover - Windows only
    import ctypes
    from ctypes import wintypes

    kernel = ctypes.windll.kernel32  # type: ignore[attr-defined]
    handle = kernel.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
    if not handle:
        return ""
    try:
        times = [wintypes.FILETIME() for _ in range(4)]
        if not kernel.GetProcessTimes(handle, *(ctypes.byref(t) for t in times)):
            return ""
        return str((times[0].dwHighDateTime << 32) | times[0].dwLowDateTime)
    finally:
        kernel.CloseHandle(handle)


def process_running(pid: int) -> bool:
    if pid <= 0:
        return False
    if sys.platform == "win32":  # pragma: no cover - Windows only
        return bool(_windows_process_start(pid))
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # it runs, as another user
        return True
    except OSError:
        return False
    return True


# --- the lock file ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LockInfo:
    """Who holds a plan."""

    user: str
    host: str
    time: str  # ISO, when it was taken
    pid: int = 0
    start: str = ""  # process start mark (process_start)
    token: str = ""  # one session's own mark

    @property
    def age(self) -> timedelta:
        try:
            return now() - datetime.fromisoformat(self.time)
        except ValueError:
            return LOCK_STALE_AFTER * 2

    @property
    def is_stale(self) -> bool:
        """Left by a crash: its process is gone (this PC), or it is older than LOCK_STALE_AFTER (other PCs)."""
        if self.host == host_name() and self.pid > 0:
            if not process_running(self.pid):
                return True
            running_since = process_start(self.pid)
            return bool(self.start and running_since and running_since != self.start)  # the id was reused
        return self.age > LOCK_STALE_AFTER

    def describe(self) -> str:
        return f"{self.user} on {self.host} since {self.time[:16].replace('T', ' ')}"

    @classmethod
    def mine(cls) -> LockInfo:
        pid = os.getpid()
        return cls(user_name(), host_name(), now().isoformat(timespec="seconds"), pid, process_start(pid),
                   secrets.token_hex(8))  # fmt: skip


class LockState(Enum):
    ACQUIRED = "acquired"  # we hold it now
    HELD = "held"  # someone else holds it (``holder``)
    UNWRITABLE = "unwritable"  # the folder takes no lock (read-only, full, no permission)


@dataclass(frozen=True)
class LockAttempt:
    state: LockState
    lock: LockInfo | None = None  # ours when ACQUIRED, the other holder when HELD
    reason: str = ""  # UNWRITABLE: why, in plain words


def lock_path(path: Path) -> Path:
    return path.with_name(path.name + LOCK_SUFFIX)


def read_lock(path: Path) -> LockInfo | None:
    """The lock on plan ``path``; an unreadable lock is described from its file (or None if there is none)."""
    lock = lock_path(path)
    try:
        raw = lock.read_bytes()
    except FileNotFoundError:
        return None
    except OSError:
        return LockInfo("someone", "another PC", now().isoformat(timespec="seconds"))
    try:
        data = json.loads(raw.decode("utf-8"))
        return LockInfo(str(data["user"])[:80], str(data["host"])[:80], str(data["time"])[:40],
                        int(data.get("pid", 0)), str(data.get("start", ""))[:40],
                        str(data.get("token", ""))[:40])  # fmt: skip
    except (ValueError, KeyError, TypeError, AttributeError, UnicodeDecodeError):
        # Empty or garbled: being written right now (young), or left half-written by a crash (old).
        try:
            age = time.time() - lock.stat().st_mtime
        except OSError:
            return None
        when = (now() - timedelta(seconds=age)).isoformat(timespec="seconds")
        if age < BEING_WRITTEN_GRACE_S:
            return LockInfo("someone", "another PC", when, token="being-written")
        return LockInfo("someone", "another PC", "2000-01-01T00:00:00", token="garbled")


def _unwritable(exc: OSError) -> str:
    if exc.errno in (errno.EROFS,):
        return "the plans folder is read-only"
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return "the plans folder is full"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "you may not write to the plans folder"
    return f"the plans folder cannot be written ({exc.strerror or exc})"


def _create(lock: Path, info: LockInfo) -> None:
    """Create ``lock`` only if there is none (raises FileExistsError); a failed write leaves no lock."""
    fd = os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
    try:
        os.write(fd, json.dumps(asdict(info)).encode("utf-8"))
        os.fsync(fd)
    except BaseException:
        os.close(fd)
        with contextlib.suppress(OSError):
            lock.unlink()
        raise
    os.close(fd)


def _break(path: Path, judged: LockInfo | None, *, force: bool) -> bool:
    """Remove the lock on ``path`` if it is still the one we judged (or any, with ``force``), under the
    ``.break`` mutex so that two breakers cannot both remove and re-create. True if it is gone."""
    breaker = path.with_name(path.name + BREAK_SUFFIX)
    try:
        fd = os.open(breaker, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
    except FileExistsError:
        with contextlib.suppress(OSError):
            if time.time() - breaker.stat().st_mtime > BREAK_STALE_AFTER_S:
                breaker.unlink()  # a breaker left by a crash
        return False
    os.close(fd)
    try:
        current = read_lock(path)
        if current is None:
            return True
        if force or current == judged:
            with contextlib.suppress(FileNotFoundError):
                lock_path(path).unlink()
            return True
        return False
    finally:
        with contextlib.suppress(OSError):
            breaker.unlink()


def acquire(path: Path, *, take_over: bool = False, info: LockInfo | None = None) -> LockAttempt:
    """Lock plan ``path`` for a new session (``info``, or a fresh LockInfo.mine()).

    A stale lock is replaced; a live one only with ``take_over``. Never raises for a folder that takes no
    lock: that is UNWRITABLE, with the reason.
    """
    info = info or LockInfo.mine()
    lock = lock_path(path)
    try:
        lock.parent.mkdir(parents=True, exist_ok=True)  # the first plan in a new plans folder
    except OSError as exc:
        return LockAttempt(LockState.UNWRITABLE, reason=_unwritable(exc))
    for _attempt in range(20):
        try:
            _create(lock, info)
            return LockAttempt(LockState.ACQUIRED, info)
        except FileExistsError:
            pass
        except FileNotFoundError:
            return LockAttempt(LockState.UNWRITABLE, reason="the plans folder cannot be reached")
        except OSError as exc:
            return LockAttempt(LockState.UNWRITABLE, reason=_unwritable(exc))
        holder = read_lock(path)
        if holder is None:
            continue  # released between our two looks: try again
        if not (take_over or holder.is_stale):
            return LockAttempt(LockState.HELD, holder)
        try:
            if not _break(path, holder, force=take_over):
                time.sleep(0.01)  # another PC is breaking it right now; look again
        except OSError as exc:
            return LockAttempt(LockState.UNWRITABLE, reason=_unwritable(exc))
    holder = read_lock(path)
    return LockAttempt(LockState.HELD, holder or LockInfo("someone", "another PC", now().isoformat()))


def holds(path: Path, info: LockInfo) -> bool:
    """Is ``info`` (a session's own lock) still the lock on ``path``? False after someone took it over."""
    current = read_lock(path)
    return current is not None and current.token == info.token and current.pid == info.pid


def release(path: Path, info: LockInfo) -> None:
    """Remove our lock, never anyone else's."""
    if holds(path, info):
        with contextlib.suppress(OSError):
            lock_path(path).unlink()
