"""Change capture: every write of a synchronised row becomes an operation in the change log,
in the same transaction, or nothing at all."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from typing import Any

import pytest
from sqlalchemy import exc as sa_exc
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from minorifamiglie.domain import entities as e
from minorifamiglie.domain.ambiti import ambito_id
from minorifamiglie.domain.enums import AuditAction, CaseStatus, OpKind, Service
from minorifamiglie.domain.hlc import Timestamp
from minorifamiglie.storage import audit
from minorifamiglie.storage.capture import HLC_KEY
from minorifamiglie.storage.models import AuditEventRow, CaseRow, ChangeRow, LocalStateRow
from minorifamiglie.storage.profile import OpenProfile
from minorifamiglie.storage.repository import Repository
from support.clock import TODAY

# The values of tests/conftest.py, which a test module cannot import (two conftests).


CASE_VALUES: dict[str, Any] = {
    "code": "VBR-2026-0001-TST",
    "ambito_id": ambito_id("VBR"),
    "service": Service.ADM,
    "title": "Sostegno ai compiti",
    "summary": "",
    "status": CaseStatus.OPEN,
    "opened_on": TODAY,
    "referral_source": None,
}


def ops_for(session: Session, entity_id: uuid.UUID) -> list[ChangeRow]:
    return list(
        session.execute(
            select(ChangeRow).where(ChangeRow.entity_id == entity_id).order_by(ChangeRow.seq)
        ).scalars()
    )


def counts(opened: OpenProfile) -> tuple[int, int, int]:
    with opened.session() as session:
        return (
            session.execute(select(func.count()).select_from(CaseRow)).scalar_one(),
            session.execute(select(func.count()).select_from(ChangeRow)).scalar_one(),
            session.execute(select(func.count()).select_from(AuditEventRow)).scalar_one(),
        )


def test_insert_update_and_tombstone_each_become_one_operation(opened: OpenProfile) -> None:
    # Given a new case
    with opened.session() as session:
        case = Repository(session).add(e.Case, **CASE_VALUES)
    # When its title changes, and later it is deleted
    with opened.session() as session:
        Repository(session).update(e.Case, case.id, title="Sostegno ai compiti e allo sport")
    with opened.session() as session:
        gone = Repository(session).tombstone(e.Case, case.id)
    # Then the log holds insert, update, tombstone, each based on the one before
    with opened.session() as session:
        insert, update, tombstone = ops_for(session, case.id)
        row = session.get(CaseRow, case.id)
        assert row is not None

    assert [op.kind for op in (insert, update, tombstone)] == [
        OpKind.INSERT,
        OpKind.UPDATE,
        OpKind.TOMBSTONE,
    ]
    for op in (insert, update, tombstone):
        assert (op.entity, op.entity_id, op.device_id) == ("cases", case.id, opened.device_id)

    inserted = json.loads(insert.data)
    assert set(inserted) == {c.name for c in CaseRow.__table__.columns}
    assert inserted["title"] == "Sostegno ai compiti"
    assert inserted["ambito_id"] == str(ambito_id("VBR"))
    assert inserted["opened_on"] == TODAY.isoformat()
    assert insert.replaces is None

    assert json.loads(update.data).keys() == {"title", "updated_at"}
    assert json.loads(update.data)["title"] == "Sostegno ai compiti e allo sport"
    assert update.replaces == insert.op_id

    assert json.loads(tombstone.data).keys() == {"deleted_at", "updated_at"}
    assert tombstone.replaces == update.op_id
    assert gone.deleted_at is not None

    # HLCs increase and the row carries the newest one and this device as its origin.
    assert insert.hlc < update.hlc < tombstone.hlc
    assert row.version_hlc == tombstone.hlc
    assert row.origin_device == opened.device_id
    assert Timestamp.decode(row.version_hlc).device == opened.device_id.hex
    assert row.updated_at >= row.created_at


def test_several_updates_in_one_transaction_chain_their_replaces(opened: OpenProfile) -> None:
    with opened.session() as session:
        repo = Repository(session)
        case = repo.add(e.Case, **CASE_VALUES)
        repo.update(e.Case, case.id, title="Primo")
        repo.update(e.Case, case.id, summary="Seconda")
    with opened.session() as session:
        ops = ops_for(session, case.id)
    assert [op.kind for op in ops] == [OpKind.INSERT, OpKind.UPDATE, OpKind.UPDATE]
    assert [op.replaces for op in ops] == [None, ops[0].op_id, ops[1].op_id]
    assert ops[0].hlc < ops[1].hlc < ops[2].hlc


def test_an_update_that_changes_nothing_logs_nothing(opened: OpenProfile) -> None:
    with opened.session() as session:
        case = Repository(session).add(e.Case, **CASE_VALUES)
    with opened.session() as session:
        Repository(session).update(e.Case, case.id, title=CASE_VALUES["title"])
    with opened.session() as session:
        assert [op.kind for op in ops_for(session, case.id)] == [OpKind.INSERT]


def test_the_clock_survives_between_transactions(opened: OpenProfile) -> None:
    with opened.session() as session:
        first = Repository(session).add(e.Case, **CASE_VALUES)
    with opened.session() as session:
        saved = session.get(LocalStateRow, HLC_KEY)
        assert saved is not None and saved.value == first.version_hlc
        second = Repository(session).add(e.Case, **(CASE_VALUES | {"code": "VBR-2026-0002-TST"}))
    assert second.version_hlc > first.version_hlc


def test_the_change_log_is_a_hash_chain_in_sequence(opened: OpenProfile) -> None:
    from minorifamiglie.storage.capture import change_payload
    from minorifamiglie.storage.chain import GENESIS, link_hash

    with opened.session() as session:
        repo = Repository(session)
        case = repo.add(e.Case, **CASE_VALUES)
        repo.update(e.Case, case.id, title="Altro")
    with opened.session() as session:
        ops = list(session.execute(select(ChangeRow).order_by(ChangeRow.seq)).scalars())
    assert [op.seq for op in ops] == list(range(1, len(ops) + 1))
    prev = GENESIS
    for op in ops:
        assert op.prev_hash == prev
        assert op.hash == link_hash(prev, change_payload(op))
        prev = op.hash


def test_a_hard_delete_of_a_synchronised_row_is_refused(opened: OpenProfile) -> None:
    with opened.session() as session:
        case = Repository(session).add(e.Case, **CASE_VALUES)
    before = counts(opened)
    with pytest.raises(RuntimeError, match="tombstoned"), opened.session() as session:
        row = session.get(CaseRow, case.id)
        session.delete(row)
        session.flush()
    assert counts(opened) == before
    with opened.session() as session:
        assert session.get(CaseRow, case.id) is not None


def test_a_failed_transaction_leaves_no_row_no_operation_and_no_audit_event(
    opened: OpenProfile,
) -> None:
    before = counts(opened)
    with pytest.raises(ZeroDivisionError), opened.session() as session:
        repo = Repository(session)
        case = repo.add(e.Case, **CASE_VALUES)
        repo.update(e.Case, case.id, title="Modificata")
        audit.append(session, AuditAction.CREATE, "cases", case.id, case.id)
        session.flush()
        _ = 1 / 0
    assert counts(opened) == before
    # and the chains go on from where they were, with no gap
    with opened.session() as session:
        case = Repository(session).add(e.Case, **CASE_VALUES)
        audit.append(session, AuditAction.CREATE, "cases", case.id, case.id)
    from minorifamiglie.services import integrity

    assert integrity.check(opened).sound


def test_a_failed_flush_half_way_rolls_back_what_came_before(opened: OpenProfile) -> None:
    before = counts(opened)
    with pytest.raises(sa_exc.IntegrityError), opened.session() as session:
        repo = Repository(session)
        repo.add(e.Case, **CASE_VALUES)
        # A foreign key to an ambito that does not exist fails inside the database.
        repo.add(e.Case, **(CASE_VALUES | {"ambito_id": uuid.UUID(int=1)}))
    assert counts(opened) == before


def test_attachment_bytes_are_not_copied_into_the_log(opened: OpenProfile) -> None:
    with opened.session() as session:
        repo = Repository(session)
        case = repo.add(e.Case, **CASE_VALUES)
        att = repo.add(
            e.Attachment,
            case_id=case.id,
            visit_id=None,
            filename="decreto.pdf",
            media_type="application/pdf",
            size=9,
            sha256="0" * 64,
            content=b"%PDF-1.7\n",
        )
    with opened.session() as session:
        [op] = ops_for(session, att.id)
    assert "content" not in json.loads(op.data)
    assert json.loads(op.data)["filename"] == "decreto.pdf"


def test_every_write_is_stamped_with_the_write_time(opened: OpenProfile) -> None:
    before = dt.datetime.now(dt.UTC)
    with opened.session() as session:
        case = Repository(session).add(e.Case, **CASE_VALUES)
    after = dt.datetime.now(dt.UTC)
    assert before <= case.created_at == case.updated_at <= after
    assert Timestamp.decode(case.version_hlc).wall_ms >= int(before.timestamp() * 1000)


def test_a_bundle_logged_in_bulk_chains_as_each_operation_alone_would(
    opened: OpenProfile,
) -> None:
    from types import SimpleNamespace

    from minorifamiglie.domain.canonical import canonical_json
    from minorifamiglie.storage.capture import change_payload, log_foreign_many
    from minorifamiglie.storage.chain import GENESIS, link_hash

    device = uuid.uuid4()
    ops = [
        SimpleNamespace(
            op_id=uuid.uuid4(), device_id=device, hlc=f"001796601129550:00000{i}:{device.hex}",
            entity="visits", entity_id=uuid.uuid4(), kind=kind,
            data=canonical_json({"notes": note, "n": i, "x": None}), replaces=replaces,
            seen=seen,
        )
        for i, (kind, note, replaces, seen) in enumerate(
            [
                (OpKind.INSERT, 'Nicolò ha detto "sì"\n\tcon un \\ e 😀', None, None),
                (OpKind.UPDATE, "Zoë", uuid.uuid4(), json.dumps([str(uuid.uuid4())])),
                (OpKind.TOMBSTONE, "", None, "[]"),
            ]
        )
    ]  # fmt: skip
    with opened.session() as session:
        before = session.execute(select(func.max(ChangeRow.seq))).scalar() or 0
        tail = session.execute(select(ChangeRow.hash).where(ChangeRow.seq == before)).scalar()
        log_foreign_many(session, ops)
    prev = GENESIS if tail is None else tail
    for offset, op in enumerate(ops, start=1):
        assert op.seq == before + offset and op.prev_hash == prev
        assert op.hash == link_hash(prev, change_payload(op))
        prev = op.hash
    with opened.read_session() as session:
        stored = session.execute(select(ChangeRow).where(ChangeRow.seq > before)).scalars().all()
    assert [(r.seq, r.hash) for r in stored] == [(op.seq, op.hash) for op in ops]
