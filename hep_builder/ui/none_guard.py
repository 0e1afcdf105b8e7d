"""Work around PySide6 6.12 releasing references to None it never took, on Python 3.11 (ui layer).

Many PySide6 6.12 calls (setPen, drawText, ...) drop one reference to None each. Python 3.12 and newer make
None immortal, so there it never matters; on 3.11 None's count falls with every call until the interpreter
aborts with "Fatal Python error: none_dealloc" - mid-session or at exit. Raising None's count by 2**40 makes
None immortal in practice, as it is on 3.12.

The guard applies only where the bug bites (``guard_needed``), and only when called: `create_application`
calls it before Qt paints anything, and the test suite's conftest calls it for pytest-qt's own QApplication.
`tests/ui/test_none_guard.py` holds a strict xfail that fails as soon as the bug is gone, so the gate cannot
outlive it unnoticed.
"""

from __future__ import annotations

import ctypes
import sys

_BOOST = 1 << 40
_BROKEN_PYSIDE = (6, 12)
_state = {"done": False}


def guard_needed() -> bool:
    """True exactly where the bug bites: PySide6 6.12 on a release build of CPython 3.11."""
    if sys.version_info >= (3, 12) or sys.implementation.name != "cpython":
        return False
    if hasattr(sys, "gettotalrefcount"):
        # A debug build's object header differs (and its refcount checks would object): never patch it.
        return False
    import PySide6

    return tuple(PySide6.__version_info__[:2]) == _BROKEN_PYSIDE


def protect_none() -> bool:
    """Make None immortal where PySide6 would otherwise free it; returns whether the guard is in force."""
    if _state["done"]:
        return True
    if not guard_needed():
        return False
    # ob_refcnt is the first field of every object in CPython's release builds.
    ctypes.c_ssize_t.from_address(id(None)).value += _BOOST
    _state["done"] = True
    return True
