"""Callbacks for the editor's worker results: they may arrive after its window was deleted
(closed, or gone in a crash test), and then are dropped."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import shiboken6

from PySide6.QtWidgets import QWidget


def while_alive(widget: QWidget, fn: Callable[[Any], None]) -> Callable[[Any], None]:
    """`fn`, called only while `widget` still exists."""

    def call(arg: Any) -> None:
        if shiboken6.isValid(widget):
            fn(arg)

    return call
