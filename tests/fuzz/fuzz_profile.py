"""What the fuzz tests share: a digest of a real profile's tables, and operations built from the
schema (a valid record of every synchronised table, parents first, then edits of one field)."""

from __future__ import annotations

import datetime as dt
import hashlib
import uuid
from typing import Any

from sqlalchemy.engine.interfaces import DBAPICursor

from minorifamiglie.domain.ambiti import ambito_id
from minorifamiglie.domain.enums import OpKind
from minorifamiglie.domain.hlc import Timestamp
from minorifamiglie.services.apply import FIXED_FIELDS, REFERENCE_TABLES, TABLE_ORDER
from minorifamiglie.storage import models as m
from minorifamiglie.storage.bounds import BOUNDS, ColumnBound
from minorifamiglie.storage.capture import NOT_LOGGED
from minorifamiglie.storage.profile import OpenProfile
from minorifamiglie.sync.operations import Operation

# Written by every sync run whatever it applies: not part of "the database is unchanged".
RUN_TABLES = frozenset({"sync_runs", "audit_events", "local_state"})


def digest(opened: OpenProfile, skip: frozenset[str] = frozenset()) -> str:
    """A hash of every row of every table (but `skip`), in a stable order."""
    h = hashlib.sha256()
    with opened.read_session() as session:
        cursor = session.connection().connection.cursor()
        try:
            for table in m.Base.metadata.sorted_tables:
                if table.name not in skip:
                    _hash_table(h, cursor, table.name)
        finally:
            cursor.close()
    return h.hexdigest()


def table_digests(opened: OpenProfile, skip: frozenset[str] = frozenset()) -> dict[str, str]:
    """`digest` table by table (each what `digest` of that table alone gives), all read in one
    transaction: which tables changed."""
    out = {}
    with opened.read_session() as session:
        cursor = session.connection().connection.cursor()
        try:
            for table in m.Base.metadata.sorted_tables:
                if table.name not in skip:
                    h = hashlib.sha256()
                    _hash_table(h, cursor, table.name)
                    out[table.name] = h.hexdigest()
        finally:
            cursor.close()
    return out


def _hash_table(h: hashlib._Hash, cursor: DBAPICursor, table: str) -> None:
    """The table's name and its rows as the driver returns them (what SQLAlchemy's text()
    query returned too, with none of its overhead for each of the thirty tables)."""
    h.update(table.encode())
    cursor.execute(f"SELECT * FROM {table} ORDER BY 1")
    for row in cursor.fetchall():
        h.update(repr(tuple(row)).encode())


def references(table: str) -> dict[str, str]:
    """column -> the table it refers to."""
    columns = m.MODEL_BY_TABLE[table].__table__.columns
    return {c.name: next(iter(c.foreign_keys)).column.table.name for c in columns if c.foreign_keys}


def unique_columns(table: str) -> set[str]:
    return {c.name for c in m.MODEL_BY_TABLE[table].__table__.columns if c.unique}


def editable(bound: ColumnBound) -> bool:
    """A field a valid edit may change freely: not the key, a reference, a unique code or a
    field fixed once the record is added (a document's size and sha256)."""
    return (
        bound.column not in ("id", "content")
        and bound.column not in FIXED_FIELDS.get(bound.table, ())
        and bound.column not in references(bound.table)
        and bound.column not in unique_columns(bound.table)
    )


def example(bound: ColumnBound) -> Any:
    """One plain valid value of a column."""
    samples: dict[str, Any] = {
        "enum": bound.choices[0] if bound.choices else None,
        "boolean": True,
        "integer": 18,
        "number": 12.5,
        "date": "2026-10-06",
        "datetime": "2026-10-06T15:00:00.000000+00:00",
        "time": "15:00",
        "uuid": str(uuid.uuid4()),
        "text": "",
        "bytes": "iVBORw0KGgo=",  # base64, as the change log carries bytes: a PNG's signature
    }
    if bound.column == "sha256":
        return "0" * 64
    if bound.pattern is not None and bound.pattern.fullmatch("A794"):
        return "A794"  # a Belfiore code (Bergamo): persons.birthplace, cases.comune
    if bound.column == "frozen":
        return '{"v": 1}'  # a signed visit's frozen document (services/frozen.py)
    if bound.column == "citizenship":
        return "IT"  # ISO 3166 alpha-2
    if bound.column == "code":
        return f"F{uuid.uuid4().hex[:6]}"
    if bound.column == "filename":
        return "relazione.pdf"  # an attachment's: a name, not empty (value_bounds.file_name)
    if bound.column == "end_time":
        return "16:00"  # after start_time: a visit ends after it starts (services/apply.py)
    return samples[bound.kind]


class Writer:
    """A foreign device writing operations with an honest clock."""

    def __init__(self, device: uuid.UUID, now: dt.datetime) -> None:
        self.device = device
        self.wall_ms = int(now.timestamp() * 1000) - 60_000
        self.counter = 0

    def stamp(self) -> str:
        self.counter += 1
        return Timestamp(self.wall_ms, self.counter, self.device.hex).encode()

    def insert(self, table: str, parents: dict[str, uuid.UUID]) -> Operation:
        entity_id = uuid.uuid4()
        hlc = self.stamp()
        skip = NOT_LOGGED.get(table, set())
        data: dict[str, Any] = {}
        refs = references(table)
        for name, bound in BOUNDS[table].items():
            if name in skip:
                continue
            if name in refs:
                data[name] = str(parents[refs[name]])
            else:
                data[name] = example(bound)
        data.update(
            id=str(entity_id), version_hlc=hlc, origin_device=str(self.device), deleted_at=None
        )
        return Operation(uuid.uuid4(), self.device, hlc, table, entity_id, OpKind.INSERT, data)

    def seed(self) -> tuple[list[Operation], dict[str, uuid.UUID]]:
        """One record of every synchronised table, parents first."""
        ids: dict[str, uuid.UUID] = {}
        ops = []
        for table in TABLE_ORDER:
            if table in REFERENCE_TABLES:  # written by no device: the seeded one is named
                ids[table] = uuid.UUID(str(ambito_id("VBR")))
                continue
            op = self.insert(table, ids)
            ids[table] = op.entity_id
            ops.append(op)
        return ops, ids

    def update(self, table: str, entity_id: uuid.UUID, field: str, value: Any) -> Operation:
        return Operation(
            uuid.uuid4(),
            self.device,
            self.stamp(),
            table,
            entity_id,
            OpKind.UPDATE,
            {field: value},
        )
