"""How a case and its Ambito are named: a case by its id or its code, an Ambito by its code
or name, and the device tag that ends every case code. Below the services that look records
up this way (cases, age checks, an Ambito's settings, the team, case removal)."""

from __future__ import annotations

import base64
import uuid

from sqlalchemy.orm import Session

from minorifamiglie.domain import entities as e
from minorifamiglie.domain.errors import NotFoundError, ValidationError
from minorifamiglie.domain.ids import CaseId, VisitId, parse_uuid
from minorifamiglie.storage import queries
from minorifamiglie.storage.repository import Repository


def resolve_ambito(session: Session, text: str) -> e.Ambito:
    key = text.strip().lower()
    for ambito in Repository(session).find(e.Ambito):
        if key in (ambito.code.lower(), ambito.name.lower()):
            return ambito
    raise ValidationError(
        f"Ambito sconosciuto: '{text}' (usare il codice o il nome, es. VBR)", "ambito"
    )


def resolve_case_id(session: Session, ref: str) -> CaseId:
    """A case by its id or its human code (BG-2026-0042-K7)."""
    try:
        case_id = parse_uuid(ref)
    except ValueError:
        found = queries.find_case_by_code(session, ref)
        if found is None:
            raise NotFoundError("Cartella non trovata") from None
        return CaseId(found)
    Repository(session).get(e.Case, case_id)
    return CaseId(case_id)


def visit_id(ref: str | uuid.UUID) -> VisitId:
    """A visit's id, given as it is or as text; one line, never the value, when it is none."""
    if isinstance(ref, uuid.UUID):
        return VisitId(ref)
    try:
        return VisitId(parse_uuid(ref))
    except ValueError:
        raise ValidationError("Identificativo di visita non valido", "visit") from None


def device_tag(device_id: uuid.UUID) -> str:
    """Three base32 characters of the device id: case numbers never collide across devices."""
    return base64.b32encode(device_id.bytes[:2]).decode("ascii")[:3]
