"""Clinic photos: checked by content, pixel-limited, and never a reason for an export to fail."""

from __future__ import annotations

import io
import struct
import zlib
from pathlib import Path

import pytest
from PIL import Image

from hep_builder.core.clinic import load_profile
from hep_builder.core.library import LibrarySource, load_library
from hep_builder.core.plan import Patient, Plan, PlanItem
from hep_builder.figures.images import ImageError, load_image
from hep_builder.pdf.handout import build_handout
from tests.pdf.conftest import all_text, reader

EXERCISE = """schema_version: 1
exercises:
  - id: wall-sit
    name: Wall sit
    category: strengthening
    phases: [2]
    position: standing
    summary: Builds thigh strength.
    instructions: [Lean on a wall., Slide down and hold.]
    dosage: {{sets: 3, hold_seconds: 20}}
    figure: {figure}
"""


def png(path: Path, size: tuple[int, int] = (60, 30)) -> Path:
    Image.new("RGB", size, (20, 20, 20)).save(path, "PNG")
    return path


def bomb(path: Path, width: int = 20000, height: int = 20000) -> Path:
    """A tiny PNG whose header claims a huge picture (a decompression bomb)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    body = zlib.compress(b"\x00" * (width + 1) * 4)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", body) + chunk(b"IEND", b""))
    return path


def test_good_png_and_jpeg_load(tmp_path: Path) -> None:
    assert load_image(png(tmp_path / "a.png")).format == "PNG"
    jpeg = tmp_path / "b.jpg"
    Image.new("RGB", (40, 40)).save(jpeg, "JPEG")
    assert (load_image(jpeg).width, load_image(jpeg).height) == (40, 40)


def test_format_is_checked_by_content_not_name(tmp_path: Path) -> None:
    fake = tmp_path / "fake.png"
    fake.write_text("%!PS-Adobe-3.0 EPSF-3.0\n", "utf-8")
    with pytest.raises(ImageError, match="not a PNG or JPEG image"):
        load_image(fake)


def test_decompression_bomb_is_refused_clearly(tmp_path: Path) -> None:
    with pytest.raises(ImageError, match="too many pixels"):
        load_image(bomb(tmp_path / "bomb.png"))


def test_damaged_and_missing_images(tmp_path: Path) -> None:
    damaged = tmp_path / "cut.png"
    data = io.BytesIO()
    Image.new("RGB", (50, 50)).save(data, "PNG")
    damaged.write_bytes(data.getvalue()[:60])
    with pytest.raises(ImageError):
        load_image(damaged)
    with pytest.raises(ImageError, match="not found"):
        load_image(tmp_path / "nope.png")


@pytest.mark.parametrize("kind", ["good", "bomb", "fake", "deleted"])
def test_clinic_photo_exports_or_falls_back_to_a_placeholder(tmp_path: Path, kind: str, caplog) -> None:
    library_dir = tmp_path / "clinic"
    library_dir.mkdir()
    photo = library_dir / "wall-sit.png"
    if kind == "bomb":
        bomb(photo)
    elif kind == "fake":
        photo.write_text("not an image", "utf-8")
    else:
        png(photo)
    (library_dir / "extra.yaml").write_text(EXERCISE.format(figure="wall-sit.png"), "utf-8")
    library = load_library([LibrarySource(library_dir, "clinic")])
    assert library.problems == []
    if kind == "deleted":
        photo.unlink()
    plan = Plan(Patient("Ann Lee"), items=(PlanItem("wall-sit"),))
    data = build_handout(plan, library, load_profile()[0])
    text = all_text(data)
    assert "Wall sit" in text
    images = {
        (obj.get_object()["/Width"], obj.get_object()["/Height"])
        for page in reader(data).pages
        for obj in (page["/Resources"].get("/XObject") or {}).values()
        if obj.get_object().get("/Subtype") == "/Image"
    }
    logo = {(256, 256)}
    if kind == "good":
        assert images == logo | {(60, 30)} and "will show you" not in text
    else:
        assert images == logo and "Your therapist" in text
        assert any("wall-sit" in record.getMessage() for record in caplog.records)
