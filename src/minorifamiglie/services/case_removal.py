"""Deleting a case file that holds nothing yet: a case opened by mistake (one click on "Crea
cartella") can be removed again; a case with anything written in it cannot (issue 13).

What "nothing" means is decided here and only here. Besides its own fields (code, ambito,
service, title, summary, dates, status), a case may hold what the New case dialog enters with
it, and nothing else: the operators who follow it, and one child in care with a name, a birth
date and a codice fiscale. Anything more makes it a case to keep: a visit (a draft too), another
person, contacts or notes on the child, a court measure, a service, a goal, a deadline, a foster
placement, an attachment, a printed blank sheet not yet marked destroyed.

Removing it tombstones the case and those rows in one transaction (never a hard delete: DESIGN
3), so the deletion reaches the other devices with the next sync, and writes each to the audit
log. The child's person stays when another case names them.

The rule is checked on this device's data: something written in the case on another laptop
before it received the deletion (a visit typed offline) stays in the database but no longer
shows, since its case is deleted; the merge does not yet turn that into a conflict."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, fields

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from minorifamiglie.domain import entities as e
from minorifamiglie.domain.enums import AuditAction, MemberRole, SheetStatus
from minorifamiglie.domain.errors import ValidationError
from minorifamiglie.services.cases import resolve_case_id
from minorifamiglie.storage import audit
from minorifamiglie.storage import models as m
from minorifamiglie.storage.profile import OpenProfile
from minorifamiglie.storage.repository import Repository

# Italian names of what a case holds, singular and plural, in the order they are listed.
_NAMES: dict[str, tuple[str, str]] = {
    "visits": ("visita", "visite"),
    "persons": ("persona", "persone"),
    "measures": ("provvedimento", "provvedimenti"),
    "activations": ("intervento", "interventi"),
    "goals": ("obiettivo", "obiettivi"),
    "deadlines": ("scadenza", "scadenze"),
    "placements": ("abbinamento", "abbinamenti"),
    "attachments": ("allegato", "allegati"),
    "paper_sheets": ("scheda cartacea stampata", "schede cartacee stampate"),
}
# The rows counted for each, by their case: live ones only (a deleted visit is not content).
_COUNTED: dict[str, type[m.SyncBase]] = {
    "visits": m.VisitRow,
    "measures": m.MeasureRow,
    "activations": m.ServiceActivationRow,
    "goals": m.GoalRow,
    "deadlines": m.DeadlineRow,
    "placements": m.PlacementRow,
    "attachments": m.AttachmentRow,
}


@dataclass(frozen=True, slots=True)
class CaseContents:
    """What a case holds beyond what opening it enters; all zero when it can be deleted."""

    visits: int = 0
    persons: int = 0  # persons other than the one child in care entered with the case
    child_details: bool = False  # contacts or notes written about that child since
    measures: int = 0
    activations: int = 0
    goals: int = 0
    deadlines: int = 0  # the manual ones (the others come from measures, goals…)
    placements: int = 0
    attachments: int = 0
    paper_sheets: int = 0  # printed blank sheets not marked destroyed

    @property
    def empty(self) -> bool:
        return not any(getattr(self, f.name) for f in fields(self))

    def counts(self) -> dict[str, int]:
        """What it holds, by kind (the keys of _NAMES), only the kinds it holds."""
        return {name: getattr(self, name) for name in _NAMES if getattr(self, name)}

    def italian(self) -> str:
        """ "3 visite e 1 allegato"; "" when empty."""
        parts = [
            f"{count} {_NAMES[name][0] if count == 1 else _NAMES[name][1]}"
            for name, count in self.counts().items()
        ]
        if self.child_details:
            parts.append("recapiti o note del minore")
        if len(parts) <= 1:
            return "".join(parts)
        return ", ".join(parts[:-1]) + " e " + parts[-1]


@dataclass(frozen=True, slots=True)
class DeletedCase:
    case_id: uuid.UUID
    code: str
    # Every record tombstoned with it, as (table, id): the case first.
    records: tuple[tuple[str, uuid.UUID], ...]


@dataclass(frozen=True, slots=True)
class _Found:
    contents: CaseContents
    members: tuple[e.CaseMember, ...]
    child: e.CaseMember | None


def _count_live(session: Session, model: type[m.SyncBase], case_id: uuid.UUID) -> int:
    column = model.case_id  # type: ignore[attr-defined]
    return int(
        session.execute(
            select(func.count())
            .select_from(model)
            .where(column == case_id, model.deleted_at.is_(None))
        ).scalar_one()
    )


def _find(session: Session, case_id: uuid.UUID) -> _Found:
    repo = Repository(session)
    counts = {name: _count_live(session, model, case_id) for name, model in _COUNTED.items()}
    sheets = int(
        session.execute(
            select(func.count())
            .select_from(m.PaperSheetRow)
            .where(
                m.PaperSheetRow.case_id == case_id,
                m.PaperSheetRow.deleted_at.is_(None),
                m.PaperSheetRow.status != SheetStatus.DESTROYED,
            )
        ).scalar_one()
    )
    members = tuple(
        repo.by_case(e.CaseMember, case_id, [m.CaseMemberRow.created_at, m.CaseMemberRow.id])
    )
    child = next((mb for mb in members if mb.role is MemberRole.MINOR), None)
    details = False
    if child is not None:
        person = repo.row(e.Person, child.person_id, include_deleted=True)
        details = bool(
            child.notes.strip()
            or person.phone.strip()
            or person.address.strip()
            or person.notes.strip()
        )
    contents = CaseContents(
        persons=len(members) - (1 if child is not None else 0),
        child_details=details,
        paper_sheets=sheets,
        **counts,
    )
    return _Found(contents, members, child)


def case_contents(opened: OpenProfile, ref: str | uuid.UUID) -> CaseContents:
    """What the case holds that stops its deletion (read only; nothing audited)."""
    with opened.read_session() as session:
        case_id = resolve_case_id(session, str(ref))
        return _find(session, case_id).contents


def contents_of(session: Session, case_id: uuid.UUID) -> CaseContents:
    """`case_contents` inside a session the caller already holds."""
    return _find(session, case_id).contents


def refusal(contents: CaseContents) -> str:
    return f"La cartella contiene già {contents.italian()}: non si può eliminare"


def delete_empty_case(opened: OpenProfile, ref: str | uuid.UUID) -> DeletedCase:
    """Tombstone a case that holds nothing (see the module), with its operators' links, the
    child entered with it and that child's person (unless another case names them), in one
    transaction; ValidationError naming what it holds otherwise, and nothing written."""
    with opened.session() as session:
        repo = Repository(session)
        case_id = resolve_case_id(session, str(ref))
        case = repo.get(e.Case, case_id)
        found = _find(session, case_id)
        if not found.contents.empty:
            raise ValidationError(refusal(found.contents), "case")
        records: list[tuple[str, uuid.UUID]] = [("cases", case_id)]
        repo.tombstone(e.Case, case_id)
        for link in repo.by_case(e.CaseOperator, case_id):
            repo.tombstone(e.CaseOperator, link.id)
            records.append(("case_operators", link.id))
        for member in found.members:
            repo.tombstone(e.CaseMember, member.id)
            records.append(("case_members", member.id))
            if _person_goes_too(session, member.person_id, case_id):
                repo.tombstone(e.Person, member.person_id)
                records.append(("persons", member.person_id))
        for sheet in repo.by_case(e.PaperSheet, case_id):  # destroyed ones: none else is left
            repo.tombstone(e.PaperSheet, sheet.id)
            records.append(("paper_sheets", sheet.id))
        for table, record_id in records:
            detail = {"empty_case": True} if table == "cases" else None
            audit.append(session, AuditAction.DELETE, table, record_id, case_id, detail)
    return DeletedCase(case_id, case.code, tuple(records))


def _person_goes_too(session: Session, person_id: uuid.UUID, case_id: uuid.UUID) -> bool:
    """The person is live and no other live case names them (as a member, or in a placement):
    they were entered for this case alone."""
    person = session.get(m.PersonRow, person_id)
    if person is None or person.deleted_at is not None:
        return False
    member = session.execute(
        select(m.CaseMemberRow.id)
        .join(m.CaseRow, m.CaseRow.id == m.CaseMemberRow.case_id)
        .where(
            m.CaseMemberRow.person_id == person_id,
            m.CaseMemberRow.case_id != case_id,
            m.CaseMemberRow.deleted_at.is_(None),
            m.CaseRow.deleted_at.is_(None),
        )
        .limit(1)
    ).first()
    placed = session.execute(
        select(m.PlacementRow.id)
        .where(m.PlacementRow.minor_id == person_id, m.PlacementRow.deleted_at.is_(None))
        .limit(1)
    ).first()
    return member is None and placed is None
