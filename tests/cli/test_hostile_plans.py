"""Hostile and broken plan files: each is refused by ``export`` with one clear line, quickly, in little memory.

All cases run in one child process (one start-up), which reports each case's time, exit code and message,
and its own peak memory at the end.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

HEADER = "schema_version: 1\nid: hostile\ncreated: 2026-11-27T10:00:00\n"
BOMB = (
    "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
    "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
    "e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]\n"
    "g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]\nh: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g]\n"
)


def bomb_in(rest: str, name: str = "A") -> str:
    """548 bytes of anchors inside 'patient' (whose other keys are not read), referenced where it hurts."""
    return f"{HEADER}patient:\n  name: {name}\n" + "".join(f"  {line}\n" for line in BOMB.splitlines()) + rest


CASES: dict[str, tuple[str | bytes, str]] = {
    "bomb-phase": (bomb_in("phase: *h\n"), "'phase'"),
    "bomb-layout": (bomb_in("layout: *h\n"), "'layout'"),
    "bomb-paper": (bomb_in("paper: *h\n"), "'paper'"),
    "bomb-reps": (bomb_in("items:\n  - {exercise: clamshell, reps: *h}\n"), "reps"),
    "bomb-therapist": (bomb_in("therapist: *h\n"), "'therapist'"),
    "bomb-goals": (bomb_in("goals: *h\n"), "'goals'"),
    "bomb-side": (bomb_in("affected_side: *h\n"), "'affected_side'"),
    "bomb-precautions": (bomb_in("precautions: *h\n"), "'precautions'"),
    "long-precaution": (HEADER + "patient: {name: A}\nprecautions: ['" + "p" * 100_000 + "']\n", "unknown value"),
    "huge-name": (HEADER + "patient: {name: '" + "N" * 900_000 + "'}\n", "too long"),
    "long-name": (HEADER + "patient: {name: '" + "N" * 201 + "'}\n", "too long"),
    "huge-file": (HEADER + "patient: {name: A}\nnotes: '" + "n" * 2_000_000 + "'\n", "too large"),
    "long-notes": (HEADER + "patient: {name: A}\nnotes: '" + "n" * 10_001 + "'\n", "too long"),
    "many-items": (HEADER + "patient: {name: A}\nitems:\n" + "  - clamshell\n" * 101, "at most 100"),
    "bad-month": (HEADER.replace("2026-11-27T10:00:00", "2026-13-45") + "patient: {name: A}\n", ""),
    "year-9999": (HEADER.replace("2026-11-27T10:00:00", "9999-12-31T23:59:59+01:00") + "patient: {name: A}\n", ""),
    "bad-follow-up": (HEADER + "patient: {name: A}\nfollow_up: 2026-02-30\n", ""),
    "far-follow-up": (HEADER + "patient: {name: A}\nfollow_up: 9999-01-01\n", "year 9999"),
    "duplicate-patient": (HEADER + "patient: {name: A}\npatient: {name: B}\n", "given twice"),
    "deep-nesting": (HEADER + "patient: {name: A}\ngoals: " + "[" * 100_000 + "\n", "nest"),
    "deep-block-nesting": (HEADER + "patient: {name: A}\ngoals:\n" + "- " * 100_000 + "x\n", "nest"),
    "binary": (b"\x00\xff\xfe" * 1000, ""),
    "empty": ("", ""),
    "not-a-mapping": ("- just\n- a list\n", ""),
    "huge-int-reps": (HEADER + "patient: {name: A}\nitems:\n  - {exercise: clamshell, reps: " + "9" * 5000 + "}\n", ""),
    "long-key": (HEADER + "patient: {name: A}\n" + "k" * 100_000 + ": 1\n", ""),
}

CHILD = """
import contextlib, io, json, resource, sys, time
from hep_builder.cli import main
results = {}
for name, path in json.loads(sys.argv[1]).items():
    err = io.StringIO()
    start = time.perf_counter()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        code = main(["export", path, "-o", path + ".pdf"])
    results[name] = {"code": code, "seconds": time.perf_counter() - start, "stderr": err.getvalue()}
# VmHWM is this process's own peak; ru_maxrss would also carry the forking parent's (pytest's) peak.
try:
    hwm = next(l for l in open("/proc/self/status") if l.startswith("VmHWM:"))
    results["peak_mb"] = int(hwm.split()[1]) / 1024
except (OSError, StopIteration):
    results["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps(results))
"""


@pytest.mark.slow
def test_every_hostile_plan_gives_one_line_quickly_in_little_memory(tmp_path: Path) -> None:
    files = {}
    for name, (content, _) in CASES.items():
        path = tmp_path / f"{name}.hepplan"
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, "utf-8")
        files[name] = str(path)
    run = subprocess.run([sys.executable, "-c", CHILD, json.dumps(files)], capture_output=True, text=True,
                         timeout=120)  # fmt: skip
    assert run.returncode == 0, run.stderr[-2000:]
    results = json.loads(run.stdout)
    peak_mb = results.pop("peak_mb")
    assert peak_mb < 200, peak_mb
    for name, (_, expected) in CASES.items():
        result = results[name]
        lines = result["stderr"].strip().splitlines()
        assert result["code"] == 1, (name, result)
        assert len(lines) == 1 and lines[0].startswith("hep-builder:"), (name, lines[:3])
        assert len(lines[0]) < 300 + len(files[name]), (name, lines[0][:300])
        assert "Traceback" not in result["stderr"] and result["seconds"] < 2, (name, result["seconds"])
        assert expected in lines[0], (name, lines[0])
