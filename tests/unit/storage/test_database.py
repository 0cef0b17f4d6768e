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
