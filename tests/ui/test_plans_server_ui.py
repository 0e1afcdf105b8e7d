"""The window on a plans server: Find a plan asks the server (typos too), shows conflicts, reprints; the
server away is one line, this PC's copies are still found and printed, and nothing freezes."""

from __future__ import annotations

import socket
import time
from dataclasses import replace

import pytest

from hep_builder.core.pg_store import PgStore, Who, location_of
from hep_builder.core.plan import Patient, Plan, PlanItem
from tests.pdf.conftest import all_text


@pytest.fixture
def server_window(pg_store: PgStore, monkeypatch: pytest.MonkeyPatch, window):
    monkeypatch.setenv("HEP_BUILDER_PLANS_URL", pg_store.server.conninfo)
    window.store = window._open_store()
    assert isinstance(window.store, PgStore)
    yield window
    window.store.close()


def _dialog(window, qtbot):
    from hep_builder.ui.find_plan import FindPlanDialog

    dialog = FindPlanDialog(window.store, window.pdf_of_file, lambda data: True, lambda data, row: None, window)
    qtbot.addWidget(dialog)
    return dialog


def test_find_a_plan_asks_the_server_forgives_a_typo_and_lists_the_conflict(server_window, pg_store, qtbot) -> None:
    items = (PlanItem("clamshell"), PlanItem("glute-bridge"))
    margaret = Plan(Patient("Margaret Olsen", "C-1"), therapist="Alex Kim, PT", items=items)
    pg_store.save(margaret)
    pg_store.save(Plan(Patient("Luis Ortega", "C-2"), items=items))
    edina = PgStore(pg_store.server, cache_dir=pg_store.cache_dir, who=Who("sam", "EDINA-DESK", 5))
    edina.write(margaret.id, replace(margaret, notes="Edina's edit"), lock=None, expected="1")  # a conflict
    edina.close()
    dialog = _dialog(server_window, qtbot)
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 3)  # the newest plans, the conflict beside its plan
    qtbot.keyClicks(dialog.search, "margret olsn")  # as a clerk types it
    qtbot.waitUntil(lambda: dialog.count.text().startswith("No plan matches exactly"))
    rows = dialog.model.rows
    assert [(r.patient, r.conflict) for r in rows] == [("Margaret Olsen", False), ("Margaret Olsen", True)]
    assert dialog.selected().path == location_of(margaret.id)
    assert dialog.history.count() == 1 and "conflict copy" in dialog.history.item(0).text()
    qtbot.waitUntil(lambda: dialog.preview.last_pdf is not None)
    assert "Margaret Olsen" in all_text(dialog.preview.last_pdf)
    dialog.close()


def test_with_the_server_away_the_plans_kept_here_are_found_and_printed(server_window, pg_store, qtbot) -> None:
    plan = Plan(Patient("Dana Okafor", "C-7"), items=(PlanItem("clamshell"),))
    pg_store.save(plan)
    assert server_window.pdf_of_file(location_of(plan.id))  # printed here once: kept on this PC
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    away = PgStore.from_address(f"postgresql://x@127.0.0.1:{port}/plans", cache_dir=server_window.store.cache_dir)
    server_window.store.close()
    server_window.store = away
    dialog = _dialog(server_window, qtbot)
    started = time.monotonic()
    qtbot.keyClicks(dialog.search, "okafor")
    assert time.monotonic() - started < 1  # typing never waits for the server
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 1 and "cannot be reached" in dialog.count.text())
    assert dialog.count.text().endswith("showing the plans kept on this PC, read-only.")
    qtbot.waitUntil(lambda: dialog.preview.last_pdf is not None)
    assert "Dana Okafor" in all_text(dialog.preview.last_pdf)
    dialog.close()
    assert "plans server: 127.0.0.1/plans" in server_window._plans_place()


def test_work_kept_from_a_crash_is_offered_and_saved_as_the_plan_not_a_conflict(
    server_window, pg_store, bundled_library, qtbot, monkeypatch
) -> None:
    from hep_builder.core import autosave
    from hep_builder.core.clinic import load_profile
    from hep_builder.core.settings import Settings
    from hep_builder.ui import dialogs
    from hep_builder.ui.main_window import MainWindow

    questions: list[str] = []
    monkeypatch.setattr(
        dialogs.Question, "run", classmethod(lambda c, p, title, *a: (questions.append(title), (True, True))[1])
    )
    import hep_builder.ui.main_window as main_window

    monkeypatch.setattr(main_window.Question, "run", dialogs.Question.run)
    messages: list[str] = []
    monkeypatch.setattr(
        main_window.Message, "run", classmethod(lambda c, p, title, *a, **k: (messages.append(title), (None, True))[1])
    )
    server_window.add_exercises(["clamshell"])
    server_window.document.set_header(patient_name="Ana Lima")
    assert server_window.save_plan()
    plan_id = server_window.session.plan.id
    server_window.document.set_header(patient_name="Ana Lima Souza")  # then the PC crashes
    server_window.autosave_now()
    assert autosave.find(plan_id) is not None
    with pg_store._cursor() as cur:
        cur.execute("DELETE FROM plan_claims")  # the crashed program's claim has lapsed
    server_window.session.lock = None
    restarted = MainWindow(bundled_library, load_profile()[0], Settings())
    qtbot.addWidget(restarted)
    restarted.preview.timer.stop()
    assert restarted.start()
    assert questions == ["Restore unsaved changes?"]
    assert restarted.document.plan.patient.name == "Ana Lima Souza"
    assert restarted.save_plan()
    assert messages == [] and [v.kind for v in pg_store.plan_history(plan_id)] == ["save", "save"]  # no conflict
    assert pg_store.read(plan_id).loaded.plan.patient.name == "Ana Lima Souza"
    restarted.session.close()
    restarted.store.close()
