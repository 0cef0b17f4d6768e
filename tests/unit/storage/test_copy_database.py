"""The snapshot a backup is made from: SQLite's backup API into a copy keyed with the same
master key, so not even the temporary copy holds a readable page."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from minorifamiglie.domain.enums import Service
from minorifamiglie.domain.errors import IntegrityError
from minorifamiglie.services import cases
from minorifamiglie.storage.database import copy_database, raw_connection
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
