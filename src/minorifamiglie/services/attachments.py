"""Attachments of a case: bytes kept inside the encrypted database, checked by sha256 on read.

The content never touches the disk in plaintext on the way in or out, except where the user
saves an attachment: that file is written whole or not at all, readable by its owner only
(0600), and the export audited."""

from __future__ import annotations

import hashlib
import mimetypes
from pathlib import Path, PureWindowsPath

from sqlalchemy import select

from minorifamiglie.domain import entities as e
from minorifamiglie.domain import validation
from minorifamiglie.domain.enums import AuditAction
from minorifamiglie.domain.errors import DomainError, IntegrityError, NotFoundError, ValidationError
from minorifamiglie.domain.hidden_text import has_hidden
from minorifamiglie.domain.ids import AttachmentId, VisitId
from minorifamiglie.services.case_refs import CaseRef
from minorifamiglie.services.fields import (
    case_id_of,
    get_live,
    record_id,
    remove_record,
    table_of,
)
from minorifamiglie.storage import audit
from minorifamiglie.storage import models as m
from minorifamiglie.storage.files import write_document
from minorifamiglie.storage.profile import OpenProfile
from minorifamiglie.storage.repository import Repository

MISSING = "Allegato non trovato"
DEFAULT_MEDIA_TYPE = "application/octet-stream"
MAX_FILENAME = 255


def clean_filename(filename: str) -> str:
    """The last component of a name (a dropped file may carry its Windows or POSIX path)."""
    if not isinstance(filename, str) or "\x00" in filename:
        raise ValidationError("Nome del file non valido", "filename")
    if has_hidden(filename):  # "relazione_\u202efdp.exe" reads "relazione_exe.pdf"
        raise ValidationError(
            "Nome del file non valido: contiene caratteri invisibili o di controllo", "filename"
        )
    path = filename.strip()
    name = "" if path.endswith(("/", "\\")) else PureWindowsPath(path).name.strip()
    if not name or name in (".", ".."):
        raise ValidationError("Nome del file: campo obbligatorio", "filename")
    if len(name) > MAX_FILENAME:
        raise ValidationError(f"Nome del file: al massimo {MAX_FILENAME} caratteri", "filename")
    return name


def media_type_of(filename: str) -> str:
    guessed, _encoding = mimetypes.guess_type(filename, strict=False)
    return guessed or DEFAULT_MEDIA_TYPE


def add_attachment(
    opened: OpenProfile,
    case: CaseRef,
    *,
    filename: str,
    content: bytes,
    visit_id: VisitId | None = None,
) -> e.Attachment:
    """Store a document of the case (or of one of its visits) with its size and sha256."""
    name = clean_filename(filename)
    if not isinstance(content, bytes | bytearray | memoryview):
        raise ValidationError("Contenuto dell'allegato non valido", "content")
    data = bytes(content)
    validation.attachment_size(len(data))
    media_type = media_type_of(name)
    digest = hashlib.sha256(data).hexdigest()
    visit = None if visit_id is None else record_id(visit_id, "visit_id", "Visita")
    with opened.session() as session:
        repo = Repository(session)
        case_id = case_id_of(session, case)
        if visit is not None:
            try:
                linked = repo.get(e.Visit, visit)
            except NotFoundError:
                raise ValidationError("Visita non trovata", "visit_id") from None
            if linked.case_id != case_id:
                raise ValidationError("La visita appartiene a un'altra cartella", "visit_id")
        attachment = repo.add(
            e.Attachment,
            case_id=case_id,
            visit_id=visit,
            filename=name,
            media_type=media_type,
            size=len(data),
            sha256=digest,
            content=data,
        )
        audit.append(
            session,
            AuditAction.CREATE,
            table_of(e.Attachment),
            attachment.id,
            case_id,
            {"size": len(data), "media_type": media_type},
        )
    return attachment


def list_attachments(
    opened: OpenProfile, case: CaseRef, visit_id: VisitId | None = None
) -> list[e.Attachment]:
    """The case's attachments (or a visit's), oldest first; the bytes are not loaded (read
    without the write lock)."""
    with opened.read_session() as session:
        case_id = case_id_of(session, case)
        where = [m.AttachmentRow.case_id == case_id]
        if visit_id is not None:
            where.append(m.AttachmentRow.visit_id == visit_id)
        return Repository(session).find(
            e.Attachment, *where, order_by=[m.AttachmentRow.created_at, m.AttachmentRow.id]
        )


def read_attachment(opened: OpenProfile, attachment_id: AttachmentId) -> tuple[e.Attachment, bytes]:
    """The attachment and its bytes, after checking them against the stored sha256 and size:
    a mismatch means the database was altered or damaged, and nothing is returned. Read
    without the write lock; the view is audited after (deferred while another process writes)."""
    ref = record_id(attachment_id, "attachment", "Allegato")
    with opened.read_session() as session:
        attachment = get_live(Repository(session), e.Attachment, ref, MISSING)
        content = session.execute(
            select(m.AttachmentRow.content).where(m.AttachmentRow.id == attachment.id)
        ).scalar_one()
        data = bytes(content)
        if not data and attachment.size:
            raise DomainError(
                "Il contenuto di questo allegato non è ancora arrivato da chi l'ha aggiunto: "
                "sarà disponibile dopo una prossima sincronizzazione"
            )
        if len(data) != attachment.size or hashlib.sha256(data).hexdigest() != attachment.sha256:
            raise IntegrityError(
                "L'allegato è stato alterato o è danneggiato: l'impronta SHA-256 non corrisponde"
            )
    opened.record_view(table_of(e.Attachment), attachment.id, attachment.case_id)
    return attachment, data


def save_attachment(opened: OpenProfile, attachment_id: AttachmentId, target: Path) -> e.Attachment:
    """Write the attachment's bytes (checked as `read_attachment` checks them) to `target`, a
    file the user chose: atomically (a crash leaves the old file or the whole new one, never
    half), mode 0600 (it is a case document in plaintext), replacing a file of that name (the
    save dialog asked). The export is audited with the file, or not at all."""
    attachment, data = read_attachment(opened, attachment_id)
    detail = {"kind": "attachment", "bytes": len(data)}  # no name: the user's may say who
    with opened.session() as session:
        write_document(target, data)
        audit.append(
            session, AuditAction.EXPORT, table_of(e.Attachment), attachment.id,
            attachment.case_id, detail,
        )  # fmt: skip
    return attachment


def remove_attachment(opened: OpenProfile, attachment_id: AttachmentId) -> None:
    """Tombstone the record and wipe its bytes: the row stays for sync (with size and sha256),
    the document itself is gone (the database overwrites freed pages, secure_delete)."""
    remove_record(opened, e.Attachment, attachment_id, missing=MISSING, content=b"")
