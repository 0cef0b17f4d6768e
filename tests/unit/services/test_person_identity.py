"""Issue 14, the codice fiscale: stored and searched canonical, checked against the person with
warnings (never a silent pass, never a refusal of a valid code), the same code on two persons
offered as the same person; sex, birthplace, citizenship and MSNA on every person."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from codicefiscale import codicefiscale
from sqlalchemy import func, select

from minorifamiglie.domain import entities as e
from minorifamiglie.domain import tax_code as cf
from minorifamiglie.domain.enums import AuditAction, MemberRole, OpKind, Service, Sex
from minorifamiglie.domain.errors import ValidationError
from minorifamiglie.domain.ids import PersonId
from minorifamiglie.services import cases, integrity, person_checks, persons, search
from minorifamiglie.services.person_checks import WarningKind
from minorifamiglie.storage import data_steps, queries
from minorifamiglie.storage import models as m
from minorifamiglie.storage.profile import OpenProfile
from minorifamiglie.storage.repository import Repository
from support.clock import TODAY

GIULIA = "RTOGLI20C55A794P"  # Giulia Rota, F, 15/03/1920 (or 2020), Bergamo: synthetic
AMIR_BORN = dt.date(2010, 1, 20)
AMIR = codicefiscale.encode(
    lastname="Haddad", firstname="Amir", gender="M", birthdate=AMIR_BORN.isoformat(),
    birthplace="Marocco",
)  # fmt: skip
PROVISIONAL = "06363391001"  # 11 digits with the partita IVA check digit


def changes_count(opened: OpenProfile) -> int:
    with opened.read_session() as session:
        return int(session.execute(select(func.count()).select_from(m.ChangeRow)).scalar_one())


def open_for(opened: OpenProfile, **child: Any) -> cases.CaseOpened:
    return cases.open_case(opened, ambito="VBR", service=Service.TUTELA, today=TODAY, **child)


# ------------------------------------------------------------------ stored canonical


def test_a_code_typed_with_punctuation_and_lower_case_is_stored_canonical(
    opened: OpenProfile,
) -> None:
    created = open_for(
        opened, minor_name="Giulia Rota", birth_date=dt.date(2020, 3, 15), sex="F",
        birthplace="Bergamo", tax_code="rtogli-20c55.a794p",
    )  # fmt: skip
    assert created.minor is not None
    assert created.minor.tax_code == GIULIA
    assert created.warnings == ()  # her own code: nothing to say


@pytest.mark.parametrize("typed", ["rtogli-20c55", "RTO GLI.20C55", "20c55/a794", GIULIA])
def test_search_finds_the_stored_code_whatever_punctuation_is_typed(
    opened: OpenProfile, typed: str
) -> None:
    created = open_for(opened, minor_name="Giulia Rota", tax_code=GIULIA)
    open_for(opened, minor_name="Marco Bianchi")
    hits = search.search(opened, typed).hits
    assert [h.case_id for h in hits] == [created.case.id]
    assert hits[0].place is search.Place.TAX_CODE
    assert any(s.highlighted for s in hits[0].spans)
    if typed == GIULIA:
        assert hits[0].relevance is search.Relevance.EXACT


def test_the_case_list_filter_finds_a_code_typed_with_dots(opened: OpenProfile) -> None:
    created = open_for(opened, minor_name="Giulia Rota", tax_code=GIULIA)
    rows = cases.list_cases(opened, queries.CaseFilter(text="rtogli.20c55"))
    assert [r.id for r in rows] == [created.case.id]


def test_the_provisional_numeric_code_is_accepted_and_a_wrong_one_refused(
    opened: OpenProfile,
) -> None:
    created = open_for(opened, minor_name="Amir Haddad", tax_code="063 6339 1001", msna=True)
    assert created.minor is not None
    assert (created.minor.tax_code, created.minor.msna) == (PROVISIONAL, True)
    assert created.warnings == ()
    before = changes_count(opened)
    with pytest.raises(ValidationError, match="cifra di controllo") as err:
        open_for(opened, minor_name="Amir Haddad", tax_code="06363391002")
    assert err.value.field == "tax_code"
    assert changes_count(opened) == before  # nothing written


def test_an_invalid_check_character_is_still_refused(opened: OpenProfile) -> None:
    with pytest.raises(ValidationError, match="controllo") as err:
        open_for(opened, minor_name="Giulia Rota", tax_code=GIULIA[:15] + "Q")
    assert err.value.field == "tax_code"
    assert GIULIA[3:15] not in str(err.value)


# ------------------------------------------------------------------ checked against the person


def test_a_code_of_someone_else_is_saved_with_a_warning_naming_every_mismatch(
    opened: OpenProfile,
) -> None:
    # Given the case: a girl's code for Marco Bianchi, born in Zogno in 2020
    created = open_for(
        opened, minor_name="Marco Bianchi", birth_date=dt.date(2020, 6, 1), sex="M",
        birthplace="Zogno", tax_code=GIULIA,
    )  # fmt: skip
    # Then it is saved, and one warning names what does not match
    assert created.minor is not None and created.minor.tax_code == GIULIA
    [warning] = created.warnings
    assert warning.kind is WarningKind.MISMATCH
    assert warning.field == "tax_code"
    assert warning.mismatches == (
        cf.Mismatch.LAST_NAME,
        cf.Mismatch.FIRST_NAME,
        cf.Mismatch.SEX,
        cf.Mismatch.BIRTH_DATE,
        cf.Mismatch.BIRTHPLACE,
    )
    assert GIULIA[3:] not in warning.message and "Bianchi" not in warning.message


def test_omocodia_and_a_foreign_birthplace_match_their_person(opened: OpenProfile) -> None:
    omocode = next(c for c in codicefiscale.decode(AMIR)["omocodes"] if c != AMIR)
    created = open_for(
        opened, minor_name="Amir Haddad", birth_date=AMIR_BORN, sex=Sex.MALE,
        birthplace="Marocco", citizenship="Marocco", tax_code=omocode, msna=True,
    )  # fmt: skip
    assert created.warnings == ()
    minor = created.minor
    assert minor is not None
    assert (minor.sex, minor.birthplace, minor.citizenship, minor.msna) == (
        Sex.MALE, "Z330", "MA", True,
    )  # fmt: skip
    # Born in Tunisia instead: the birthplace alone is named.
    saved = persons.edit_person(opened, minor.id, birthplace="Tunisia", today=TODAY)
    assert [w.mismatches for w in saved.warnings] == [(cf.Mismatch.BIRTHPLACE,)]


def test_the_identity_fields_are_edited_checked_and_logged(
    opened: OpenProfile, case_file, traces
) -> None:
    minor = case_file.minor
    saved = persons.edit_person(
        opened, minor.id, sex="M", birthplace="Castro (BG)", citizenship="albania", msna=True,
        today=TODAY,
    )  # fmt: skip
    person = saved.person
    assert (person.sex, person.birthplace, person.citizenship, person.msna) == (
        Sex.MALE, "C337", "AL", True,
    )  # fmt: skip
    assert traces.changes("persons", minor.id)[-1] is OpKind.UPDATE
    fields = traces.audit("persons", minor.id)[-1].detail["fields"]
    assert fields == ["birthplace", "citizenship", "msna", "sex"]
    for bad, field in (
        ({"sex": "X"}, "sex"),
        ({"birthplace": "Castro"}, "birthplace"),  # two live comuni: which one?
        ({"citizenship": "Atlantide"}, "citizenship"),
        ({"msna": "forse"}, "msna"),
    ):
        with pytest.raises(ValidationError) as err:
            persons.update_person(opened, minor.id, today=TODAY, **bad)
        assert err.value.field == field
    assert integrity.check(opened).sound


# ------------------------------------------------------------------ the same code on two persons


def test_the_same_code_on_another_person_is_asked_as_the_same_person(
    opened: OpenProfile,
) -> None:
    # Given Giulia's case, with her code
    first = open_for(opened, minor_name="Giulia Rota", tax_code=GIULIA)
    assert first.minor is not None
    # When the same code is given to a person of another case
    second = open_for(opened, minor_name="Giulia Rota")
    added = cases.add_member(
        opened, second.case.code, first_name="Giulia", last_name="Rota",
        role=MemberRole.SIBLING, tax_code=GIULIA, today=TODAY,
    )  # fmt: skip
    # Then it is saved with a warning naming the other person's case code, not the name
    [warning] = added.warnings
    assert warning.kind is WarningKind.SAME_CODE
    assert warning.other_person_id == first.minor.id
    assert warning.other_cases == (first.case.code,)
    assert first.case.code in warning.message
    assert "Rota" not in warning.message and "Giulia" not in warning.message
    assert warning.other_name == "Giulia Rota"  # for the form's question only


def test_the_check_before_saving_warns_the_same_and_writes_nothing(
    opened: OpenProfile,
) -> None:
    first = open_for(opened, minor_name="Giulia Rota", tax_code=GIULIA)
    before = changes_count(opened)
    found = person_checks.check_person(
        opened, first_name="Marco", last_name="Bianchi", sex="M",
        birth_date=dt.date(2020, 3, 15), birthplace="Bergamo", tax_code="rtogli 20c55 a794p",
    )  # fmt: skip
    assert [w.kind for w in found] == [WarningKind.MISMATCH, WarningKind.SAME_CODE]
    assert found[0].mismatches == (cf.Mismatch.LAST_NAME, cf.Mismatch.FIRST_NAME, cf.Mismatch.SEX)
    assert changes_count(opened) == before
    # The person itself is not a duplicate of itself.
    assert first.minor is not None
    assert person_checks.check_person(opened, person_id=first.minor.id, tax_code=GIULIA) == ()
    with pytest.raises(ValidationError):
        person_checks.check_person(opened, tax_code=GIULIA[:15] + "Q")


def test_the_existing_person_is_linked_instead_of_entered_again(opened: OpenProfile) -> None:
    first = open_for(opened, minor_name="Giulia Rota", tax_code=GIULIA)
    assert first.minor is not None
    # "La stessa persona?" Yes: a new case for the same child…
    again = open_for(
        opened, minor_name="Giulia Rota", tax_code=GIULIA, existing_person_id=first.minor.id
    )
    assert again.minor == first.minor
    assert again.warnings == ()
    # …and the same person as the sibling of a third case.
    third = open_for(opened)
    linked = cases.link_person(opened, third.case.code, first.minor.id, MemberRole.SIBLING)
    assert linked.person.id == first.minor.id
    assert cases.link_person(opened, third.case.code, first.minor.id, MemberRole.SIBLING) == (
        linked
    )  # twice: nothing more
    with opened.read_session() as session:
        count = session.execute(
            select(func.count()).select_from(m.PersonRow).where(m.PersonRow.tax_code == GIULIA)
        ).scalar_one()
    assert count == 1
    members = cases.show_case(opened, third.case.code).members
    assert [(mv.person.id, mv.member.role) for mv in members] == [
        (first.minor.id, MemberRole.SIBLING)
    ]
    assert integrity.check(opened).sound


# ------------------------------------------------------------------ old codes made canonical


def _typed_before_0006(opened: OpenProfile, code: str) -> PersonId:
    """A person as the versions before revision 0006 let anyone type it."""
    with opened.session() as session:
        person = Repository(session).add(
            e.Person,
            first_name="Giulia", last_name="Rota", tax_code=code, phone="", address="", notes="",
        )  # fmt: skip
        return person.id


def test_the_data_step_makes_old_codes_canonical_logged_and_keeps_the_rest(
    opened: OpenProfile, traces
) -> None:
    # Given codes typed before revision 0006: one in lower case, one that is no code at all
    hyphen = _typed_before_0006(opened, "rtogli20c55a794p")
    nonsense = _typed_before_0006(opened, "rto gli ???")
    with opened.session() as session:
        session.add(m.LocalStateRow(key=data_steps.CANONICAL_TAX_CODES, value="0006"))
    # When the pending step runs (at the next opening)
    assert data_steps.run_pending(opened) == 1
    # Then the valid one is canonical, by an operation of this device, audited
    with opened.read_session() as session:
        assert session.get(m.PersonRow, hyphen).tax_code == GIULIA  # type: ignore[union-attr]
        assert session.get(m.PersonRow, nonsense).tax_code == "rto gli ???"  # type: ignore[union-attr]
    assert traces.changes("persons", hyphen) == [OpKind.INSERT, OpKind.UPDATE]
    assert traces.changes("persons", nonsense) == [OpKind.INSERT]
    assert traces.audit("persons", hyphen)[-1].action is AuditAction.UPDATE
    assert traces.audit("persons", hyphen)[-1].detail == {"fields": ["tax_code"]}
    assert integrity.check(opened).sound
    # And the step is done: nothing more at the next opening
    assert data_steps.pending(opened) == []
    assert data_steps.run_pending(opened) == 0


def test_a_code_to_verify_is_kept_when_another_field_is_edited(opened: OpenProfile) -> None:
    person_id = _typed_before_0006(opened, "rto gli ???")
    saved = persons.update_person(
        opened, person_id, tax_code="rto gli ???", phone="035 000000", today=TODAY
    )
    assert (saved.tax_code, saved.phone) == ("rto gli ???", "035 000000")
    assert not cf.is_valid(saved.tax_code or "")
    with pytest.raises(ValidationError):
        persons.update_person(opened, person_id, tax_code="rto gli ??", today=TODAY)
