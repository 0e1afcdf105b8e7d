"""The QPainter backend draws the same figures as the paper, and copes with photos and gaps."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QImage, QPainter

from hep_builder.figures.compose import figure_primitives
from hep_builder.figures.scene import bundled_mannequin_specs
from hep_builder.ui.figure_painter import exercise_pixmap, paint_primitives


def dark_pixels(image: QImage) -> int:
    return sum(
        1
        for y in range(0, image.height(), 2)
        for x in range(0, image.width(), 2)
        if QColor(image.pixel(x, y)).lightness() < 80
    )


def test_every_figure_paints_on_screen(qapp) -> None:
    for key in bundled_mannequin_specs()[0]:
        image = QImage(240, 120, QImage.Format.Format_ARGB32)
        image.fill(QColor("white"))
        painter = QPainter(image)
        paint_primitives(painter, figure_primitives(key), QRectF(0, 0, 240, 120))
        painter.end()
        assert dark_pixels(image) > 20, key


def test_screen_and_paper_put_the_body_in_the_same_place(qapp, bundled_library) -> None:
    exercise = bundled_library["sit-to-stand"]
    image = exercise_pixmap(exercise, 400, 200).toImage()
    # The end panel (right half) holds the standing body; the seated start body is in the left half.
    left = dark_pixels(image.copy(0, 0, 200, 200))
    right = dark_pixels(image.copy(200, 0, 200, 200))
    assert left > 30 and right > 30


def test_photo_and_missing_figure(qapp, bundled_library, tmp_path: Path) -> None:
    photo = tmp_path / "photo.png"
    source = QImage(80, 40, QImage.Format.Format_RGB32)
    source.fill(QColor("black"))
    source.save(str(photo))
    (tmp_path / "lib.yaml").write_text("", "utf-8")
    with_photo = replace(bundled_library["clamshell"], figure="photo.png", source=tmp_path / "lib.yaml")
    assert dark_pixels(exercise_pixmap(with_photo, 200, 100).toImage()) > 500
    broken = replace(with_photo, figure="gone.png")
    assert dark_pixels(exercise_pixmap(broken, 200, 100).toImage()) < 500  # a neutral placeholder
    no_figure = replace(bundled_library["clamshell"], figure=None)
    assert not exercise_pixmap(no_figure, 200, 100).isNull()
