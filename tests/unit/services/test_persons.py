"""Editing a person of the case files: checked, logged, audited in every case of the person."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from codicefiscale import codicefiscale

from minorifamiglie.domain import entities as e
from minorifamiglie.domain.enums import AuditAction, MemberRole, OpKind, Service
from minorifamiglie.domain.errors import NotFoundError, ValidationError
from minorifamiglie.domain.ids import PersonId
from minorifamiglie.services import cases, persons
from minorifamiglie.storage.profile import OpenProfile
from minorifamiglie.storage.repository import Repository
from support.clock import TODAY

LUCA_CF = codicefiscale.encode(
    lastname="Rota", firstname="Luca", gender="M", birthdate="2015-03-02", birthplace="Bergamo"
)


def test_contacts_and_tax_code_are_edited(opened: OpenProfile, case_file, traces) -> None:
    minor = case_file.minor

    edited = persons.update_person(
        opened,
        minor.id,
        tax_code=LUCA_CF.lower(),
        phone=" 035 123456 ",
        address="Via Roma 1, Zogno",
        today=TODAY,
    )

    assert edited.tax_code == LUCA_CF
    assert edited.phone == "035 123456"
    assert traces.changes("persons", minor.id) == [OpKind.INSERT, OpKind.UPDATE]
    update = traces.audit("persons", minor.id)[-1]
    assert update.action is AuditAction.UPDATE
    assert update.case_id == case_file.case.id
    assert update.detail == {"fields": ["address", "phone", "tax_code"]}
    assert LUCA_CF not in str(update.detail)


def test_a_tax_code_that_disagrees_with_the_birth_date_is_saved_with_a_warning(
    opened: OpenProfile, case_file
) -> None:
    minor = case_file.minor
    persons.update_person(opened, minor.id, tax_code=LUCA_CF, today=TODAY)
    # A birth date the code does not say: saved, the warning names the date (issue 14).
    saved = persons.edit_person(opened, minor.id, birth_date=dt.date(2016, 3, 2), today=TODAY)
    assert saved.person.birth_date == dt.date(2016, 3, 2)
    [warning] = saved.warnings
    assert warning.field == "tax_code"
    assert "data di nascita" in warning.message
    assert LUCA_CF[3:] not in warning.message
    # An invalid code (a wrong check character) is still refused, masked.
    with pytest.raises(ValidationError) as err:
        persons.update_person(opened, minor.id, tax_code="RTOLCU15C02A794X", today=TODAY)
    assert err.value.field == "tax_code"
    assert LUCA_CF[3:] not in str(err.value)
    # Cleared: nothing to warn about.
    cleared = persons.edit_person(opened, minor.id, tax_code="", today=TODAY)
    assert (cleared.person.tax_code, cleared.warnings) == (None, ())


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"first_name": " "}, "first_name"),
        ({"last_name": ""}, "last_name"),
        ({"birth_date": dt.date(2027, 1, 1)}, "birth_date"),
        ({"birth_date": "02-03-2015"}, "birth_date"),
        ({"phone": "3" * 61}, "phone"),
        ({"notes": 12}, "notes"),
        ({"role": MemberRole.FATHER}, "role"),
    ],
)
def test_each_bad_person_field_is_named(
    opened: OpenProfile, case_file, changes: dict[str, object], field: str
) -> None:
    with pytest.raises(ValidationError) as err:
        persons.update_person(opened, case_file.minor.id, today=TODAY, **changes)
    assert err.value.field == field


def test_a_person_in_two_cases_is_audited_in_both(opened: OpenProfile, case_file, traces) -> None:
    other = cases.add_case(opened, ambito="VIM", service=Service.ADM, today=TODAY)
    with opened.session() as session:  # the same person, a member of a second case
        Repository(session).add(
            e.CaseMember,
            case_id=other.id,
            person_id=case_file.minor.id,
            role=MemberRole.MINOR,
            notes="",
        )

    persons.update_person(opened, case_file.minor.id, notes="Allergia alle arachidi")

    updates = [
        t for t in traces.audit("persons", case_file.minor.id) if t.action is AuditAction.UPDATE
    ]
    assert sorted(str(t.case_id) for t in updates) == sorted(
        str(c) for c in (case_file.case.id, other.id)
    )


def test_an_unknown_person(opened: OpenProfile) -> None:
    with pytest.raises(NotFoundError, match="Persona non trovata"):
        persons.update_person(opened, PersonId(uuid.uuid4()), phone="1")


def test_a_value_stored_before_a_rule_does_not_block_editing_another_field(
    opened: OpenProfile, case_file
) -> None:
    # An address on two lines, stored before one-line values refused line breaks (or synced
    # from a device that allowed them), sent back unchanged by the form with a new telephone
    minor = case_file.minor
    with opened.session() as session:
        Repository(session).update(e.Person, minor.id, address="Via Roma 1\n24019 Zogno (BG)")
    edited = persons.update_person(
        opened, minor.id, address="Via Roma 1\n24019 Zogno (BG)", phone="035 654321", today=TODAY
    )
    assert (edited.phone, edited.address) == ("035 654321", "Via Roma 1\n24019 Zogno (BG)")
    # a changed value is checked as ever
    with pytest.raises(ValidationError, match="va scritto su una riga"):
        persons.update_person(opened, minor.id, address="Via Verdi 2\nZogno", today=TODAY)
