"""The command line as a user runs it: validate, list, --version; and a non-editable install."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from hep_builder import __version__
from hep_builder.cli import main
from tests.conftest import REPO


def test_version(capsys) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--version"])
    assert exit_info.value.code == 0
    assert capsys.readouterr().out.strip() == f"hep-builder {__version__}"


def test_validate_bundled_library_exits_zero(capsys) -> None:
    assert main(["validate"]) == 0
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "0 problems" in captured.err


def test_validate_broken_folder_prints_one_line_per_problem(tmp_path: Path, capsys) -> None:
    (tmp_path / "a.yaml").write_text("schema_version: 1\nexercises:\n  - id: x\n    name: X\n", "utf-8")
    (tmp_path / "b.yaml").write_text("schema_version: 7\nexercises: []\n", "utf-8")
    (tmp_path / "c.yaml").write_text("{{{", "utf-8")
    assert main(["validate", str(tmp_path), str(tmp_path / "nope.yaml")]) == 1
    out = capsys.readouterr()
    lines = out.out.strip().splitlines()
    assert len(lines) == 6 + 1 + 1  # a.yaml: 6 missing keys; b.yaml: newer schema; c.yaml: bad YAML
    assert all(line.startswith(str(tmp_path)) and line.split(":")[1].isdigit() for line in lines)
    assert "nope.yaml: no such file or folder" in out.err
    assert "Traceback" not in out.out + out.err


def test_list_json_and_filters(capsys) -> None:
    assert main(["list", "--json", "--category", "balance", "--phase", "1"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data and all(item["category"] == "balance" and 1 in item["phases"] for item in data)
    keys = {
        "id",
        "name",
        "category",
        "phases",
        "position",
        "equipment",
        "summary",
        "instructions",
        "tags",
        "dosage",
    }
    assert keys <= set(data[0])
    assert main(["list", "--search", "clamshell"]) == 0
    assert capsys.readouterr().out.split()[0] == "clamshell"


@pytest.mark.slow
def test_non_editable_wheel_carries_the_library(tmp_path: Path) -> None:
    wheel_dir = tmp_path / "wheel"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(wheel_dir),
            str(REPO),
        ],
        check=True,
        capture_output=True,
    )
    (wheel,) = wheel_dir.glob("*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "hep_builder/_data/exercises/hip/mobility.yaml" in names
    assert "hep_builder/_data/assets/fonts/DejaVuSans.ttf" in names
    assert "hep_builder/locale/es/LC_MESSAGES/hep_builder.mo" in names
    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target), str(wheel)],
        check=True,
        capture_output=True,
    )
    env = {**os.environ, "PYTHONPATH": str(target)}
    code = (
        "import json, sys; from hep_builder import paths; from hep_builder.cli import main;"
        "print(paths.bundled_dir('exercises')); sys.exit(main(['list', '--json']))"
    )
    out = subprocess.run([sys.executable, "-c", code], env=env, cwd=tmp_path, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    first, rest = out.stdout.split("\n", 1)
    assert first == str(target / "hep_builder" / "_data" / "exercises")
    assert len(json.loads(rest)) >= 55


def test_unexpected_errors_give_a_message_and_a_log(monkeypatch, capsys, isolated_dirs) -> None:
    import hep_builder.cli as cli

    def explode(_targets):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(cli, "_validate", explode)
    assert main(["validate"]) == 1
    err = capsys.readouterr().err
    assert "validate failed: RuntimeError: disk on fire" in err and "Traceback" not in err
    log = isolated_dirs["data"] / "logs" / "hep-builder.log"
    assert "Traceback" in log.read_text("utf-8")


def test_no_command_means_the_gui_with_a_plan_or_flags(monkeypatch) -> None:
    import hep_builder.cli as cli

    calls = []
    monkeypatch.setattr(cli, "_gui", lambda plan, quit_when_ready: calls.append((plan, quit_when_ready)) or 0)
    assert main([]) == 0
    assert main(["--quit-when-ready"]) == 0
    assert main(["some plan.hepplan"]) == 0
    assert calls == [(None, False), (None, True), (Path("some plan.hepplan"), False)]


def test_a_plain_gui_start_skips_argparse_but_reads_the_same() -> None:
    from hep_builder.cli import _plain_gui_args

    assert _plain_gui_args([]) == (None, False)
    assert _plain_gui_args(["gui", "a.hepplan"]) == (Path("a.hepplan"), False)
    assert _plain_gui_args(["gui", "--quit-when-ready"]) == (None, True)
    assert _plain_gui_args(["gui", "a.hepplan", "--quit-when-ready"]) == (Path("a.hepplan"), True)
    # Anything else goes to argparse, which explains it.
    for other in (["gui", "a", "b"], ["gui", "--help"], ["gui", "-x"], ["export", "a"], ["--version"]):
        assert _plain_gui_args(other) is None, other
