"""What this application writes is within the bounds it asks of others: every operation of a
demo profile (every table, visits with observations and present persons) passes the checks a
teammate's device applies to it (storage/bounds.py through apply's `_check_operation`)."""

from __future__ import annotations

from sqlalchemy import select

from minorifamiglie.services import demo
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
