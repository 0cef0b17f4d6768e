"""The content of a golden profile's database as one digest per table, read with a raw keyed
connection (no migration, no write): every row, every column, in rowid order.

`golden-digests.json` beside this file was written with the *previous* SQLCipher driver
(sqlcipher3-binary 0.6.0, SQLCipher 4.12) before the move to sqlcipher3 0.6.4 (SQLCipher 4.19);
tests/unit/storage/test_golden_driver.py reads the same files with today's driver and must find
the same digests, bit for bit. Run `python tests/data/golden_digest.py` to print them."""

from __future__ import annotations

import base64
import hashlib
import json
import sys
from pathlib import Path
from typing import Any

DATA = Path(__file__).resolve().parent
GOLDEN_PASSPHRASE = "passphrase dorata di prova"


def _value(value: Any) -> Any:
    if isinstance(value, bytes):
        return {"b64": base64.b64encode(value).decode()}
    if isinstance(value, float):
        return {"float": value.hex()}
    return value


def table_digests(conn: Any) -> dict[str, str]:
    names = [
        row[0]
        for row in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "ORDER BY name"
        )
    ]
    out: dict[str, str] = {}
    for name in names:
        digest = hashlib.sha256()
        sql = conn.execute("SELECT sql FROM sqlite_master WHERE name = ?", (name,)).fetchone()[0]
        digest.update(sql.encode())
        try:
            rows = conn.execute(f'SELECT * FROM "{name}" ORDER BY rowid')
        except Exception:  # a WITHOUT ROWID table or a virtual table's shadow
            rows = conn.execute(f'SELECT * FROM "{name}"')
        for row in rows:
            digest.update(json.dumps([_value(v) for v in row], sort_keys=True).encode())
        out[name] = digest.hexdigest()
    return out


def profile_digests(folder: Path) -> dict[str, str]:
    """Unwrap the master key from profile.json and read the database read-only."""
    import sqlcipher3

    from minorifamiglie.storage.keyfile import read_keyfile

    key = read_keyfile(folder / "profile.json").unwrap(GOLDEN_PASSPHRASE)
    uri = f"file:{folder / 'cartelle.db'}?mode=ro&immutable=1"
    conn = sqlcipher3.connect(uri, uri=True)
    try:
        conn.execute("PRAGMA cipher_log_level = NONE")
        conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
        conn.execute("PRAGMA temp_store = MEMORY")
        return table_digests(conn)
    finally:
        conn.close()


def main() -> int:
    import sqlcipher3

    cipher = sqlcipher3.connect(":memory:").execute("PRAGMA cipher_version").fetchone()[0]
    result = {
        "driver": f"sqlcipher3 (SQLCipher {cipher})",
        "profiles": {f.name: profile_digests(f) for f in sorted(DATA.glob("profile-*"))},
    }
    json.dump(result, sys.stdout, indent=2, sort_keys=True)
    print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
