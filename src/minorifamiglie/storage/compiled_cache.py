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

The INSERTs and UPDATEs of a flush are compiled apart, into a cache each mapper keeps (keyed by
dialect instance too): a sixth of an unlock's time went to compiling its audit row again.
`share_with_mappers` points those at the same cache. That attribute, `Mapper._compiled_cache`,
is SQLAlchemy's own, not a documented option; tests/unit/storage/test_compiled_cache.py fails
if a version of SQLAlchemy stops reading it (a flush would then only compile as before).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Hashable, Iterable
from typing import Any

from sqlalchemy.orm import Mapper

# More than the distinct statements a process runs (about 1,000, queries and flush statements
# together, in one worker of the test suite), so a process that keeps running compiles nothing
# twice.
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


def share_with_mappers(mappers: Iterable[Mapper[Any]]) -> None:
    """The flush statements (INSERT, UPDATE) of `mappers` compiled once per process, in SHARED."""
    for mapper in mappers:
        mapper._compiled_cache = SHARED
