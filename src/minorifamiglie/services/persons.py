"""Editing the persons of the case files: names, birth date, codice fiscale, contacts."""

from __future__ import annotations

import datetime as dt
import uuid

from minorifamiglie.domain import entities as e
from minorifamiglie.domain import validation
from minorifamiglie.domain.enums import AuditAction
from minorifamiglie.services.fields import Spec, changed, clean, date, record_id, table_of, text
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


def update_person(
    opened: OpenProfile,
    person_id: str | uuid.UUID,
    *,
    today: dt.date | None = None,
    **changes: object,
) -> e.Person:
    """Edit fields of PERSON_FIELDS. The codice fiscale (optional) is checked, and checked
    against the birth date as it will be after the edit. Audited for every case of the person."""
    today = today or dt.date.today()
    values = clean(PERSON_FIELDS, changes)
    validation.birth_date(values.get("birth_date"), today)
    if "tax_code" in values:
        values["tax_code"] = validation.tax_code(values["tax_code"])
    ref = record_id(person_id, "person", "Persona")
    with opened.session() as session:
        repo = Repository(session)
        current = repo.get(e.Person, ref)
        if "tax_code" in values or "birth_date" in values:
            born = values.get("birth_date", current.birth_date)
            validation.tax_code(values.get("tax_code", current.tax_code), born)
        diff = changed(current, values)
        if not diff:
            return current
        person = repo.update(e.Person, ref, **diff)
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
    return person
