"""The audit log is a hash chain: any row edited, deleted or moved behind the application's
back is detected, the last row included."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import select, text
from sqlalchemy.orm import Session

from minorifamiglie.domain.enums import AuditAction, Role, Service
from minorifamiglie.services import cases, profiles, visits
from minorifamiglie.storage import audit, chain, profile
from minorifamiglie.storage.audit import verify_audit_chain
from minorifamiglie.storage.database import raw_connection
from minorifamiglie.storage.models import AuditEventRow
from minorifamiglie.storage.profile import OpenProfile
from support.clock import TODAY
from support.profiles import PASSPHRASE, template_copy

# The values of tests/conftest.py, which a test module cannot import (two conftests).

FIELDS = (
    "seq",
    "at",
    "device_id",
    "operator_id",
    "action",
    "entity",
    "entity_id",
    "case_id",
    "detail",
    "prev_hash",
    "hash",
)


@pytest.fixture(scope="module")
def chained(tmp_path_factory: pytest.TempPathFactory) -> Iterator[OpenProfile]:
    """A profile whose audit log holds events of every shape."""
    root = tmp_path_factory.mktemp("audit") / "profilo"
    template_copy(root, "Giulia Bianchi", Role.EDUCATOR, "pc")
    opened = profiles.unlock(root, PASSPHRASE)
    case = cases.add_case(opened, ambito="BG", service=Service.TUTELA, today=TODAY)
    cases.show_case(opened, str(case.id))
    cases.edit_case(opened, str(case.id), {"title": "Rete scuola"}, today=TODAY)
    visit = visits.add_visit(
        opened,
        case=str(case.id),
        date=TODAY,
        start=dt.time(9, 0),
        end=dt.time(10, 0),
        place="Scuola",
        notes="Colloquio con gli insegnanti",
        close=True,
        today=TODAY,
    )
    visits.amend_visit(opened, visit.id, "Aggiunta")
    visits.list_visits(opened, str(case.id))
    try:
        yield opened
    finally:
        opened.close()


@contextmanager
def rolled_back(opened: OpenProfile) -> Iterator[Session]:
    """A transaction whose tampering is undone afterwards, so every example starts clean."""
    with Session(opened.engine) as session:
        try:
            yield session
        finally:
            session.rollback()


def audit_rows(session: Session) -> list[dict[str, Any]]:
    result = session.execute(text("SELECT * FROM audit_events ORDER BY seq"))
    return [dict(r._mapping) for r in result]


def other_value(field: str, old: Any, salt: int) -> Any:
    """A different value of the same kind, as stored."""
    if field == "seq":
        return 10_000 + salt
    if field == "at":
        return (dt.datetime.fromisoformat(old) + dt.timedelta(microseconds=1 + salt)).isoformat(
            timespec="microseconds"
        )
    if field in ("device_id", "operator_id", "entity_id", "case_id"):
        new = uuid.UUID(int=salt + 1).hex
        nullable = field != "device_id"
        return None if nullable and old is not None and salt % 3 == 0 else new
    if field == "action":
        actions = [a.value for a in AuditAction if a.value != old]
        return actions[salt % len(actions)]
    if field == "entity":
        return old + "x" if salt % 2 else "persons" if old != "persons" else "cases"
    if field == "detail":
        return json.dumps({"count": salt}) if old != json.dumps({"count": salt}) else "{}"
    if field in ("prev_hash", "hash"):
        return format(salt, "064x") if format(salt, "064x") != old else "f" * 64
    raise AssertionError(field)


def test_an_untouched_log_verifies(chained: OpenProfile) -> None:
    with rolled_back(chained) as session:
        report = verify_audit_chain(session)
        assert report.sound
        assert report.rows == len(audit_rows(session)) >= 9


def test_events_carry_ids_and_counts_never_names_or_notes(chained: OpenProfile) -> None:
    with rolled_back(chained) as session:
        details = " ".join(str(r["detail"]) for r in audit_rows(session))
    assert "Colloquio" not in details and "Rete scuola" not in details and "Giulia" not in details


@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_editing_any_field_of_any_row_is_detected(
    chained: OpenProfile, data: st.DataObject
) -> None:
    with rolled_back(chained) as session:
        rows = audit_rows(session)
        row = data.draw(st.sampled_from(rows), label="row")
        field = data.draw(st.sampled_from(FIELDS), label="field")
        new = other_value(field, row[field], data.draw(st.integers(0, 1000), label="salt"))
        assume_changed = new != row[field]
        assert assume_changed
        session.execute(
            text(f"UPDATE audit_events SET {field} = :new WHERE seq = :seq"),
            {"new": new, "seq": row["seq"]},
        )
        assert not verify_audit_chain(session).sound


@settings(max_examples=30, deadline=None)
@given(data=st.data())
def test_deleting_any_row_is_detected_the_last_one_included(
    chained: OpenProfile, data: st.DataObject
) -> None:
    with rolled_back(chained) as session:
        rows = audit_rows(session)
        seq = data.draw(st.sampled_from([r["seq"] for r in rows]), label="seq")
        session.execute(text("DELETE FROM audit_events WHERE seq = :seq"), {"seq": seq})
        report = verify_audit_chain(session)
        assert not report.sound
        assert report.first_bad_seq == seq + 1 if seq < len(rows) else seq


@settings(max_examples=30, deadline=None)
@given(data=st.data())
def test_reordering_any_two_rows_is_detected(chained: OpenProfile, data: st.DataObject) -> None:
    with rolled_back(chained) as session:
        seqs = [r["seq"] for r in audit_rows(session)]
        a, b = data.draw(st.lists(st.sampled_from(seqs), min_size=2, max_size=2, unique=True))
        for old, new in ((a, -1), (b, a), (-1, b)):
            session.execute(
                text("UPDATE audit_events SET seq = :new WHERE seq = :old"),
                {"new": new, "old": old},
            )
        report = verify_audit_chain(session)
        assert not report.sound
        assert report.first_bad_seq == min(a, b)


def test_a_row_forged_at_the_end_with_a_correct_hash_is_detected(chained: OpenProfile) -> None:
    with rolled_back(chained) as session:
        last = session.execute(
            select(AuditEventRow).order_by(AuditEventRow.seq.desc()).limit(1)
        ).scalar_one()
        forged = AuditEventRow(
            seq=last.seq + 1,
            at=last.at,
            device_id=last.device_id,
            operator_id=last.operator_id,
            action=AuditAction.VIEW,
            entity="cases",
            entity_id=None,
            case_id=None,
            detail="{}",
            prev_hash=last.hash,
            hash="",
        )
        forged.hash = chain.link_hash(last.hash, audit.audit_payload(forged))
        session.add(forged)
        session.flush()
        report = verify_audit_chain(session)
        assert not report.sound
        assert report.first_bad_seq == last.seq + 1


def test_events_appended_after_a_deleted_tail_keep_the_evidence(profile_root: Path) -> None:
    """The command line appends an 'unlock' event before it runs `check`: the gap must stay."""
    opened = profile.unlock(profile_root, PASSPHRASE)
    key = opened.master_key()
    opened.close()
    with raw_connection(profile_root / "cartelle.db", key) as conn:
        conn.execute("DELETE FROM audit_events WHERE seq = (SELECT max(seq) FROM audit_events)")
    for _ in range(2):
        opened = profiles.unlock(profile_root, PASSPHRASE)
        try:
            with opened.session() as session:
                assert not verify_audit_chain(session).sound
        finally:
            opened.close()


def test_events_of_one_transaction_chain_in_order(opened: OpenProfile) -> None:
    with opened.session() as session:
        first = audit.append(session, AuditAction.PRINT, detail={"pages": 1})
        second = audit.append(session, AuditAction.EXPORT, detail={"cases": 2})
        assert second.seq == first.seq + 1
        assert second.prev_hash == first.hash
    with opened.session() as session:
        assert verify_audit_chain(session).sound


def test_a_rolled_back_transaction_leaves_no_event_and_the_chain_goes_on(
    opened: OpenProfile,
) -> None:
    with opened.session() as session:
        before = verify_audit_chain(session).rows
    with pytest.raises(RuntimeError), opened.session() as session:
        audit.append(session, AuditAction.EXPORT)
        raise RuntimeError("disco pieno")
    with opened.session() as session:
        assert verify_audit_chain(session).rows == before
        audit.append(session, AuditAction.PRINT)
    with opened.session() as session:
        report = verify_audit_chain(session)
        assert report.sound and report.rows == before + 1
