"""Safe YAML reading with line numbers, and atomic-friendly dumping (core layer).

Only PyYAML's safe loader is used (the C one when available). Files are decoded as strict UTF-8 (a BOM is
allowed); CRLF line ends are fine.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from hep_builder.core.textio import MAX_SHOWN, YamlFileError, decode_text, short

__all__ = ["MAX_SHOWN", "YamlFileError", "decode_text", "short"]  # re-exported: most readers want them with the rest

if TYPE_CHECKING:  # the stubs know both; the checker sees the C classes, the run uses them where libyaml is built in
    SafeLoader = yaml.CSafeLoader
    SafeDumper = yaml.CSafeDumper
else:
    SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    SafeDumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def node_line(node: yaml.Node | None) -> int:
    return node.start_mark.line + 1 if node is not None else 0


def compose_file(path: Path) -> tuple[yaml.Node | None, SafeLoader]:
    """Read ``path`` and compose its single YAML document into a node tree (nothing constructed yet)."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise YamlFileError(f"cannot read the file: {exc.strerror or exc}") from None
    return compose_text(decode_text(raw))


def file_error(exc: yaml.YAMLError, line: int = 0) -> YamlFileError:
    """PyYAML's error as one plain sentence with its 1-based line (``line`` when PyYAML gives none)."""
    if not isinstance(exc, yaml.MarkedYAMLError):
        return YamlFileError(f"not valid YAML: {exc}", line)
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + 1 if mark else line
    problem = exc.problem or str(exc)
    if "constructor for the tag" in problem:
        tag = problem.split("tag", 1)[1].strip()
        return YamlFileError(f"unsafe or unknown YAML tag {tag}; only plain YAML is allowed", line)
    return YamlFileError(f"not valid YAML: {problem}", line)


def compose_text(text: str) -> tuple[yaml.Node | None, SafeLoader]:
    loader = SafeLoader(text)
    try:
        node = loader.get_single_node()
    except yaml.YAMLError as exc:
        raise file_error(exc) from None
    return node, loader


def construct(loader: SafeLoader, node: yaml.Node) -> Any:
    """Build Python values for one node; unknown or unsafe tags raise YamlFileError at their line."""
    try:
        return loader.construct_object(node, deep=True)
    except yaml.constructor.ConstructorError as exc:
        raise file_error(exc, node_line(node)) from None
    except (ValueError, OverflowError) as exc:  # a date like 2026-13-45: one line, never a traceback
        value = f"{short(node.value)} " if isinstance(node, yaml.ScalarNode) else ""
        raise YamlFileError(f"the value {value}cannot be read ({str(exc)[:80]})", node_line(node)) from None


def mapping_items(node: yaml.MappingNode) -> list[tuple[yaml.Node, yaml.Node]]:
    return list(node.value)


def duplicate_keys(node: yaml.MappingNode) -> list[tuple[str, int]]:
    """Keys that appear more than once in one mapping (PyYAML would silently keep the last)."""
    seen: set[str] = set()
    dupes: list[tuple[str, int]] = []
    for key_node, _ in node.value:
        if isinstance(key_node, yaml.ScalarNode):
            if key_node.value in seen:
                dupes.append((key_node.value, node_line(key_node)))
            seen.add(key_node.value)
    return dupes


def load_text(text: str) -> Any:
    """Plain safe load of a small document (settings, plans); bad YAML raises YamlFileError with its line."""
    try:
        return yaml.load(text, Loader=SafeLoader)  # SafeLoader/CSafeLoader only
    except yaml.YAMLError as exc:
        raise file_error(exc) from None


class _StrictLoader(SafeLoader):
    """The safe loader that refuses a key given twice in one mapping (PyYAML would keep the last)."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        for key, line in duplicate_keys(node):
            raise yaml.constructor.ConstructorError(None, None, f"the key '{key[:80]}' is given twice (line {line})",
                                                    node.start_mark)  # fmt: skip
        return super().construct_mapping(node, deep=deep)

    def construct_yaml_timestamp(self, node: yaml.ScalarNode) -> Any:
        try:
            return super().construct_yaml_timestamp(node)
        except (ValueError, OverflowError) as exc:  # 2026-13-45 looks like a date to YAML, but is none
            message = f"{short(node.value)} is not a real date ({str(exc)[:80]})"
            raise yaml.constructor.ConstructorError(None, None, message, node.start_mark) from None


# The stubs type construct_yaml_map on SafeConstructor, which add_constructor's bound on the loader refuses.
_StrictLoader.add_constructor("tag:yaml.org,2002:map", _StrictLoader.construct_yaml_map)  # type: ignore[type-var]
_StrictLoader.add_constructor("tag:yaml.org,2002:timestamp", _StrictLoader.construct_yaml_timestamp)


MAX_NESTING = 64  # far beyond any plan; libyaml's composer crashes the process on very deep nesting


def _check_nesting(text: str) -> None:
    """Refuse a document nested deeper than MAX_NESTING before it is composed (the event parser is flat)."""
    depth = 0
    starts = (yaml.MappingStartEvent, yaml.SequenceStartEvent)
    ends = (yaml.MappingEndEvent, yaml.SequenceEndEvent)
    for event in yaml.parse(text, Loader=SafeLoader):
        if isinstance(event, starts):
            depth += 1
            if depth > MAX_NESTING:
                line = event.start_mark.line + 1 if event.start_mark is not None else 0
                raise YamlFileError("the file is nested too deeply to be a plan", line)
        elif isinstance(event, ends):
            depth -= 1


def load_text_strict(text: str) -> Any:
    """Like load_text, but a duplicate key is an error and a bad value (a date like 2026-13-45, a nesting too
    deep) is one YamlFileError, never a raw ValueError, OverflowError or RecursionError."""
    try:
        _check_nesting(text)
        return yaml.load(text, Loader=_StrictLoader)  # a SafeLoader subclass
    except yaml.YAMLError as exc:
        error = file_error(exc)
        raise YamlFileError(error.message.replace("not valid YAML: ", ""), error.line) from None
    except (ValueError, OverflowError) as exc:
        raise YamlFileError(f"a value cannot be read ({str(exc)[:80]})") from None
    except RecursionError:
        raise YamlFileError("the file is nested too deeply to be a plan") from None


def dump_text(data: Any) -> str:
    return yaml.dump(data, Dumper=SafeDumper, sort_keys=False, allow_unicode=True, default_flow_style=False, width=100)
