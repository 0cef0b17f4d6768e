"""`check`: SQLCipher page integrity, the audit chain, the change-log chain, and every row
against the change log (a row edited behind the application's back no longer matches).

An operation whose record's insert has not arrived (a causal gap: an edit relayed by one device
before the author's bundle reached the share) is waiting, not damage: the row must not exist yet,
and it is counted apart. Everything is streamed, so memory stays flat at any profile size."""

from __future__ import annotations

import base64
import datetime as dt
import json
import uuid
from collections import defaultdict
from collections.abc import Generator, Iterator
from dataclasses import dataclass, field
from hashlib import sha256
from json.encoder import encode_basestring as _esc
from typing import Any

from sqlalchemy import (
    Boolean,
    Connection,
    Date,
    Enum,
    Float,
    Integer,
    LargeBinary,
    Numeric,
    String,
    Time,
    Uuid,
    func,
    inspect,
    select,
    text,
)
from sqlalchemy.orm import Session

from minorifamiglie.domain.ambiti import AMBITI, ambito_id
from minorifamiglie.domain.enums import OpKind
from minorifamiglie.services.apply import expected_row, operations_of
from minorifamiglie.storage import models as m
from minorifamiglie.storage.audit import verify_audit_chain
from minorifamiglie.storage.capture import NOT_LOGGED
from minorifamiglie.storage.chain import GENESIS
from minorifamiglie.storage.profile import OpenProfile
from minorifamiglie.storage.types import _ISO_UTC, UTCDateTime, encode_value
from minorifamiglie.sync.merge import MergeError, MergeState


@dataclass(frozen=True, slots=True)
class CheckReport:
    pages_ok: bool
    audit_events: int
    audit_first_bad: int | None
    changes: int
    changes_first_bad: int | None
    rows_checked: int
    rows_mismatched: dict[str, int] = field(default_factory=dict)
    # Operations kept for a record whose insert has not arrived yet (a causal gap, not damage):
    # per table, how many.
    waiting: dict[str, int] = field(default_factory=dict)

    @property
    def sound(self) -> bool:
        return (
            self.pages_ok
            and self.audit_first_bad is None
            and self.changes_first_bad is None
            and not self.rows_mismatched
        )

    def problems(self) -> list[str]:
        out = []
        if not self.pages_ok:
            out.append("pagine del database danneggiate o alterate")
        if self.audit_first_bad is not None:
            out.append(f"registro degli accessi interrotto all'evento {self.audit_first_bad}")
        if self.changes_first_bad is not None:
            out.append(
                f"registro delle modifiche interrotto all'operazione {self.changes_first_bad}"
            )
        for table, count in sorted(self.rows_mismatched.items()):
            out.append(f"{count} righe di '{table}' non corrispondono al registro delle modifiche")
        return out

    def notes(self) -> list[str]:
        """What is worth knowing but is not a problem."""
        count = sum(self.waiting.values())
        if not count:
            return []
        what = "modifica in attesa" if count == 1 else "modifiche in attesa"
        return [f"{count} {what} della loro scheda (arriveranno con la prossima sincronizzazione)"]


def check(opened: OpenProfile) -> CheckReport:
    # A read transaction: one consistent snapshot, and no write lock, so a long check blocks
    # neither the GUI nor another command.
    with opened.read_session() as session:
        conn = session.connection()
        cipher = conn.execute(text("PRAGMA cipher_integrity_check")).fetchall()
        if cipher:
            # A page that fails its HMAC cannot be read: every later query on it would raise.
            return CheckReport(False, 0, None, 0, None, 0)
        # The full check, not quick_check: the row check below reads each table through its
        # primary-key index, so that index must be proven to hold exactly the table's rows.
        sqlite = conn.execute(text("PRAGMA integrity_check")).fetchall()
        pages_ok = [tuple(r) for r in sqlite] == [("ok",)]
        chain = verify_audit_chain(session)
        n_changes, bad_change = _verify_chain(conn)
        rows = _RowCheck(session)
        rows.run()
    return CheckReport(
        pages_ok,
        chain.rows,
        chain.first_bad_seq,
        n_changes,
        bad_change,
        rows.checked,
        dict(rows.mismatched),
        dict(rows.waiting),
    )


_CHUNK = 500  # records verified at a time: memory stays flat whatever the profile's size
_KINDS = frozenset(kind.value for kind in OpKind)


def _dashed(raw: str) -> str:
    """A stored Uuid (32 lowercase hex digits) as `str(uuid.UUID(raw))`, without the object."""
    return f"{raw[:8]}-{raw[8:12]}-{raw[12:16]}-{raw[16:20]}-{raw[20:]}"


def _verify_chain(conn: Connection) -> tuple[int, int | None]:
    """One pass over the change log in order, keeping only the previous hash. Stored values
    are read as SQLite holds them (no ORM objects, no type processing)."""
    prev, expected_seq, count = GENESIS, 1, 0
    cursor = conn.exec_driver_sql(
        "SELECT seq, op_id, device_id, hlc, entity, entity_id, kind, data, replaces, seen, "
        "prev_hash, hash FROM changes ORDER BY seq"
    )
    try:
        while part := cursor.fetchmany(_CHUNK * 4):
            for (
                seq,
                op_id,
                device,
                hlc,
                entity,
                eid,
                kind,
                data,
                replaces,
                seen,
                back,
                link,
            ) in part:
                count += 1
                if seq != expected_seq or back != prev or kind not in _KINDS:
                    return count, seq
                try:
                    body = _chained_text(
                        prev, seq, op_id, device, hlc, entity, eid, kind, data, replaces, seen
                    )
                except TypeError:  # a value that is not text: not what the application wrote
                    return count, seq
                if link != sha256(body.encode("utf-8")).hexdigest():
                    return count, seq
                prev, expected_seq = link, seq + 1
    finally:
        cursor.close()
    return count, None


def _chained_text(
    prev: str,
    seq: int,
    op_id: str,
    device: str,
    hlc: str,
    entity: str,
    eid: str,
    kind: str,
    data: str,
    replaces: str | None,
    seen: str | None,
) -> str:
    """What `link_hash(prev, change_payload(op))` hashes, built from the stored columns without
    the payload dict: `canonical_json`'s text (keys sorted, every string through the same C
    escaper `json.dumps` uses with ensure_ascii=False). Raises TypeError on a value that is not
    text, which the application never stores."""
    return (
        f'{prev}\n{{"data":{_esc(data)},"device_id":{_esc(_dashed(device))},'
        f'"entity":{_esc(entity)},"entity_id":{_esc(_dashed(eid))},"hlc":{_esc(hlc)},'
        f'"kind":{_esc(kind)},"op_id":{_esc(_dashed(op_id))},'
        f'"replaces":{"null" if replaces is None else _esc(_dashed(replaces))},'
        + ("" if seen is None else f'"seen":{_esc(seen)},')
        + f'"seq":{seq:d}}}'
    )


def _encoder(column_type: Any) -> Any:
    """From what SQLite stores for this column type to `encode_value` of what the ORM would
    load (the inverse of `storage.types.raw_for`); None where the two are the same."""
    if isinstance(column_type, UTCDateTime):
        return _encode_datetime
    if isinstance(column_type, Enum | Date | String | Integer):
        return None  # enums by value, dates as ISO text, text as text, integers
    if isinstance(column_type, Uuid):
        return lambda v: None if v is None else _dashed(v)
    if isinstance(column_type, Boolean):
        return lambda v: None if v is None else bool(v)
    if isinstance(column_type, Float | Numeric):
        return lambda v: None if v is None else round(float(v), 6)
    if isinstance(column_type, Time):
        return lambda v: None if v is None else v[:5]
    if isinstance(column_type, LargeBinary):
        return lambda v: None if v is None else base64.b64encode(v).decode("ascii")
    raise ValueError(f"no stored form for {type(column_type).__name__}")


def _encode_datetime(value: Any) -> Any:
    if value is None or _ISO_UTC.fullmatch(value):
        return value  # what the application writes: already `encode_value`'s form
    return encode_value(dt.datetime.fromisoformat(value))


def stored_rows(
    conn: Connection, model: type[m.SyncBase], *, by_id: bool = False
) -> Iterator[tuple[list[dict[str, Any]], int]]:
    """A table's rows, `_CHUNK` at a time, as `capture.row_values` gives them (the logged
    columns, encoded), read straight from SQLite; with each chunk, how many rows held a value
    no column of theirs can hold."""
    table = model.__tablename__
    skip = NOT_LOGGED.get(table, set())
    attrs = [a for a in inspect(model).mapper.column_attrs if a.key not in skip]
    keys = [a.key for a in attrs]
    encoders = [(a.key, enc) for a in attrs if (enc := _encoder(a.columns[0].type)) is not None]
    names = ", ".join(a.columns[0].name for a in attrs)
    order = " ORDER BY id" if by_id else ""  # by the primary key's index: no sort
    cursor = conn.exec_driver_sql(f"SELECT {names} FROM {table}{order}")  # noqa: S608 - our names
    try:
        while part := cursor.fetchmany(_CHUNK):
            rows, unreadable = [], 0
            for stored in part:
                values = dict(zip(keys, stored, strict=True))
                try:
                    for key, enc in encoders:
                        values[key] = enc(values[key])
                except (TypeError, ValueError, IndexError):
                    unreadable += 1
                    continue
                rows.append(values)
            yield rows, unreadable
    finally:
        cursor.close()


# The row the operations make (per field, the value of the newest HLC), and whether it can be
# trusted without the merge (an insert seen, every operation readable).
Fold = tuple[dict[str, Any], bool]


def _fold(ops: list[tuple[str, str, str, str]]) -> Fold:
    """One record's operations (in log order) folded field by field, the newest HLC winning,
    with `version_hlc` and `origin_device` of the newest; not plain (the merge decides) without
    an insert or with an operation that cannot be read."""
    inserted = any(kind == OpKind.INSERT.value for _, _, kind, _ in ops)
    if len(ops) == 1:  # most records: the row is what the insert wrote
        hlc, device_id, _, data = ops[0]
        try:
            row = json.loads(data)
            if not isinstance(row, dict):
                return {}, False
            row["version_hlc"] = hlc
            row["origin_device"] = _dashed(device_id)
        except (ValueError, TypeError):
            return {}, False
        return row, inserted
    fields: dict[str, tuple[str, Any]] = {}
    for hlc, device_id, _, data in ops:
        try:
            written = json.loads(data).items()
            origin = _dashed(device_id)
        except (ValueError, TypeError, AttributeError):
            return {}, False
        for name, value in (*written, ("version_hlc", hlc), ("origin_device", origin)):
            if name not in fields or fields[name][0] <= hlc:
                fields[name] = (hlc, value)
    return {name: value for name, (_, value) in fields.items()}, inserted


class _RowCheck:
    """Every row against its record's operations, table by table, `_CHUNK` rows at a time;
    then, per table, the records the log knows but the table lacks (a streamed anti-join): a
    record whose insert has not arrived is waiting, one whose insert is logged was removed."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.conn = session.connection()
        self.checked = 0
        self.mismatched: defaultdict[str, int] = defaultdict(int)
        self.waiting: defaultdict[str, int] = defaultdict(int)
        self.seeded = {str(ambito_id(code)): (code, name) for code, name in AMBITI}

    def run(self) -> None:
        for model in m.SYNCED_MODELS:
            self._table(model)
            self._missing(model)
        self._unknown_entities()

    # -- rows present ------------------------------------------------------------------------

    def _table(self, model: type[m.SyncBase]) -> None:
        table = model.__tablename__
        # A merge join: the rows by id beside the table's operations by (entity_id, seq), both
        # through an index, so each row meets its fold as the two streams advance.
        folds = self._folds(table)
        pending: tuple[str, Fold] | None = next(folds, None)
        for rows, unreadable in stored_rows(self.conn, model, by_id=True):
            self.checked += len(rows) + unreadable
            if unreadable:  # a value of a type the column never holds
                self.mismatched[table] += unreadable
            matched: list[Fold | None] = []
            for values in rows:
                raw_id = values["id"].replace("-", "")
                # Records the log knows but the table lacks are `_missing`'s.
                while pending is not None and pending[0] < raw_id:
                    pending = next(folds, None)
                if pending is not None and pending[0] == raw_id:
                    matched.append(pending[1])
                    pending = next(folds, None)
                else:
                    matched.append(None)
            self._chunk(table, rows, matched)
        folds.close()  # the operations of records after the last row are `_missing`'s

    def _chunk(self, table: str, rows: list[dict[str, Any]], folds: list[Fold | None]) -> None:
        doubtful: list[dict[str, Any]] = []
        for values, fold in zip(rows, folds, strict=True):
            if fold is None:
                if not (table == "ambiti" and self._seeded(values)):
                    self.mismatched[table] += 1  # a row the log never wrote
                continue
            fields, plain = fold
            # The same columns, each with the fold's value.
            if not plain or fields != values:
                doubtful.append(values)
        if doubtful:
            # The plain fold disagrees: the merge decides (delete wins, sealed visits, a row
            # whose insert has not arrived must not exist).
            keys = [(table, uuid.UUID(values["id"])) for values in doubtful]
            state = self._merge(keys)
            for values, key in zip(doubtful, keys, strict=True):
                if state is None or expected_row(state, *key) != values:
                    self.mismatched[table] += 1

    def _seeded(self, values: dict[str, Any]) -> bool:
        return self.seeded.get(values["id"]) == (values.get("code"), values.get("name"))

    def _folds(self, table: str) -> Generator[tuple[str, Fold], None, None]:
        """The cheap fold of each record of this table (by stored id, in id order), one record
        at a time, from one pass over the (entity, entity_id, seq) index."""
        cursor = self.conn.exec_driver_sql(
            "SELECT entity_id, hlc, device_id, kind, data FROM changes "
            "WHERE entity = ? ORDER BY entity_id, seq",
            (table,),
        )
        current: str | None = None
        ops: list[tuple[str, str, str, str]] = []
        try:
            while part := cursor.fetchmany(_CHUNK * 4):
                for entity_id, hlc, device_id, kind, data in part:
                    if not isinstance(entity_id, str):
                        continue  # not what the application logs: the chain says so
                    if entity_id != current:
                        if current is not None:
                            yield current, _fold(ops)
                        current, ops = entity_id, []
                    ops.append((hlc, device_id, kind, data))
            if current is not None:
                yield current, _fold(ops)
        finally:
            cursor.close()

    def _merge(self, keys: list[tuple[str, uuid.UUID]]) -> MergeState | None:
        """The merge of these records' operations; None if the log holds one it refuses."""
        state = MergeState()
        try:
            state.apply_all(operations_of(self.session, keys))
        except (MergeError, LookupError, ValueError, TypeError, AttributeError):
            return None  # an operation the merge cannot read: not what the application logged
        return state

    # -- rows absent -------------------------------------------------------------------------

    def _missing(self, model: type[m.SyncBase]) -> None:
        table = model.__tablename__
        present = select(model.id).where(model.id == m.ChangeRow.entity_id)
        query = (
            select(m.ChangeRow.entity_id, func.count())
            .where(m.ChangeRow.entity == table, ~present.exists())
            .group_by(m.ChangeRow.entity_id)
        )
        result = self.conn.execute(query)
        for part in result.partitions(_CHUNK):
            counts = dict(part)
            keys = [(table, entity_id) for entity_id in counts]
            state = self._merge(keys)
            for key in keys:
                if state is None or state.is_inserted(*key):
                    self.mismatched[table] += 1  # logged as inserted, gone from the table
                else:
                    self.waiting[table] += counts[key[1]]

    def _unknown_entities(self) -> None:
        """Operations on no synchronised table cannot be in the log."""
        query = (
            select(m.ChangeRow.entity, func.count())
            .where(m.ChangeRow.entity.not_in(list(m.MODEL_BY_TABLE)))
            .group_by(m.ChangeRow.entity)
        )
        for entity, count in self.conn.execute(query):
            self.mismatched[entity] += count
