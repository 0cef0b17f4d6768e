"""The SQLCipher engine: keyed with the raw master key in the connection hook.

The key goes in as `x'…'` hex built from bytes (never a passphrase formatted into SQL), so opening
a connection costs no KDF. `temp_store=MEMORY` keeps sorts and temp tables off the disk, where
SQLCipher would otherwise write readable rows; `cipher_log_level=NONE` keeps a wrong key quiet.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import sqlcipher3
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.pool import QueuePool

from minorifamiglie.domain.errors import (
    DiskFullError,
    IntegrityError,
    ProfileBusyError,
    ProfileError,
    StorageUnreachableError,
)
from minorifamiglie.domain.text_fold import fold
from minorifamiglie.storage import compiled_cache

# How long a writer waits for another process's write to end before ProfileBusyError.
BUSY_TIMEOUT_MS = 10_000
# Execution options read when a transaction begins: a read (see `read_only`), and how long a
# write waits for the lock (milliseconds; BUSY_TIMEOUT_MS when not given).
READ_ONLY = "minorifamiglie_read_only"
BUSY_MS = "minorifamiglie_busy_ms"
_SQLITE_BUSY, _SQLITE_LOCKED = 5, 6
# The disk is full; the file could not be opened, or read or written by the system.
_SQLITE_FULL, _SQLITE_CANTOPEN, _SQLITE_IOERR, _SQLITE_READONLY = 13, 14, 10, 8


def _key_pragma(master_key: bytes) -> str:
    if len(master_key) != 32:
        raise ValueError("master key must be 32 bytes")
    return f"PRAGMA key = \"x'{master_key.hex()}'\""


# The page cache of a read-write connection, in KiB (a negative cache_size). SQLCipher's default,
# 8,000 KiB, holds less than the cases, persons and their indexes of a large profile: the case
# list then rereads and decrypts the same pages and grows faster than the profile (1.3-2.0 s at
# 10,000 cases against 0.3 s with 64 MiB). 64 MiB holds that working set at 10,000 cases; SQLite
# fills the cache only as pages are read, so a small profile uses what it reads and no more, and
# the engine's two pooled connections stay within 128 MiB at worst.
CACHE_KIB = 64 * 1024

# After the key, for connections that read and write (WAL, foreign keys, free pages wiped).
_READ_WRITE = (
    "PRAGMA journal_mode = WAL",
    "PRAGMA foreign_keys = ON",
    "PRAGMA synchronous = NORMAL",
    "PRAGMA secure_delete = ON",
    f"PRAGMA cache_size = -{CACHE_KIB}",
)
# Or, for a connection that only looks (its journal mode left as it is).
_READ_ONLY = ("PRAGMA query_only = ON",)


# SQLite opens no file whose full path is longer (SQLITE_MAX_PATHNAME, its -wal's name
# included): said as such, not as a disk that went away
MAX_PATH_BYTES = 512 - len("-wal")


def _connect(path: Path, master_key: bytes, pragmas: tuple[str, ...]) -> sqlcipher3.Connection:
    """One keyed DB-API connection; the key is checked by reading the schema before `pragmas`."""
    if len(os.fsencode(path.absolute())) > MAX_PATH_BYTES:
        raise ProfileError(
            f"Il percorso del profilo è troppo lungo ({len(str(path.absolute()))} caratteri, "
            f"al massimo circa {MAX_PATH_BYTES}): spostarlo in una cartella dal percorso più "
            "corto"
        )
    try:
        conn = sqlcipher3.connect(
            str(path), timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None, check_same_thread=False
        )
    except sqlcipher3.DatabaseError as exc:
        _raise_if_system(exc, path=path)
        raise
    try:
        conn.execute("PRAGMA cipher_log_level = NONE")  # quiet on a wrong key
        conn.execute(_key_pragma(master_key))
        conn.execute("PRAGMA temp_store = MEMORY")  # sorts and temp tables never on disk
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        for pragma in pragmas:
            conn.execute(pragma)
        register_functions(conn)
    except sqlcipher3.DatabaseError as exc:
        conn.close()
        if is_busy(exc):  # another process is writing: not a wrong key, not damage
            raise ProfileBusyError() from None
        _raise_if_system(exc, connecting=True, path=path)  # a full disk, an unreadable folder
        raise IntegrityError(
            "Il database non si apre con la chiave del profilo: è danneggiato o non è suo"
        ) from None
    return conn


# How many folded texts a connection remembers (names with their codice fiscale, codes with
# titles: about four per case). Past it the memory starts again, so it stays a few MB.
FOLD_MEMORY = 200_000


def _folder() -> Callable[[object], str | None]:
    """`fold` for one connection, remembering what it folded: a search scans every person's
    name, and the same names come back at every key typed. Measured on 10,000 cases: folding
    every name again took 200 of a search's 260 ms; looking it up, 25. The memory dies with
    the connection, so nothing of it outlives the lock."""
    memory: dict[str, str] = {}

    def _fold(value: object) -> str | None:
        if value is None:
            return None
        text = str(value)
        folded = memory.get(text)
        if folded is None:
            if len(memory) >= FOLD_MEMORY:
                memory.clear()
            folded = memory[text] = fold(text)
        return folded

    return _fold


def register_functions(conn: sqlcipher3.Connection) -> None:
    """SQL functions the queries use: `fold(text)`, the search form of a text
    (domain/text_fold.py), so that "nicolo" finds Nicolò and "dangelo" D'Angelo."""
    conn.create_function("fold", 1, _folder(), deterministic=True)


def connect_raw(path: Path, master_key: bytes) -> sqlcipher3.Connection:
    """One keyed DB-API connection with the pragmas every connection needs."""
    return _connect(path, master_key, _READ_WRITE)


def page_checks(
    path: Path,
    master_key: bytes,
    opened: Callable[[sqlcipher3.Connection], None] | None = None,
) -> tuple[list[Any], list[Any]]:
    """SQLCipher's page check (every page's HMAC) and then, if it found nothing, SQLite's full
    integrity check, on a connection of their own (read only, in one read transaction, with
    SQLite's small default page cache): both run in C with the interpreter's lock released, so
    `check` runs them beside its own reading. A page that fails its HMAC leaves the second
    list empty: nothing more can be read on such a file."""
    conn = _connect(path, master_key, _READ_ONLY)
    if opened is not None:
        opened(conn)  # for the caller to interrupt it (`sqlite3_interrupt`, thread-safe)
    try:
        conn.execute("BEGIN")
        cipher = conn.execute("PRAGMA cipher_integrity_check").fetchall()
        pages = [] if cipher else conn.execute("PRAGMA integrity_check").fetchall()
        conn.execute("COMMIT")
    finally:
        conn.close()
    return cipher, pages


def is_busy(exc: BaseException) -> bool:
    """SQLITE_BUSY or SQLITE_LOCKED (any extended code): another connection holds the lock."""
    code = getattr(exc, "sqlite_errorcode", None)
    if isinstance(code, int):
        return code & 0xFF in (_SQLITE_BUSY, _SQLITE_LOCKED)
    return isinstance(exc, sqlcipher3.OperationalError) and "is locked" in str(exc)


def _code(exc: BaseException) -> int | None:
    code = getattr(exc, "sqlite_errorcode", None)
    return code & 0xFF if isinstance(code, int) else None


def is_disk_full(exc: BaseException) -> bool:
    """SQLITE_FULL: a write found no space; SQLite rolled its transaction back."""
    return _code(exc) == _SQLITE_FULL or "database or disk is full" in str(exc)


# Free space under which an I/O error beside the database is taken for a full disk: SQLite
# says SQLITE_FULL only when a write to the database itself finds no room; creating its WAL
# index or journal on a full disk fails as a plain I/O error, or as "unable to open".
_NEARLY_FULL = 1024 * 1024


def _full_beside(path: Path | None) -> bool:
    if path is None:
        return False
    try:
        return shutil.disk_usage(path.parent).free < _NEARLY_FULL
    except OSError:
        return False


def _raise_if_system(
    exc: BaseException, *, connecting: bool = False, path: Path | None = None
) -> None:
    """DiskFullError or StorageUnreachableError when the system, not the file's content,
    made `exc`: never reported as a damaged database (exit 4 means tampering). `connecting`:
    the first statements of a connection, where a database nobody may write (a read-only
    folder or mount: WAL mode writes beside it even to read) is the system's doing too; later,
    that error is a read-only transaction refusing a write, the application's own guard."""
    if is_disk_full(exc):
        raise DiskFullError() from None
    system = _code(exc) in (_SQLITE_CANTOPEN, _SQLITE_IOERR) or "unable to open" in str(exc)
    if system or (connecting and _code(exc) == _SQLITE_READONLY):
        if _full_beside(path):  # the disk full, said as such: freeing space is the cure
            raise DiskFullError() from None
        raise StorageUnreachableError() from None


def read_only(engine: Engine) -> Engine:
    """The same engine (pool, key, events) whose transactions only read: a deferred BEGIN
    under `query_only`, so they never take the write lock and a write inside one fails."""
    return engine.execution_options(**{READ_ONLY: True})


def open_engine(path: Path, master_key: bytes) -> Engine:
    """A SQLAlchemy engine over keyed connections. Writes take the lock up front
    (BEGIN IMMEDIATE), so the hash chains are extended by one writer at a time; reads
    (`read_only`) begin a deferred transaction that never takes it: under WAL a reader sees
    the snapshot of its first read and neither waits for writers nor makes them wait. A lock
    held by another process beyond the busy timeout ends in ProfileBusyError, never in the
    driver's OperationalError."""
    key = bytes(master_key)

    def creator() -> Any:
        return connect_raw(path, key)

    # module=: SQLAlchemy then wraps SQLCipher's errors in its own exception classes and reads
    # the SQLite version of SQLCipher, not of the standard library's sqlite3.
    engine = create_engine(
        "sqlite://",
        creator=creator,
        module=sqlcipher3,
        poolclass=QueuePool,
        pool_size=2,
        max_overflow=0,
        # Statements compiled once for every engine of the process (storage/compiled_cache.py).
        execution_options={"compiled_cache": compiled_cache.SHARED},
    )

    @event.listens_for(engine, "begin")
    def _begin(conn: Any) -> None:
        options = conn.get_execution_options()
        reading = bool(options.get(READ_ONLY))
        _set_once(conn, "query_only", int(reading))
        if reading:
            conn.exec_driver_sql("BEGIN")
            return
        _set_once(conn, "busy_timeout", int(options.get(BUSY_MS, BUSY_TIMEOUT_MS)))
        conn.exec_driver_sql("BEGIN IMMEDIATE")

    @event.listens_for(engine, "handle_error")
    def _busy(context: Any) -> None:
        if is_busy(context.original_exception):
            raise ProfileBusyError() from None
        _raise_if_system(context.original_exception, path=path)

    # Make sure the key is right before anyone uses the engine.
    with engine.connect():
        pass
    return engine


def _set_once(conn: Any, pragma: str, value: int) -> None:
    """Set a connection's pragma only when it changes: the pooled connection remembers it."""
    info = conn.connection.info  # lives as long as the DB-API connection
    if info.get(pragma) != value:
        conn.exec_driver_sql(f"PRAGMA {pragma} = {value}")
        info[pragma] = value


@contextlib.contextmanager
def reader_connection(path: Path, master_key: bytes) -> Iterator[sqlcipher3.Connection]:
    """A keyed connection that writes nothing: no journal-mode change, queries only. For
    looking at a database before deciding whether this version may open it at all."""
    conn = _connect_reader(path, master_key)
    try:
        yield conn
    finally:
        conn.close()


def _connect_reader(path: Path, master_key: bytes) -> sqlcipher3.Connection:
    return _connect(path, master_key, _READ_ONLY)


@contextlib.contextmanager
def raw_connection(path: Path, master_key: bytes) -> Iterator[sqlcipher3.Connection]:
    conn = connect_raw(path, master_key)
    try:
        yield conn
    finally:
        conn.close()


def copy_database(source: Path, dest: Path, master_key: bytes) -> None:
    """A consistent copy of the database through SQLite's online backup API, in one step (one
    read snapshot; writers go on under WAL). `dest` is keyed with the same master key, so its
    pages, like the source's, are never plaintext on disk. The source is only read (its
    journal mode too is left as it is: a profile copied before an upgrade stays unchanged)."""
    src = _connect_reader(source, master_key)
    try:
        out = sqlcipher3.connect(str(dest), isolation_level=None, check_same_thread=False)
        try:
            out.execute("PRAGMA cipher_log_level = NONE")
            out.execute(_key_pragma(master_key))
            out.execute("PRAGMA temp_store = MEMORY")
            src.backup(out)
            out.execute("PRAGMA journal_mode = DELETE")
        finally:
            out.close()
    finally:
        src.close()


# How many times `pinned_file` tries to begin a read whose snapshot is the main file alone before
# it gives up (writers keep committing, or another reader's old snapshot stops the checkpoint).
PIN_ATTEMPTS = 8


@contextlib.contextmanager
def pinned_file(
    source: Path, master_key: bytes, attempts: int = PIN_ATTEMPTS
) -> Iterator[int | None]:
    """While the block runs, the first N bytes of the file at `source` are one committed state
    of the database and do not change; N is yielded (None when no such read could be begun:
    then nothing is pinned and the caller copies another way). Those bytes are SQLCipher pages,
    ciphertext under `master_key`, so they can be copied as they are, without the backup API's
    decryption and re-encryption of every page.

    How: a read transaction whose snapshot holds no WAL frame that is not already in the main
    file. A checkpoint copies into the main file only frames every open snapshot already sees,
    and none at all while a reader ignores the WAL (SQLite's WAL_READ_LOCK(0)), so such a
    snapshot keeps the main file as it is until it ends. It is proved after the read began: a
    passive checkpoint from a second connection that reports the whole WAL copied into the main
    file (log == checkpointed) means every frame up to the newest commit, which is at or after
    this snapshot, is there, and no checkpoint can go past this snapshot while it lasts. In
    rollback-journal mode any read transaction pins the file (writers wait for it to end).
    Writers are never blocked: under WAL they go on appending to the WAL meanwhile."""
    reader = _connect_reader(source, master_key)
    try:
        yield _pin(reader, source, master_key, attempts)
    finally:
        reader.close()  # ends the read transaction, if one was begun


def _pin(reader: sqlcipher3.Connection, source: Path, key: bytes, attempts: int) -> int | None:
    try:
        (mode,) = reader.execute("PRAGMA journal_mode").fetchone()
        if str(mode).lower() != "wal":
            return _begin_read(reader, source)
        prober = _connect_reader(source, key)
        try:
            for _ in range(attempts):
                prober.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
                size = _begin_read(reader, source)
                busy, log, done = prober.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
                if size is not None and busy == 0 and log == done:
                    return size
                reader.execute("ROLLBACK")
        finally:
            prober.close()
    except sqlcipher3.DatabaseError as exc:
        if is_busy(exc):
            raise ProfileBusyError() from None
        raise
    return None


def _begin_read(reader: sqlcipher3.Connection, source: Path) -> int | None:
    """Begin a read transaction; the bytes its snapshot has (None if the file is shorter)."""
    reader.execute("BEGIN")
    reader.execute("SELECT count(*) FROM sqlite_master").fetchone()  # the snapshot starts here
    (pages,) = reader.execute("PRAGMA page_count").fetchone()
    (page_size,) = reader.execute("PRAGMA page_size").fetchone()
    size = int(pages) * int(page_size)
    return size if source.stat().st_size >= size else None


def library_versions() -> tuple[str, str]:
    """(SQLCipher, SQLite) versions of the driver the profiles are opened with, read from an
    in-memory connection: no file, no key."""
    conn = sqlcipher3.connect(":memory:")
    try:
        row = conn.execute("PRAGMA cipher_version").fetchone()
        (sqlite,) = conn.execute("SELECT sqlite_version()").fetchone()
    finally:
        conn.close()
    return (str(row[0]) if row else "", str(sqlite))
