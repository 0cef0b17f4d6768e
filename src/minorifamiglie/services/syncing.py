"""`sync --share DIR`: publish this device's new operations, apply everyone else's.

1. The roster is refreshed from the share (signed by the pinned coordinator key).
2. A new member applies its snapshot first.
3. Mend: this device's bundles gone missing or damaged on the share are put back, the very
   bytes it published (kept in its database), so a reader waiting for one is not left waiting.
4. Import: for every active device, its bundles in sequence order from the one after the
   last applied; each is verified (signature, roster, sequence, previous hash, content) and
   applied in one transaction or refused with a reason. A refused or missing bundle stops that
   device's queue (later ones wait), never the others.
   This device's own bundles come back too when its database did not record them: one written
   by a sync that stopped before recording it is adopted (its operations are the first ones
   waiting to be sent, so nothing is sent twice); one published before the backup this profile
   was restored from was taken is applied like another device's, so no work is lost.
   A slot held by a file its device did not write is moved past when the device's next
   bundle, signed, says it follows the last one applied (its `prev_hash`).
5. Export: this device's operations not yet published become its next bundle(s), each written
   as temp file + rename; only then is the bundle recorded in the database. A slot held by a
   file this device did not write is set aside (reported, left in place) and the bundle goes
   to the next free slot, naming the bundle it follows.
6. Attachment contents missing locally are fetched and checked against their sha256.
Every run is recorded (the Sincronizzazione page) and audited."""

from __future__ import annotations

import datetime as dt
import errno
import hashlib
import json
import os
import re
import stat
import time
import uuid
from collections.abc import Generator, Sequence
from contextlib import closing, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

import pyrage
import sqlalchemy.exc
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from minorifamiglie import portable
from minorifamiglie.domain.enums import AuditAction, OpKind, Role
from minorifamiglie.domain.errors import IntegrityError
from minorifamiglie.domain.hlc import Timestamp, horizon, is_ahead
from minorifamiglie.domain.ids import DeviceId
from minorifamiglie.domain.validation import ATTACHMENT_MAX_BYTES
from minorifamiglie.services import conflicts as conflict_service
from minorifamiglie.services import recovery
from minorifamiglie.services.apply import (
    APPLY_REASONS,
    COORDINATOR_TABLES,
    ApplyRefused,
    apply_operations,
)
from minorifamiglie.services.passed_over import PassedOver
from minorifamiglie.services.snapshot import HELD_KEY, WAITING_KEY, dashed_operation_json
from minorifamiglie.services.team import (
    TeamError,
    TeamState,
    device_keys,
    is_revoked,
    mend_roster,
    refresh_roster,
    require_share,
    require_team,
    stored_device_keys,
    team_state,
)
from minorifamiglie.storage import audit
from minorifamiglie.storage import models as m
from minorifamiglie.storage.chain import GENESIS, dashed_link_text
from minorifamiglie.storage.files import TEMP_NAME, remove_stale_temp_files
from minorifamiglie.storage.profile import OpenProfile, get_local, set_local
from minorifamiglie.storage.queries import present_records
from minorifamiglie.storage.types import dashed_hex, utcnow
from minorifamiglie.sync import share as sh
from minorifamiglie.sync.age_header import age_header_ok
from minorifamiglie.sync.bundle import (
    FIRST_PREV_HASH,
    BundleFields,
    BundleHeader,
    encode_bundle_raw,
    read_bundle,
    signed_header,
)
from minorifamiglie.sync.container import (
    MAX_BUNDLE_PLAINTEXT,
    MAX_FILE,
    MAX_SEQUENCE,
    REASONS,
    BundleError,
    file_sha256,
)
from minorifamiglie.sync.operations import Operation, split_sized
from minorifamiglie.sync.roster import Roster, verify_key
from minorifamiglie.sync.snapshot import read_snapshot

EXPORTED_KEY = "sync_exported_seq"
SNAPSHOT_KEY = "sync_snapshot_applied"
# The table of the syncs run (the sync screen lists them).
SOURCES = frozenset({"sync_runs"})
# Operations received dated more than MAX_DRIFT ahead of this clock (held, tried every sync):
# snapshot.HELD_KEY, since a snapshot carries them too.
# This device's own operations: the greatest HLC among those looked at, up to which seq, and
# the greatest future-dated HLC the user was already told about.
OWN_MAX_HLC_KEY = "sync_own_max_hlc"
OWN_CHECKED_KEY = "sync_own_checked_seq"
OWN_NOTICE_KEY = "sync_own_clock_notice"
# The temporary files of sync.share.write_new (portable's name, its ".part" suffix).
SHARE_LEFTOVERS = re.compile(TEMP_NAME + re.escape(".part"))
# Files already reported as set aside ("file|reason"): said once.
SET_ASIDE_KEY = "sync_set_aside_reported"
# A device moves past at most this many places of its own in one go (files it did not write,
# set aside), and readers follow it no further: a bundle signed for place 99,999,999 (a copied
# laptop's key) would otherwise send every later bundle of the device past the 8 digits of a
# file name, where nobody reads.
MAX_SKIP = 1000

SYNC_REASONS: dict[str, tuple[str, str]] = {
    **REASONS,
    **APPLY_REASONS,
    "gap": (
        "a bundle is missing: later ones wait for it",
        "manca un file di sincronizzazione: i successivi attendono",
    ),
    "replayed": (
        "a bundle already applied was presented again",
        "file di sincronizzazione già applicato, ripresentato",
    ),
    "misplaced": (
        "a bundle is not where its header says it belongs",
        "file di sincronizzazione fuori posto",
    ),
    "fork": (
        "a bundle does not follow the previous one of its device",
        "il file non segue il precedente dello stesso dispositivo",
    ),
    "missing_dependency": (
        "it refers to records of a bundle not received yet: it waits",
        "si riferisce a dati di un file non ancora ricevuto: in attesa",
    ),
    "revoked": (
        "bundle of a device removed from the team",
        "file di un dispositivo rimosso dall'équipe",
    ),
    "beyond_share": (
        "this device counts the device's bundles as applied up to one the share does not hold "
        "(its starting point, signed by the coordinator, says so): the device's changes do not "
        "arrive; ask the coordinator to admit this device again",
        "questo dispositivo conta come applicati file del dispositivo oltre quelli presenti "
        "nella cartella condivisa (lo dice il suo punto di partenza firmato dal coordinatore): "
        "le sue modifiche non arrivano; chiedere al coordinatore di riammettere questo "
        "dispositivo",
    ),
    "not_a_folder": (
        "where this device's folder of the team folder belongs there is a file: nothing was "
        "published; it must be moved away by hand",
        "al posto della cartella di questo dispositivo nella cartella condivisa c'è un file: "
        "nulla è stato pubblicato; va spostato a mano",
    ),
    "no_slot": (
        f"more than {MAX_SKIP} files this device did not write hold its next places: nothing "
        "was published",
        f"oltre {MAX_SKIP} file estranei occupano i posti successivi di questo dispositivo: "
        "nulla è stato pubblicato",
    ),
    "own_other_copy": (
        "another copy of this profile (a backup restored on another laptop) published a "
        "different bundle in this device's place: kept; the two copies' work may not all reach "
        "the others; use one copy of a profile only",
        "un'altra copia di questo profilo (un backup ripristinato su un altro portatile) ha "
        "pubblicato un file diverso al posto di questo dispositivo: lasciato; il lavoro delle "
        "due copie potrebbe non arrivare tutto agli altri; usare una sola copia del profilo",
    ),
    "not_restored": (
        "a bundle of this device missing or damaged on the share could not be put back (the "
        "share is full, read-only or not writable): the devices that had not received it wait "
        "for it; tried again at every sync",
        "un file di questo dispositivo mancante o danneggiato nella cartella condivisa non si è "
        "potuto rimettere (cartella piena, in sola lettura o senza permessi di scrittura): i "
        "dispositivi che non l'avevano ancora ricevuto lo attendono; si riprova a ogni "
        "sincronizzazione",
    ),
    "own_lost": (
        "a bundle of this device is missing from the share and was published before copies "
        "were kept: it cannot be put back; the devices that had not received it wait for it",
        "un file di questo dispositivo manca dalla cartella condivisa e non può essere rimesso "
        "(pubblicato prima che se ne tenesse copia): i dispositivi che non l'avevano ancora "
        "ricevuto lo attendono",
    ),
    "roster_refused": (
        "a team roster signed with the coordinator's key changes or drops a device, or jumps "
        "ahead, which the application never does: not adopted; the coordinator's laptop may "
        "have been restored from an older backup, or its key copied: tell the coordinator",
        "elenco dell'équipe firmato con la chiave del coordinatore che cambia le chiavi di un "
        "dispositivo, lo toglie o salta avanti, cosa che l'applicazione non fa mai: non "
        "adottato; il portatile del coordinatore potrebbe essere stato ripristinato da un "
        "backup precedente, o la sua chiave copiata: avvisare il coordinatore",
    ),
    "set_aside": (
        "a file its device did not write holds a bundle's place: set aside, left where it is; "
        "the device went on past it",
        "file estraneo al posto di un file di sincronizzazione: messo da parte (lasciato dov'è), "
        "il dispositivo ha proseguito oltre",
    ),
}


# The one refusal code that is not a failure: operations dated ahead of this clock are held until
# it reaches them (as operations waiting for their record wait): the sync that applied all the
# rest is complete, and the held ones are said as a notice. Kept with the run's refusals (its
# `detail` gives their number), never counted among its failures.
HELD_REASON = "clock_ahead"


@dataclass(frozen=True, slots=True)
class Refusal:
    file: str  # relative to the team folder: ids and counters only
    reason: str
    detail: str = ""

    def message(self, lang: str = "it") -> str:
        en, it = SYNC_REASONS.get(self.reason, (self.reason, self.reason))
        text = it if lang == "it" else en
        return f"{text} ({self.detail})" if self.detail else text

    def to_json(self) -> dict[str, str]:
        return {
            "file": self.file,
            "reason": self.reason,
            "detail": self.detail,
            "message": self.message("it"),
        }


@dataclass
class SyncReport:
    exported: int = 0  # operations published
    imported: int = 0  # operations new to this device
    bundles_exported: int = 0
    bundles_imported: int = 0
    conflicts: int = 0  # open conflicts after the sync
    new_conflicts: int = 0
    ignored: int = 0  # operations that do not count (edits of a closed visit)
    attachments_fetched: int = 0
    refused: list[Refusal] = field(default_factory=list)
    outcome: str = "ok"  # ok | partial | interrupted
    interrupted_by: str = ""  # why, when interrupted: full | read_only | denied | "" (gone)
    held: int = 0  # operations of others dated ahead of this clock, waiting for it
    released: int = 0  # held operations applied by this sync (the clock reached them)
    # This device's own operations dated more than a day ahead (its clock was wrong and has
    # been corrected): said once, at the first sync that finds them.
    own_clock_ahead: int = 0
    # This device's bundles found missing or damaged on the share and put back as published
    restored: int = 0

    def failures(self) -> list[Refusal]:
        """The refusals that make the sync partial: all but the held operations."""
        return [r for r in self.refused if r.reason != HELD_REASON]

    def notices(self, lang: str = "it") -> list[str]:
        """Plain lines for the user beside the refusals: operations held for a date ahead of
        this clock, and this device's own operations dated while its clock was ahead."""
        lines: list[str] = []
        if self.held:
            lines.append(
                f"{self.held} modifiche ricevute portano una data nel futuro: saranno applicate "
                "quando l'orologio di questo dispositivo la raggiungerà"
                if lang == "it"
                else f"{self.held} operations received carry a date in the future: they are "
                "applied when this device's clock reaches it"
            )
        if self.restored == 1:
            lines.append(
                "1 file di questo dispositivo mancava o era danneggiato nella cartella "
                "condivisa: rimesso com'era stato pubblicato (un file danneggiato è messo da "
                "parte accanto)"
                if lang == "it"
                else "1 file of this device was missing or damaged in the shared folder: put "
                "back as it was published (a damaged one is set aside beside it)"
            )
        elif self.restored:
            lines.append(
                f"{self.restored} file di questo dispositivo mancavano o erano danneggiati "
                "nella cartella condivisa: rimessi com'erano stati pubblicati (un file "
                "danneggiato è messo da parte accanto)"
                if lang == "it"
                else f"{self.restored} files of this device were missing or damaged in the "
                "shared folder: put back as they were published (a damaged one is set aside "
                "beside it)"
            )
        if not self.own_clock_ahead:
            return lines
        if lang == "it":
            return [
                *lines,
                f"{self.own_clock_ahead} modifiche di questo dispositivo portano una data "
                "sbagliata (l'orologio era avanti): gli altri dispositivi le applicheranno solo "
                "quando i loro orologi arriveranno a quella data; le modifiche fatte dopo sugli "
                "stessi dati valgono comunque",
            ]
        return [
            *lines,
            f"{self.own_clock_ahead} operations of this device carry a wrong date (its clock "
            "was ahead): other devices apply them only when their clocks reach that date; "
            "later edits of the same data still count",
        ]

    def to_json(self) -> dict[str, Any]:
        return {
            "exported": self.exported,
            "imported": self.imported,
            "bundles_exported": self.bundles_exported,
            "bundles_imported": self.bundles_imported,
            "conflicts": self.conflicts,
            "new_conflicts": self.new_conflicts,
            "ignored": self.ignored,
            "attachments_fetched": self.attachments_fetched,
            "refused": [r.to_json() for r in self.refused],
            "outcome": self.outcome,
            "interrupted_by": self.interrupted_by,
            "held": self.held,
            "released": self.released,
            "own_clock_ahead": self.own_clock_ahead,
            "restored": self.restored,
            "notices": self.notices("it"),
        }


class Interrupted(Exception):
    """The share went away in the middle, or stopped taking writes: what was done is
    committed, the rest waits. `cause` says which, for the user to know what to fix: "full"
    (no space left on the share), "read_only", "denied" (permissions, to read or to write),
    "" (gone)."""

    def __init__(self, cause: str = "") -> None:
        super().__init__(cause)
        self.cause = cause


_CAUSES = {
    errno.ENOSPC: "full",
    getattr(errno, "EDQUOT", errno.ENOSPC): "full",
    errno.EROFS: "read_only",
    errno.EACCES: "denied",
    errno.EPERM: "denied",
}


def _interrupted(exc: OSError) -> Interrupted:
    return Interrupted(_CAUSES.get(exc.errno or 0, ""))


def _rel(folder: sh.TeamFolder, path: Path) -> str:
    try:
        return str(path.relative_to(folder.root))
    except ValueError:
        return path.name


# ------------------------------------------------------------------------------ entry point


class ShareUnreachableError(TeamError):
    """The shared folder is not there (a USB stick unplugged, a network drive down)."""


def sync(opened: OpenProfile, share: Path | None = None) -> SyncReport:
    """One synchronisation. A run that fails (the folder unreachable, a device revoked, any
    error) is recorded too, as "unreachable" or "failed", before the error goes on."""
    started = utcnow()
    try:
        return _sync(opened, share, started)
    except Exception as error:
        _record_failure(opened, started, error)
        raise


def _record_failure(opened: OpenProfile, started: dt.datetime, error: Exception) -> None:
    """A failed run in the history (only in a team: without one there is nothing to sync)."""
    outcome = "unreachable" if isinstance(error, ShareUnreachableError) else "failed"
    # The profile itself failing: the first error is the one to report, not this one.
    with suppress(Exception), opened.session() as session:
        if team_state(session) is not None:
            session.add(
                m.SyncRunRow(
                    started_at=started,
                    finished_at=utcnow(),
                    exported=0,
                    imported=0,
                    conflicts=conflict_service.open_count(session),
                    refused="[]",
                    outcome=outcome,
                )
            )


def _sync(opened: OpenProfile, share: Path | None, started: dt.datetime) -> SyncReport:
    report = SyncReport()
    with opened.session() as session:
        state = require_team(session)
        where = share or state.share
        if where is None:
            raise TeamError("Indicare la cartella condivisa con --share")
        if not where.is_dir():
            raise ShareUnreachableError(f"Cartella condivisa non raggiungibile: {where}")
        require_share(where)
        folder = sh.TeamFolder(where, state.team_id)
        passed = PassedOver.load(session, folder.root)
        breaks: list[tuple[Path, str]] = []
        roster = refresh_roster(session, state, folder, opened.device_id, passed, breaks)
        report.refused.extend(Refusal(_rel(folder, p), "roster_refused", why) for p, why in breaks)
        # the coordinator's roster in effect, put back where the share lost it
        report.restored += _mend_roster(session, folder, opened.device_id)
        passed.save(session)
        if is_revoked(session):
            raise TeamError(
                "Questo dispositivo è stato revocato dall'équipe: nessuna sincronizzazione"
            )
        _require_member(roster, opened.device_id)
        assert roster is not None
        if share is not None:
            set_local(session, "team_share", str(share.resolve()))
        conflicts_before = conflict_service.open_count(session)
    recovery.ensure_wrapped(opened, roster.recovery_recipient)
    try:
        _apply_snapshot(opened, state, folder, roster, report)
        _release_held(opened, report)
        _mend_own_or_say(opened, folder, report)
        _import(opened, state, folder, roster, report, passed)
        _release_waiting(opened, report)
        _export(opened, state, folder, roster, report)
        _fetch_blobs(opened, state, folder, report)
    except Interrupted as exc:
        report.outcome = "interrupted"
        report.interrupted_by = exc.cause
    report.own_clock_ahead = _own_clock_notice(opened)
    with opened.session() as session:
        report.refused = _not_reported_before(session, report.refused)
        passed.save(session)
    if report.failures() and report.outcome == "ok":
        report.outcome = "partial"  # held operations alone are no failure (HELD_REASON)
    with opened.session() as session:
        report.conflicts = conflict_service.open_count(session)
        report.new_conflicts = max(0, report.conflicts - conflicts_before)
        session.add(
            m.SyncRunRow(
                started_at=started,
                finished_at=utcnow(),
                exported=report.exported,
                imported=report.imported,
                conflicts=report.conflicts,
                refused=json.dumps([r.to_json() for r in report.refused], ensure_ascii=False),
                outcome=report.outcome,
            )
        )
        audit.append(
            session,
            AuditAction.SYNC,
            detail={
                "exported": report.exported,
                "imported": report.imported,
                "refused": len(report.refused),
                "outcome": report.outcome,
            },
        )
    return report


# Refusals of files in nobody's way: said by the first sync that meets them (that run's history
# keeps them), not by every later one. A file set aside; the folder of a device the roster does
# not know (junk, or a forgery: no queue waits on it), of which anyone who can write to the
# share could make thousands, each otherwise stored again in the history at every sync.
SAID_ONCE = frozenset(
    {"set_aside", "signer_unknown", "own_lost", "own_other_copy", "roster_refused"}
)
# Remembered as said: the most recently met (junk files are not to grow the profile for ever).
MAX_SAID = 100_000


def _not_reported_before(session: Session, refused: list[Refusal]) -> list[Refusal]:
    """A refusal of `SAID_ONCE` is reported by the first sync that meets it; later syncs that
    pass it over again do not repeat it. Other refusals are reported at every sync: they are
    still in the way."""
    stored = json.loads(get_local(session, SET_ASIDE_KEY) or "[]")
    known = dict.fromkeys(k for k in stored if isinstance(k, str))  # least recently met first
    out: list[Refusal] = []
    for r in refused:
        if r.reason in SAID_ONCE:
            key = f"{r.file}|{r.detail}" if r.reason == "set_aside" else f"{r.file}|{r.reason}"
            said = key in known
            known.pop(key, None)
            known[key] = None  # met now: kept longest
            if said:
                continue
        out.append(r)
    if any(r.reason in SAID_ONCE for r in refused):
        set_local(session, SET_ASIDE_KEY, json.dumps(list(known)[-MAX_SAID:]))
    return out


def _require_member(roster: Roster | None, device: uuid.UUID) -> None:
    member = roster.member(device) if roster else None
    if member is None:
        raise TeamError(
            "Dispositivo non ancora ammesso nell'équipe: il coordinatore deve confrontare "
            "l'impronta ed eseguire 'team admit'"
        )
    if not member.active:
        raise TeamError("Questo dispositivo è stato revocato dall'équipe: nessuna sincronizzazione")


# ------------------------------------------------------------------------------ snapshot


def _apply_snapshot(
    opened: OpenProfile,
    state: TeamState,
    folder: sh.TeamFolder,
    roster: Roster,
    report: SyncReport,
) -> None:
    if state.coordinator.coordinator == opened.device_id:
        return
    with opened.session() as session:
        if get_local(session, SNAPSHOT_KEY):
            return
        keys = device_keys(session)
    parts = _safe(lambda: folder.snapshot_parts(opened.device_id))
    if not parts:
        return
    coordinator = (state.coordinator.coordinator, verify_key(state.coordinator.sign_key))
    total: int | None = None  # as the first part that verifies says (signed)
    covered: dict[uuid.UUID, tuple[int, str]] = {}
    applied: set[int] = set()
    problems: dict[int, Refusal] = {}
    for number, path in parts:
        data = _read_file(folder, path)
        if isinstance(data, Refusal):
            problems[number] = data
            continue
        try:
            header, ops = read_snapshot(
                data,
                coordinator,
                keys.identity,
                team_id=state.team_id,
                for_device=opened.device_id,
            )
        except BundleError as exc:
            problems[number] = Refusal(_rel(folder, path), exc.reason, exc.detail)
            continue
        if header.part != number or header.parts != (total or header.parts):
            problems[number] = Refusal(_rel(folder, path), "misplaced", "snapshot part")
            continue
        total, covered = header.parts, header.covers
        try:
            with opened.session() as session:
                result = apply_operations(
                    session, ops, _held_records(session), roster_devices(roster)
                )
                _hold(session, result.held)
                _keep_waiting(session, result.waiting)
        except (ApplyRefused, sqlalchemy.exc.IntegrityError) as exc:
            reason = exc.reason if isinstance(exc, ApplyRefused) else "missing_dependency"
            detail = exc.detail if isinstance(exc, ApplyRefused) else ""  # operation and field
            problems[number] = Refusal(_rel(folder, path), reason, detail)
            continue
        applied.add(number)
        report.imported += result.applied
        report.ignored += result.ignored
        _report_held(report, _rel(folder, path), result.held)
    _report_parts(report, problems, total)
    _report_missing_parts(report, total, applied | set(problems), folder, opened.device_id)
    # every part applied names its own number, within the total its header signed
    if total is None or len(applied) != total:
        return  # the parts applied stay (repeatable); the snapshot counts once all are
    with opened.session() as session:
        for device, (sequence, digest) in covered.items():
            known = session.get(m.SyncBundleRow, (device, sequence))
            if device == opened.device_id or known is not None:
                continue
            session.add(
                m.SyncBundleRow(
                    device_id=device,
                    sequence=sequence,
                    direction="snapshot",
                    file_hash=digest,
                    op_count=0,
                    at=utcnow(),
                )
            )
        set_local(session, SNAPSHOT_KEY, utcnow().isoformat())


def _report_parts(report: SyncReport, problems: dict[int, Refusal], total: int | None) -> None:
    """A file beyond the parts the signed headers count is set aside (reported, left in
    place); a part the snapshot needs that is missing or refused is reported as such."""
    for number, refusal in sorted(problems.items()):
        if total is not None and not 1 <= number <= total:
            report.refused.append(Refusal(refusal.file, "set_aside", refusal.reason))
        else:
            report.refused.append(refusal)


def _report_missing_parts(
    report: SyncReport,
    total: int | None,
    present: set[int],
    folder: sh.TeamFolder,
    device: uuid.UUID,
) -> None:
    """The parts the signed headers count that are not on the share: how many, and the first
    (a header counting 9,999 parts with one present said nothing of the others)."""
    missing = [] if total is None else [n for n in range(1, total + 1) if n not in present]
    if missing:
        first = _rel(folder, folder.snapshot_part(device, missing[0]))
        report.refused.append(Refusal(first, "gap", f"mancano {len(missing)} parti su {total}"))


# ------------------------------------------------------------------------------ export


def pending_count(session: Session, device: DeviceId) -> int:
    upto = int(get_local(session, EXPORTED_KEY) or 0)
    return int(
        session.execute(
            select(func.count())
            .select_from(m.ChangeRow)
            .where(m.ChangeRow.seq > upto, m.ChangeRow.device_id == device)
        ).scalar_one()
    )


def _last_bundle(session: Session, device: uuid.UUID) -> tuple[int, str]:
    row = session.execute(
        select(m.SyncBundleRow.sequence, m.SyncBundleRow.file_hash)
        .where(m.SyncBundleRow.device_id == device)
        .order_by(m.SyncBundleRow.sequence.desc())
        .limit(1)
    ).first()
    return (row[0], row[1]) if row else (0, FIRST_PREV_HASH)


# Operations published per bundle at most, and the plaintext bytes gathered for one (a little
# under what a bundle holds; `split_sized` has the last word): a first publish of a whole
# history holds one bundle in memory at a time, each committed once written.
_EXPORT_WINDOW = 10_000
_EXPORT_BYTES = MAX_BUNDLE_PLAINTEXT - 64 * 1024
_FETCH = 256  # rows fetched at a time: what is fetched past a bundle's end is dropped unread
_KINDS = frozenset(kind.value for kind in OpKind)


class _Pending(NamedTuple):
    """An unpublished operation of this device, its place in the chain verified: its
    canonical JSON as it is published, and what the export needs besides."""

    seq: int
    op_hex: str
    entity: str
    entity_hex: str
    encoded: bytes

    @property
    def op_id(self) -> uuid.UUID:
        return uuid.UUID(hex=self.op_hex)


# Each pending operation beside the hash of the log entry just before it (any device's), in
# one pass through ix_changes_device, the columns as SQLite stores them (no ORM object).
_PENDING_SQL = (
    "SELECT c.seq, c.op_id, c.device_id, c.hlc, c.entity, c.entity_id, c.kind, c.data, "
    "c.replaces, c.seen, c.prev_hash, c.hash, b.hash FROM changes AS c "
    "LEFT JOIN changes AS b ON b.seq = c.seq - 1 "
    "WHERE c.seq > :upto AND c.device_id = :device ORDER BY c.seq LIMIT :n"
)


def _pending(session: Session, device: uuid.UUID, limit: int) -> Generator[_Pending, None, None]:
    """This device's first `limit` unpublished operations in order, each checked against the
    hash chain as it is read (its own hash, and its link to the entry before it) and turned
    into the JSON it is published as, straight from the stored columns: a log altered behind
    the application's back is never published (`check` verifies the whole chain). Lazy: rows
    the caller does not take are neither checked nor assembled."""
    upto = int(get_local(session, EXPORTED_KEY) or 0)
    cursor = session.connection().exec_driver_sql(
        _PENDING_SQL, {"upto": upto, "device": device.hex, "n": limit}
    )
    # every row is this device's (the query says so): its id in the published form, made once
    mine = str(device)
    try:
        while batch := cursor.fetchmany(_FETCH):
            for (
                seq,
                op,
                dev,
                hlc,
                entity,
                eid,
                kind,
                data,
                replaces,
                seen,
                back,
                link,
                before,
            ) in batch:
                encoded = _published(
                    (before if seq > 1 else GENESIS) == back and dev == device.hex,
                    link, back, seq, op, mine, hlc, entity, eid, kind, data, replaces, seen,
                )  # fmt: skip
                if encoded is None:
                    raise IntegrityError(
                        "Registro delle modifiche alterato: nessun dato pubblicato "
                        "(eseguire 'check')"
                    )
                yield _Pending(seq, op, entity, eid, encoded)
    finally:
        cursor.close()


def _published(
    linked: bool,
    link: str,
    back: str,
    seq: int,
    op: str,
    device: str,
    hlc: str,
    entity: str,
    eid: str,
    kind: str,
    data: str,
    replaces: str | None,
    seen: str | None,
) -> bytes | None:
    """The operation's JSON as it is published, when its entry follows the one before
    (`linked`) and its stored columns hash to its `link` (`link_hash` of `change_payload`, the
    same text built without the payload dict); None when not: a kind or value the application
    never stores does not. The ids are made hyphenated once, for both texts; `device` is."""
    if not linked or kind not in _KINDS:
        return None
    try:
        op_id, entity_id = dashed_hex(op), dashed_hex(eid)
        replaced = None if replaces is None else dashed_hex(replaces)
        body = dashed_link_text(
            back, seq, op_id, device, hlc, entity, entity_id, kind, data, replaced, seen
        )
    except TypeError:
        return None
    if hashlib.sha256(body.encode("utf-8")).hexdigest() != link:
        return None
    return dashed_operation_json(op_id, device, hlc, entity, entity_id, kind, data, replaced, seen)


def _pending_rows(
    session: Session, device: uuid.UUID, limit: int = _EXPORT_WINDOW
) -> list[_Pending]:
    """This device's first `limit` unpublished operations, checked against the chain."""
    with closing(_pending(session, device, limit)) as found:
        return list(found)


def _next_run(session: Session, device: uuid.UUID) -> list[_Pending]:
    """The operations of this device's next bundle: at most `_EXPORT_WINDOW` of them and
    about one bundle's bytes, read (and checked) in one pass."""
    taken: list[_Pending] = []
    used = 0
    with closing(_pending(session, device, _EXPORT_WINDOW)) as found:
        for op in found:
            used += len(op.encoded) + 1
            if taken and used > _EXPORT_BYTES:
                break
            taken.append(op)
    return taken


def _export(
    opened: OpenProfile,
    state: TeamState,
    folder: sh.TeamFolder,
    roster: Roster,
    report: SyncReport,
) -> None:
    me = opened.device_id
    keys: Any = None
    tries = 0
    # What a sync killed before its rename left in this device's own folder (nobody else
    # writes there): an encrypted bundle nobody will read, else left on the share for good
    own = folder.bundle(me, 1).parent
    if not _own_folder_ok(folder, me, report):
        return
    _safe(lambda: remove_stale_temp_files(own, SHARE_LEFTOVERS, time.time()))
    while (tries := tries + 1) <= 3:  # a file appearing at the place being written: again
        with opened.session() as session:
            keys = keys or device_keys(session)
            pending = _next_run(session, me)
            if not pending:
                return
            sequence, prev_hash = _last_bundle(session, me)
            slot = _next_slot(folder, state.team_id, me, keys, sequence, report)
            if slot is None:
                return
        seqs = [p.seq for p in pending]
        attachments = [
            (i, uuid.UUID(hex=p.entity_hex))
            for i, p in enumerate(pending)
            if p.entity == _ATTACHMENTS
        ]
        encoded = [p.encoded for p in pending]
        del pending
        offset = 0
        for count in split_sized([len(e) for e in encoded]):
            if slot is None:
                slot = _next_slot(folder, state.team_id, me, keys, sequence, report)
                if slot is None:
                    return
            sequence, slot = slot, None
            path = folder.bundle(me, sequence)
            # prev_hash names the bundle this one follows: the one before, or the last this
            # device wrote before the slots it moved past (docs/bundle-format.md)
            data = encode_bundle_raw(
                BundleFields(state.team_id, me, sequence, prev_hash),
                encoded[offset : offset + count],
                roster.recipients(),
                keys.signing_key,
            )
            run_attachments = [a for i, a in attachments if offset <= i < offset + count]
            try:
                with opened.session() as session:
                    _write_blobs(session, folder, roster, run_attachments)
                    _safe(lambda data=data, path=path: sh.write_new(path, data))
                    _record_own(session, me, sequence, data, count, path)
                    offset += count
                    set_local(session, EXPORTED_KEY, str(seqs[offset - 1]))
            except sh.NotAFolder as exc:
                _say_once(report, Refusal(_rel(folder, exc.path), "not_a_folder"))
                return
            except FileExistsError:
                # A second sync of this same profile (another process) published this slot
                # between the reading above and this write: it holds what this run was about
                # to publish, and its transaction has recorded it. Nothing of this run is kept;
                # the next sync goes on from where that one left off. Anything else there
                # appeared meanwhile: set aside by the next pass, which writes past it.
                found = _signed_header(folder, path, {me: keys.signing_key.public_key()},
                                       state.team_id)  # fmt: skip
                if isinstance(found, BundleHeader) and found.sequence == sequence:
                    return
                break
            prev_hash = file_sha256(data)
            report.exported += count
            report.bundles_exported += 1
            _remove_blobs(opened, folder, run_attachments)
        else:
            tries = 0  # the next bundle of a long history, if any (read where the last ended)


_ATTACHMENTS = m.AttachmentRow.__tablename__

# This device's own bundles looked at by each sync beyond the newest ones: the next older ones
# in turn (a cursor), so a sync costs the same however long the history, and every file is
# looked at again within a few syncs. A missing file is seen at once (one listing of the folder).
_MEND_NEWEST = 16
_MEND_TURN = 48
MEND_CURSOR_KEY = "sync_mend_cursor"


def _mend_own(opened: OpenProfile, folder: sh.TeamFolder, report: SyncReport) -> None:
    """Put back, as published, this device's bundles gone missing or damaged on the share (a
    teammate's cleaning, a synced folder's mishap, a tampered laptop): the readers that had not
    read one wait for it for good, since they take a device's bundles in turn. A damaged file is
    set aside beside it (renamed, never deleted). A missing bundle published before its bytes
    were kept (revision 0008) cannot be put back: said once. The file's stamp when last found
    intact is kept too (`_stamp`): a file whose stamp has not changed is not read."""
    me = opened.device_id
    if not _own_folder_ok(folder, me, report):
        return
    listed = dict(_safe(lambda: folder.bundles(me)))
    with opened.read_session() as session:  # reads only: no write lock taken
        rows = session.execute(
            select(
                m.SyncBundleRow.sequence,
                m.PublishedBundleRow.sequence.is_not(None),
                m.SyncBundleRow.stamp,
                m.SyncBundleRow.file_hash,
            )
            .outerjoin(
                m.PublishedBundleRow, m.PublishedBundleRow.sequence == m.SyncBundleRow.sequence
            )
            .where(m.SyncBundleRow.device_id == me, m.SyncBundleRow.direction == "out")
            .order_by(m.SyncBundleRow.sequence)
        ).all()
        cursor = int(get_local(session, MEND_CURSOR_KEY) or 0)
    if not rows:
        return
    stamps: dict[int, str | None] = {}
    older = [r for r in rows[:-_MEND_NEWEST] if r[0] > cursor][:_MEND_TURN]
    looked = {r[0] for r in older} | {r[0] for r in rows[-_MEND_NEWEST:]}
    for sequence, kept, stamp, published in rows:
        path = listed.get(sequence)
        if path is not None and sequence not in looked:
            continue  # there, and not this sync's turn to be looked at
        if not kept:
            if path is None:
                report.refused.append(
                    Refusal(_rel(folder, folder.bundle(me, sequence)), "own_lost")
                )
            continue
        now = None if path is None else _stamp(path)  # before reading: the stamp of what is read
        if path is not None and now == stamp:
            continue
        try:
            found = _Found(sequence, path, now, published)
            stamps[sequence] = _mend_one(opened, folder, found, report)
        except sh.NotAFolder as exc:  # the export says it too: once is enough
            _say_once(report, Refusal(_rel(folder, exc.path), "not_a_folder"))
            break
        except Interrupted:
            _record_stamps(opened, stamps, None)  # what was found so far stays found
            raise
    last = older[-1][0] if len(older) == _MEND_TURN else 0  # from the oldest again
    _record_stamps(opened, stamps, last if last != cursor else None)


def _record_stamps(opened: OpenProfile, stamps: dict[int, str | None], cursor: int | None) -> None:
    """The stamps of the files looked at, and the cursor when it moved, in one transaction (one
    a file took half a second when a copied share had all of them read back); nothing written
    when nothing changed: a short history looks at every file each time."""
    found = {sequence: stamp for sequence, stamp in stamps.items() if stamp is not None}
    if not found and cursor is None:
        return
    with opened.session() as session:
        me = opened.device_id
        for sequence, stamp in found.items():
            session.get_one(m.SyncBundleRow, (me, sequence)).stamp = stamp
        if cursor is not None:
            set_local(session, MEND_CURSOR_KEY, str(cursor))


def _mend_own_or_say(opened: OpenProfile, folder: sh.TeamFolder, report: SyncReport) -> None:
    """`_mend_own`, whose failure to write on the share (a folder made read-only, a full disk)
    is said and keeps no one else's work from coming in: the import goes on (and meets the
    share gone itself, if it is)."""
    try:
        _mend_own(opened, folder, report)
    except Interrupted as exc:
        own = _rel(folder, folder.bundle(opened.device_id, 1).parent)
        report.refused.append(Refusal(own, "not_restored", exc.cause))


class _Found(NamedTuple):
    """One of this device's bundles as the share has it: its file (None: missing), that
    file's stamp now, and the sha256 it was published with."""

    sequence: int
    path: Path | None
    stamp: str | None
    published: str


def _mend_one(
    opened: OpenProfile, folder: sh.TeamFolder, found: _Found, report: SyncReport
) -> str | None:
    """One bundle of this device's, missing or not found with its stamp: kept as it is when its
    bytes are the published ones, else put back. The stamp to record for it (None: nothing to
    record). The database is read only for a file that is not as published."""
    me, sequence, path, stamp = opened.device_id, found.sequence, found.path, found.stamp
    target = folder.bundle(me, sequence)
    if path is not None:
        data = _read_file(folder, path)
        if isinstance(data, bytes) and file_sha256(data) == found.published:
            return stamp
        with opened.read_session() as session:
            mine = stored_device_keys(session)
        if isinstance(data, bytes) and mine is not None:
            signers: dict[uuid.UUID, Any] = {me: mine.signing_key.public_key()}
            try:
                header = signed_header(data, signers, team_id=folder.team_id)
            except BundleError:
                header = None
            if header is not None and header.sequence == sequence:
                # Signed by this device for this place: another copy of this profile (a backup
                # restored on a second laptop) published there meanwhile. Not damage: kept,
                # said once, not read again while it stays as it is.
                report.refused.append(Refusal(_rel(folder, path), "own_other_copy"))
                return stamp
        _safe(lambda: portable.move_aside(path, sh.aside_name(path)))
    with opened.read_session() as session:  # the bytes themselves only to put them back
        kept = session.get_one(m.PublishedBundleRow, sequence).content
    try:
        _safe(lambda: sh.write_new(target, kept))
    except FileExistsError:
        return None  # something appeared there meanwhile: looked at again by the next sync
    report.restored += 1
    return _stamp(target)


def _mend_roster(session: Session, folder: sh.TeamFolder, device: uuid.UUID) -> int:
    """1 when this device, the coordinator, put its roster in effect back on the share, else 0
    (`team.mend_roster`); the share in trouble ends the sync as the roster's refresh does."""
    try:
        return int(mend_roster(session, folder, DeviceId(device)))
    except FileExistsError:
        return 0  # written meanwhile: looked at again by the next sync
    except sh.NotAFolder:
        return 0  # a file where the roster folder belongs: the next change of the team says it


def _own_folder_ok(folder: sh.TeamFolder, me: uuid.UUID, report: SyncReport) -> bool:
    """Whether this device may write in its folder of bundles: not when a folder on the way
    there is a symbolic link (the application makes none; anyone who can write to the share
    could point one outside it, and the device would write its bundles there), said as a
    file where its folder belongs."""
    linked = _safe(lambda: folder.linked(folder.bundle(me, 1).parent))
    if linked is None:
        return True
    _say_once(report, Refusal(_rel(folder, linked), "not_a_folder", "link"))
    return False


def _say_once(report: SyncReport, refusal: Refusal) -> None:
    if refusal not in report.refused:
        report.refused.append(refusal)


def _stamp(path: Path) -> str | None:
    """The stamp of a regular file (None for anything else or nothing there): its size and
    modification time, and what no one can set back, its inode and status-change time (a file
    rewritten in place with its size and time set back would otherwise pass for intact), as
    one digest."""
    try:
        status = os.lstat(path)
    except OSError:  # not there, or the share in trouble: reading it will say which
        return None
    if not stat.S_ISREG(status.st_mode):
        return None
    facts = (status.st_size, status.st_mtime_ns, status.st_ino, status.st_ctime_ns)
    return hashlib.blake2b(repr(facts).encode(), digest_size=16).hexdigest()


def _next_slot(
    folder: sh.TeamFolder,
    team_id: uuid.UUID,
    me: uuid.UUID,
    keys: Any,
    after: int,
    report: SyncReport,
) -> int | None:
    """Where this device's next bundle goes: the slot after its last bundle, or the first free
    one past slots holding files it did not write (not a bundle signed by this device for that
    slot). Those are set aside: reported, left in place, never deleted; the bundle written past
    them names the last bundle it follows, so readers move past them too. None when the slot
    holds this device's own next bundle (another copy of the device wrote it since this run's
    import): the next sync's import takes it in first; nothing is written over it."""
    mine = {me: keys.signing_key.public_key()}
    slot = after + 1
    aside: list[Refusal] = []
    free: int | None = None
    # lexists: a link to nothing is there all the same (exists() follows it, and the write
    # then found the place taken and took it for this device's own bundle: silenced)
    while (path := folder.bundle(me, slot)) and _safe(lambda p=path: os.path.lexists(p)):
        if slot - after > MAX_SKIP or slot > MAX_SEQUENCE:
            report.refused.append(Refusal(_rel(folder, path), "no_slot"))
            return None
        found = _signed_header(folder, path, mine, team_id)
        if isinstance(found, BundleHeader) and found.sequence == slot:
            break  # this device's own next bundle: nowhere to write now
        reason = found.reason if isinstance(found, Refusal) else "misplaced"
        aside.append(Refusal(_rel(folder, path), "set_aside", reason))
        slot += 1
    else:
        free = slot
    if aside:  # each said once, in place of what the import said of the same file
        files = {r.file for r in aside}
        report.refused[:] = [r for r in report.refused if r.file not in files]
        report.refused.extend(aside)
    return free


def _write_blobs(
    session: Session, folder: sh.TeamFolder, roster: Roster, ids: list[uuid.UUID]
) -> None:
    """Attachment contents, encrypted to the team, written before the bundle that names them."""
    if not ids:
        return
    recipients = [pyrage.x25519.Recipient.from_str(r) for r in roster.recipients()]
    for att_id in ids:  # one content in memory at a time
        path = folder.blob(att_id)
        if _safe(path.exists):
            continue
        content = session.execute(
            select(m.AttachmentRow.content).where(m.AttachmentRow.id == att_id)
        ).scalar()
        if content:
            blob = pyrage.encrypt(content, recipients)
            _safe(lambda path=path, blob=blob: sh.write_replace(path, blob))


def _remove_blobs(opened: OpenProfile, folder: sh.TeamFolder, ids: list[uuid.UUID]) -> None:
    """The contents of documents removed on this device, deleted from the share once the
    bundle that says so is published: the removal promises the document is gone, and a copy
    left on the share could be fetched back by a forged restore, or opened by a device revoked
    since. That is the team's copy and every snapshot's copy for a member admitted before (one
    who has not started yet then starts without it, as if it had been removed before). The
    record stays (with its size and sha256) for sync."""
    if not ids:
        return
    with opened.read_session() as session:
        removed = list(
            session.execute(
                select(m.AttachmentRow.id).where(
                    m.AttachmentRow.id.in_(ids), m.AttachmentRow.deleted_at.is_not(None)
                )
            ).scalars()
        )
    if not removed:
        return
    members = _safe(folder.snapshot_devices)
    for att_id in removed:
        for path in (folder.blob(att_id), *(folder.snapshot_blob(d, att_id) for d in members)):
            _safe(lambda path=path: path.unlink(missing_ok=True))


# ------------------------------------------------------------------------------ import


def _import(
    opened: OpenProfile,
    state: TeamState,
    folder: sh.TeamFolder,
    roster: Roster,
    report: SyncReport,
    passed: PassedOver,
) -> None:
    """Every device's waiting bundles, in sequence order per device. A bundle whose records
    name a record of another device not applied yet waits for the next round; rounds go on
    while some device makes progress, so the order devices are listed in does not matter."""
    with opened.session() as session:
        keys = device_keys(session)
    signers = roster.signers()
    rights = _Rights.of(roster)
    queues: dict[uuid.UUID, _Queue] = {}
    for device in sorted(set(_safe(folder.bundle_devices)), key=str):
        queue = _queue(opened, folder, roster, device, report, passed)
        if queue is not None:
            queues[device] = queue
    blocked: dict[uuid.UUID, Refusal] = {}
    progress = True
    while progress:
        progress = False
        for device, queue in queues.items():
            while not queue.stopped and not queue.gap:
                moved = _take_next(
                    opened, state, folder, signers, rights, keys, device, queue, report
                )
                if isinstance(moved, Refusal):
                    blocked[device] = moved
                    break
                if not moved:
                    break
                blocked.pop(device, None)
                progress = True
    report.refused.extend(blocked.values())
    for device, queue in queues.items():
        later = [s for s in queue.files if s > queue.expected]
        if not queue.stopped and device not in blocked and later:
            report.refused.append(
                Refusal(
                    _rel(folder, queue.files[min(later)]),
                    "gap",
                    f"manca {folder.bundle(device, queue.expected).name}",
                )
            )


def _take_next(
    opened: OpenProfile,
    state: TeamState,
    folder: sh.TeamFolder,
    signers: dict[uuid.UUID, Any],
    rights: _Rights,
    keys: Any,
    device: uuid.UUID,
    queue: _Queue,
    report: SyncReport,
) -> bool | Refusal:
    """Apply the device's next bundle, or move past its expected slot when the device did.
    True when the queue went on; the "missing_dependency" refusal when the bundle waits for
    records of another device; False when the queue stops here (refused: reported) or waits
    for a bundle not on the share yet (`gap`)."""
    path = queue.files.get(queue.expected)
    data = None if path is None else _read_file(folder, path)
    refused: Refusal | None = None  # None with no data: the expected slot is empty
    if isinstance(data, bytes):
        assert path is not None
        outcome = _apply_bundle(
            opened, state, folder, signers, rights, keys, device, queue, path, data, report
        )
        if outcome is None:  # applied
            del queue.files[queue.expected]
            queue.last_hash = file_sha256(data)
            queue.expected += 1
            return True
        if not isinstance(outcome, Refusal):  # "waits"
            return Refusal(_rel(folder, path), "missing_dependency")
        refused = outcome
    else:
        refused = data
    if _moved_past(folder, signers, state.team_id, device, queue, refused, report):
        return True
    if refused is None:
        queue.gap = True  # reported at the end of the import when a later bundle is there
    else:
        report.refused.append(refused)
        queue.stopped = True
    return False


@dataclass
class _Queue:
    expected: int
    last_hash: str
    files: dict[int, Path]
    passed: PassedOver  # later slots' files already found to be no bundle of the device
    stopped: bool = False
    gap: bool = False


def _moved_past(
    folder: sh.TeamFolder,
    signers: dict[uuid.UUID, Any],
    team_id: uuid.UUID,
    device: uuid.UUID,
    queue: _Queue,
    refused: Refusal | None,
    report: SyncReport,
) -> bool:
    """Whether the device went on past its expected slot, empty or holding a file it did not
    write: its first bundle in a later slot, signed, names the last applied bundle as the one
    it follows (`prev_hash`). The files between are set aside (reported, left in place) and
    the queue goes on from that bundle. A later bundle of the device that does not follow the
    last applied one leaves everything as it was (a gap or a refusal)."""
    passed = [] if refused is None else [refused]
    for slot in sorted(s for s in queue.files if queue.expected < s <= queue.expected + MAX_SKIP):
        path = queue.files[slot]
        stamp = queue.passed.stamp(path)  # before reading: the stamp of what is read
        if queue.passed.known(path, stamp):  # no bundle of the device's, unchanged: unread
            passed.append(Refusal(_rel(folder, path), "misplaced"))
            continue
        found = _signed_header(folder, path, signers, team_id)
        if isinstance(found, BundleHeader) and (found.device_id, found.sequence) == (device, slot):
            if found.prev_hash != queue.last_hash:
                return False
            report.refused.extend(Refusal(r.file, "set_aside", r.reason) for r in passed)
            for earlier in [s for s in queue.files if s < slot]:
                del queue.files[earlier]
            queue.expected = slot
            return True
        queue.passed.add(path, stamp)
        passed.append(
            found if isinstance(found, Refusal) else Refusal(_rel(folder, path), "misplaced")
        )
    return False


def _signed_header(
    folder: sh.TeamFolder,
    path: Path,
    signers: dict[uuid.UUID, Any],
    team_id: uuid.UUID,
) -> BundleHeader | Refusal:
    """The header of a bundle file whose signature verifies, nothing decrypted; else why not."""
    data = _read_file(folder, path)
    if isinstance(data, Refusal):
        return data
    try:
        return signed_header(data, signers, team_id=team_id)
    except BundleError as exc:
        return Refusal(_rel(folder, path), exc.reason, exc.detail)


def _queue(
    opened: OpenProfile,
    folder: sh.TeamFolder,
    roster: Roster,
    device: uuid.UUID,
    report: SyncReport,
    passed: PassedOver,
) -> _Queue | None:
    member = roster.member(device)
    if member is None:  # no bundle of it was ever applied here: nothing to read in the profile
        files = _safe(lambda: folder.bundles(device))
        if files:
            report.refused.append(Refusal(_rel(folder, files[0][1]), "signer_unknown"))
        return None
    with opened.session() as session:
        applied, last_hash = _last_bundle(session, device)
    files = _safe(lambda: folder.bundles(device))
    waiting = {s: p for s, p in files if s > applied}
    if not waiting:
        # counted as applied beyond what the share holds (this device's own: `_mend_own`'s)
        if files and files[-1][0] < applied and device != opened.device_id:
            report.refused.append(Refusal(_rel(folder, files[-1][1]), "beyond_share"))
        return None
    if not member.active:
        report.refused.append(Refusal(_rel(folder, waiting[min(waiting)]), "revoked"))
        return None
    return _Queue(applied + 1, last_hash, waiting, passed)


@dataclass(frozen=True, slots=True)
class _Rights:
    """Who may write what, from the roster the coordinator signed. The coordinator's devices
    (the one that signs the roster, and any member whose operator is a coordinator) write
    anything; every other device writes its work, its own operator's record with the role the
    roster gives it, and its own device's record, never an Ambito's settings. The operators'
    roles decide who may change those settings, so a teammate's laptop must not be able to
    demote the coordinator or promote itself."""

    coordinators: frozenset[uuid.UUID]
    operators: dict[uuid.UUID, tuple[uuid.UUID, str]]  # device -> its operator and role
    members: frozenset[uuid.UUID]  # every device of the roster, revoked ones too

    @classmethod
    def of(cls, roster: Roster) -> _Rights:
        return cls(
            frozenset(
                {roster.coordinator}
                | {m.device_id for m in roster.active if m.role == Role.COORDINATOR.value}
            ),
            {m.device_id: (m.operator_id, m.role) for m in roster.active},
            roster_devices(roster),
        )

    def overstep(self, device: uuid.UUID, ops: Sequence[Operation]) -> str:
        """The table a bundle of `device` writes beyond its rights; "" when it does not."""
        if device in self.coordinators:
            return ""
        operator, role = self.operators.get(device, (None, None))
        for op in ops:
            if op.entity in COORDINATOR_TABLES:
                return op.entity
            deletes = op.data.get("deleted_at") is not None
            if op.entity == m.OperatorRow.__tablename__ and (
                op.entity_id != operator or op.data.get("role", role) != role or deletes
            ):
                return op.entity
            if op.entity == m.DeviceRow.__tablename__ and (op.entity_id != device or deletes):
                return op.entity
        return ""


def roster_devices(roster: Roster | None) -> frozenset[uuid.UUID]:
    """The devices the coordinator signed into the team, revoked ones too: their operations
    are not counted against merge.MAX_WRITERS."""
    return frozenset() if roster is None else frozenset(m.device_id for m in roster.members)


def _members(session: Session) -> frozenset[uuid.UUID]:
    state = team_state(session)
    return roster_devices(None if state is None else state.roster)


def _apply_bundle(
    opened: OpenProfile,
    state: TeamState,
    folder: sh.TeamFolder,
    signers: dict[uuid.UUID, Any],
    rights: _Rights,
    keys: Any,
    device: uuid.UUID,
    queue: _Queue,
    path: Path,
    data: bytes,
    report: SyncReport,
) -> Refusal | str | None:
    """None when applied, "waits" when it names records not here yet, else the refusal.
    A bundle that writes what only the coordinator may write (`_Rights`) is refused whole
    unless its device is the coordinator's in the roster: the application never writes such a
    row elsewhere, so it comes from a tampered laptop."""
    rel = _rel(folder, path)
    expected, last_hash = queue.expected, queue.last_hash
    try:
        header, ops = read_bundle(data, signers, keys.identity, team_id=state.team_id)
    except BundleError as exc:
        return Refusal(rel, exc.reason, exc.detail)
    if header.device_id != device:
        return Refusal(rel, "misplaced", "device")
    if header.sequence != expected:
        return Refusal(rel, "replayed" if header.sequence < expected else "misplaced", "sequence")
    if header.prev_hash != last_hash:
        return Refusal(rel, "fork", "prev_hash")
    overstep = rights.overstep(device, ops)
    if overstep:
        return Refusal(rel, "not_coordinator", overstep)
    own = device == opened.device_id
    try:
        with opened.session() as session:
            if own and _adopted(session, device, ops):
                _record_own(session, device, expected, data, len(ops))
                report.exported += len(ops)
                report.bundles_exported += 1
                return None
            result = apply_operations(session, ops, _held_records(session), rights.members)
            dropped = _hold(session, result.held) + _keep_waiting(session, result.waiting)
            if own:
                _record_own(session, device, expected, data, len(ops))
            else:
                session.add(_bundle_row(device, expected, "in", data, len(ops)))
    except ApplyRefused as exc:
        return Refusal(rel, exc.reason, exc.detail)
    except sqlalchemy.exc.IntegrityError:
        return "waits"  # rolled back: a record it names comes in another device's bundle
    report.imported += result.applied
    report.ignored += result.ignored
    report.bundles_imported += 1
    _report_held(report, rel, result.held)
    if dropped:
        detail = f"{dropped} oltre le {MAX_HELD} già in attesa: scartate"
        report.refused.append(Refusal(rel, "clock_ahead", detail))
    return None


# ------------------------------------------------------------------------------ clock errors


def _held(session: Session) -> list[Operation]:
    stored = get_local(session, HELD_KEY)
    return [Operation.from_json(v, i) for i, v in enumerate(json.loads(stored))] if stored else []


def _held_count(session: Session) -> int:
    stored = get_local(session, HELD_KEY)
    return len(json.loads(stored)) if stored else 0


def _held_records(session: Session) -> set[tuple[str, str]]:
    """The records (table, id) whose insert is held: what needs them waits with it."""
    return {(op.entity, str(op.entity_id)) for op in _held(session) if op.kind is OpKind.INSERT}


# At most this many operations are held: each sync reads them all, and a teammate's laptop
# could otherwise send future-dated operations without end (a laptop whose clock is wrong
# writes a few hundred a day). Those past it are dropped, and said.
MAX_HELD = 10_000
# The wall clock (ms) of the last attempt to release the held operations: only one that was
# ahead of it and is not ahead of the clock now can let anything more through.
RELEASE_CHECKED_KEY = "sync_held_checked_ms"


def _hold(session: Session, held: Sequence[Operation]) -> int:
    """Keep future-dated operations (already verified: they came in a signed bundle) in the
    same transaction that applies the rest of their bundle; how many were dropped, past
    MAX_HELD."""
    if not held:
        return 0
    kept = _held(session)
    known = {op.op_id for op in kept}
    kept.extend(op for op in held if op.op_id not in known)
    dropped = max(0, len(kept) - MAX_HELD)
    _store_held(session, kept[:MAX_HELD])
    return dropped


def _report_held(report: SyncReport, rel: str, held: Sequence[Operation]) -> None:
    if held:
        report.held += len(held)
        count = len(held)
        what = "operazione" if count == 1 else "operazioni"
        report.refused.append(Refusal(rel, "clock_ahead", f"{count} {what}"))


# Where a refusal of a held operation is said to come from: it was read from a bundle applied
# in an earlier sync, which is not named again.
HELD_SOURCE = "operazioni tenute da parte"


@dataclass
class _Released:
    applied: int = 0
    ignored: int = 0
    kept: list[Operation] = field(default_factory=list)
    refused: list[Refusal] = field(default_factory=list)
    waiting: list[Operation] = field(default_factory=list)  # for their record (_keep_waiting)


def _release_held(opened: OpenProfile, report: SyncReport) -> None:
    """The held operations this clock has reached, applied in one transaction; the others
    stay held. When that transaction is refused, the batch is halved until each refusal is
    one operation's: that one is dropped and named, what waits for a record not here yet
    stays held, the rest is applied. One altered or impossible operation among them (a
    teammate's laptop may send one on purpose) cannot keep every other held for ever."""
    now_ms = int(opened.now().timestamp() * 1000)
    with opened.read_session() as session:
        held = _held(session)
        checked = get_local(session, RELEASE_CHECKED_KEY)
    if not held or (checked and not _any_due(held, int(checked), now_ms)):
        return
    try:
        with opened.session() as session:
            result = apply_operations(session, held, (), _members(session))
            _store_held(session, result.held)
            _keep_waiting(session, result.waiting)
            set_local(session, RELEASE_CHECKED_KEY, str(now_ms))
        done = _Released(result.applied, result.ignored, list(result.held))
    except (ApplyRefused, sqlalchemy.exc.IntegrityError):
        done = _Released()
        _release_apart(opened, held, done)
        with opened.session() as session:
            _store_held(session, done.kept)
            _keep_waiting(session, done.waiting)
            set_local(session, RELEASE_CHECKED_KEY, str(now_ms))
    report.imported += done.applied
    report.ignored += done.ignored
    report.released += len(held) - len(done.kept) - len(done.refused)
    report.refused.extend(done.refused)


def _any_due(held: Sequence[Operation], checked_ms: int, now_ms: int) -> bool:
    """Whether an operation ahead of the clock at the last attempt is no longer ahead of it:
    else that attempt's answer stands (what waits with a held insert waits for that one)."""
    for op in held:
        stamp = Timestamp.decode(op.hlc)
        if is_ahead(stamp, checked_ms) and not is_ahead(stamp, now_ms):
            return True
    return False


def _release_apart(opened: OpenProfile, ops: Sequence[Operation], done: _Released) -> None:
    """Apply `ops` in order, each half in its own transaction, down to single operations."""
    try:
        with opened.session() as session:
            result = apply_operations(session, ops, (), _members(session))
    except (ApplyRefused, sqlalchemy.exc.IntegrityError) as exc:
        if len(ops) > 1:
            half = len(ops) // 2
            _release_apart(opened, ops[:half], done)
            _release_apart(opened, ops[half:], done)
        elif isinstance(exc, ApplyRefused):
            done.refused.append(Refusal(HELD_SOURCE, exc.reason, exc.detail))
        else:
            done.kept.extend(ops)  # it names a record not here yet: it waits
        return
    done.applied += result.applied
    done.ignored += result.ignored
    done.kept.extend(result.held)
    done.waiting.extend(result.waiting)


# Edits of records not here yet that place them in a case (apply.ApplyResult.waiting), at
# snapshot.WAITING_KEY: kept apart, and tried again at the end of a sync in which such a record
# has arrived. No date is involved: they are not counted or said as held. Bounded like them.


def _waiting_ops(session: Session) -> list[Operation]:
    stored = get_local(session, WAITING_KEY)
    return [Operation.from_json(v, i) for i, v in enumerate(json.loads(stored))] if stored else []


def _store_waiting(session: Session, ops: Sequence[Operation]) -> None:
    still = [op.to_json() for op in ops]
    set_local(session, WAITING_KEY, json.dumps(still, ensure_ascii=False) if still else "")


def _keep_waiting(session: Session, ops: Sequence[Operation]) -> int:
    """Add `ops` to those waiting for their record; how many were dropped, past MAX_HELD."""
    if not ops:
        return 0
    kept = _waiting_ops(session)
    known = {op.op_id for op in kept}
    kept.extend(op for op in ops if op.op_id not in known)
    _store_waiting(session, kept[:MAX_HELD])
    return max(0, len(kept) - MAX_HELD)


def _release_waiting(opened: OpenProfile, report: SyncReport) -> None:
    """The edits waiting for their record, applied once one of those records has arrived (in
    halves down to single operations when refused, as held ones are released): an edit that
    the record shows tampered (another case's activation) is refused alone and named, and
    the others wait on."""
    with opened.read_session() as session:
        waiting = _waiting_ops(session)
        if not waiting or not _arrived(session, waiting):
            return
    done = _Released()
    _release_apart(opened, waiting, done)
    with opened.session() as session:
        _store_waiting(session, done.waiting)
        _hold(session, done.kept)  # dated ahead of this clock after all
    report.imported += done.applied
    report.ignored += done.ignored
    report.refused.extend(done.refused)


def _arrived(session: Session, ops: Sequence[Operation]) -> bool:
    """Whether one of the records `ops` edit is here now."""
    return bool(present_records(session, {(op.entity, op.entity_id) for op in ops}))


def _store_held(session: Session, held: Sequence[Operation]) -> None:
    still = [op.to_json() for op in held]
    set_local(session, HELD_KEY, json.dumps(still, ensure_ascii=False) if still else "")


def _own_clock_notice(opened: OpenProfile) -> int:
    """How many of this device's operations are dated beyond the drift bound, when the user
    has not been told yet; else 0. Only operations written since the last sync are read,
    unless the greatest date found is beyond the bound (then they are counted, once)."""
    me = opened.device_id
    with opened.session() as session:
        upto = int(get_local(session, OWN_CHECKED_KEY) or 0)
        newest = session.execute(
            select(func.max(m.ChangeRow.seq), func.max(m.ChangeRow.hlc)).where(
                m.ChangeRow.seq > upto, m.ChangeRow.device_id == me
            )
        ).one()
        greatest = max(get_local(session, OWN_MAX_HLC_KEY) or "", newest[1] or "")
        if newest[0] is not None:
            set_local(session, OWN_CHECKED_KEY, str(newest[0]))
            set_local(session, OWN_MAX_HLC_KEY, greatest)
        if not greatest:
            return 0
        now_ms = int(opened.now().timestamp() * 1000)
        if not is_ahead(Timestamp.decode(greatest), now_ms):
            return 0
        if get_local(session, OWN_NOTICE_KEY) == greatest:
            return 0
        set_local(session, OWN_NOTICE_KEY, greatest)
        return int(
            session.execute(
                select(func.count())
                .select_from(m.ChangeRow)
                .where(m.ChangeRow.device_id == me, m.ChangeRow.hlc > horizon(now_ms))
            ).scalar_one()
        )


def _bundle_row(
    device: uuid.UUID, sequence: int, direction: str, data: bytes, count: int
) -> m.SyncBundleRow:
    return m.SyncBundleRow(
        device_id=device,
        sequence=sequence,
        direction=direction,
        file_hash=file_sha256(data),
        op_count=count,
        at=utcnow(),
    )


def _record_own(
    session: Session,
    device: uuid.UUID,
    sequence: int,
    data: bytes,
    count: int,
    written: Path | None = None,
) -> None:
    """This device's bundle recorded as published, its bytes kept to put it back on the share
    should it go missing or be damaged there (`_mend_own`); `written`: the file just written
    with them, whose stamp spares the next sync reading it back (a file found on the share
    is read back once, by the sync whose turn it is)."""
    row = _bundle_row(device, sequence, "out", data, count)
    row.stamp = None if written is None else _stamp(written)
    session.add(row)
    session.merge(m.PublishedBundleRow(sequence=sequence, content=data))


def _adopted(session: Session, me: uuid.UUID, ops: list[Any]) -> bool:
    """Whether one of this device's own bundles holds exactly the first operations waiting to
    be sent (a sync stopped between writing it and recording it): then they count as sent."""
    rows = _pending_rows(session, me)
    ids = [op.op_id for op in ops]
    if not ids or ids != [r.op_id for r in rows[: len(ids)]]:
        return False
    set_local(session, EXPORTED_KEY, str(rows[len(ids) - 1].seq))
    return True


# ------------------------------------------------------------------------------ attachments


def _fetch_blobs(
    opened: OpenProfile, state: TeamState, folder: sh.TeamFolder, report: SyncReport
) -> None:
    with opened.session() as session:
        keys = device_keys(session)
        missing = session.execute(
            select(m.AttachmentRow.id, m.AttachmentRow.sha256, m.AttachmentRow.size).where(
                m.AttachmentRow.size > 0,
                func.length(m.AttachmentRow.content) == 0,
                m.AttachmentRow.deleted_at.is_(None),
            )
        ).all()
    for att_id, digest, size in missing:
        for path in (folder.snapshot_blob(opened.device_id, att_id), folder.blob(att_id)):
            if not _safe(path.exists):
                continue
            sealed = _read_file(folder, path, sh.age_file_cap(min(size, ATTACHMENT_MAX_BYTES)))
            if isinstance(sealed, bytes) and not age_header_ok(sealed):
                sealed = Refusal(_rel(folder, path), "not_decryptable", "age header")
            if isinstance(sealed, Refusal):
                report.refused.append(sealed)
                continue
            try:
                content = pyrage.decrypt(sealed, [keys.identity])
            except pyrage.DecryptError:
                continue
            if len(content) != size or hashlib.sha256(content).hexdigest() != digest:
                report.refused.append(Refusal(_rel(folder, path), "payload_malformed", "sha256"))
                continue
            with opened.session() as session:
                row = session.get(m.AttachmentRow, att_id)
                if row is not None:
                    row.content = content
            report.attachments_fetched += 1
            break


def _read_file(folder: sh.TeamFolder, path: Path, cap: int = MAX_FILE) -> bytes | Refusal:
    """A file of the share, or its refusal when it is over the cap of its kind: then it is
    never read (docs/team-folder.md, "Size limits")."""
    try:
        return sh.read_capped(path, cap)
    except sh.FileTooLarge:
        return Refusal(_rel(folder, path), "too_large", "file")
    except portable.NotAFileError:  # a folder, FIFO or device where a file belongs
        return Refusal(_rel(folder, path), "bad_magic", "not a file")
    except OSError as exc:
        raise _interrupted(exc) from None


def _safe(call: Any) -> Any:
    """Run a file operation on the share; its disappearance interrupts the sync cleanly."""
    try:
        return call()
    except (FileExistsError, sh.NotAFolder):
        raise
    except OSError as exc:
        raise _interrupted(exc) from None


# ------------------------------------------------------------------------------ status


@dataclass(frozen=True, slots=True)
class SyncStatus:
    in_team: bool
    admitted: bool
    share: str | None
    pending: int
    last_sync: dt.datetime | None
    last_outcome: str | None
    open_conflicts: int
    held: int = 0  # operations received dated ahead of this clock, waiting for it


@dataclass(frozen=True, slots=True)
class SyncRunView:
    started_at: dt.datetime
    finished_at: dt.datetime
    exported: int
    imported: int
    conflicts: int
    outcome: str
    refused: tuple[Refusal, ...]  # the failures: held operations are counted in `held`
    held: int = 0  # operations received dated ahead of this clock, held by this run


def status(opened: OpenProfile) -> SyncStatus:
    from minorifamiglie.services.team import team_state

    with opened.read_session() as session:
        state = team_state(session)
        last = session.execute(
            select(m.SyncRunRow).order_by(m.SyncRunRow.id.desc()).limit(1)
        ).scalar_one_or_none()
        member = state.roster.member(opened.device_id) if state and state.roster else None
        return SyncStatus(
            in_team=state is not None,
            admitted=member is not None and member.active,
            share=str(state.share) if state and state.share else None,
            pending=pending_count(session, opened.device_id),
            last_sync=last.finished_at if last else None,
            last_outcome=_run_view(last).outcome if last else None,
            open_conflicts=conflict_service.open_count(session),
            held=_held_count(session),
        )


def history(opened: OpenProfile, limit: int = 100) -> list[SyncRunView]:
    with opened.read_session() as session:
        rows = session.execute(
            select(m.SyncRunRow).order_by(m.SyncRunRow.id.desc()).limit(limit)
        ).scalars()
        return [_run_view(r) for r in rows]


def _run_view(row: m.SyncRunRow) -> SyncRunView:
    """A recorded run: its failures apart from the operations it held. Earlier versions
    recorded a run that only held operations as partial: it is read as complete, as such a
    run is recorded now."""
    every = [Refusal(x["file"], x["reason"], x.get("detail", "")) for x in json.loads(row.refused)]
    failures = tuple(r for r in every if r.reason != HELD_REASON)
    held = sum(_held_number(r.detail) for r in every if r.reason == HELD_REASON)
    outcome = "ok" if row.outcome == "partial" and not failures else row.outcome
    return SyncRunView(
        row.started_at,
        row.finished_at,
        row.exported,
        row.imported,
        row.conflicts,
        outcome,
        failures,
        held,
    )


def _held_number(detail: str) -> int:
    """The count in a held refusal's detail ("3 operazioni")."""
    first = detail.split(" ", 1)[0]
    return int(first) if first.isdigit() else 0
