"""Upgrades that cannot lose a profile (docs/upgrades.md), on the golden profiles of every older
revision: a newer version opening an older profile first writes one sealed copy to
`<profile>/backup/`, then migrates; the copy restores the profile as it was; a full disk stops
the upgrade with the profile unchanged; an older version refuses a newer profile, byte for byte
unchanged."""

from __future__ import annotations

import datetime as dt
import errno
import functools
import json
import shutil
from dataclasses import replace
from pathlib import Path
from typing import Any, BinaryIO, cast

import pytest
from sqlalchemy import select

from minorifamiglie.config import ProfilePaths
from minorifamiglie.domain.enums import AuditAction
from minorifamiglie.domain.errors import NewerProfileError, ProfileError
from minorifamiglie.services import backup, integrity, profiles, recovery
from minorifamiglie.storage import migrate
from minorifamiglie.storage.database import raw_connection, reader_connection
from minorifamiglie.storage.keyfile import FailedUnlocks, read_keyfile, write_keyfile
from minorifamiglie.storage.models import AuditEventRow
from minorifamiglie.storage.profile import SchemaUpgrade
from private_modes import is_private_dir, is_private_file
from support.profiles import PASSPHRASE

DATA = Path(__file__).resolve().parents[2] / "data"
GOLDEN_PASSPHRASE = "passphrase dorata di prova"  # documented in tests/data/README.md
OLDER = [
    g for g in sorted(DATA.glob("profile-*")) if g.name != f"profile-{migrate.head_revision()}"
]
NOW = dt.datetime(2026, 11, 24, 9, 30, 5, tzinfo=dt.UTC)
NEWER_REVISION = "9999_da_una_versione_futura"
REFUSAL = (
    "Questo profilo è stato aggiornato da una versione più recente di Minori e Famiglie: "
    "installare la versione più recente. Il profilo non è stato modificato."
)


def revision_of(folder: Path) -> str:
    return folder.name.removeprefix("profile-")


def golden_copy(folder: Path, tmp_path: Path) -> Path:
    """A copy: the committed files stand for laptops and are never opened in place."""
    root = tmp_path / "profilo"
    shutil.copytree(folder, root)
    return root


def every_byte(root: Path) -> dict[str, bytes]:
    """Every file under the profile folder, by relative path, with its content."""
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
    }


def master_key(root: Path, passphrase: str = GOLDEN_PASSPHRASE) -> bytes:
    return read_keyfile(root / "profile.json").unwrap(passphrase)


def all_rows(root: Path, passphrase: str = GOLDEN_PASSPHRASE) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, read without writing."""
    with reader_connection(root / "cartelle.db", master_key(root, passphrase)) as conn:
        tables = [
            r[0]
            for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        return {t: sorted(map(tuple, conn.execute(f'SELECT * FROM "{t}"'))) for t in tables}


def stored_revision(root: Path, passphrase: str = GOLDEN_PASSPHRASE) -> str | None:
    return migrate.stored_revision(root / "cartelle.db", master_key(root, passphrase))


def events(opened: Any, action: AuditAction) -> list[dict[str, Any]]:
    with opened.session() as session:
        rows = session.execute(
            select(AuditEventRow.detail).where(AuditEventRow.action == action)
        ).scalars()
        return [json.loads(d) for d in rows]


class FullDisk:
    """The backup's output file on a disk that fills up after `room` bytes: ENOSPC, as the
    kernel says it, after part of the file is already written."""

    def __init__(self, out: BinaryIO, room: int) -> None:
        self.out, self.room = out, room

    def write(self, data: bytes) -> int:
        if len(data) > self.room:
            self.out.write(data[: self.room])
            self.room = 0
            raise OSError(errno.ENOSPC, "No space left on device")
        self.room -= len(data)
        return self.out.write(data)

    def flush(self) -> None:
        self.out.flush()


def test_the_older_golden_profiles_are_there() -> None:
    assert [revision_of(g) for g in OLDER][:1] == ["0001"]
    assert all(revision_of(g) != migrate.head_revision() for g in OLDER)


# ------------------------------------------------ a newer version, an older profile


@pytest.mark.parametrize("folder", OLDER, ids=[g.name for g in OLDER])
def test_an_older_profile_is_copied_once_then_upgraded(folder: Path, tmp_path: Path) -> None:
    # Given a profile of an older revision
    root = golden_copy(folder, tmp_path)
    old = revision_of(folder)
    # When today's version unlocks it
    opened = profiles.unlock(root, GOLDEN_PASSPHRASE, now=lambda: NOW)
    # Then one sealed copy was written before migrating, and the opening says so
    copy = root / "backup" / f"prima-di-aggiornare-{old}-20261124-093005.mfbk"
    try:
        assert opened.upgrade == SchemaUpgrade(old, migrate.head_revision(), copy)
        assert profiles.info(opened).upgrade == opened.upgrade
        assert migrate.current_revision(opened.engine) == migrate.head_revision()
        assert integrity.check(opened).sound
        [event] = events(opened, AuditAction.SCHEMA_UPGRADED)
        assert event == {"from": old, "to": migrate.head_revision(), "backup": copy.name}
    finally:
        opened.close()
    assert sorted((root / "backup").iterdir()) == [copy]
    assert copy.read_bytes()[:4] == backup.MAGIC
    assert is_private_dir(root / "backup")
    assert is_private_file(copy)
    assert ProfilePaths(root).all_files() == [root / "cartelle.db", root / "profile.json"]
    message = profiles.upgrade_message(opened.upgrade)
    assert message == (
        f"Profilo aggiornato alla versione {migrate.head_revision()} dello schema "
        f"(era {old}); copia di sicurezza in {copy}"
    )

    # And opening it again writes no second copy
    again = profiles.unlock(root, GOLDEN_PASSPHRASE, now=lambda: NOW + dt.timedelta(days=1))
    try:
        assert again.upgrade is None
        assert len(events(again, AuditAction.SCHEMA_UPGRADED)) == 1
    finally:
        again.close()
    assert sorted((root / "backup").iterdir()) == [copy]


@pytest.mark.parametrize("folder", OLDER, ids=[g.name for g in OLDER])
def test_the_copy_restores_the_profile_as_it_was(folder: Path, tmp_path: Path) -> None:
    # Given an older profile upgraded by today's version, and its rows before the upgrade
    root = golden_copy(folder, tmp_path)
    before = all_rows(golden_copy(folder, tmp_path / "intatta"))
    opened = profiles.unlock(root, GOLDEN_PASSPHRASE, now=lambda: NOW)
    opened.close()
    assert opened.upgrade is not None and opened.upgrade.backup is not None
    # When the copy written before the upgrade is restored
    restored = tmp_path / "ripristinato"
    info = backup.restore(opened.upgrade.backup, restored, GOLDEN_PASSPHRASE)
    # Then it is the profile at its old revision, with the same rows, not silently migrated
    assert (info.revision, info.upgrade_pending, info.rows_checked) == (
        revision_of(folder),
        True,
        0,
    )
    assert stored_revision(restored) == revision_of(folder)
    assert all_rows(restored) == before
    assert not (restored / "backup").exists()
    # And opening it upgrades it by the same rule: its own copy first, then `check` passes
    reopened = profiles.unlock(restored, GOLDEN_PASSPHRASE, now=lambda: NOW)
    try:
        assert reopened.upgrade is not None and reopened.upgrade.backup is not None
        assert reopened.upgrade.backup.parent == restored / "backup"
        assert integrity.check(reopened).sound
    finally:
        reopened.close()


def test_a_backup_of_the_profile_does_not_carry_the_copies(tmp_path: Path) -> None:
    # Given an upgraded profile with its copy in backup/
    root = golden_copy(OLDER[0], tmp_path)
    opened = profiles.unlock(root, GOLDEN_PASSPHRASE, now=lambda: NOW)
    try:
        # When it is backed up and restored
        info = backup.backup(opened, tmp_path / "copia.mfbk")
    finally:
        opened.close()
    restored = backup.restore(info.path, tmp_path / "altro", GOLDEN_PASSPHRASE)
    # Then the restored folder holds the profile alone
    assert sorted(p.name for p in restored.root.iterdir()) == ["cartelle.db", "profile.json"]
    assert not restored.upgrade_pending and restored.rows_checked > 0


@pytest.mark.parametrize("room", [0, 100, 70_000])
def test_a_full_disk_stops_the_upgrade_and_leaves_the_profile_as_it_was(
    room: int, tmp_path: Path
) -> None:
    # Given an older profile, once unlocked with a wrong passphrase (the counter is kept)
    root = golden_copy(OLDER[0], tmp_path)
    keyfile = read_keyfile(root / "profile.json")
    failed = replace(keyfile, failed=FailedUnlocks(1, 0.0))  # last_at 0: no wait
    write_keyfile(root / "profile.json", failed)
    before = every_byte(root)
    # When the copy before the upgrade meets a full disk
    full_disk = functools.partial(
        backup.before_upgrade, now=NOW, wrap=lambda out: cast(BinaryIO, FullDisk(out, room))
    )
    with pytest.raises(ProfileError) as refused:
        profiles.unlock(root, GOLDEN_PASSPHRASE, before_upgrade=full_disk)
    # Then nothing is migrated and nothing is left: one line says why
    assert str(refused.value) == (
        "Profilo non aggiornato e non modificato: non si è potuta scrivere la copia di "
        "sicurezza che precede l'aggiornamento (spazio su disco esaurito)"
    )
    assert every_byte(root) == before
    assert sorted(p.name for p in root.iterdir()) == ["cartelle.db", "profile.json"]
    assert stored_revision(root) == revision_of(OLDER[0])


def test_recovery_upgrades_an_older_profile_by_the_same_rule(tmp_path: Path) -> None:
    # Given an older profile whose key is wrapped for the team's recovery identity
    root = golden_copy(OLDER[0], tmp_path)
    identity = recovery.new_identity()
    keyfile = read_keyfile(root / "profile.json")
    write_keyfile(
        root / "profile.json",
        keyfile.with_recovery(master_key(root), str(identity.to_public())),
    )
    identity_file = tmp_path / "identita.txt"
    identity_file.write_text(str(identity) + "\n")
    # When the coordinator resets its passphrase with today's version
    done = recovery.recover(root, identity_file, PASSPHRASE, now=lambda: NOW)
    # Then the copy was written before the migration and the profile opens upgraded
    copy = root / "backup" / f"prima-di-aggiornare-{revision_of(OLDER[0])}-20261124-093005.mfbk"
    assert done.upgrade == SchemaUpgrade(revision_of(OLDER[0]), migrate.head_revision(), copy)
    assert copy.is_file()
    opened = profiles.unlock(root, PASSPHRASE)
    try:
        assert opened.upgrade is None
        assert len(events(opened, AuditAction.SCHEMA_UPGRADED)) == 1
        assert integrity.check(opened).sound
    finally:
        opened.close()


# ------------------------------------------------ an older version, a newer profile


def stamp_newer_revision(root: Path, passphrase: str = PASSPHRASE) -> None:
    """What a newer version leaves: a revision this one has never heard of."""
    with raw_connection(root / "cartelle.db", master_key(root, passphrase)) as conn:
        conn.execute("UPDATE alembic_version SET version_num = ?", (NEWER_REVISION,))


def bump_profile_json_version(root: Path) -> None:
    doc = json.loads((root / "profile.json").read_bytes())
    doc["version"] += 1
    (root / "profile.json").write_text(json.dumps(doc, indent=2, sort_keys=True) + "\n")


@pytest.mark.parametrize("newer", [stamp_newer_revision, bump_profile_json_version])
def test_a_newer_profile_is_refused_and_left_byte_for_byte(newer: Any, profile_root: Path) -> None:
    # Given a profile a newer version has written, with a failed unlock still counted
    keyfile = read_keyfile(profile_root / "profile.json")
    failed = replace(keyfile, failed=FailedUnlocks(2, 0.0))  # last_at 0: no wait
    write_keyfile(profile_root / "profile.json", failed)
    newer(profile_root)
    before = every_byte(profile_root)
    assert sorted(before) == ["cartelle.db", "profile.json"]
    # When this version unlocks it with the right passphrase
    with pytest.raises(NewerProfileError) as refused:
        profiles.unlock(profile_root, PASSPHRASE)
    # Then it says so in one line and nothing was written: no audit, no counter, no -wal
    assert str(refused.value) == REFUSAL
    assert isinstance(refused.value, ProfileError)
    assert every_byte(profile_root) == before


def test_recovery_refuses_a_newer_profile_too(profile_root: Path, tmp_path: Path) -> None:
    identity = recovery.new_identity()
    keyfile = read_keyfile(profile_root / "profile.json")
    write_keyfile(
        profile_root / "profile.json",
        keyfile.with_recovery(master_key(profile_root, PASSPHRASE), str(identity.to_public())),
    )
    identity_file = tmp_path / "identita.txt"
    identity_file.write_text(str(identity) + "\n")
    stamp_newer_revision(profile_root)
    before = every_byte(profile_root)
    with pytest.raises(NewerProfileError):
        recovery.recover(profile_root, identity_file, "una passphrase nuova e lunga")
    assert every_byte(profile_root) == before


def test_a_backup_of_a_newer_profile_is_refused_and_leaves_nothing(
    profile_root: Path, tmp_path: Path
) -> None:
    # Given the backup of a profile written by a newer version
    stamp_newer_revision(profile_root)
    sealed = tmp_path / "futuro.mfbk"
    backup.seal(ProfilePaths(profile_root), master_key(profile_root, PASSPHRASE), sealed)
    # When this version restores it
    target = tmp_path / "nuovo"
    with pytest.raises(NewerProfileError):
        backup.restore(sealed, target, PASSPHRASE)
    # Then nothing is left
    assert not target.exists()


# ------------------------------------------------------------------------- hostile profile.json


@pytest.mark.parametrize(
    ("field", "value"),
    [("time_cost", 10**6), ("memory_cost_kib", 2**40), ("parallelism", 2**31)],
)
def test_hostile_kdf_costs_are_refused_at_once_and_nothing_is_written(
    profile_root: Path, field: str, value: int
) -> None:
    # Given a profile.json whose Argon2id costs were edited to hang or exhaust an unlock
    path = profile_root / "profile.json"
    doc = json.loads(path.read_bytes())
    doc["kdf"][field] = value
    path.write_text(json.dumps(doc))
    before = every_byte(profile_root)
    # When it is unlocked, even with the right passphrase
    with pytest.raises(ProfileError) as refused:
        profiles.unlock(profile_root, PASSPHRASE)
    # Then one line names the field, and not one byte of the folder changed (no lock file)
    assert str(refused.value) == f"profile.json danneggiato: campo 'kdf.{field}' non valido"
    assert every_byte(profile_root) == before
