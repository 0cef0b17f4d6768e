"""Printing and saving documents: the visit sheet, the record of an incontro facilitato, the
blank sheet (and the registry of the paper sheets printed), and every print and export written
to the audit log. A saved PDF is written atomically, readable by its owner only (0600), and
encrypted with AES-256 when a password is given."""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from minorifamiglie.domain import entities as e
from minorifamiglie.domain import paper_sheets
from minorifamiglie.domain.enums import AuditAction, SheetStatus, VisitKind
from minorifamiglie.domain.errors import DomainError, ValidationError
from minorifamiglie.domain.ids import AmbitoId, CaseId, SheetId, VisitId
from minorifamiglie.reports.blank_sheet import render_blank_sheet
from minorifamiglie.reports.layout import encrypt_pdf
from minorifamiglie.reports.meeting import render_meeting
from minorifamiglie.reports.visit_sheet import render_visit_sheet
from minorifamiglie.services import ambito_settings, print_data
from minorifamiglie.services.case_refs import CaseRef, resolve_case_id, visit_id
from minorifamiglie.storage import audit
from minorifamiglie.storage import models as m
from minorifamiglie.storage.files import document_files, write_document
from minorifamiglie.storage.profile import OpenProfile, set_local
from minorifamiglie.storage.repository import Repository

# This device's cooperative (kept in services/ambito_settings.py, the fallback of the Ambito's).
COOPERATIVE_KEY = ambito_settings.COOPERATIVE_KEY
DEFAULT_COOPERATIVE = ambito_settings.DEFAULT_COOPERATIVE
SHEETS = "paper_sheets"


@dataclass(frozen=True, slots=True)
class PaperSheetView:
    id: SheetId
    case_id: CaseId
    case_code: str
    status: SheetStatus
    printed_on: dt.date
    printed_by: str
    transcribed_visit_id: VisitId | None

    @property
    def code(self) -> str:
        return paper_sheets.sheet_code(self.id)


# ------------------------------------------------------------------ settings


def cooperative_name(opened: OpenProfile) -> str:
    """The cooperative this device names on documents when the Ambito's settings name none
    (a setting of this device)."""
    with opened.read_session() as session:
        return _cooperative(session)


def cooperative_and_logo(
    session: Session, ambito_id: AmbitoId, on: dt.date
) -> tuple[str, bytes | None]:
    """`cooperative_for` and `logo_for` in one read."""
    found = ambito_settings.effective(session, ambito_id, on)
    return found.cooperative, found.logo


def documents_cooperative(
    opened: OpenProfile, ambito_id: AmbitoId | None, on: dt.date
) -> tuple[str, bytes | None]:
    """The cooperative and logo of a document about `on`: of the Ambito when there is one,
    else this device's name (no logo)."""
    with opened.read_session() as session:
        if ambito_id is None:
            return _cooperative(session), None
        return cooperative_and_logo(session, ambito_id, on)


def set_cooperative_name(opened: OpenProfile, name: str) -> None:
    clean = " ".join(name.split())
    if not clean:
        raise ValidationError("Indicare il nome della cooperativa", "cooperative")
    if len(clean) > 200:
        raise ValidationError("Il nome della cooperativa è troppo lungo", "cooperative")
    with opened.session() as session:
        set_local(session, COOPERATIVE_KEY, clean)


# ------------------------------------------------------------------ documents


def _cooperative(session: Session) -> str:
    return ambito_settings.fallback_cooperative(session)


def _with_logo(heading: Any, logo: bytes | None) -> Any:
    return heading if logo is None else dataclasses.replace(heading, logo=logo)


def print_clock(today: dt.date | None, now: dt.datetime | None) -> tuple[dt.date, dt.datetime]:
    """The day a document says it was printed ("Stampato il", and what is overdue on it) and
    the moment in its metadata (CreationDate): the caller's, or this computer's clock."""
    now = now if now is not None else dt.datetime.now().astimezone()
    return (today if today is not None else now.date()), now


def visit_sheet_pdf(
    opened: OpenProfile,
    visit_ref: VisitId | str,
    today: dt.date | None = None,
    now: dt.datetime | None = None,
) -> bytes:
    """The scheda visita of one visit, draft or closed (audited when printed or saved)."""
    today, now = print_clock(today, now)
    with opened.read_session() as session:
        repo = Repository(session)
        visit = repo.get(e.Visit, visit_id(visit_ref))
        ambito_id = repo.get(e.Case, visit.case_id).ambito_id
        cooperative, logo = cooperative_and_logo(session, ambito_id, visit.date)
        sheet = print_data.visit_sheet(session, visit, cooperative, today, now)
    return render_visit_sheet(dataclasses.replace(sheet, heading=_with_logo(sheet.heading, logo)))


def meeting_pdf(
    opened: OpenProfile,
    visit_ref: VisitId | str,
    today: dt.date | None = None,
    now: dt.datetime | None = None,
) -> bytes:
    """The verbale of an incontro facilitato; any other kind of visit is refused."""
    today, now = print_clock(today, now)
    with opened.read_session() as session:
        repo = Repository(session)
        visit = repo.get(e.Visit, visit_id(visit_ref))
        if visit.kind is not VisitKind.FACILITATED_MEETING:
            raise DomainError("La visita non è un incontro facilitato: stampare la scheda visita")
        ambito_id = repo.get(e.Case, visit.case_id).ambito_id
        cooperative, logo = cooperative_and_logo(session, ambito_id, visit.date)
        record = print_data.meeting_record(session, visit, cooperative, today, now)
    return render_meeting(dataclasses.replace(record, heading=_with_logo(record.heading, logo)))


def blank_sheet_pdf(
    opened: OpenProfile,
    case_ref: CaseRef,
    today: dt.date | None = None,
    now: dt.datetime | None = None,
) -> tuple[SheetId, bytes]:
    """A new blank sheet for a case, recorded as printed; its id is in the QR code.

    The PDF is made inside the unit of work, so a sheet that fails to render is not recorded."""
    today, now = print_clock(today, now)
    with opened.session() as session:
        sheet_id, pdf, _case = _new_blank_sheet(session, case_ref, today, now)
    return sheet_id, pdf


def blank_sheet_to_file(
    opened: OpenProfile,
    case_ref: CaseRef,
    path: Path,
    *,
    password: str | None = None,
    today: dt.date | None = None,
    now: dt.datetime | None = None,
) -> SheetId:
    """A new blank sheet written to `path` (encrypted with `password`), recorded as printed
    and exported in the same unit of work as the file is written: a sheet whose file cannot
    be written (a missing folder, a full disk) is not recorded as printed."""
    if password is not None and not password:
        raise ValidationError("La password del PDF è vuota", "password")
    today, now = print_clock(today, now)
    with opened.session() as session:
        sheet_id, pdf, case_id = _new_blank_sheet(session, case_ref, today, now)
        write_document(path, encrypt_pdf(pdf, password) if password else pdf)
        detail = {"kind": "blank_sheet", "format": "pdf", "encrypted": bool(password)}
        audit.append(session, AuditAction.EXPORT, SHEETS, sheet_id, case_id, detail)
    return sheet_id


def _new_blank_sheet(
    session: Session, case_ref: CaseRef, today: dt.date, now: dt.datetime
) -> tuple[SheetId, bytes, CaseId]:
    repo = Repository(session)
    case = repo.get(e.Case, resolve_case_id(session, case_ref))
    operator_id = session.info["write_context"].operator_id
    if operator_id is None:
        raise ValidationError("Nessun operatore associato a questo profilo", "operator")
    sheet = repo.add(
        e.PaperSheet,
        case_id=case.id,
        status=SheetStatus.PRINTED,
        printed_by=operator_id,
        transcribed_visit_id=None,
    )
    cooperative, logo = cooperative_and_logo(session, case.ambito_id, today)
    data = print_data.blank_sheet(session, sheet.id, case, operator_id, cooperative, today, now)
    pdf = render_blank_sheet(dataclasses.replace(data, heading=_with_logo(data.heading, logo)))
    audit.append(session, AuditAction.CREATE, SHEETS, sheet.id, case.id)
    return sheet.id, pdf, case.id


# ------------------------------------------------------------------ the paper-sheet registry


def _view(repo: Repository, sheet: e.PaperSheet, codes: dict[uuid.UUID, str]) -> PaperSheetView:
    if sheet.case_id not in codes:
        codes[sheet.case_id] = repo.get(e.Case, sheet.case_id).code
    return PaperSheetView(
        sheet.id,
        sheet.case_id,
        codes[sheet.case_id],
        sheet.status,
        print_data.local_date(sheet.created_at),
        print_data.operator_name(repo, sheet.printed_by),
        sheet.transcribed_visit_id,
    )


def list_sheets(opened: OpenProfile, case_ref: CaseRef | None = None) -> list[PaperSheetView]:
    """The paper sheets printed, oldest first; of one case when `case_ref` is given
    (read without the write lock)."""
    with opened.read_session() as session:
        repo = Repository(session)
        where = []
        if case_ref is not None:
            where.append(m.PaperSheetRow.case_id == resolve_case_id(session, case_ref))
        rows = repo.find(
            e.PaperSheet, *where, order_by=[m.PaperSheetRow.created_at, m.PaperSheetRow.id]
        )
        codes: dict[uuid.UUID, str] = {}
        return [_view(repo, s, codes) for s in rows]


def mark_sheet(
    opened: OpenProfile,
    sheet_id: SheetId | str,
    status: SheetStatus,
    visit: VisitId | str | None = None,
) -> PaperSheetView:
    """A sheet, by its id or its code (as printed on it), transcribed (optionally into `visit`,
    of the same case) or destroyed."""
    sid = sheet_id if isinstance(sheet_id, uuid.UUID) else paper_sheets.parse_sheet_code(sheet_id)
    with opened.session() as session:
        repo = Repository(session)
        sheet = repo.get(e.PaperSheet, sid)
        paper_sheets.check_transition(sheet.status, status)
        changes: dict[str, object] = {"status": status}
        if visit is not None:
            if status is not SheetStatus.TRANSCRIBED:
                raise ValidationError("La visita si indica solo per una scheda trascritta", "visit")
            linked = repo.get(e.Visit, visit_id(visit))
            if linked.case_id != sheet.case_id:
                raise ValidationError("La visita appartiene a un'altra cartella", "visit")
            changes["transcribed_visit_id"] = linked.id
        sheet = repo.update(e.PaperSheet, sheet.id, **changes)
        audit.append(
            session,
            AuditAction.UPDATE,
            SHEETS,
            sheet.id,
            sheet.case_id,
            {"status": status.value},
        )
        return _view(repo, sheet, {})


# ------------------------------------------------------------------ printing and saving


def record_print(
    opened: OpenProfile,
    kind: str,
    entity: str,
    entity_id: uuid.UUID | None,
    case_id: CaseId | None,
) -> None:
    """A document sent to a printer (the GUI prints without a file on disk)."""
    with opened.session() as session:
        audit.append(session, AuditAction.PRINT, entity, entity_id, case_id, {"kind": kind})


def save_file(
    opened: OpenProfile,
    data: bytes,
    path: Path,
    *,
    kind: str,
    entity: str,
    entity_id: uuid.UUID | None,
    case_id: CaseId | None,
    encrypted: bool = False,
) -> None:
    """Write an exported document (PDF or CSV) atomically with mode 0600, and audit it.

    The audit event and the file go together: if writing fails, no event is recorded."""
    detail = {"kind": kind, "format": path.suffix.lower().lstrip(".") or "", "encrypted": encrypted}
    with opened.session() as session:
        write_document(path, data)
        audit.append(session, AuditAction.EXPORT, entity, entity_id, case_id, detail)


def save_pdf(
    opened: OpenProfile,
    data: bytes,
    path: Path,
    *,
    kind: str,
    entity: str,
    entity_id: uuid.UUID | None,
    case_id: CaseId | None,
    password: str | None = None,
) -> None:
    """Save a PDF; with a password it is encrypted with AES-256 and opens only with it."""
    if password is not None and not password:
        raise ValidationError("La password del PDF è vuota", "password")
    payload = encrypt_pdf(data, password) if password else data
    save_file(
        opened,
        payload,
        path,
        kind=kind,
        entity=entity,
        entity_id=entity_id,
        case_id=case_id,
        encrypted=bool(password),
    )


def save_csv_pair(
    opened: OpenProfile,
    first: tuple[Path, bytes],
    second: tuple[Path, bytes],
    *,
    kind: str,
    entity: str = "",
) -> None:
    """Two CSV files that go together (a report's data and its totals): both written or
    neither, with their export events. Each is made whole in a temporary file first; a target
    that is a folder is refused before either is written."""
    for path, _data in (first, second):
        if path.is_dir():
            raise DomainError(f"{path} è una cartella: indicare il nome di un file")
    detail = {"kind": kind, "format": "csv", "encrypted": False}
    with opened.session() as session:
        with document_files(first[0], second[0]) as (one, two):
            one.write(first[1])
            two.write(second[1])
        for _path in (first, second):
            audit.append(session, AuditAction.EXPORT, entity, None, None, detail)


def visit_case(opened: OpenProfile, visit_ref: VisitId | str) -> tuple[VisitId, CaseId]:
    """A visit's id and its case's id, for the audit of a printed or saved document."""
    with opened.read_session() as session:
        visit = Repository(session).get(e.Visit, visit_id(visit_ref))
        return visit.id, visit.case_id


def case_id(opened: OpenProfile, case_ref: CaseRef) -> CaseId:
    """A live case's id from its id or human code."""
    with opened.read_session() as session:
        return resolve_case_id(session, case_ref)
