"""Test isolation: offscreen Qt, and config, data and plans dirs in tmp_path (never the real home)."""

from __future__ import annotations

import os
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from hep_builder.ui.none_guard import protect_none

# pytest-qt makes its own QApplication, so the suite calls the guard that create_application() calls.
protect_none()

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def isolated_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Path]:
    dirs = {name: tmp_path / f"hep-{name}" for name in ("config", "data", "plans")}
    monkeypatch.setenv("HEP_BUILDER_CONFIG_DIR", str(dirs["config"]))
    monkeypatch.setenv("HEP_BUILDER_DATA_DIR", str(dirs["data"]))
    monkeypatch.setenv("HEP_BUILDER_PLANS_DIR", str(dirs["plans"]))
    monkeypatch.delenv("HEP_BUILDER_LIBRARY_PATH", raising=False)
    monkeypatch.delenv("HEP_BUILDER_PLANS_URL", raising=False)  # a test that wants the plans server says so
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    return dirs


@pytest.fixture(scope="session")
def bundled_library():
    from hep_builder.core.library import LibrarySource, load_library
    from hep_builder.paths import bundled_dir

    return load_library([LibrarySource(bundled_dir("exercises"), "bundled")])


# --- the PostgreSQL plans server (issue 18) -------------------------------------------------------------

PG_URL_ENV = "HEP_BUILDER_TEST_PG_URL"  # .ci/run starts a throwaway cluster and names it here


@pytest.fixture(scope="session")
def pg_address() -> Iterator[str]:
    """A PostgreSQL database for the store tests: the one CI started, else a throwaway cluster of our own
    (.ci/pg-cluster). Only outside CI may the tests skip, when no server can be started."""
    given = os.environ.get(PG_URL_ENV, "").strip()
    if given:
        yield given
        return
    folder = tempfile.mkdtemp(prefix="hep-pg-")  # directly in the temp dir: the cluster's user must reach it
    script = REPO / ".ci" / "pg-cluster"
    try:
        started = subprocess.run(["bash", str(script), "start", folder], capture_output=True, text=True, timeout=120)
        why = started.stderr.strip().splitlines()[-1] if started.returncode and started.stderr.strip() else ""
    except (OSError, subprocess.SubprocessError) as exc:
        started, why = None, str(exc)
    if started is None or started.returncode != 0:
        subprocess.run(["bash", str(script), "stop", folder], capture_output=True, timeout=60, check=False)
        message = f"no PostgreSQL server could be started ({why or 'initdb failed'})"
        if os.environ.get("CI"):
            pytest.fail(f"{message}; CI must run the PostgreSQL store tests")
        pytest.skip(f"{message}; PostgreSQL store tests skipped outside CI (set {PG_URL_ENV} to use a server)")
    try:
        yield started.stdout.strip().splitlines()[-1]
    finally:
        subprocess.run(["bash", str(script), "stop", folder], capture_output=True, timeout=60, check=False)


@pytest.fixture(scope="session")
def pg_migrated(pg_address: str) -> str:
    from hep_builder.core.pg_store import PgStore

    store = PgStore.from_address(pg_address, cache_dir=Path(tempfile.gettempdir()) / "hep-pg-unused")
    store.migrate()
    store.close()
    return pg_address


@pytest.fixture
def pg_store(pg_migrated: str, tmp_path: Path):
    """A PostgreSQL plan store on an empty (migrated) database."""
    from hep_builder.core.pg_store import PgStore

    store = PgStore.from_address(pg_migrated, cache_dir=tmp_path / "pg-cache")
    with store._cursor() as cur:
        cur.execute("TRUNCATE plans, plan_versions, plan_claims")
    yield store
    store.close()
