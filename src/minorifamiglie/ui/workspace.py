"""The unlocked profile as the GUI sees it: only touched from tasks on the worker thread."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtCore import QObject, Signal

from minorifamiglie.ui.tasks import TaskRunner

if TYPE_CHECKING:
    from minorifamiglie.storage.profile import OpenProfile

T = TypeVar("T")


class LockedError(Exception):
    """A task ran after the profile was locked."""


class Workspace(QObject):
    """Holds the OpenProfile (and with it the key) between unlock and lock.

    UI code never touches `opened` directly: it calls `call(fn, ...)` (reads) or
    `write(fn, ..., changes=...)` where `fn(opened)` runs on the single worker, and gets the
    result back on the Qt thread. After a write, `changesApplied` names what changed
    (table names such as "cases", "visits"), so every page decides what to reload."""

    changesApplied = Signal(object)  # frozenset[str]

    def __init__(self, root: Path, runner: TaskRunner, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.root = root
        self.runner = runner
        self._opened: OpenProfile | None = None

    @property
    def unlocked(self) -> bool:
        return self._opened is not None

    def call(
        self,
        fn: Callable[[OpenProfile], T],
        on_done: Callable[[T], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
    ) -> Future[T]:
        def job() -> T:
            if self._opened is None:
                raise LockedError
            return fn(self._opened)

        return self.runner.run(job, on_done, on_error)

    def write(
        self,
        fn: Callable[[OpenProfile], T],
        on_done: Callable[[T], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
        *,
        changes: frozenset[str] | set[str] = frozenset(),
    ) -> Future[T]:
        """Like `call`, then announce `changes` once the result is delivered."""
        changed = frozenset(changes)

        def done(result: T) -> None:
            if on_done is not None:
                on_done(result)
            self.changesApplied.emit(changed)

        return self.call(fn, done, on_error)

    def unlock(
        self,
        passphrase: str,
        on_done: Callable[[Any], None],
        on_error: Callable[[BaseException], None],
    ) -> None:
        ahead = _derivation_ahead(self.root, passphrase)

        def job() -> Any:
            from minorifamiglie.services import profiles

            opened = profiles.unlock(self.root, passphrase, ahead=ahead)
            self._opened = opened
            return profiles.info(opened)

        self.runner.run(job, on_done, on_error)

    def lock(self, on_done: Callable[[None], None] | None = None) -> None:
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
