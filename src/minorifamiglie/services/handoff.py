"""Hand-off bundles (DESIGN 6, docs/handoff-format.md): selected case files as a standard age
file holding a zip (case.json, the summary PDF, the attachments, a manifest of sha256s), and
their import into another profile with the same ids.

Nothing is written in plaintext: the zip is built in memory, encrypted, then written atomically
(0600). Import decrypts in memory, checks every hash and record, and inserts only the records
this profile does not have, through the normal write path (so they are this device's operations
and `check` holds), in one transaction: a refused bundle leaves nothing behind."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import re
import uuid
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyrage
from sqlalchemy import inspect, select
from sqlalchemy.orm import Session

from minorifamiglie.domain.enums import AuditAction
from minorifamiglie.domain.errors import DomainError, ValidationError
from minorifamiglie.services.apply import DECODERS, TABLE_ORDER
from minorifamiglie.services.case_summary import case_summary_pdf
from minorifamiglie.services.cases import resolve_case_id
from minorifamiglie.storage import audit
from minorifamiglie.storage import models as m
from minorifamiglie.storage.capture import row_values
from minorifamiglie.storage.files import atomic_write
from minorifamiglie.storage.profile import OpenProfile

FORMAT = "minorifamiglie-handoff"
VERSION = 1
ENTITY = "handoff"
MANIFEST = "manifest.json"
# Tables of a case file; a case's own rows are those with its case_id (amendments: its visits').
CASE_TABLES = (
    "cases", "case_operators", "case_members", "measures", "service_activations", "visits",
    "visit_amendments", "goals", "deadlines", "placements", "attachments", "paper_sheets",
)  # fmt: skip
# Tables whose rows come along only because a case row refers to them.
REFERENCED_TABLES = ("ambiti", "operators", "persons", "foster_families")
TABLES = tuple(t for t in TABLE_ORDER if t in CASE_TABLES or t in REFERENCED_TABLES)
MAX_MEMBER_BYTES = 64 * 1024 * 1024  # far above an attachment (20 MB) or a case file
MAX_TOTAL_BYTES = 2 * 1024 * 1024 * 1024
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")

REFUSED_DECRYPT = (
    "Pacchetto non apribile: non è destinato a questa chiave o passphrase, oppure è danneggiato"
)
REFUSED_DAMAGED = "Pacchetto danneggiato o alterato: nulla è stato importato"


@dataclass(frozen=True, slots=True)
class ExportInfo:
    path: Path
    bundle_id: uuid.UUID
    case_ids: tuple[uuid.UUID, ...]
    records: int
    attachments: int
    size: int


@dataclass(frozen=True, slots=True)
class ImportInfo:
    bundle_id: uuid.UUID
    case_ids: tuple[uuid.UUID, ...]
    inserted: int  # records new to this profile
    skipped: int  # records it already had (left as they are)
    attachments: int  # attachments inserted


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
    # Persons present at a visit are named in a JSON list, not a foreign key.
    present = [
        ("persons", uuid.UUID(p))
        for v in rows["visits"].values()
        for p in json.loads(v.present_person_ids or "[]")
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


def attachment_path(attachment_id: uuid.UUID | str, filename: str) -> str:
    """Where an attachment's bytes sit in a case folder: its id, then a portable name."""
    name = _UNSAFE.sub("_", filename).strip("._") or "allegato"
    return f"allegati/{attachment_id}-{name[:80]}"


def _case_document(session: Session, case_id: uuid.UUID) -> tuple[dict[str, Any], dict[str, bytes]]:
    rows = _case_rows(session, case_id)
    records = {
        table: [row_values(r) for _, r in sorted(rows[table].items(), key=lambda kv: str(kv[0]))]
        for table in TABLES
    }
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


def _recipient_of(recipient: str | None, passphrase: str | None) -> tuple[str, Any]:
    if (recipient is None) == (passphrase is None):
        raise ValidationError("Indicare un destinatario age oppure una passphrase", "recipient")
    if passphrase is not None:
        if not passphrase:
            raise ValidationError("La passphrase del pacchetto è vuota", "passphrase")
        return "passphrase", None
    assert recipient is not None
    try:
        return recipient.strip(), pyrage.x25519.Recipient.from_str(recipient.strip())
    except Exception:  # pyrage raises its own RecipientError
        raise ValidationError(
            "Destinatario non valido: atteso una chiave pubblica age (age1…)", "recipient"
        ) from None


def export_cases(
    opened: OpenProfile,
    case_refs: Sequence[str],
    *,
    recipient: str | None = None,
    passphrase: str | None = None,
    target: Path,
    today: dt.date | None = None,
) -> ExportInfo:
    """Write the cases as an age-encrypted hand-off bundle at `target` (0600), audited."""
    label, age_recipient = _recipient_of(recipient, passphrase)
    if not case_refs:
        raise ValidationError("Indicare almeno una cartella", "case")
    bundle_id = uuid.uuid4()
    entries: dict[str, bytes] = {}
    case_ids: list[uuid.UUID] = []
    distinct: set[tuple[str, str]] = set()  # a person of two cases counts once
    counts: dict[str, dict[str, int]] = {}
    with opened.session() as session:
        for ref in case_refs:
            case_id = resolve_case_id(session, ref)
            if case_id in case_ids:
                continue
            case_ids.append(case_id)
            doc, files = _case_document(session, case_id)
            distinct.update((t, r["id"]) for t, rows in doc["records"].items() for r in rows)
            folder = f"cases/{case_id}/"
            entries[folder + "case.json"] = _pretty(doc)
            entries.update({folder + name: data for name, data in files.items()})
            counts[str(case_id)] = {t: len(v) for t, v in doc["records"].items() if v}
    for case_id in case_ids:
        entries[f"cases/{case_id}/sintesi.pdf"] = case_summary_pdf(
            opened, str(case_id), today=today
        )
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
        sealed = pyrage.passphrase.encrypt(plain, passphrase)
    else:
        sealed = pyrage.encrypt(plain, [age_recipient])
    del plain
    records = len(distinct)
    attachments = sum(1 for t, _ in distinct if t == "attachments")
    with opened.session() as session:
        atomic_write(target, sealed)
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


# ------------------------------------------------------------------------------- import


def parse_identity(text: str) -> str:
    """The secret key of an age identity file (comments and blank lines skipped)."""
    keys = [
        line.strip() for line in text.splitlines() if line.strip().startswith("AGE-SECRET-KEY-")
    ]
    if len(keys) != 1:
        raise ValidationError("File di identità age non valido: atteso una chiave AGE-SECRET-KEY")
    return keys[0]


def _decrypt(sealed: bytes, identity: str | None, passphrase: str | None) -> bytes:
    if (identity is None) == (passphrase is None):
        raise ValidationError("Indicare un'identità age oppure una passphrase", "identity")
    if identity is not None:
        try:
            key = pyrage.x25519.Identity.from_str(parse_identity(identity))
        except ValidationError:
            raise
        except Exception:
            raise ValidationError("Identità age non valida", "identity") from None
        try:
            return pyrage.decrypt(sealed, [key])
        except Exception:
            raise DomainError(REFUSED_DECRYPT) from None
    assert passphrase is not None
    try:
        return pyrage.passphrase.decrypt(sealed, passphrase)
    except Exception:
        raise DomainError(REFUSED_DECRYPT) from None


def _damaged(detail: str = "") -> DomainError:
    return DomainError(REFUSED_DAMAGED + (f" ({detail})" if detail else ""))


def _read_zip(plain: bytes) -> tuple[dict[str, Any], dict[str, bytes]]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(plain))
        infos = archive.infolist()
        if sum(i.file_size for i in infos) > MAX_TOTAL_BYTES or any(
            i.file_size > MAX_MEMBER_BYTES for i in infos
        ):
            raise _damaged("dimensioni fuori misura")
        entries = {i.filename: archive.read(i) for i in infos}
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError):
        raise _damaged("archivio zip illeggibile") from None
    if MANIFEST not in entries:
        raise _damaged("manifest mancante")
    manifest = _json(entries.pop(MANIFEST))
    if manifest.get("format") != FORMAT:
        raise _damaged("non è un pacchetto di passaggio di consegne")
    if manifest.get("version") != VERSION:
        raise DomainError(
            f"Versione del pacchetto non supportata: {manifest.get('version')!r} "
            f"(questa applicazione legge la {VERSION})"
        )
    hashes = manifest.get("files")
    if not isinstance(hashes, dict) or set(hashes) != set(entries):
        raise _damaged("l'elenco dei file non corrisponde al manifest")
    for name, data in entries.items():
        if hashlib.sha256(data).hexdigest() != hashes[name]:
            raise _damaged("un'impronta SHA-256 non corrisponde")
    return manifest, entries


def _json(data: bytes) -> dict[str, Any]:
    try:
        doc = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise _damaged("JSON illeggibile") from None
    if not isinstance(doc, dict):
        raise _damaged("JSON non valido")
    return doc


def _columns(table: str) -> frozenset[str]:
    return frozenset(a.key for a in inspect(m.MODEL_BY_TABLE[table]).mapper.column_attrs) - {
        "content"
    }


COLUMNS = {table: _columns(table) for table in TABLES}


def _validate_case(
    doc: dict[str, Any], case_id: str, entries: dict[str, bytes]
) -> list[tuple[str, dict[str, Any], bytes | None]]:
    """The records of one case.json as (table, decoded values, attachment bytes), or refused."""
    if doc.get("format") != FORMAT or doc.get("version") != VERSION:
        raise _damaged("case.json di formato sconosciuto")
    if doc.get("case_id") != case_id:
        raise _damaged("case.json di un'altra cartella")
    records = doc.get("records")
    paths = doc.get("attachment_files", {})
    if (
        not isinstance(records, dict)
        or not set(records) <= set(TABLES)
        or not isinstance(paths, dict)
    ):
        raise _damaged("case.json non conforme allo schema")
    out: list[tuple[str, dict[str, Any], bytes | None]] = []
    for table in TABLES:
        items = records.get(table, [])
        if not isinstance(items, list):
            raise _damaged(f"case.json: '{table}' non è un elenco")
        for item in items:
            if not isinstance(item, dict) or set(item) != COLUMNS[table]:
                raise _damaged(f"case.json: un record di '{table}' non ha i campi previsti")
            values = _decode(table, item)
            content = None
            if table == "attachments":
                content = _attachment_content(values, paths, entries, case_id)
            out.append((table, values, content))
    if not any(t == "cases" and str(v["id"]) == case_id for t, v, _ in out):
        raise _damaged("case.json senza la cartella")
    return out


def _decode(table: str, item: dict[str, Any]) -> dict[str, Any]:
    try:
        values = {k: DECODERS[table][k](v) for k, v in item.items()}
    except (ValueError, TypeError):
        raise _damaged(f"case.json: un valore di '{table}' non è valido") from None
    if values["id"] is None:
        raise _damaged(f"case.json: un record di '{table}' non ha id")
    return values


def _attachment_content(
    values: dict[str, Any], paths: dict[str, Any], entries: dict[str, bytes], case_id: str
) -> bytes | None:
    """An attachment's bytes from the bundle, checked against its size and sha256; None for
    one exported without them (not yet arrived by sync on the exporting device)."""
    path = paths.get(str(values["id"]))
    if path is None:
        return None
    content = entries.get(f"cases/{case_id}/{path}")
    if content is None:
        raise _damaged("allegato mancante")
    if len(content) != values["size"] or hashlib.sha256(content).hexdigest() != values["sha256"]:
        raise _damaged("un allegato non corrisponde alla sua impronta")
    return content


def import_bundle(
    opened: OpenProfile,
    source: Path,
    *,
    identity: str | None = None,
    passphrase: str | None = None,
) -> ImportInfo:
    """Import a hand-off bundle: what this profile lacks is inserted with the bundle's ids,
    what it has is left as it is; all of it in one transaction, or nothing."""
    sealed = source.read_bytes()
    plain = _decrypt(sealed, identity, passphrase)
    manifest, entries = _read_zip(plain)
    case_ids = manifest.get("case_ids")
    if not isinstance(case_ids, list) or not case_ids:
        raise _damaged("manifest senza cartelle")
    try:
        bundle_id = uuid.UUID(str(manifest.get("bundle_id")))
        parsed = [uuid.UUID(str(c)) for c in case_ids]
    except ValueError:
        raise _damaged("identificativi non validi nel manifest") from None
    wanted: dict[tuple[str, uuid.UUID], tuple[dict[str, Any], bytes | None]] = {}
    for case_id in parsed:
        doc = _json(entries.get(f"cases/{case_id}/case.json") or b"null")
        for table, values, content in _validate_case(doc, str(case_id), entries):
            key = (table, values["id"])
            if key in wanted and wanted[key][0] != values:
                raise _damaged("lo stesso record compare con valori diversi")
            wanted[key] = (values, content)
    with opened.session() as session:
        present = _present(session, wanted)
        fresh = {key: v for key, v in wanted.items() if key not in present}
        _check_references(session, wanted)
        per_case: dict[uuid.UUID, int] = {}
        for table in TABLES:
            model = m.MODEL_BY_TABLE[table]
            for (t, _), (values, content) in sorted(fresh.items(), key=lambda kv: str(kv[0][1])):
                if t != table:
                    continue
                row = model(**values)
                if table == "attachments":
                    row.content = content or b""  # type: ignore[attr-defined]
                session.add(row)
                case_ref = values.get("case_id") if table != "cases" else values["id"]
                if case_ref is not None:
                    per_case[case_ref] = per_case.get(case_ref, 0) + 1
            session.flush()  # parents before children, table by table
        for case_id in parsed:
            audit.append(
                session,
                AuditAction.IMPORT,
                ENTITY,
                bundle_id,
                case_id,
                {"kind": "handoff", "inserted": per_case.get(case_id, 0)},
            )
    attachments = sum(1 for (t, _) in fresh if t == "attachments")
    return ImportInfo(bundle_id, tuple(parsed), len(fresh), len(present), attachments)


def _present(session: Session, keys: Iterable[tuple[str, uuid.UUID]]) -> set[tuple[str, uuid.UUID]]:
    by_table: dict[str, list[uuid.UUID]] = {}
    for table, record in keys:
        by_table.setdefault(table, []).append(record)
    found: set[tuple[str, uuid.UUID]] = set()
    for table, ids in by_table.items():
        model: Any = m.MODEL_BY_TABLE[table]
        for start in range(0, len(ids), 400):
            chunk = ids[start : start + 400]
            found.update(
                (table, i)
                for i in session.execute(select(model.id).where(model.id.in_(chunk))).scalars()
            )
    return found


def _check_references(
    session: Session, wanted: dict[tuple[str, uuid.UUID], tuple[dict[str, Any], bytes | None]]
) -> None:
    """Every reference resolves to a record of the bundle or of this profile."""
    missing: set[tuple[str, uuid.UUID]] = set()
    for (table, _), (values, _c) in wanted.items():
        for column, target in REFERENCES[table]:
            ref = values.get(column)
            if ref is not None and (target, ref) not in wanted:
                missing.add((target, ref))
    if missing and len(_present(session, missing)) != len(missing):
        raise _damaged("un record rimanda a dati assenti dal pacchetto")
