"""Reading text files the way every loader here does: strict UTF-8, a BOM allowed (core layer).

Kept apart from ``yamlio`` so that code which only needs these (start-up with a warm cache) never loads PyYAML.
"""

from __future__ import annotations

MAX_SHOWN = 80  # at most this much of any value appears in a message


def short(value: object) -> str:
    """``value`` for a message: at most MAX_SHOWN characters, built without expanding a nested alias bomb."""
    import reprlib

    limits = reprlib.Repr()
    limits.maxlevel, limits.maxlist, limits.maxdict = 2, 4, 4
    limits.maxstring = limits.maxother = limits.maxlong = MAX_SHOWN
    text = limits.repr(value)
    return text if len(text) <= MAX_SHOWN else text[: MAX_SHOWN - 1] + "…"


class YamlFileError(Exception):
    """A file that cannot be read as YAML at all; carries the 1-based line."""

    def __init__(self, message: str, line: int = 0) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


def decode_text(data: bytes) -> str:
    """Strict UTF-8 with an optional BOM; raises YamlFileError naming the line of a bad byte."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise YamlFileError(
            f"the file is not UTF-8 text (byte 0x{data[exc.start]:02x}); save it as UTF-8", line
        ) from None
