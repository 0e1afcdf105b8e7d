"""The PostgreSQL plan store for clinic groups: plans, their history, claims and search in the database (core layer).

One database serves every PC of every site. What it promises:
- a save names the version it started from; inside one transaction (serialised per plan by an advisory
  lock) it becomes the plan's new current version only if the saver holds the plan's claim and the plan
  is still at that version. Otherwise it is kept as a *conflict version*: nothing is ever overwritten,
  every save is a row of ``plan_versions`` with who, when and from which PC;
- "open for editing" is a ``plan_claims`` row renewed by a heartbeat; a claim not renewed for
  CLAIM_EXPIRES_S is a crashed PC's and may be taken (the server's clock decides, not the PCs');
- Find a plan asks the server (a pg_trgm index: parts of names, and typos when nothing matches exactly);
- every call is bounded: connect_timeout, statement_timeout, lock_timeout, TCP keepalives; a server that
  is away is StoreUnavailable with one plain sentence, never a hang or a traceback;
- plans opened or saved on this PC are kept in a small local cache, so they can still be reprinted
  (read-only) while the server is away.

psycopg is imported on first use, so a clinic that keeps its plans in a folder never loads it.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import secrets
import threading
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from hep_builder import paths
from hep_builder.core.exercise import fold
from hep_builder.core.plan import PLAN_SUFFIX, Plan
from hep_builder.core.plan_store import CONFLICT_MARK, PlanStore, PlanSummary
from hep_builder.core.plans_url import PlansServer, check_address
from hep_builder.core.store_api import (
    Holder,
    LockAttempt,
    LockState,
    StoredPlan,
    StoreUnavailable,
    VersionInfo,
    Written,
)

if TYPE_CHECKING:
    import psycopg

CLAIM_EXPIRES_S = 180  # a claim not renewed for 3 minutes is from a crashed or cut-off PC
HEARTBEAT_EVERY_S = 45  # how often an editing PC renews its claim (well inside CLAIM_EXPIRES_S)
STATEMENT_TIMEOUT_MS = 5000
LOCK_TIMEOUT_MS = 3000
IDLE_IN_TRANSACTION_TIMEOUT_MS = 30000
SEARCH_LIMIT = 200
AWAY_RETRY_S = 20.0
FUZZY_LIMIT = 20
MAX_DOCUMENT_CHARS = 1_000_000  # as the plan file limit: a plan is a few KB
CACHE_KEEP = 300  # plans kept on this PC for reprinting while the server is away
LOCATION_PREFIX = "db:"
ID_RE = re.compile(r"^[A-Za-z0-9-]{1,64}$")

_COLUMNS = (
    "id, version, patient_name, chart_number, date_of_birth, therapist, modified, created, location, title, exercises"
)


@dataclass(frozen=True)
class Who:
    """Who is saving, from which PC (recorded with every version)."""

    user: str
    host: str
    pid: int

    @classmethod
    def here(cls) -> Who:
        import getpass
        import socket

        try:
            user = getpass.getuser()
        except Exception:  # no user name from the OS: still record what we can
            user = "unknown user"
        return cls(user[:80], (socket.gethostname() or "unknown-pc")[:80], os.getpid())


def location_of(plan_id: str, version: int | None = None) -> str:
    """How a database plan (or one version of it) is named where a folder plan has a path."""
    return f"{LOCATION_PREFIX}{plan_id}" + (f"@{version}" if version is not None else "")


def parse_location(location: str | os.PathLike[str]) -> tuple[str, int | None]:
    """The plan id (and version) in a location, a plan id, or a Path made of either."""
    body = os.fspath(location).removeprefix(LOCATION_PREFIX)
    plan_id, _, version = body.partition("@")
    return _check_id(plan_id), int(version) if version.isdigit() else None


def _plan_id(location: str | os.PathLike[str]) -> str:
    return parse_location(location)[0]


def _check_id(plan_id: str) -> str:
    if not ID_RE.match(plan_id or ""):
        raise ValueError("a plan id is letters, digits and dashes")
    return plan_id


def _short(text: object, limit: int = 200) -> str:
    value = "" if text is None else str(text)
    return value[:limit]


def summary_columns(plan: Plan) -> dict[str, Any]:
    """What Find a plan searches and shows, taken from the plan (the same fields as the folder index)."""
    modified = plan.modified.isoformat(timespec="seconds")
    values = {
        "patient_name": _short(plan.patient.name),
        "chart_number": _short(plan.patient.identifier),
        "date_of_birth": _short(plan.patient.date_of_birth),
        "therapist": _short(plan.therapist),
        "location": _short(plan.location),
        "title": _short(plan.title),
        "exercises": len(plan.items),
        "created": plan.created.isoformat(timespec="seconds"),
        "modified": modified,
    }
    words = (values["patient_name"], values["chart_number"], values["therapist"], values["date_of_birth"])
    values["search_text"] = fold(" ".join((*words, modified[:10])))
    return values


def _like_pattern(word: str) -> str:
    return "%" + word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


class PgStore:
    """Plans in a PostgreSQL database (see the module docstring for what it promises)."""

    def __init__(
        self,
        server: PlansServer,
        *,
        cache_dir: Path | None = None,
        who: Who | None = None,
        statement_timeout_ms: int = STATEMENT_TIMEOUT_MS,
        heartbeat_every_s: float = HEARTBEAT_EVERY_S,
    ) -> None:
        self.server = server
        self.statement_timeout_ms = statement_timeout_ms
        self.heartbeat_every_s = heartbeat_every_s
        self._away_until = 0.0  # while the server is away, Find a plan does not wait for it at every key
        self._away_message = ""
        self.last_fuzzy = False  # the last search found no exact match and answered with near spellings
        self.last_limited = False  # the last search had more matches than it returned
        self._held: dict[str, Holder] = {}  # our claims, renewed by the heartbeat thread
        self._beating: threading.Thread | None = None
        self._stop = threading.Event()
        self.who = who or Who.here()
        key = hashlib.sha256(server.conninfo.encode("utf-8")).hexdigest()[:24]
        self.cache_dir = cache_dir or paths.data_dir() / "cache" / f"plans-db-{key}"
        self._conn: psycopg.Connection | None = None
        self._mutex = threading.RLock()  # one connection; the window may search from a worker thread

    @classmethod
    def from_address(cls, address: str, **kwargs: Any) -> PgStore:
        return cls(check_address(address), **kwargs)

    # --- the connection ---------------------------------------------------------------------------------

    def _connect(self) -> psycopg.Connection:
        import psycopg

        options = (
            f"-c statement_timeout={self.statement_timeout_ms} -c lock_timeout={LOCK_TIMEOUT_MS} "
            f"-c idle_in_transaction_session_timeout={IDLE_IN_TRANSACTION_TIMEOUT_MS}"
        )
        try:
            return psycopg.connect(
                self.server.conninfo,
                autocommit=True,
                application_name="HEP Builder",
                options=options,
                # A server that vanishes mid-call (cable, VPN) is noticed in seconds, not at TCP's 15 minutes.
                keepalives=1,
                keepalives_idle=10,
                keepalives_interval=5,
                keepalives_count=3,
                tcp_user_timeout=15000,
            )
        except psycopg.Error as exc:
            raise self._unavailable(exc) from None

    def _unavailable(self, exc: BaseException) -> StoreUnavailable:
        from hep_builder.core.plans_url import pgpass_path

        text = str(exc).strip()
        first = (text.splitlines()[0] if text else type(exc).__name__).replace(self.server.conninfo, "")[:160]
        lowered = text.lower()
        server = f"The plans server ({self.server.display})"
        clause = f"the plans server ({self.server.display})"
        # The admin's three usual set-up mistakes get their own sentence; anything else is "cannot be reached".
        if "password" in lowered and ("no password" in lowered or "authentication failed" in lowered):
            return StoreUnavailable(
                f"{server} did not accept this PC's sign-in ({first}). The password belongs in "
                f"{pgpass_path()} (see README, plans on a PostgreSQL server).",
                f"{clause} did not accept this PC's sign-in",
            )
        if "ssl" in lowered and ("not support" in lowered or "ssl was required" in lowered):
            return StoreUnavailable(
                f"{server} does not offer an encrypted connection, which HEP Builder requires for a server on "
                "the network: the clinic's IT turns on ssl in postgresql.conf.",
                f"{clause} does not offer an encrypted connection",
            )
        if "database" in lowered and "does not exist" in lowered:
            return StoreUnavailable(
                f"{server} has no such database ({first}); check plans_store in settings.",
                f"{clause} has no database of that name",
            )
        detail = first.rsplit(": ", 1)[-1].strip() or first  # libpq's last word: refused, timeout expired...
        return StoreUnavailable(
            f"{server} cannot be reached ({detail}). Plans cannot be opened or saved from the server until it "
            "is back; unsaved work stays on this PC.",
            f"{clause} cannot be reached ({detail})",
        )

    @contextlib.contextmanager
    def _cursor(self, *, transaction: bool = True) -> Iterator[psycopg.Cursor]:
        import psycopg

        with self._mutex:
            if self._conn is None or self._conn.closed:
                self._conn = self._connect()
            conn = self._conn
            try:
                if transaction:
                    with conn.transaction(), conn.cursor() as cursor:
                        yield cursor
                else:
                    with conn.cursor() as cursor:
                        yield cursor
            except psycopg.errors.UndefinedTable:
                raise StoreUnavailable(
                    f"The plans database ({self.server.display}) has no plan tables yet: the admin sets it "
                    "up with `hep-builder plans migrate-db`.",
                    f"the plans database ({self.server.display}) is not set up yet",
                ) from None
            except psycopg.errors.InsufficientPrivilege:
                raise StoreUnavailable(
                    f"The plans database ({self.server.display}) does not let this user do that; ask the "
                    "admin to check the database role (README, PostgreSQL).",
                    f"the plans database ({self.server.display}) does not let this user do that",
                ) from None
            except psycopg.OperationalError as exc:  # gone, timed out, shut down, lock wait too long
                if conn.broken or conn.closed:
                    self._conn = None
                with contextlib.suppress(Exception):
                    if self._conn is not None and conn.info.transaction_status != 0:  # not idle: start over
                        conn.close()
                        self._conn = None
                raise self._unavailable(exc) from None
            except psycopg.InterfaceError as exc:
                self._conn = None
                raise self._unavailable(exc) from None

    def _keep_alive(self, plan_id: str, lock: Holder) -> None:
        with self._mutex:
            self._held[plan_id] = lock
            if self._beating is None or not self._beating.is_alive():
                self._stop.clear()
                self._beating = threading.Thread(target=self._beat, name="plans-server-heartbeat", daemon=True)
                self._beating.start()

    def _beat(self) -> None:
        """Renew every claim we hold, every heartbeat_every_s, until close(). A server that is away is
        tried again next time; a claim someone took over is dropped."""
        while not self._stop.wait(self.heartbeat_every_s):
            with self._mutex:
                held = list(self._held.items())
            for plan_id, lock in held:
                try:
                    alive = self.heartbeat(plan_id, lock)
                except StoreUnavailable:
                    continue
                if not alive:
                    with self._mutex:
                        if self._held.get(plan_id) == lock:
                            del self._held[plan_id]

    def close(self) -> None:
        self._stop.set()
        with self._mutex:
            if self._conn is not None:
                with contextlib.suppress(Exception):
                    self._conn.close()
                self._conn = None

    def ping(self) -> None:
        """Raise StoreUnavailable unless the server answers now."""
        with self._cursor(transaction=False) as cur:
            cur.execute("SELECT 1 FROM plans LIMIT 1")

    # --- migrations -------------------------------------------------------------------------------------

    def migrate(self) -> list[str]:
        """Apply the numbered migrations not yet applied (each in its own transaction), then the grants.
        Returns the names applied. Refuses a database made by a newer program."""
        from hep_builder.core import pg_schema

        return pg_schema.migrate(self)

    # --- claims (open for editing) ----------------------------------------------------------------------

    def lock(self, plan_id: str | os.PathLike[str], *, take_over: bool = False) -> LockAttempt:
        """Claim the plan for editing. A claim not renewed for CLAIM_EXPIRES_S is taken; a live one only
        with ``take_over``. Never raises: a server that is away is UNWRITABLE, with the reason. While held,
        this store's heartbeat renews it (and stops with the process: a crash lets it lapse)."""
        plan_id = _plan_id(plan_id)
        token = secrets.token_hex(8)
        try:
            with self._cursor() as cur:
                row = self._claim(cur, plan_id, token, take_over)
                holder = None if row else self._holder(cur, plan_id)
                if holder is not None and self._left_by_a_crash_here(holder):
                    row = self._claim(cur, plan_id, token, False, replacing=holder.token)  # still that one
                if row is not None:
                    mine = Holder(self.who.user, self.who.host, row[0].astimezone().isoformat(timespec="seconds"),
                                  self.who.pid, token)  # fmt: skip
                    self._keep_alive(plan_id, mine)
                    return LockAttempt(LockState.ACQUIRED, mine)
                holder = self._holder(cur, plan_id)
        except StoreUnavailable as exc:
            return LockAttempt(LockState.UNWRITABLE, reason=exc.reason)
        return LockAttempt(LockState.HELD, holder or Holder("someone", "another PC", ""))

    def _claim(
        self, cur: psycopg.Cursor, plan_id: str, token: str, take_over: bool, replacing: str = ""
    ) -> tuple | None:
        """One statement: a new claim, or over an expired one (or any, with ``take_over``; or exactly the
        claim ``replacing``). Returns (claimed_at,) when ours."""
        cur.execute(
            "INSERT INTO plan_claims AS c (plan_id, token, held_by, held_on, pid) VALUES (%s, %s, %s, %s, %s) "
            "ON CONFLICT (plan_id) DO UPDATE SET token = EXCLUDED.token, held_by = EXCLUDED.held_by, "
            "held_on = EXCLUDED.held_on, pid = EXCLUDED.pid, claimed_at = now(), heartbeat_at = now() "
            "WHERE %s OR c.heartbeat_at < now() - make_interval(secs => %s) OR c.token = %s "
            "RETURNING claimed_at",
            (plan_id, token, self.who.user, self.who.host, self.who.pid, take_over, CLAIM_EXPIRES_S, replacing or None),
        )
        return cur.fetchone()

    def _left_by_a_crash_here(self, holder: Holder) -> bool:
        """A claim from this PC whose program is no longer running (restarted after a crash): no need to
        wait minutes for it to lapse, as the folder store's lock of a dead process is stale at once."""
        from hep_builder.core.locks import process_running

        if holder.host != self.who.host or holder.pid in (0, self.who.pid):
            return False
        return not process_running(holder.pid)

    @staticmethod
    def _holder(cur: psycopg.Cursor, plan_id: str) -> Holder | None:
        cur.execute(
            "SELECT held_by, held_on, claimed_at, pid, token, "
            "heartbeat_at < now() - make_interval(secs => %s) FROM plan_claims WHERE plan_id = %s",
            (CLAIM_EXPIRES_S, plan_id),
        )
        row = cur.fetchone()
        if row is None:
            return None
        return Holder(row[0], row[1], row[2].astimezone().isoformat(timespec="seconds"), row[3], row[4], bool(row[5]))

    def holder(self, plan_id: str) -> Holder | None:
        with self._cursor() as cur:
            return self._holder(cur, plan_id)

    def holds(self, plan_id: str | os.PathLike[str], lock: Holder) -> bool:
        plan_id = _plan_id(plan_id)
        with self._cursor() as cur:
            cur.execute("SELECT 1 FROM plan_claims WHERE plan_id = %s AND token = %s", (plan_id, lock.token))
            return cur.fetchone() is not None

    def heartbeat(self, plan_id: str, lock: Holder) -> bool:
        """Renew our claim; False if it was taken over (the plan is no longer ours to overwrite)."""
        with self._cursor() as cur:
            cur.execute(
                "UPDATE plan_claims SET heartbeat_at = now() WHERE plan_id = %s AND token = %s",
                (plan_id, lock.token),
            )
            return cur.rowcount == 1

    def unlock(self, plan_id: str | os.PathLike[str], lock: Holder) -> None:
        """Give up our claim, never anyone else's. A server that is away lets it expire by itself."""
        plan_id = _plan_id(plan_id)
        with self._mutex:
            if self._held.get(plan_id) == lock:
                del self._held[plan_id]
        with contextlib.suppress(StoreUnavailable), self._cursor() as cur:
            cur.execute("DELETE FROM plan_claims WHERE plan_id = %s AND token = %s", (plan_id, lock.token))

    # --- read and write ---------------------------------------------------------------------------------

    def location_for(self, plan_id: str) -> Path:
        """Where a plan is, named as the folder store names its files (the session keeps it as a path)."""
        return Path(location_of(_check_id(plan_id)))

    def display_name(self, location: str | os.PathLike[str]) -> str:
        """How to name a saved plan to the user (where a folder store says its file name)."""
        version = parse_location(location)[1]
        where = f"on the plans server ({self.server.display})"
        return f"version {version} of the plan, {where}" if version is not None else f"the plan {where}"

    def clean_temp(self) -> int:
        """Nothing of ours is left half-written on a server: a transaction is all or nothing."""
        return 0

    def read(
        self, plan_id: str | os.PathLike[str], version: int | None = None, *, offline_copy: bool = True
    ) -> StoredPlan:
        """The plan's current version (or ``version``, also given as ``db:<id>@<version>``, from its history).
        PlanFileError for a damaged document or no such plan. When the server is away, this PC's copy (read
        only, saying why) if it has one (``offline_copy``), else StoreUnavailable."""
        try:
            return self._read(plan_id, version)
        except StoreUnavailable:
            copy = self.cached(_plan_id(plan_id)) if offline_copy and version is None else None
            if copy is None or parse_location(plan_id)[1] is not None:
                raise
            return copy

    def _read(self, plan_id: str | os.PathLike[str], version: int | None) -> StoredPlan:
        from hep_builder.core.planfile import PlanFileError, plan_from_text

        plan_id, in_location = parse_location(plan_id)
        version = version if version is not None else in_location
        with self._cursor() as cur:
            if version is None:
                cur.execute("SELECT document, version FROM plans WHERE id = %s", (plan_id,))
            else:
                cur.execute(
                    "SELECT document, version FROM plan_versions WHERE plan_id = %s AND version = %s",
                    (plan_id, version),
                )
            row = cur.fetchone()
        if row is None:
            raise PlanFileError("This plan is not on the plans server (it may have been saved elsewhere).")
        document, number = row
        loaded = plan_from_text(document)
        if version is None:
            self._cache_put(plan_id, document)
        elif not loaded.read_only:  # history is looked at and printed, never edited in place
            loaded.read_only = True
            loaded.messages.append(f"This is an earlier or conflicting version (version {number}) of the plan, "
                                   "kept in its history: it can be printed, not changed.")  # fmt: skip
        return StoredPlan(loaded, str(number))

    def current_version(self, plan_id: str | os.PathLike[str]) -> str | None:
        plan_id = _plan_id(plan_id)
        with self._cursor() as cur:
            cur.execute("SELECT version FROM plans WHERE id = %s", (plan_id,))
            row = cur.fetchone()
        return None if row is None else str(row[0])

    def write(
        self,
        plan_id: str | os.PathLike[str],
        plan: Plan,
        *,
        lock: Holder | None,
        expected: str | None,
        document: str | None = None,
        kind: str = "save",
    ) -> Written:
        """Save ``plan`` as a new version. It becomes current only if we hold the claim (``lock``) and the
        plan is still at ``expected`` (None: no plan yet); else it is kept as a conflict version.
        StoreUnavailable when the server is away: nothing was saved, the caller still has the plan."""
        from hep_builder.core.planfile import plan_to_text

        plan_id = _plan_id(plan_id)
        text = plan_to_text(plan) if document is None else document
        if "\x00" in text or len(text) > MAX_DOCUMENT_CHARS:
            raise ValueError("the plan is too large or holds characters a plan cannot hold")
        columns = summary_columns(plan)
        try:
            base = int(expected) if expected is not None else None
        except ValueError:
            base = -1  # a version from somewhere else (a folder's hash): never the current one
        with self._cursor() as cur:
            # One save of a plan at a time, on every PC: the check and the write below see the same state.
            cur.execute("SELECT pg_advisory_xact_lock(hashtextextended(%s, 7))", (plan_id,))
            cur.execute(
                "SELECT (SELECT version FROM plans WHERE id = %s), "
                "(SELECT token FROM plan_claims WHERE plan_id = %s), "
                "(SELECT coalesce(max(version), 0) + 1 FROM plan_versions WHERE plan_id = %s)",
                (plan_id, plan_id, plan_id),
            )
            current, claim_token, number = cur.fetchone()
            why = ""
            if lock is None or claim_token != lock.token:
                why = "lock"
            elif current != base:
                why = "changed"
            cur.execute(
                "INSERT INTO plan_versions (plan_id, version, kind, based_on, document, saved_by, saved_on) "
                "VALUES (%s, %s, %s, %s, %s, %s, %s)",
                (
                    plan_id,
                    number,
                    "conflict" if why else kind,
                    base if base and base > 0 else None,
                    text,
                    self.who.user,
                    self.who.host,
                ),  # fmt: skip
            )
            if why:
                return Written(plan_id, str(number), conflict=True, why=why)
            names = ", ".join(columns)
            placeholders = ", ".join(f"%({name})s" for name in columns)
            updates = ", ".join(f"{name} = EXCLUDED.{name}" for name in columns)
            cur.execute(
                f"INSERT INTO plans (id, version, document, saved_at, saved_by, saved_on, {names}) "
                f"VALUES (%(id)s, %(version)s, %(document)s, now(), %(by)s, %(on)s, {placeholders}) "
                f"ON CONFLICT (id) DO UPDATE SET version = EXCLUDED.version, document = EXCLUDED.document, "
                f"saved_at = now(), saved_by = EXCLUDED.saved_by, saved_on = EXCLUDED.saved_on, {updates}",
                {
                    "id": plan_id,
                    "version": number,
                    "document": text,
                    "by": self.who.user,
                    "on": self.who.host,
                    **columns,
                },  # fmt: skip
            )
            cur.execute(
                "UPDATE plan_claims SET heartbeat_at = now() WHERE plan_id = %s AND token = %s",
                (plan_id, lock.token if lock else ""),
            )
        self._cache_put(plan_id, text)
        return Written(plan_id, str(number))

    def has_document(self, plan_id: str, document: str) -> bool:
        """Is this exact text already one of the plan's versions? (Import is idempotent by it.)"""
        with self._cursor() as cur:
            cur.execute("SELECT 1 FROM plan_versions WHERE plan_id = %s AND document = %s LIMIT 1", (plan_id, document))
            return cur.fetchone() is not None

    def save(self, plan: Plan) -> Written:
        """Save a plan nobody has open (tests, imports): claim, write from the current version, release."""
        attempt = self.lock(plan.id)
        if attempt.state is LockState.UNWRITABLE:
            raise StoreUnavailable(f"The plan could not be saved: {attempt.reason}.", attempt.reason)
        mine = attempt.lock if attempt.state is LockState.ACQUIRED else None
        try:
            return self.write(plan.id, plan, lock=mine, expected=self.current_version(plan.id))
        finally:
            if mine is not None:
                self.unlock(plan.id, mine)

    def dismiss_conflict(self, plan_id: str, version: int) -> None:
        """Someone has dealt with this conflict version: it stays in the history, no longer flagged."""
        with self._cursor() as cur:
            cur.execute(
                "UPDATE plan_versions SET resolved_at = now() "
                "WHERE plan_id = %s AND version = %s AND kind = 'conflict'",
                (plan_id, version),
            )

    # --- history and search -----------------------------------------------------------------------------

    def plan_history(self, plan_id: str | os.PathLike[str]) -> list[VersionInfo]:
        """Every version of the plan, newest first: who saved it, when, from which PC."""
        plan_id = _plan_id(plan_id)
        with self._cursor() as cur:
            cur.execute(
                "SELECT v.version, v.kind, v.based_on, v.saved_at, v.saved_by, v.saved_on, "
                "v.version = p.version, v.kind = 'conflict' AND v.resolved_at IS NULL "
                "FROM plan_versions v LEFT JOIN plans p ON p.id = v.plan_id "
                "WHERE v.plan_id = %s ORDER BY v.version DESC",
                (plan_id,),
            )
            rows = cur.fetchall()
        return [
            VersionInfo(
                r[0], r[1], r[2], r[3].astimezone().isoformat(timespec="seconds"), r[4], r[5], bool(r[6]), bool(r[7])
            )  # fmt: skip
            for r in rows
        ]

    def find(self, text: str = "") -> tuple[list[PlanSummary], str]:
        """Find a plan: the server's answer, or while it is away (tried again after AWAY_RETRY_S) the plans
        kept on this PC, with the sentence that says so ("" when the server answered)."""
        import time

        if time.monotonic() >= self._away_until:
            try:
                found = self.search(text, limit=SEARCH_LIMIT)
            except StoreUnavailable as exc:
                self._away_until = time.monotonic() + AWAY_RETRY_S
                self._away_message = exc.reason
            else:
                self._away_message = ""
                if self.last_fuzzy:
                    return found, "No plan matches exactly; these are the nearest spellings."
                if self.last_limited:
                    return found, f"The newest {SEARCH_LIMIT} plans that match; type more to find older ones."
                return found, ""
        reason = self._away_message
        message = f"{reason[:1].upper()}{reason[1:]}: showing the plans kept on this PC, read-only."
        return self.search_cached(text), message

    def search(
        self, text: str = "", rows: list[PlanSummary] | None = None, *, limit: int = SEARCH_LIMIT
    ) -> list[PlanSummary]:
        """Plans whose patient name, chart number, therapist or dates hold every word, newest first;
        when none does, the nearest spellings (typos). Each plan's open conflicts follow it. (``rows`` is
        the folder store's in-memory list; the server searches everything itself.)"""
        words = fold(text[:200]).split()[:8]
        with self._cursor() as cur:
            where = " AND ".join("search_text LIKE %s" for _ in words) or "TRUE"
            cur.execute(
                f"SELECT {_COLUMNS} FROM plans WHERE {where} ORDER BY modified DESC LIMIT %s",
                (*(_like_pattern(w) for w in words), limit),
            )
            rows = cur.fetchall()
            self.last_limited = len(rows) >= limit
            query = " ".join(words)
            self.last_fuzzy = not rows and len(query) >= 3
            if self.last_fuzzy:
                cur.execute("SET LOCAL pg_trgm.word_similarity_threshold = 0.45")
                cur.execute(
                    f"SELECT {_COLUMNS} FROM plans WHERE %s <%% search_text "
                    "ORDER BY word_similarity(%s, search_text) DESC, modified DESC LIMIT %s",
                    (query, query, min(limit, FUZZY_LIMIT)),
                )
                rows = cur.fetchall()
            ids = [r[0] for r in rows]
            conflicts: dict[str, list[tuple]] = {}
            if ids:
                cur.execute(
                    "SELECT plan_id, version, document, saved_at FROM plan_versions "
                    "WHERE plan_id = ANY(%s) AND kind = 'conflict' AND resolved_at IS NULL ORDER BY version DESC",
                    (ids,),
                )
                for row in cur.fetchall():
                    conflicts.setdefault(row[0], []).append(row)
        result = []
        for row in rows:
            result.append(self._summary(row))
            result += [self._conflict_summary(c) for c in conflicts.get(row[0], [])]
        return result

    def summaries(self) -> list[PlanSummary]:
        """The newest plans (Find a plan before anything is typed); the rest are found by search()."""
        return self.search("")

    def history(self, summary: PlanSummary, rows: list[PlanSummary] | None = None) -> list[PlanSummary]:
        """For Find a plan, as the folder store answers: the plan's open conflicts, then the same patient's
        other plans (same chart number, else the same name), newest first. ``rows`` is not needed here."""
        plan_id = _plan_id(summary.path)
        with self._cursor() as cur:
            if summary.identifier:
                cur.execute(
                    f"SELECT {_COLUMNS} FROM plans WHERE chart_number = %s AND id <> %s ORDER BY modified DESC "
                    "LIMIT 50",
                    (summary.identifier, plan_id),
                )
            else:
                cur.execute(
                    f"SELECT {_COLUMNS} FROM plans WHERE lower(patient_name) = lower(%s) AND patient_name <> '' "
                    "AND id <> %s ORDER BY modified DESC LIMIT 50",
                    (summary.patient, plan_id),
                )
            others = cur.fetchall()
            cur.execute(
                "SELECT plan_id, version, document, saved_at FROM plan_versions WHERE plan_id = %s "
                "AND kind = 'conflict' AND resolved_at IS NULL AND version <> %s ORDER BY version DESC",
                (plan_id, parse_location(summary.path)[1] or 0),
            )
            conflicts = cur.fetchall()
        return [*(self._conflict_summary(c) for c in conflicts), *(self._summary(r) for r in others)]

    @staticmethod
    def _summary(row: tuple) -> PlanSummary:
        plan_id, version, name, chart, born, therapist, modified, created, location, title, exercises = row
        return PlanSummary(plan_id, location_of(plan_id), name, chart, born, therapist, modified, created,
                           location, title, exercises)  # fmt: skip

    @staticmethod
    def _conflict_summary(row: tuple) -> PlanSummary:
        from hep_builder.core.planfile import plan_from_text

        plan_id, version, document, saved_at = row
        try:
            values = summary_columns(plan_from_text(document).plan)
        except Exception:  # a version that no longer parses is still listed, so it can be looked at
            values = {}
        return PlanSummary(
            plan_id, location_of(plan_id, version), values.get("patient_name", ""), values.get("chart_number", ""),
            values.get("date_of_birth", ""), values.get("therapist", ""),
            values.get("modified", saved_at.isoformat(timespec="seconds")), values.get("created", ""),
            values.get("location", ""), values.get("title", ""), values.get("exercises", 0), conflict=True,
        )  # fmt: skip

    def count(self) -> int:
        with self._cursor() as cur:
            cur.execute("SELECT count(*) FROM plans")
            return int(cur.fetchone()[0])

    def documents(self, batch: int = 500) -> Iterator[tuple[str, int, str, bool]]:
        """Every plan's current document and every open conflict: (id, version, document, is_conflict)."""
        last = ""
        while True:
            with self._cursor() as cur:
                cur.execute("SELECT id, version, document FROM plans WHERE id > %s ORDER BY id LIMIT %s", (last, batch))
                rows = cur.fetchall()
                ids = [r[0] for r in rows]
                cur.execute(
                    "SELECT plan_id, version, document FROM plan_versions WHERE plan_id = ANY(%s) "
                    "AND kind = 'conflict' AND resolved_at IS NULL ORDER BY plan_id, version",
                    (ids,),
                )
                extra = cur.fetchall()
            if not rows:
                return
            for plan_id, version, document in rows:
                yield plan_id, version, document, False
            for plan_id, version, document in extra:
                yield plan_id, version, document, True
            last = rows[-1][0]

    # --- the local copy for reprinting while the server is away ------------------------------------------

    def _cache_put(self, plan_id: str, document: str) -> None:
        from hep_builder.core.planfile import write_atomic

        with contextlib.suppress(OSError):
            write_atomic(self.cache_dir / f"{plan_id}{PLAN_SUFFIX}", document.encode("utf-8"))
            self._cache_prune()

    def _cache_prune(self) -> None:
        entries = [e for e in os.scandir(self.cache_dir) if e.name.endswith(PLAN_SUFFIX)]
        if len(entries) <= CACHE_KEEP:
            return
        entries.sort(key=lambda e: e.stat().st_mtime, reverse=True)
        for entry in entries[CACHE_KEEP:]:
            with contextlib.suppress(OSError):
                os.unlink(entry.path)

    def cached(self, plan_id: str) -> StoredPlan | None:
        """The copy of the plan kept on this PC (read-only: the server has the real one), if any."""
        from hep_builder.core.planfile import PlanFileError, read_plan

        path = self.cache_dir / f"{_check_id(plan_id)}{PLAN_SUFFIX}"
        try:
            loaded = read_plan(path)
        except PlanFileError:
            return None
        loaded.read_only = True
        loaded.messages.append(
            "The plans server cannot be reached: this is the copy kept on this PC, to reprint; it cannot be changed."
        )
        return StoredPlan(loaded, "")

    def search_cached(self, text: str = "") -> list[PlanSummary]:
        """Find a plan among those kept on this PC (while the server is away)."""
        if not self.cache_dir.is_dir():
            return []
        found = PlanStore(self.cache_dir).search(text)
        return [replace(s, path=location_of(s.id)) for s in found if CONFLICT_MARK not in s.path and ID_RE.match(s.id)]
