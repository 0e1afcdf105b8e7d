"""Plan files (``*.hepplan``, YAML version 1): read, write atomically (core layer).

What a plan may hold is the one schema's (``core/schema.py``: plan_from_mapping, the snapshots); this module
reads and writes the file around it. Reading never guesses silently: a broken file raises PlanFileError with
a message for the user, located by line. A file of a newer ``schema_version`` is read as far as this version
understands it and marked read-only.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import tempfile
from pathlib import Path
from typing import Any

import yaml

from hep_builder.core.exercise import DOSAGE_KEYS
from hep_builder.core.locks import host_name
from hep_builder.core.plan import Plan
from hep_builder.core.schema import (  # the plan's rules live in the one schema; re-exported for the callers
    HEADER_KEYS,
    ITEM_KEYS,
    MAX_ITEMS,
    MAX_PLAN_BYTES,
    PLAN_SCHEMA_VERSION,
    LoadedPlan,
    PlanFileError,
    PlanKeyError,
    exercise_from_snapshot,
    exercise_to_snapshot,
    migrate,
    plan_from_mapping,
)
from hep_builder.core.yamlio import YamlFileError, decode_text, dump_text, load_text_strict

__all__ = [
    "HEADER_KEYS", "ITEM_KEYS", "MAX_ITEMS", "MAX_PLAN_BYTES", "PLAN_SCHEMA_VERSION", "LoadedPlan", "PlanFileError",
    "PlanKeyError", "migrate", "plan_from_mapping", "plan_from_text", "plan_to_mapping", "plan_to_text",
    "read_plan", "read_plan_bytes", "write_atomic", "write_plan", "host_tag", "temp_prefix", "TEMP_MARK",
    "TEMP_SUFFIX", "exercise_from_snapshot", "exercise_to_snapshot",
]  # fmt: skip


def plan_to_mapping(plan: Plan, *, snapshots: bool = True) -> dict[str, Any]:
    data: dict[str, Any] = {
        "schema_version": PLAN_SCHEMA_VERSION,
        "id": plan.id,
        "created": plan.created.isoformat(timespec="seconds"),
        "modified": plan.modified.isoformat(timespec="seconds"),
        "patient": {
            "name": plan.patient.name,
            "identifier": plan.patient.identifier,
            "date_of_birth": plan.patient.date_of_birth,
        },
        "therapist": plan.therapist,
        "location": plan.location,
        "title": plan.title,
        "phase": plan.phase,
        "focus": plan.focus,
        "goals": list(plan.goals),
        "notes": plan.notes,
        "language": plan.language,
        "layout": plan.layout,
    }
    if plan.paper:
        data["paper"] = plan.paper
    if plan.follow_up:
        data["follow_up"] = plan.follow_up.isoformat()
    if plan.precautions:
        data["precautions"] = list(plan.precautions)
    if plan.precautions_until:
        data["precautions_until"] = plan.precautions_until.isoformat()
    if plan.affected_side:
        data["affected_side"] = plan.affected_side
    items = []
    for item in plan.items:
        entry: dict[str, Any] = {"exercise": item.exercise_id}
        entry.update({k: item.overrides[k] for k in DOSAGE_KEYS if k in item.overrides})
        if item.notes:
            entry["notes"] = item.notes
        if item.acknowledged:
            entry["acknowledged"] = list(item.acknowledged)
        if snapshots and item.snapshot is not None:
            entry["snapshot"] = exercise_to_snapshot(item.snapshot)
        items.append(entry)
    data["items"] = items
    return data


def plan_to_text(plan: Plan) -> str:
    return dump_text(plan_to_mapping(plan))


def plan_from_text(text: str) -> LoadedPlan:
    if len(text) > MAX_PLAN_BYTES:
        raise PlanFileError(f"the plan file is too large ({len(text.encode('utf-8')):,} bytes; a plan is at most 1 MB)")
    try:
        data = load_text_strict(text)
    except YamlFileError as exc:
        near = f" near line {exc.line}" if exc.line else ""
        raise PlanFileError(f"the plan file is damaged{near}: {exc.message}") from None
    try:
        loaded = plan_from_mapping(data)
    except PlanKeyError as exc:
        line = _key_line(text, exc.key, exc.item)
        raise PlanFileError(f"line {line}: {exc}" if line else str(exc)) from None
    loaded.messages[:] = [_snapshot_line(text, message) for message in loaded.messages]
    return loaded


def _snapshot_line(text: str, message: str) -> str:
    """A snapshot warning ("item 3: snapshot: ...") with the line of that snapshot in front."""
    match = re.match(r"item (\d+): snapshot", message)
    line = _key_line(text, "snapshot", int(match.group(1))) if match else 0
    return f"line {line}: {message}" if line else message


def _key_line(text: str, key: str, item: int) -> int:
    """The line of ``key:`` at the top level, or inside the ``item``-th entry of ``items`` (0 if not found)."""

    def find(node: object, name: str) -> object:
        if isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:
                if getattr(key_node, "value", None) == name:
                    return key_node if name == key else value_node
        return None

    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return 0
    if item:
        items = find(node, "items")
        node = items.value[item - 1] if isinstance(items, yaml.SequenceNode) and len(items.value) >= item else None
    found = find(node, key)
    return found.start_mark.line + 1 if isinstance(found, yaml.Node) else 0


def read_plan(path: Path) -> LoadedPlan:
    return read_plan_bytes(path)[1]


def read_plan_bytes(path: Path) -> tuple[bytes, LoadedPlan]:
    """The file's bytes (for its version) and the plan in it; PlanFileError says why it cannot be read."""
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_PLAN_BYTES + 1)  # a huge file is never read whole
        if len(raw) > MAX_PLAN_BYTES:
            raise PlanFileError(f"{path.name}: the plan file is too large (over 1 MB); it cannot be a plan")
    except FileNotFoundError:
        raise PlanFileError(f"plan file not found: {path}") from None
    except OSError as exc:
        raise PlanFileError(f"cannot read {path}: {exc.strerror or exc}") from None
    try:
        text = decode_text(raw)
    except YamlFileError as exc:
        raise PlanFileError(f"{path} is not a plan file ({exc.message})") from None
    try:
        loaded = plan_from_text(text)
    except PlanFileError as exc:
        raise PlanFileError(f"{path}: {exc}") from None
    # A located warning reads "file:line: sentence", like every other problem the program reports.
    loaded.messages[:] = [re.sub(r"^line (\d+): ", f"{path}:\\1: ", message) for message in loaded.messages]
    return raw, loaded


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so that it is either the old file or the new one, never half of each.

    A temp file in the same folder is written, flushed and fsynced, then renamed over the target. On any
    error the temp file is removed and the old file is untouched.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        mode = path.stat().st_mode & 0o777
    except OSError:
        mode = 0o666 & ~_umask()
    fd, temp_name = tempfile.mkstemp(prefix=temp_prefix(), suffix=TEMP_SUFFIX, dir=path.parent)
    try:
        os.chmod(temp_name, mode)  # mkstemp makes 0600; keep the old file's mode, or the usual one
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp_name, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp_name)
        raise
    with contextlib.suppress(OSError):  # make the rename itself durable where the OS allows it
        dir_fd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)


TEMP_MARK, TEMP_SUFFIX = ".tmp-", ".part"


def host_tag() -> str:
    """This PC, as 8 hex digits: temp names say whose they are without naming the PC (or anyone)."""
    return hashlib.sha256(host_name().encode("utf-8")).hexdigest()[:8]


def temp_prefix() -> str:
    """``.tmp-<host>-<pid>-``: the next start on this PC knows its own leftovers (core/plan_store.clean_temp)."""
    return f"{TEMP_MARK}{host_tag()}-{os.getpid()}-"


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def write_plan(path: Path, plan: Plan) -> None:
    write_atomic(path, plan_to_text(plan).encode("utf-8"))
