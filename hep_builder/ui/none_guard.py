"""Work around PySide6 6.12 releasing references to None it never took, on Python 3.11 (ui layer).

Many PySide6 6.12 calls (setPen, drawText, ...) drop one reference to None each. Python 3.12 and newer make
None immortal, so there it never matters; on 3.11 None's count falls with every call until the interpreter
aborts with "Fatal Python error: none_dealloc" - mid-session or at exit. Raising None's count by 2**40 makes
None immortal in practice, as it is on 3.12. Remove this when PySide6 is fixed or Python 3.11 is dropped.
"""

from __future__ import annotations

import ctypes
import sys

_BOOST = 1 << 40
_state = {"done": False}


def protect_none() -> None:
    if sys.version_info >= (3, 12) or _state["done"]:
        return
    # ob_refcnt is the first field of every object in CPython's standard builds.
    ctypes.c_ssize_t.from_address(id(None)).value += _BOOST
    _state["done"] = True
