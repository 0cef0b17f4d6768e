"""Storage reports the tables a unit of work wrote, once it has committed: no caller declares
them (domain/changes.py), so no caller can forget one."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from sqlalchemy import delete

from minorifamiglie.domain import entities as e
from minorifamiglie.domain.ambiti import ambito_id
from minorifamiglie.domain.changes import Changes
from minorifamiglie.domain.enums import AuditAction, CaseStatus, Role, Service
from minorifamiglie.storage import audit, capture
from minorifamiglie.storage.models import SyncConflictRow
from minorifamiglie.storage.profile import OpenProfile, set_local
from minorifamiglie.storage.repository import Repository

CASE_VALUES: dict[str, Any] = {
    "code": "VBR-2026-0001-TST",
    "ambito_id": ambito_id("VBR"),
    "service": Service.ADM,
    "title": "Sostegno ai compiti",
    "summary": "",
    "status": CaseStatus.OPEN,
    "opened_on": dt.date(2026, 11, 24),
    "referral_source": None,
}


def test_an_insert_reports_its_table_and_the_change_log(opened: OpenProfile) -> None:
    opened.take_changes()  # whatever opening wrote
    with opened.session() as session:
        Repository(session).add(e.Case, **CASE_VALUES)

    changes = opened.take_changes()

    assert isinstance(changes, Changes)
    assert changes == Changes({"cases", "changes"})  # the clock's local_state row is bookkeeping
    assert changes.touches({"cases", "visits"}) and not changes.touches({"visits"})
    assert opened.take_changes() == Changes()  # taken once


def test_an_update_and_a_soft_delete_report_their_table(opened: OpenProfile) -> None:
    with opened.session() as session:
        case = Repository(session).add(e.Case, **CASE_VALUES)
    opened.take_changes()

    with opened.session() as session:
        Repository(session).update(e.Case, case.id, title="Sostegno e sport")
    updated = opened.take_changes()
    with opened.session() as session:
        Repository(session).tombstone(e.Case, case.id)
    deleted = opened.take_changes()

    assert updated == Changes({"cases", "changes"})
    assert deleted == Changes({"cases", "changes"})


def test_an_update_that_changes_nothing_reports_nothing(opened: OpenProfile) -> None:
    with opened.session() as session:
        case = Repository(session).add(e.Case, **CASE_VALUES)
    opened.take_changes()

    with opened.session() as session:
        Repository(session).update(e.Case, case.id, title=CASE_VALUES["title"])

    assert opened.take_changes() == Changes()


def test_two_tables_and_an_audit_event_in_one_unit_of_work(opened: OpenProfile) -> None:
    opened.take_changes()
    with opened.session() as session:
        repo = Repository(session)
        case = repo.add(e.Case, **CASE_VALUES)
        repo.add(e.Operator, name="Operatrice di prova", role=Role.EDUCATOR, active=True)
        audit.append(session, AuditAction.VIEW, "cases", case.id, case.id)

    assert opened.take_changes() == Changes({"cases", "operators", "changes", "audit_events"})


def test_an_audit_event_alone_reports_the_audit_log(opened: OpenProfile) -> None:
    """A read that records a view announces it: the case file's history shows views."""
    opened.take_changes()

    opened.record_view("cases", None, None)

    assert opened.take_changes() == Changes({"audit_events"})  # the chain's head is bookkeeping


def test_transactions_add_up_until_taken(opened: OpenProfile) -> None:
    opened.take_changes()
    with opened.session() as session:
        Repository(session).add(e.Case, **CASE_VALUES)
    with opened.session() as session:
        set_local(session, "share_folder_for_test", "/tmp/x")

    assert opened.take_changes() == Changes({"cases", "changes", "local_state"})


def test_a_rolled_back_unit_of_work_reports_nothing(opened: OpenProfile) -> None:
    opened.take_changes()

    with pytest.raises(RuntimeError), opened.session() as session:
        repo = Repository(session)
        repo.add(e.Case, **CASE_VALUES)
        audit.append(session, AuditAction.VIEW, "cases")
        session.flush()  # written, then undone
        raise RuntimeError("the write fails after its flush")

    assert opened.take_changes() == Changes()


def test_bulk_statements_and_plain_sql_are_reported(opened: OpenProfile) -> None:
    opened.take_changes()
    with opened.session() as session:
        session.execute(delete(SyncConflictRow))  # an ORM statement, no flush of rows
        capture.touch(session, "visits")  # what a bulk insert in plain SQL declares

    assert opened.take_changes() == Changes({"sync_conflicts", "visits"})


def test_bookkeeping_keys_include_the_audit_chain_head() -> None:
    assert audit.TAIL_KEY in capture.QUIET_KEYS
    assert capture.HLC_KEY in capture.QUIET_KEYS
