"""Moving a clinic between a plans folder and the plans database, both ways, with a report (core layer).

Import is idempotent: a plan file whose text is already one of that plan's versions is "unchanged"; a new
plan becomes current; a file that differs from what the database holds is kept as a conflict version
(never overwriting). Conflict and sync copies in the folder are imported after the plans they belong to.
Export writes each plan's current document as ``<id>.hepplan`` and each open conflict beside it; a file
already there with other content is never overwritten (the export goes beside it).
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from hep_builder.core.plan import PLAN_SUFFIX

if TYPE_CHECKING:
    from hep_builder.core.pg_store import PgStore

MAX_FILE_BYTES = 1_000_000  # as the plan file limit


@dataclass
class TransferReport:
    added: int = 0
    unchanged: int = 0
    conflicts: int = 0  # kept as conflict versions (import) or written beside a different file (export)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (file name, reason)

    def lines(self, verb: str) -> list[str]:
        total = self.added + self.unchanged + self.conflicts + len(self.skipped)
        head = (
            f"{verb} {total} plan file{'s' if total != 1 else ''}: {self.added} added, {self.unchanged} unchanged, "
            f"{self.conflicts} kept as conflict versions, {len(self.skipped)} skipped"
        )
        return [head, *(f"  skipped {name}: {why}" for name, why in self.skipped)]


def _main_file(name: str, plan_id: str) -> bool:
    return name == f"{plan_id}{PLAN_SUFFIX}"


def import_folder(store: PgStore, folder: Path) -> TransferReport:
    """Load every plan file of ``folder`` into the database (see the module docstring)."""
    from hep_builder.core.pg_store import ID_RE
    from hep_builder.core.planfile import PlanFileError, plan_from_text
    from hep_builder.core.store_api import LockState
    from hep_builder.core.yamlio import YamlFileError, decode_text

    report = TransferReport()
    if not folder.is_dir():
        raise FileNotFoundError(f"no such folder: {folder}")
    names = sorted(e.name for e in os.scandir(folder) if e.name.endswith(PLAN_SUFFIX) and not e.name.startswith("."))
    loaded = []
    for name in names:
        path = folder / name
        try:
            if path.stat().st_size > MAX_FILE_BYTES:
                report.skipped.append((name, "larger than a plan file may be (1 MB)"))
                continue
            text = decode_text(path.read_bytes())
            plan_file = plan_from_text(text)
        except (OSError, YamlFileError, PlanFileError) as exc:
            report.skipped.append((name, str(getattr(exc, "message", None) or exc)[:120]))
            continue
        if plan_file.read_only:
            report.skipped.append((name, "made by a newer HEP Builder; import it with that version"))
            continue
        plan = plan_file.plan
        if not ID_RE.match(plan.id):
            report.skipped.append((name, "its plan id is not letters, digits and dashes"))
            continue
        loaded.append((not _main_file(name, plan.id), name, plan, text))
    loaded.sort(key=lambda entry: entry[:2])  # the plans themselves before their conflict and sync copies
    for _copy, _name, plan, text in loaded:
        if store.has_document(plan.id, text):
            report.unchanged += 1
            continue
        attempt = store.lock(plan.id)
        mine = attempt.lock if attempt.state is LockState.ACQUIRED else None
        try:
            current = store.current_version(plan.id)
            # Only a plan the database does not have yet becomes current; anything else is kept beside it.
            written = store.write(plan.id, plan, lock=mine if current is None else None, expected=current,
                                  document=text, kind="import")  # fmt: skip
        finally:
            if mine is not None:
                store.unlock(plan.id, mine)
        if written.conflict:
            report.conflicts += 1
        else:
            report.added += 1
    return report


def export_folder(store: PgStore, folder: Path) -> TransferReport:
    """Write every plan (and each open conflict) as a plan file in ``folder``."""
    from hep_builder.core.plan_store import CONFLICT_MARK
    from hep_builder.core.planfile import write_atomic

    report = TransferReport()
    folder.mkdir(parents=True, exist_ok=True)
    for plan_id, version, document, conflict in store.documents():
        data = document.encode("utf-8")
        name = f"{plan_id}{CONFLICT_MARK}v{version}{PLAN_SUFFIX}" if conflict else f"{plan_id}{PLAN_SUFFIX}"
        target = folder / name
        try:
            existing = target.read_bytes()
        except FileNotFoundError:
            existing = None
        except OSError as exc:
            report.skipped.append((name, exc.strerror or str(exc)))
            continue
        if existing is not None and hashlib.sha256(existing).digest() == hashlib.sha256(data).digest():
            report.unchanged += 1
            continue
        if existing is not None:  # someone's file: leave it, and put the database's version beside it
            target = folder / f"{plan_id}{CONFLICT_MARK}db-v{version}{PLAN_SUFFIX}"
            report.conflicts += 1
        else:
            report.added += 1
        try:
            write_atomic(target, data)
        except OSError as exc:
            report.skipped.append((name, exc.strerror or str(exc)))
            report.added -= existing is None
            report.conflicts -= existing is not None
    return report
