"""Draws figure primitives with QPainter, so the screen matches the paper (ui layer)."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QImage, QPainter, QPainterPath, QPen, QPixmap, QPolygonF

from hep_builder.core.exercise import Exercise
from hep_builder.figures.compose import box_aspect, figure_primitives
from hep_builder.figures.images import ImageError, load_image
from hep_builder.figures.primitives import (
    FIGURE_HEIGHT,
    FIGURE_WIDTH,
    TONES,
    Circle,
    Label,
    Polygon,
    Primitive,
    Stroke,
)


def _colour(tone: str) -> QColor:
    level = round(TONES[tone] * 255)
    return QColor(level, level, level)


def paint_primitives(painter: QPainter, prims: Iterable[Primitive], rect: QRectF, aspect: float = FIGURE_WIDTH) -> None:
    """Paint ``prims`` (``aspect`` x 1 box, y up) into ``rect`` (y down), scaled uniformly and centred."""
    scale = min(rect.width() / aspect, rect.height() / FIGURE_HEIGHT)
    ox = rect.x() + (rect.width() - aspect * scale) / 2
    oy = rect.y() + (rect.height() + FIGURE_HEIGHT * scale) / 2  # the unit box's bottom edge

    def point(p: tuple[float, float]) -> QPointF:
        return QPointF(ox + p[0] * scale, oy - p[1] * scale)

    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    for prim in prims:
        if isinstance(prim, Stroke):
            pen = QPen(_colour(prim.tone), prim.width * scale, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap,
                       Qt.PenJoinStyle.RoundJoin)  # fmt: skip
            if prim.dash:
                pen.setDashPattern([d / max(prim.width, 1e-6) for d in prim.dash])
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            path = QPainterPath(point(prim.points[0]))
            for p in prim.points[1:]:
                path.lineTo(point(p))
            if prim.closed:
                path.closeSubpath()
            painter.drawPath(path)
        elif isinstance(prim, Polygon | Circle):
            if prim.stroke:
                painter.setPen(QPen(_colour(prim.stroke), prim.width * scale))
            else:
                painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QBrush(_colour(prim.fill)) if prim.fill else Qt.BrushStyle.NoBrush)
            if isinstance(prim, Polygon):
                painter.drawPolygon(QPolygonF([point(p) for p in prim.points]))
            else:
                painter.drawEllipse(point(prim.center), prim.radius * scale, prim.radius * scale)
        elif isinstance(prim, Label):
            font = QFont()
            font.setPixelSize(max(11, round(prim.size * scale)))
            font.setBold(prim.bold)
            painter.setFont(font)
            painter.setPen(_colour("label"))
            top_left = point(prim.position)
            painter.drawText(QRectF(top_left.x(), top_left.y(), 200, font.pixelSize() * 1.4),
                             Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop, prim.text)  # fmt: skip
    painter.restore()


def exercise_pixmap(exercise: Exercise, width: int, height: int, *, labels: bool = True) -> QPixmap:
    """The exercise's figure (or photo, or a neutral placeholder) as a pixmap for lists and details."""
    image = QImage(width, height, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(QColor(255, 255, 255))
    painter = QPainter(image)
    try:
        rect = QRectF(0, 0, width, height)
        if exercise.figure_is_image and exercise.figure_path is not None:
            try:
                photo = QImage.fromData(load_image(exercise.figure_path).data)
                scaled = photo.scaled(width, height, Qt.AspectRatioMode.KeepAspectRatio,
                                      Qt.TransformationMode.SmoothTransformation)  # fmt: skip
                painter.drawImage(QPointF((width - scaled.width()) / 2, (height - scaled.height()) / 2), scaled)
                return QPixmap.fromImage(image)
            except ImageError:
                pass
        aspect = box_aspect(width, height)
        drawable = not exercise.figure_is_image
        prims = figure_primitives(exercise.figure, labels, aspect) if exercise.figure and drawable else None
        if prims:
            paint_primitives(painter, prims, rect, aspect)
        else:
            painter.setPen(_colour("far"))
            painter.drawRect(rect.adjusted(1, 1, -1, -1))
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, "No picture")
    finally:
        painter.end()
    return QPixmap.fromImage(image)
