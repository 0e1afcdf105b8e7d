"""The layer rule: core, figures and pdf never load PySide6 (checked in a fresh interpreter)."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import hep_builder

PURE_PACKAGES = ("hep_builder.core", "hep_builder.figures", "hep_builder.pdf")


def _modules() -> list[str]:
    names = ["hep_builder.cli", "hep_builder.paths", "hep_builder.crashlog"]
    for package in PURE_PACKAGES:
        names.append(package)
        module = __import__(package, fromlist=["__path__"])
        names += [f"{package}.{info.name}" for info in pkgutil.iter_modules(module.__path__)]
    return names


def test_pure_layers_do_not_load_qt() -> None:
    modules = _modules()
    assert len(modules) > 8
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}: importlib.import_module(name)\n"
        "leaked = sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6')))\n"
        "print(','.join(leaked))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "", f"Qt loaded by a pure layer: {out.stdout}"


def test_version_is_exposed() -> None:
    assert hep_builder.__version__.count(".") == 2
