"""Sync inserts new rows with the values SQLite stores (`types.raw_for`) instead of through the
ORM: for every synchronised table, a row written by the ORM and the same row written raw from
its logged JSON must be stored byte for byte alike."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select, text

from minorifamiglie.services import attachments, cases, visits
from minorifamiglie.services.apply import RAW
from minorifamiglie.storage import models as m
from minorifamiglie.storage.profile import OpenProfile
from minorifamiglie.storage.types import raw_for


def test_every_synced_column_has_a_raw_form() -> None:
    for table, converters in RAW.items():
        assert set(converters) == {c.key for c in m.MODEL_BY_TABLE[table].__table__.columns}


def test_raw_values_are_stored_exactly_as_the_orm_stores_them(opened: OpenProfile) -> None:
    import datetime as dt

    from minorifamiglie.domain.enums import MemberRole, Service

    case = cases.add_case(opened, ambito="VBR", service=Service.ADM, title="Famiglia R.",
                          summary="Sintesi", birth_date=dt.date(2015, 3, 2),
                          minor_name="Luca Verdi")  # fmt: skip
    cases.add_member(opened, str(case.id), first_name="Anna", last_name="Verdi",
                     role=MemberRole.MOTHER)  # fmt: skip
    visit = visits.add_visit(
        opened, case=str(case.id), date=dt.date(2026, 11, 20), start=dt.time(15, 0),
        end=dt.time(16, 30), notes="Compiti",
    )  # fmt: skip
    attachments.add_attachment(opened, case.id, filename="a.pdf", content=b"%PDF-1.4 prova")
    assert visit is not None
    with opened.session() as session:
        conn = session.connection()
        compared = 0
        for op in session.execute(
            select(m.ChangeRow).where(m.ChangeRow.kind == "insert")
        ).scalars():
            data = json.loads(op.data)
            table = m.MODEL_BY_TABLE[op.entity].__table__
            stored = (
                conn.execute(
                    text(f"SELECT * FROM {op.entity} WHERE id = :id"),
                    {"id": op.entity_id.hex},
                )
                .mappings()
                .one()
            )
            for column in table.columns:
                if column.key not in data:
                    continue
                raw = raw_for(column.type)(data[column.key])
                assert raw == stored[column.name], (op.entity, column.key)
                compared += 1
        assert compared > 50


@pytest.mark.parametrize(
    ("column", "bad"),
    [
        (m.CaseRow.__table__.c.opened_on, "2026-13-01"),
        (m.CaseRow.__table__.c.id, "NOT-A-UUID"),
        (m.CaseRow.__table__.c.created_at, "ieri"),
        (m.CaseRow.__table__.c.status, "smarrita"),
        (m.VisitRow.__table__.c.start_time, 1530),
        (m.OperatorRow.__table__.c.active, "sì"),
    ],
)
def test_raw_forms_refuse_malformed_values(column: object, bad: object) -> None:
    with pytest.raises((ValueError, TypeError)):
        raw_for(column.type)(bad)  # type: ignore[attr-defined]
