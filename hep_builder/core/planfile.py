"""Plan files (``*.hepplan``, YAML version 1): read, validate, write atomically (core layer).

Reading never guesses silently: a broken file raises PlanFileError with a message for the user. A file of a
newer ``schema_version`` is read as far as this version understands it and marked read-only.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import tempfile
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import yaml

from hep_builder.core.exercise import DOSAGE_KEYS
from hep_builder.core.locks import host_name
from hep_builder.core.plan import LAYOUTS, PAPERS, Patient, Plan, PlanItem, new_plan_id
from hep_builder.core.precautions import PrecautionError, check_precautions, check_side
from hep_builder.core.schema import (
    DosageError,
    exercise_from_snapshot,
    exercise_to_snapshot,
    validate_dosage,
)
from hep_builder.core.yamlio import YamlFileError, decode_text, dump_text, load_text_strict, short

PLAN_SCHEMA_VERSION = 1
HEADER_KEYS = (
    "schema_version", "id", "created", "modified", "patient", "therapist", "location", "title", "phase",
    "focus", "goals", "notes", "language", "layout", "paper", "follow_up", "items",
    "precautions", "precautions_until", "affected_side",
)  # fmt: skip
ITEM_KEYS = ("exercise", "notes", "snapshot", "acknowledged", *DOSAGE_KEYS)

# What a plan file may hold: far beyond any real plan, small enough that no file can freeze the program.
MAX_PLAN_BYTES = 1024 * 1024
MAX_ITEMS = 100
MAX_SHORT_TEXT = 200  # a name, chart number, therapist, title
MAX_LONG_TEXT = 10_000  # notes, focus, a goal
MAX_GOALS = 50
LONG_TEXT_KEYS = ("notes", "focus")
YEARS = (1900, 2199)


class PlanFileError(Exception):
    """A plan file that cannot be read; the message is for the user."""


@dataclass
class LoadedPlan:
    plan: Plan
    read_only: bool = False
    messages: list[str] = field(default_factory=list)


def _text(data: dict[str, Any], key: str, where: str = "", limit: int = 0) -> str:
    value = data.get(key, "")
    if value is None:
        return ""
    if not isinstance(value, str | int | float) or isinstance(value, bool):
        raise PlanFileError(f"{where}'{key}' must be text")
    text = str(value)  # kept exactly as saved; the handout normalises what it prints (pdf.text.clean)
    limit = limit or (MAX_LONG_TEXT if key in LONG_TEXT_KEYS else MAX_SHORT_TEXT)
    if len(text) > limit:
        raise PlanFileError(f"{where}'{key}' is too long ({len(text):,} characters; at most {limit:,})")
    return text


def _in_range(value: date, key: str) -> None:
    if not YEARS[0] <= value.year <= YEARS[1]:
        raise PlanFileError(f"'{key}' has the year {value.year}; a plan's dates are between {YEARS[0]} and {YEARS[1]}")


def _datetime(value: Any, key: str) -> datetime:
    result = _datetime_value(value, key)
    _in_range(result, key)
    return result


def _datetime_value(value: Any, key: str) -> datetime:
    if isinstance(value, datetime):
        return value.replace(tzinfo=None, microsecond=0)
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day)
    if isinstance(value, str) and len(value) <= 40:
        try:
            return datetime.fromisoformat(value).replace(tzinfo=None, microsecond=0)
        except (ValueError, OverflowError):
            pass
    raise PlanFileError(f"'{key}' must be a date and time like 2026-11-27T10:15:00")


def _date(value: Any, key: str) -> date | None:
    result = _date_value(value, key)
    if result is not None:
        _in_range(result, key)
    return result


def _date_value(value: Any, key: str) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str) and len(value) <= 40:
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise PlanFileError(f"'{key}' must be a date like 2026-12-11")


def _migrate_v0(data: dict[str, Any]) -> dict[str, Any]:
    """Version 0 (the pilot's files): patient as plain text, items as ids or with a nested 'dose'."""
    data = dict(data)
    if isinstance(data.get("patient"), str):
        data["patient"] = {"name": data["patient"]}
    items = []
    for item in data.get("items") or []:
        if isinstance(item, str):
            item = {"exercise": item}
        elif isinstance(item, dict) and isinstance(item.get("dose"), dict):
            item = {**{k: v for k, v in item.items() if k != "dose"}, **item["dose"]}
        items.append(item)
    data["items"] = items
    data["schema_version"] = 1
    return data


# Each step lifts a file one version: MIGRATIONS[n] turns version n into n + 1.
MIGRATIONS = {0: _migrate_v0}


def migrate(data: dict[str, Any]) -> tuple[dict[str, Any], int]:
    """The mapping brought up to the current version, and the version it started at."""
    version = data.get("schema_version", 0)
    start = version
    while isinstance(version, int) and not isinstance(version, bool) and version in MIGRATIONS:
        data = MIGRATIONS[version](data)
        version = data["schema_version"]
    return data, start


def plan_from_mapping(data: Any) -> LoadedPlan:
    if not isinstance(data, dict) or not ("patient" in data or "schema_version" in data):
        raise PlanFileError("this is not a plan file (expected a mapping with 'schema_version: 1')")
    data, started_at = migrate(data)
    version = data.get("schema_version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise PlanFileError("this is not a plan file ('schema_version' is missing or wrong)")
    loaded_messages: list[str] = []
    if started_at != version:
        loaded_messages.append(
            f"This plan was brought up to date from format {started_at}; saving keeps the new format."
        )
    read_only = version > PLAN_SCHEMA_VERSION
    if read_only:
        loaded_messages.append(
            f"This plan was saved by a newer HEP Builder (format {version}). It opens read-only here; "
            "update HEP Builder to edit it."
        )
    else:
        unknown = sorted(str(k) for k in data if k not in HEADER_KEYS)
        if unknown:
            raise PlanFileError(f"unknown key(s) in the plan: {', '.join(unknown)}")

    patient_data = data.get("patient")
    if isinstance(patient_data, str):
        patient_data = {"name": patient_data}
    if not isinstance(patient_data, dict):
        raise PlanFileError("the plan has no patient (expected 'patient: {name: ...}')")
    patient = Patient(
        name=_text(patient_data, "name", "patient ", MAX_SHORT_TEXT).strip(),
        identifier=_text(patient_data, "identifier", "patient "),
        date_of_birth=_text(patient_data, "date_of_birth", "patient "),
    )

    phase = data.get("phase")
    if phase is not None and (phase not in (1, 2, 3) or isinstance(phase, bool)):
        raise PlanFileError(f"'phase' must be 1, 2 or 3; got {short(phase)}")
    layout = data.get("layout") or "standard"
    if not isinstance(layout, str) or layout not in LAYOUTS:
        raise PlanFileError(f"'layout' must be one of {', '.join(LAYOUTS)}; got {short(layout)}")
    paper = data.get("paper") or ""
    if paper and (not isinstance(paper, str) or paper not in PAPERS):
        raise PlanFileError(f"'paper' must be letter or a4; got {short(paper)}")
    goals = data.get("goals") or []
    if isinstance(goals, str):
        goals = [goals]
    if not isinstance(goals, list) or not all(isinstance(g, str) for g in goals):
        raise PlanFileError("'goals' must be a list of text")
    if len(goals) > MAX_GOALS or any(len(g) > MAX_LONG_TEXT for g in goals):
        raise PlanFileError(f"'goals' is too long (at most {MAX_GOALS} goals of {MAX_LONG_TEXT:,} characters)")

    precautions, precautions_until, affected_side = _precautions(data)

    raw_items = data.get("items") or []
    if not isinstance(raw_items, list):
        raise PlanFileError("'items' must be a list")
    if len(raw_items) > MAX_ITEMS:
        raise PlanFileError(f"the plan has {len(raw_items):,} exercises; a plan holds at most {MAX_ITEMS}")
    items = tuple(
        _item(raw, index, strict=not read_only, warnings=loaded_messages) for index, raw in enumerate(raw_items, 1)
    )

    modified = _datetime(data.get("modified") or data.get("created") or datetime(2000, 1, 1), "modified")
    plan = Plan(
        patient=patient,
        id=_text(data, "id") or new_plan_id(),
        created=_datetime(data.get("created") or modified, "created"),
        modified=modified,
        therapist=_text(data, "therapist"),
        location=_text(data, "location"),
        title=_text(data, "title") or Plan.title,
        phase=phase,
        focus=_text(data, "focus"),
        goals=tuple(goals),
        notes=_text(data, "notes"),
        language=_text(data, "language") or "en",
        layout=layout,
        paper=paper,
        follow_up=_date(data.get("follow_up"), "follow_up"),
        items=items,
        precautions=precautions,
        precautions_until=precautions_until,
        affected_side=affected_side,
    )
    return LoadedPlan(plan, read_only, loaded_messages)


def _precautions(data: dict[str, Any]) -> tuple[tuple[str, ...], date | None, str]:
    """The plan's hip precautions, until-date and affected side; a wrong value is a clear error."""
    try:
        precautions = check_precautions(data.get("precautions"))
        side = check_side(data.get("affected_side"))
    except PrecautionError as exc:
        key = "affected_side" if "affected_side" in str(exc) else "precautions"
        raise PlanKeyError(str(exc), key) from None
    try:
        until = _date(data.get("precautions_until"), "precautions_until")
    except PlanFileError as exc:
        raise PlanKeyError(str(exc), "precautions_until") from None
    return precautions, until, side


def _item(raw: Any, index: int, *, strict: bool, warnings: list[str]) -> PlanItem:
    where = f"item {index}: "
    if isinstance(raw, str):
        raw = {"exercise": raw}
    if not isinstance(raw, dict) or not isinstance(raw.get("exercise"), str) or not raw["exercise"].strip():
        raise PlanFileError(f"{where}each item needs 'exercise: <library id>'")
    unknown = sorted(str(k) for k in raw if k not in ITEM_KEYS)
    if unknown and strict:
        raise PlanFileError(f"{where}unknown key(s): {', '.join(unknown)}")
    # A key set to null means "not for this patient" (e.g. no hold although the library has one).
    overrides = {k: raw[k] for k in DOSAGE_KEYS if k in raw}
    try:
        validate_dosage(overrides)
    except DosageError as exc:
        raise PlanFileError(f"{where}{exc}") from None
    snapshot = None
    if raw.get("snapshot") is not None:
        # Lenient (schema.exercise_from_snapshot): a bad snapshot is a warning, and the library's exercise prints.
        snapshot = exercise_from_snapshot(raw["exercise"], raw["snapshot"], where, warnings)
    if len(raw["exercise"]) > MAX_SHORT_TEXT:
        raise PlanFileError(f"{where}'exercise' is too long to be a library id")
    try:
        acknowledged = check_precautions(raw.get("acknowledged"), "acknowledged")
    except PrecautionError as exc:
        raise PlanKeyError(f"{where}{exc}", "acknowledged", index) from None
    return PlanItem(raw["exercise"].strip(), overrides, _text(raw, "notes", where), snapshot, acknowledged)


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


class PlanKeyError(PlanFileError):
    """A wrong value of a known key; reading the file's text adds the line it is on."""

    def __init__(self, message: str, key: str, item: int = 0) -> None:
        super().__init__(message)
        self.key = key
        self.item = item  # 1-based plan item, or 0 for a header key


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
