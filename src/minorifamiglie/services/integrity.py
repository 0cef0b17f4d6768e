"""`check`: SQLCipher page integrity, the audit chain, the change-log chain, and every row
against the change log (a row edited behind the application's back no longer matches)."""

from __future__ import annotations

import json
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select, text

from minorifamiglie.domain.ambiti import AMBITI, ambito_id
from minorifamiglie.storage import models as m
from minorifamiglie.storage.audit import verify_audit_chain
from minorifamiglie.storage.capture import change_payload, row_values
from minorifamiglie.storage.chain import GENESIS, link_hash
from minorifamiglie.storage.profile import OpenProfile


@dataclass(frozen=True, slots=True)
class CheckReport:
    pages_ok: bool
    audit_events: int
    audit_first_bad: int | None
    changes: int
    changes_first_bad: int | None
    rows_checked: int
    rows_mismatched: dict[str, int] = field(default_factory=dict)

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


def check(opened: OpenProfile) -> CheckReport:
    with opened.session() as session:
        conn = session.connection()
        cipher = conn.execute(text("PRAGMA cipher_integrity_check")).fetchall()
        if cipher:
            # A page that fails its HMAC cannot be read: every later query on it would raise.
            return CheckReport(False, 0, None, 0, None, 0)
        sqlite = conn.execute(text("PRAGMA integrity_check")).fetchall()
        pages_ok = [tuple(r) for r in sqlite] == [("ok",)]
        chain = verify_audit_chain(session)
        n_changes, bad_change, expected = _verify_changes(session)
        checked, mismatched = _verify_rows(session, expected)
    return CheckReport(
        pages_ok, chain.rows, chain.first_bad_seq, n_changes, bad_change, checked, mismatched
    )


Expected = dict[tuple[str, str], dict[str, tuple[str, Any]]]


def _verify_changes(session: Any) -> tuple[int, int | None, Expected]:
    """Walk the chain and fold it: per record and field, the value of the newest HLC."""
    prev, expected_seq, count = GENESIS, 1, 0
    state: Expected = defaultdict(dict)
    for op in session.execute(select(m.ChangeRow).order_by(m.ChangeRow.seq)).scalars():
        count += 1
        if (
            op.seq != expected_seq
            or op.prev_hash != prev
            or op.hash != link_hash(prev, change_payload(op))
        ):
            return count, op.seq, state
        prev, expected_seq = op.hash, op.seq + 1
        fields = state[(op.entity, str(op.entity_id))]
        for name, value in json.loads(op.data).items():
            if name not in fields or fields[name][0] <= op.hlc:
                fields[name] = (op.hlc, value)
        for name, value in (("version_hlc", op.hlc), ("origin_device", str(op.device_id))):
            if name not in fields or fields[name][0] <= op.hlc:
                fields[name] = (op.hlc, value)
    return count, None, state


def _verify_rows(session: Any, expected: Expected) -> tuple[int, dict[str, int]]:
    """Each row against the fold of the log; a row the plain fold disagrees with is checked
    again against the merge of its record's operations (delete wins, sealed visits)."""
    seeded = {str(ambito_id(code)): (code, name) for code, name in AMBITI}
    checked = 0
    mismatched: defaultdict[str, int] = defaultdict(int)
    doubtful: list[tuple[str, dict[str, Any]]] = []
    seen: set[tuple[str, str]] = set()
    for model in m.SYNCED_MODELS:
        table = model.__tablename__
        for row in session.execute(select(model)).scalars():
            checked += 1
            values = row_values(row)
            key = (table, values["id"])
            seen.add(key)
            if key not in expected:
                if (
                    table == "ambiti"
                    and values["id"] in seeded
                    and seeded[values["id"]] == (values["code"], values["name"])
                ):
                    continue
                mismatched[table] += 1
                continue
            want = {name: v for name, (_, v) in expected[key].items()}
            if any(values.get(name) != v for name, v in want.items()) or set(values) - set(want):
                doubtful.append((table, values))
    for table, _ in set(expected) - seen:
        mismatched[table] += 1  # a row the log knows was removed outright
    if doubtful:
        from minorifamiglie.services.apply import expected_row, merge_records

        keys = [(table, uuid.UUID(values["id"])) for table, values in doubtful]
        state = merge_records(session, keys)
        for (table, values), key in zip(doubtful, keys, strict=True):
            if expected_row(state, *key) != values:
                mismatched[table] += 1
    return checked, dict(mismatched)
