"""The import of a hand-off bundle (docs/handoff-format.md) into another profile, with the ids
the records had where they were written.

It decrypts in memory, checks every hash and record, and inserts only the records this profile
does not have, through the normal write path (so they are this device's operations and `check`
holds), in one transaction: a refused bundle leaves nothing behind. A dry run does all of that
but the writing, to say what would arrive."""

from __future__ import annotations

import io
import os
import re
import struct
import uuid
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyrage
from sqlalchemy import func, inspect, literal, select
from sqlalchemy.orm import Session

from minorifamiglie.domain import json_bounds, validation
from minorifamiglie.domain.enums import AuditAction
from minorifamiglie.domain.errors import DomainError, ValidationError
from minorifamiglie.domain.present import PresentPersons
from minorifamiglie.services import case_scope, zip_checks
from minorifamiglie.services.handoff import (
    CASE_TABLES,
    ENTITY,
    FORMAT,
    MANIFEST,
    MAX_SCRYPT_LOG_N,
    REFERENCES,
    TABLES,
    VERSION,
    Progress,
    _no_progress,
    scrypt_work_factor,
)
from minorifamiglie.services.handoff_manifest import Manifest, ManifestRefused, parse_manifest
from minorifamiglie.services.handoff_rules import FIELD_RULES
from minorifamiglie.storage import audit, bounds
from minorifamiglie.storage import models as m
from minorifamiglie.storage.profile import OpenProfile, get_local
from minorifamiglie.storage.queries import column_values, present_records
from minorifamiglie.sync.age_header import MAX_AGE_HEADER, MAX_AGE_LINE, age_header_ok

MAX_MEMBER_BYTES = 64 * 1024 * 1024  # far above an attachment (20 MB) or a case file
MAX_TOTAL_BYTES = 1024 * 1024 * 1024  # all entries, uncompressed
MAX_SEALED_BYTES = MAX_TOTAL_BYTES  # the age file, read whole into memory to decrypt it
MAX_MANIFEST_BYTES = 16 * 1024 * 1024
# No bound on the compression ratio (zip_checks): a blank page scanned as BMP deflates 1000:1.
LIMITS = zip_checks.Limits(
    max_entries=50_000,
    max_entry_bytes=MAX_MEMBER_BYTES,
    max_total_bytes=MAX_TOTAL_BYTES,
)
_UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
# docs/handoff-format.md, "The zip inside"; attachment names as handoff.attachment_path makes them
_LAYOUT = re.compile(
    rf"cases/{_UUID}/(?:case\.json|sintesi\.pdf|allegati/{_UUID}-[A-Za-z0-9._-]{{1,80}})"
)
REFUSED_DECRYPT = (
    "Pacchetto non apribile: non è destinato a questa chiave o passphrase, oppure è danneggiato"
)
REFUSED_DAMAGED = "Pacchetto danneggiato o alterato: nulla è stato importato"
DELETED_HERE = (
    "La cartella {} è stata eliminata in questo profilo: ripristinarla prima di importare il "
    "pacchetto (nulla è stato importato)"
)
NO_DEVICE_KEY = "Questo dispositivo non ha una chiave age: non fa parte di un'équipe"
HEAVY_SCRYPT = (
    "Pacchetto non apribile: la sua passphrase richiede un calcolo troppo pesante "
    f"(fattore di lavoro scrypt {{}}, al massimo {MAX_SCRYPT_LOG_N})"
)
CODE_TAKEN = (
    "Pacchetto non importato: il codice di cartella {} è già usato da un'altra cartella {}; "
    "nulla è stato importato"
)
_SHOWN_CODE = re.compile(r"[A-Za-z0-9._/-]{1,40}")
MAX_IDENTITY_FILE = 64 * 1024

# Each record of the file: its values, and for an attachment whose bytes travel, the name of
# its entry (read from the archive when it is inserted, not held meanwhile).
Wanted = dict[tuple[str, uuid.UUID], tuple[dict[str, Any], str | None]]
# A case file's JSON holds at most this many values (counted from its commas and brackets
# before it is parsed): the parser makes some 60 bytes of objects of each, and 64 MiB of
# "[{},{},…]" made 1.7 GB. A case with thousands of visits holds a few hundred thousand.
MAX_JSON_VALUES = 2_000_000
# What a case.json holds (docs/handoff-format.md); `attachment_files` may be absent.
CASE_FILE_KEYS = frozenset({"format", "version", "case_id", "records", "attachment_files"})


@dataclass(frozen=True)
class _Entries:
    """The archive's entries the manifest lists, every one checked against its SHA-256 as it
    was streamed; the case files kept, the rest (documents, summaries: up to a gigabyte of
    them) read again from the archive when needed."""

    archive: zipfile.ZipFile
    listed: dict[str, zip_checks.Entry]
    hashes: dict[str, str]
    case_files: dict[str, bytes]

    def read(self, name: str) -> bytes:
        try:
            return zip_checks.read_entry(self.archive, self.listed[name], self.hashes[name])
        except zip_checks.UnsafeZipError as exc:
            raise _damaged(exc.reason) from None


@dataclass(frozen=True, slots=True)
class ImportInfo:
    bundle_id: uuid.UUID
    case_ids: tuple[uuid.UUID, ...]
    inserted: int  # records new to this profile (would be, in a dry run)
    skipped: int  # records it already had (left as they are)
    attachments: int  # attachments inserted
    codes: tuple[str, ...] = ()  # the cases' codes, in the order of case_ids
    dry_run: bool = False  # checked only: nothing was written
    new_by_table: tuple[tuple[str, int], ...] = ()  # ("visits", 3): what is (would be) new
    cases_present: int = 0  # case files this profile already had (only what they lack is added)

    def new(self, table: str) -> int:
        return dict(self.new_by_table).get(table, 0)


def has_device_key(opened: OpenProfile) -> bool:
    """Whether this device has an age identity (it has once it joined or created a team)."""
    from minorifamiglie.services.team import AGE_KEY

    with opened.read_session() as session:
        return bool(get_local(session, AGE_KEY))


def read_identity_file(path: Path) -> str:
    """An age identity file's text (the recipient's `age-keygen` output), or one clear line."""
    try:
        if path.stat().st_size > MAX_IDENTITY_FILE:
            raise ValidationError("File di identità age non valido: troppo grande", "identity")
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        raise ValidationError("Impossibile leggere il file di identità age", "identity") from None


def parse_identity(text: str) -> str:
    """The secret key of an age identity file (comments and blank lines skipped)."""
    keys = [
        line.strip() for line in text.splitlines() if line.strip().startswith("AGE-SECRET-KEY-")
    ]
    if len(keys) != 1:
        raise ValidationError("File di identità age non valido: atteso una chiave AGE-SECRET-KEY")
    return keys[0]


def _check_age_header(sealed: bytes) -> None:
    """The age header bounded before age parses it (sync.age_header), and the work factor of a
    passphrase's scrypt bounded before age runs it (2^22 is 4 GiB of memory)."""
    if not age_header_ok(sealed):
        raise DomainError(REFUSED_DECRYPT)
    try:
        log_n = scrypt_work_factor(sealed)
    except ValueError:
        raise DomainError(REFUSED_DECRYPT) from None
    if log_n is not None and log_n > MAX_SCRYPT_LOG_N:
        raise DomainError(HEAVY_SCRYPT.format(log_n))


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
        _check_age_header(sealed)
        try:
            opened: bytes = pyrage.decrypt(sealed, [key])
        except Exception:
            raise DomainError(REFUSED_DECRYPT) from None
        return opened
    assert passphrase is not None
    _check_age_header(sealed)
    try:
        opened = pyrage.passphrase.decrypt(sealed, passphrase)
    except Exception:
        raise DomainError(REFUSED_DECRYPT) from None
    return opened


def _read_sealed(source: Path) -> bytes:
    """The age file's bytes, refused unread when larger than any bundle this reader accepts."""
    try:
        with source.open("rb") as fh:
            size = os.fstat(fh.fileno()).st_size
            if size > MAX_SEALED_BYTES:
                raise _damaged("file troppo grande")
            # An age file's header first, bounded: a file that does not start as one is refused
            # from its first kilobytes, never read whole (600 MB of zeros took 700 MB of memory)
            if not age_header_ok(fh.read(MAX_AGE_HEADER + MAX_AGE_LINE + 1)):
                raise DomainError(REFUSED_DECRYPT)
            fh.seek(0)
            # read(n) allocates n bytes first: never more than the file's own size (plus one,
            # so that a file growing meanwhile is noticed)
            sealed = fh.read(size + 1)
    except OSError:
        raise DomainError("Impossibile leggere il pacchetto: file non raggiungibile") from None
    if len(sealed) > size:
        raise _damaged("il file è cambiato durante la lettura")
    return sealed


def _damaged(detail: str = "") -> DomainError:
    return DomainError(REFUSED_DAMAGED + (f" ({detail})" if detail else ""))


def _in_layout(name: str) -> bool:
    return name == MANIFEST or _LAYOUT.fullmatch(name) is not None


def _read_zip(plain: bytes) -> tuple[Manifest, _Entries]:
    """The manifest and the entries it lists, each checked against its SHA-256. The container
    is checked first (zip_checks), the manifest read next, and an entry only if the manifest
    lists it: nothing unlisted or oversized is ever decompressed."""
    try:
        listed = zip_checks.check_container(plain, LIMITS, _in_layout)
        if MANIFEST not in listed:
            raise _damaged("manifest mancante")
        archive = zipfile.ZipFile(io.BytesIO(plain))
        if listed[MANIFEST].size > MAX_MANIFEST_BYTES:
            raise _damaged("manifest troppo grande")
        if any(
            "/allegati/" in name and entry.size > validation.ATTACHMENT_MAX_BYTES
            for name, entry in listed.items()
        ):
            raise _damaged("un allegato dell'archivio è troppo grande")
        manifest = _json(zip_checks.read_entry(archive, listed[MANIFEST]))
        if manifest.get("format") != FORMAT:
            raise _damaged("non è un pacchetto di passaggio di consegne")
        version = manifest.get("version")
        if version != VERSION:
            # only a plausible number is repeated: the message never carries the file's text
            shown = version if type(version) is int and 0 <= version < 10**6 else "sconosciuta"
            raise DomainError(
                f"Versione del pacchetto non supportata: {shown} "
                f"(questa applicazione legge la {VERSION})"
            )
        try:
            parsed = parse_manifest(manifest, frozenset(TABLES))
        except ManifestRefused as exc:
            raise _damaged(str(exc)) from None
        hashes = parsed.files
        if set(hashes) != set(listed) - {MANIFEST}:
            raise _damaged("l'elenco dei file non corrisponde al manifest")
        case_files = {}
        for name in sorted(hashes):
            kept = zip_checks.read_entry(
                archive, listed[name], hashes[name], keep=name.endswith("/case.json")
            )
            if kept:
                case_files[name] = kept
        entries = _Entries(archive, listed, dict(hashes), case_files)
    except zip_checks.UnsafeZipError as exc:
        raise _damaged(exc.reason) from None
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        OSError,
        EOFError,
        ValueError,
        struct.error,
        NotImplementedError,
    ):
        raise _damaged("archivio zip illeggibile") from None
    return parsed, entries


def _json(data: bytes) -> dict[str, Any]:
    if data.count(b",") + data.count(b"{") + data.count(b"[") > MAX_JSON_VALUES:
        raise _damaged("JSON con troppi valori")
    try:
        doc = json_bounds.loads(data)
    except ValueError:
        raise _damaged("JSON illeggibile o annidato troppo in profondità") from None
    if not isinstance(doc, dict):
        raise _damaged("JSON non valido")
    return doc


def _columns(table: str) -> frozenset[str]:
    return frozenset(a.key for a in inspect(m.MODEL_BY_TABLE[table]).mapper.column_attrs) - {
        "content"
    }


COLUMNS = {table: _columns(table) for table in TABLES}


def _has_columns(table: str, item: dict[str, Any]) -> bool:
    """Every column of the table, except those added after the file's version was defined
    (models.ADDED_COLUMNS: a file of an older version does not name them; they read as NULL)."""
    names = set(item)
    return COLUMNS[table] - m.ADDED_COLUMNS.get(table, frozenset()) <= names <= COLUMNS[table]


def _validate_case(
    doc: dict[str, Any], case_id: str, entries: _Entries, cases: frozenset[uuid.UUID]
) -> list[tuple[str, dict[str, Any], str | None]]:
    """The records of one case.json as (table, decoded values, attachment bytes), or refused;
    `cases` are the manifest's, the only ones its records may belong to."""
    if doc.get("format") != FORMAT or doc.get("version") != VERSION:
        raise _damaged("case.json di formato sconosciuto")
    if not set(doc) <= CASE_FILE_KEYS:
        raise _damaged("case.json con campi sconosciuti")
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
    out: list[tuple[str, dict[str, Any], str | None]] = []
    for table in TABLES:
        items = records.get(table, [])
        if not isinstance(items, list):
            raise _damaged(f"case.json: '{table}' non è un elenco")
        for item in items:
            if not isinstance(item, dict) or not _has_columns(table, item):
                raise _damaged(f"case.json: un record di '{table}' non ha i campi previsti")
            values = _decode(table, item)
            values.update({name: None for name in COLUMNS[table] if name not in values})
            _check_case_of(table, values, cases)
            _check_fields(table, values)
            content = None
            if table == "attachments":
                content = _attachment_content(values, paths, entries, case_id)
            out.append((table, values, content))
    if not any(t == "cases" and str(v["id"]) == case_id for t, v, _ in out):
        raise _damaged("case.json senza la cartella")
    _check_attachment_files(case_id, paths, out, entries)
    return out


def _check_attachment_files(
    case_id: str,
    paths: dict[str, Any],
    out: list[tuple[str, dict[str, Any], str | None]],
    entries: _Entries,
) -> None:
    """`attachment_files` names only attachments of this case file, and every document of the
    case's folder in the archive is one of them: no bytes travel that no record accounts for."""
    carried = {str(v["id"]) for t, v, content in out if t == "attachments" and content}
    folder = f"cases/{case_id}/allegati/"
    in_folder = {name for name in entries.hashes if name.startswith(folder)}
    named = {f"cases/{case_id}/{path}" for path in paths.values() if isinstance(path, str)}
    if set(paths) != carried or in_folder != named:
        raise _damaged("i documenti dell'archivio non corrispondono agli allegati di case.json")


def _check_case_of(table: str, values: dict[str, Any], cases: frozenset[uuid.UUID]) -> None:
    """A case, or a record of a case, belongs to one of the manifest's cases (a record of a
    case without its own case_id, an amendment, is checked through its visit: _check_parents)."""
    if table == "cases":
        owner = values["id"]
    elif "case_id" in COLUMNS[table]:
        owner = values["case_id"]
    else:
        return
    if owner not in cases:
        raise _damaged("un record appartiene a una cartella non elencata nel manifest")


def _check_fields(table: str, values: dict[str, Any]) -> None:
    """The rules between fields that this profile's own services enforce on a write, with the
    same functions; refused naming the field and the rule, never the value."""
    rule = FIELD_RULES.get(table)
    try:
        if rule is not None:
            rule(values)
    except ValidationError as exc:
        raise _damaged(f"{table}.{exc.field}: {exc}") from None


# Per table, per column: the JSON value to the column's value, within its bounds.
CHECKED = {table: bounds.decoders(table) for table in TABLES}


def _decode(table: str, item: dict[str, Any]) -> dict[str, Any]:
    try:
        values = {k: CHECKED[table][k](v) for k, v in item.items()}
    except bounds.ValueRefused as exc:
        # the field and the rule, never the value (docs/handoff-format.md)
        raise _damaged(f"case.json: {exc.field} {bounds.italian(exc.rule)}") from None
    if values["id"] is None:
        raise _damaged(f"case.json: un record di '{table}' non ha id")
    return values


def _attachment_content(
    values: dict[str, Any], paths: dict[str, Any], entries: _Entries, case_id: str
) -> str | None:
    """The entry of an attachment's bytes in the file, whose size and SHA-256 (checked as it
    was streamed) are the attachment's; None for one exported without them (not yet arrived
    by sync on the exporting device)."""
    path = paths.get(str(values["id"]))
    if path is None:
        return None
    if not isinstance(path, str):
        raise _damaged("allegato mancante")
    name = f"cases/{case_id}/{path}"
    if name not in entries.hashes:
        raise _damaged("allegato mancante")
    if entries.listed[name].size != values["size"] or entries.hashes[name] != values["sha256"]:
        raise _damaged("un allegato non corrisponde alla sua impronta")
    return name


def import_bundle(
    opened: OpenProfile,
    source: Path,
    *,
    identity: str | None = None,
    passphrase: str | None = None,
    device_key: bool = False,
    dry_run: bool = False,
    progress: Progress = _no_progress,
) -> ImportInfo:
    """Import a hand-off bundle: what this profile lacks is inserted with the bundle's ids,
    what it has is left as it is; all of it in one transaction, or nothing.

    `device_key` opens it with this device's own age identity (a bundle a teammate encrypted
    to this laptop from the roster); `dry_run` checks everything and counts, writing nothing."""
    total = 2 + len(TABLES)
    progress("decrypting", 0, total)
    if device_key:
        identity = _device_identity(opened)
    sealed = _read_sealed(source)
    plain = _decrypt(sealed, identity, passphrase)
    progress("checking", 1, total)
    manifest, entries = _read_zip(plain)
    bundle_id, parsed = manifest.bundle_id, list(manifest.case_ids)
    folders = {name.split("/")[1] for name in entries.hashes}  # the layout: cases/<id>/…
    if folders != {str(c) for c in parsed}:
        raise _damaged("le cartelle dell'archivio non corrispondono al manifest")
    wanted = _wanted(manifest, entries)
    if any(wanted[("cases", c)][0]["deleted_at"] is not None for c in parsed):
        raise _damaged("una cartella del pacchetto risulta eliminata")
    codes = tuple(str(wanted[("cases", c)][0]["code"]) for c in parsed)
    progress("importing", 2, total)
    with opened.session() as session:
        present = present_records(session, wanted)
        fresh = {key: v for key, v in wanted.items() if key not in present}
        _check_references(session, wanted)
        _check_same_case(session, wanted, present)
        _check_kept(session, wanted, present)
        _check_listed(session, wanted, fresh)
        _check_people(session, wanted, present, fresh)
        _check_codes(session, fresh)
        by_table: dict[str, int] = {}
        for table, _ in fresh:
            by_table[table] = by_table.get(table, 0) + 1
        info = ImportInfo(
            bundle_id,
            tuple(parsed),
            len(fresh),
            len(present),
            by_table.get("attachments", 0),
            codes,
            dry_run,
            tuple((t, by_table[t]) for t in TABLES if t in by_table),
            sum(1 for t, _ in present if t == "cases"),
        )
        if dry_run:
            progress("importing", total, total)
            return info
        per_case = _insert(
            session, fresh, entries, lambda step: progress("importing", 2 + step, total)
        )
        for case_id in parsed:
            audit.append(
                session,
                AuditAction.IMPORT,
                ENTITY,
                bundle_id,
                case_id,
                {"kind": "handoff", "inserted": per_case.get(case_id, 0)},
            )
    return info


def _wanted(manifest: Manifest, entries: _Entries) -> Wanted:
    """Every record of the bundle's case files, checked, once (a person of two cases too)."""
    wanted: Wanted = {}
    cases = frozenset(manifest.case_ids)
    for case_id in manifest.case_ids:
        data = entries.case_files.get(f"cases/{case_id}/case.json")
        if data is None:
            raise _damaged("manca case.json di una cartella")
        doc = _json(data)
        checked = _validate_case(doc, str(case_id), entries, cases)
        counted: dict[str, int] = {}
        for table, _v, _c in checked:
            counted[table] = counted.get(table, 0) + 1
        if counted != manifest.counts[str(case_id)]:
            raise _damaged("i conteggi del manifest non corrispondono ai record")
        for table, values, content in checked:
            key = (table, values["id"])
            if key in wanted and wanted[key][0] != values:
                raise _damaged("lo stesso record compare con valori diversi")
            wanted[key] = (values, content)
    _check_parents(wanted)
    return wanted


def _check_parents(wanted: Wanted) -> None:
    """A record of a case without a case_id of its own (an amendment) comes with the record of
    the case it belongs through (its visit), whose case _check_case_of checked."""
    for (table, _), (values, _c) in wanted.items():
        if table not in CASE_TABLES or table == "cases" or "case_id" in COLUMNS[table]:
            continue
        for column, target in REFERENCES[table]:
            if target in CASE_TABLES and (target, values[column]) not in wanted:
                raise _damaged("un record appartiene a una cartella non elencata nel manifest")


def _check_codes(session: Session, fresh: Wanted) -> None:
    """Every case new to this profile has a code no other live case has, here or in the
    bundle, as `case show CODE` looks it up (SQLite's upper(): case-insensitive for ASCII).
    A clash would leave two cases behind one code: refused whole, naming the code."""
    seen: dict[str, str] = {}
    for (table, case_id), (values, _c) in sorted(fresh.items(), key=lambda kv: str(kv[0][1])):
        if table != "cases" or values["deleted_at"] is not None:
            continue
        code = str(values["code"])
        folded = str(session.execute(select(func.upper(literal(code)))).scalar_one())
        if folded in seen:
            raise DomainError(CODE_TAKEN.format(_shown(code), "dello stesso pacchetto"))
        seen[folded] = code
        here = session.execute(
            select(m.CaseRow.id).where(
                func.upper(m.CaseRow.code) == folded,
                m.CaseRow.deleted_at.is_(None),
                m.CaseRow.id != case_id,
            )
        ).first()
        if here is not None:
            raise DomainError(CODE_TAKEN.format(_shown(code), "di questo profilo"))


def _shown(code: str) -> str:
    """A case code as a message may repeat it: only a plausible one (no control characters)."""
    return code if _SHOWN_CODE.fullmatch(code) else "del pacchetto"


def _insert(
    session: Session, fresh: Wanted, entries: _Entries, step: Callable[[int], None]
) -> dict[uuid.UUID, int]:
    """The new records, table by table, parents first; how many per case. A document's bytes
    are read from the archive as it is written, and let go once it is: one at a time in
    memory, whatever the file holds."""
    per_case: dict[uuid.UUID, int] = {}
    ordered = sorted(fresh.items(), key=lambda kv: str(kv[0][1]))
    for done, table in enumerate(TABLES, start=1):
        model = m.MODEL_BY_TABLE[table]
        for (t, _), (values, content) in ordered:
            if t != table:
                continue
            row = model(**values)
            session.add(row)
            if table == "attachments":
                row.content = entries.read(content) if content else b""  # type: ignore[attr-defined]
                session.flush()
                session.expire(row, ["content"])
            case_ref = values.get("case_id") if table != "cases" else values["id"]
            if case_ref is not None:
                per_case[case_ref] = per_case.get(case_ref, 0) + 1
        session.flush()  # parents before children, table by table
        step(done)
    return per_case


def _device_identity(opened: OpenProfile) -> str:
    from minorifamiglie.services.team import AGE_KEY

    with opened.read_session() as session:
        identity = get_local(session, AGE_KEY)
    if not identity:
        raise DomainError(NO_DEVICE_KEY)
    return identity


def _check_same_case(session: Session, wanted: Wanted, present: set[tuple[str, uuid.UUID]]) -> None:
    """A record names only records of its own case (services/case_scope.py), as they will be
    here: one this profile has already keeps its case."""
    for table, column, parent in case_scope.LINKS:
        named: Any = m.MODEL_BY_TABLE[parent]
        for (kind, _), (values, _c) in wanted.items():
            ref = values.get(column) if kind == table else None
            if ref is None:
                continue
            if (parent, ref) in wanted and (parent, ref) not in present:
                case = wanted[(parent, ref)][0]["case_id"]
            else:  # here (_check_references found it)
                case = session.execute(select(named.case_id).where(named.id == ref)).scalar()
            if case != values["case_id"]:
                raise _damaged("un record rimanda a un'altra cartella")


def _check_references(session: Session, wanted: Wanted) -> None:
    """Every reference resolves to a record of the bundle or of this profile."""
    missing: set[tuple[str, uuid.UUID]] = set()
    for (table, _), (values, _c) in wanted.items():
        for column, target in REFERENCES[table]:
            ref = values.get(column)
            if ref is not None and (target, ref) not in wanted:
                missing.add((target, ref))
    if missing and len(present_records(session, missing)) != len(missing):
        raise _damaged("un record rimanda a dati assenti dal pacchetto")


# The column through which a record of a case belongs to it: its case, or for an amendment
# (which has no case of its own) its visit.
_OWNER = {
    table: "case_id" if "case_id" in COLUMNS[table] else "visit_id"
    for table in CASE_TABLES
    if table != "cases"
}


def _check_kept(session: Session, wanted: Wanted, present: set[tuple[str, uuid.UUID]]) -> None:
    """What this profile already has is kept as it is here, so the bundle must say of it what
    is true here. A case deleted here is not imported into: its records would be hidden where
    nobody sees them (restore it first). A record here belongs to the case (an amendment: the
    visit) the bundle says: else a bundle could hang records of its own on this profile's
    records of another case, such as an amendment on another child's visit."""
    by_table: dict[str, list[uuid.UUID]] = {}
    for table, record_id in present:
        by_table.setdefault(table, []).append(record_id)
    deleted = column_values(session, "cases", "deleted_at", by_table.pop("cases", ()))
    for case_id, when in deleted.items():
        if when is not None:  # named by its code here, which the user can find and restore
            code = column_values(session, "cases", "code", [case_id])[case_id]
            raise DomainError(DELETED_HERE.format(_shown(str(code))))
    for table, ids in by_table.items():
        column = _OWNER.get(table)
        if column is None:  # not of a case (persons, operators, …)
            continue
        for record_id, owner in column_values(session, table, column, ids).items():
            if owner != wanted[(table, record_id)][0][column]:
                raise _damaged("un record rimanda a un'altra cartella")


def _listed_ids(value: Any) -> list[uuid.UUID]:
    """The ids of a visit's list of present persons or goals (checked by bounds: a JSON list
    of canonical UUIDs, or None)."""
    if value is None or value == "":
        return []
    if isinstance(value, PresentPersons):
        return list(value.ids)
    return [uuid.UUID(i) for i in json_bounds.loads(str(value).encode("utf-8"), 1)]


def _check_listed(session: Session, wanted: Wanted, fresh: Wanted) -> None:
    """A new visit names as present only members of its case, and as worked on no goal of
    another case, in the bundle or here: lists of ids, which no foreign key (_check_references,
    _check_same_case) follows. A person of another case named present would leave with this
    case at its next export, name, tax code and address."""
    members = {
        (values["case_id"], values["person_id"])
        for (table, _), (values, _c) in wanted.items()
        if table == "case_members" and values["deleted_at"] is None
    }
    goal_case = {
        key[1]: values["case_id"] for key, (values, _c) in wanted.items() if key[0] == "goals"
    }
    visits = [values for (table, _), (values, _c) in fresh.items() if table == "visits"]
    asked = {
        (visit["case_id"], person)
        for visit in visits
        for person in _listed_ids(visit["present_person_ids"])
    } - members
    if asked:
        persons = sorted({person for _, person in asked})
        member = m.CaseMemberRow
        here: set[tuple[uuid.UUID, uuid.UUID]] = set()
        for start in range(0, len(persons), 500):
            rows = session.execute(
                select(member.case_id, member.person_id).where(
                    member.person_id.in_(persons[start : start + 500]),
                    member.deleted_at.is_(None),
                )
            )
            here.update((row[0], row[1]) for row in rows)
        if asked - here:
            raise _damaged("una visita nomina presenti che non sono della sua cartella")
    goals = {goal for visit in visits for goal in _listed_ids(visit["goal_ids"])}
    goal_case.update(column_values(session, "goals", "case_id", goals - goal_case.keys()))
    for visit in visits:
        for goal in _listed_ids(visit["goal_ids"]):
            if goal_case.get(goal, visit["case_id"]) != visit["case_id"]:
                raise _damaged("una visita nomina obiettivi di un'altra cartella")


# What makes a person the same person, between the file's copy and this profile's record.
PERSON_IDENTITY = ("first_name", "last_name", "birth_date", "tax_code")


def _check_people(
    session: Session, wanted: Wanted, present: set[tuple[str, uuid.UUID]], fresh: Wanted
) -> None:
    """A new membership naming a person this profile already has (of another case here: a
    sibling, a parent) must carry that person as this profile knows them: the same names,
    birth date and tax code. Else an id alone (from a stolen teammate's laptop) would tie a
    person of another case to the file's case, and their record (address, tax code) would
    leave with it at its next export."""
    joined = {
        values["person_id"]
        for (table, _), (values, _c) in fresh.items()
        if table == "case_members" and ("persons", values["person_id"]) in present
    }
    if not joined:
        return
    person = m.PersonRow
    columns = [getattr(person, name) for name in PERSON_IDENTITY]
    ids = sorted(joined)
    for start in range(0, len(ids), 500):
        rows = session.execute(
            select(person.id, *columns).where(person.id.in_(ids[start : start + 500]))
        )
        for row in rows:
            theirs = wanted[("persons", row[0])][0]
            if tuple(row[1:]) != tuple(theirs[name] for name in PERSON_IDENTITY):
                raise _damaged(
                    "una persona del pacchetto non corrisponde a quella con lo stesso "
                    "identificativo in questo profilo"
                )
