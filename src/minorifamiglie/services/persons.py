"""Editing the persons of the case files: names, birth date, codice fiscale, sex, birthplace,
citizenship, MSNA, contacts."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any

from minorifamiglie.domain import entities as e
from minorifamiglie.domain import validation
from minorifamiglie.domain.enums import AuditAction
from minorifamiglie.domain.ids import PersonId
from minorifamiglie.services import person_checks
from minorifamiglie.services.fields import (
    Spec,
    changed,
    clean_against,
    date,
    record_id,
    table_of,
    text,
)
from minorifamiglie.services.person_checks import PersonWarning
from minorifamiglie.storage import audit
from minorifamiglie.storage import models as m
from minorifamiglie.storage.profile import OpenProfile
from minorifamiglie.storage.repository import Repository

PERSON_FIELDS: dict[str, Spec] = {
    "first_name": text("Nome", 120, required=True),
    "last_name": text("Cognome", 120, required=True),
    "birth_date": date("Data di nascita"),
    "tax_code": text("Codice fiscale", 40, nullable=True),
    "phone": text("Telefono", 60),
    "address": text("Indirizzo", 300),
    "notes": text("Note"),
}
# Cleaned by person_checks: a sex by its letter or word, a birthplace or citizenship as typed
# or chosen (a name or a code), MSNA a yes or no.
IDENTITY_FIELDS = {
    "sex": person_checks.clean_sex,
    "birthplace": person_checks.clean_place,
    "citizenship": person_checks.clean_citizenship,
    "msna": person_checks.clean_msna,
}


@dataclass(frozen=True, slots=True)
class PersonSaved:
    person: e.Person
    warnings: tuple[PersonWarning, ...] = ()


def update_person(
    opened: OpenProfile,
    person_id: PersonId,
    *,
    today: dt.date | None = None,
    **changes: object,
) -> e.Person:
    """`edit_person`, for the callers that want the person alone."""
    return edit_person(opened, person_id, today=today, **changes).person


def edit_person(
    opened: OpenProfile,
    person_id: PersonId,
    *,
    today: dt.date | None = None,
    **changes: object,
) -> PersonSaved:
    """Edit fields of PERSON_FIELDS and IDENTITY_FIELDS. An invalid codice fiscale is refused;
    one that does not match the person as it will be after the edit, or that another person
    has, is saved with its warnings. Audited for every case of the person."""
    today = today or dt.date.today()
    identity = {k: IDENTITY_FIELDS[k](v) for k, v in changes.items() if k in IDENTITY_FIELDS}
    ref = PersonId(record_id(person_id, "person", "Persona"))
    with opened.session() as session:
        repo = Repository(session)
        current = repo.get(e.Person, ref)
        values: dict[str, Any] = clean_against(
            PERSON_FIELDS, {k: v for k, v in changes.items() if k not in IDENTITY_FIELDS}, current
        )
        values |= identity
        validation.birth_date(values.get("birth_date"), today)
        # A code stored before codes were checked, sent back unchanged by a form that edits
        # another field, is kept as it is (shown "da verificare"); any other is checked.
        if "tax_code" in values and values["tax_code"] != current.tax_code:
            values["tax_code"] = validation.tax_code(values["tax_code"])
        diff = changed(current, values)
        if not diff:
            return PersonSaved(current)
        person = repo.update(e.Person, ref, **diff)
        found: tuple[PersonWarning, ...] = ()
        if {"tax_code", "first_name", "last_name", "sex", "birth_date", "birthplace"} & set(diff):
            found = person_checks.warnings_for(
                session,
                person_checks.Identity(
                    person.first_name,
                    person.last_name,
                    person.sex,
                    person.birth_date,
                    person.birthplace,
                    person.tax_code,
                ),
                ref,
            )
        memberships = repo.find(e.CaseMember, m.CaseMemberRow.person_id == ref)
        case_ids: list[uuid.UUID | None] = [*sorted({mb.case_id for mb in memberships})]
        for case_id in case_ids or [None]:
            audit.append(
                session,
                AuditAction.UPDATE,
                table_of(e.Person),
                ref,
                case_id,
                {"fields": sorted(diff)},
            )
    return PersonSaved(person, found)
