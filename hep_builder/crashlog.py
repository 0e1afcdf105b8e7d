"""The one place unexpected errors are written down: ``logs/hep-builder.log`` in the data folder (no Qt).

Users never see a traceback; they see one plain sentence and where the details went, for whoever
supports the clinic.
"""

from __future__ import annotations

import traceback
from datetime import datetime
from pathlib import Path
from types import TracebackType

from hep_builder import paths


def log_path() -> Path:
    return paths.data_dir() / "logs" / "hep-builder.log"


def write_crash_log(
    what: str, kind: type[BaseException], error: BaseException, trace: TracebackType | None
) -> Path | None:
    """Append the traceback under a heading; the log's path, or None when it cannot be written."""
    log = log_path()
    try:
        log.parent.mkdir(parents=True, exist_ok=True)
        with log.open("a", encoding="utf-8") as handle:
            stamp = datetime.now().isoformat(timespec="seconds")
            handle.write(f"--- {stamp} {what} failed\n{''.join(traceback.format_exception(kind, error, trace))}\n")
    except OSError:
        return None
    return log
