"""How a case and its Ambito are named: a case by its id or its code, an Ambito by its code
or name, and the device tag that ends every case code. Below the services that look records
up this way (cases, age checks, an Ambito's settings, the team, case removal)."""

from __future__ import annotations

import base64
import uuid
from collections.abc import Callable
from typing import TypeAlias, TypeVar

from sqlalchemy.orm import Session

from minorifamiglie.domain import entities as e
from minorifamiglie.domain.errors import NotFoundError, ValidationError
from minorifamiglie.domain.ids import CaseId, DeviceId, VisitId, parse_uuid
from minorifamiglie.storage import queries
from minorifamiglie.storage.repository import Repository

CaseRef: TypeAlias = CaseId | str
"""A case as the services take it: its id, or the id or the code (BG-2026-0042-K7) a user
typed, which only a session can resolve (resolve_case_id)."""

Id = TypeVar("Id", bound=uuid.UUID)


def resolve_ambito(session: Session, text: str) -> e.Ambito:
    key = text.strip().lower()
    for ambito in Repository(session).find(e.Ambito):
        if key in (ambito.code.lower(), ambito.name.lower()):
            return ambito
    raise ValidationError(
        f"Ambito sconosciuto: '{text}' (usare il codice o il nome, es. VBR)", "ambito"
    )


def resolve_case_id(session: Session, ref: CaseRef) -> CaseId:
    """A case by its id or its human code (BG-2026-0042-K7)."""
    try:
        case_id = parse_uuid(str(ref))
    except ValueError:
        found = queries.find_cases_by_code(session, str(ref))
        if not found:
            raise NotFoundError("Cartella non trovata") from None
        if len(found) > 1:
            ids = ", ".join(str(case) for case in found)
            raise ValidationError(
                f"Più cartelle hanno il codice '{str(ref).strip().upper()}': indicare "
                f"l'identificativo di quella voluta ({ids})",
                "case",
            ) from None
        return CaseId(found[0])
    Repository(session).get(e.Case, case_id)
    return CaseId(case_id)


def typed_id(
    kind: Callable[[uuid.UUID], Id], ref: str, field: str = "id", label: str | None = None
) -> Id:
    """The id of a record of `kind` (MeasureId, PersonId...) as a user typed it: the one place
    where command-line text becomes an id. Refused in one line that never repeats the text
    (a name may have been typed by mistake), led by `label` when given ("Minore")."""
    try:
        return kind(parse_uuid(ref))
    except ValueError:
        message = f"{label}: identificativo non valido" if label else "Identificativo non valido"
        raise ValidationError(message, field) from None


def visit_id(ref: VisitId | str) -> VisitId:
    """A visit's id, given as it is or as text; one line, never the value, when it is none."""
    if isinstance(ref, uuid.UUID):
        return VisitId(ref)
    try:
        return VisitId(parse_uuid(ref))
    except ValueError:
        raise ValidationError("Identificativo di visita non valido", "visit") from None


def device_tag(device_id: DeviceId) -> str:
    """Three base32 characters of the device id: case numbers never collide across devices."""
    return base64.b32encode(device_id.bytes[:2]).decode("ascii")[:3]
