"""A window's size on a 1366×768 laptop, once every layout has taken in new texts."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QApplication, QWidget

SCREEN_WIDTH = 1366
# 768 less a taskbar and a title bar
ROOM_HEIGHT = 768 - 48 - 32


def settled(window: QWidget) -> QSize:
    """The window's minimum size once every layout has taken in the new texts. Each level of
    the nesting tells its parent in a posted event, a round of the event loop per level: the
    layouts are brought up to date here from the innermost out, then the events are handled."""

    def depth(widget: QWidget) -> int:
        parent = widget.parentWidget()
        return 0 if parent is None else 1 + depth(parent)

    for widget in sorted(window.findChildren(QWidget), key=depth, reverse=True):
        layout = widget.layout()
        if layout is not None:
            layout.activate()
    outer = window.layout()
    assert outer is not None
    outer.activate()
    QApplication.processEvents()
    return window.minimumSizeHint()
