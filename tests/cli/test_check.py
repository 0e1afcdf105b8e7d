"""``hep-builder check`` and the precaution warnings of ``export``."""

from __future__ import annotations

from pathlib import Path

from hep_builder.cli import main

FLAGGED = ("seated-hip-rotation", "quadruped-rock-back", "box-squat", "supported-deep-squat", "knee-rocks")
NAMES = ("Seated hip turns", "Rock back on hands and knees", "Squat to a chair", "Supported deep squat hold",
         "Knee rocks")  # fmt: skip
RULE = "not allowed after a hip replacement from the back"


def plan_file(tmp_path: Path, precautions: str, extra: str = "") -> Path:
    items = "".join(f"  - exercise: {i}\n" for i in FLAGGED) + "  - exercise: glute-bridge\n" + extra
    path = tmp_path / "ruth.hepplan"
    path.write_text(f"schema_version: 1\npatient: {{name: Ruth Olsen}}\n{precautions}items:\n{items}", "utf-8")
    return path


def test_check_lists_each_conflict_and_fails(tmp_path: Path, capsys) -> None:
    path = plan_file(tmp_path, "precautions: [posterior-hip-replacement]\n")
    assert main(["check", str(path)]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == len(FLAGGED)
    for number, (line, name) in enumerate(zip(lines, NAMES, strict=True), 1):
        assert line.startswith(f"item {number}: {name}: ") and RULE in line
    assert not any("Bridges" in line for line in lines)


def test_check_passes_with_none_unknown_or_only_acknowledged(tmp_path: Path, capsys) -> None:
    for precautions in ("precautions: [none]\n", ""):
        assert main(["check", str(plan_file(tmp_path, precautions))]) == 0
        assert capsys.readouterr().out == ""
    bridges = tmp_path / "bridges.hepplan"
    bridges.write_text("schema_version: 1\npatient: {name: A}\nprecautions: [posterior-hip-replacement]\n"
                       "items:\n  - exercise: glute-bridge\n  - exercise: box-squat\n"
                       "    acknowledged: [posterior-hip-replacement]\n", "utf-8")  # fmt: skip
    assert main(["check", str(bridges)]) == 0
    assert (
        capsys.readouterr().out.strip() == f"item 2: Squat to a chair: {_reason()} (kept on purpose by the therapist)"
    )


def _reason() -> str:
    from hep_builder.core.precautions import conflict_text

    return conflict_text("posterior-hip-replacement")


def test_check_reports_a_bad_plan_clearly(tmp_path: Path, capsys) -> None:
    path = plan_file(tmp_path, "precautions: [posterior]\n")
    assert main(["check", str(path)]) == 1
    err = capsys.readouterr().err
    assert "line 3: 'precautions' has an unknown value 'posterior'" in err and "Traceback" not in err


def test_export_warns_on_stderr_and_still_succeeds(tmp_path: Path, capsys) -> None:
    path = plan_file(tmp_path, "precautions: [posterior-hip-replacement]\n")
    out = tmp_path / "ruth.pdf"
    assert main(["export", str(path), "-o", str(out)]) == 0
    assert out.read_bytes().startswith(b"%PDF")
    warnings = [line for line in capsys.readouterr().err.splitlines() if RULE in line]
    assert len(warnings) == len(FLAGGED)
    assert all(line.startswith("warning: item ") for line in warnings)
