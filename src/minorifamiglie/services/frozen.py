"""Signed means frozen: when a visit is closed, what its documents (the scheda visita and the
verbale di incontro facilitato) show from outside the visit row is stored with it, in the same
unit of work that closes it (services/visits.py), so that no crash leaves a signed visit
unfrozen and every reprint reads the same, whatever changes later: the cooperative, the case's
Ambito and comune, the minor's name, the operators' names, the persons present and their roles,
the goals worked on, the next appointment.

The document is domain/frozen_document.py's versioned JSON, read back by
services/print_data.py; it is made by the same readers that print a draft, so a visit prints
the same just before and just after it is signed. Integrazioni stay live: they are added after
the signature by design, each with its own date and author."""

from __future__ import annotations

from sqlalchemy.orm import Session

from minorifamiglie.domain import entities as e
from minorifamiglie.domain import frozen_document as fd
from minorifamiglie.domain.ids import OperatorId
from minorifamiglie.services import ambito_settings, print_data
from minorifamiglie.storage.repository import Repository


def build(session: Session, visit: e.Visit, closed_by: OperatorId | None) -> fd.FrozenDocument:
    """What the documents of `visit` show beyond its own fields, as of now; `closed_by` is the
    operator who signs it (the author when None)."""
    case = Repository(session).get(e.Case, visit.case_id)
    cooperative = ambito_settings.cooperative_for(session, case.ambito_id, visit.date)
    return print_data.live_document(session, visit, cooperative, closed_by)


def freeze(session: Session, visit: e.Visit, closed_by: OperatorId | None) -> str:
    """The text to store in `Visit.frozen` as the visit is closed."""
    return fd.dump(build(session, visit, closed_by))
