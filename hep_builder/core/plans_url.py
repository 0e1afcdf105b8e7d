"""Where plans are kept: a folder (the default) or a PostgreSQL server, and the server address's rules (core layer).

The server is named by a libpq address, ``postgresql://host/db`` (or ``host=... dbname=...``), in
``settings.yaml`` (``plans_store``) or in ``HEP_BUILDER_PLANS_URL`` (which wins). The rules:
- no password in the address: settings files are read by anyone at the PC and copied around; the password
  goes in libpq's own pgpass file (``%APPDATA%\\postgresql\\pgpass.conf``, ``~/.pgpass``);
- any host other than this PC must be reached over TLS: no ``sslmode`` means ``require``, and a weaker one
  than ``require`` is refused;
- every connection has a connect timeout (``connect_timeout`` is capped, never 0 = "wait forever").

This module only reads addresses; it does not connect (core/pg_store.py does).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from hep_builder import paths

if TYPE_CHECKING:
    from hep_builder.core.pg_store import PgStore
    from hep_builder.core.plan_store import PlanStore
    from hep_builder.core.settings import Settings

URL_PREFIXES = ("postgresql://", "postgres://")
LOCAL_HOSTS = ("", "localhost", "127.0.0.1", "::1", "[::1]")
STRONG_SSLMODES = ("require", "verify-ca", "verify-full")
DEFAULT_CONNECT_TIMEOUT_S = 5
MAX_CONNECT_TIMEOUT_S = 15


class PlansUrlError(ValueError):
    """A plans server address that must not be used; the message is for the clinic's admin."""


@dataclass(frozen=True)
class PlansServer:
    """A checked server address: what to pass to libpq, and how to name the server to a user."""

    conninfo: str  # key=value form, sslmode and connect_timeout filled in
    display: str  # "host/database": no user, no options, for messages
    local: bool  # on this PC (loopback or a Unix socket)


def is_server_address(text: str) -> bool:
    """Is this plans-store setting a database server (rather than a folder)?"""
    stripped = text.strip()
    return stripped.lower().startswith(URL_PREFIXES) or ("dbname=" in stripped and "host=" in stripped)


def configured_address(setting: str = "") -> tuple[str, str]:
    """The server address in force and where it came from (``""`` when plans are kept in a folder)."""
    from_env = os.environ.get(paths.ENV_PLANS_URL, "").strip()
    if from_env:
        return from_env, paths.ENV_PLANS_URL
    if setting.strip() and is_server_address(setting):
        return setting.strip(), "settings.yaml (plans_store)"
    return "", ""


def pgpass_path() -> Path:
    """libpq's own password file for this user (PGPASSFILE wins, as in libpq)."""
    if os.environ.get("PGPASSFILE"):
        return Path(os.environ["PGPASSFILE"])
    if os.name == "nt":
        return Path(os.environ.get("APPDATA", "~")).expanduser() / "postgresql" / "pgpass.conf"
    return Path.home() / ".pgpass"


def _is_local(host: str) -> bool:
    host = host.strip()
    return host.lower() in LOCAL_HOSTS or host.startswith(("/", "@"))  # a Unix socket folder, or abstract


def check_address(address: str, where: str = "the plans server address") -> PlansServer:
    """Check a server address against the rules above; PlansUrlError says what to change."""
    from psycopg import conninfo as pg_conninfo

    try:
        params = pg_conninfo.conninfo_to_dict(address.strip())
    except Exception:  # psycopg's message may quote the address, password and all: say it without it
        raise PlansUrlError(f"{where} is not a PostgreSQL address; write it as postgresql://server/database") from None
    if params.get("password"):
        raise PlansUrlError(
            f"{where} contains a password. Take it out and put it in the PostgreSQL password file "
            f"({pgpass_path()}) instead: one line server:port:database:user:password."
        )
    hosts = [h for h in str(params.get("host", "")).split(",")] or [""]
    addrs = [a for a in str(params.get("hostaddr", "")).split(",") if a.strip()]
    local = all(_is_local(h) for h in hosts) and all(_is_local(a) for a in addrs)
    sslmode = str(params.get("sslmode", "")).strip().lower()
    if not local:
        if not sslmode:
            params["sslmode"] = "require"  # TLS by default for a server on the network
        elif sslmode not in STRONG_SSLMODES:
            raise PlansUrlError(
                f"{where} names a server on the network with sslmode={sslmode}: the connection must be "
                "encrypted. Use sslmode=require (or verify-full, with the server's certificate)."
            )
    try:
        timeout = int(params.get("connect_timeout") or DEFAULT_CONNECT_TIMEOUT_S)
    except (TypeError, ValueError):
        raise PlansUrlError(f"{where} has a connect_timeout that is not a number of seconds") from None
    bounded = min(max(timeout, 2), MAX_CONNECT_TIMEOUT_S) if timeout > 0 else MAX_CONNECT_TIMEOUT_S  # 0: forever
    params["connect_timeout"] = str(bounded)
    database = str(params.get("dbname", "")) or str(params.get("user", "")) or "postgres"
    shown_host = ",".join(h for h in hosts if h) or "this PC"
    return PlansServer(pg_conninfo.make_conninfo(**params), f"{shown_host}/{database}", local)


def open_store(settings: Settings) -> PlanStore | PgStore:
    """The plans store the settings (or HEP_BUILDER_PLANS_URL) choose. PlansUrlError for a server address
    that breaks the rules; it does not connect yet (the first call does, with its timeouts)."""
    address, where = configured_address(settings.plans_store)
    if not address:
        from hep_builder.core.plan_store import PlanStore

        return PlanStore(settings.plans_path)
    from hep_builder.core.pg_store import PgStore

    return PgStore(check_address(address, where))
