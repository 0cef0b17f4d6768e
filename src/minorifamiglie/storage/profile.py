"""Create and unlock an encrypted profile folder (docs/architecture.md §4)."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import logging
import os
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session, sessionmaker

from minorifamiglie import portable
from minorifamiglie.config import RESTORE_STAGING, ProfilePaths
from minorifamiglie.domain.changes import Changes
from minorifamiglie.domain.enums import AuditAction
from minorifamiglie.domain.errors import (
    DiskFullError,
    DomainError,
    IntegrityError,
    ProfileBusyError,
    ProfileError,
    StorageUnreachableError,
    UncountedWrongPassphraseError,
    WrongPassphraseError,
)
from minorifamiglie.domain.hlc import HybridLogicalClock, Timestamp
from minorifamiglie.domain.ids import DeviceId
from minorifamiglie.portable import private_umask
from minorifamiglie.storage import audit, capture, data_steps, deferred_audit, migrate
from minorifamiglie.storage.database import BUSY_MS, open_engine, read_only
from minorifamiglie.storage.files import make_private_dir, tighten_modes
from minorifamiglie.storage.keyfile import (
    INIT_LOCK,
    INIT_LOCKS,
    MASTER_KEY_BYTES,
    MAX_PROFILE_JSON,
    UNFINISHED_RESTORE,
    DerivationAhead,
    FailedUnlocks,
    KdfParams,
    KeyFile,
    KeyFileBusyError,
    KeyFileWriteError,
    count_failure,
    init_leftovers,
    read_keyfile,
    read_profile_json,
    remaining_wait,
    update_keyfile,
    write_keyfile,
)
from minorifamiglie.storage.models import LocalStateRow
from minorifamiglie.storage.types import utcnow

OPERATOR_KEY = "operator_id"
PENDING_FAILURES_KEY = "failed_unlocks_seen"
# The sealed files of deferred audit events (deferred_audit) whose events are in the log: a
# file named here is never written again, even if it could not be removed after the commit.
SEALED_WRITTEN_KEY = "deferred_audit_written"
# How long the audit event of an unlock or of a view may wait for another process's write
# before it is deferred to this profile's next write: neither waits for a running sync.
UNLOCK_AUDIT_WAIT_MS = 200

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True, eq=False)  # eq=False: each event is itself, once
class DeferredEvent:
    """An audit event to append at this profile's next write: ids, counts and kinds only.
    `after` runs once it is committed (e.g. the failed-unlock counter reset)."""

    action: AuditAction
    at: dt.datetime
    detail: dict[str, Any] | None = None
    after: Callable[[], None] | None = None
    entity: str = ""
    entity_id: uuid.UUID | None = None
    case_id: uuid.UUID | None = None


@dataclass(frozen=True, slots=True)
class SchemaUpgrade:
    """What opening did to an older database: its revision before and after, and the copy
    written before the first migration step (None when the caller wrote none)."""

    from_revision: str | None
    to_revision: str
    backup: Path | None = None


# Called with the database keyed but not yet migrated; returns where it saved a copy. If it
# raises, nothing is migrated and the profile is left as it was.
BeforeUpgrade = Callable[[ProfilePaths, bytes, SchemaUpgrade], Path]


@dataclass
class OpenProfile:
    """An unlocked profile: the keyed engine and a session factory that captures changes."""

    paths: ProfilePaths
    device_id: DeviceId
    engine: Engine
    _factory: sessionmaker[Session]
    _reader: sessionmaker[Session]
    # Never in a repr (a test's failure, a debug traceback would print the key)
    _master_key: bytearray = field(repr=False)
    upgrade: SchemaUpgrade | None = None  # set when this opening migrated an older schema
    now: Callable[[], dt.datetime] = utcnow  # the wall clock of writes (tests move it)
    # Audit events whose write found the database busy: appended first by the next write.
    deferred: list[DeferredEvent] = field(default_factory=list)
    # The tables written by the transactions committed since `take_changes` last ran.
    _changed: set[str] = field(default_factory=set)
    # profile.json's wrapping of the master key this profile was opened with (or set since):
    # a passphrase change refuses to replace another one made meanwhile by another process
    wrapping: KeyFile | None = field(default=None, repr=False)

    @contextmanager
    def session(
        self, operator_id: uuid.UUID | None = None, *, busy_ms: int | None = None
    ) -> Iterator[Session]:
        """One unit of work: commits on success, rolls everything back on any error. It takes
        the write lock first (ProfileBusyError when another process keeps it beyond the busy
        timeout, or `busy_ms`), and writes the deferred audit events before anything else:
        those sealed beside the database by a busy close (of any process), then this one's."""
        with self._factory() as session:
            if busy_ms is not None:  # before the first query, which begins the transaction
                session.connection(execution_options={BUSY_MS: busy_ms})
            ctx = capture.WriteContext(
                device_id=self.device_id,
                operator_id=operator_id or self._operator(session),
                clock=self._clock(session),
                now=self.now,
                on_commit=self._changed.update,
            )
            session.info["write_context"] = ctx
            sealed = self._write_sealed(session)
            written = self._write_deferred(session)
            try:
                yield session
                session.commit()
            except BaseException:
                session.rollback()
                raise
        if sealed:
            deferred_audit.remove(self.paths.root, sealed)
        self._committed(written)

    def take_changes(self) -> Changes:
        """The tables written by the transactions committed since the last call (a rolled
        back one wrote nothing), and forget them: the GUI's workspace takes them after each
        job (ui/workspace.py), to announce them once the result is delivered."""
        changed = Changes(self._changed)
        self._changed.clear()
        return changed

    @contextmanager
    def read_session(self) -> Iterator[Session]:
        """A transaction that only reads: no write lock, so it neither waits for a writer of
        another process nor blocks one; a consistent snapshot from its first query (WAL).
        A write inside it fails (query_only); it is closed at the end, never committed (its
        objects keep what they loaded, as after a write session's commit)."""
        with self._reader() as session:
            yield session

    def record_soon(self, events: list[DeferredEvent]) -> bool:
        """Append `events` now if the write lock comes within UNLOCK_AUDIT_WAIT_MS; otherwise
        keep them for this profile's next write (or its close). True when written now."""
        self.deferred.extend(events)
        if not self.deferred:
            return True
        try:
            with self.session(busy_ms=UNLOCK_AUDIT_WAIT_MS):
                pass
        except ProfileBusyError:
            return False
        return True

    def record_view(
        self,
        entity: str,
        entity_id: uuid.UUID | None,
        case_id: uuid.UUID | None,
        detail: dict[str, Any] | None = None,
    ) -> None:
        """The audit event of a view read in a read session: written now, or deferred while
        another process writes (never lost: see `record_soon`)."""
        event = DeferredEvent(
            AuditAction.VIEW, self.now(), detail, None, entity, entity_id, case_id
        )
        self.record_soon([event])

    def _write_at_close(self) -> None:
        """The last chance of deferred events in this process: a write that waits no longer
        than an unlock's does (a command that only read must not wait for another process's
        sync to end). If the profile is still busy they are sealed beside it (deferred_audit,
        a new file of their own) and written by the next write transaction on the profile, of
        any process (its next unlock at the latest), so waiting longer would gain nothing; a failed
        unlock's count needs no copy: profile.json keeps it until the log holds it. Closing
        goes on whatever happens; a loss is logged."""
        try:
            with self.session(busy_ms=UNLOCK_AUDIT_WAIT_MS):
                pass
        except ProfileBusyError:
            kept = [_saved(e) for e in self.deferred if e.after is None]
            try:
                deferred_audit.save(self.paths.root, bytes(self._master_key), kept)
            except Exception as exc:
                log.warning(_EVENTS_LOST, len(kept), _why(exc))
        except Exception as exc:
            log.warning(_EVENTS_LOST, len(self.deferred), _why(exc))

    def _write_sealed(self, session: Session) -> list[str]:
        """Append the events of the files sealed by busy closes, and record their names in
        this transaction: the write lock makes the takers of one profile take turns, and a
        name recorded is never written again, so each file counts once whoever takes it and
        whatever is left on disk after a crash. Sealing only ever adds a new file, so nothing
        sealed meanwhile is lost. The names taken, to remove once committed."""
        names = deferred_audit.names(self.paths.root)
        if not names:
            return []
        done = _written_names(get_local(session, SEALED_WRITTEN_KEY))
        for name in names:
            if name in done:
                continue  # committed by an earlier transaction that could not remove it
            saved = deferred_audit.load_file(self.paths.root, name, bytes(self._master_key))
            for event in _restored(saved):
                audit.append(
                    session,
                    event.action,
                    event.entity,
                    event.entity_id,
                    event.case_id,
                    detail=event.detail,
                    at=event.at,
                )
        set_local(session, SEALED_WRITTEN_KEY, json.dumps(names))
        return names

    def _write_deferred(self, session: Session) -> list[DeferredEvent]:
        events = list(self.deferred)
        for event in events:
            audit.append(
                session,
                event.action,
                event.entity,
                event.entity_id,
                event.case_id,
                detail=event.detail,
                at=event.at,
            )
        return events

    def _committed(self, events: list[DeferredEvent]) -> None:
        for event in events:
            self.deferred.remove(event)
        for event in events:
            if event.after is not None:
                event.after()

    def _operator(self, session: Session) -> uuid.UUID | None:
        row = session.get(LocalStateRow, OPERATOR_KEY)
        return uuid.UUID(row.value) if row else None

    def _clock(self, session: Session) -> HybridLogicalClock:
        row = session.get(LocalStateRow, capture.HLC_KEY)
        last = Timestamp.decode(row.value) if row else None
        return HybridLogicalClock(self.device_id, last)

    def master_key(self) -> bytes:
        return bytes(self._master_key)

    def close(self) -> None:
        """Write what is still deferred (waiting for the lock as any write does), close every
        connection and drop the key from this object."""
        if self.deferred:
            self._write_at_close()
        self.engine.dispose()
        for i in range(len(self._master_key)):
            self._master_key[i] = 0
        tighten_modes(self.paths.root)


def create(
    root: Path,
    passphrase: str,
    kdf: KdfParams | None = None,
    fill: Callable[[OpenProfile], None] | None = None,
) -> OpenProfile:
    """A new profile: random master key, wrapped; an empty database at the newest schema,
    given its first rows by `fill` (services.profiles: the operator and the device).

    All or nothing: profile.json is written last, so until then the folder holds only what
    `keyfile.init_leftovers` recognises; a failure removes it (and the folder, if made here),
    and what a killed `create` left is removed by the next one, which starts over. The key is
    derived before anything is written. The writer lock of profile.json is held throughout:
    two `create` in one folder never remove each other's files."""
    paths = ProfilePaths(root)
    _check_new_folder(paths)
    device_id = uuid.uuid4()
    master_key = os.urandom(MASTER_KEY_BYTES)
    keyfile = KeyFile.create(device_id, passphrase, master_key, kdf)
    made = not root.exists()
    with private_umask():
        make_private_dir(root)
    lock = root / INIT_LOCK
    try:
        with _creating(lock):
            _check_new_folder(paths)
            _remove_files(init_leftovers(root) or [])  # a killed create's: start over
            opened = _build(paths, device_id, master_key, keyfile, fill)
    except BaseException:
        _remove_files([lock])
        if made:
            with contextlib.suppress(OSError):
                root.rmdir()  # only if empty: never what another program put there
        raise
    # Removed once released: a create that took it meanwhile finds profile.json and stops.
    _remove_files([lock])
    tighten_modes(root)
    return opened


def _check_new_folder(paths: ProfilePaths) -> None:
    """ProfileError unless `paths.root` is new, empty, or what an unfinished create left."""
    root = paths.root
    if paths.profile_json.exists():
        raise ProfileError(f"Esiste già un profilo in {root}")
    if not root.exists():
        return
    if not root.is_dir():
        raise ProfileError(f"{root} non è una cartella")
    if init_leftovers(root) is None and any(p.name not in INIT_LOCKS for p in root.iterdir()):
        if (root / RESTORE_STAGING).is_dir():
            raise ProfileError(UNFINISHED_RESTORE.format(root))
        raise ProfileError(f"La cartella {root} non è vuota")


def _creating(lock: Path) -> portable.FileLock:
    """The lock of `create` in its folder, taken without waiting: held by another, it says so."""
    try:
        return portable.lock(lock)
    except portable.ProfileLockedError:
        raise ProfileError(
            f"Un altro programma sta creando il profilo in {lock.parent}: riprovare tra poco"
        ) from None


def _build(
    paths: ProfilePaths,
    device_id: uuid.UUID,
    master_key: bytes,
    keyfile: KeyFile,
    fill: Callable[[OpenProfile], None] | None,
) -> OpenProfile:
    """The database, its first rows, then profile.json; on any failure every file of it is
    removed (its connections closed first: Windows removes no open file)."""
    try:
        with private_umask():
            engine = open_engine(paths.database, master_key)
            try:
                migrate.upgrade(engine)
            except BaseException:
                engine.dispose()
                raise
        opened = _open(paths, device_id, engine, master_key)  # closed by itself on failure
        try:
            if fill is not None:
                fill(opened)
            write_keyfile(paths.profile_json, keyfile)
            opened.wrapping = keyfile
        except BaseException:
            opened.close()
            raise
    except BaseException:
        _remove_files([paths.profile_json, *(init_leftovers(paths.root) or [])])
        raise
    return opened


def _remove_files(files: list[Path]) -> None:
    """Remove `files`; one that cannot be removed is left (a later create removes it)."""
    for path in files:
        try:
            path.unlink(missing_ok=True)
        except OSError as exc:
            log.warning("an unfinished profile's file not removed (%s)", type(exc).__name__)


def unlock(
    root: Path,
    passphrase: str,
    sleep: Callable[[float], None] = time.sleep,
    before_upgrade: BeforeUpgrade | None = None,
    clock: Callable[[], float] = time.time,
    ahead: DerivationAhead | None = None,
) -> OpenProfile:
    """Unwrap the master key; a wrong passphrase is counted in profile.json, so the growing
    delay survives restarts, and is written to the audit log at the next successful unlock.
    `ahead`: the passphrase's derivation already started (see keyfile.DerivationAhead).

    A profile of a newer version (profile.json or schema) is refused with NewerProfileError
    before anything is written. An older schema is migrated, after `before_upgrade` (the
    services' backup) when given; without it storage migrates straight away.

    profile.json is only changed under its lock (keyfile.update_keyfile): a failure counted
    while another process sets a new passphrase never undoes it."""
    paths = ProfilePaths(root)
    keyfile = read_keyfile(paths.profile_json)
    wait = remaining_wait(keyfile, clock())
    if wait > 0:
        sleep(wait)
    master_key, wrapping = _unwrap_counting(paths, keyfile, passphrase, clock, ahead)
    keyfile = read_keyfile(paths.profile_json)  # the counter as it is now, for the audit
    revision = _known_revision(paths, master_key)  # writes nothing, counts nothing
    with private_umask():
        upgraded = _before_upgrade(paths, master_key, revision, before_upgrade)
        engine = open_engine(paths.database, master_key)
        _migrate(engine, upgraded)
    opened = _open(paths, keyfile.device_id, engine, master_key, upgraded)
    opened.wrapping = wrapping
    if keyfile.failed.count:
        seen = keyfile.failed.count
        try:
            opened.record_soon([_failed_unlocks_event(paths, seen, opened.now())])
        except BaseException:
            opened.close()
            raise
    tighten_modes(root)
    return opened


# A warning the command line prints on its own line beside the command's message: Italian, as
# they are (a full disk took the command's write and these accesses' record alike)
_EVENTS_LOST = "eventi del registro degli accessi non scritti alla chiusura: %d (%s)"


def _why(exc: Exception) -> str:
    if isinstance(exc, DiskFullError):
        return "disco pieno"
    if isinstance(exc, StorageUnreachableError):
        return "disco o cartella del profilo non accessibili"
    return type(exc).__name__


def _saved(event: DeferredEvent) -> dict[str, Any]:
    return {
        "action": event.action.value,
        "at": event.at.isoformat(),
        "detail": event.detail,
        "entity": event.entity,
        "entity_id": str(event.entity_id) if event.entity_id else None,
        "case_id": str(event.case_id) if event.case_id else None,
    }


def _written_names(stored: str | None) -> set[str]:
    try:
        names = json.loads(stored) if stored else []
    except ValueError:
        return set()
    return {n for n in names if isinstance(n, str)} if isinstance(names, list) else set()


def _restored(saved: list[dict[str, Any]]) -> list[DeferredEvent]:
    """The events a busy close sealed beside the database; one that does not parse is
    dropped (with a warning), as a damaged file is."""
    events: list[DeferredEvent] = []
    for item in saved:
        try:
            events.append(
                DeferredEvent(
                    AuditAction(item["action"]),
                    dt.datetime.fromisoformat(item["at"]),
                    item.get("detail"),
                    None,
                    str(item.get("entity") or ""),
                    uuid.UUID(item["entity_id"]) if item.get("entity_id") else None,
                    uuid.UUID(item["case_id"]) if item.get("case_id") else None,
                )
            )
        except (KeyError, ValueError, TypeError, AttributeError):
            log.warning("a deferred audit event unreadable: dropped")
    return events


def _failed_unlocks_event(paths: ProfilePaths, seen: int, at: dt.datetime) -> DeferredEvent:
    """The failures counted in profile.json, for the audit log; once that is committed the
    counter drops by as many (written now, or deferred with the event when the database is
    busy: the counter is never reset for failures the log does not hold)."""

    def reset() -> None:
        # After the commit: the unlock has succeeded and its event is in the log. A counter
        # that cannot be lowered now (a full disk, a file made read-only) stays as it is, for
        # the next unlock to log again; it does not turn this successful unlock into an error.
        try:
            update_keyfile(paths.profile_json, _failures_after(seen))
        except (OSError, ProfileError) as exc:
            log.warning(
                "il contatore dei tentativi errati in profile.json non si è potuto azzerare (%s)",
                type(exc).__name__,
            )

    return DeferredEvent(AuditAction.UNLOCK_FAILED, at, {"attempts": seen}, after=reset)


def _unwrap_counting(
    paths: ProfilePaths,
    keyfile: KeyFile,
    passphrase: str,
    clock: Callable[[], float],
    ahead: DerivationAhead | None = None,
) -> tuple[bytes, KeyFile]:
    """The master key and the file whose wrapping gave it, or WrongPassphraseError with the
    failure counted on disk. When a new passphrase was set meanwhile, the one given is checked
    again against the new wrapping (a few times at most: each round is a whole `passwd`)."""
    for _ in range(3):
        try:
            return keyfile.unwrap(passphrase, ahead), keyfile
        except WrongPassphraseError:
            try:
                fresh = count_failure(paths.profile_json, keyfile, clock())
            except KeyFileWriteError:
                raise UncountedWrongPassphraseError(
                    "Passphrase errata, tentativo non registrato: disco pieno"
                ) from None
            except KeyFileBusyError:
                raise UncountedWrongPassphraseError(
                    "Passphrase errata, tentativo non registrato: profile.json occupato"
                ) from None
            except (OSError, ProfileError) as exc:
                # a folder or profile.json the system does not let this user write (read-only,
                # permissions, its lock file damaged): still a wrong passphrase (exit 3)
                why = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
                raise UncountedWrongPassphraseError(
                    f"Passphrase errata, tentativo non registrato: profile.json non scrivibile "
                    f"({why})"
                ) from None
            if fresh is None:
                raise
            keyfile = fresh
    raise WrongPassphraseError("Passphrase errata")


def _failures_after(seen: int) -> Callable[[KeyFile], KeyFile]:
    """The counter once the `seen` failures are in the audit log: those counted meanwhile by
    another process stay, for the next unlock to report."""

    def reset(current: KeyFile) -> KeyFile:
        left = current.failed.count - seen
        failed = replace(current.failed, count=left) if left > 0 else FailedUnlocks()
        return replace(current, failed=failed)

    return reset


def open_with_key(
    paths: ProfilePaths,
    device_id: uuid.UUID,
    master_key: bytes,
    before_upgrade: BeforeUpgrade | None = None,
) -> OpenProfile:
    """Open with a master key unwrapped otherwise (recovery): keyed, at the newest schema,
    by the same rule as `unlock`. Raises IntegrityError when the key does not open this
    database, NewerProfileError (nothing written) when a newer version wrote it."""
    if not paths.database.is_file():
        raise ProfileError(f"Nessun database nel profilo {paths.root}")
    wrapping = read_keyfile(paths.profile_json)  # what a passphrase set later replaces
    revision = _known_revision(paths, master_key)
    with private_umask():
        upgraded = _before_upgrade(paths, master_key, revision, before_upgrade)
        engine = open_engine(paths.database, master_key)
        _migrate(engine, upgraded)
    opened = _open(paths, device_id, engine, master_key, upgraded)
    opened.wrapping = wrapping
    return opened


def _known_revision(paths: ProfilePaths, master_key: bytes) -> str | None:
    """The database's revision, refused (NewerProfileError) when a newer version wrote it."""
    if not paths.database.is_file():
        raise ProfileError(f"Nessun database nel profilo {paths.root}")
    revision = migrate.stored_revision(paths.database, master_key)
    if revision is None:
        # create writes the schema before profile.json: an existing profile without one has
        # lost its database (a file emptied by a crash or a copy), never to be taken as new
        raise IntegrityError(NO_SCHEMA.format(paths.root))
    migrate.check_known(revision)
    return revision


NO_SCHEMA = (
    "Il database del profilo {} è vuoto o senza tabelle: è danneggiato (le cartelle non ci "
    "sono più). Ripristinare il profilo da un backup; nulla è stato scritto"
)


def _before_upgrade(
    paths: ProfilePaths,
    master_key: bytes,
    revision: str | None,
    before_upgrade: BeforeUpgrade | None,
) -> SchemaUpgrade | None:
    """The upgrade an older schema needs (None at head), after the caller's copy: taken
    before the engine opens, which sets WAL mode, so a failed copy leaves every byte as it
    was."""
    head = migrate.head_revision()
    if revision == head:
        return None
    upgrade = SchemaUpgrade(revision, head)
    if before_upgrade is not None:
        upgrade = replace(upgrade, backup=before_upgrade(paths, master_key, upgrade))
    return upgrade


def _migrate(engine: Engine, upgrade: SchemaUpgrade | None) -> None:
    """Apply the migrations in one transaction: a failure leaves the old revision."""
    if upgrade is None:
        return
    try:
        migrate.upgrade(engine)
    except BaseException:
        engine.dispose()
        raise


def change_passphrase(opened: OpenProfile, new_passphrase: str) -> None:
    """Rewrap the master key: instant, the database is not rewritten. Under profile.json's
    lock, from the file as it is then (a recovery wrapping added meanwhile is kept)."""
    master_key = opened.master_key()
    made: list[KeyFile] = []

    def rewrap(current: KeyFile) -> KeyFile:
        if opened.wrapping is not None and not current.same_wrapping(opened.wrapping):
            raise PassphraseChangedMeanwhileError(CHANGED_MEANWHILE)
        # Wrong passphrases counted since this profile was unlocked (while the new one was
        # being typed) stay counted, for the next unlock to log and to wait for: not erased.
        made.append(replace(current.rewrap(master_key, new_passphrase), failed=current.failed))
        return made[-1]

    logged_rewrap(
        opened, lambda session: audit.append(session, AuditAction.PASSPHRASE_CHANGED), rewrap
    )
    opened.wrapping = made[-1]


class PassphraseChangedMeanwhileError(ProfileError):
    """Another process set a new passphrase after this profile was opened: nothing changed."""


# Two `passwd` at once both said "Passphrase cambiata" and the second one's passphrase won:
# the first user believed in a passphrase that opens nothing.
CHANGED_MEANWHILE = (
    "La passphrase è stata cambiata da un altro programma dopo l'apertura del profilo: nulla è "
    "stato cambiato. Riprovare con la passphrase ora in vigore"
)


CHANGED_NOT_LOGGED = (
    "La nuova passphrase è in vigore (la vecchia non apre più il profilo), ma il cambio non è "
    "stato scritto nel registro degli accessi: il database non lo ha permesso ({})"
)


def logged_rewrap(
    opened: OpenProfile,
    log: Callable[[Session], object],
    change: Callable[[KeyFile], KeyFile],
) -> None:
    """Change profile.json's wrapping (`change`) with its audit event (`log`): the event is
    written first, in a transaction that holds the database's write lock, and profile.json is
    changed within it, just before the commit. A profile another process is writing, or a
    full disk, so changes nothing and says so, instead of setting the new passphrase and then
    reporting that nothing was saved (a user who believed it would be locked out). Only a
    commit that fails after profile.json was written, which nothing can undo, is named as that."""
    written = False
    try:
        with opened.session() as session:
            log(session)
            session.flush()  # the write lock and the event's row, before profile.json changes
            update_keyfile(opened.paths.profile_json, change)
            written = True
    except Exception as exc:
        if not written:
            raise
        raise DomainError(CHANGED_NOT_LOGGED.format(type(exc).__name__)) from exc


def set_local(session: Session, key: str, value: str) -> None:
    row = session.get(LocalStateRow, key)
    if row is None:
        session.add(LocalStateRow(key=key, value=value))
    else:
        row.value = value


def get_local(session: Session, key: str) -> str | None:
    return session.execute(
        select(LocalStateRow.value).where(LocalStateRow.key == key)
    ).scalar_one_or_none()


def read_public(root: Path) -> dict[str, object]:
    """What profile.json says without a passphrase (format, device): nothing personal.
    Bounded like every read of the file: ProfileError, never a RecursionError."""
    raw = read_profile_json(ProfilePaths(root).profile_json)
    try:
        doc = json.loads(raw) if len(raw) <= MAX_PROFILE_JSON else None
    except (ValueError, RecursionError):
        doc = None
    if not isinstance(doc, dict):
        raise ProfileError("profile.json danneggiato: non è un documento JSON valido")
    return {
        "format": doc.get("format"),
        "version": doc.get("version"),
        "device_id": doc.get("device_id"),
    }


def _open(
    paths: ProfilePaths,
    device_id: uuid.UUID,
    engine: Engine,
    master_key: bytes,
    upgrade: SchemaUpgrade | None = None,
) -> OpenProfile:
    factory = sessionmaker(engine, expire_on_commit=False)
    capture.install(factory)
    reader = sessionmaker(read_only(engine), expire_on_commit=False)
    opened = OpenProfile(
        paths, DeviceId(device_id), engine, factory, reader, bytearray(master_key), upgrade
    )
    try:
        data_steps.run_pending(opened)  # what a migration left to do through the ORM
    except BaseException:
        opened.close()
        raise
    return opened
