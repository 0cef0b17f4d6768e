"""A record of a case names only records of the same case.

A visit counts its hours against one of its case's service activations, a document hangs on one
of its case's visits, an action serves one of its case's goals, a court report answers one of
its case's measures, a paper sheet is transcribed into one of its case's visits. The services
that write them take the one from the other, so no device writes it otherwise; a record of
another case there comes from a tampered laptop or hand-off file, and would count one child's
hours in another's activation or show a document under another family's visit. `LINKS` lists
those references, from the models: every reference from a table with a `case_id` to another
such table. Sync (services/apply.py) checks the records a batch wrote, hand-off import
(services/handoff_import.py) the records of the file, and each refuses the whole."""

from __future__ import annotations

import uuid
from collections.abc import Collection, Mapping

from sqlalchemy.orm import Session

from minorifamiglie.storage import models as m

_CHUNK = 2000  # ids per query (SQLite binds up to 32766)


# The tables whose records belong to a case (a `case_id` column). A record stays in the case it
# was added to: no service moves one, so an edit writing `case_id` is refused (services/apply.py).
SCOPED = frozenset(
    table for table, model in m.MODEL_BY_TABLE.items() if "case_id" in model.__table__.columns
)


def _links() -> tuple[tuple[str, str, str], ...]:
    out = []
    for table in sorted(SCOPED):
        for column in m.MODEL_BY_TABLE[table].__table__.columns:
            for key in column.foreign_keys:
                parent = key.column.table.name
                if parent in SCOPED:
                    out.append((table, column.name, parent))
    return tuple(out)


# (table, column, the table it names): both tables have a case_id, which must be the same.
LINKS = _links()


def crossing(session: Session, written: Mapping[str, Collection[uuid.UUID]]) -> str:
    """The first of `LINKS` ("visits.activation_id") by which a record of `written` (ids per
    table, rows already in the session's transaction), or a record naming one of them, names
    a record of another case; "" when none does. A record naming one not here yet is not
    checked (its reference is checked when that one is written). Plain SQL with the ids as
    stored: a batch writes thousands of records, and binding them through the ORM cost more
    than the lookups."""
    connection = session.connection()
    for table, column, parent in LINKS:
        for side, given in (("c", written.get(table, ())), ("p", written.get(parent, ()))):
            ids = [record.hex for record in given]
            for start in range(0, len(ids), _CHUNK):
                chunk = ids[start : start + _CHUNK]
                marks = ", ".join("?" * len(chunk))
                hit = connection.exec_driver_sql(
                    f"SELECT c.id FROM {table} c JOIN {parent} p ON c.{column} = p.id "  # noqa: S608 - our own names
                    f"WHERE c.case_id != p.case_id AND {side}.id IN ({marks}) LIMIT 1",
                    tuple(chunk),
                ).first()
                if hit is not None:
                    return f"{table}.{column}"
    return ""
