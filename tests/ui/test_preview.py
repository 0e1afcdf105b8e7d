"""The live preview builds off the UI thread; a result made stale by a newer edit is dropped."""

from __future__ import annotations

import threading

from tests.pdf.conftest import all_text


def test_the_preview_builds_in_a_worker_and_drops_stale_results(window, qtbot) -> None:
    release = threading.Event()
    built_on: list[str] = []
    real_job = window.preview_job

    def slow_job():
        build = real_job()

        def run() -> bytes:
            built_on.append(threading.current_thread().name)
            release.wait(10)  # a huge plan: the window must not wait for this
            return build()

        return run

    window.preview.job = slow_job
    window.add_exercises(["glute-bridge"])
    window.document.set_header(patient_name="First Name")
    window.preview.refresh()  # returns at once: the build waits in its worker
    assert window.preview.running and window.preview.last_pdf == b""
    window.document.set_header(patient_name="Second Name")
    window.preview.refresh()  # an edit while building: the first result will be stale
    release.set()
    qtbot.waitUntil(lambda: bool(window.preview.last_pdf) and not window.preview.running, timeout=20000)
    text = all_text(window.preview.last_pdf)
    assert "Second Name" in text and "First Name" not in text
    assert built_on and all(name == "preview" for name in built_on)
