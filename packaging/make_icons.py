"""Render src/minorifamiglie/resources/icons/minorifamiglie.svg into the PNG sizes of the desktop
entry, the Windows .ico and the macOS .icns (run by hand when the SVG changes; the outputs are
committed)."""

from __future__ import annotations

import io
import os
import sys
from pathlib import Path

from PIL import Image

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

ICONS = Path(__file__).resolve().parents[1] / "src" / "minorifamiglie" / "resources" / "icons"
SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def render(renderer: QSvgRenderer, size: int) -> Image.Image:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    renderer.render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return Image.open(io.BytesIO(bytes(data.data()))).convert("RGBA")


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    QGuiApplication(sys.argv)
    renderer = QSvgRenderer(str(ICONS / "minorifamiglie.svg"))
    images = {size: render(renderer, size) for size in SIZES}
    for size in (16, 32, 48, 64, 128, 256):
        images[size].save(ICONS / f"minorifamiglie-{size}.png", optimize=True)
    images[256].save(
        ICONS / "minorifamiglie.ico", sizes=[(s, s) for s in (16, 24, 32, 48, 64, 128, 256)]
    )
    images[512].save(ICONS / "minorifamiglie.icns")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
