"""Deleting a case that holds nothing yet: what the New case dialog made is tombstoned in one
transaction, logged and audited; a case holding anything is refused, saying what it holds, and
nothing is written."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import func, select

from minorifamiglie.domain import entities as e
from minorifamiglie.domain.enums import (
    AuditAction,
    Authority,
    Availability,
    CommunityKind,
    LegalBasis,
    MeasureKind,
    MemberRole,
    OpKind,
    PlacementKind,
    Service,
    SheetStatus,
)
from minorifamiglie.domain.errors import NotFoundError, ValidationError
from minorifamiglie.services import (
    activations,
    attachments,
    case_removal,
    cases,
    communities,
    deadlines,
    dump,
    families,
    integrity,
    persons,
    placements,
    printing,
    records,
    search,
    visits,
)
from minorifamiglie.services.case_removal import CaseContents
from minorifamiglie.storage.models import AuditEventRow, ChangeRow
from minorifamiglie.storage.profile import OpenProfile
from minorifamiglie.storage.queries import CaseFilter
from minorifamiglie.storage.repository import Repository
from support.clock import TODAY


def new_case(opened: OpenProfile, child: bool = True) -> Any:
    """What the New case dialog writes: the case, its operator, the child when given."""
    return cases.add_case(
        opened,
        ambito="VBR",
        service=Service.ADM,
        title="Sostegno educativo",
        summary="Segnalazione della scuola.",
        minor_first_name="Nicolò" if child else None,
        minor_last_name="D'Angelo" if child else None,
        birth_date=dt.date(2015, 3, 2) if child else None,
        today=TODAY,
    )


def child_of(opened: OpenProfile, case: Any) -> Any:
    detail = cases.show_case(opened, case.code, today=TODAY)
    return next(mv for mv in detail.members if mv.member.role is MemberRole.MINOR)


def kinds(opened: OpenProfile, entity: str, entity_id: uuid.UUID) -> list[OpKind]:
    with opened.session() as session:
        return list(
            session.execute(
                select(ChangeRow.kind)
                .where(ChangeRow.entity == entity, ChangeRow.entity_id == entity_id)
                .order_by(ChangeRow.seq)
            ).scalars()
        )


def deletions(opened: OpenProfile, case_id: uuid.UUID) -> list[tuple[str, uuid.UUID | None]]:
    with opened.session() as session:
        rows = session.execute(
            select(AuditEventRow.entity, AuditEventRow.entity_id, AuditEventRow.detail)
            .where(AuditEventRow.case_id == case_id, AuditEventRow.action == AuditAction.DELETE)
            .order_by(AuditEventRow.seq)
        ).all()
    for _entity, _id, detail in rows:
        assert "Nicol" not in detail and "Angelo" not in detail  # ids and kinds, never names
    return [(r[0], r[1]) for r in rows]


def change_count(opened: OpenProfile) -> int:
    with opened.session() as session:
        return int(session.execute(select(func.count()).select_from(ChangeRow)).scalar_one())


# ------------------------------------------------------------------------------ deleting


def test_a_case_just_created_is_deleted_with_its_child_and_operator_link(
    opened: OpenProfile,
) -> None:
    # Given a case as the New case dialog creates it, with its child
    case = new_case(opened)
    child = child_of(opened, case)
    assert case_removal.case_contents(opened, case.code).empty

    # When it is deleted by its code
    deleted = case_removal.delete_empty_case(opened, case.code)

    # Then the case, the child's membership and person and the operator link are tombstones
    assert deleted.case_id == case.id and deleted.code == case.code
    tables = [table for table, _id in deleted.records]
    assert tables == ["cases", "case_operators", "case_members", "persons"]
    for table, record_id in deleted.records:
        assert kinds(opened, table, record_id)[-1] is OpKind.TOMBSTONE
    assert ("persons", child.person.id) in deleted.records
    # and each is in the audit log as a deletion of this case
    assert deletions(opened, case.id) == list(deleted.records)

    # And the case is gone from the lists, the search, the dump; the database is sound
    assert cases.list_cases(opened) == []
    assert cases.count_cases(opened) == 0
    for words in (case.code, "nicolo dangelo", "Sostegno"):
        assert search.search(opened, words, CaseFilter()).hits == ()
    with pytest.raises(NotFoundError):
        cases.show_case(opened, case.code)
    assert json.loads(dump.dump_json(opened))["cases"] == []
    assert integrity.check(opened).sound


def test_a_case_opened_without_a_child_is_deleted_by_its_id(opened: OpenProfile) -> None:
    case = new_case(opened, child=False)
    deleted = case_removal.delete_empty_case(opened, case.id)
    assert [t for t, _ in deleted.records] == ["cases", "case_operators"]
    with pytest.raises(NotFoundError):
        case_removal.delete_empty_case(opened, case.id)  # a second time: already gone


def test_the_next_case_does_not_reuse_the_deleted_code(opened: OpenProfile) -> None:
    first = new_case(opened)
    case_removal.delete_empty_case(opened, first.code)
    second = new_case(opened)
    assert second.code != first.code  # a code another device may have seen never comes back


def test_a_child_named_in_another_case_stays_a_person(opened: OpenProfile) -> None:
    # Given the same child in a second case (a sibling's file names them too)
    kept = new_case(opened)
    child = child_of(opened, kept)
    extra = new_case(opened, child=False)
    with opened.session() as session:
        Repository(session).add(
            e.CaseMember,
            case_id=extra.id,
            person_id=child.person.id,
            role=MemberRole.MINOR,
            notes="",
        )

    # When the second case is deleted, only its membership goes
    deleted = case_removal.delete_empty_case(opened, extra.code)
    assert ("persons", child.person.id) not in deleted.records
    assert child_of(opened, kept).person.id == child.person.id


def test_deleted_records_and_destroyed_sheets_do_not_count(opened: OpenProfile) -> None:
    # Given a draft written and then deleted, and a blank sheet printed and then destroyed
    case = new_case(opened)
    draft = visits.add_visit(
        opened, case=case.code, date=TODAY, start=dt.time(9), end=dt.time(10), today=TODAY
    )
    visits.delete_draft(opened, draft.id)
    sheet_id, _pdf = printing.blank_sheet_pdf(opened, case.code, today=TODAY)
    printing.mark_sheet(opened, sheet_id, SheetStatus.DESTROYED)

    # Then the case is empty, and the sheet's record goes with it
    assert case_removal.case_contents(opened, case.code) == CaseContents()
    deleted = case_removal.delete_empty_case(opened, case.code)
    assert ("paper_sheets", sheet_id) in deleted.records


# ------------------------------------------------------------------------------ refusing


def _visits(opened: OpenProfile, case: Any) -> None:
    for day in (3, 10, 17):
        visits.add_visit(
            opened,
            case=case.code,
            date=dt.date(2026, 11, day),
            start=dt.time(15),
            end=dt.time(16),
            notes="Compiti.",
            today=TODAY,
        )


def _mother(opened: OpenProfile, case: Any) -> None:
    cases.add_member(
        opened, case.code, first_name="Anna", last_name="D'Angelo", role=MemberRole.MOTHER
    )


def _child_phone(opened: OpenProfile, case: Any) -> None:
    persons.update_person(opened, child_of(opened, case).person.id, phone="035 000000")


def _measure(opened: OpenProfile, case: Any) -> None:
    records.add_measure(
        opened,
        case.code,
        authority=Authority.JUVENILE_COURT,
        kind=MeasureKind.ENTRUSTMENT,
        issued_on=dt.date(2026, 10, 1),
        today=TODAY,
    )


def _activation(opened: OpenProfile, case: Any) -> None:
    activations.add_activation(
        opened, case.code, service=Service.ADM, start_on=TODAY, authorised_hours=4
    )


def _goal(opened: OpenProfile, case: Any) -> None:
    records.add_goal(opened, case.code, title="Autonomia nei compiti")


def _deadline(opened: OpenProfile, case: Any) -> None:
    deadlines.add_deadline(opened, case.code, title="Relazione", due_on=dt.date(2026, 12, 15))


def _placement(opened: OpenProfile, case: Any) -> None:
    family = families.add_family(
        opened, name="Famiglia Locatelli", availability=Availability.RESIDENTIAL, today=TODAY
    )
    placements.add_placement(
        opened,
        case.code,
        minor_id=child_of(opened, case).person.id,
        family_id=family.id,
        legal_basis=LegalBasis.CONSENSUAL,
        kind=PlacementKind.HETERO,
        start_on=dt.date(2026, 11, 1),
        today=TODAY,
    )


def _community_placement(opened: OpenProfile, case: Any) -> None:
    community = communities.add_community(
        opened, name="Comunità Il Ponte", kind=CommunityKind.EDUCATIONAL
    )
    communities.place_in_community(
        opened,
        case.code,
        community_id=community.id,
        legal_basis=LegalBasis.JUDICIAL,
        start_on=dt.date(2026, 11, 1),
        today=TODAY,
    )


def _attachment(opened: OpenProfile, case: Any) -> None:
    attachments.add_attachment(opened, case.code, filename="decreto.pdf", content=b"%PDF-1.4")


def _sheet(opened: OpenProfile, case: Any) -> None:
    printing.blank_sheet_pdf(opened, case.code, today=TODAY)


@pytest.mark.parametrize(
    ("fill", "said"),
    [
        (_visits, "3 visite"),
        (_mother, "1 persona"),
        (_child_phone, "recapiti o note del minore"),
        (_measure, "1 provvedimento"),
        (_activation, "1 intervento"),
        (_goal, "1 obiettivo"),
        (_deadline, "1 scadenza"),
        (_placement, "1 abbinamento"),
        (_community_placement, "1 inserimento in comunità"),
        (_attachment, "1 allegato"),
        (_sheet, "1 scheda cartacea stampata"),
    ],
)
def test_a_case_holding_anything_is_refused_and_left_as_it_was(
    opened: OpenProfile, fill: Callable[[OpenProfile, Any], None], said: str
) -> None:
    # Given a case with something written in it
    case = new_case(opened)
    fill(opened, case)
    contents = case_removal.case_contents(opened, case.id)
    assert not contents.empty
    before = dump.dump_json(opened), change_count(opened)

    # When its deletion is asked, it is refused naming what it holds
    with pytest.raises(ValidationError) as refused:
        case_removal.delete_empty_case(opened, case.code)
    assert str(refused.value) == f"La cartella contiene già {said}: non si può eliminare"
    assert "Nicol" not in str(refused.value)  # no personal data in a message

    # And nothing was written
    assert (dump.dump_json(opened), change_count(opened)) == before
    assert deletions(opened, case.id) == []


def test_everything_a_case_holds_is_named_at_once() -> None:
    contents = CaseContents(visits=1, persons=2, attachments=3, child_details=True)
    assert contents.italian() == "1 visita, 2 persone, 3 allegati e recapiti o note del minore"
    assert CaseContents(measures=2).italian() == "2 provvedimenti"
    assert CaseContents().italian() == "" and CaseContents().empty
