"""The sync status (services/syncing.py `status`, `pending_count`): what this device still has to
publish is counted from the index of the change log by device (revision 0005), a range over
the unpublished operations, never a scan of the log; and reading the status takes no write
lock."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import event, func, select, text

from minorifamiglie.domain.enums import OpKind, Service
from minorifamiglie.services import cases, syncing
from minorifamiglie.storage import models as m
from minorifamiglie.storage.profile import OpenProfile, set_local
from support.clock import TODAY


def add_case(opened: OpenProfile, minor: str) -> None:
    cases.add_case(opened, ambito="VBR", service=Service.ADM, minor_name=minor, today=TODAY)


def own_changes(opened: OpenProfile) -> int:
    with opened.read_session() as session:
        return int(
            session.execute(
                select(func.count())
                .select_from(m.ChangeRow)
                .where(m.ChangeRow.device_id == opened.device_id)
            ).scalar_one()
        )


def last_seq(opened: OpenProfile) -> int:
    with opened.read_session() as session:
        return int(session.execute(select(func.max(m.ChangeRow.seq))).scalar_one())


def mark_exported(opened: OpenProfile, upto: int) -> None:
    with opened.session() as session:
        set_local(session, syncing.EXPORTED_KEY, str(upto))


def test_pending_counts_this_devices_operations_after_the_last_export(
    opened: OpenProfile,
) -> None:
    # Given a profile with two cases, nothing published
    add_case(opened, "Luca Rota")
    add_case(opened, "Sara Pesenti")
    assert syncing.status(opened).pending == own_changes(opened) > 0
    # When everything so far is published and one more case is added
    mark_exported(opened, last_seq(opened))
    assert syncing.status(opened).pending == 0
    before = own_changes(opened)
    add_case(opened, "Marco Locatelli")
    # Then only the operations of that case are pending
    assert syncing.status(opened).pending == own_changes(opened) - before > 0


def test_operations_of_other_devices_are_never_pending(opened: OpenProfile) -> None:
    add_case(opened, "Luca Rota")
    mark_exported(opened, last_seq(opened))
    # Given an operation of another device logged after this device's last export
    with opened.session() as session:
        session.add(
            m.ChangeRow(
                seq=last_seq(opened) + 1,
                op_id=uuid.uuid4(),
                device_id=uuid.uuid4(),
                hlc="x",
                entity="cases",
                entity_id=uuid.uuid4(),
                kind=OpKind.UPDATE,
                data="{}",
                prev_hash="",
                hash="",
            )
        )
    # Then it is not counted as this device's to publish
    with opened.read_session() as session:
        assert syncing.pending_count(session, opened.device_id) == 0


def test_the_pending_count_is_a_range_of_the_index_by_device(opened: OpenProfile) -> None:
    add_case(opened, "Luca Rota")
    # Given the statement the count runs, as the driver receives it
    seen: list[tuple[str, Any]] = []

    def record(conn: Any, cursor: Any, statement: str, params: Any, *rest: Any) -> None:
        if "count(" in statement.lower() and "changes" in statement:
            seen.append((statement, params))

    event.listen(opened.engine, "before_cursor_execute", record)
    try:
        with opened.read_session() as session:
            syncing.pending_count(session, opened.device_id)
    finally:
        event.remove(opened.engine, "before_cursor_execute", record)
    assert len(seen) == 1
    statement, params = seen[0]
    # Then SQLite answers it from the index alone, a range over this device's operations
    with opened.read_session() as session:
        raw = session.connection().connection.dbapi_connection
        assert raw is not None
        plan = " ".join(
            str(row[-1]) for row in raw.execute(f"EXPLAIN QUERY PLAN {statement}", params)
        )
    assert "COVERING INDEX ix_changes_device (device_id=? AND seq>?)" in plan, plan


def test_reading_the_status_takes_no_write_lock(opened: OpenProfile) -> None:
    add_case(opened, "Luca Rota")
    statements: list[str] = []

    def record(conn: Any, cursor: Any, statement: str, *rest: Any) -> None:
        statements.append(statement.strip().upper())

    event.listen(opened.engine, "before_cursor_execute", record)
    try:
        syncing.status(opened)
        syncing.history(opened)
    finally:
        event.remove(opened.engine, "before_cursor_execute", record)
    assert "BEGIN" in statements
    assert not [s for s in statements if s.startswith("BEGIN IMMEDIATE")]
    # and the profile still answers a plain query afterwards
    with opened.read_session() as session:
        assert session.execute(text("SELECT 1")).scalar_one() == 1
