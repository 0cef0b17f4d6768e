"""Operations: how a screen asks the worker for something and gets the answer back (§5).

A screen owns its operations, as it owns its widgets. Their callbacks are called on the Qt
thread only while the owner still exists: an operation is a child QObject of its owner, so Qt
deletes it with the owner, and a result that arrives later is dropped without a word. Methods
are held weakly (a queued job keeps no widget alive on the Python side).

- `QueryOperation`, for reads: the latest wins. A newer `run` supersedes the older ones: their
  results are never delivered, and a job still queued on the worker is dropped, not run (a read
  asked while a long sync holds the worker does not queue behind it a second time). `cancel()`
  forgets the read in flight: a page calls it in `clear()` and when visit mode hides what it
  shows; the workspace cancels every query when the profile locks.
- `WriteOperation`, for writes: never dropped once submitted (a write must run), several may be
  queued; only the delivery of their callbacks depends on the owner (and on `forget()`).

`run` goes through the workspace (`fn(opened)` on the worker); `run_on(runner, fn)` runs a job
that needs no profile on another runner (the application's `file_tasks()`, the About dialog's
runner)."""

from __future__ import annotations

import weakref
from collections.abc import Callable
from concurrent.futures import Future
from typing import TYPE_CHECKING, Any, TypeVar

import shiboken6

from PySide6.QtCore import QObject

from minorifamiglie.ui.tasks import TaskRunner

if TYPE_CHECKING:
    from minorifamiglie.storage.profile import OpenProfile
    from minorifamiglie.ui.workspace import Workspace

T = TypeVar("T")
Callback = Callable[[Any], None]

__all__ = ["QueryOperation", "WriteOperation"]


def _held(callback: Callback) -> Callable[[], Callback | None]:
    """A bound method weakly (it dies with its object), anything else as it is."""
    if hasattr(callback, "__self__") and hasattr(callback, "__func__"):
        return weakref.WeakMethod(callback)
    return lambda: callback


class _Operation(QObject):
    def __init__(self, owner: QObject, workspace: Workspace | None = None) -> None:
        super().__init__(owner)  # deleted by Qt with its owner
        self._workspace = workspace

    def _bind(self, callback: Callback | None, current: Callable[[], bool]) -> Callback | None:
        """`callback`, called only while the owner exists and `current()` holds. None stays
        None: the runner then logs a failure nobody handles."""
        if callback is None:
            return None
        target = _held(callback)

        def deliver(value: Any) -> None:
            if not shiboken6.isValid(self) or not current():
                return
            fn = target()
            if fn is not None:
                fn(value)

        return deliver

    def _profile_runner(self) -> Workspace:
        if self._workspace is None:
            raise TypeError("this operation was made without a workspace: use run_on")
        return self._workspace


class QueryOperation(_Operation):
    """A read whose latest request wins (see the module)."""

    def __init__(self, owner: QObject, workspace: Workspace | None = None) -> None:
        super().__init__(owner, workspace)
        self._ticket = 0
        self._future: Future[Any] | None = None
        if workspace is not None:
            workspace.track_query(self)

    def run(
        self,
        fn: Callable[[OpenProfile], T],
        on_done: Callable[[T], None],
        on_error: Callable[[BaseException], None] | None = None,
    ) -> None:
        """Read `fn(opened)` on the worker; `on_done(result)` unless superseded meanwhile."""
        workspace = self._profile_runner()
        self._start(lambda done, failed: workspace.call(fn, done, failed), on_done, on_error)

    def run_on(
        self,
        runner: TaskRunner,
        fn: Callable[[], T],
        on_done: Callable[[T], None],
        on_error: Callable[[BaseException], None] | None = None,
    ) -> None:
        """Like `run`, for a job that needs no profile, on `runner`."""
        self._start(lambda done, failed: runner.run(fn, done, failed), on_done, on_error)

    def expect(
        self,
        on_done: Callable[[T], None],
        on_error: Callable[[BaseException], None],
    ) -> tuple[Callable[[T], None], Callable[[BaseException], None]]:
        """Callbacks for a read that arrives by another way (the one queued at unlock, see
        `Workspace.take`): it supersedes the read in flight as `run` does, and they are called
        only while it is still the latest."""
        self.cancel()
        ticket = self._ticket
        done = self._bind(on_done, lambda: self._ticket == ticket)
        failed = self._bind(on_error, lambda: self._ticket == ticket)
        assert done is not None and failed is not None
        return done, failed

    def cancel(self) -> None:
        """Forget the read in flight: its result is not delivered, and if the worker has not
        started it yet it does not run at all."""
        self._ticket += 1
        future, self._future = self._future, None
        if future is not None:
            future.cancel()  # False when it already runs: then only its delivery is dropped

    def _start(
        self,
        submit: Callable[[Callback, Callback | None], Future[Any]],
        on_done: Callback,
        on_error: Callback | None,
    ) -> None:
        self.cancel()
        ticket = self._ticket

        def current() -> bool:
            return self._ticket == ticket

        done = self._bind(on_done, current)
        assert done is not None
        future = submit(done, self._bind(on_error, current))
        self._future = future


class WriteOperation(_Operation):
    """Writes, never dropped; their callbacks reach the owner only while it exists, and not
    after `forget()` (a controller stopped at lock: the sync it started still runs to its end)."""

    def __init__(self, owner: QObject, workspace: Workspace | None = None) -> None:
        super().__init__(owner, workspace)
        self._session = 0

    def forget(self) -> None:
        """The writes submitted so far still run; their results are no longer delivered."""
        self._session += 1

    def _current(self) -> Callable[[], bool]:
        session = self._session
        return lambda: self._session == session

    def run(
        self,
        fn: Callable[[OpenProfile], T],
        on_done: Callable[[T], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
    ) -> Future[T]:
        """`workspace.write(fn, on_done, on_error)` with the callbacks bound to the owner."""
        workspace = self._profile_runner()
        current = self._current()
        return workspace.write(fn, self._bind(on_done, current), self._bind(on_error, current))

    def run_on(
        self,
        runner: TaskRunner,
        fn: Callable[[], T],
        on_done: Callable[[T], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
    ) -> Future[T]:
        """A job that must run whatever the screen does meanwhile, on `runner`."""
        current = self._current()
        return runner.run(fn, self._bind(on_done, current), self._bind(on_error, current))
