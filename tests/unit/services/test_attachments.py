"""Attachments: bytes kept inside the encrypted database, checked by sha256 when read back."""

from __future__ import annotations

import datetime as dt
import errno
import hashlib
import json
import os
import uuid
from pathlib import Path

import pytest
from sqlalchemy import select

from minorifamiglie import portable
from minorifamiglie.domain.enums import AuditAction, OpKind, Service, VisitKind
from minorifamiglie.domain.errors import IntegrityError, NotFoundError, ValidationError
from minorifamiglie.domain.validation import ATTACHMENT_MAX_BYTES
from minorifamiglie.services import attachments, cases, visits
from minorifamiglie.storage.database import raw_connection
from minorifamiglie.storage.models import ChangeRow
from minorifamiglie.storage.profile import OpenProfile
from private_modes import is_private_file
from support.clock import TODAY

PDF = b"%PDF-1.7\n" + b"Decreto del Tribunale per i Minorenni di Brescia. " * 200


def test_round_trip(opened: OpenProfile, case_file, traces) -> None:
    attachment = attachments.add_attachment(
        opened, case_file.case.code, filename="decreto-tm.pdf", content=PDF
    )

    assert attachment.media_type == "application/pdf"
    assert attachment.size == len(PDF)
    assert attachment.sha256 == hashlib.sha256(PDF).hexdigest()
    assert attachments.list_attachments(opened, case_file.case.id) == [attachment]
    record, content = attachments.read_attachment(opened, attachment.id)
    assert (record, content) == (attachment, PDF)
    assert traces.changes("attachments", attachment.id) == [OpKind.INSERT]
    trail = traces.audit("attachments", attachment.id)
    assert [t.action for t in trail] == [AuditAction.CREATE, AuditAction.VIEW]
    assert {t.case_id for t in trail} == {case_file.case.id}
    assert trail[0].detail == {"size": len(PDF), "media_type": "application/pdf"}


def test_the_bytes_stay_out_of_the_change_log_and_off_the_disk(
    opened: OpenProfile, case_file
) -> None:
    marker = b"Mario-Rossi-segreto-" * 50
    attachment = attachments.add_attachment(
        opened, case_file.case.id, filename="nota.txt", content=marker
    )
    with opened.session() as session:
        [data] = session.execute(
            select(ChangeRow.data).where(ChangeRow.entity_id == attachment.id)
        ).scalars()
    logged = json.loads(data)
    assert "content" not in logged
    assert logged["sha256"] == attachment.sha256
    on_disk = b"".join(p.read_bytes() for p in opened.paths.root.rglob("*") if p.is_file())
    assert b"Mario-Rossi-segreto" not in on_disk


def test_a_tampered_attachment_is_refused(opened: OpenProfile, case_file, traces) -> None:
    attachment = attachments.add_attachment(
        opened, case_file.case.id, filename="relazione.docx", content=PDF
    )
    forged = PDF.replace(b"Brescia", b"Bergamo")
    with raw_connection(opened.paths.database, opened.master_key()) as conn:
        conn.execute("UPDATE attachments SET content = ? WHERE id = ?", (forged, attachment.id.hex))

    with pytest.raises(IntegrityError, match="SHA-256"):
        attachments.read_attachment(opened, attachment.id)
    assert traces.actions("attachments", attachment.id) == [AuditAction.CREATE]


def test_a_truncated_attachment_is_refused(opened: OpenProfile, case_file) -> None:
    attachment = attachments.add_attachment(
        opened, case_file.case.id, filename="foto.jpg", content=PDF
    )
    with raw_connection(opened.paths.database, opened.master_key()) as conn:
        conn.execute(
            "UPDATE attachments SET content = ? WHERE id = ?", (PDF[:100], attachment.id.hex)
        )
    with pytest.raises(IntegrityError):
        attachments.read_attachment(opened, attachment.id)


def test_names_and_media_types(opened: OpenProfile, case_file) -> None:
    def add(name: str) -> tuple[str, str]:
        a = attachments.add_attachment(opened, case_file.case.id, filename=name, content=b"x")
        return a.filename, a.media_type

    assert add("C:\\Users\\educatrice\\Documenti\\verbale.PDF") == (
        "verbale.PDF",
        "application/pdf",
    )
    assert add("/home/edu/scansione.png") == ("scansione.png", "image/png")
    assert add("dati.sconosciuto") == ("dati.sconosciuto", "application/octet-stream")
    assert add("  senza-estensione  ") == ("senza-estensione", "application/octet-stream")


@pytest.mark.parametrize(
    ("filename", "content", "field"),
    [
        ("vuoto.txt", b"", "content"),
        ("enorme.bin", b"\0" * (ATTACHMENT_MAX_BYTES + 1), "content"),
        ("", b"x", "filename"),
        ("C:\\cartella\\", b"x", "filename"),
        ("a\x00b.txt", b"x", "filename"),
        ("n" * 252 + ".pdf", b"x", "filename"),
        ("testo.txt", "non sono byte", "content"),
    ],
)
def test_bad_attachments_are_refused(
    opened: OpenProfile, case_file, filename: str, content: bytes, field: str
) -> None:
    with pytest.raises(ValidationError) as err:
        attachments.add_attachment(opened, case_file.case.id, filename=filename, content=content)
    assert err.value.field == field
    assert attachments.list_attachments(opened, case_file.case.id) == []


def test_an_attachment_of_a_visit(opened: OpenProfile, case_file) -> None:
    visit = visits.add_visit(
        opened,
        case=case_file.case.code,
        date=TODAY,
        start=dt.time(15, 0),
        end=dt.time(16, 0),
        kind=VisitKind.HOME_VISIT,
        today=TODAY,
    )
    sheet = attachments.add_attachment(
        opened, case_file.case.id, filename="firma.jpg", content=b"jpeg", visit_id=visit.id
    )
    attachments.add_attachment(opened, case_file.case.id, filename="altro.txt", content=b"t")
    assert attachments.list_attachments(opened, case_file.case.id, visit.id) == [sheet]
    assert len(attachments.list_attachments(opened, case_file.case.id)) == 2

    other = cases.add_case(opened, ambito="VBR", service=Service.ADM, today=TODAY)
    with pytest.raises(ValidationError, match="altra cartella") as err:
        attachments.add_attachment(
            opened, other.id, filename="firma.jpg", content=b"jpeg", visit_id=visit.id
        )
    assert err.value.field == "visit_id"


def test_a_removed_attachment_is_gone_with_its_bytes(
    opened: OpenProfile, case_file, traces
) -> None:
    attachment = attachments.add_attachment(
        opened, case_file.case.id, filename="certificato.pdf", content=PDF
    )

    attachments.remove_attachment(opened, attachment.id)

    assert attachments.list_attachments(opened, case_file.case.id) == []
    assert cases.show_case(opened, case_file.case.code, today=TODAY).attachments == ()
    with pytest.raises(NotFoundError, match="Allegato non trovato"):
        attachments.read_attachment(opened, attachment.id)
    assert traces.changes("attachments", attachment.id) == [OpKind.INSERT, OpKind.TOMBSTONE]
    assert traces.actions("attachments", attachment.id)[-1] is AuditAction.DELETE
    with raw_connection(opened.paths.database, opened.master_key()) as conn:
        size, sha = conn.execute(
            "SELECT length(content), sha256 FROM attachments WHERE id = ?", (attachment.id.hex,)
        ).fetchone()
    assert (size, sha) == (0, attachment.sha256)


# ------------------------------------------------------------------ saved to a file


OLD = b"the previous version, of another length altogether"


@pytest.fixture
def to_replace(opened: OpenProfile, case_file, tmp_path: Path) -> tuple[uuid.UUID, Path]:
    """An attachment, and a file of another name the user chose to save it over."""
    attachment = attachments.add_attachment(
        opened, case_file.case.id, filename="decreto-tm.pdf", content=PDF
    )
    target = tmp_path / "Documenti" / "decreto.pdf"
    target.parent.mkdir()
    target.write_bytes(OLD)
    return attachment.id, target


def test_a_saved_attachment_is_private_whole_and_audited(
    opened: OpenProfile, case_file, traces, to_replace, usual_umask: None
) -> None:
    attachment_id, target = to_replace
    # When the attachment is saved over the file
    attachments.save_attachment(opened, attachment_id, target)
    # Then the file holds its bytes, readable by its owner only, with nothing left beside it
    assert target.read_bytes() == PDF
    assert is_private_file(target)
    assert os.listdir(target.parent) == ["decreto.pdf"]
    # And the export is audited, with no name in it
    trail = traces.audit("attachments", attachment_id)
    assert [t.action for t in trail][-1] is AuditAction.EXPORT
    assert trail[-1].detail == {"kind": "attachment", "bytes": len(PDF)}
    assert trail[-1].case_id == case_file.case.id


def test_a_save_that_fails_leaves_the_old_file_and_audits_no_export(
    opened: OpenProfile, traces, to_replace, monkeypatch: pytest.MonkeyPatch
) -> None:
    attachment_id, target = to_replace

    # Given a disk that fails at the rename that would put the new file in place
    def fail(*args: object) -> None:
        raise OSError(errno.EIO, "errore di I/O")

    monkeypatch.setattr(type(portable.CURRENT), "replace", fail)
    # When it is saved, Then the error comes back, the old file is whole, nothing is left over
    with pytest.raises(OSError, match="errore di I/O"):
        attachments.save_attachment(opened, attachment_id, target)
    assert target.read_bytes() == OLD
    assert os.listdir(target.parent) == ["decreto.pdf"]
    # And no export is recorded (the bytes were read: that view is)
    assert AuditAction.EXPORT not in traces.actions("attachments", attachment_id)
