"""Fixtures of the service tests: a case file with a minor in charge, and readers of the change
log and the audit log to check that every write leaves its trace in both."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy import select

from minorifamiglie.domain import entities as e
from minorifamiglie.domain.enums import AuditAction, MemberRole, OpKind, Service
from minorifamiglie.services import cases
from minorifamiglie.storage.models import AuditEventRow, ChangeRow
from minorifamiglie.storage.profile import OpenProfile

TODAY = dt.date(2026, 11, 24)  # the same day as tests/conftest.py: conftests cannot import it


@dataclass(frozen=True)
class CaseWithMinor:
    case: e.Case
    minor: e.Person


@pytest.fixture
def case_file(opened: OpenProfile) -> CaseWithMinor:
    case = cases.add_case(
        opened,
        ambito="VBR",
        service=Service.AFFIDO,
        minor_name="Luca Rota",
        birth_date=dt.date(2015, 3, 2),
        today=TODAY,
    )
    detail = cases.show_case(opened, case.code, today=TODAY)
    minor = next(mv.person for mv in detail.members if mv.member.role is MemberRole.MINOR)
    return CaseWithMinor(case, minor)


@dataclass(frozen=True)
class AuditTrace:
    action: AuditAction
    case_id: uuid.UUID | None
    detail: dict[str, Any]


class Traces:
    """What a write left behind: its operations in the change log, its events in the audit."""

    def __init__(self, opened: OpenProfile) -> None:
        self.opened = opened

    def changes(self, entity: str, entity_id: uuid.UUID) -> list[OpKind]:
        with self.opened.session() as session:
            return list(
                session.execute(
                    select(ChangeRow.kind)
                    .where(ChangeRow.entity == entity, ChangeRow.entity_id == entity_id)
                    .order_by(ChangeRow.seq)
                ).scalars()
            )

    def audit(self, entity: str, entity_id: uuid.UUID) -> list[AuditTrace]:
        with self.opened.session() as session:
            rows = session.execute(
                select(AuditEventRow)
                .where(AuditEventRow.entity == entity, AuditEventRow.entity_id == entity_id)
                .order_by(AuditEventRow.seq)
            ).scalars()
            return [
                AuditTrace(AuditAction(r.action), r.case_id, json.loads(r.detail)) for r in rows
            ]

    def actions(self, entity: str, entity_id: uuid.UUID) -> list[AuditAction]:
        return [t.action for t in self.audit(entity, entity_id)]


@pytest.fixture
def traces(opened: OpenProfile) -> Traces:
    return Traces(opened)
