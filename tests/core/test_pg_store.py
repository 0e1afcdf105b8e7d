"""The PostgreSQL plan store's own promises: address rules, migrations, the app role, claims, history,
search, the server away (the store contract both stores share is in test_store_contract.py)."""

from __future__ import annotations

import socket
import time
from dataclasses import replace
from pathlib import Path

import pytest

from hep_builder.core.pg_store import CLAIM_EXPIRES_S, PgStore, Who, location_of, parse_location
from hep_builder.core.plan import Patient, Plan, PlanItem
from hep_builder.core.plans_url import PlansUrlError, check_address, configured_address, open_store
from hep_builder.core.store_api import Holder, LockState, StoreUnavailable

# --- the address rules (no server needed) --------------------------------------------------------------


def test_a_password_in_the_address_is_refused_without_echoing_it() -> None:
    for address in ("postgresql://hep:s3cret@db.clinic.example/plans", "host=db dbname=plans password=s3cret"):
        with pytest.raises(PlansUrlError) as caught:
            check_address(address)
        assert "s3cret" not in str(caught.value)
        assert "password file" in str(caught.value)


def test_a_network_server_needs_tls_and_gets_it_by_default() -> None:
    server = check_address("postgresql://db.clinic.example/plans")
    assert "sslmode=require" in server.conninfo and not server.local
    assert server.display == "db.clinic.example/plans"
    assert "sslmode=verify-full" in check_address("postgresql://db.clinic.example/plans?sslmode=verify-full").conninfo
    for weak in ("disable", "allow", "prefer"):
        with pytest.raises(PlansUrlError, match="must be\\s+encrypted"):
            check_address(f"postgresql://db.clinic.example/plans?sslmode={weak}")
    with pytest.raises(PlansUrlError):  # one remote host among several is enough to need TLS
        check_address("host=localhost,db.clinic.example dbname=plans sslmode=disable")


def test_this_pc_may_go_without_tls() -> None:
    for address in (
        "postgresql://localhost/plans",
        "postgresql://127.0.0.1:5433/plans?sslmode=disable",
        "postgresql://[::1]/plans",
        "host=/var/run/postgresql dbname=plans",
        "postgresql:///plans",
    ):
        server = check_address(address)
        assert server.local, address
        assert "sslmode=require" not in server.conninfo


def test_every_connection_has_a_bounded_connect_timeout() -> None:
    assert "connect_timeout=5" in check_address("postgresql://localhost/plans").conninfo
    assert "connect_timeout=15" in check_address("postgresql://localhost/plans?connect_timeout=0").conninfo
    assert "connect_timeout=15" in check_address("postgresql://localhost/plans?connect_timeout=600").conninfo
    with pytest.raises(PlansUrlError):
        check_address("postgresql://localhost/plans?connect_timeout=soon")


def test_the_environment_wins_over_settings_and_a_folder_is_the_default(monkeypatch: pytest.MonkeyPatch) -> None:
    from hep_builder.core.plan_store import PlanStore
    from hep_builder.core.settings import Settings

    assert isinstance(open_store(Settings()), PlanStore)
    assert configured_address("postgresql://a/b") == ("postgresql://a/b", "settings.yaml (plans_store)")
    monkeypatch.setenv("HEP_BUILDER_PLANS_URL", "postgresql://localhost/envdb")
    assert configured_address("postgresql://a/b")[0] == "postgresql://localhost/envdb"
    store = open_store(Settings())
    assert isinstance(store, PgStore) and store.server.display == "localhost/envdb"


@pytest.mark.parametrize("with_password", [True, False])
def test_settings_refuse_a_password_and_keep_plans_in_the_folder(with_password: bool, isolated_dirs) -> None:
    from hep_builder.core.settings import load_settings

    isolated_dirs["config"].mkdir(parents=True)
    if with_password:
        (isolated_dirs["config"] / "settings.yaml").write_text("plans_store: postgresql://u:pw123@db.example/p\n")
        settings, problems = load_settings()
        assert settings.plans_store == ""
        assert len(problems) == 1 and "password" in problems[0].message and "pw123" not in str(problems[0])
        return
    (isolated_dirs["config"] / "settings.yaml").write_text("plans_store: postgresql://db.example/plans\n")
    settings, problems = load_settings()
    assert settings.plans_store == "postgresql://db.example/plans" and not problems


def test_locations_name_a_plan_or_one_of_its_versions(tmp_path: Path) -> None:
    assert parse_location(location_of("abc-1")) == ("abc-1", None)
    assert parse_location(location_of("abc-1", 7)) == ("abc-1", 7)
    store = PgStore.from_address("postgresql://db.example/plans", cache_dir=tmp_path)
    assert (
        store.display_name(Path(location_of("abc-1", 7)))
        == "version 7 of the plan, on the plans server (db.example/plans)"
    )
    assert store.display_name(store.location_for("abc-1")) == "the plan on the plans server (db.example/plans)"


# --- the server away -----------------------------------------------------------------------------------


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_a_server_that_is_away_is_one_plain_sentence_quickly(tmp_path: Path) -> None:
    store = PgStore.from_address(f"postgresql://nobody@127.0.0.1:{_closed_port()}/plans", cache_dir=tmp_path)
    started = time.monotonic()
    with pytest.raises(StoreUnavailable) as caught:
        store.search("dana")
    assert time.monotonic() - started < 5
    message = str(caught.value)
    assert message.startswith("The plans server (127.0.0.1/plans) cannot be reached")
    assert "unsaved work stays on this PC" in message and "\n" not in message
    attempt = store.lock("abc")
    assert attempt.state is LockState.UNWRITABLE
    assert attempt.reason.startswith("the plans server (127.0.0.1/plans) cannot be reached (")
    store.unlock("abc", Holder("u", "h", "", token="t"))  # never raises: an unrenewed claim expires


def test_a_slow_statement_is_cut_off_by_the_timeout(pg_migrated: str, tmp_path: Path) -> None:
    store = PgStore.from_address(pg_migrated, cache_dir=tmp_path, statement_timeout_ms=200)
    started = time.monotonic()
    with pytest.raises(StoreUnavailable), store._cursor() as cur:
        cur.execute("SELECT pg_sleep(5)")
    assert time.monotonic() - started < 2
    assert store.count() >= 0  # and the store goes on working afterwards
    store.close()


def test_plans_opened_here_can_be_reprinted_while_the_server_is_away(pg_store: PgStore, tmp_path: Path) -> None:
    plan = Plan(Patient("Dana Okafor", "C-77"), items=(PlanItem("clamshell"),))
    pg_store.save(plan)
    assert pg_store.read(plan.id).loaded.plan == plan
    away = PgStore.from_address(f"postgresql://x@127.0.0.1:{_closed_port()}/p", cache_dir=pg_store.cache_dir)
    with pytest.raises(StoreUnavailable):
        away.read(plan.id, offline_copy=False)
    copy = away.read(plan.id)
    assert copy.loaded.read_only and copy.loaded.plan == plan and copy.version == ""
    assert "cannot be changed" in copy.loaded.messages[-1]
    with pytest.raises(StoreUnavailable):
        away.read("0000-missing")  # nothing kept here: the plain sentence
    found, message = away.find("okafor")
    assert [s.id for s in found] == [plan.id] and found[0].path == location_of(plan.id)
    assert message.startswith("The plans server (127.0.0.1/p) cannot be reached (")
    assert message.endswith("): showing the plans kept on this PC, read-only.")
    started = time.monotonic()
    assert away.find("dana")[0] == found and time.monotonic() - started < 0.5  # not waiting again at every key
    assert pg_store.find("okafor") == (found, "")


# --- schema, migrations and the app's role --------------------------------------------------------------


def test_migrations_are_numbered_recorded_and_idempotent(pg_store: PgStore) -> None:
    from hep_builder.core import pg_schema

    shipped = pg_schema.migrations()
    assert shipped[0].name == "0001_plans" and shipped[0].path.is_file()
    assert pg_store.migrate() == []
    assert pg_schema.applied(pg_store) == [m.number for m in shipped]


def test_migrations_ship_inside_the_package_where_the_resolver_finds_them() -> None:
    from hep_builder import paths

    assert paths.sql_dir().parts[-3:] == ("hep_builder", "core", "sql")
    assert (paths.sql_dir() / "0001_plans.sql").is_file() and (paths.sql_dir() / "grants.sql").is_file()


def test_a_database_from_a_newer_program_is_refused(pg_store: PgStore) -> None:
    with pg_store._cursor() as cur:
        cur.execute("INSERT INTO schema_migrations (version, name) VALUES (999, '0999_future')")
    try:
        with pytest.raises(StoreUnavailable, match="newer HEP Builder"):
            pg_store.migrate()
    finally:
        with pg_store._cursor() as cur:
            cur.execute("DELETE FROM schema_migrations WHERE version = 999")


def test_the_app_role_saves_plans_but_cannot_erase_history(pg_store: PgStore, tmp_path: Path) -> None:
    import psycopg

    with pg_store._cursor() as cur:
        cur.execute("SELECT 1 FROM pg_roles WHERE rolname = 'hep_builder_app'")
        if cur.fetchone() is None:
            cur.execute("CREATE ROLE hep_builder_app LOGIN")
    pg_store.migrate()  # grants.sql gives the role its rights
    address = pg_store.server.conninfo.replace("user=hep", "user=hep_builder_app")
    app = PgStore.from_address(address, cache_dir=tmp_path / "app")
    plan = Plan(Patient("Role Test"))
    assert not app.save(plan).conflict
    assert not app.save(replace(plan, notes="second")).conflict
    assert [v.version for v in app.plan_history(plan.id)] == [2, 1]
    assert app.search("role")[0].id == plan.id
    for statement in ("DELETE FROM plan_versions", "UPDATE plan_versions SET document = ''", "DROP TABLE plans",
                      "DELETE FROM plans", "CREATE TABLE sneaky (x int)"):  # fmt: skip
        with pytest.raises(StoreUnavailable, match="does not let this user"), app._cursor() as cur:
            cur.execute(statement)
    assert len(pg_store.plan_history(plan.id)) == 2
    app.close()
    with psycopg.connect(pg_store.server.conninfo, autocommit=True) as conn:
        conn.execute("SELECT 1")


# --- claims, history, search ------------------------------------------------------------------------


def test_a_crashed_pcs_claim_expires_in_minutes(pg_store: PgStore) -> None:
    plan = Plan(Patient("Claim Test"))
    first = pg_store.lock(plan.id)
    assert first.state is LockState.ACQUIRED
    other = PgStore(pg_store.server, cache_dir=pg_store.cache_dir, who=Who("sam", "FRONTDESK-2", 42))
    held = other.lock(plan.id)
    assert held.state is LockState.HELD and held.lock.host == pg_store.who.host and not held.lock.stale
    with pg_store._cursor() as cur:  # the first PC crashed: no heartbeat for a little over the limit
        cur.execute("UPDATE plan_claims SET heartbeat_at = now() - make_interval(secs => %s)", (CLAIM_EXPIRES_S + 5,))
    assert other.holder(plan.id).stale
    taken = other.lock(plan.id)
    assert taken.state is LockState.ACQUIRED and taken.lock.host == "FRONTDESK-2"
    assert not pg_store.heartbeat(plan.id, first.lock)  # the crashed session learns it lost the plan
    assert pg_store.heartbeat.__doc__ and other.heartbeat(plan.id, taken.lock)
    other.close()


def test_a_heartbeat_keeps_a_claim_alive(pg_store: PgStore) -> None:
    plan = Plan(Patient("Heartbeat"))
    mine = pg_store.lock(plan.id).lock
    with pg_store._cursor() as cur:
        cur.execute("UPDATE plan_claims SET heartbeat_at = now() - interval '170 seconds'")
    assert pg_store.heartbeat(plan.id, mine)
    other = PgStore(pg_store.server, cache_dir=pg_store.cache_dir, who=Who("sam", "PC2", 1))
    assert other.lock(plan.id).state is LockState.HELD
    other.close()


def test_history_says_who_saved_each_version_when_and_from_which_pc(pg_store: PgStore) -> None:
    plan = Plan(Patient("History Test"))
    pg_store.save(plan)
    other = PgStore(pg_store.server, cache_dir=pg_store.cache_dir, who=Who("sam", "EDINA-DESK", 7))
    other.save(replace(plan, notes="Edina's change"))
    versions = pg_store.plan_history(plan.id)
    assert [(v.version, v.kind, v.saved_by, v.saved_on, v.current) for v in versions] == [
        (2, "save", "sam", "EDINA-DESK", True),
        (1, "save", pg_store.who.user, pg_store.who.host, False),
    ]
    assert versions[0].based_on == 1 and versions[1].based_on is None
    assert pg_store.read(plan.id, 1).loaded.plan == plan
    assert pg_store.read(plan.id).loaded.plan.notes == "Edina's change"
    other.close()


def test_search_forgives_typos_when_nothing_matches_exactly(pg_store: PgStore) -> None:
    names = ["Margaret Olsen", "Marguerite Olson", "Luis Ortega", "Dana Okafor"]
    for name in names:
        pg_store.save(Plan(Patient(name)))
    assert sorted(s.patient for s in pg_store.search("marg")) == ["Margaret Olsen", "Marguerite Olson"]
    assert [s.patient for s in pg_store.search("margret")][0] == "Margaret Olsen"
    assert pg_store.find("margret")[1] == "No plan matches exactly; these are the nearest spellings."
    assert pg_store.find("marg")[1] == ""
    assert [s.patient for s in pg_store.search("ortgea")] == []  # two letters swapped in 6 is too far
    assert [s.patient for s in pg_store.search("luis ortga")] == ["Luis Ortega"]
    assert pg_store.search("zzzz qqqq") == []


def test_a_conflict_can_be_dismissed_and_stays_in_the_history(pg_store: PgStore) -> None:
    plan = Plan(Patient("Dismiss Test"))
    pg_store.save(plan)
    stale = pg_store.write(plan.id, replace(plan, notes="late"), lock=None, expected="1")
    assert stale.conflict and stale.why == "lock"
    assert [s.conflict for s in pg_store.search("dismiss")] == [False, True]
    pg_store.dismiss_conflict(plan.id, int(stale.version))
    assert [s.conflict for s in pg_store.search("dismiss")] == [False]
    assert [v.kind for v in pg_store.plan_history(plan.id)] == ["conflict", "save"]


def test_the_store_renews_its_claims_by_itself_and_stops_with_close(pg_store: PgStore) -> None:
    store = PgStore(pg_store.server, cache_dir=pg_store.cache_dir, heartbeat_every_s=0.05)
    plan = Plan(Patient("Heartbeat Thread"))
    mine = store.lock(plan.id).lock
    with pg_store._cursor() as cur:
        cur.execute("UPDATE plan_claims SET heartbeat_at = now() - interval '170 seconds'")
    deadline = time.monotonic() + 5
    renewed = False
    while not renewed and time.monotonic() < deadline:
        time.sleep(0.02)
        with pg_store._cursor() as cur:
            cur.execute("SELECT heartbeat_at > now() - interval '10 seconds' FROM plan_claims")
            renewed = cur.fetchone()[0]
    assert renewed, "the claim was not renewed"
    store.close()  # as a crash would: no more heartbeats, the claim lapses
    with pg_store._cursor() as cur:
        cur.execute("UPDATE plan_claims SET heartbeat_at = now() - make_interval(secs => %s)", (CLAIM_EXPIRES_S + 1,))
    time.sleep(0.2)
    assert pg_store.holder(plan.id).stale
    assert pg_store.lock(plan.id).state is LockState.ACQUIRED
    assert not store.heartbeat(plan.id, mine)
    store.close()


def test_locations_work_where_plan_ids_do_and_history_opens_read_only(pg_store: PgStore) -> None:
    plan = Plan(Patient("Location Test"))
    attempt = pg_store.lock(Path(location_of(plan.id)))
    written = pg_store.write(Path(location_of(plan.id)), plan, lock=attempt.lock, expected=None)
    assert written.path == Path(location_of(plan.id)) and pg_store.holds(location_of(plan.id), attempt.lock)
    late = pg_store.write(plan.id, replace(plan, notes="late"), lock=attempt.lock, expected="0")
    assert late.conflict and late.path == Path(location_of(plan.id, 2))
    older = pg_store.read(late.path)
    assert older.loaded.plan.notes == "late" and older.loaded.read_only and "version 2" in older.loaded.messages[-1]
    assert not pg_store.read(location_of(plan.id)).loaded.read_only
    from hep_builder.core.planfile import PlanFileError

    with pytest.raises(PlanFileError, match="not on the plans server"):
        pg_store.read("0000-0000")
    with pytest.raises(ValueError):
        pg_store.read("../etc/passwd")


def test_a_server_away_is_an_oserror_as_an_unreachable_folder_is() -> None:
    assert issubclass(StoreUnavailable, OSError)
    away = StoreUnavailable("The plans server is away.")
    assert str(away) == "The plans server is away." and away.strerror == "the plans server is away"
    assert (
        f"The plan could not be saved ({away.strerror or away})."
        == "The plan could not be saved (the plans server is away)."
    )


def test_find_a_plan_lists_a_plans_conflicts_then_the_patients_other_plans(pg_store: PgStore) -> None:
    first = Plan(Patient("Ana Lima", "C-9"), title="First plan")
    second = Plan(Patient("Ana Lima", "C-9"), title="Second plan")
    stranger = Plan(Patient("Ana Lima", "C-10"), title="Another Ana")
    for plan in (first, second, stranger):
        pg_store.save(plan)
    late = pg_store.write(second.id, replace(second, notes="late"), lock=None, expected="1")
    row = next(s for s in pg_store.search("lima") if s.id == second.id and not s.conflict)
    history = pg_store.history(row)
    assert [(s.path, s.conflict) for s in history] == [(str(late.path), True), (location_of(first.id), False)]
    assert len(pg_store.summaries()) == 3 + 1  # the newest plans, each with its open conflicts


@pytest.mark.parametrize(
    ("libpq_says", "we_say"),
    [
        ('connection to server at "db" failed: fe_sendauth: no password supplied', "did not accept this PC's sign-in"),
        ('FATAL:  password authentication failed for user "app"', "password belongs in"),
        ("server does not support SSL, but SSL was required", "does not offer an encrypted connection"),
        ('FATAL:  database "plans" does not exist', "has no such database"),
        (
            'connection failed: connection to server at "db", port 5432 failed: Connection refused\n\tIs the server '
            "running?",
            "cannot be reached (Connection refused).",
        ),
    ],
)
def test_set_up_mistakes_get_their_own_sentence(libpq_says: str, we_say: str, tmp_path: Path) -> None:
    import psycopg

    store = PgStore.from_address("postgresql://app@db.clinic.example/plans", cache_dir=tmp_path)
    message = str(store._unavailable(psycopg.OperationalError(libpq_says)))
    assert message.startswith("The plans server (db.clinic.example/plans)") and we_say in message
    assert "\n" not in message
    reason = store._unavailable(psycopg.OperationalError(libpq_says)).strerror
    assert reason.startswith("the plans server (db.clinic.example/plans) ") and not reason.endswith(".")


def test_a_claim_left_by_a_crash_on_this_pc_is_taken_at_once(pg_store: PgStore) -> None:
    import subprocess
    import sys

    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    dead_pid = int(gone.stdout)  # a process that has ended
    crashed = PgStore(pg_store.server, cache_dir=pg_store.cache_dir, who=replace(pg_store.who, pid=dead_pid))
    plan = Plan(Patient("Crash Test"))
    assert crashed.lock(plan.id).state is LockState.ACQUIRED
    crashed.close()
    assert pg_store.lock(plan.id).state is LockState.ACQUIRED  # the restarted program gets its plan back
    elsewhere = PgStore(pg_store.server, cache_dir=pg_store.cache_dir, who=Who("sam", "OTHER-PC", dead_pid))
    assert elsewhere.lock(plan.id).state is LockState.HELD  # another PC's pid says nothing here
    elsewhere.close()


def test_find_says_when_only_the_newest_matches_are_shown(pg_store: PgStore, monkeypatch) -> None:
    import hep_builder.core.pg_store as pg_store_module

    for name in ("Lee Adams", "Lee Brown", "Lee Cole"):
        pg_store.save(Plan(Patient(name)))
    monkeypatch.setattr(pg_store_module, "SEARCH_LIMIT", 2)
    found, message = pg_store.find("lee")
    assert len(found) == 2 and message == "The newest 2 plans that match; type more to find older ones."
    found, message = pg_store.find("lee brown")
    assert [s.patient for s in found] == ["Lee Brown"] and message == ""
