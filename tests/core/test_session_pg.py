"""The plan session on the plans server: the same outcomes as on a folder (issue 18 on top of issue 11)."""

from __future__ import annotations

import socket
from dataclasses import replace
from pathlib import Path

from hep_builder.core import autosave
from hep_builder.core.pg_store import PgStore, Who, location_of
from hep_builder.core.plan import Patient, Plan, PlanItem
from hep_builder.core.session import Opened, OpenFailed, PlanSession, ReadOnly, Saved


def blank() -> Plan:
    return Plan(Patient(""))


def test_save_open_read_only_take_over_and_conflict(pg_store: PgStore) -> None:
    first = PlanSession(lambda: pg_store, blank())
    assert first.edit(replace(first.plan, patient=Patient("Dana Okafor"), items=(PlanItem("clamshell"),)))
    saved = first.save()
    assert saved.kind is Saved.SAVED and saved.path == Path(location_of(first.plan.id)), saved
    assert saved.message == f"Saved the plan on the plans server ({pg_store.server.display})"
    other_pc = PgStore(pg_store.server, cache_dir=pg_store.cache_dir, who=Who("sam", "EDINA-DESK", 9))
    second = PlanSession(lambda: other_pc, blank())
    opened = second.open(saved.path)
    assert isinstance(opened, Opened) and opened.read_only is ReadOnly.IN_USE, opened
    assert "EDINA" not in opened.reason and pg_store.who.host in opened.reason
    assert second.take_over().read_only is None
    assert second.edit(replace(second.plan, notes="Edina's edit"))
    assert second.save().kind is Saved.SAVED
    assert first.edit(replace(first.plan, notes="Minneapolis edit"))
    late = first.save()
    assert late.kind is Saved.CONFLICT_COPY, late
    assert "Nothing was overwritten" in late.message
    notes = {pg_store.read(first.plan.id, v.version).loaded.plan.notes for v in pg_store.plan_history(first.plan.id)}
    assert {"Edina's edit", "Minneapolis edit"} <= notes
    other_pc.close()


def test_server_away_save_fails_plainly_and_the_work_stays_autosaved(pg_store: PgStore, tmp_path: Path) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    away = PgStore.from_address(f"postgresql://x@127.0.0.1:{port}/p", cache_dir=tmp_path / "c")
    session = PlanSession(lambda: away, blank())
    assert session.edit(replace(session.plan, patient=Patient("Ana Lima")))
    outcome = session.save()
    assert outcome.kind is Saved.FAILED
    assert outcome.message.startswith("The plan could not be saved: the plans server (127.0.0.1/p) cannot be reached (")
    assert session.dirty
    session.autosave()
    assert autosave.find(session.plan.id) is not None
    # The server is back: the same session saves.
    session.store = pg_store
    assert session.save().kind is Saved.SAVED
    opened = PlanSession(lambda: away, blank()).open(Path(location_of("0000-1111")))
    assert isinstance(opened, OpenFailed) and "cannot be reached" in opened.message


def test_an_old_version_opens_read_only_and_says_why_when_saved(pg_store: PgStore) -> None:
    plan = Plan(Patient("Version Test"))
    pg_store.save(plan)
    conflict = pg_store.write(plan.id, replace(plan, notes="late"), lock=None, expected="1")
    session = PlanSession(lambda: pg_store, blank())
    opened = session.open(conflict.path)
    assert isinstance(opened, Opened) and opened.read_only is ReadOnly.NEWER_FORMAT
    assert "earlier or conflicting version (version 2)" in opened.reason
    assert "newer HEP Builder" not in session.save().message
