"""What this application writes is within the bounds it asks of others: every operation of a
demo profile (every table, visits with observations and present persons) passes the checks a
teammate's device applies to it (storage/bounds.py through apply's `_check_operation`), and a
local write outside them is refused before it is logged (storage/capture.py)."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from minorifamiglie.domain.enums import MemberRole
from minorifamiglie.domain.errors import ValidationError
from minorifamiglie.services import cases, demo, dump
from minorifamiglie.services.apply import _check_operation
from minorifamiglie.services.snapshot import operation_of
from minorifamiglie.storage import models as m
from minorifamiglie.storage.profile import OpenProfile


def test_every_operation_of_a_demo_profile_is_within_bounds(opened: OpenProfile) -> None:
    demo.generate(opened, cases=12, seed=7)
    with opened.read_session() as session:
        rows = list(session.execute(select(m.ChangeRow)).scalars())
        operations = [operation_of(row) for row in rows]
    assert len({op.entity for op in operations}) >= 12
    for index, op in enumerate(operations):
        _check_operation(op, index)


def test_a_local_write_a_teammate_would_refuse_is_refused_here(
    opened: OpenProfile, case_file: Any
) -> None:
    # Given a first name longer than the persons table holds (the service's own check allows
    # 300 characters of short text, the column 120)
    before = dump.dump_json(opened)
    # When it is written
    with pytest.raises(ValidationError) as info:
        cases.add_member(
            opened,
            str(case_file.case.id),
            first_name="Giovanni" * 20,
            last_name="Rota",
            role=MemberRole.FATHER,
        )
    # Then the write is refused, naming the field and the rule in Italian, and nothing changes
    assert str(info.value) == "Valore non ammesso: persons.first_name supera 120 caratteri"
    assert dump.dump_json(opened) == before
