"""What the hours rule (domain/hours.py) reads from the database besides visits and activations:
the days each case accrues no authorised hours, because it was suspended or closed.

A case's status has no date of its own (no schema change for it yet): the day a status took
effect is the day it was recorded, read from the change log, where every device holds every
operation on the case (a new member receives them in its snapshot), so every device derives the
same spans. Each operation's time is its hybrid logical clock's wall time, as a local date; the
operations are taken in clock order, as the merge takes them. A case that arrived already
suspended (created so: an import, the demo) has no day of suspension on record: its suspension
is taken to start the day after its last diary entry (or its opening day, without one)."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Iterable

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from minorifamiglie.domain import hours
from minorifamiglie.domain.enums import CaseStatus, OpKind
from minorifamiglie.domain.hlc import Timestamp
from minorifamiglie.domain.ids import CaseId
from minorifamiglie.storage import models as m

_CHUNK = 500  # ids per IN list


def _chunks(ids: list[uuid.UUID]) -> Iterable[list[uuid.UUID]]:
    for start in range(0, len(ids), _CHUNK):
        yield ids[start : start + _CHUNK]


def recorded_on(hlc: str) -> dt.date:
    """The local day an operation was recorded."""
    wall_ms = Timestamp.decode(hlc).wall_ms
    return dt.datetime.fromtimestamp(wall_ms / 1000).date()


def unpaid_spans(
    session: Session, case_ids: Iterable[CaseId]
) -> dict[uuid.UUID, tuple[hours.Span, ...]]:
    """For each of the cases ever suspended, or closed, the spans without authorised hours."""
    wanted = set(case_ids)
    if not wanted:
        return {}
    c, ch = m.CaseRow, m.ChangeRow
    ids = sorted(wanted)
    # A few cases (a case file) by their ids; many (a month's report) by one pass over all.
    few = len(ids) <= _CHUNK
    closed_where = [c.status == CaseStatus.CLOSED, c.closed_on.is_not(None), c.deleted_at.is_(None)]
    closed = {
        case_id: closed_on
        for case_id, closed_on in session.execute(
            select(c.id, c.closed_on).where(*closed_where, *([c.id.in_(ids)] if few else []))
        )
        if case_id in wanted
    }
    # Only a case that was ever suspended has a history worth reading.
    suspended = ch.data.like('%"status":"' + CaseStatus.SUSPENDED.value + '"%')
    ever = sorted(
        case_id
        for case_id in session.execute(
            select(ch.entity_id)
            .where(
                ch.entity == c.__tablename__,
                *([ch.entity_id.in_(ids)] if few else []),
                suspended,
            )
            .distinct()
        ).scalars()
        if case_id in wanted
    )
    history = _status_history(session, ever)
    out: dict[uuid.UUID, tuple[hours.Span, ...]] = {}
    for case_id in set(closed) | set(history):
        spans = hours.unpaid_spans(history.get(case_id, []), closed.get(case_id))
        if spans:
            out[case_id] = spans
    return out


def _status_history(
    session: Session, case_ids: list[uuid.UUID]
) -> dict[uuid.UUID, list[tuple[dt.date, CaseStatus]]]:
    """Each case's statuses in clock order, from the day each was recorded."""
    out: dict[uuid.UUID, list[tuple[dt.date, CaseStatus]]] = {}
    born_suspended: list[uuid.UUID] = []
    ch = m.ChangeRow
    for ids in _chunks(case_ids):
        rows = session.execute(
            select(ch.entity_id, ch.hlc, ch.kind, ch.data)
            .where(
                ch.entity == m.CaseRow.__tablename__,
                ch.entity_id.in_(ids),
                ch.data.like('%"status":%'),
            )
            .order_by(ch.entity_id, ch.hlc)
        )
        for case_id, hlc, kind, data in rows:
            status = CaseStatus(json.loads(data)["status"])
            steps = out.setdefault(case_id, [])
            if not steps and kind is OpKind.INSERT and status is CaseStatus.SUSPENDED:
                born_suspended.append(case_id)
            steps.append((recorded_on(hlc), status))
    for case_id, since in _after_last_entry(session, born_suspended).items():
        steps = out[case_id]
        steps[0] = (since, steps[0][1])
    return out


def _after_last_entry(session: Session, case_ids: list[uuid.UUID]) -> dict[uuid.UUID, dt.date]:
    """The day after each case's last live diary entry, or its opening day without one."""
    out: dict[uuid.UUID, dt.date] = {}
    v, c = m.VisitRow, m.CaseRow
    for ids in _chunks(case_ids):
        last = dict(
            session.execute(
                select(v.case_id, func.max(v.date))
                .where(v.case_id.in_(ids), v.deleted_at.is_(None))
                .group_by(v.case_id)
            ).all()
        )
        for case_id, opened_on in session.execute(select(c.id, c.opened_on).where(c.id.in_(ids))):
            day = last.get(case_id)
            out[case_id] = day + dt.timedelta(days=1) if day is not None else opened_on
    return out
