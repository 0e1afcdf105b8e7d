"""Clinic photos for exercises: checked by content, size-limited, never EPS (figures layer)."""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_PIXELS = 25_000_000  # about 5000 x 5000; more is a decompression bomb, not a photo
SIGNATURES = {b"\x89PNG\r\n\x1a\n": "PNG", b"\xff\xd8\xff": "JPEG"}


class ImageError(ValueError):
    """A photo that cannot be used; the message says why, for the user."""


@dataclass(frozen=True)
class CheckedImage:
    data: bytes
    format: str
    width: int
    height: int


def sniff(data: bytes) -> str | None:
    for signature, name in SIGNATURES.items():
        if data.startswith(signature):
            return name
    return None


@lru_cache(maxsize=64)
def _load(path: Path, mtime: float, size: int) -> CheckedImage:
    if size > MAX_FILE_BYTES:
        raise ImageError(f"{path.name} is too large ({size // 1024 // 1024} MB; the limit is 20 MB)")
    data = path.read_bytes()
    kind = sniff(data)
    if kind is None:
        raise ImageError(f"{path.name} is not a PNG or JPEG image (checked by its content, not its name)")
    from PIL import Image

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=[kind]) as image:
                width, height = image.size
                if width * height > MAX_PIXELS:
                    raise ImageError(f"{path.name} has too many pixels ({width} x {height}); use a smaller photo")
                image.verify()
    except ImageError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ImageError(f"{path.name} has too many pixels; use a smaller photo") from None
    except Exception as exc:
        raise ImageError(f"{path.name} is a damaged image ({exc})") from None
    return CheckedImage(data, kind, width, height)


def load_image(path: Path) -> CheckedImage:
    """The photo at ``path``, or ImageError with a clear reason."""
    try:
        stat = path.stat()
    except OSError:
        raise ImageError(f"{path.name} was not found") from None
    return _load(path, stat.st_mtime, stat.st_size)
