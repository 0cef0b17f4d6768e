"""Queries that the generic repository cannot express: filtered case lists, full-text search,
case-code numbering. Filtering and sorting in SQL, never in Python (docs/architecture.md §13)."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import re
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, or_, select, text
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.selectable import ScalarSelect

from minorifamiglie.domain import tax_code
from minorifamiglie.domain.enums import CaseStatus, MemberRole, Service
from minorifamiglie.domain.ids import CaseId, VisitId
from minorifamiglie.domain.text_fold import fold_words
from minorifamiglie.storage import models as m


@dataclass(frozen=True, slots=True)
class CaseRowView:
    id: CaseId
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
# because SQLite computes the minors' names of every skipped row. Now persons filtered first and
# then mapped to their cases through the person_id index, and the page of ids chosen before the
# names are computed: 13 ms at OFFSET 5000, 4 ms for the first page unfiltered. Words are
# compared folded (`fold`, storage/database.py: no accents, apostrophes or case), on both sides.
def _folded_like(column: Any, word: str) -> ColumnElement[bool]:
    return func.fold(column).like(f"%{_escape_like(word)}%", escape="\\")


def tax_code_fragment(text: str) -> str:
    """What `text` is as a piece of a codice fiscale, in the stored form ("rtogli-20c55" and
    "RTO GLI.20C55" are RTOGLI20C55); "" when it is not one (a letter outside A-Z, or no digit:
    names are searched as names)."""
    code = tax_code.canonical(text)
    if len(code) < 4 or not (code.isascii() and code.isalnum()):
        return ""
    return code if any(ch.isdigit() for ch in code) else ""


def _person_name() -> ColumnElement[str]:
    return m.PersonRow.first_name + " " + m.PersonRow.last_name


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
    for word in fold_words(flt.text):
        in_code = _folded_like(m.PersonRow.tax_code, word)
        fragment = tax_code_fragment(word)
        if fragment and fragment != word.upper():  # "rtogli.20c55": the stored code's form
            in_code = or_(in_code, m.PersonRow.tax_code.like(f"%{fragment}%"))
        persons = select(m.PersonRow.id).where(
            m.PersonRow.deleted_at.is_(None),
            or_(_folded_like(_person_name(), word), in_code),
        )
        people = select(m.CaseMemberRow.case_id).where(
            m.CaseMemberRow.deleted_at.is_(None), m.CaseMemberRow.person_id.in_(persons)
        )
        where.append(
            or_(
                _folded_like(m.CaseRow.code, word),
                _folded_like(m.CaseRow.title, word),
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
        CaseRowView(
            CaseId(r[0]), r[1], r[2], Service(r[3]), CaseStatus(r[4]), r[5], r[6], r[7] or ""
        )
        for r in session.execute(stmt)
    ]


def count_cases(session: Session, flt: CaseFilter) -> int:
    """How many cases the filter finds, ignoring its limit and offset."""
    stmt = select(func.count()).select_from(m.CaseRow).where(*_case_conditions(session, flt))
    return int(session.execute(stmt).scalar_one())


def _escape_like(word: str) -> str:
    return word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def find_cases_by_code(session: Session, code: str) -> list[uuid.UUID]:
    """The live cases with this code: one, unless a teammate's laptop or a hand-off file
    brought a second case under a code already taken (the code is not a key)."""
    return list(
        session.execute(
            select(m.CaseRow.id)
            .where(
                func.upper(m.CaseRow.code) == code.strip().upper(),
                m.CaseRow.deleted_at.is_(None),
            )
            .order_by(m.CaseRow.id)
        ).scalars()
    )


@dataclass(frozen=True, slots=True)
class NoteHit:
    visit_id: VisitId
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
    match = fts_query(query)
    if not match:
        return []
    rows = session.execute(SEARCH_NOTES, {"q": match, "limit": limit})
    return [
        NoteHit(
            VisitId(uuid.UUID(hex=str(r[0]))),
            uuid.UUID(hex=str(r[1])),
            dt.date.fromisoformat(str(r[2])),
            str(r[3]),
        )
        for r in rows
    ]


_ID_CHUNK = 2000  # ids per query (SQLite binds at most 32,766)


def present_records(
    session: Session, keys: Iterable[tuple[str, uuid.UUID]]
) -> set[tuple[str, uuid.UUID]]:
    """Those of `keys` (table, id) that are rows of this database, tombstoned or not; a table
    that is not synchronised has none. Sync asks it of the records an operation needs, hand-off
    import of the records a file brings."""
    by_table: dict[str, list[uuid.UUID]] = {}
    for table, record in keys:
        if table in m.MODEL_BY_TABLE:
            by_table.setdefault(table, []).append(record)
    found: set[tuple[str, uuid.UUID]] = set()
    for table, ids in by_table.items():
        model: Any = m.MODEL_BY_TABLE[table]
        for start in range(0, len(ids), _ID_CHUNK):
            chunk = ids[start : start + _ID_CHUNK]
            rows = session.execute(select(model.id).where(model.id.in_(chunk))).scalars()
            found.update((table, row) for row in rows)
    return found


def column_values(
    session: Session, table: str, column: str, ids: Iterable[uuid.UUID]
) -> dict[uuid.UUID, Any]:
    """`column` of each of these records of `table` that is a row here (tombstoned or not), by
    id, read a chunk of ids at a time."""
    model: Any = m.MODEL_BY_TABLE[table]
    wanted = list(ids)
    found: dict[uuid.UUID, Any] = {}
    for start in range(0, len(wanted), _ID_CHUNK):
        chunk = wanted[start : start + _ID_CHUNK]
        rows = session.execute(select(model.id, getattr(model, column)).where(model.id.in_(chunk)))
        found.update((row[0], row[1]) for row in rows)
    return found


def count_live(session: Session, model: type[m.SyncBase]) -> int:
    return int(
        session.execute(
            select(func.count()).select_from(model).where(model.deleted_at.is_(None))
        ).scalar_one()
    )


# ---------------------------------------------------------------- the one search (services/search)


# How many SQLite virtual-machine steps run between two questions to `cancelled`: about a tenth
# of a millisecond of work, so a search given up stops at once and the checks cost nothing.
_STEPS_BETWEEN_CHECKS = 10_000


@contextlib.contextmanager
def interruptible(session: Session, cancelled: Callable[[], bool]) -> Iterator[None]:
    """Within it, a statement of `session` ends in SQLAlchemy's OperationalError
    ("interrupted") as soon as `cancelled()` says True (SQLite's progress handler): a query
    over every person stops in the middle instead of running on for the text typed before."""
    raw: Any = session.connection().connection.dbapi_connection
    raw.set_progress_handler(lambda: 1 if cancelled() else 0, _STEPS_BETWEEN_CHECKS)
    try:
        yield
    finally:
        raw.set_progress_handler(None, _STEPS_BETWEEN_CHECKS)


@dataclass(frozen=True, slots=True)
class PersonMatch:
    case_id: uuid.UUID
    role: MemberRole
    first_name: str
    last_name: str
    tax_code: str | None
    opened_on: dt.date


@dataclass(frozen=True, slots=True)
class CaseMatch:
    case_id: uuid.UUID
    code: str
    title: str
    opened_on: dt.date


@dataclass(frozen=True, slots=True)
class NoteMatch:
    visit_id: VisitId
    case_id: uuid.UUID
    date: dt.date
    score: float  # FTS5 bm25: lower is better
    rowid: int


def search_persons(session: Session, words: tuple[str, ...], flt: CaseFilter) -> list[PersonMatch]:
    """The members of the filtered cases whose folded name and codice fiscale hold every word."""
    if not words:
        return []
    person = func.fold(_person_name() + " " + func.coalesce(m.PersonRow.tax_code, ""))
    return _person_matches(
        session, flt, *(person.like(f"%{_escape_like(w)}%", escape="\\") for w in words)
    )


def search_tax_codes(session: Session, fragment: str, flt: CaseFilter) -> list[PersonMatch]:
    """The members of the filtered cases whose codice fiscale (stored canonical: upper case, no
    punctuation) holds `fragment`, given in the same form."""
    if not fragment:
        return []
    return _person_matches(
        session, flt, m.PersonRow.tax_code.like(f"%{_escape_like(fragment)}%", escape="\\")
    )


def _person_matches(
    session: Session, flt: CaseFilter, *conditions: ColumnElement[bool]
) -> list[PersonMatch]:
    """The live members of the cases `flt` admits (its text aside) whose person meets every
    one of `conditions`. The persons are looked at first, on their own (a materialised CTE),
    then their memberships: left to itself SQLite went through every membership and looked up
    its person, 33 ms against 17 on the 10,000-case demo (44,000 persons)."""
    hits = (
        select(
            m.PersonRow.id,
            m.PersonRow.first_name,
            m.PersonRow.last_name,
            m.PersonRow.tax_code,
        )
        .where(m.PersonRow.deleted_at.is_(None), *conditions)
        .cte("hits")
        .prefix_with("MATERIALIZED")
    )
    stmt = (
        select(
            m.CaseMemberRow.case_id,
            m.CaseMemberRow.role,
            hits.c.first_name,
            hits.c.last_name,
            hits.c.tax_code,
            m.CaseRow.opened_on,
        )
        .select_from(hits)
        .join(m.CaseMemberRow, m.CaseMemberRow.person_id == hits.c.id)
        .join(m.CaseRow, m.CaseRow.id == m.CaseMemberRow.case_id)
        .where(
            m.CaseMemberRow.deleted_at.is_(None),
            *_case_conditions(session, _without_text(flt)),
        )
    )
    return [
        PersonMatch(r[0], MemberRole(r[1]), r[2], r[3], r[4], r[5]) for r in session.execute(stmt)
    ]


def search_case_fields(
    session: Session, words: tuple[str, ...], flt: CaseFilter
) -> list[CaseMatch]:
    """The filtered cases whose folded code and title together hold every word."""
    if not words:
        return []
    fields = func.fold(m.CaseRow.code + " " + m.CaseRow.title)
    stmt = select(m.CaseRow.id, m.CaseRow.code, m.CaseRow.title, m.CaseRow.opened_on).where(
        *(fields.like(f"%{_escape_like(w)}%", escape="\\") for w in words),
        *_case_conditions(session, _without_text(flt)),
    )
    return [CaseMatch(r[0], r[1], r[2], r[3]) for r in session.execute(stmt)]


# Measured on 2,000 cases and 89,000 visits: a common word ("madre") is in 38,680 visits; joining
# them all to `visits` for their case and date took 190-220 ms (one page read per row), ranking
# them in the FTS index alone 30 ms. So the best `:k` rows by bm25 are chosen inside the index
# first, and only those are joined to their visits and cases.
# Ranking costs about a microsecond a matching visit (bm25 reads each one's positions and
# length): on the 10,000-case demo, 64 ms for "compiti" (59,000 visits) and 511 ms for "madre"
# (417,000). A word in more than NOTE_RANK_WINDOW visits is ranked among the ones written last
# (the highest rowids: FTS5 seeks to them in each word's list), 14 and 63 ms: a search looks for
# a case, and a word that common is found in its recent visits.
NOTE_RANK_WINDOW = 5000
_NOTE_MATCHES = (
    "WITH top AS MATERIALIZED ("
    " SELECT rowid AS rid, rank AS score FROM visit_fts WHERE visit_fts MATCH :q"
    " AND rowid >= coalesce((SELECT rowid FROM visit_fts WHERE visit_fts MATCH :q"
    " ORDER BY rowid DESC LIMIT 1 OFFSET :window), 0)"
    " ORDER BY rank LIMIT :k) "
    "SELECT v.id, v.case_id, v.date, top.score, top.rid FROM top"
    " JOIN visits AS v ON v.rowid = top.rid WHERE v.deleted_at IS NULL"
)


def fts_query(text: str) -> str:
    """An FTS5 query for `text`: every word, as a prefix. Words are cut as the index's tokenizer
    cuts them (an apostrophe or hyphen separates two words), so "D'Angelo" looks for "d" and
    "angelo", as the index holds it; accents are folded by the tokenizer on both sides."""
    terms = [t for t in re.findall(r"\w+", text, flags=re.UNICODE) if t]
    return " ".join(f'"{t}"*' for t in terms)


def search_note_matches(
    session: Session, text_: str, flt: CaseFilter, k: int = 400, window: int = NOTE_RANK_WINDOW
) -> list[NoteMatch]:
    """The visits whose texts match, best bm25 first (ties: newest first), among the best `k`
    of the index, in the filtered cases; when more than `window` visits match, among the
    `window` written last."""
    match = fts_query(text_)
    if not match:
        return []
    params = {"q": match, "k": k, "window": window - 1}
    rows = session.execute(text(_NOTE_MATCHES), params).all()
    found = [
        NoteMatch(
            VisitId(uuid.UUID(hex=str(r[0]))),
            uuid.UUID(hex=str(r[1])),
            dt.date.fromisoformat(str(r[2])),
            float(r[3]),
            int(r[4]),
        )
        for r in rows
    ]
    if not found:
        return []
    allowed = set(
        session.execute(
            select(m.CaseRow.id).where(
                m.CaseRow.id.in_({n.case_id for n in found}),
                *_case_conditions(session, _without_text(flt)),
            )
        ).scalars()
    )
    found = [n for n in found if n.case_id in allowed]
    found.sort(key=lambda n: (n.score, -n.date.toordinal(), -n.rowid))
    return found


# Markers of the matched words in a snippet, cut out again by the service: control characters
# that typed text does not hold (one that is there anyway only misplaces the highlighting).
MARK_START, MARK_END = "\x02", "\x03"


def note_snippets(session: Session, text_: str, rowids: list[int]) -> dict[int, str]:
    match = fts_query(text_)
    if not match or not rowids:
        return {}
    # `+rowid`: the matches are scanned once and each looked up in the list. With `rowid IN`
    # FTS5 ran the query again for each row, and a join with the list scanned the list for each
    # match: 60-230 ms against 4 ms for 200 snippets of a common word (2,000 cases).
    stmt = text(
        "SELECT rowid, snippet(visit_fts, -1, :a, :b, '…', 9) FROM visit_fts "
        "WHERE visit_fts MATCH :q AND +rowid IN (SELECT value FROM json_each(:ids))"
    )
    rows = session.execute(
        stmt, {"q": match, "a": MARK_START, "b": MARK_END, "ids": json.dumps(rowids)}
    )
    return {int(r[0]): str(r[1]) for r in rows}


def case_rows(session: Session, ids: list[uuid.UUID]) -> dict[uuid.UUID, CaseRowView]:
    """The list rows of these cases (deleted ones left out), by id."""
    if not ids:
        return {}
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
        .join(m.AmbitoRow, m.AmbitoRow.id == m.CaseRow.ambito_id)
        .where(m.CaseRow.id.in_(ids), m.CaseRow.deleted_at.is_(None))
    )
    return {
        r[0]: CaseRowView(
            CaseId(r[0]), r[1], r[2], Service(r[3]), CaseStatus(r[4]), r[5], r[6], r[7] or ""
        )
        for r in session.execute(stmt)
    }


def _without_text(flt: CaseFilter) -> CaseFilter:
    return CaseFilter(
        ambito_id=flt.ambito_id, service=flt.service, status=flt.status, operator_id=flt.operator_id
    )
