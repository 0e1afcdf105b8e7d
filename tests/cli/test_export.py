"""``hep-builder export`` as a user runs it: a PDF, clear errors, and no Qt on the way."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from hep_builder.cli import main
from tests.conftest import REPO
from tests.pdf.conftest import all_text, reader

EXAMPLE = REPO / "examples" / "phase2-luis.hepplan"


def test_export_writes_the_handout(tmp_path: Path) -> None:
    out = tmp_path / "out" / "luis.pdf"
    assert main(["export", str(EXAMPLE), "-o", str(out), "--layout", "compact", "--paper", "a4"]) == 0
    data = out.read_bytes()
    assert "Luis Hernández" in all_text(data)
    assert round(float(reader(data).pages[0].mediabox[3])) == 842


def test_missing_and_broken_plans_fail_clearly(tmp_path: Path, capsys) -> None:
    out = tmp_path / "x.pdf"
    assert main(["export", str(tmp_path / "nope.hepplan"), "-o", str(out)]) == 1
    assert "plan file not found" in capsys.readouterr().err
    broken = tmp_path / "broken.hepplan"
    broken.write_text("schema_version: 1\npatient: {name: A}\nitems: [{exercise: x, sets: -2}]\n", "utf-8")
    assert main(["export", str(broken), "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert "item 1: dosage 'sets' must be between 1 and 20" in err and "Traceback" not in err
    nameless = tmp_path / "nameless.hepplan"
    nameless.write_text("schema_version: 1\npatient: {name: ''}\nitems: []\n", "utf-8")
    assert main(["export", str(nameless), "-o", str(out)]) == 1
    assert "no patient name" in capsys.readouterr().err
    assert not out.exists()


def test_unwritable_output_keeps_the_old_pdf(tmp_path: Path, capsys) -> None:
    target = tmp_path / "folder-not-file"
    target.mkdir()
    assert main(["export", str(EXAMPLE), "-o", str(target)]) == 1
    assert "cannot write" in capsys.readouterr().err


def test_unknown_exercise_warns_and_still_prints(tmp_path: Path, capsys) -> None:
    plan = tmp_path / "p.hepplan"
    plan.write_text("schema_version: 1\npatient: {name: Bo}\nitems: [{exercise: gone-now}]\n", "utf-8")
    out = tmp_path / "p.pdf"
    assert main(["export", str(plan), "-o", str(out)]) == 0
    assert "'gone-now' is not in this library" in capsys.readouterr().err
    assert "Gone now" in all_text(out.read_bytes())


def test_export_process_never_loads_qt(tmp_path: Path) -> None:
    code = (
        "import sys; from hep_builder.cli import main;"
        f"rc = main(['export', {str(EXAMPLE)!r}, '-o', {str(tmp_path / 'a.pdf')!r}]);"
        "print(rc, sorted(m for m in sys.modules if m.startswith('PySide6')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "0 []"
