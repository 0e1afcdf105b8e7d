"""The clinic logo: checked like exercise photos, scaled once and cached, problems reported once."""

from __future__ import annotations

import struct
import zlib
from dataclasses import replace
from pathlib import Path

import pytest

from hep_builder.core.clinic import load_profile, save_profile
from hep_builder.pdf.logo import LOGO_PIXELS, prepare_logo


def png_header_only(width: int, height: int) -> bytes:
    """A PNG that claims ``width`` x ``height`` (a decompression bomb's header) with no real pixels."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"")) + chunk(b"IEND", b"")


def real_png(path: Path, size: tuple[int, int]) -> Path:
    from PIL import Image

    Image.new("RGB", size, (20, 90, 160)).save(path)
    return path


@pytest.mark.parametrize(
    ("name", "content", "said"),
    [
        ("text.png", b"this is not an image", "not a PNG or JPEG"),
        ("logo.svg", b"<svg xmlns='http://www.w3.org/2000/svg'/>", "not a PNG or JPEG"),
        ("bomb.png", png_header_only(30000, 30000), "too many pixels"),
        ("huge.png", png_header_only(12000, 12000), "too many pixels"),
        ("missing.png", None, "was not found"),
    ],
)
def test_a_logo_that_cannot_be_used_is_reported_in_one_line(tmp_path: Path, name, content, said) -> None:
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    prepared = prepare_logo(path)
    assert prepared.png is None and said in prepared.problem and "\n" not in prepared.problem


def test_a_truncated_logo_is_reported(tmp_path: Path) -> None:
    whole = real_png(tmp_path / "whole.png", (400, 300)).read_bytes()
    cut = tmp_path / "cut.png"
    cut.write_bytes(whole[: len(whole) // 2])
    prepared = prepare_logo(cut)
    assert prepared.png is None and "damaged" in prepared.problem


def test_a_big_logo_is_scaled_once_to_print_size_and_cached(tmp_path: Path) -> None:
    from PIL import Image

    path = real_png(tmp_path / "big.png", (4000, 3000))
    first = prepare_logo(path)
    assert first.problem == "" and prepare_logo(path) is first  # cached: one scaling, not one per redraw
    with Image.open(__import__("io").BytesIO(first.png)) as image:
        assert max(image.size) == LOGO_PIXELS


def test_export_warns_once_about_a_bad_logo_and_still_prints(tmp_path: Path, capsys) -> None:
    from hep_builder.cli import main

    bad = tmp_path / "logo.png"
    bad.write_text("not an image")
    save_profile(replace(load_profile()[0], logo=bad))
    out = tmp_path / "out.pdf"
    assert main(["export", "examples/phase1-margaret.hepplan", "-o", str(out)]) == 0
    warnings = [line for line in capsys.readouterr().err.splitlines() if "logo" in line]
    assert len(warnings) == 1 and warnings[0].startswith("warning: the clinic logo cannot be used")
    assert out.read_bytes().startswith(b"%PDF")
