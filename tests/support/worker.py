"""The worker held busy, as by a long sync: what a test needs to queue jobs behind it."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, Protocol


class Runner(Protocol):
    """ui/tasks.py `TaskRunner`, as far as holding it goes (not imported: Qt stays in ui/)."""

    def run(self, fn: Callable[[], Any]) -> Any: ...


@contextmanager
def worker_held(runner: Runner) -> Iterator[threading.Event]:
    """The runner busy with a blocking job until the event is set (or the block ends)."""
    release = threading.Event()
    started = threading.Event()

    def block() -> None:
        started.set()
        release.wait()

    runner.run(block)
    assert started.wait(10)
    try:
        yield release
    finally:
        release.set()
