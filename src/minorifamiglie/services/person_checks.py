"""What a person's identity fields are checked against: the codice fiscale against the person,
and against the other persons of the profile. A finding is a warning (`PersonWarning`), never a
refusal: the record is saved all the same; only an invalid code is refused (domain/tax_code.py).

Shared by the services that write persons (cases.add_case, cases.add_member,
persons.update_person) and read by the forms before they save (`check_person`), so that the
educator sees the warnings next to the field and decides."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from minorifamiglie.domain import places, validation
from minorifamiglie.domain import tax_code as cf
from minorifamiglie.domain.enums import Sex
from minorifamiglie.domain.errors import ValidationError
from minorifamiglie.domain.ids import PersonId
from minorifamiglie.storage import models as m
from minorifamiglie.storage.profile import OpenProfile


class WarningKind(StrEnum):
    MISMATCH = "mismatch"  # the code says another surname, name, sex, birth date or place
    SAME_CODE = "same-code"  # another live person has the same code: the same person?


@dataclass(frozen=True, slots=True)
class PersonWarning:
    """A finding about a person, saved all the same. `message` is Italian, one line, and holds
    neither the codice fiscale nor another person's name (the command line prints it); the
    form shows it under `field`."""

    kind: WarningKind
    field: str
    message: str
    mismatches: tuple[cf.Mismatch, ...] = ()
    other_person_id: uuid.UUID | None = None
    other_cases: tuple[str, ...] = ()  # the other person's case codes
    other_name: str = ""  # for the form's question "La stessa persona?", never in `message`


@dataclass(frozen=True, slots=True)
class Identity:
    """What the codice fiscale of a person is compared with, cleaned."""

    first_name: str
    last_name: str
    sex: Sex | None
    birth_date: dt.date | None
    birthplace: str | None  # Belfiore
    tax_code: str | None  # canonical


def clean_sex(value: object) -> Sex | None:
    if value is None or value == "":
        return None
    if isinstance(value, Sex):
        return value
    if isinstance(value, str):
        return Sex.parse(value, "Sesso")
    raise ValidationError("Sesso: valore non valido", "sex")


def clean_place(value: object) -> str | None:
    if value is None or isinstance(value, str):
        return places.resolve_birthplace(value)
    raise ValidationError("Luogo di nascita: valore non valido", "birthplace")


def clean_citizenship(value: object) -> str | None:
    if value is None or isinstance(value, str):
        return places.resolve_citizenship(value)
    raise ValidationError("Cittadinanza: valore non valido", "citizenship")


def clean_msna(value: object) -> bool:
    if value is None:
        return False
    if isinstance(value, bool):
        return value
    raise ValidationError("MSNA: valore non valido (sì o no)", "msna")


def clean_tax_code(value: object) -> str | None:
    if value is None or isinstance(value, str):
        return validation.tax_code(value)
    raise ValidationError("Codice fiscale: valore non valido", "tax_code")


def warnings_for(
    session: Session, person: Identity, person_id: PersonId | None = None
) -> tuple[PersonWarning, ...]:
    """The warnings about `person` (the record `person_id` once saved, None for a new one)."""
    code = person.tax_code
    if not code:
        return ()
    out: list[PersonWarning] = []
    found = cf.mismatches(
        code,
        last_name=person.last_name,
        first_name=person.first_name,
        sex=person.sex,
        birth_date=person.birth_date,
        birthplace=person.birthplace,
    )
    if found:
        out.append(
            PersonWarning(WarningKind.MISMATCH, "tax_code", cf.mismatch_message(found), found)
        )
    out.extend(_same_code(session, code, person_id))
    return tuple(out)


def _same_code(session: Session, code: str, person_id: uuid.UUID | None) -> list[PersonWarning]:
    query = select(m.PersonRow.id, m.PersonRow.first_name, m.PersonRow.last_name).where(
        m.PersonRow.tax_code == code, m.PersonRow.deleted_at.is_(None)
    )
    if person_id is not None:
        query = query.where(m.PersonRow.id != person_id)
    out: list[PersonWarning] = []
    for other_id, first, last in session.execute(query.order_by(m.PersonRow.id)).all():
        codes = tuple(
            session.execute(
                select(m.CaseRow.code)
                .join(m.CaseMemberRow, m.CaseMemberRow.case_id == m.CaseRow.id)
                .where(
                    m.CaseMemberRow.person_id == other_id,
                    m.CaseMemberRow.deleted_at.is_(None),
                    m.CaseRow.deleted_at.is_(None),
                )
                .order_by(m.CaseRow.code)
            ).scalars()
        )
        where = f"cartella {', '.join(codes)}" if codes else "in nessuna cartella"
        out.append(
            PersonWarning(
                WarningKind.SAME_CODE,
                "tax_code",
                f"Lo stesso codice fiscale è già di un'altra persona ({where}): è la stessa "
                "persona?",
                other_person_id=other_id,
                other_cases=codes,
                other_name=f"{first} {last}".strip(),
            )
        )
    return out


def check_person(
    opened: OpenProfile,
    *,
    person_id: PersonId | None = None,
    **values: Any,
) -> tuple[PersonWarning, ...]:
    """What saving these values would warn about, without saving (a form asks before it
    saves). `values`: first_name, last_name, sex, birth_date, birthplace, tax_code as a form
    holds them (a birthplace as typed or chosen); those not given are the record's. A value
    that would be refused raises its ValidationError, as saving would."""
    cleaned: dict[str, Any] = {}
    if "sex" in values:
        cleaned["sex"] = clean_sex(values["sex"])
    if "birthplace" in values:
        cleaned["birthplace"] = clean_place(values["birthplace"])
    if "tax_code" in values:
        typed = values["tax_code"]
        if person_id is not None and isinstance(typed, str) and typed.strip():
            with opened.read_session() as session:
                stored = session.execute(
                    select(m.PersonRow.tax_code).where(m.PersonRow.id == person_id)
                ).scalar_one_or_none()
            if typed.strip() == stored and not cf.is_valid(stored):
                typed = None  # kept as stored, to verify (persons.edit_person): no check
        if typed is not None:
            cleaned["tax_code"] = clean_tax_code(typed)
    for name in ("first_name", "last_name"):
        if name in values:
            cleaned[name] = str(values[name] or "").strip()
    if "birth_date" in values:
        day = values["birth_date"]
        cleaned["birth_date"] = day if isinstance(day, dt.date) else None
    with opened.read_session() as session:
        current: dict[str, Any] = {}
        if person_id is not None:
            row = session.get(m.PersonRow, person_id)
            if row is not None:
                current = {
                    name: getattr(row, name)
                    for name in ("first_name", "last_name", "sex", "birth_date", "birthplace")
                } | {"tax_code": row.tax_code}
        merged = current | cleaned

        person = Identity(
            first_name=merged.get("first_name") or "",
            last_name=merged.get("last_name") or "",
            sex=merged.get("sex"),
            birth_date=merged.get("birth_date"),
            birthplace=merged.get("birthplace"),
            tax_code=merged.get("tax_code"),
        )
        return warnings_for(session, person, person_id)


def warning_lines(found: tuple[PersonWarning, ...]) -> list[str]:
    """The warnings as the command line prints them: one line each."""
    return [f"attenzione: {w.message}" for w in found]
