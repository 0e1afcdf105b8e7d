"""The plan database's schema: numbered SQL migrations shipped with the program, applied in order (core layer).

``core/sql/0001_*.sql``, ``0002_*.sql``, ... are applied by ``hep-builder plans migrate-db``, each in its own
transaction and recorded in ``schema_migrations``; then ``grants.sql`` gives the program's own role
(``hep_builder_app``) just the rights it needs. A migration is never edited once shipped: a change is a new
file. Two admins migrating at once are serialised by an advisory lock.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from hep_builder import paths
from hep_builder.core.store_api import StoreUnavailable

if TYPE_CHECKING:
    from hep_builder.core.pg_store import PgStore

MIGRATION_RE = re.compile(r"^(\d{4})_([a-z0-9_]+)\.sql$")
MIGRATE_LOCK = 4820151  # advisory lock key: one migrate-db at a time


@dataclass(frozen=True)
class Migration:
    number: int
    name: str
    path: Path

    @property
    def sql(self) -> str:
        return self.path.read_text("utf-8")


def migrations(folder: Path | None = None) -> list[Migration]:
    """The shipped migrations, in order; gaps or duplicate numbers are a packaging error."""
    folder = folder or paths.sql_dir()
    found = []
    for path in sorted(folder.glob("*.sql")):
        match = MIGRATION_RE.match(path.name)
        if match:
            found.append(Migration(int(match.group(1)), path.stem, path))
    numbers = [m.number for m in found]
    if numbers != list(range(1, len(found) + 1)):
        raise RuntimeError(f"the plan database migrations are not numbered 1..n: {numbers}")
    return found


def latest() -> int:
    return len(migrations())


def applied(store: PgStore) -> list[int]:
    with store._cursor() as cur:
        cur.execute("SELECT to_regclass('schema_migrations') IS NOT NULL")
        if not cur.fetchone()[0]:
            return []
        cur.execute("SELECT version FROM schema_migrations ORDER BY version")
        return [row[0] for row in cur.fetchall()]


def migrate(store: PgStore) -> list[str]:
    """Apply what is missing; returns the names applied (empty: already up to date)."""
    shipped = migrations()
    done: list[str] = []
    with store._cursor() as cur:
        cur.execute("SELECT pg_advisory_lock(%s)", (MIGRATE_LOCK,))
    try:
        with store._cursor() as cur:
            cur.execute(
                "CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, name text NOT NULL, "
                "applied_at timestamptz NOT NULL DEFAULT now(), applied_by text NOT NULL DEFAULT current_user)"
            )
        have = set(applied(store))
        newer = sorted(v for v in have if v > len(shipped))
        if newer:
            raise StoreUnavailable(
                f"The plans database was set up by a newer HEP Builder (schema {max(newer)}; this program knows "
                f"up to {len(shipped)}). Update HEP Builder on this PC."
            )
        for migration in shipped:
            if migration.number in have:
                continue
            with store._cursor() as cur:
                # Migrations run longer than a save may; the statement timeout is for the program's calls.
                cur.execute("SET LOCAL statement_timeout = 0")
                cur.execute(migration.sql)
                cur.execute(
                    "INSERT INTO schema_migrations (version, name) VALUES (%s, %s)", (migration.number, migration.name)
                )
            done.append(migration.name)
        with store._cursor() as cur:
            cur.execute((paths.sql_dir() / "grants.sql").read_text("utf-8"))
    finally:
        with store._cursor(transaction=False) as cur:
            cur.execute("SELECT pg_advisory_unlock(%s)", (MIGRATE_LOCK,))
    return done
