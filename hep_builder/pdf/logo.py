"""The clinic logo for the handout header: checked like exercise photos, scaled once, cached (pdf layer).

A logo is checked by its content (PNG or JPEG), its file size and its pixel count (figures/images.py),
then scaled once to what the header prints (at most LOGO_PIXELS on its longer side, about 1 inch at 300 dpi)
and kept in memory, so a 12000-pixel logo costs one scaling, not one per preview. A logo that cannot be
used is left out of the handout and reported (Help > Problems, one warning line on ``export``).
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

LOGO_PIXELS = 360


@dataclass(frozen=True)
class PreparedLogo:
    png: bytes | None  # the scaled logo, or None when it cannot be used
    problem: str = ""  # why not, in one line

    def reader(self):  # -> reportlab ImageReader | None; ReportLab loads with the first handout
        if self.png is None:
            return None
        from reportlab.lib.utils import ImageReader

        return ImageReader(io.BytesIO(self.png))


def prepare_logo(path: Path | None) -> PreparedLogo:
    """The logo at ``path``, checked and scaled (cached while the file is unchanged)."""
    if path is None:
        return PreparedLogo(None)
    try:
        stat = path.stat()
    except OSError:
        return PreparedLogo(None, f"the clinic logo {path.name} was not found; the handout prints without it")
    return _prepare(path, stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=4)
def _prepare(path: Path, _mtime_ns: int, _size: int) -> PreparedLogo:
    from hep_builder.figures.images import ImageError, load_image

    try:
        checked = load_image(path)
    except ImageError as exc:
        return PreparedLogo(None, f"the clinic logo cannot be used: {str(exc)[:160]}; the handout prints without it")
    from PIL import Image

    try:
        with Image.open(io.BytesIO(checked.data), formats=[checked.format]) as image:
            image.draft("RGB", (LOGO_PIXELS, LOGO_PIXELS))  # JPEG: decode at a reduced size straight away
            image = image.convert("RGBA")
            image.thumbnail((LOGO_PIXELS, LOGO_PIXELS))
            out = io.BytesIO()
            image.save(out, "PNG", optimize=True)
    except Exception as exc:  # truncated data that verify() let through
        return PreparedLogo(None, f"the clinic logo {path.name} is a damaged image ({str(exc)[:80]}); the handout "
                            "prints without it")  # fmt: skip
    return PreparedLogo(out.getvalue())
