"""One serialized worker for all database, file and crypto work (Anki's taskman, Electrum's
TaskThread): the Qt thread submits callables and gets results back by signal, never waits."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, TypeVar

from PySide6.QtCore import QObject, Signal, Slot

T = TypeVar("T")
log = logging.getLogger(__name__)


class TaskRunner(QObject):
    """Runs tasks one at a time on a single worker thread, in submission order."""

    taskFinished = Signal(object, object, object)  # callback, result, error
    busyChanged = Signal(bool)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="db")
        self._pending = 0
        self._lock = threading.Lock()
        self.taskFinished.connect(self._deliver)

    def run(
        self,
        fn: Callable[[], T],
        on_done: Callable[[T], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
    ) -> Future[T]:
        self._pending += 1
        if self._pending == 1:
            self.busyChanged.emit(True)

        def job() -> T:
            try:
                result = fn()
            except BaseException as exc:
                self.taskFinished.emit((on_done, on_error), None, exc)
                raise
            self.taskFinished.emit((on_done, on_error), result, None)
            return result

        return self._pool.submit(job)

    @Slot(object, object, object)
    def _deliver(self, callbacks: Any, result: Any, error: Any) -> None:
        on_done, on_error = callbacks
        self._pending -= 1
        if self._pending == 0:
            self.busyChanged.emit(False)
        if error is not None:
            if on_error is not None:
                on_error(error)
            else:
                log.error("background task failed: %s", type(error).__name__)
            return
        if on_done is not None:
            on_done(result)

    @property
    def busy(self) -> bool:
        return self._pending > 0

    def wait_idle(self) -> None:
        """Block until queued work is done: only for shutdown and tests."""
        self._pool.submit(lambda: None).result()

    def shutdown(self) -> None:
        self._pool.shutdown(wait=True)
