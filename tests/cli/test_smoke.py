"""``hep-builder smoke-test`` passes on the bundled library and prints nothing to stderr."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest


@pytest.mark.slow
def test_smoke_test_passes_quietly(tmp_path: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "HEP_BUILDER_CONFIG_DIR": str(tmp_path / "c"),
           "HEP_BUILDER_DATA_DIR": str(tmp_path / "d"), "HEP_BUILDER_PLANS_DIR": str(tmp_path / "p")}  # fmt: skip
    result = subprocess.run([sys.executable, "-m", "hep_builder", "smoke-test"], env=env, capture_output=True,
                            text=True, timeout=120)  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    assert "smoke test passed" in result.stdout
    assert result.stderr == ""


def test_contact_sheet_command(tmp_path: Path, capsys) -> None:
    from hep_builder.cli import main
    from tests.pdf.conftest import all_text, reader

    out = tmp_path / "sheet.pdf"
    assert main(["figures", "--sheet", str(out)]) == 0
    data = out.read_bytes()
    assert len(reader(data).pages) == 7
    text = " ".join(all_text(data).split())
    assert "1. Heel slides" in text and "Inner thigh side plank" in text
