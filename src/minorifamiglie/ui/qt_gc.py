"""Python's cyclic garbage collector, run on the Qt thread only.

Left to itself, the collector runs on whichever thread happens to allocate when its counters
cross their thresholds: most often the database worker, which allocates the most (SQLAlchemy
compiling a query, a bundle decoded). A cycle it collects there may hold a widget or another
QObject that Python owns, and PySide then destroys the C++ object on the worker thread, which
Qt forbids: the heap is corrupted and the process dies later, somewhere unrelated (a crash in
a worker's query compilation, or in the collector on the Qt thread, seen in the test suite).

So while the application runs, automatic collection is off, and a timer on the Qt thread does
what the collector would have done, with the same thresholds: a generation is collected when
its count passes its threshold, as `gc` itself decides (the recipe PyQt applications use). The
worker then never frees a cycle; what it frees by reference counting is the runner's concern
(ui/tasks.py keeps callbacks and tracebacks for the Qt thread)."""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

# How often the counters are looked at. A collection of the youngest generation takes well
# under a millisecond; the oldest, a few milliseconds on a full window, and only when due.
CHECK_MS = 500


class QtThreadCollector(QObject):
    """Turns automatic collection off while started, and collects from a timer of the thread
    that made it (the Qt thread). `stop` collects what is due, on that thread, and gives
    automatic collection back if it was on when `start` took it (so call it once the workers
    are gone)."""

    def __init__(self, parent: QObject | None = None, interval_ms: int = CHECK_MS) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.check)
        self._was_enabled = False
        self._started = False

    def start(self) -> None:
        if self._started:
            return
        self._started = True
        self._was_enabled = gc.isenabled()
        gc.disable()
        self._timer.start()

    def stop(self) -> None:
        if not self._started:
            return
        self._started = False
        self._timer.stop()
        self.check()
        if self._was_enabled:
            gc.enable()

    def check(self) -> None:
        """Collect each generation whose count has passed its threshold, youngest first."""
        counts = gc.get_count()
        thresholds = gc.get_threshold()
        for generation in range(3):
            if thresholds[generation] == 0 or counts[generation] <= thresholds[generation]:
                break
            gc.collect(generation)
