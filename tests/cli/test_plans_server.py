"""``hep-builder plans`` with a plans server: migrate-db, import --from-folder, export --to-folder, search."""

from __future__ import annotations

import socket
from dataclasses import replace
from pathlib import Path

import pytest

from hep_builder.cli import main
from hep_builder.core.plan import Patient, Plan, PlanItem
from hep_builder.core.planfile import plan_to_text, read_plan


@pytest.fixture
def server(pg_store, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("HEP_BUILDER_PLANS_URL", pg_store.server.conninfo)
    return pg_store


def _folder(tmp_path: Path) -> tuple[Path, list[Plan]]:
    folder = tmp_path / "old-plans"
    folder.mkdir()
    plans = [Plan(Patient(name, f"C-{n}"), items=(PlanItem("clamshell"),)) for n, name in
             enumerate(("Margaret Olsen", "Luis Ortega", "Dana Okafor"))]  # fmt: skip
    for plan in plans:
        (folder / f"{plan.id}.hepplan").write_text(plan_to_text(plan), "utf-8")
    # A conflict copy of the first plan, a damaged file, and one from a newer program.
    copy = replace(plans[0], notes="the other PC's version")
    (folder / f"{plans[0].id}.conflict-20261127-101500-DESK2-1a2b3c4d.hepplan").write_text(plan_to_text(copy))
    (folder / "damaged.hepplan").write_text("schema_version: 1\nid: [unclosed\n", "utf-8")
    newer = plan_to_text(Plan(Patient("Future Person"))).replace("schema_version: 1", "schema_version: 99")
    (folder / "future.hepplan").write_text(newer, "utf-8")
    return folder, plans


def test_migrate_db_says_what_it_did(server, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["plans", "migrate-db"]) == 0
    assert "already up to date" in capsys.readouterr().out


def test_import_is_idempotent_with_a_report_and_export_writes_it_back(
    server, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder, plans = _folder(tmp_path)
    assert main(["plans", "import", "--from-folder", str(folder)]) == 0
    out = capsys.readouterr().out
    assert "6 plan files: 3 added, 0 unchanged, 1 kept as conflict versions, 2 skipped" in out
    assert "skipped damaged.hepplan" in out and "skipped future.hepplan: made by a newer HEP Builder" in out
    assert main(["plans", "import", "--from-folder", str(folder)]) == 0  # again: nothing new
    assert "0 added, 4 unchanged, 0 kept as conflict versions, 2 skipped" in capsys.readouterr().out
    assert server.count() == 3
    assert server.read(plans[0].id).loaded.plan == plans[0]
    assert [v.kind for v in server.plan_history(plans[0].id)] == ["conflict", "import"]

    out_folder = tmp_path / "exported"
    assert main(["plans", "export", "--to-folder", str(out_folder)]) == 0
    assert "4 plan files: 4 added" in capsys.readouterr().out
    for plan in plans:
        assert read_plan(out_folder / f"{plan.id}.hepplan").plan == plan
        assert (out_folder / f"{plan.id}.hepplan").read_text() == (folder / f"{plan.id}.hepplan").read_text()
    conflict = [p for p in out_folder.iterdir() if ".conflict-" in p.name]
    assert len(conflict) == 1 and read_plan(conflict[0]).plan.notes == "the other PC's version"
    (out_folder / f"{plans[1].id}.hepplan").write_text(plan_to_text(replace(plans[1], notes="edited here")))
    assert main(["plans", "export", "--to-folder", str(out_folder)]) == 0
    assert "3 unchanged, 1 kept as conflict versions" in capsys.readouterr().out
    assert read_plan(out_folder / f"{plans[1].id}.hepplan").plan.notes == "edited here"  # never overwritten


def test_plans_search_asks_the_server(server, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    server.save(Plan(Patient("Margaret Olsen", "C-1")))
    server.save(Plan(Patient("Luis Ortega", "C-2")))
    assert main(["plans", "--search", "olsen"]) == 0
    captured = capsys.readouterr()
    assert "Margaret Olsen" in captured.out and "Ortega" not in captured.out
    assert "1 plans shown from 127.0.0.1/" in captured.err


def test_without_a_server_the_admin_is_told_how_to_set_one(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["plans", "migrate-db"]) == 1
    assert "no plans server is set" in capsys.readouterr().err


def test_a_server_that_is_away_is_one_line(monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    monkeypatch.setenv("HEP_BUILDER_PLANS_URL", f"postgresql://hep@127.0.0.1:{port}/plans")
    assert main(["plans", "--search", "x"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "cannot be reached" in err and "Traceback" not in err


def test_a_password_in_the_address_is_refused(monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    monkeypatch.setenv("HEP_BUILDER_PLANS_URL", "postgresql://app:hunter2@db.example/plans")
    assert main(["plans", "import", "--from-folder", "x"]) == 1
    err = capsys.readouterr().err
    assert "password" in err and "hunter2" not in err
