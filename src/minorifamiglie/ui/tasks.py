"""One serialized worker for all database, file and crypto work (Anki's taskman, Electrum's
TaskThread): the Qt thread submits callables and gets results back by signal, never waits.

The callables and their callbacks stay registered on the Qt thread until the result has been
delivered, so the worker never holds the last reference to anything: a closure over a widget is
always released on the Qt thread (PySide would otherwise delete the widget on the worker).

Questions to the file system that a screen asks before it can go on (is this folder there, does
this file exist, the bytes of a file chosen to attach) go to `FileTasks` instead: see there."""

from __future__ import annotations

import itertools
import logging
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, TypeVar

import shiboken6

from PySide6.QtCore import QObject, Signal, Slot

T = TypeVar("T")
log = logging.getLogger(__name__)

_Entry = tuple[
    Callable[[], Any], Callable[[Any], None] | None, Callable[[BaseException], None] | None
]


def receiver_gone(callback: Callable[..., None] | None) -> bool:
    """Whether `callback` is a method of a Qt object whose C++ side is deleted: delivering to
    it would touch deleted widgets. Only a last safety net for the jobs no screen owns (the
    controller's, the main window's): it cannot see through a closure. Screens bind their
    callbacks to their lifetime with ui/operations.py."""
    owner = getattr(callback, "__self__", None)
    return isinstance(owner, QObject) and not shiboken6.isValid(owner)


def _drop_tracebacks(error: BaseException) -> None:
    """Drop the tracebacks of `error` and of the errors it was raised from or during. A
    traceback holds the frames the job ran through, and a frame holds its function, whose
    closure holds what the job refers to (a widget, a dialog): even an emptied frame would keep
    them alive for as long as the error lives."""
    seen: set[int] = set()
    pending: list[BaseException] = [error]
    while pending:
        current = pending.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        current.__traceback__ = None
        pending += [e for e in (current.__cause__, current.__context__) if e is not None]


class TaskRunner(QObject):
    """Runs tasks one at a time on a single worker thread, in submission order."""

    taskFinished = Signal(int, object, object)  # token, result, error
    busyChanged = Signal(bool)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="db")
        self._tokens = itertools.count(1)
        self._entries: dict[int, _Entry] = {}
        self._lock = threading.Lock()
        self.taskFinished.connect(self._deliver)

    def run(
        self,
        fn: Callable[[], T],
        on_done: Callable[[T], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
    ) -> Future[T]:
        token = next(self._tokens)
        with self._lock:
            self._entries[token] = (fn, on_done, on_error)
            first = len(self._entries) == 1
        if first:
            self.busyChanged.emit(True)
        return self._submit(token)

    def _submit(self, token: int) -> Future[Any]:
        future = self._pool.submit(self._job, token)

        def finished(done: Future[Any]) -> None:
            if done.cancelled():
                self._dropped(token)

        future.add_done_callback(finished)
        return future

    def _dropped(self, token: int) -> None:
        """A job cancelled before the worker started it (`Future.cancel()`, on the Qt thread:
        see ui/operations.py): it never runs, and its callbacks are released here."""
        with self._lock:
            entry = self._entries.pop(token, None)
            idle = not self._entries
        del entry
        if idle:
            self.busyChanged.emit(False)

    def _job(self, token: int) -> Any:
        with self._lock:
            fn = self._entries[token][0]
        try:
            result = fn()
        except BaseException as exc:
            del fn
            # Whichever thread drops the error last (the worker, with the future, or the Qt
            # thread after delivery) would release what its traceback holds: the job's
            # closures, and the widgets they refer to. Dropped now, while the entry still
            # holds the job, so they are released on the Qt thread with the entry. (The
            # error's type and message are what the screens show; nothing reads the trace.)
            _drop_tracebacks(exc)
            self.taskFinished.emit(token, None, exc)
            raise
        del fn
        self.taskFinished.emit(token, result, None)
        return result

    @Slot(int, object, object)
    def _deliver(self, token: int, result: Any, error: Any) -> None:
        with self._lock:
            entry = self._entries.pop(token, None)
            idle = not self._entries
        if entry is None:
            return
        _fn, on_done, on_error = entry
        try:
            if receiver_gone(on_done if error is None else on_error):
                return  # its window was closed meanwhile: nothing left to show the result in
            if error is not None:
                if on_error is not None:
                    on_error(error)
                else:
                    log.error("background task failed: %s", type(error).__name__)
            elif on_done is not None:
                on_done(result)
        finally:
            if idle:
                self.busyChanged.emit(False)

    @property
    def busy(self) -> bool:
        with self._lock:
            return bool(self._entries)

    def wait_idle(self) -> None:
        """Block until queued work is done: only for shutdown and tests."""
        self._pool.submit(lambda: None).result()

    def shutdown(self) -> None:
        self._pool.shutdown(wait=True)


class FileTasks(TaskRunner):
    """Short file-system jobs for the screens, each on a daemon thread of its own.

    A folder on a network share that went away, or on a USB stick pulled out, can keep a
    `stat()` waiting for tens of seconds. Not on the Qt thread: the window would freeze. Not on
    the database worker either: it runs one job at a time, in order, so every page's reads
    would queue behind the check. And not on a pool: a job stuck on a dead share would hold a
    pool thread for good, every check after it would queue behind it, and Python joins a
    pool's threads at exit, so the application could not even quit. A thread per job costs a
    fraction of a millisecond, holds only itself when it hangs, and does not keep the process
    alive. Jobs run at once and in parallel; callers that must not ask twice keep one in flight.

    What a job gets is paths and strings, never a widget; its callbacks are delivered on the
    Qt thread, as the worker's, and dropped when their object was deleted meanwhile. Work that
    needs the database (writing an export, saving an attachment) stays on the worker."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._running: set[Future[Any]] = set()

    def _submit(self, token: int) -> Future[Any]:
        future: Future[Any] = Future()
        future.set_running_or_notify_cancel()
        self._running.add(future)
        future.add_done_callback(self._running.discard)

        def work() -> None:
            try:  # a RuntimeError too: the application quit while the share was slow
                future.set_result(self._job(token))
            except BaseException as exc:
                future.set_exception(exc)

        threading.Thread(target=work, name="file-task", daemon=True).start()
        return future

    def wait_idle(self) -> None:
        """Block until the jobs started so far have answered: only for tests."""
        for future in list(self._running):
            future.exception()

    def shutdown(self) -> None:
        """Nothing to wait for: a job stuck on a dead share must not keep the application."""


_shared: dict[str, FileTasks] = {}


def file_tasks() -> FileTasks:
    """The application's FileTasks (made on first use, on the Qt thread, owned by the
    application object)."""
    from PySide6.QtCore import QCoreApplication

    tasks = _shared.get("files")
    if tasks is None or not shiboken6.isValid(tasks):
        tasks = _shared["files"] = FileTasks(QCoreApplication.instance())
    return tasks
