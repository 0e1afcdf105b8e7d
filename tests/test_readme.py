"""The README's two set-up commands stay true: CI runs the test command verbatim."""

from __future__ import annotations

import re

from tests.conftest import REPO


def readme_commands() -> list[str]:
    text = (REPO / "README.md").read_text("utf-8")
    return re.findall(r"```\n(python3 -m venv[^\n]*)\n```", text)


def test_readme_has_a_run_and_a_test_command_and_ci_runs_the_test_one() -> None:
    run, test = readme_commands()
    assert run.endswith("&& hep-builder")
    assert test.endswith("&& python -m pytest")
    ci_lines = (REPO / ".ci" / "run").read_text("utf-8").splitlines()
    assert test in ci_lines
