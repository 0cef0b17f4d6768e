"""The snapshot a backup is made from: SQLite's backup API into a copy keyed with the same
master key, so not even the temporary copy holds a readable page."""

from __future__ import annotations

import datetime as dt
import hashlib
import subprocess
import sys
from pathlib import Path

import pytest

from minorifamiglie import portable
from minorifamiglie.domain.enums import Service
from minorifamiglie.domain.errors import IntegrityError
from minorifamiglie.services import cases
from minorifamiglie.storage.database import (
    copy_database,
    pinned_file,
    raw_connection,
    reader_connection,
)
from minorifamiglie.storage.profile import OpenProfile


def test_the_copy_is_encrypted_with_the_same_key_and_complete(
    opened: OpenProfile, tmp_path: Path
) -> None:
    cases.add_case(
        opened, ambito="VBR", service=Service.ADM, minor_name="Sara Locatelli",
        today=dt.date(2026, 11, 24),
    )  # fmt: skip
    copy = tmp_path / "copia.db"
    copy_database(opened.paths.database, copy, opened.master_key())
    raw = copy.read_bytes()
    assert not raw.startswith(b"SQLite format 3")
    assert b"Locatelli" not in raw
    assert not Path(f"{copy}-wal").exists() and not Path(f"{copy}-journal").exists()
    with raw_connection(copy, opened.master_key()) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        names = conn.execute("SELECT count(*) FROM persons").fetchone()
        assert names == (1,)
    with pytest.raises(IntegrityError), raw_connection(copy, bytes(32)):
        pass


# ------------------------------------------------------------------ the pinned main file

# Another process that commits a change to every row, then checkpoints, while the test holds a
# pinned read: the checkpoint must not write a byte of it into the main file being copied.
CHANGE_AND_CHECKPOINT = """
import sys
from pathlib import Path
from minorifamiglie.storage.database import raw_connection

key = bytes.fromhex(sys.stdin.readline().strip())
with raw_connection(Path(sys.argv[1]), key) as conn:
    conn.execute("BEGIN IMMEDIATE")
    conn.execute("UPDATE filler SET body = randomblob(3000), n = n + 1")
    conn.execute("COMMIT")
    busy, log, done = conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
    print(busy, log, done)
"""

KEY = bytes(range(32))
ROWS = 2000  # about 8 MiB of pages: more than a pipe and a chunk hold


def filled(path: Path) -> Path:
    with raw_connection(path, KEY) as conn:
        conn.execute("CREATE TABLE filler (id INTEGER PRIMARY KEY, n INTEGER, body BLOB)")
        conn.execute(
            "WITH RECURSIVE k(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM k WHERE i < ?) "
            "INSERT INTO filler SELECT i, 0, randomblob(3000) FROM k",
            (ROWS,),
        )
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return path


def state(path: Path) -> tuple[int, str]:
    with reader_connection(path, KEY) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        row = conn.execute("SELECT sum(n), group_concat(hex(body), '') FROM filler").fetchone()
    return int(row[0]), hashlib.sha256(row[1].encode()).hexdigest()


def copy_pinned(source: Path, size: int, target: Path) -> None:
    with portable.read_open_database(source, size) as src, target.open("wb") as out:
        while chunk := src.read(1 << 20):
            out.write(chunk)


def test_a_pinned_file_is_one_committed_state_while_another_process_writes_and_checkpoints(
    tmp_path: Path,
) -> None:
    # Given an encrypted database open in this process, its WAL checkpointed
    db = filled(tmp_path / "cartelle.db")
    with raw_connection(db, KEY) as live:  # as the open profile's engine holds it
        before = state(db)
        copy = tmp_path / "copia.db"
        # When its main file is pinned, and another process rewrites every row and checkpoints
        with pinned_file(db, KEY) as size:
            assert size is not None and size >= ROWS * 3000
            child = subprocess.run(
                [sys.executable, "-c", CHANGE_AND_CHECKPOINT, str(db)],
                input=KEY.hex() + "\n", capture_output=True, text=True, check=True,
            )  # fmt: skip
            busy, log, done = map(int, child.stdout.split())
            # (the checkpoint was held back: nothing of the new frames reached the main file)
            assert log > 0 and done == 0, (busy, log, done)
            # and the pinned bytes are copied while those frames wait in the WAL
            copy_pinned(db, size, copy)
        # Then the copy is exactly the state pinned, sound, and opens with the same key
        assert not copy.read_bytes().startswith(b"SQLite format 3")
        assert state(copy) == before
        # And the other process's change is in the live database, checkpointed once let go
        assert state(db)[0] == ROWS
        busy, log, done = live.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
        assert (busy, log) == (0, done)


def test_nothing_is_pinned_while_an_older_snapshot_holds_the_checkpoint_back(
    tmp_path: Path,
) -> None:
    # Given a reader holding a snapshot older than the last commit (its frames not yet in the
    # main file, and a checkpoint cannot copy them while that reader lasts)
    db = filled(tmp_path / "cartelle.db")
    with raw_connection(db, KEY) as old, raw_connection(db, KEY) as writer:
        old.execute("BEGIN")
        old.execute("SELECT count(*) FROM filler").fetchone()
        writer.execute("UPDATE filler SET n = 1 WHERE id = 1")
        # When the main file is to be pinned, no snapshot of the main file alone can be had
        with pinned_file(db, KEY) as size:
            assert size is None
        old.execute("ROLLBACK")
        # Then, once that reader is gone, it can
        with pinned_file(db, KEY) as size:
            assert size is not None
            copy_pinned(db, size, tmp_path / "copia.db")
    assert state(tmp_path / "copia.db")[0] == 1


def test_a_rollback_journal_database_is_pinned_by_any_read(tmp_path: Path) -> None:
    # Given a database in rollback-journal mode (an older profile before its upgrade)
    db = filled(tmp_path / "cartelle.db")
    with raw_connection(db, KEY) as conn:
        conn.execute("PRAGMA journal_mode = DELETE")
    before = state(db)
    # When it is pinned and copied
    with pinned_file(db, KEY) as size:
        assert size == db.stat().st_size
        copy_pinned(db, size, tmp_path / "copia.db")
    # Then the copy is the same state, and the source's mode is left as it was
    assert state(tmp_path / "copia.db") == before
    with reader_connection(db, KEY) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone() == ("delete",)
