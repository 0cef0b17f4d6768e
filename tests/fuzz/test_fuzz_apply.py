"""Hostile and valid values for every field of every synchronised table, applied as operations
to a real SQLCipher profile by `apply_operations` (what a verified bundle or snapshot reaches):
a hostile value is refused as operation_rejected naming table.field, with every table as it was;
a valid one is applied and `check` stays sound. Never another exception."""

from __future__ import annotations

import datetime as dt
import gc
import re
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fuzz_profile import Writer, digest, editable
from fuzz_schema import FIELDS, field_and_value, fuzz_settings
from hypothesis import given

from minorifamiglie.domain.enums import OpKind, Role
from minorifamiglie.services import integrity, profiles
from minorifamiglie.services.apply import ApplyRefused, apply_operations
from minorifamiglie.storage.bounds import ColumnBound
from minorifamiglie.storage.profile import OpenProfile
from minorifamiglie.sync.operations import Operation
from support.profiles import PASSPHRASE, template_copy

FOREIGN = uuid.UUID("018f0000-0000-7000-8000-00000000f022")


class Seeded:
    def __init__(self, opened: OpenProfile) -> None:
        self.opened = opened
        self.writer = Writer(FOREIGN, dt.datetime.now(dt.UTC))
        ops, self.ids = self.writer.seed()
        with opened.session() as session:
            apply_operations(session, ops)


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Seeded]:
    root: Path = tmp_path_factory.mktemp("fuzz-apply") / "profilo"
    template_copy(root, "Giulia Bianchi", Role.EDUCATOR, "pc")  # the template most tests copy
    opened = profiles.unlock(root, PASSPHRASE)
    try:
        yield Seeded(opened)
    finally:
        opened.close()


def test_a_record_of_every_table_built_from_the_schema_is_applied_soundly(seeded: Seeded) -> None:
    assert integrity.check(seeded.opened).sound


def _refused(seeded: Seeded, ops: list[Any], bound: ColumnBound) -> None:
    before = digest(seeded.opened)
    collecting = gc.isenabled()
    with pytest.raises(ApplyRefused) as info, seeded.opened.session() as session:
        apply_operations(session, ops)
    assert gc.isenabled() == collecting  # paused while applying, as it was after a refusal
    assert info.value.reason == "operation_rejected"
    # the field and the rule are named, never the value
    assert re.fullmatch(rf"operation \d+: {bound.field} [a-z].*", info.value.detail), info.value
    assert digest(seeded.opened) == before


@fuzz_settings(120)
@given(drawn=field_and_value(FIELDS, "hostile"))
def test_a_hostile_value_in_an_edit_is_refused_by_name(
    seeded: Seeded, drawn: tuple[ColumnBound, Any]
) -> None:
    bound, value = drawn
    if bound.column in ("id", "content"):
        return  # id must repeat entity_id; content never travels in an operation
    op = seeded.writer.update(bound.table, seeded.ids[bound.table], bound.column, value)
    _refused(seeded, [op], bound)


@fuzz_settings(80)
@given(drawn=field_and_value(FIELDS, "hostile"))
def test_a_hostile_value_in_an_insert_refuses_the_whole_batch(
    seeded: Seeded, drawn: tuple[ColumnBound, Any]
) -> None:
    bound, value = drawn
    if bound.column in ("id", "content"):
        return
    good = seeded.writer.insert(bound.table, seeded.ids)
    bad = seeded.writer.insert(bound.table, seeded.ids)
    bad.data[bound.column] = value
    _refused(seeded, [good, bad], bound)


EDITABLE = [b for b in FIELDS if editable(b)]


@fuzz_settings(80)
@given(drawn=field_and_value(EDITABLE, "valid"))
def test_a_valid_value_is_applied_and_check_stays_sound(
    seeded: Seeded, drawn: tuple[ColumnBound, Any]
) -> None:
    bound, value = drawn
    op = seeded.writer.update(bound.table, seeded.ids[bound.table], bound.column, value)
    with seeded.opened.session() as session:
        result = apply_operations(session, [op])
    assert result.applied == 1
    assert integrity.check(seeded.opened).sound


@pytest.mark.parametrize(
    ("table", "column", "value", "rule"),
    [
        ("service_activations", "authorised_hours", float("inf"), "is not a finite number"),
        ("attachments", "size", 2**70, "out of range"),
        ("cases", "opened_on", "0001-01-01", "out of range"),
        ("cases", "title", "x" * 301, "is longer than 300 characters"),
        ("visits", "present_person_ids", '["x"]', "lists an entry that is not a UUID"),
        ("visits", "observations", "[" * 5000 + "]" * 5000, "is not JSON nested"),
        ("cases", "updated_at", "9999-12-31T23:59:59.999999-10:00", "is not in its canonical"),
        ("visits", "date", "20261006", "is not in its canonical form"),
    ],
)
def test_the_issues_examples_are_refused_with_their_rule(
    seeded: Seeded, table: str, column: str, value: Any, rule: str
) -> None:
    op = seeded.writer.update(table, seeded.ids[table], column, value)
    before = digest(seeded.opened)
    with pytest.raises(ApplyRefused) as info, seeded.opened.session() as session:
        apply_operations(session, [op])
    assert info.value.detail.startswith(f"operation 0: {table}.{column} {rule}")
    assert digest(seeded.opened) == before


@pytest.mark.parametrize(
    ("table", "first", "then", "values"),
    [
        ("visits", "start_time", "end_time", ("15:00", "14:59")),
        ("visits", "start_time", "end_time", ("15:00", "15:00")),
        ("cases", "opened_on", "closed_on", ("2026-10-06", "2026-10-05")),
        ("service_activations", "start_on", "end_on", ("2026-10-06", "1900-01-01")),
    ],
)
def test_an_insert_whose_fields_are_out_of_order_is_refused(
    seeded: Seeded, table: str, first: str, then: str, values: tuple[str, str]
) -> None:
    # each value within its bounds, the two the wrong way round: no service writes that (a
    # visit ending before it starts would count negative hours)
    op = seeded.writer.insert(table, seeded.ids)
    op.data.update({first: values[0], then: values[1]})
    before = digest(seeded.opened)
    with pytest.raises(ApplyRefused) as info, seeded.opened.session() as session:
        apply_operations(session, [op])
    assert (info.value.reason, info.value.detail) == (
        "operation_rejected",
        f"operation 0: {table}.{then} precedes {first}",
    )
    assert digest(seeded.opened) == before


def test_an_edit_of_one_of_them_is_not_held_to_the_order(seeded: Seeded) -> None:
    # two devices may each move one end of a visit, in order, and merge out of order
    op = seeded.writer.update("visits", seeded.ids["visits"], "end_time", "08:00")
    with seeded.opened.session() as session:
        assert apply_operations(session, [op]).applied == 1
    assert integrity.check(seeded.opened).sound


def test_a_tombstone_must_say_when_and_a_documents_size_and_digest_are_fixed(
    seeded: Seeded,
) -> None:
    # no device's capture writes either: a tombstone whose deleted_at is null or missing left
    # the merge and the row at odds; an edit of size or sha256 made another device's document
    # unreadable (its bytes are checked against them) or let forged bytes pass as it
    attachment = seeded.ids["attachments"]
    tombstone = seeded.writer.update("cases", seeded.ids["cases"], "deleted_at", None)
    tombstone = Operation(**{**_fields(tombstone), "kind": OpKind.TOMBSTONE})
    cases = [
        (tombstone, "cases tombstone without deleted_at"),
        (seeded.writer.update("attachments", attachment, "sha256", "1" * 64), "sha256"),
        (seeded.writer.update("attachments", attachment, "size", 99), "size"),
    ]
    for op, said in cases:
        before = digest(seeded.opened)
        with pytest.raises(ApplyRefused) as info, seeded.opened.session() as session:
            apply_operations(session, [op])
        assert info.value.reason == "operation_rejected" and said in info.value.detail
        assert digest(seeded.opened) == before


def _fields(op: Operation) -> dict[str, Any]:
    return {name: getattr(op, name) for name in op.__struct_fields__}
