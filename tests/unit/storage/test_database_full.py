"""A full disk under the database (storage/database.py): SQLite answers SQLITE_FULL and rolls the
transaction back; the user is told the disk is full, in those words, never that the database is
damaged (exit 4 means tampering), and nothing of the write is left. The fault is SQLite's own:
`max_page_count` at the file's current size makes any growth fail exactly as a full disk does."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, func, select

from minorifamiglie.domain.enums import Role, Service
from minorifamiglie.domain.errors import (
    DiskFullError,
    IntegrityError,
    ProfileError,
    StorageUnreachableError,
)
from minorifamiglie.services import cases, integrity, profiles
from minorifamiglie.storage import database
from minorifamiglie.storage import models as m
from minorifamiglie.storage.profile import OpenProfile
from support.profiles import FAST_KDF

TODAY = dt.date(2026, 11, 30)


@pytest.fixture
def full(opened: OpenProfile) -> Iterator[OpenProfile]:
    """The profile on a disk with no room left for one more page."""
    conn = opened.engine.raw_connection()
    try:
        (size,) = conn.execute("PRAGMA page_count").fetchone()
    finally:
        conn.close()

    def no_room(conn: Any) -> None:
        conn.exec_driver_sql(f"PRAGMA max_page_count = {size}")

    event.listen(opened.engine, "begin", no_room)
    try:
        yield opened
    finally:
        event.remove(opened.engine, "begin", no_room)
        for _ in range(2):  # each pooled connection keeps the pragma: lift it on both
            conn = opened.engine.raw_connection()
            try:
                conn.execute("PRAGMA max_page_count = 1073741823")
            finally:
                conn.close()


def case_count(opened: OpenProfile) -> int:
    with opened.read_session() as session:
        return int(session.execute(select(func.count()).select_from(m.CaseRow)).scalar_one())


def write_until_full(opened: OpenProfile) -> int:
    """Cases added until the disk is full: how many went in before DiskFullError."""
    added = 0
    with pytest.raises(DiskFullError, match="disco pieno"):
        for _ in range(50):  # until the file must grow
            cases.add_case(
                opened,
                ambito="VBR",
                service=Service.ADM,
                title="Famiglia R.",
                summary="Sintesi " * 2_000,
                today=TODAY,
            )
            added += 1
    return added


def test_a_write_on_a_full_disk_says_so_and_leaves_nothing(full: OpenProfile) -> None:
    before = case_count(full)
    added = write_until_full(full)
    # the cases written before the disk filled stay whole; the refused one left nothing
    assert case_count(full) == before + added


def test_after_a_full_disk_the_profile_is_sound(full: OpenProfile) -> None:
    write_until_full(full)
    assert integrity.check(full).sound


def test_only_a_wrong_key_or_damage_is_reported_as_damage(tmp_path: Path) -> None:
    # a file the system refuses to open is not tampering
    with pytest.raises(StorageUnreachableError):
        database.connect_raw(tmp_path / "manca" / "cartelle.db", b"k" * 32).close()
    junk = tmp_path / "cartelle.db"
    junk.write_bytes(b"non un database" * 500)
    with pytest.raises(IntegrityError):
        database.connect_raw(junk, b"k" * 32).close()


def test_a_database_that_cannot_open_on_a_full_disk_says_the_disk_is_full(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Creating the WAL index or journal on a full disk fails as "unable to open" or an I/O
    # error, not SQLITE_FULL: the folder's free space tells (the system's figure, the boundary)
    where = tmp_path / "cartelle.db"
    where.mkdir()  # a database that cannot be opened, in a folder that is there
    with pytest.raises(StorageUnreachableError):
        database.connect_raw(where, b"k" * 32).close()
    usage = shutil.disk_usage(tmp_path)
    monkeypatch.setattr(shutil, "disk_usage", lambda _: usage._replace(free=4096))
    with pytest.raises(DiskFullError, match="disco pieno"):
        database.connect_raw(where, b"k" * 32).close()


def test_a_database_the_system_lets_no_one_write_is_not_damage(tmp_path: Path) -> None:
    # A profile folder made read-only (permissions, a read-only mount): SQLite's own error,
    # which once ended in "è danneggiato o non è suo" (exit 4, tampering)
    import sqlcipher3.dbapi2 as sqlcipher

    path = tmp_path / "cartelle.db"
    conn = sqlcipher.connect(path)
    conn.execute("CREATE TABLE t (a)")
    conn.commit()
    conn.close()
    read_only = sqlcipher.connect(f"file:{path}?mode=ro", uri=True)
    try:
        with pytest.raises(sqlcipher.OperationalError) as raised:
            read_only.execute("INSERT INTO t VALUES (1)")
    finally:
        read_only.close()
    with pytest.raises(StorageUnreachableError):  # as a connection's first statements meet it
        database._raise_if_system(raised.value, connecting=True)
    database._raise_if_system(raised.value)  # later: a read-only transaction's own refusal


def test_views_that_cannot_be_logged_at_close_are_said_in_italian(
    full: OpenProfile, caplog: pytest.LogCaptureFixture
) -> None:
    # Given views read while the disk is full, until their audit events find no room either
    write_until_full(full)
    with pytest.raises(DiskFullError):
        for _ in range(100_000):
            full.record_view("cases", None, None, {"count": 0})
    waiting = len(full.deferred)
    assert waiting >= 1
    # When the profile closes and the event cannot be written either
    with caplog.at_level("WARNING"):
        full.close()
    # Then one line says so, with the cause in the user's words (the command line prints it)
    assert [r.getMessage() for r in caplog.records] == [
        f"eventi del registro degli accessi non scritti alla chiusura: {waiting} (disco pieno)"
    ]


def test_a_profile_path_longer_than_sqlite_opens_is_said_as_such(tmp_path: Path) -> None:
    # Given a folder deeper than SQLite opens (its full path, about 500 bytes)
    root = tmp_path.joinpath(*[f"cartella-lunga-{i:02d}" for i in range(30)])
    assert len(str(root / "cartelle.db")) > database.MAX_PATH_BYTES
    # Then creating a profile there says so, not that the disk went away, and leaves nothing
    with pytest.raises(ProfileError, match="percorso del profilo è troppo lungo"):
        profiles.init_profile(root, "una passphrase di prova", "Giulia Bianchi",
                              Role.EDUCATOR, "pc", kdf=FAST_KDF)  # fmt: skip
    assert not root.exists() or not any(root.iterdir())
