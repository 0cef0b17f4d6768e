"""Hand-off bundles (docs/handoff-format.md): selected case files as a standard age
file holding a zip (case.json, the summary PDF, the attachments, a manifest of sha256s).
Their import into another profile with the same ids is services/handoff_import.py.

Nothing is written in plaintext: the zip is built in memory, encrypted, then written atomically
(0600). What an export would carry is counted first (`preview_export`) for the screen to show."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import io
import json
import os
import re
import time
import uuid
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyrage
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from minorifamiglie import portable
from minorifamiglie.config import MIN_PASSPHRASE_LENGTH
from minorifamiglie.domain import os_errors
from minorifamiglie.domain.enums import AuditAction
from minorifamiglie.domain.errors import DomainError, ValidationError
from minorifamiglie.domain.ids import AttachmentId, CaseId
from minorifamiglie.domain.italian_format import fmt_date
from minorifamiglie.services.apply import TABLE_ORDER
from minorifamiglie.services.case_refs import resolve_case_id
from minorifamiglie.services.case_summary import case_summary_pdf
from minorifamiglie.services.handoff_rules import FIELD_RULES
from minorifamiglie.storage import audit, bounds
from minorifamiglie.storage import models as m
from minorifamiglie.storage.capture import row_values
from minorifamiglie.storage.files import TEMP_NAME, remove_stale_temp_files
from minorifamiglie.storage.profile import OpenProfile
from minorifamiglie.storage.queries import column_values

FORMAT = "minorifamiglie-handoff"
VERSION = 1
ENTITY = "handoff"
MANIFEST = "manifest.json"
# Tables of a case file; a case's own rows are those with its case_id (amendments: its visits').
CASE_TABLES = (
    "cases", "case_operators", "case_members", "measures", "service_activations", "visits",
    "visit_amendments", "goals", "deadlines", "placements", "attachments", "paper_sheets",
    "community_placements", "goal_actions", "court_reports",
)  # fmt: skip
# Tables whose rows come along only because a case row refers to them.
REFERENCED_TABLES = ("ambiti", "operators", "persons", "foster_families", "communities")
TABLES = tuple(t for t in TABLE_ORDER if t in CASE_TABLES or t in REFERENCED_TABLES)
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
# The scrypt work factor (log2 N) of a passphrase file: an import refuses more than
# MAX_SCRYPT_LOG_N before age runs it (2^20 is 1 GiB of memory and seconds; 2^22, 4 GiB), and
# an export whose factor rage sized above it is wrapped again at SCRYPT_LOG_N, age's default.
MAX_SCRYPT_LOG_N = 20
SCRYPT_LOG_N = 18
_SCRYPT_LABEL = b"age-encryption.org/v1/scrypt"
_WORK_FACTOR = re.compile(rb"[1-9][0-9]?")


# How far an export or an import has gone: (stage, done, total), called on the worker thread.
# Stages: "reading", "summary", "encrypting", "writing" (export); "decrypting", "checking",
# "importing" (import). `done` counts steps of `total`, across the stages.
Progress = Callable[[str, int, int], None]


def _no_progress(stage: str, done: int, total: int) -> None:
    return None


@dataclass(frozen=True, slots=True)
class ExportInfo:
    path: Path
    bundle_id: uuid.UUID
    case_ids: tuple[uuid.UUID, ...]
    records: int
    attachments: int
    size: int


@dataclass(frozen=True, slots=True)
class CasePreview:
    """What one case's hand-off would carry, counted before anything is written."""

    case_id: uuid.UUID
    code: str
    title: str
    persons: int
    visits: int
    drafts: int  # visits not closed and signed (they travel as drafts)
    measures: int
    attachments: int  # with their bytes
    attachments_missing: int  # metadata only: the bytes have not arrived here by sync yet
    attachment_bytes: int


@dataclass(frozen=True, slots=True)
class ExportPreview:
    cases: tuple[CasePreview, ...]

    @property
    def persons(self) -> int:
        return sum(c.persons for c in self.cases)

    @property
    def visits(self) -> int:
        return sum(c.visits for c in self.cases)

    @property
    def attachments(self) -> int:
        return sum(c.attachments for c in self.cases)

    @property
    def attachments_missing(self) -> int:
        return sum(c.attachments_missing for c in self.cases)

    @property
    def attachment_bytes(self) -> int:
        return sum(c.attachment_bytes for c in self.cases)


@dataclass(frozen=True, slots=True)
class TeamRecipient:
    """A device of the team's roster a hand-off can be encrypted to."""

    operator: str
    device_name: str
    role: str
    age_recipient: str
    fingerprint: str


# ------------------------------------------------------------------------------- export


def _references() -> dict[str, list[tuple[str, str]]]:
    """Per table, its foreign-key columns and the table each refers to."""
    out: dict[str, list[tuple[str, str]]] = {}
    for table in TABLES:
        model = m.MODEL_BY_TABLE[table]
        out[table] = [(fk.parent.name, fk.column.table.name) for fk in model.__table__.foreign_keys]
    return out


REFERENCES = _references()


def _case_rows(session: Session, case_id: uuid.UUID) -> dict[str, dict[uuid.UUID, Any]]:
    """The live rows of a case, plus every row they refer to (live or not: a reference must
    resolve on import)."""
    rows: dict[str, dict[uuid.UUID, Any]] = {t: {} for t in TABLES}
    case = session.get(m.CaseRow, case_id)
    assert case is not None
    rows["cases"][case.id] = case
    for table in CASE_TABLES:
        model: Any = m.MODEL_BY_TABLE[table]
        if table == "cases":
            continue
        if table == "visit_amendments":
            where = model.visit_id.in_(list(rows["visits"]))
        else:
            where = model.case_id == case_id
        for row in session.execute(
            select(model).where(where, model.deleted_at.is_(None)).order_by(model.id)
        ).scalars():
            rows[table][row.id] = row
    # Persons present at a visit are named in a list of ids, not a foreign key: those who are
    # members of the case, the only ones the application shows as present (another's id, from
    # a tampered teammate's bundle, must not take that person's record out with this case).
    members = {row.person_id for row in rows["case_members"].values()}
    present: list[tuple[str, uuid.UUID]] = [
        ("persons", p)
        for v in rows["visits"].values()
        for p in v.present_person_ids
        if p in members
    ]
    _add_references(session, rows, present)
    return rows


def _add_references(
    session: Session, rows: dict[str, dict[uuid.UUID, Any]], wanted: list[tuple[str, uuid.UUID]]
) -> None:
    """Add every row the rows refer to, until nothing is missing (or cannot be found)."""
    tried: set[tuple[str, uuid.UUID]] = set()
    while True:
        wanted += [
            (target, getattr(row, column))
            for table in TABLES
            for row in rows[table].values()
            for column, target in REFERENCES[table]
            if getattr(row, column) is not None and getattr(row, column) not in rows[target]
        ]
        wanted = [w for w in wanted if w not in tried]
        if not wanted:
            return
        for target, ref in wanted:
            tried.add((target, ref))
            found = session.get(m.MODEL_BY_TABLE[target], ref)
            if found is not None:
                rows[target][ref] = found
        wanted = []


def attachment_path(attachment_id: AttachmentId | str, filename: str) -> str:
    """Where an attachment's bytes sit in a case folder: its id, then a portable name."""
    name = _UNSAFE.sub("_", filename).strip("._") or "allegato"
    return f"allegati/{attachment_id}-{name[:80]}"


# Who a record is, where export refuses one (handoff_rules): the case code follows.
_WHAT = {
    "cases": "la cartella {}",
    "visits": "una visita della cartella {}",
    "service_activations": "un'attivazione del servizio della cartella {}",
    "attachments": "un allegato della cartella {}",
}


_DECODERS = {table: bounds.decoders(table) for table in FIELD_RULES}


def _check_fields(records: dict[str, list[dict[str, Any]]]) -> None:
    """A record whose fields break a rule the importer holds to (handoff_rules.FIELD_RULES),
    as two devices' edits merged out of order can leave one: refused here, naming it, so that
    it is corrected before the file is written, not refused by the recipient as tampered."""
    code = records["cases"][0]["code"] if records["cases"] else ""
    for table, rule in FIELD_RULES.items():
        decoders = _DECODERS[table]
        for item in records.get(table, ()):
            try:
                values = {k: decoders[k](v) for k, v in item.items()}
                rule(values)
            except bounds.ValueRefused:
                continue  # a value out of bounds: the importer names it
            except ValidationError as exc:
                what = _WHAT[table].format(code)
                if table == "visits" and values.get("date") is not None:
                    what = f"la visita del {fmt_date(values['date'])} della cartella {code}"
                raise DomainError(
                    f"Pacchetto non scritto: {what} ha dati incoerenti ({exc}). Correggerli e "
                    "riprovare: chi riceve il pacchetto lo rifiuterebbe"
                ) from None


def _case_document(session: Session, case_id: uuid.UUID) -> tuple[dict[str, Any], dict[str, bytes]]:
    rows = _case_rows(session, case_id)
    records = {
        table: [row_values(r) for _, r in sorted(rows[table].items(), key=lambda kv: str(kv[0]))]
        for table in TABLES
    }
    _as_shown(session, case_id, rows, records["visits"])
    files: dict[str, bytes] = {}
    paths: dict[str, str] = {}
    for att in rows["attachments"].values():
        content = session.execute(
            select(m.AttachmentRow.content).where(m.AttachmentRow.id == att.id)
        ).scalar_one()
        if not content:
            continue  # not yet arrived by sync: metadata only
        path = attachment_path(att.id, att.filename)
        files[path] = bytes(content)
        paths[str(att.id)] = path
    doc = {
        "format": FORMAT,
        "version": VERSION,
        "case_id": str(case_id),
        "records": records,
        "attachment_files": paths,
    }
    return doc, files


def _as_shown(
    session: Session,
    case_id: uuid.UUID,
    rows: dict[str, dict[uuid.UUID, Any]],
    visits: list[dict[str, Any]],
) -> None:
    """Each visit's lists as the application shows them (print_data.present_persons,
    visit_goals): present only the case's members, worked on no goal of another case. Ids of
    other cases reach a visit only from a tampered teammate's bundle; the importer refuses
    them, so they are left out here rather than refused (nobody could see them to correct)."""
    members = {str(row.person_id) for row in rows["case_members"].values()}
    named = {g for v in visits for g in json.loads(v.get("goal_ids") or "[]")}
    other = {
        str(goal)
        for goal, owner in column_values(
            session, "goals", "case_id", [uuid.UUID(g) for g in named]
        ).items()
        if owner != case_id
    }
    for visit in visits:
        present = json.loads(visit["present_person_ids"] or "[]")
        if not set(present) <= members:
            visit["present_person_ids"] = json.dumps([p for p in present if p in members])
        goals = json.loads(visit.get("goal_ids") or "[]")
        if other.intersection(goals):
            visit["goal_ids"] = json.dumps([g for g in goals if g not in other])


def preview_export(opened: OpenProfile, case_refs: Sequence[str]) -> ExportPreview:
    """What `export_cases` would write for these cases, counted without reading the bytes."""
    if not case_refs:
        raise ValidationError("Indicare almeno una cartella", "case")
    previews: list[CasePreview] = []
    with opened.read_session() as session:  # a pure read: no write lock
        seen: set[uuid.UUID] = set()
        for ref in case_refs:
            case_id = resolve_case_id(session, ref)
            if case_id in seen:
                continue
            seen.add(case_id)
            rows = _case_rows(session, case_id)
            arrived: dict[uuid.UUID, int] = {
                att_id: length or 0
                for att_id, length in session.execute(
                    select(m.AttachmentRow.id, func.length(m.AttachmentRow.content)).where(
                        m.AttachmentRow.id.in_(list(rows["attachments"]))
                    )
                )
            }
            with_bytes = [a for a in rows["attachments"].values() if arrived.get(a.id)]
            case = rows["cases"][case_id]
            previews.append(
                CasePreview(
                    case_id=case_id,
                    code=case.code,
                    title=case.title,
                    persons=len(rows["persons"]),
                    visits=len(rows["visits"]),
                    drafts=sum(1 for v in rows["visits"].values() if v.closed_at is None),
                    measures=len(rows["measures"]),
                    attachments=len(with_bytes),
                    attachments_missing=len(rows["attachments"]) - len(with_bytes),
                    attachment_bytes=sum(a.size for a in with_bytes),
                )
            )
    return ExportPreview(tuple(previews))


def team_recipients(opened: OpenProfile) -> list[TeamRecipient]:
    """The other active devices of this device's team (as its roster last said), to pick a
    hand-off's recipient from; empty outside a team."""
    from minorifamiglie.services.team import team_state

    with opened.read_session() as session:
        state = team_state(session)
    if state is None or state.roster is None:
        return []
    out = [
        TeamRecipient(mb.operator, mb.device_name, mb.role, mb.age_recipient, mb.fingerprint)
        for mb in state.roster.active
        if mb.device_id != opened.device_id
    ]
    return sorted(out, key=lambda r: (r.operator.casefold(), r.device_name.casefold()))


def check_recipient(recipient: str | None, passphrase: str | None) -> str:
    """What the audit log will say the bundle was sealed for ("passphrase" or the age key),
    once the key is a valid age recipient and the passphrase long enough; or refused."""
    return _recipient_of(recipient, passphrase)[0]


def _recipient_of(recipient: str | None, passphrase: str | None) -> tuple[str, Any]:
    if (recipient is None) == (passphrase is None):
        raise ValidationError("Indicare un destinatario age oppure una passphrase", "recipient")
    if passphrase is not None:
        if not passphrase:
            raise ValidationError("La passphrase del pacchetto è vuota", "passphrase")
        if len(passphrase) < MIN_PASSPHRASE_LENGTH:
            raise ValidationError(
                f"La passphrase del pacchetto deve avere almeno {MIN_PASSPHRASE_LENGTH} "
                "caratteri: il file può finire in mani sbagliate",
                "passphrase",
            )
        return "passphrase", None
    assert recipient is not None
    try:
        return recipient.strip(), pyrage.x25519.Recipient.from_str(recipient.strip())
    except Exception:  # pyrage raises its own RecipientError
        raise ValidationError(
            "Destinatario non valido: atteso una chiave pubblica age (age1…)", "recipient"
        ) from None


# The file being written is `.tmp-XXXXXXXX.handoff-part` beside the target until it is whole;
# an export killed mid-write leaves it, and the next export to that folder removes it (only
# regular files with exactly that name, written before that export began).
PART_SUFFIX = ".handoff-part"
LEFTOVERS = re.compile(TEMP_NAME + re.escape(PART_SUFFIX))


def remove_leftovers(folder: Path, before: float | None = None) -> int:
    """What killed hand-off exports left in `folder`; how many files went."""
    return remove_stale_temp_files(folder, LEFTOVERS, time.time() if before is None else before)


def export_cases(
    opened: OpenProfile,
    case_refs: Sequence[str],
    *,
    recipient: str | None = None,
    passphrase: str | None = None,
    target: Path,
    today: dt.date | None = None,
    progress: Progress = _no_progress,
) -> ExportInfo:
    """Write the cases as an age-encrypted hand-off bundle at `target` (0600), audited. What
    killed exports left in the target's folder is removed first (LEFTOVERS)."""
    started = time.time()
    label, age_recipient = _recipient_of(recipient, passphrase)
    if not case_refs:
        raise ValidationError("Indicare almeno una cartella", "case")
    total = 2 * len(case_refs) + 2
    progress("reading", 0, total)
    bundle_id = uuid.uuid4()
    entries: dict[str, bytes] = {}
    case_ids: list[CaseId] = []
    distinct: set[tuple[str, str]] = set()  # a person of two cases counts once
    counts: dict[str, dict[str, int]] = {}
    with opened.session() as session:
        for ref in case_refs:
            case_id = resolve_case_id(session, ref)
            if case_id in case_ids:
                continue
            case_ids.append(case_id)
            doc, files = _case_document(session, case_id)
            _check_fields(doc["records"])
            distinct.update((t, r["id"]) for t, rows in doc["records"].items() for r in rows)
            folder = f"cases/{case_id}/"
            entries[folder + "case.json"] = _pretty(doc)
            entries.update({folder + name: data for name, data in files.items()})
            counts[str(case_id)] = {t: len(v) for t, v in doc["records"].items() if v}
            progress("reading", len(case_ids), total)
    total = 2 * len(case_ids) + 2  # repeated references counted once
    for done, case_id in enumerate(case_ids, start=1):
        progress("summary", len(case_ids) + done - 1, total)
        entries[f"cases/{case_id}/sintesi.pdf"] = case_summary_pdf(
            opened, str(case_id), today=today
        )
    progress("encrypting", total - 2, total)
    manifest = {
        "format": FORMAT,
        "version": VERSION,
        "bundle_id": str(bundle_id),
        "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "device_id": str(opened.device_id),
        "case_ids": [str(c) for c in case_ids],
        "counts": counts,
        "files": {name: hashlib.sha256(data).hexdigest() for name, data in sorted(entries.items())},
    }
    plain = _zip({MANIFEST: _pretty(manifest), **entries})
    if age_recipient is None:
        assert passphrase is not None
        sealed = cap_work_factor(pyrage.passphrase.encrypt(plain, passphrase), passphrase)
    else:
        sealed = pyrage.encrypt(plain, [age_recipient])
    del plain
    records = len(distinct)
    attachments = sum(1 for t, _ in distinct if t == "attachments")
    progress("writing", total - 1, total)
    with opened.session() as session:
        remove_leftovers(target.parent, started)
        try:
            with portable.atomic_file(target, suffix=PART_SUFFIX) as out:
                out.write(sealed)
        except OSError as exc:  # a full disk, a yanked stick: the OS says which, not the data
            raise DomainError(
                f"File non scritto ({os_errors.italian(exc)}): nulla è stato esportato"
            ) from None
        for case_id in case_ids:
            audit.append(
                session,
                AuditAction.EXPORT,
                ENTITY,
                bundle_id,
                case_id,
                {
                    "kind": "handoff",
                    "recipient": label,
                    "case_ids": [str(c) for c in case_ids],
                    "counts": counts[str(case_id)],
                },
            )
    progress("writing", total, total)
    return ExportInfo(target, bundle_id, tuple(case_ids), records, attachments, len(sealed))


def _pretty(doc: Any) -> bytes:
    return (json.dumps(doc, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8")


def _zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    stamp = (1980, 1, 1, 0, 0, 0)  # no clock in the archive: the manifest carries the date
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            info = zipfile.ZipInfo(name, stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o600 << 16
            archive.writestr(info, data)
    return buffer.getvalue()


# ------------------------------------------------------------------- the scrypt work factor


def scrypt_work_factor(sealed: bytes) -> int | None:
    """The work factor (log2 N) of the scrypt stanza of an age file whose header is already
    bounded (sync.age_header); None without one. ValueError for a factor that is not a number
    of one or two digits, and for two scrypt stanzas."""
    end = sealed.find(b"\n--- ")
    found: list[int] = []
    for line in sealed[: max(end, 0)].split(b"\n")[1:]:
        parts = line.split(b" ")
        if parts[:2] != [b"->", b"scrypt"]:
            continue
        if len(parts) != 4 or not _WORK_FACTOR.fullmatch(parts[3]):
            raise ValueError("scrypt work factor")
        found.append(int(parts[3]))
    if len(found) > 1:
        raise ValueError("scrypt stanzas")
    return found[0] if found else None


def cap_work_factor(sealed: bytes, passphrase: str, cap: int = MAX_SCRYPT_LOG_N) -> bytes:
    """A passphrase file whose scrypt work factor is at most `cap`: as it is, or with its file
    key wrapped again at SCRYPT_LOG_N (at most `cap`) when rage sized it above (rage times the
    machine; a fast one gets more than an importer accepts). The payload is left as it is."""
    log_n = scrypt_work_factor(sealed)
    if log_n is None or log_n <= cap:
        return sealed
    return _rewrap_scrypt(sealed, passphrase, min(SCRYPT_LOG_N, cap))


def _rewrap_scrypt(sealed: bytes, passphrase: str, log_n: int) -> bytes:
    """The same age file with its only stanza, a scrypt one, made again at `log_n` and its
    header MAC computed again (age-encryption.org/v1, "scrypt recipient stanza")."""
    end = sealed.index(b"\n--- ")
    payload = sealed[sealed.index(b"\n", end + 1) + 1 :]
    _magic, stanza, body = sealed[:end].split(b"\n")
    _arrow, _kind, salt, old = stanza.split(b" ")
    file_key = ChaCha20Poly1305(_scrypt_key(passphrase, _unb64(salt), int(old))).decrypt(
        bytes(12), _unb64(body), None
    )
    new_salt = os.urandom(16)
    wrapped = ChaCha20Poly1305(_scrypt_key(passphrase, new_salt, log_n)).encrypt(
        bytes(12), file_key, None
    )
    header = b"age-encryption.org/v1\n-> scrypt %s %d\n%s\n---" % (
        _b64(new_salt),
        log_n,
        _b64(wrapped),
    )
    mac_key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"header").derive(file_key)
    mac = hmac.digest(mac_key, header, "sha256")
    return header + b" " + _b64(mac) + b"\n" + payload


def _scrypt_key(passphrase: str, salt: bytes, log_n: int) -> bytes:
    return Scrypt(salt=_SCRYPT_LABEL + salt, length=32, n=2**log_n, r=8, p=1).derive(
        passphrase.encode("utf-8")
    )


def _b64(data: bytes) -> bytes:
    return base64.b64encode(data).rstrip(b"=")


def _unb64(text: bytes) -> bytes:
    return base64.b64decode(text + b"=" * (-len(text) % 4), validate=True)
