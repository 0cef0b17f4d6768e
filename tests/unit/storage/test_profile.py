"""The encrypted profile on disk (docs/architecture.md §4): private modes, nothing readable,
nothing personal outside the database, a growing delay after wrong passphrases, an instant
passphrase change."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from codicefiscale import codicefiscale
from sqlalchemy import select

from minorifamiglie.domain.enums import AuditAction, MemberRole, Role, Service
from minorifamiglie.domain.errors import IntegrityError, ProfileError, WrongPassphraseError
from minorifamiglie.services import cases, profiles, visits
from minorifamiglie.storage import profile
from minorifamiglie.storage.database import raw_connection
from minorifamiglie.storage.keyfile import read_keyfile
from minorifamiglie.storage.models import AuditEventRow
from minorifamiglie.storage.profile import OpenProfile
from private_modes import POSIX_MODES, is_private_dir
from support.clock import TODAY
from support.profiles import FAST_KDF, PASSPHRASE

# The values of tests/conftest.py, which a test module cannot import (two conftests).

WRONG = "cavallo batteria graffettA"
NEW_PASSPHRASE = "orso bruno in Valle Brembana"

# Distinctive synthetic strings: none may ever appear in the bytes of a profile file.
OPERATOR = "Eufrasia Montecatinelli"
DEVICE_NAME = "portatile-Valtorta-Fiordaliso"
MINOR_FIRST, MINOR_LAST = "Ottavina", "Brughieracci"
BIRTH = dt.date(2018, 7, 5)
TAX_CODE = codicefiscale.encode(
    lastname=MINOR_LAST, firstname=MINOR_FIRST, gender="F", birthdate="2018-07-05",
    birthplace="Zogno",
)  # fmt: skip
TITLE = "Progetto Ciclamino Ventiquattrore"
SUMMARY = "Sintesi marzapane oltremare e lucciole"
MOTHER_FIRST, MOTHER_LAST = "Ermenegilda", "Sferragatti"
PHONE = "+39 345 987 6543"
ADDRESS = "Via dei Glicini Fatati 17, Cornalba"
NOTES = "Filastrocca del pettirosso smeraldino, merenda con la nonna"
AMENDMENT = "Integrazione: telefonata della zia Clotilde Vanzinelli"
SECRETS = [
    OPERATOR,
    DEVICE_NAME,
    MINOR_FIRST,
    MINOR_LAST,
    TAX_CODE,
    TITLE,
    SUMMARY,
    MOTHER_FIRST,
    MOTHER_LAST,
    PHONE,
    ADDRESS,
    NOTES,
    AMENDMENT,
]


def needles() -> set[bytes]:
    """Each secret, and each of its longer words as typed and lower-cased (the FTS index
    stores lower-case tokens), as UTF-8 bytes."""
    out: set[bytes] = set()
    for secret in SECRETS:
        out.add(secret.encode())
        for word in secret.replace(",", " ").replace(":", " ").split():
            if len(word) >= 7:
                out.update({word.encode(), word.lower().encode()})
    return out


def leaks(root: Path) -> dict[str, list[bytes]]:
    found: dict[str, list[bytes]] = {}
    for path in sorted(root.iterdir()):
        data = path.read_bytes()
        hits = sorted(n for n in needles() if n in data)
        if hits:
            found[path.name] = hits
    return found


def modes(root: Path) -> dict[str, int]:
    return {p.name: p.stat().st_mode & 0o777 for p in root.iterdir()}


@pytest.fixture
def usual_umask() -> Iterator[None]:
    """A typical desktop umask, so files the code forgets to protect show up as 0644."""
    old = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(old)


@pytest.fixture
def story_root(tmp_path: Path, usual_umask: None) -> Path:
    root = tmp_path / "profilo"
    profiles.init_profile(root, PASSPHRASE, OPERATOR, Role.EDUCATOR, DEVICE_NAME, kdf=FAST_KDF)
    return root


def write_story(opened: OpenProfile) -> None:
    case = cases.add_case(
        opened,
        ambito="VBR",
        service=Service.ADM,
        title=TITLE,
        summary=SUMMARY,
        minor_name=f"{MINOR_FIRST} {MINOR_LAST}",
        birth_date=BIRTH,
        tax_code=TAX_CODE,
        today=TODAY,
    )
    cases.add_member(
        opened,
        str(case.id),
        first_name=MOTHER_FIRST,
        last_name=MOTHER_LAST,
        role=MemberRole.MOTHER,
        phone=PHONE,
        address=ADDRESS,
        today=TODAY,
    )
    visit = visits.add_visit(
        opened,
        case=str(case.id),
        date=TODAY,
        start=dt.time(15, 0),
        end=dt.time(17, 0),
        place="Domicilio",
        notes=NOTES,
        close=True,
        today=TODAY,
    )
    visits.amend_visit(opened, visit.id, AMENDMENT)
    assert cases.list_cases(opened)[0].minors == f"{MINOR_FIRST} {MINOR_LAST}"


# ---------------------------------------------------------------- on disk


@POSIX_MODES
def test_the_folder_is_private_and_every_file_too_including_wal_and_shm(
    story_root: Path,
) -> None:
    assert modes(story_root) == {"profile.json": 0o600, "cartelle.db": 0o600}
    opened = profiles.unlock(story_root, PASSPHRASE)
    try:
        write_story(opened)
        names = set(modes(story_root))
        assert {"cartelle.db-wal", "cartelle.db-shm"} <= names
        assert is_private_dir(story_root)
        assert set(modes(story_root).values()) == {0o600}
    finally:
        opened.close()
    assert is_private_dir(story_root)
    assert set(modes(story_root).values()) == {0o600}


def test_no_string_of_case_data_is_in_any_file_while_open_and_after_close(
    story_root: Path,
) -> None:
    opened = profiles.unlock(story_root, PASSPHRASE)
    try:
        write_story(opened)
        assert visits.search_notes(opened, "pettirosso")  # the index holds them, encrypted
        assert "cartelle.db-wal" in modes(story_root)
        assert leaks(story_root) == {}
    finally:
        opened.close()
    assert leaks(story_root) == {}
    # The probe itself works: it finds the lower-case words of the notes in a plain file.
    control = story_root.parent / "control"
    control.mkdir()
    (control / "plain.txt").write_text(NOTES.lower())
    assert b"smeraldino" in leaks(control)["plain.txt"]


def test_profile_json_holds_nothing_personal(story_root: Path) -> None:
    opened = profiles.unlock(story_root, PASSPHRASE)
    try:
        write_story(opened)
    finally:
        opened.close()
    doc = json.loads((story_root / "profile.json").read_text())
    assert set(doc) == {
        "format", "version", "device_id", "kdf", "master_key", "recovery", "failed_unlocks",
    }  # fmt: skip
    assert set(doc["kdf"]) == {"name", "version", "time_cost", "memory_cost_kib", "parallelism",
                               "salt"}  # fmt: skip
    raw = (story_root / "profile.json").read_bytes()
    assert leaks(story_root).get("profile.json") is None
    assert b"Giulia" not in raw and OPERATOR.split()[1].encode() not in raw
    assert profile.read_public(story_root) == {
        "format": "minorifamiglie-profile",
        "version": 1,
        "device_id": doc["device_id"],
    }


def test_the_standard_sqlite3_module_cannot_read_the_database(profile_root: Path) -> None:
    head = (profile_root / "cartelle.db").read_bytes()[:16]
    assert head != b"SQLite format 3\x00"
    conn = sqlite3.connect(profile_root / "cartelle.db")
    try:
        with pytest.raises(sqlite3.DatabaseError, match="not a database"):
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    finally:
        conn.close()


def test_a_database_from_another_profile_does_not_open(tmp_path: Path) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    for root in (a, b):
        profiles.init_profile(root, PASSPHRASE, "Giulia Bianchi", Role.EDUCATOR, "pc", kdf=FAST_KDF)
    (a / "cartelle.db").replace(b / "cartelle.db")
    with pytest.raises(IntegrityError):
        profile.unlock(b, PASSPHRASE)


@pytest.mark.parametrize("damage", ["emptied", "keyed but without tables"])
def test_a_database_that_lost_its_schema_is_damage_not_a_new_profile(
    profile_root: Path, damage: str
) -> None:
    # A crash or a bad copy can leave the database file empty: it once opened as a new, empty
    # profile (migrated, 'check' sound), its cases gone without a word
    database = profile_root / "cartelle.db"
    if damage == "emptied":
        database.write_bytes(b"")
    else:
        opened = profile.unlock(profile_root, PASSPHRASE)
        master_key = bytes(opened.master_key())
        opened.close()
        database.unlink()
        with raw_connection(database, master_key) as conn:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    before = sorted(p.name for p in profile_root.iterdir())
    with pytest.raises(IntegrityError, match="è danneggiato") as refused:
        profile.unlock(profile_root, PASSPHRASE)
    assert refused.value.exit_code == 4 and "backup" in str(refused.value)
    assert sorted(p.name for p in profile_root.iterdir()) == before  # nothing made or migrated


def test_a_profile_is_never_created_over_another_or_in_a_full_folder(
    profile_root: Path, tmp_path: Path
) -> None:
    with pytest.raises(ProfileError):
        profile.create(profile_root, PASSPHRASE, FAST_KDF)
    full = tmp_path / "full"
    full.mkdir()
    (full / "appunti.txt").write_text("x")
    with pytest.raises(ProfileError):
        profile.create(full, PASSPHRASE, FAST_KDF)
    assert [p.name for p in full.iterdir()] == ["appunti.txt"]


# ---------------------------------------------------------------- temp files

PROBE = r"""
import json, os, sys
from pathlib import Path
from minorifamiglie.storage.database import connect_raw


db, key, tmp = sys.argv[1], bytes.fromhex(sys.argv[2]), sys.argv[3]
conn = connect_raw(Path(db), key)
if len(sys.argv) > 4:
    conn.execute("PRAGMA temp_store = " + sys.argv[4])
conn.execute("PRAGMA cache_size = 50")
conn.execute("CREATE TEMP TABLE t(a INTEGER, b TEXT)")
conn.execute(
    "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 40000) "
    "INSERT INTO t SELECT i, 'RIGA-RISERVATA-' || i || '-' || hex(randomblob(40)) FROM n"
)
cur = conn.execute("SELECT a, b FROM t ORDER BY b DESC")
cur.fetchone()  # the sort is done and its result still open
opened = []
for fd in os.listdir("/proc/self/fd"):
    try:
        target = os.readlink("/proc/self/fd/" + fd)
    except OSError:
        continue
    if target.startswith(tmp):
        with open("/proc/self/fd/" + fd, "rb") as fh:
            opened.append([target, b"RIGA-RISERVATA-" in fh.read()])
print(json.dumps({"open": opened, "listed": os.listdir(tmp)}))
"""


def run_probe(root: Path, tmp: Path, temp_store: str | None = None) -> dict[str, list[Any]]:
    opened = profile.unlock(root, PASSPHRASE)
    key = opened.master_key()
    opened.close()
    env = dict(os.environ, SQLITE_TMPDIR=str(tmp), TMPDIR=str(tmp))
    args = [sys.executable, "-c", PROBE, str(root / "cartelle.db"), key.hex(), str(tmp)]
    result = subprocess.run(
        args + ([temp_store] if temp_store else []),
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    out: dict[str, list[Any]] = json.loads(result.stdout)
    return out


def test_temp_store_is_memory_on_every_connection(opened: OpenProfile) -> None:
    with opened.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA temp_store").scalar() == 2
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="needs /proc to see deleted files")
def test_a_large_sort_of_a_temp_table_writes_nothing_to_the_temp_folder(
    profile_root: Path, tmp_path: Path
) -> None:
    # SQLite unlinks its temp files as it opens them, so an empty listing proves nothing:
    # the probe also looks at the files the process holds open.
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    assert run_probe(profile_root, tmp) == {"open": [], "listed": []}
    # Control: with temp_store=FILE a sort spills readable rows there (docs/architecture.md §13).
    control = run_probe(profile_root, tmp, "FILE")
    assert control["listed"] == []
    assert control["open"]
    assert any(readable for _, readable in control["open"])


# ---------------------------------------------------------------- wrong passphrases


def test_wrong_passphrases_are_counted_on_disk_and_the_delay_survives_a_restart(
    profile_root: Path,
) -> None:
    waits: list[float] = []
    with pytest.raises(WrongPassphraseError):
        profile.unlock(profile_root, WRONG, sleep=waits.append)
    assert read_keyfile(profile_root / "profile.json").failed.count == 1
    assert waits == []  # the first attempt does not wait

    # A new process (a new unlock call) reads the counter back and waits before trying.
    with pytest.raises(WrongPassphraseError):
        profile.unlock(profile_root, WRONG, sleep=waits.append)
    assert read_keyfile(profile_root / "profile.json").failed.count == 2
    assert len(waits) == 1 and 0.0 < waits[0] <= 1.0

    with pytest.raises(WrongPassphraseError):
        profile.unlock(profile_root, WRONG, sleep=waits.append)
    assert len(waits) == 2 and 1.0 < waits[1] <= 2.0
    assert read_keyfile(profile_root / "profile.json").failed.count == 3

    # Even the right passphrase waits its turn.
    opened = profile.unlock(profile_root, PASSPHRASE, sleep=waits.append)
    try:
        assert len(waits) == 3 and 2.0 < waits[2] <= 4.0
        keyfile = read_keyfile(profile_root / "profile.json")
        assert (keyfile.failed.count, keyfile.failed.last_at) == (0, 0.0)
        with opened.session() as session:
            events = session.execute(
                select(AuditEventRow).where(AuditEventRow.action == AuditAction.UNLOCK_FAILED)
            ).scalars().all()  # fmt: skip
            assert [json.loads(e.detail) for e in events] == [{"attempts": 3}]
            assert events[0].operator_id is not None
    finally:
        opened.close()

    # The next unlock starts from a clean slate and logs no further failure.
    opened = profile.unlock(profile_root, PASSPHRASE, sleep=waits.append)
    try:
        assert len(waits) == 3
        with opened.session() as session:
            failures = session.execute(
                select(AuditEventRow).where(AuditEventRow.action == AuditAction.UNLOCK_FAILED)
            ).scalars().all()  # fmt: skip
        assert len(failures) == 1
    finally:
        opened.close()


def test_an_unlock_without_failures_writes_no_unlock_failed_event(profile_root: Path) -> None:
    def no_sleep(seconds: float) -> None:
        pytest.fail(f"an unlock without failures waited {seconds} s")

    opened = profile.unlock(profile_root, PASSPHRASE, sleep=no_sleep)
    try:
        with opened.session() as session:
            actions = session.execute(select(AuditEventRow.action)).scalars().all()
        assert AuditAction.UNLOCK_FAILED not in actions
    finally:
        opened.close()


# ---------------------------------------------------------------- changing the passphrase


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_changing_the_passphrase_rewraps_the_key_and_leaves_the_database_alone(
    profile_root: Path,
) -> None:
    db = profile_root / "cartelle.db"
    opened = profile.unlock(profile_root, PASSPHRASE)
    key = opened.master_key()
    try:
        # Move everything into the main file first, so the hash below is of the whole database.
        with raw_connection(db, key) as conn:
            busy, _, _ = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        assert busy == 0
        assert (profile_root / "cartelle.db-wal").stat().st_size == 0
        before = sha256(db)

        profile.change_passphrase(opened, NEW_PASSPHRASE)

        # The main file is untouched; the audit event of the change waits in the WAL.
        assert sha256(db) == before
        assert (profile_root / "cartelle.db-wal").stat().st_size > 0
    finally:
        opened.close()
    with pytest.raises(WrongPassphraseError):
        profile.unlock(profile_root, PASSPHRASE)
    waits: list[float] = []
    again = profile.unlock(profile_root, NEW_PASSPHRASE, sleep=waits.append)
    try:
        assert again.master_key() == key  # the same key: the database was never re-encrypted
        with again.session() as session:
            actions = session.execute(select(AuditEventRow.action)).scalars().all()
        assert AuditAction.PASSPHRASE_CHANGED in actions
    finally:
        again.close()


def test_the_master_key_is_wiped_from_a_closed_profile(profile_root: Path) -> None:
    opened = profile.unlock(profile_root, PASSPHRASE)
    assert opened.master_key() != bytes(32)
    opened.close()
    assert opened.master_key() == bytes(32)


@pytest.mark.parametrize(
    "raw", [b"[" * 50_000 + b"]" * 50_000, b" " * (64 * 1024 + 1), b"[]", b"{"]
)
def test_the_public_part_of_a_damaged_profile_json_is_one_profile_error(
    profile_root: Path, raw: bytes
) -> None:
    (profile_root / "profile.json").write_bytes(raw)
    with pytest.raises(ProfileError, match=r"profile\.json danneggiato"):
        profile.read_public(profile_root)


def test_an_open_profile_never_shows_its_key(opened: OpenProfile) -> None:
    # a test's failure, a debug traceback or a log line with %r prints the object
    shown = repr(opened)
    assert opened.master_key().hex() not in shown
    assert repr(bytearray(opened.master_key())) not in shown
    assert "_master_key" not in shown and "wrapping" not in shown
