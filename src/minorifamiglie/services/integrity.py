"""`check`: SQLCipher page integrity, the audit chain, the change-log chain, and every row
against the change log (a row edited behind the application's back no longer matches).

An operation whose record's insert has not arrived (a causal gap: an edit relayed by one device
before the author's bundle reached the share) is waiting, not damage: the row must not exist yet,
and it is counted apart. Everything is streamed, so memory stays flat at any profile size."""

from __future__ import annotations

import json
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, func, inspect, select, text
from sqlalchemy.orm import Session

from minorifamiglie.domain.ambiti import AMBITI, ambito_id
from minorifamiglie.domain.enums import OpKind
from minorifamiglie.services.apply import expected_row, operations_of
from minorifamiglie.storage import models as m
from minorifamiglie.storage.audit import verify_audit_chain
from minorifamiglie.storage.capture import NOT_LOGGED, change_payload
from minorifamiglie.storage.chain import GENESIS, link_hash
from minorifamiglie.storage.profile import OpenProfile
from minorifamiglie.storage.types import encode_value
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

_CHAIN_COLUMNS = (
    m.ChangeRow.seq, m.ChangeRow.op_id, m.ChangeRow.device_id, m.ChangeRow.hlc,
    m.ChangeRow.entity, m.ChangeRow.entity_id, m.ChangeRow.kind, m.ChangeRow.data,
    m.ChangeRow.replaces, m.ChangeRow.seen, m.ChangeRow.prev_hash, m.ChangeRow.hash,
)  # fmt: skip


def _verify_chain(conn: Connection) -> tuple[int, int | None]:
    """One pass over the change log in order, keeping only the previous hash."""
    prev, expected_seq, count = GENESIS, 1, 0
    result = conn.execute(select(*_CHAIN_COLUMNS).order_by(m.ChangeRow.seq))
    for part in result.partitions(_CHUNK * 4):
        for op in part:
            count += 1
            if (
                op.seq != expected_seq
                or op.prev_hash != prev
                or op.hash != link_hash(prev, change_payload(op))
            ):
                result.close()
                return count, op.seq
            prev, expected_seq = op.hash, op.seq + 1
    return count, None


# Per field, the value of the newest HLC; and whether an insert was seen.
Fold = tuple[dict[str, tuple[str, Any]], bool]


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
        skip = NOT_LOGGED.get(table, set())
        attrs = [a for a in inspect(model).mapper.column_attrs if a.key not in skip]
        keys = [a.key for a in attrs]
        result = self.conn.execute(select(*(a.columns[0] for a in attrs)))
        for part in result.partitions(_CHUNK):
            rows = [dict(zip(keys, map(encode_value, row), strict=True)) for row in part]
            self.checked += len(rows)
            self._chunk(table, rows)

    def _chunk(self, table: str, rows: list[dict[str, Any]]) -> None:
        folds = self._folds(table, [uuid.UUID(values["id"]) for values in rows])
        doubtful: list[dict[str, Any]] = []
        for values in rows:
            fold = folds.get(values["id"])
            if fold is None:
                if not (table == "ambiti" and self._seeded(values)):
                    self.mismatched[table] += 1  # a row the log never wrote
                continue
            fields, inserted = fold
            want = {name: v for name, (_, v) in fields.items()}
            if (
                not inserted
                or any(values.get(name) != v for name, v in want.items())
                or values.keys() - want.keys()
            ):
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

    def _folds(self, table: str, ids: list[uuid.UUID]) -> dict[str, Fold]:
        """The cheap fold of these records' operations, through the (entity, entity_id) index."""
        out: dict[str, Fold] = {}
        columns = (
            m.ChangeRow.entity_id, m.ChangeRow.hlc, m.ChangeRow.device_id, m.ChangeRow.kind,
            m.ChangeRow.data,
        )  # fmt: skip
        query = (
            select(*columns)
            .where(m.ChangeRow.entity == table, m.ChangeRow.entity_id.in_(ids))
            .order_by(m.ChangeRow.seq)
        )
        for entity_id, hlc, device_id, kind, data in self.conn.execute(query):
            key = str(entity_id)
            fold = out.get(key)
            if fold is None:
                fold = out[key] = ({}, False)
            fields = fold[0]
            if OpKind(kind) is OpKind.INSERT and not fold[1]:
                out[key] = fold = (fields, True)
            for name, value in json.loads(data).items():
                if name not in fields or fields[name][0] <= hlc:
                    fields[name] = (hlc, value)
            for name, value in (("version_hlc", hlc), ("origin_device", str(device_id))):
                if name not in fields or fields[name][0] <= hlc:
                    fields[name] = (hlc, value)
        return out

    def _merge(self, keys: list[tuple[str, uuid.UUID]]) -> MergeState | None:
        """The merge of these records' operations; None if the log holds one it refuses."""
        state = MergeState()
        try:
            state.apply_all(operations_of(self.session, keys))
        except MergeError:
            return None
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
