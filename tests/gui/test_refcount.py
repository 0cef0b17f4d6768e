"""Guard against the PySide6 6.12.0 bug that made the application abort after a while: on
CPython 3.11 every signal delivery dropped a reference to None or True (`none_dealloc`)."""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal


class _Emitter(QObject):
    fired = Signal(object)


def test_signal_deliveries_keep_references_to_none_and_true_balanced(qtbot) -> None:
    emitter = _Emitter()
    seen = 0

    def slot(value: object) -> None:
        nonlocal seen
        seen += 1

    emitter.fired.connect(slot)
    none_before, true_before = sys.getrefcount(None), sys.getrefcount(True)
    for _ in range(3000):
        emitter.fired.emit(None)
        emitter.fired.emit(True)
    assert seen == 6000
    # Small drift comes from unrelated objects; the bug lost one reference per delivery.
    assert sys.getrefcount(None) - none_before > -100
    assert sys.getrefcount(True) - true_before > -100
