"""Reading the audit log: the history of one case file (who viewed or changed what, and when)."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from sqlalchemy import select

from minorifamiglie.domain.enums import AuditAction
from minorifamiglie.services.case_refs import CaseRef
from minorifamiglie.services.fields import case_id_of
from minorifamiglie.storage import models as m
from minorifamiglie.storage.profile import OpenProfile

HISTORY_LIMIT = 1000
# The table a case's history is read from (a view recorded by a read is written there too).
SOURCES = frozenset({"audit_events"})


@dataclass(frozen=True, slots=True)
class HistoryRow:
    """One event of a case's history. `detail` of the audit row is left out on purpose: it
    is for integrity checks and investigations, not for the screen."""

    seq: int
    at: dt.datetime
    operator_id: uuid.UUID | None
    operator_name: str  # "" when the event has no operator (e.g. recorded by the system)
    action: AuditAction
    entity: str  # a table name: "cases", "persons", "visits"…
    entity_id: uuid.UUID | None


def case_history(
    opened: OpenProfile, case_id: CaseRef, limit: int = HISTORY_LIMIT
) -> list[HistoryRow]:
    """The case's audit events, newest first, with the operators' names (at most `limit`)."""
    with opened.read_session() as session:
        ref = case_id_of(session, case_id)
        rows = session.execute(
            select(
                m.AuditEventRow.seq,
                m.AuditEventRow.at,
                m.AuditEventRow.operator_id,
                m.OperatorRow.name,
                m.AuditEventRow.action,
                m.AuditEventRow.entity,
                m.AuditEventRow.entity_id,
            )
            .outerjoin(m.OperatorRow, m.OperatorRow.id == m.AuditEventRow.operator_id)
            .where(m.AuditEventRow.case_id == ref)
            .order_by(m.AuditEventRow.seq.desc())
            .limit(limit)
        ).all()
    return [
        HistoryRow(
            seq=seq,
            at=at,
            operator_id=operator_id,
            operator_name=name or "",
            action=AuditAction(action),
            entity=entity,
            entity_id=entity_id,
        )
        for seq, at, operator_id, name, action, entity, entity_id in rows
    ]
