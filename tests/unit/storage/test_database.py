"""storage/database.py: the pragmas every read-write connection of a real SQLCipher profile runs
with."""

from __future__ import annotations

from minorifamiglie.storage.database import CACHE_KIB
from minorifamiglie.storage.profile import OpenProfile


def test_engine_connections_have_a_page_cache_sized_for_a_large_profile(
    opened: OpenProfile,
) -> None:
    with opened.engine.connect() as conn:
        (cipher,) = conn.exec_driver_sql("PRAGMA cipher_version").one()
        (cache,) = conn.exec_driver_sql("PRAGMA cache_size").one()
    assert cipher  # a SQLCipher connection, on the profile's encrypted file
    assert CACHE_KIB == 64 * 1024
    assert cache == -CACHE_KIB  # negative: KiB, not pages


def test_fold_in_sql_is_the_domains_fold_and_its_memory_stays_bounded(monkeypatch) -> None:
    import sqlcipher3

    from minorifamiglie.domain.text_fold import fold
    from minorifamiglie.storage import database

    monkeypatch.setattr(database, "FOLD_MEMORY", 2)
    conn = sqlcipher3.connect(":memory:")
    database.register_functions(conn)
    names = ["Nicolò", "D'Angelo", "Zoë", "Nguyễn Thị Hà", "Nicolò", None]
    for _ in range(2):  # the second time from memory, past its bound more than once
        got = [conn.execute("SELECT fold(?)", (n,)).fetchone()[0] for n in names]
        assert got == [None if n is None else fold(n) for n in names]
    assert got[:4] == ["nicolo", "dangelo", "zoe", "nguyen thi ha"]
    conn.close()
