"""`check`: SQLCipher page integrity, the audit chain, the change-log chain, and every row
against the change log (a row edited behind the application's back no longer matches).

An operation whose record's insert has not arrived (a causal gap: an edit relayed by one device
before the author's bundle reached the share) is waiting, not damage: the row must not exist yet,
and it is counted apart. Everything is streamed, so memory stays flat at any profile size."""

from __future__ import annotations

import contextlib
import json
import threading
import uuid
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from hashlib import sha256
from typing import Any

import sqlalchemy.exc
from sqlalchemy import Connection, func, inspect, select
from sqlalchemy.orm import Session

from minorifamiglie.domain.ambiti import AMBITI, ambito_id
from minorifamiglie.domain.enums import OpKind
from minorifamiglie.services.merge_log import expected_row, operations_of
from minorifamiglie.storage import models as m
from minorifamiglie.storage.audit import verify_audit_chain
from minorifamiglie.storage.capture import NOT_LOGGED
from minorifamiglie.storage.chain import GENESIS, stored_link_text
from minorifamiglie.storage.database import page_checks
from minorifamiglie.storage.profile import OpenProfile
from minorifamiglie.storage.types import dashed_hex, stored_encoder
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
    # Read transactions: consistent snapshots, and no write lock, so a long check blocks
    # neither the GUI nor another command. The page checks (SQLCipher's HMAC of every page,
    # then SQLite's full integrity check: not quick_check, the row check below relies on the
    # change log's indexes holding exactly its rows) run in C on a connection of their own, on
    # a second core while the chains and rows are checked here.
    pages = _PageChecks(opened)
    pages.start()
    try:
        with opened.read_session() as session:
            conn = session.connection()
            chain = verify_audit_chain(session)
            log = _verify_chain(conn)
            rows = _RowCheck(session, log.inserts)
            rows.run()
    except sqlalchemy.exc.DatabaseError:
        # A page that fails its HMAC cannot be read: said as such when the page check finds it
        if pages.result()[0]:
            return CheckReport(False, 0, None, 0, None, 0)
        raise
    except BaseException:
        # Ctrl-C, or any other end: the thread is stopped before the interpreter may shut
        # down around it (inside SQLCipher, that crashed the process a time in four)
        pages.stop()
        raise
    cipher, sqlite = pages.result()
    if cipher:
        return CheckReport(False, 0, None, 0, None, 0)
    pages_ok = [tuple(r) for r in sqlite] == [("ok",)]
    return CheckReport(
        pages_ok,
        chain.rows,
        chain.first_bad_seq,
        log.count,
        log.first_bad,
        rows.checked,
        dict(rows.mismatched),
        dict(rows.waiting),
    )


class _PageChecks(threading.Thread):
    """`database.page_checks` in a thread of its own; `result` waits for it and raises what
    it raised."""

    def __init__(self, opened: OpenProfile) -> None:
        super().__init__(name="page-checks", daemon=True)
        self.path, self.key = opened.paths.database, opened.master_key()
        self.found: tuple[list[Any], list[Any]] | None = None
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            self.found = page_checks(self.path, self.key, self._opened)
        except BaseException as exc:  # handed to the caller by result()
            self.error = exc

    def _opened(self, conn: Any) -> None:
        self.conn = conn

    def stop(self) -> None:
        """Interrupt the checks (SQLite stops at its next step) and wait for the thread."""
        conn = getattr(self, "conn", None)
        if conn is not None:
            with contextlib.suppress(Exception):
                conn.interrupt()
        self.join()

    def result(self) -> tuple[list[Any], list[Any]]:
        self.join()
        if self.error is not None:
            raise self.error
        assert self.found is not None
        return self.found


_CHUNK = 500  # records verified at a time: memory stays flat whatever the profile's size
_KINDS = frozenset(kind.value for kind in OpKind)


_dashed = dashed_hex

# In `_ChainLog.inserts`, a record that needs its whole fold: more than one operation, a first
# operation that is not an insert, or a key two records share. (A digest that happens to be 0
# is taken for it too: the fold is always a sound way to check a row, only a slower one.)
_FOLD = 0


@dataclass(slots=True)
class _ChainLog:
    count: int = 0
    first_bad: int | None = None
    # Per record (a hash of table and stored id), the digest of the row its single insert
    # wrote (`_digest`), or _FOLD: the row check meets each row there, with no second pass
    # over the log.
    inserts: dict[int, int] = field(default_factory=dict)


def _digest(logged: str, hlc: str, device: str) -> int:
    """What a record's single insert says its row is: the logged columns as canonical JSON
    (`capture` logs an insert as `canonical_json(row_values(row))`), with the operation's own
    HLC and device as stored (32 hex digits), which the row's `version_hlc` and
    `origin_device` must equal. Python's string hash: keyed afresh in every process (SipHash,
    PYTHONHASHSEED), so no stored value can be chosen to collide with another; a digest only
    spares the fold of a row that equals its insert, any difference sends the row to it."""
    return hash((logged, hlc, device))


def _verify_chain(conn: Connection) -> _ChainLog:
    """One pass over the change log in order, keeping only the previous hash; on the way, what
    each record's operations say its row is, when that is a single insert. Stored values are
    read as SQLite holds them (no ORM objects, no type processing). After a broken link the
    pass goes on without checking links, so the rows are still met with their operations."""
    log = _ChainLog()
    inserts = log.inserts
    prev, expected_seq, count, verifying = GENESIS, 1, 0, True
    insert = OpKind.INSERT.value
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
                if verifying:
                    try:
                        body = stored_link_text(
                            prev, seq, op_id, device, hlc, entity, eid, kind, data, replaces, seen
                        )
                        linked = (
                            seq == expected_seq
                            and back == prev
                            and kind in _KINDS
                            and link == sha256(body.encode("utf-8")).hexdigest()
                        )
                    except TypeError:  # a value that is not text: not what the application wrote
                        linked = False
                    if not linked:
                        log.first_bad, log.count, verifying = seq, count, False
                prev, expected_seq = link, seq + 1
                if type(eid) is not str:
                    continue  # not what the application logs: the chain says so
                key = hash((entity, eid))
                if (
                    key in inserts
                    or kind != insert
                    or type(data) is not str
                    or type(hlc) is not str
                    or type(device) is not str
                ):
                    inserts[key] = _FOLD
                else:
                    inserts[key] = _digest(data, hlc, device)
    finally:
        cursor.close()
    if verifying:
        log.count = count
    return log


def _refuse(value: Any) -> Any:
    """A stored shape the application never writes: reported, not converted."""
    raise ValueError("not a stored form of its column")


def _reader(conn: Connection, model: type[m.SyncBase], order: str) -> Iterator[Sequence[Any]]:
    """The table's logged columns as SQLite stores them, `_CHUNK` rows at a time."""
    names = ", ".join(a.columns[0].name for a in _logged(model))
    sql = f"SELECT {names} FROM {model.__tablename__}{order}"  # noqa: S608 - our own names
    cursor = conn.exec_driver_sql(sql)
    try:
        while part := cursor.fetchmany(_CHUNK):
            yield part
    finally:
        cursor.close()


def _logged(model: type[m.SyncBase]) -> list[Any]:
    """The logged attributes, sorted by name: a row's dict is then in canonical JSON's order."""
    skip = NOT_LOGGED.get(model.__tablename__, set())
    return sorted(
        (a for a in inspect(model).mapper.column_attrs if a.key not in skip), key=lambda a: a.key
    )


def _encoders(model: type[m.SyncBase]) -> list[tuple[int, Any]]:
    attrs = _logged(model)
    return [
        (i, enc)
        for i, a in enumerate(attrs)
        if (enc := stored_encoder(a.columns[0].type, _refuse)) is not None
    ]


def _encoded_rows(
    conn: Connection, model: type[m.SyncBase], order: str = ""
) -> Iterator[list[tuple[Sequence[Any], dict[str, Any] | None]]]:
    """A table's rows, `_CHUNK` at a time: each as stored beside it as `capture.row_values`
    gives it (the logged columns, encoded), or None when it holds a value no column of its
    can hold."""
    keys = [a.key for a in _logged(model)]
    encoders = _encoders(model)
    for part in _reader(conn, model, order):
        out: list[tuple[Sequence[Any], dict[str, Any] | None]] = []
        for stored in part:
            values = list(stored)
            try:
                for i, enc in encoders:
                    values[i] = enc(values[i])
            except (TypeError, ValueError, IndexError):
                out.append((stored, None))
                continue
            out.append((stored, dict(zip(keys, values, strict=True))))
        yield out


def stored_rows(
    conn: Connection, model: type[m.SyncBase], *, by_id: bool = False
) -> Iterator[tuple[list[dict[str, Any]], int]]:
    """A table's rows, `_CHUNK` at a time, as `capture.row_values` gives them, read straight
    from SQLite; with each chunk, how many rows held a value no column of theirs can hold."""
    for part in _encoded_rows(conn, model, " ORDER BY id" if by_id else ""):
        rows = [row for _, row in part if row is not None]
        yield rows, len(part) - len(rows)


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


# `canonical_json` of a dict whose keys are already in order (`_logged`), without sorting them.
_canonical_sorted = json.JSONEncoder(
    ensure_ascii=False, check_circular=False, separators=(",", ":")
).encode


def _row_digest(row: dict[str, Any], hlc: Any, origin: Any) -> int:
    """`_digest` of what a row holds, its stamp as stored; _FOLD (no digest matches it) for a
    row whose stamp is not text or whose values JSON cannot hold."""
    if type(hlc) is not str or type(origin) is not str:
        return _FOLD
    try:
        return _digest(_canonical_sorted(row), hlc, origin)
    except (TypeError, ValueError):
        return _FOLD


def _agrees(expected: dict[str, Any] | None, row: dict[str, Any], added: frozenset[str]) -> bool:
    """Whether a row holds what its operations say. A column added to the table after they
    were written (models.ADDED_COLUMNS) is not named by them: the row must hold NULL there."""
    if expected == row:
        return True
    if expected is None or not added:
        return False
    unnamed = {name: None for name in added if name not in expected}
    return {**expected, **unnamed} == row


def _older_insert(
    row: dict[str, Any],
    added: frozenset[str],
    digest: int,
    stored: Sequence[Any],
    at_hlc: int,
    at_origin: int,
) -> bool:
    """A row its single insert wrote before columns were added to the table: NULL in each of
    them, the rest exactly the insert (the digest without them; no fold needed)."""
    if any(row[name] is not None for name in added):
        return False
    older = {name: value for name, value in row.items() if name not in added}
    return digest == _row_digest(older, stored[at_hlc], stored[at_origin])


class _RowCheck:
    """Every row against its record's operations, table by table in the table's own order (a
    plain scan). A row whose record has a single insert meets its digest from the chain pass;
    any other (several operations, a digest that differs) is checked `_CHUNK` rows at a time
    against the fold of its operations, and the merge where the fold cannot decide. Then, per
    table, the records the log knows but the table lacks (a streamed anti-join): a record
    whose insert has not arrived is waiting, one whose insert is logged was removed."""

    def __init__(self, session: Session, inserts: dict[int, int]) -> None:
        self.session = session
        self.conn = session.connection()
        self.inserts = inserts
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
        keys = [a.key for a in _logged(model)]
        at_id = keys.index("id")
        at_hlc, at_origin = keys.index("version_hlc"), keys.index("origin_device")
        inserts = self.inserts
        added = m.ADDED_COLUMNS.get(table, frozenset())
        doubtful: list[tuple[Any, dict[str, Any]]] = []
        for part in _encoded_rows(self.conn, model):
            self.checked += len(part)
            for stored, row in part:
                if row is None:
                    self.mismatched[table] += 1  # a value of a type the column never holds
                    continue
                digest = inserts.get(hash((table, stored[at_id])))
                if digest is None:  # no operation names this record
                    if not (table == "ambiti" and self._seeded(row)):
                        self.mismatched[table] += 1  # a row the log never wrote
                elif not digest or (
                    digest != _row_digest(row, stored[at_hlc], stored[at_origin])
                    and not (added and _older_insert(row, added, digest, stored, at_hlc, at_origin))
                ):
                    doubtful.append((stored[at_id], row))
                    if len(doubtful) == _CHUNK:
                        self._fold_check(table, doubtful)
                        doubtful = []
        if doubtful:
            self._fold_check(table, doubtful)

    def _fold_check(self, table: str, doubtful: list[tuple[Any, dict[str, Any]]]) -> None:
        """These rows against the fold of their records' operations (by stored id)."""
        folds = self._folds_of(table, [raw_id for raw_id, _ in doubtful])
        self._chunk(table, [row for _, row in doubtful], [folds.get(raw) for raw, _ in doubtful])

    def _chunk(self, table: str, rows: list[dict[str, Any]], folds: list[Fold | None]) -> None:
        added = m.ADDED_COLUMNS.get(table, frozenset())
        doubtful: list[tuple[tuple[str, uuid.UUID], dict[str, Any]]] = []
        for values, fold in zip(rows, folds, strict=True):
            if fold is None:
                if not (table == "ambiti" and self._seeded(values)):
                    self.mismatched[table] += 1  # a row the log never wrote
                continue
            fields, plain = fold
            # The same columns, each with the fold's value.
            if plain and _agrees(fields, values, added):
                continue
            try:
                doubtful.append(((table, uuid.UUID(values["id"])), values))
            except (TypeError, ValueError, AttributeError):
                self.mismatched[table] += 1  # an id no record of the application has
        if doubtful:
            # The plain fold disagrees: the merge decides (delete wins, sealed visits, a row
            # whose insert has not arrived must not exist).
            state = self._merge([key for key, _ in doubtful])
            for key, values in doubtful:
                if state is None or not _agrees(expected_row(state, *key), values, added):
                    self.mismatched[table] += 1

    def _seeded(self, values: dict[str, Any]) -> bool:
        return self.seeded.get(values["id"]) == (values.get("code"), values.get("name"))

    def _folds_of(self, table: str, ids: list[Any]) -> dict[Any, Fold]:
        """The cheap fold of each of these records (by stored id), through the (entity,
        entity_id, seq) index."""
        marks = ", ".join("?" * len(ids))
        cursor = self.conn.exec_driver_sql(
            "SELECT entity_id, hlc, device_id, kind, data FROM changes "  # noqa: S608 - marks
            f"WHERE entity = ? AND entity_id IN ({marks}) ORDER BY entity_id, seq",
            (table, *ids),
        )
        grouped: defaultdict[Any, list[tuple[str, str, str, str]]] = defaultdict(list)
        try:
            for entity_id, hlc, device_id, kind, data in cursor:
                grouped[entity_id].append((hlc, device_id, kind, data))
        finally:
            cursor.close()
        return {entity_id: _fold(ops) for entity_id, ops in grouped.items()}

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
        # Plain SQL, as the other scans here: compiled per engine, the same query written with
        # the ORM's select cost half of a small profile's check, once for each of its tables.
        table = model.__tablename__
        cursor = self.conn.exec_driver_sql(
            "SELECT entity_id, count(*) FROM changes WHERE entity = ? AND NOT EXISTS "  # noqa: S608
            f"(SELECT 1 FROM {table} WHERE {table}.id = changes.entity_id) GROUP BY entity_id",
            (table,),
        )
        try:
            while part := cursor.fetchmany(_CHUNK):
                self._waiting_or_removed(table, part)
        finally:
            cursor.close()

    def _waiting_or_removed(self, table: str, part: Sequence[Any]) -> None:
        """Records the log knows but `table` lacks (ids as stored): waiting for their insert, or
        removed although logged as inserted."""
        counts: dict[uuid.UUID, int] = {}
        for raw, count in part:
            try:
                counts[uuid.UUID(hex=raw)] = count
            except (TypeError, ValueError, AttributeError):
                self.mismatched[table] += 1  # an id no record of the application has
        keys = [(table, entity_id) for entity_id in counts]
        state = self._merge(keys) if keys else None
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
