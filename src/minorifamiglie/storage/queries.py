"""Queries that the generic repository cannot express: filtered case lists, full-text search,
case-code numbering. Filtering and sorting happen in SQL (DESIGN 10), never in Python."""

from __future__ import annotations

import datetime as dt
import re
import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, or_, select, text
from sqlalchemy.orm import QueryableAttribute, Session
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.selectable import ScalarSelect

from minorifamiglie.domain.enums import CaseStatus, MemberRole, Service
from minorifamiglie.storage import models as m


@dataclass(frozen=True, slots=True)
class CaseRowView:
    id: uuid.UUID
    code: str
    ambito_code: str
    service: Service
    status: CaseStatus
    title: str
    opened_on: dt.date
    minors: str


@dataclass(frozen=True, slots=True)
class CaseFilter:
    text: str = ""
    ambito_id: uuid.UUID | None = None
    service: Service | None = None
    status: CaseStatus | None = None
    operator_id: uuid.UUID | None = None
    limit: int | None = None
    offset: int = 0


def _minor_names() -> ScalarSelect[str]:
    return (
        select(func.group_concat(m.PersonRow.first_name + " " + m.PersonRow.last_name, ", "))
        .join(m.CaseMemberRow, m.CaseMemberRow.person_id == m.PersonRow.id)
        .where(
            m.CaseMemberRow.case_id == m.CaseRow.id,
            m.CaseMemberRow.role == MemberRole.MINOR,
            m.CaseMemberRow.deleted_at.is_(None),
            m.PersonRow.deleted_at.is_(None),
        )
        .correlate(m.CaseRow)
        .scalar_subquery()
    )


# Measured on 10,000 cases with 30,000 persons: `lower(x) LIKE lower(y)` on every column and a
# person sub-select joined from case_members took 120 ms for one word, and OFFSET 5000 took 177 ms
# because SQLite computes the minors' names of every skipped row. Now plain LIKE on SQLite (which
# already ignores ASCII case, as its lower() does), persons filtered first and then mapped to
# their cases through the person_id index, and the page of ids chosen before the names are
# computed: 50-60 ms for a word, 13 ms at OFFSET 5000, 4 ms for the first page unfiltered.
def _contains(session: Session, column: QueryableAttribute[Any], like: str) -> ColumnElement[bool]:
    if session.get_bind().dialect.name == "sqlite":
        return column.like(like, escape="\\")
    return column.ilike(like, escape="\\")


def _case_conditions(session: Session, flt: CaseFilter) -> list[ColumnElement[bool]]:
    where: list[ColumnElement[bool]] = [m.CaseRow.deleted_at.is_(None)]
    if flt.ambito_id is not None:
        where.append(m.CaseRow.ambito_id == flt.ambito_id)
    if flt.service is not None:
        where.append(m.CaseRow.service == flt.service)
    if flt.status is not None:
        where.append(m.CaseRow.status == flt.status)
    if flt.operator_id is not None:
        where.append(
            m.CaseRow.id.in_(
                select(m.CaseOperatorRow.case_id).where(
                    m.CaseOperatorRow.operator_id == flt.operator_id,
                    m.CaseOperatorRow.deleted_at.is_(None),
                )
            )
        )
    for word in flt.text.split():
        like = f"%{_escape_like(word)}%"
        persons = select(m.PersonRow.id).where(
            m.PersonRow.deleted_at.is_(None),
            or_(
                _contains(session, m.PersonRow.first_name, like),
                _contains(session, m.PersonRow.last_name, like),
                _contains(session, m.PersonRow.tax_code, like),
            ),
        )
        people = select(m.CaseMemberRow.case_id).where(
            m.CaseMemberRow.deleted_at.is_(None), m.CaseMemberRow.person_id.in_(persons)
        )
        where.append(
            or_(
                _contains(session, m.CaseRow.code, like),
                _contains(session, m.CaseRow.title, like),
                m.CaseRow.id.in_(people),
            )
        )
    return where


def list_cases(session: Session, flt: CaseFilter) -> list[CaseRowView]:
    page_ids = (
        select(m.CaseRow.id.label("id"))
        .where(*_case_conditions(session, flt))
        .order_by(m.CaseRow.code, m.CaseRow.id)
        .offset(flt.offset)
    )
    if flt.limit is not None:
        page_ids = page_ids.limit(flt.limit)
    page = page_ids.subquery("page")
    stmt = (
        select(
            m.CaseRow.id,
            m.CaseRow.code,
            m.AmbitoRow.code,
            m.CaseRow.service,
            m.CaseRow.status,
            m.CaseRow.title,
            m.CaseRow.opened_on,
            _minor_names(),
        )
        .select_from(page)
        .join(m.CaseRow, m.CaseRow.id == page.c.id)
        .join(m.AmbitoRow, m.AmbitoRow.id == m.CaseRow.ambito_id)
        .order_by(m.CaseRow.code, m.CaseRow.id)
    )
    return [
        CaseRowView(r[0], r[1], r[2], Service(r[3]), CaseStatus(r[4]), r[5], r[6], r[7] or "")
        for r in session.execute(stmt)
    ]


def count_cases(session: Session, flt: CaseFilter) -> int:
    """How many cases the filter finds, ignoring its limit and offset."""
    stmt = select(func.count()).select_from(m.CaseRow).where(*_case_conditions(session, flt))
    return int(session.execute(stmt).scalar_one())


def _escape_like(word: str) -> str:
    return word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def find_case_by_code(session: Session, code: str) -> uuid.UUID | None:
    return session.execute(
        select(m.CaseRow.id).where(
            func.upper(m.CaseRow.code) == code.strip().upper(), m.CaseRow.deleted_at.is_(None)
        )
    ).scalar_one_or_none()


@dataclass(frozen=True, slots=True)
class NoteHit:
    visit_id: uuid.UUID
    case_id: uuid.UUID
    date: dt.date
    snippet: str


# Measured on 2,000 cases and 88,000 visits (bench/bench_storage.py): joining every match to its
# visit, sorting them all and computing a snippet for each took 85 ms for a common word. Instead
# the newest matches are found by walking the date index and stopping at `limit` (`+rowid` keeps
# SQLite from starting at the matches), and the index is scanned once more, as the outer loop
# (CROSS JOIN), to make snippets for those rows only: 6 ms.
SEARCH_NOTES = text(
    "WITH top AS MATERIALIZED ("
    " SELECT rowid AS rid, id, case_id, date FROM visits"
    " WHERE +rowid IN (SELECT rowid FROM visit_fts WHERE visit_fts MATCH :q)"
    " AND deleted_at IS NULL ORDER BY date DESC, rowid DESC LIMIT :limit) "
    "SELECT top.id, top.case_id, top.date, snippet(visit_fts, -1, '[', ']', '…', 12) "
    "FROM visit_fts CROSS JOIN top ON top.rid = visit_fts.rowid "
    "WHERE visit_fts MATCH :q ORDER BY top.date DESC, top.rid DESC"
)


def search_visit_notes(session: Session, query: str, limit: int = 50) -> list[NoteHit]:
    """Full-text search (FTS5, inside the encrypted database) over all visit texts."""
    terms = [t for t in re.findall(r"\w+", query, flags=re.UNICODE) if t]
    if not terms:
        return []
    match = " ".join(f'"{t}"*' for t in terms)
    rows = session.execute(SEARCH_NOTES, {"q": match, "limit": limit})
    return [
        NoteHit(
            uuid.UUID(hex=str(r[0])),
            uuid.UUID(hex=str(r[1])),
            dt.date.fromisoformat(str(r[2])),
            str(r[3]),
        )
        for r in rows
    ]


def count_live(session: Session, model: type[m.SyncBase]) -> int:
    return int(
        session.execute(
            select(func.count()).select_from(model).where(model.deleted_at.is_(None))
        ).scalar_one()
    )
