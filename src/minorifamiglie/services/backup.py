"""Backup and restore of a whole profile as one encrypted file (docs/backup-format.md).

The file holds profile.json (public: KDF parameters and the wrapped master key) and the database
bytes, which are SQLCipher pages, sealed again with AES-256-GCM in 1 MiB chunks under a key
derived from the master key, with the header as associated data. So it opens only with the
profile's passphrase, and any change, truncation or reordering is detected. Nothing is ever
written in plaintext: the database file's pages are sealed as they are (ciphertext) under a read
snapshot pinned to the main file, or, when none can be pinned, copied by SQLite's backup API
into a file keyed with the same master key.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import os
import re
import shutil
import struct
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from minorifamiglie import portable
from minorifamiglie.config import LOCK_FILE, PROFILE_FILE, RESTORE_STAGING, ProfilePaths
from minorifamiglie.domain.enums import AuditAction
from minorifamiglie.domain.errors import (
    DomainError,
    IntegrityError,
    NewerProfileError,
    ProfileError,
)
from minorifamiglie.services import integrity
from minorifamiglie.storage import audit, migrate
from minorifamiglie.storage import profile as storage_profile
from minorifamiglie.storage.database import copy_database, pinned_file, reader_connection
from minorifamiglie.storage.files import (
    TEMP_NAME,
    make_private_dir,
    remove_stale_temp_files,
    tighten_modes,
)
from minorifamiglie.storage.keyfile import KeyFile, write_keyfile
from minorifamiglie.storage.keyfile import locked as keyfile_lock

MAGIC = b"MFBK"
VERSION = 1
CHUNK = 1 << 20
TAG = 16
SALT_BYTES = 16
MAX_PROFILE_JSON = 64 * 1024
_FIXED = struct.Struct(">4sH16sI")  # magic, version, HKDF salt, length of profile.json
_INFO = b"minorifamiglie backup v1"
LAST_BACKUP_KEY = "backup_last_at"  # local_state: when this device last wrote a backup (UTC)
SNAPSHOT_PREFIX = ".tmp-backup-"
PART_SUFFIX = ".backup-part"
RESTORE_SUFFIX = ".restore-part"
# Where a restore writes and checks the profile, inside the folder it restores to, before
# moving it into place: a restore killed while checking leaves only this, which is not
# content (the next restore removes it), never an unchecked profile that looks whole.
STAGING = RESTORE_STAGING
# What a killed restore leaves in its folder: the database being written (an older version
# wrote it under one fixed name).
RESTORE_LEFTOVERS = re.compile(rf"{TEMP_NAME}{re.escape(RESTORE_SUFFIX)}|\.tmp-restore\.db")
_DISK_FULL = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)}
# The temporary files a backup writes beside its target, by their exact names (tempfile's 8
# random characters): what a killed backup leaves, removed by the next one into that folder.
LEFTOVERS = re.compile(
    rf"{re.escape(SNAPSHOT_PREFIX)}[a-z0-9_]{{8}}\.db(?:-journal)?|{TEMP_NAME}{re.escape(PART_SUFFIX)}"
)


@dataclass(frozen=True, slots=True)
class BackupInfo:
    path: Path
    size: int
    database_bytes: int


@dataclass(frozen=True, slots=True)
class RestoreInfo:
    root: Path
    device_id: str
    database_bytes: int
    rows_checked: int  # 0 when restored at an older schema: checked in full after its upgrade
    revision: str | None = None
    upgrade_pending: bool = False  # the first unlock upgrades it, after a copy of its own
    # Operations waiting for their record's insert (a causal gap, not damage), per table.
    waiting: dict[str, int] = field(default_factory=dict)


class BackupFormatError(DomainError):
    """Not a backup of this application, or a version this one cannot read."""


# ------------------------------------------------------------------ the sealing


def _file_key(master_key: bytes, salt: bytes) -> AESGCM:
    hkdf = HKDF(algorithm=hashes.SHA256(), length=32, salt=salt, info=_INFO)
    return AESGCM(hkdf.derive(master_key))


def _nonce(index: int, last: bool) -> bytes:
    # STREAM construction: the key is fresh for every file, so a counter is a safe nonce; the
    # last-chunk flag makes a truncated file fail instead of looking complete.
    return index.to_bytes(11, "big") + (b"\x01" if last else b"\x00")


def _chunks(fh: portable.Reader, size: int) -> Iterator[tuple[bytes, bool]]:
    """Each chunk with whether it is the last one (a file may end exactly on a boundary)."""
    current = fh.read(size)
    while True:
        following = fh.read(size)
        yield current, not following
        if not following:
            return
        current = following


# ------------------------------------------------------------------ backup


def backup(
    opened: storage_profile.OpenProfile,
    target: Path,
    wrap: Callable[[BinaryIO], BinaryIO] | None = None,
) -> BackupInfo:
    """Write the whole profile to `target` atomically (0600); an EXPORT event is audited. A
    full disk is named as such, with nothing left behind. `wrap`: see `seal`."""
    target = target.expanduser().absolute()
    folder = target.parent
    if not folder.is_dir():
        raise DomainError(f"La cartella di destinazione non esiste: {folder}")
    if target.is_dir():
        raise DomainError(f"La destinazione è una cartella, non un file: {target}")
    try:
        size, db_size = seal(opened.paths, opened.master_key(), target, wrap)
    except OSError as exc:
        if exc.errno not in _DISK_FULL:
            raise
        raise DomainError(
            "Backup non scritto: spazio su disco esaurito (disco pieno) nella destinazione; "
            "nessun file è stato lasciato"
        ) from None
    with opened.session() as session:
        audit.append(
            session, AuditAction.EXPORT, detail={"kind": "backup", "bytes": size, "format": "mfbk"}
        )
        storage_profile.set_local(session, LAST_BACKUP_KEY, _utcnow().isoformat())
    return BackupInfo(target, size, db_size)


def seal(
    paths: ProfilePaths,
    master_key: bytes,
    target: Path,
    wrap: Callable[[BinaryIO], BinaryIO] | None = None,
) -> tuple[int, int]:
    """Write the sealed file of the profile at `paths` to `target` (atomically, 0600) and
    return its size and the database's. Touches nothing in the database: it also copies one
    whose schema this version has not migrated yet. `wrap` wraps the output file (tests: a
    disk that fills up). What killed backups left in that folder before this one began is
    removed first (LEFTOVERS: only those exact names, only regular files)."""
    started = time.time()
    profile_json = paths.profile_json.read_bytes()
    KeyFile.from_bytes(profile_json)  # refuse to seal a profile.json that would not open
    if len(profile_json) > MAX_PROFILE_JSON:
        raise ProfileError("profile.json è danneggiato")
    salt = os.urandom(SALT_BYTES)
    header = _FIXED.pack(MAGIC, VERSION, salt, len(profile_json)) + profile_json
    key = _file_key(master_key, salt)
    remove_stale_temp_files(target.parent, LEFTOVERS, started)
    if portable.can_read_open_database():
        with pinned_file(paths.database, master_key) as pinned:
            if pinned is not None:
                with portable.read_open_database(paths.database, pinned) as src:
                    return _write_sealed(target, header, key, src, wrap), pinned
    # No snapshot could be pinned to the main file (writers kept committing, or another
    # reader's older snapshot held the checkpoint back): the backup API's copy, re-encrypted.
    fd, snap_name = tempfile.mkstemp(prefix=SNAPSHOT_PREFIX, suffix=".db", dir=target.parent)
    os.close(fd)
    snapshot = Path(snap_name)  # mkstemp made it 0600
    try:
        copy_database(paths.database, snapshot, master_key)
        db_size = snapshot.stat().st_size
        with snapshot.open("rb") as src:
            size = _write_sealed(target, header, key, src, wrap)
    finally:
        for leftover in (snapshot, Path(f"{snapshot}-journal")):
            with contextlib.suppress(FileNotFoundError):
                leftover.unlink()
    return size, db_size


# ------------------------------------------------------------------ leftovers in the profile

_PROFILE_LEFTOVERS = re.compile(TEMP_NAME)  # profile.json's atomic writes (no suffix)


def remove_profile_leftovers(paths: ProfilePaths) -> int:
    """What killed writes left in the profile folder, removed at unlock: profile.json's
    temporary copies (under profile.json's writer lock, so none is being written; skipped,
    for the next unlock, when another writer holds it a second) and a killed copy's files in
    `backup/`. Only regular files with those exact names; how many went."""
    started = time.time()
    removed = remove_stale_temp_files(paths.backup_dir, LEFTOVERS, started)
    try:
        candidates = any(_PROFILE_LEFTOVERS.fullmatch(p.name) for p in paths.root.iterdir())
    except OSError:
        candidates = False
    if candidates:  # the lock only then: its file is not made for nothing
        with contextlib.suppress(ProfileError), keyfile_lock(paths.profile_json, timeout=1.0):
            removed += remove_stale_temp_files(paths.root, _PROFILE_LEFTOVERS, started)
    return removed


# ------------------------------------------------------------------ before a schema upgrade


def upgrade_backup_name(revision: str | None, now: dt.datetime) -> str:
    """`prima-di-aggiornare-<old revision>-<UTC time>.mfbk`: nothing about the cases."""
    return f"prima-di-aggiornare-{revision or 'vuoto'}-{now.astimezone(dt.UTC):%Y%m%d-%H%M%S}.mfbk"


def before_upgrade(
    paths: ProfilePaths,
    master_key: bytes,
    upgrade: storage_profile.SchemaUpgrade,
    now: dt.datetime | None = None,
    wrap: Callable[[BinaryIO], BinaryIO] | None = None,
) -> Path:
    """The sealed copy of a profile about to be migrated, in `<profile>/backup/` (0700, the
    file 0600; docs/upgrades.md). On any failure (a full disk) nothing is left behind and
    ProfileError says the profile was not changed, so the caller does not migrate."""
    folder = paths.backup_dir
    created = not folder.exists()
    target = folder / upgrade_backup_name(upgrade.from_revision, now or _utcnow())
    try:
        make_private_dir(folder)
        seal(paths, master_key, target, wrap)
    except Exception as exc:
        if created:
            with contextlib.suppress(OSError):
                folder.rmdir()  # only if empty: an older copy is never removed
        if isinstance(exc, OSError) and exc.errno == errno.ENOSPC:
            reason = "spazio su disco esaurito"
        elif isinstance(exc, OSError) and exc.strerror:
            reason = exc.strerror
        else:
            reason = f"errore di scrittura, {type(exc).__name__}"
        raise ProfileError(
            "Profilo non aggiornato e non modificato: non si è potuta scrivere la copia di "
            f"sicurezza che precede l'aggiornamento ({reason})"
        ) from None
    return target


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def last_backup(opened: storage_profile.OpenProfile) -> dt.datetime | None:
    """When this profile last wrote a backup (UTC), or None."""
    with opened.read_session() as session:
        value = storage_profile.get_local(session, LAST_BACKUP_KEY)
    try:
        return dt.datetime.fromisoformat(value) if value else None
    except ValueError:
        return None


def backup_file_name(now: dt.datetime) -> str:
    """A name that sorts by date and says nothing about the cases."""
    return f"minorifamiglie-backup-{now.astimezone(dt.UTC):%Y%m%d-%H%M%S}.mfbk"


def scheduled_backup(
    opened: storage_profile.OpenProfile,
    folder: Path,
    every_days: int,
    now: dt.datetime | None = None,
) -> BackupInfo | None:
    """The automatic backup: a new file in `folder` when the last backup is `every_days` old
    or more (or there is none); None when it is not due or the schedule is off."""
    if every_days <= 0:
        return None
    now = now or _utcnow()
    last = last_backup(opened)
    if last is not None and now - last < dt.timedelta(days=every_days) and last <= now:
        return None
    folder = folder.expanduser()
    if not folder.is_dir():
        raise DomainError(f"Cartella dei backup non raggiungibile: {folder}")
    return backup(opened, folder / backup_file_name(now))


def _write_sealed(
    target: Path,
    header: bytes,
    key: AESGCM,
    src: portable.Reader,
    wrap: Callable[[BinaryIO], BinaryIO] | None = None,
) -> int:
    """Seal `src` chunk by chunk into `target`, streamed through portable.atomic_file (private
    before any byte, whole or not at all); the suffix makes a killed write's leftover
    recognisably this application's."""
    with portable.atomic_file(target, suffix=PART_SUFFIX) as raw:
        out = wrap(raw) if wrap else raw
        size = out.write(header)
        for index, (chunk, last) in enumerate(_chunks(src, CHUNK)):
            size += out.write(key.encrypt(_nonce(index, last), chunk, header))
        out.flush()
    return size


# ------------------------------------------------------------------ restore


def _read_header(fh: BinaryIO) -> tuple[bytes, bytes, KeyFile]:
    fixed = fh.read(_FIXED.size)
    if fixed[:4] != MAGIC:
        raise BackupFormatError("Il file non è un backup di Minori e Famiglie")
    if len(fixed) < _FIXED.size:
        raise IntegrityError("Il backup è danneggiato o alterato (file troncato)")
    _, version, salt, length = _FIXED.unpack(fixed)
    if version != VERSION:
        raise BackupFormatError(f"Versione del backup non supportata: {version}")
    if length > MAX_PROFILE_JSON:
        raise IntegrityError("Il backup è danneggiato o alterato")
    profile_json = fh.read(length)
    if len(profile_json) != length:
        raise IntegrityError("Il backup è danneggiato o alterato (file troncato)")
    try:
        keyfile = KeyFile.from_bytes(profile_json)
    except NewerProfileError:
        raise
    except ProfileError:
        raise IntegrityError("Il backup è danneggiato o alterato") from None
    return fixed + profile_json, salt, keyfile


def restore(source: Path, target_dir: Path, passphrase: str) -> RestoreInfo:
    """Bring a backup back as a profile folder, unlock it and check its integrity; on any
    failure nothing is left in `target_dir`."""
    target_dir = target_dir.expanduser().absolute()
    staging = target_dir / STAGING
    if target_dir.is_dir():  # what a killed restore left (never yet a profile) is not content
        remove_stale_temp_files(target_dir, RESTORE_LEFTOVERS, time.time())
        _remove_left_staging(staging)
    # The lock file of the application waiting on this folder (first start) is not content.
    if target_dir.exists() and (
        not target_dir.is_dir() or any(p.name != LOCK_FILE for p in target_dir.iterdir())
    ):
        raise ProfileError(f"La cartella {target_dir} non è vuota")
    try:
        fh = source.expanduser().open("rb")
    except FileNotFoundError:
        raise DomainError(f"File di backup non trovato: {source}") from None
    with fh:
        header, salt, keyfile = _read_header(fh)
        master_key = keyfile.unwrap(passphrase)  # WrongPassphraseError: exit 3
        created = not target_dir.exists()
        with portable.private_umask():
            try:
                make_private_dir(target_dir)
                claimed = _claim_staging(staging)
                try:
                    db_bytes = _restore_into(
                        fh, header, _file_key(master_key, salt), staging, keyfile
                    )
                    revision = _restored_revision(staging, master_key)
                    pending = revision != migrate.head_revision()
                    report = None if pending else _check_restored(staging, passphrase)
                    _move_into(staging, target_dir, claimed)
                finally:
                    claimed.close()
            except RestoreRunningError:
                raise  # the folder is another restore's: nothing of it is touched
            except BaseException:
                _clean(target_dir, created)
                raise
    rows, waiting = (0, {}) if report is None else (report.rows_checked, report.waiting)
    return RestoreInfo(
        target_dir, str(keyfile.device_id), db_bytes, rows, revision, pending, waiting
    )


class RestoreRunningError(DomainError):
    """Another restore is writing into the same folder: nothing was touched. Exit 5."""

    exit_code = 5

    def __init__(self, root: Path) -> None:
        super().__init__(
            f"Un altro ripristino è in corso nella cartella {root}: attendere che finisca. "
            "Nulla è stato cambiato."
        )


def _claim_staging(staging: Path) -> portable.FileLock:
    """The staging folder made by this restore alone (a folder that exists is another's) and
    its lock held until the profile has moved out of it: another restore into the same folder
    meanwhile is refused, instead of taking the folder for a killed restore's and removing it
    (both failed, one sent to `init`)."""
    try:
        staging.mkdir(mode=0o700)
        return portable.lock(staging / LOCK_FILE)
    except (FileExistsError, portable.ProfileLockedError):
        raise RestoreRunningError(staging.parent) from None


def _remove_left_staging(staging: Path) -> None:
    """A staging folder that no restore holds is what a killed one left: removed. One held
    is a restore still running: RestoreRunningError."""
    if not staging.is_dir() or staging.is_symlink():
        return
    try:
        held = portable.lock(staging / LOCK_FILE)
    except portable.ProfileLockedError:
        raise RestoreRunningError(staging.parent) from None
    held.close()  # first: Windows removes no open file
    shutil.rmtree(staging, ignore_errors=True)


def _move_into(staging: Path, root: Path, claimed: portable.FileLock) -> None:
    """The checked profile from its staging folder into `root`: the database (and SQLite's
    files beside it, if any) first, profile.json last, so `root` becomes a profile only once
    all of it is there; never over a file that appeared meanwhile. The staging folder is
    then let go and removed."""
    names = sorted(p.name for p in staging.iterdir() if p.name != LOCK_FILE)
    for name in sorted(names, key=lambda n: n == PROFILE_FILE):
        portable.move_new(staging / name, root / name)
    claimed.close()
    shutil.rmtree(staging, ignore_errors=True)
    portable.fsync_dir(root)


def _restore_into(fh: BinaryIO, header: bytes, key: AESGCM, root: Path, keyfile: KeyFile) -> int:
    paths = ProfilePaths(root)
    # The chunks are SQLCipher pages: what reaches the disk before the last tag is checked is
    # still ciphertext, and it is removed if any tag fails. The folder holds no database: one
    # that appears meanwhile (another restore into it) is never replaced.
    written = 0
    with portable.atomic_file(paths.database, replace=False, suffix=RESTORE_SUFFIX) as out:
        ended = False
        for index, (sealed, last) in enumerate(_chunks(fh, CHUNK + TAG)):
            try:
                chunk = key.decrypt(_nonce(index, last), sealed, header)
            except InvalidTag:
                raise IntegrityError("Il backup è danneggiato o alterato") from None
            out.write(chunk)
            written += len(chunk)
            ended = last
        if not ended or written == 0:
            raise IntegrityError("Il backup è danneggiato o alterato (file troncato)")
    write_keyfile(paths.profile_json, keyfile)
    return written


def _restored_revision(root: Path, master_key: bytes) -> str | None:
    """The restored database's revision, refused when a newer version wrote it. A backup of an
    older schema is left at its revision (it is itself the copy of the profile before any
    upgrade): only its pages are checked here, the full `check` needs the newest schema; the
    first unlock then upgrades it after writing its own copy, like any older profile."""
    paths = ProfilePaths(root)
    revision = migrate.stored_revision(paths.database, master_key)
    migrate.check_known(revision)
    if revision != migrate.head_revision():
        with reader_connection(paths.database, master_key) as conn:
            damaged = conn.execute("PRAGMA cipher_integrity_check").fetchall()
            pages = [tuple(r) for r in conn.execute("PRAGMA integrity_check").fetchall()]
        if damaged or pages != [("ok",)]:
            raise IntegrityError("Il backup ripristinato non è integro: pagine danneggiate")
        tighten_modes(root)
    return revision


def _check_restored(root: Path, passphrase: str) -> integrity.CheckReport:
    """The full `check`: operations waiting for their record are reported, not refused."""
    opened = storage_profile.unlock(root, passphrase)
    try:
        report = integrity.check(opened)
        if not report.sound:
            raise IntegrityError(
                "Il backup ripristinato non è integro: " + "; ".join(report.problems())
            )
    finally:
        opened.close()
    tighten_modes(root)
    return report


def _clean(root: Path, created: bool) -> None:
    if created:
        shutil.rmtree(root, ignore_errors=True)
        return
    for entry in root.iterdir():
        if entry.name == LOCK_FILE:
            continue  # held by the application that waits on this folder; never removed
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry, ignore_errors=True)
        else:
            with contextlib.suppress(FileNotFoundError):
                entry.unlink()
