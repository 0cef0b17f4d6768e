"""One cache of compiled SQL for every engine of the process.

SQLAlchemy turns each statement into SQL text once and keeps the result in the engine's own
cache, keyed by the statement and by the dialect *instance*. Every unlock makes a new engine
(storage/database.py), so a process compiled every statement again for each profile it opened:
the GUI after an auto-lock, a sync that opens a restored copy, and the tests, which open
thousands of profiles (compiling was about an eighth of their time).

Every engine of the application is made by `open_engine` with the same arguments over the same
driver, so their dialects are the same kind. This cache keys the compiled statements by that
kind (the dialect's class and the SQLite version it found) in place of the instance, which is
how SQLAlchemy's author suggests sharing a cache among engines once one knows their dialects
are alike (sqlalchemy issue 5002). It is handed to the engines as their `compiled_cache`
execution option, a documented one; SQLAlchemy reads it with `get` and fills it with item
assignment. Bounded: the least recently used statements go first.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Hashable
from typing import Any

# More than the distinct statements a process runs (about 900 in one worker of the test suite),
# so a process that keeps running does not compile anything twice.
CAPACITY = 2_000


def _kind(key: tuple[Any, ...]) -> tuple[Hashable, ...]:
    """SQLAlchemy's key with the dialect instance (its first item) replaced by its kind."""
    dialect = key[0]
    return (type(dialect), dialect.server_version_info, *key[1:])


class CompiledCache:
    """A bounded least-recently-used mapping, shared by threads (each engine is used from the
    database worker, the tests from theirs), keyed by dialect kind."""

    def __init__(self, capacity: int = CAPACITY) -> None:
        self._capacity = capacity
        self._entries: OrderedDict[Hashable, Any] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: tuple[Any, ...], default: Any = None) -> Any:
        kind = _kind(key)
        with self._lock:
            try:
                value = self._entries[kind]
            except KeyError:
                return default
            self._entries.move_to_end(kind)
            return value

    def __setitem__(self, key: tuple[Any, ...], value: Any) -> None:
        kind = _kind(key)
        with self._lock:
            self._entries[kind] = value
            self._entries.move_to_end(kind)
            while len(self._entries) > self._capacity:
                self._entries.popitem(last=False)

    def __len__(self) -> int:
        return len(self._entries)


SHARED = CompiledCache()
