"""The unlocked profile as the GUI sees it: only touched from tasks on the worker thread."""

from __future__ import annotations

import importlib
import logging
import weakref
from collections.abc import Callable
from concurrent.futures import Future
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from PySide6.QtCore import QObject, Signal

from minorifamiglie.domain.changes import Changes
from minorifamiglie.ui.tasks import TaskRunner, receiver_gone

if TYPE_CHECKING:
    from minorifamiglie.storage.profile import OpenProfile

T = TypeVar("T")
log = logging.getLogger(__name__)

# Reads queued on the worker right behind the unlock, so that they run while the Qt thread is
# still building the main window: by name, "module:function(opened)", imported on the worker.
# The page that needs one takes its result with `take()` instead of asking again.
UNLOCK_READS = {"today": "minorifamiglie.ui.pages.today:prefetch"}


# What the unlock and the main window need imported. Imported on the worker: by the application
# while the passphrase is typed, and by the unlock itself while the key is being derived (the
# derivation runs in a thread of its own and leaves Python's lock free), so a passphrase typed
# at once still does not pay for them after the key.
WARM_UP_MODULES = (
    "minorifamiglie.services.profiles",
    "minorifamiglie.services.agenda",
    "minorifamiglie.services.deadlines",
    "minorifamiglie.services.drafts",
    "minorifamiglie.storage.migrate",
    "minorifamiglie.ui.main_window",
    "minorifamiglie.ui.pages.today",
    "minorifamiglie.ui.pages.cases",
    "minorifamiglie.ui.pages.calendar",
    "minorifamiglie.ui.pages.families",
    "minorifamiglie.ui.pages.deadlines",
    "minorifamiglie.ui.pages.sync",
    "minorifamiglie.ui.pages.conflicts",
    "minorifamiglie.ui.pages.team",
    "minorifamiglie.ui.case_file.view",
    "minorifamiglie.ui.visit_editor",
)


def warm_up() -> None:
    """Import WARM_UP_MODULES (on the worker: no widget is made); cheap once done."""
    for module in WARM_UP_MODULES:
        importlib.import_module(module)


class _Prefetch:
    """A read queued at unlock, and who takes its result. Results are delivered in the order
    the worker ran the jobs, so it always arrives after the unlock's own result: a taker is
    one called from the unlock's `on_done`, and is called back when the read arrives."""

    def __init__(self) -> None:
        self.waiting: tuple[Callable[[Any], None], Callable[[BaseException], None]] | None = None


class _Query(Protocol):
    """A read cancelled at lock: ui/operations.py `QueryOperation` (not imported: it uses this)."""

    def cancel(self) -> None: ...


class LockedError(Exception):
    """A task ran after the profile was locked."""


class Workspace(QObject):
    """Holds the OpenProfile (and with it the key) between unlock and lock.

    UI code never touches `opened` directly: it calls `call(fn, ...)` (reads) or
    `write(fn, ...)` where `fn(opened)` runs on the single worker, and gets the result back on
    the Qt thread. After any job whose transactions committed a write (a read that recorded a
    view too), `changesApplied` announces the tables storage reported (domain/changes.py:
    nobody declares them), so every page decides what to reload: it asks
    `changes.touches(service.SOURCES)` of the services it shows."""

    changesApplied = Signal(object)  # Changes, never empty

    def __init__(self, root: Path, runner: TaskRunner, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.root = root
        self.runner = runner
        self._opened: OpenProfile | None = None
        # The main window turns it off when it will not show Oggi first (a case file was open).
        self.prefetch_on_unlock = True
        self._prefetched: dict[str, _Prefetch] = {}
        self._queries: weakref.WeakSet[_Query] = weakref.WeakSet()

    @property
    def unlocked(self) -> bool:
        return self._opened is not None

    def call(
        self,
        fn: Callable[[OpenProfile], T],
        on_done: Callable[[T], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
    ) -> Future[T]:
        """`fn(opened)` on the worker; its result to `on_done` (its error to `on_error`) on
        the Qt thread, and then, when its transactions committed a write (even if it failed
        after one), `changesApplied` with the tables storage reported."""
        taken: list[Changes] = []

        def job() -> T:
            opened = self._opened
            if opened is None:
                raise LockedError
            try:
                return fn(opened)
            finally:
                taken.append(opened.take_changes())

        def done(result: T) -> None:
            try:
                if on_done is not None and not receiver_gone(on_done):
                    on_done(result)
            finally:
                self._announce(taken)

        def failed(error: BaseException) -> None:
            try:
                if on_error is None:
                    log.error("background task failed: %s", type(error).__name__)
                elif not receiver_gone(on_error):
                    on_error(error)
            finally:
                self._announce(taken)

        return self.runner.run(job, done, failed)

    def write(
        self,
        fn: Callable[[OpenProfile], T],
        on_done: Callable[[T], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
    ) -> Future[T]:
        """A job that writes: as `call` (what it wrote is announced the same way); a write is
        never dropped, while a `QueryOperation` may cancel a read still queued."""
        return self.call(fn, on_done, on_error)

    def _announce(self, taken: list[Changes]) -> None:
        if taken and taken[0]:
            self.changesApplied.emit(taken[0])

    def unlock(
        self,
        passphrase: str,
        on_done: Callable[[Any], None],
        on_error: Callable[[BaseException], None],
    ) -> None:
        ahead = _derivation_ahead(self.root, passphrase)

        def job() -> Any:
            if ahead is not None:
                warm_up()  # while the key is derived
            from minorifamiglie.services import profiles

            opened = profiles.unlock(self.root, passphrase, ahead=ahead)
            opened.take_changes()  # its audit events: the window built now reads everything
            self._opened = opened
            return profiles.info(opened)

        def unlocked(info: Any) -> None:
            try:
                on_done(info)
            finally:
                # Only the window built on this unlock takes them: a read left untaken would
                # be stale for anyone later. Those taken are delivered when they arrive (a write
                # queued meanwhile is announced after them, and the page reads again).
                for name in [n for n, e in self._prefetched.items() if e.waiting is None]:
                    del self._prefetched[name]

        self.runner.run(job, unlocked, on_error)
        self._forget_prefetched()
        if self.prefetch_on_unlock:
            for name, target in UNLOCK_READS.items():
                self._prefetch(name, target)

    def _forget_prefetched(self) -> None:
        for entry in self._prefetched.values():
            entry.waiting = None  # nobody is called after a lock
        self._prefetched.clear()

    def _prefetch(self, name: str, target: str) -> None:
        module, function = target.split(":")
        entry = self._prefetched[name] = _Prefetch()

        def read(opened: OpenProfile) -> Any:
            return getattr(importlib.import_module(module), function)(opened)

        def done(value: Any) -> None:
            self._arrived(name, entry, value, None)

        def failed(error: BaseException) -> None:
            self._arrived(name, entry, None, error)

        self.call(read, done, failed)

    def _arrived(
        self, name: str, entry: _Prefetch, value: Any, error: BaseException | None
    ) -> None:
        if entry.waiting is None:
            return  # nobody took it on unlock, or a lock came first
        on_done, on_error = entry.waiting
        entry.waiting = None
        if self._prefetched.get(name) is entry:
            del self._prefetched[name]
        if error is None:
            on_done(value)
        else:
            on_error(error)

    def take(
        self,
        name: str,
        on_done: Callable[[Any], None],
        on_error: Callable[[BaseException], None],
    ) -> bool:
        """Hand the read `name` queued behind the unlock to `on_done` when it arrives; only
        from the unlock's `on_done` (later it is gone). False when there is none to take."""
        entry = self._prefetched.get(name)
        if entry is None or entry.waiting is not None:
            return False
        entry.waiting = (on_done, on_error)
        return True

    def track_query(self, query: _Query) -> None:
        """`query` is cancelled when the profile locks (ui/operations.py)."""
        self._queries.add(query)

    def lock(self, on_done: Callable[[None], None] | None = None) -> None:
        self._forget_prefetched()
        for query in list(self._queries):
            query.cancel()  # a read queued before the lock is not run, nor delivered

        def job() -> None:
            if self._opened is not None:
                self._opened.close()
                self._opened = None

        self.runner.run(job, on_done)


def _derivation_ahead(root: Path, passphrase: str) -> Any:
    """The passphrase's Argon2id derivation started at once in a thread of its own, so that it
    overlaps whatever the worker is still doing (importing the database layer right after
    start-up); None when profile.json cannot be read here, and the unlock reports why."""
    from minorifamiglie.storage.keyfile import DerivationAhead, read_keyfile

    try:
        keyfile = read_keyfile(root / "profile.json")
    except Exception:  # damaged, missing, busy: the unlock on the worker names the problem
        return None
    return DerivationAhead(keyfile.kdf, passphrase)
