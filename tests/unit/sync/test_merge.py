"""The merge state machine: LWW per field, idempotence, conflicts, delete wins, closed visits,
and convergence of three devices whatever the exchanges and delivery orders."""

from __future__ import annotations

import itertools
import json
import random
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from types import SimpleNamespace
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from minorifamiglie.domain.causality import heads
from minorifamiglie.domain.enums import OpKind
from minorifamiglie.domain.hlc import HybridLogicalClock, Timestamp
from minorifamiglie.sync.merge import (
    CASE_RESTORED,
    CONCURRENT_EDIT,
    DELETE_VS_EDIT,
    VISIT_CLOSED,
    MergeError,
    MergeState,
    Op,
    TooManyWriters,
)
from support.examples import examples

DEV_A = uuid.UUID("00000000-0000-4000-8000-00000000000a")
DEV_B = uuid.UUID("00000000-0000-4000-8000-00000000000b")
DEV_C = uuid.UUID("00000000-0000-4000-8000-00000000000c")
CASE = uuid.UUID("00000000-0000-4000-8000-0000000000c1")
VISIT = uuid.UUID("00000000-0000-4000-8000-0000000000f1")
NOW = 1_795_000_000_000

_ids = itertools.count(1)


def op(
    device: uuid.UUID,
    wall: int,
    data: dict[str, Any],
    *,
    kind: OpKind = OpKind.UPDATE,
    replaces: Op | None = None,
    entity: str = "cases",
    entity_id: uuid.UUID = CASE,
    counter: int = 0,
) -> Op:
    return Op(
        op_id=uuid.UUID(int=next(_ids)),
        device_id=device,
        hlc=Timestamp(NOW + wall, counter, device.hex).encode(),
        entity=entity,
        entity_id=entity_id,
        kind=kind,
        data=data,
        replaces=None if replaces is None else replaces.op_id,
    )


def insert_case(**fields: Any) -> Op:
    data = {"title": "Caso", "summary": "", "status": "aperto", "deleted_at": None, **fields}
    return op(DEV_A, 0, data, kind=OpKind.INSERT)


def merged(ops: Iterable[Op]) -> MergeState:
    state = MergeState()
    for o in ops:
        state.apply(o)
    return state


def every_order(ops: list[Op]) -> list[MergeState]:
    return [merged(p) for p in itertools.permutations(ops)]


def assert_same(states: list[MergeState]) -> None:
    first = states[0]
    for other in states[1:]:
        assert other.snapshot(include_deleted=True) == first.snapshot(include_deleted=True)
        assert other.conflicts() == first.conflicts()
        assert other.ignored() == first.ignored()


# -- last writer wins --------------------------------------------------------------------------


def test_last_writer_wins_per_field_whatever_the_order() -> None:
    ins = insert_case()
    a = op(DEV_A, 10, {"status": "chiuso"}, replaces=ins)
    b = op(DEV_B, 20, {"status": "sospeso", "title": "Nuovo titolo"}, replaces=ins)
    c = op(DEV_C, 15, {"referral_source": "scuola"}, replaces=ins)
    states = every_order([ins, a, b, c])
    assert_same(states)
    rec = states[0].record("cases", CASE)
    assert rec is not None
    assert rec["status"] == "sospeso"  # b is later than a
    assert rec["title"] == "Nuovo titolo"
    assert rec["referral_source"] == "scuola"  # fields written by one side only survive
    assert states[0].conflicts() == []  # title: only b wrote it after the insert, b saw it
    versions = states[0].versions("cases", CASE)
    assert versions["status"].op_id == b.op_id
    assert versions["summary"].op_id == ins.op_id


def test_equal_wall_and_counter_are_broken_by_the_device_id() -> None:
    ins = insert_case()
    a = op(DEV_A, 10, {"status": "chiuso"}, replaces=ins)
    b = op(DEV_B, 10, {"status": "sospeso"}, replaces=ins)
    assert a.hlc < b.hlc  # same wall and counter: DEV_B's hex sorts after DEV_A's
    for state in every_order([ins, a, b]):
        rec = state.record("cases", CASE)
        assert rec is not None and rec["status"] == "sospeso"


def test_applying_an_operation_twice_changes_nothing() -> None:
    ins = insert_case()
    a = op(DEV_A, 10, {"summary": "A"}, replaces=ins)
    b = op(DEV_B, 11, {"summary": "B"}, replaces=ins)
    state = merged([ins, a, b])
    snap, conflicts = state.snapshot(include_deleted=True), state.conflicts()
    assert len(conflicts) == 1
    for o in (b, a, ins, b):
        assert state.apply(o) == []
    assert state.apply_all([ins, a, b]) == []
    assert state.snapshot(include_deleted=True) == snap
    assert state.conflicts() == conflicts
    assert state.applied() == {ins.op_id, a.op_id, b.op_id}


def test_an_op_id_reused_with_other_content_is_refused() -> None:
    ins = insert_case()
    state = merged([ins])
    with pytest.raises(MergeError):
        state.apply(replace(ins, data={"title": "altro"}))


@pytest.mark.parametrize(
    "bad",
    [
        {"hlc": "not-a-clock"},
        {"hlc": Timestamp(NOW, 0, DEV_B.hex).encode()},  # another device's clock
        {"hlc": f"{NOW}:0:{DEV_A.hex}"},  # not zero-padded: not canonical
        {"kind": "truncate"},
    ],
)
def test_malformed_operations_are_refused(bad: dict[str, Any]) -> None:
    with pytest.raises(MergeError):
        MergeState().apply(replace(insert_case(), **bad))


def test_a_batch_refused_half_way_leaves_the_state_as_it_was() -> None:
    ins = insert_case(summary="base")
    edit = op(DEV_B, 10, {"summary": "di B"}, replaces=ins)
    state = merged([ins])
    before = state.snapshot(include_deleted=True)
    for bad in (replace(op(DEV_B, 11, {"summary": "x"}), hlc="guasto"), replace(edit, data={})):
        with pytest.raises(MergeError):
            state.apply_all([edit, bad])
        assert not state.has(edit.op_id)
        assert state.snapshot(include_deleted=True) == before
    # the good operation, sent again alone, counts as it would have
    state.apply_all([edit])
    assert state.snapshot(include_deleted=True) == merged([ins, edit]).snapshot(
        include_deleted=True
    )


def device(k: int) -> uuid.UUID:
    return uuid.UUID(int=(7 << 100) + k)


def test_a_batch_bringing_a_records_writers_beyond_the_bound_is_refused_whole() -> None:
    ins = insert_case(summary="base")
    state = merged([ins])
    three = [op(device(k), 10 + k, {"summary": f"S{k}"}, replaces=ins) for k in range(3)]
    state.apply_all(three, max_writers=4)  # A and three more: four
    before = state.snapshot(include_deleted=True)
    other = op(DEV_B, 20, {"summary": "B"}, entity_id=VISIT, kind=OpKind.INSERT, entity="visits")
    fifth = op(device(9), 30, {"summary": "nono"}, replaces=ins)
    with pytest.raises(TooManyWriters):
        state.apply_all([other, fifth], max_writers=4)
    assert not state.has(other.op_id) and not state.has(fifth.op_id)
    assert state.snapshot(include_deleted=True) == before
    # the devices it has may go on writing it; one batch of many new devices is counted whole
    again = op(device(1), 40, {"summary": "ancora"}, replaces=three[1])
    state.apply_all([again, other], max_writers=4)
    assert state.record("cases", CASE) is not None
    assert state.record("cases", CASE)["summary"] == "ancora"  # type: ignore[index]
    fresh = merged([ins])
    with pytest.raises(TooManyWriters):
        fresh.apply_all([*three, fifth], max_writers=4)
    assert not fresh.has(three[0].op_id)


def test_the_devices_of_the_roster_are_not_counted_against_the_bound() -> None:
    ins = insert_case(summary="base")
    state = merged([ins])
    many = [op(device(k), 10 + k, {"summary": f"S{k}"}, replaces=ins) for k in range(6)]
    roster = frozenset(device(k) for k in range(6))
    state.apply_all(many, max_writers=1, exempt=roster)  # A alone is outside the roster
    with pytest.raises(TooManyWriters):
        state.apply_all([op(device(9), 30, {"summary": "nono"}, replaces=ins)], max_writers=1)


def test_the_bound_holds_for_a_batch_spread_over_many_records() -> None:
    # Given a batch where each record gets writers within the bound, but the batch as a whole
    # brings more strangers than it (a forged snapshot: 63 invented devices on each of
    # thousands of records made a million conflicts)
    cases_ = [uuid.UUID(int=(5 << 100) + k) for k in range(3)]
    inserts = [
        op(DEV_A, k, {"title": "Caso", "summary": "base", "status": "aperto", "deleted_at": None},
           kind=OpKind.INSERT, entity_id=c)
        for k, c in enumerate(cases_)
    ]  # fmt: skip
    state = merged(inserts)
    before = state.snapshot(include_deleted=True)
    spread = [
        op(device(3 * r + k), 10 + 3 * r + k, {"summary": "x"}, replaces=inserts[r],
           entity_id=cases_[r])
        for r in range(3) for k in range(2)
    ]  # fmt: skip
    # Then it is refused whole: two strangers a record, six in all, against a bound of four
    with pytest.raises(TooManyWriters):
        state.apply_all(spread, max_writers=4)
    assert state.snapshot(include_deleted=True) == before
    # and the same spread within the bound passes
    state.apply_all(spread[:4], max_writers=4)


def test_a_record_already_beyond_the_bound_takes_its_own_writers_only() -> None:
    ins = insert_case(summary="base")
    many = [op(device(k), 10 + k, {"summary": f"S{k}"}, replaces=ins) for k in range(6)]
    state = merged([ins, *many])  # written before the bound: kept as it is
    state.apply_all([op(device(2), 50, {"summary": "di 2"}, replaces=many[2])], max_writers=4)
    with pytest.raises(TooManyWriters):
        state.apply_all([op(device(8), 60, {"summary": "di 8"}, replaces=ins)], max_writers=4)


def test_op_converts_from_a_change_row_or_a_bundle_operation() -> None:
    row = SimpleNamespace(
        op_id=uuid.UUID(int=999),
        device_id=DEV_A,
        hlc=Timestamp(NOW, 0, DEV_A.hex).encode(),
        entity="cases",
        entity_id=CASE,
        kind="insert",
        data=json.dumps({"title": "Caso"}),
        replaces=None,
        seen=None,
    )
    converted = Op.of(row)
    assert converted.kind is OpKind.INSERT
    assert converted.data == {"title": "Caso"}
    assert Op.of(converted) == converted


def test_an_update_before_its_insert_is_kept_but_not_live() -> None:
    ins = insert_case(summary="iniziale")
    upd = op(DEV_B, 10, {"summary": "dopo"}, replaces=ins)
    state = merged([upd])
    assert state.record("cases", CASE) is None
    assert json.loads(state.snapshot()) == {}
    state.apply(ins)
    rec = state.record("cases", CASE)
    assert rec is not None and rec["summary"] == "dopo"


# -- free-text conflicts -------------------------------------------------------------------------


def test_concurrent_free_text_edits_keep_both_values_in_one_conflict() -> None:
    ins = insert_case(summary="base")
    a = op(DEV_A, 10, {"summary": "versione A"}, replaces=ins)
    b = op(DEV_B, 12, {"summary": "versione B"}, replaces=ins)
    states = every_order([ins, a, b])
    assert_same(states)
    (conflict,) = states[0].conflicts()
    assert conflict.kind == CONCURRENT_EDIT
    assert (conflict.entity, conflict.entity_id, conflict.field) == ("cases", CASE, "summary")
    assert (conflict.winner.op_id, conflict.winner.value) == (b.op_id, "versione B")
    assert (conflict.loser.op_id, conflict.loser.value) == (a.op_id, "versione A")
    assert (conflict.winner.hlc, conflict.loser.hlc) == (b.hlc, a.hlc)
    rec = states[0].record("cases", CASE)
    assert rec is not None and rec["summary"] == "versione B"  # LWW still decides the value
    # Reported once, by the operation that caused it.
    state = MergeState()
    assert state.apply(ins) == [] and state.apply(a) == []
    assert state.apply(b) == [conflict]


def test_sequential_edits_do_not_conflict() -> None:
    ins = insert_case(summary="base")
    a = op(DEV_A, 10, {"summary": "A"}, replaces=ins)
    b = op(DEV_B, 12, {"summary": "B, avendo letto A"}, replaces=a)
    for state in every_order([ins, a, b]):
        assert state.conflicts() == []
        rec = state.record("cases", CASE)
        assert rec is not None and rec["summary"] == "B, avendo letto A"


def test_a_device_has_seen_its_own_earlier_writes_even_if_replaces_names_another() -> None:
    ins = insert_case(summary="base")
    a1 = op(DEV_A, 10, {"summary": "A1"}, replaces=ins)
    b1 = op(DEV_B, 11, {"summary": "B1"}, replaces=ins)
    a2 = op(DEV_A, 20, {"summary": "A2, unendo A1 e B1"}, replaces=b1)  # A saw b1 last
    states = every_order([ins, a1, b1, a2])
    assert_same(states)
    # a1 || b1 was a real conflict, but a2 saw both (b1 by replaces, a1 as its own): settled.
    assert states[0].conflicts() == []
    assert states[0].record("cases", CASE)["summary"] == "A2, unendo A1 e B1"  # type: ignore[index]
    # Until a2 arrives the conflict shows.
    assert [(c.winner.op_id, c.loser.op_id) for c in merged([ins, a1, b1]).conflicts()] == [
        (b1.op_id, a1.op_id)
    ]


def test_a_third_device_settles_a_conflict_by_writing_having_seen_both_heads() -> None:
    ins = insert_case(summary="base")
    a1 = op(DEV_A, 10, {"summary": "A1"}, replaces=ins)
    b1 = op(DEV_B, 11, {"summary": "B1"}, replaces=ins)
    # The coordinator keeps A1: it had applied both, b1 last, a1 the other head.
    c1 = replace(op(DEV_C, 20, {"summary": "A1"}, replaces=b1), seen=(a1.op_id,))
    states = every_order([ins, a1, b1, c1])
    assert_same(states)
    assert states[0].conflicts() == []
    assert states[0].record("cases", CASE)["summary"] == "A1"  # type: ignore[index]
    # Without `seen` the write would be concurrent with a1: a conflict, never a loss. B1 is
    # no longer one of its sides: blind replaced it having it in front of it.
    blind = op(DEV_C, 20, {"summary": "B1 e basta"}, replaces=b1)
    assert [(c.winner.op_id, c.loser.op_id) for c in merged([ins, a1, b1, blind]).conflicts()] == [
        (blind.op_id, a1.op_id)
    ]


def test_concurrent_edits_of_other_fields_or_to_the_same_text_do_not_conflict() -> None:
    ins = insert_case(summary="base")
    a = op(DEV_A, 10, {"status": "chiuso", "summary": "uguale"}, replaces=ins)
    b = op(DEV_B, 12, {"status": "sospeso", "summary": "uguale"}, replaces=ins)
    for state in every_order([ins, a, b]):
        assert state.conflicts() == []


def test_the_free_text_fields_are_configurable() -> None:
    ins = insert_case()
    a = op(DEV_A, 10, {"status": "chiuso"}, replaces=ins)
    b = op(DEV_B, 12, {"status": "sospeso"}, replaces=ins)
    state = MergeState(free_text={"cases": {"status"}})
    state.apply_all([ins, a, b])
    assert [c.field for c in state.conflicts()] == ["status"]


def test_a_conflict_waits_for_the_missing_link_of_a_chain() -> None:
    ins = insert_case(summary="base")
    a = op(DEV_A, 10, {"summary": "A"}, replaces=ins)
    c = op(DEV_C, 11, {"status": "sospeso"}, replaces=a)  # C saw a
    b = op(DEV_B, 12, {"summary": "B"}, replaces=c)  # B saw c, so a too
    state = merged([ins, a, b])
    assert state.conflicts() == []  # b's ancestry is incomplete: concurrency unknown
    assert state.apply(c) == []
    assert state.conflicts() == []


# -- delete wins -------------------------------------------------------------------------------


def test_delete_wins_over_a_concurrent_edit_and_the_edit_is_kept_in_a_conflict() -> None:
    ins = insert_case(summary="base")
    tomb = op(DEV_A, 10, {"deleted_at": "2026-11-25T10:00:00+00:00"}, kind=OpKind.TOMBSTONE)
    tomb = replace(tomb, replaces=ins.op_id)
    edit = op(DEV_B, 50, {"summary": "modifica tardiva"}, replaces=ins)  # later clock
    states = every_order([ins, tomb, edit])
    assert_same(states)
    state = states[0]
    assert state.record("cases", CASE) is None
    assert state.is_deleted("cases", CASE)
    (conflict,) = state.conflicts()
    assert conflict.kind == DELETE_VS_EDIT and conflict.field is None
    assert conflict.winner.op_id == tomb.op_id
    assert conflict.loser.op_id == edit.op_id
    assert conflict.loser.value == {"summary": "modifica tardiva"}
    assert state.versions("cases", CASE)["deleted_at"].value == "2026-11-25T10:00:00+00:00"

    # Bringing the edit back: a restore that saw both makes the record live again.
    restore = op(DEV_C, 60, {"deleted_at": None}, replaces=edit)
    restore = replace(restore, replaces=edit.op_id)
    seen_tomb = op(DEV_C, 55, {"status": "aperto"}, replaces=tomb)  # C had seen the delete
    state.apply_all([seen_tomb, restore])
    rec = state.record("cases", CASE)
    assert rec is not None and rec["summary"] == "modifica tardiva"


def test_a_restore_concurrent_with_a_delete_loses() -> None:
    ins = insert_case()
    t1 = replace(op(DEV_A, 10, {"deleted_at": "t1"}, kind=OpKind.TOMBSTONE), replaces=ins.op_id)
    restore = op(DEV_A, 20, {"deleted_at": None}, replaces=t1)
    t2 = replace(op(DEV_B, 15, {"deleted_at": "t2"}, kind=OpKind.TOMBSTONE), replaces=ins.op_id)
    states = every_order([ins, t1, restore, t2])
    assert_same(states)
    assert states[0].is_deleted("cases", CASE)
    assert states[0].versions("cases", CASE)["deleted_at"].value == "t2"
    assert [c.kind for c in states[0].conflicts()] == [DELETE_VS_EDIT]
    # The restore wrote last, but its deleted_at was taken back: the row is stamped by t2,
    # the last operation that still holds a field, in every order.
    stamps = {state.latest("cases", CASE) for state in states}
    assert {(s.op_id, s.hlc) for s in stamps if s is not None} == {(t2.op_id, t2.hlc)}
    assert None not in stamps


# -- a case restored after its deletion ---------------------------------------------------------


def deleted_case() -> tuple[Op, Op]:
    ins = insert_case()
    tomb = op(DEV_A, 10, {"deleted_at": "2026-11-25T10:00:00+00:00"}, kind=OpKind.TOMBSTONE)
    return ins, replace(tomb, replaces=ins.op_id)


def test_a_case_restored_after_its_deletion_is_one_conflict_until_confirmed() -> None:
    # B had a visit in the case A deleted: B restores it, having seen the deletion
    ins, tomb = deleted_case()
    restore = op(DEV_B, 20, {"deleted_at": None, "updated_at": "b"}, replaces=tomb)
    states = every_order([ins, tomb, restore])
    assert_same(states)
    state = states[0]
    assert state.record("cases", CASE) is not None
    (conflict,) = state.conflicts()
    assert conflict.kind == CASE_RESTORED and conflict.field is None
    assert conflict.winner.op_id == restore.op_id  # in effect: the restore
    assert conflict.loser.op_id == tomb.op_id and conflict.loser.value == dict(tomb.data)

    # Someone who has the restored case in front of them confirms it: settled
    confirm = op(DEV_A, 30, {"deleted_at": None, "updated_at": "a"}, replaces=restore)
    state.apply(confirm)
    assert state.conflicts() == [] and state.record("cases", CASE) is not None


def test_deleting_the_restored_case_again_settles_it() -> None:
    ins, tomb = deleted_case()
    restore = op(DEV_B, 20, {"deleted_at": None}, replaces=tomb)
    again = op(DEV_A, 30, {"deleted_at": "di nuovo"}, kind=OpKind.TOMBSTONE, replaces=restore)
    states = every_order([ins, tomb, restore, again])
    assert_same(states)
    assert states[0].is_deleted("cases", CASE) and states[0].conflicts() == []


def test_several_devices_restoring_one_deletion_give_one_conflict_with_one_id() -> None:
    ins, tomb = deleted_case()
    by_b = op(DEV_B, 20, {"deleted_at": None, "updated_at": "b"}, replaces=tomb)
    by_c = op(DEV_C, 21, {"deleted_at": None, "updated_at": "c"}, replaces=tomb)
    alone = merged([ins, tomb, by_c]).conflicts()
    states = every_order([ins, tomb, by_b, by_c])
    assert_same(states)
    (conflict,) = states[0].conflicts()
    assert [c.id for c in alone] == [conflict.id]  # the id does not depend on the restores
    assert conflict.winner.op_id == by_b.op_id  # the first restore in order
    # A confirmation that saw only one of them settles it
    states[0].apply(op(DEV_C, 40, {"deleted_at": None}, replaces=by_c))
    assert states[0].conflicts() == []


def test_a_restore_is_a_conflict_of_its_own_only_for_case_files() -> None:
    ins = visit_op(DEV_A, 0, {"notes": "", "status": "bozza"}, kind=OpKind.INSERT)
    tomb = visit_op(DEV_A, 10, {"deleted_at": "t"}, kind=OpKind.TOMBSTONE, replaces=ins)
    restore = visit_op(DEV_B, 20, {"deleted_at": None}, replaces=tomb)
    state = merged([ins, tomb, restore])
    assert state.record("visits", VISIT) is not None and state.conflicts() == []


# -- a record stays where it was added ---------------------------------------------------------


def test_a_second_insert_of_a_record_cannot_move_it_to_another_case() -> None:
    here = {"case_id": "caso-1", "activation_id": "att-1", "notes": "", "status": "bozza"}
    ins = visit_op(DEV_A, 0, here, kind=OpKind.INSERT)
    # its id reused on a tampered laptop, with another case and that case's activation
    moved = {"case_id": "caso-2", "activation_id": "att-2", "notes": "altro", "status": "bozza"}
    forged = visit_op(DEV_B, 10, moved, kind=OpKind.INSERT)
    # a later edit counting it in another activation of its case still counts
    edit = visit_op(DEV_A, 20, {"activation_id": "att-3"}, replaces=ins)
    states = every_order([ins, forged, edit])
    assert_same(states)
    assert states[0].record("visits", VISIT) == {
        "case_id": "caso-1",
        "activation_id": "att-3",
        "notes": "altro",  # what is not where it stands merges as any write
        "status": "bozza",
    }
    alone = every_order([ins, forged])
    assert_same(alone)
    record = alone[0].record("visits", VISIT)
    assert record is not None and (record["case_id"], record["activation_id"]) == (
        "caso-1",
        "att-1",
    )
    # only the records of a case stand somewhere: a case file's second insert is any write
    other = merged([insert_case(title="A"), op(DEV_B, 5, {"title": "B"}, kind=OpKind.INSERT)])
    assert other.record("cases", CASE)["title"] == "B"  # type: ignore[index]


# -- closed visits -----------------------------------------------------------------------------


def visit_op(device: uuid.UUID, wall: int, data: dict[str, Any], **kw: Any) -> Op:
    return op(device, wall, data, entity="visits", entity_id=VISIT, **kw)


def test_closed_visit_text_never_conflicts_and_later_writes_are_ignored() -> None:
    ins = visit_op(DEV_A, 0, {"notes": "", "status": "bozza"}, kind=OpKind.INSERT)
    close = visit_op(DEV_A, 10, {"notes": "relazione", "status": "chiusa"}, replaces=ins)
    concurrent = visit_op(DEV_B, 20, {"notes": "bozza di B"}, replaces=ins)
    after = visit_op(DEV_C, 30, {"notes": "ritocco"}, replaces=close)
    states = every_order([ins, close, concurrent, after])
    assert_same(states)
    state = states[0]
    assert state.conflicts() == []
    rec = state.record("visits", VISIT)
    assert rec is not None and rec == {"notes": "relazione", "status": "chiusa"}
    assert state.ignored() == sorted(
        [(concurrent.op_id, VISIT_CLOSED), (after.op_id, VISIT_CLOSED)], key=lambda i: str(i[0])
    )


def test_draft_visit_conflicts_vanish_once_the_visit_is_closed() -> None:
    ins = visit_op(DEV_A, 0, {"notes": "", "status": "bozza"}, kind=OpKind.INSERT)
    a = visit_op(DEV_A, 10, {"notes": "A"}, replaces=ins)
    b = visit_op(DEV_B, 11, {"notes": "B"}, replaces=ins)
    state = merged([ins, a, b])
    assert len(state.conflicts()) == 1  # a draft is free text like any other
    close = visit_op(DEV_A, 20, {"notes": "A e B", "status": "chiusa"}, replaces=b)
    state.apply(close)
    assert state.conflicts() == []
    rec = state.record("visits", VISIT)
    assert rec is not None and rec["notes"] == "A e B"


# -- convergence: three devices, random edits, exchanges and delivery orders -------------------

DEVICES = (DEV_A, DEV_B, DEV_C)
RECORDS = (
    ("cases", uuid.UUID("00000000-0000-4000-8000-0000000000c1")),
    ("cases", uuid.UUID("00000000-0000-4000-8000-0000000000c2")),
    ("visits", uuid.UUID("00000000-0000-4000-8000-0000000000f1")),
)
FIELDS = {"cases": ("summary", "title", "status"), "visits": ("notes", "facts", "place")}


@dataclass
class Device:
    index: int
    skew: int
    clock: HybridLogicalClock
    state: MergeState = field(default_factory=MergeState)
    known: list[Op] = field(default_factory=list)
    last_seen: dict[tuple[str, uuid.UUID], uuid.UUID] = field(default_factory=dict)
    written: int = 0

    def receive(self, ops: Iterable[Op], now: int) -> None:
        for o in ops:
            if self.state.has(o.op_id):
                continue
            self.clock.observe(Timestamp.decode(o.hlc), now + self.skew)
            self.state.apply(o)
            self.known.append(o)
            self.last_seen[(o.entity, o.entity_id)] = o.op_id

    def write(self, record: int, kind: OpKind, data: dict[str, Any], now: int) -> None:
        entity, eid = RECORDS[record]
        self.written += 1
        stamp = self.clock.now(now + self.skew)
        last = self.last_seen.get((entity, eid))
        on_record = [o.lineage for o in self.known if (o.entity, o.entity_id) == (entity, eid)]
        new = Op(
            op_id=uuid.UUID(int=(self.index + 1) << 64 | self.written),
            device_id=DEVICES[self.index],
            hlc=stamp.encode(),
            entity=entity,
            entity_id=eid,
            kind=kind,
            data=data,
            replaces=last,
            # As the change log writes it: the record's other heads (storage.capture).
            seen=tuple(sorted((h for h in heads(on_record) if h != last), key=str)),
        )
        self.receive([new], now)

    def act(self, action: str, record: int, fld: int, value: int, now: int) -> None:
        entity, eid = RECORDS[record]
        live = self.state.record(entity, eid)
        deleted = self.state.is_deleted(entity, eid)
        closed = live is not None and live.get("status") == "chiusa"
        if live is None and not deleted:
            if record % 3 == self.index and not self.state.versions(entity, eid):
                fields: dict[str, Any] = dict.fromkeys(FIELDS[entity], "")
                fields.update(status="bozza" if entity == "visits" else "aperto")
                fields["deleted_at"] = None
                self.write(record, OpKind.INSERT, fields, now)
            return
        if action == "restore" and deleted:
            self.write(record, OpKind.UPDATE, {"deleted_at": None}, now)
        elif deleted or closed:
            return  # the application refuses edits of deleted records and closed visits
        elif action == "delete":
            self.write(record, OpKind.TOMBSTONE, {"deleted_at": f"del-{now}"}, now)
        elif action == "close" and entity == "visits":
            self.write(record, OpKind.UPDATE, {"status": "chiusa", "notes": f"fine {value}"}, now)
        elif action == "edit":
            name = FIELDS[entity][fld % len(FIELDS[entity])]
            self.write(record, OpKind.UPDATE, {name: f"{name}-{value}"}, now)


actions = st.one_of(
    st.tuples(
        st.just("act"),
        st.integers(0, 2),
        st.sampled_from(["edit"] * 6 + ["delete", "restore", "restore", "close"]),
        st.integers(0, len(RECORDS) - 1),
        st.integers(0, 2),
        st.integers(0, 3),
    ),
    st.tuples(st.just("exchange"), st.integers(0, 2), st.integers(0, 2)),
)


# 100 examples in `make test`, each of 20 to 80 steps; `make fuzz` runs 1000 (support/examples.py).
@settings(max_examples=examples(100), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    steps=st.lists(actions, min_size=20, max_size=80),
    skews=st.tuples(*(st.integers(-5_000, 5_000) for _ in DEVICES)),
    rnd=st.randoms(use_true_random=False),
)
def test_three_devices_converge_whatever_the_exchanges_and_orders(
    steps: list[tuple[Any, ...]], skews: tuple[int, int, int], rnd: random.Random
) -> None:
    devices = [Device(i, skews[i], HybridLogicalClock(d)) for i, d in enumerate(DEVICES)]
    now = NOW
    for record in range(len(RECORDS)):  # each record is created by its owner
        devices[record % 3].act("edit", record, 0, 0, now)
    for step in steps:
        now += rnd.choice((0, 1, 7, 1000))
        if step[0] == "act":
            _, who, action, record, fld, value = step
            devices[who].act(action, record, fld, value, now)
        else:
            _, src, dst = step
            # A partial exchange: some of what src knows, in any order.
            sent = [o for o in devices[src].known if rnd.random() < 0.7]
            rnd.shuffle(sent)
            devices[dst].receive(sent, now)

    everything = {o.op_id: o for d in devices for o in d.known}
    for d in devices:
        missing = [o for o in everything.values() if not d.state.has(o.op_id)]
        rnd.shuffle(missing)
        d.receive(missing, now)

    reference = MergeState()
    reference.apply_all(sorted(everything.values(), key=lambda o: o.order))
    expected = (
        reference.snapshot(),
        reference.snapshot(include_deleted=True),
        [c.to_json() for c in reference.conflicts()],
        reference.ignored(),
    )
    for d in devices:
        got = (
            d.state.snapshot(),
            d.state.snapshot(include_deleted=True),
            [c.to_json() for c in d.state.conflicts()],
            d.state.ignored(),
        )
        assert got == expected
        # Idempotent: everything once more changes nothing.
        assert d.state.apply_all(everything.values()) == []
        assert d.state.snapshot(include_deleted=True) == expected[1]

    # As sync delivers them (each device's operations in the order it wrote them, devices
    # interleaved at random), every conflict left was announced when it appeared; one announced
    # and gone was settled by a later write that had seen both sides (or its visit was closed).
    queues = [
        sorted((o for o in everything.values() if o.device_id == dev), key=lambda o: o.order)
        for dev in DEVICES
    ]
    state, announced = MergeState(), []
    while any(queues):
        queue = rnd.choice([q for q in queues if q])
        announced.extend(state.apply(queue.pop(0)))
    assert [c.to_json() for c in state.conflicts()] == expected[2]
    assert {c.id for c in state.conflicts()} <= {c.id for c in announced}


# -- a clock that was a year ahead ---------------------------------------------------------------


def test_a_write_after_a_future_dated_one_it_replaces_wins_whatever_the_order() -> None:
    # Device B wrote with its clock a year ahead, then, its clock corrected, wrote again: its
    # HLC fell back, but the later write names the earlier one and comes after it everywhere,
    # whether the future-dated one arrives first or a year later.
    year = 365 * 24 * 3600 * 1000
    ins = insert_case()
    future = op(DEV_B, year, {"summary": "futuro", "title": "Titolo futuro"}, replaces=ins)
    fixed = op(DEV_B, 60, {"summary": "corretto"}, replaces=future)
    after = op(DEV_C, 90, {"summary": "di C"}, replaces=fixed)
    other = op(DEV_A, 70, {"status": "sospeso"}, replaces=ins)
    states = every_order([ins, future, fixed, after, other])
    assert_same(states)
    rec = states[0].record("cases", CASE)
    assert rec is not None
    assert (rec["summary"], rec["title"], rec["status"]) == ("di C", "Titolo futuro", "sospeso")
    assert states[0].conflicts() == []
    latest = states[0].latest("cases", CASE)
    assert latest is not None and latest.op_id == after.op_id
    # Before the future-dated write arrives, the later ones already count.
    waiting = merged([ins, fixed, after])
    assert waiting.record("cases", CASE)["summary"] == "di C"  # type: ignore[index]


def test_a_forged_cycle_of_replaces_still_merges_the_same_in_every_order() -> None:
    ins = insert_case()
    a = op(DEV_A, 50, {"summary": "a"}, replaces=ins)
    b = op(DEV_B, 10, {"summary": "b"}, replaces=a)
    a = replace(a, replaces=b.op_id)  # a names b, b names a: only a forgery does this
    states = every_order([ins, a, b])
    assert_same(states)


def test_an_update_writing_a_deletion_time_is_a_tombstone() -> None:
    # written so when a delete is confirmed settling a delete-vs-edit conflict, and by a
    # tampered laptop: as an edit it hid the row while the record stayed live for the merge
    ins = insert_case()
    hiding = replace(op(DEV_B, 10, {"deleted_at": "2026-11-25T10:00:00+00:00"}), replaces=ins.op_id)
    assert hiding.kind is OpKind.TOMBSTONE
    states = every_order([ins, hiding])
    assert_same(states)
    assert states[0].is_deleted("cases", CASE)
    restore = op(DEV_A, 20, {"deleted_at": None}, replaces=hiding)
    assert restore.kind is OpKind.UPDATE  # a restore stays an edit
    assert not every_order([ins, hiding, restore])[0].is_deleted("cases", CASE)


# -- a line of writes meets another: one conflict between their latest --------------------------


def test_a_device_writing_a_text_again_and_again_unaware_gives_one_conflict_not_one_each() -> None:
    ins = insert_case(summary="base")
    b = op(DEV_B, 15, {"summary": "di B"}, replaces=ins)  # after A1, before A2
    line = [op(DEV_A, 10, {"summary": "A1"}, replaces=ins)]
    for n in range(2, 5):
        line.append(op(DEV_A, 10 * n, {"summary": f"A{n}"}, replaces=line[-1]))
    states = every_order([ins, b, *line])
    assert_same(states)
    # A replaced A1..A3 itself: the conflict is A's latest text against B's, in every order
    assert [(c.winner.op_id, c.loser.op_id) for c in states[0].conflicts()] == [
        (line[-1].op_id, b.op_id)
    ]
    # As A's writes arrive one by one, the conflict follows A's latest (announced each time)
    state = merged([ins, b])
    for a in line:
        pair = (b.op_id, a.op_id) if a is line[0] else (a.op_id, b.op_id)  # the later one wins
        assert [(c.winner.op_id, c.loser.op_id) for c in state.apply(a)] == [pair]
        assert len(state.conflicts()) == 1
    # A's latest with B's very text: nobody's work is lost, nothing to tell
    agreed = op(DEV_A, 90, {"summary": "di B"}, replaces=line[-1])
    assert merged([ins, b, *line, agreed]).conflicts() == []


def test_a_deletion_meeting_a_line_of_edits_is_one_conflict_with_the_latest_edit() -> None:
    ins, tomb = deleted_case()
    edits = [op(DEV_B, 20, {"summary": "B1"}, replaces=ins)]
    edits.append(op(DEV_B, 30, {"title": "B2"}, replaces=edits[-1]))
    states = every_order([ins, tomb, *edits])
    assert_same(states)
    (conflict,) = states[0].conflicts()
    assert conflict.kind == DELETE_VS_EDIT
    assert (conflict.winner.op_id, conflict.loser.op_id) == (tomb.op_id, edits[-1].op_id)
    # the edits' fields are merged into the hidden record all the same
    fields = states[0].versions("cases", CASE)
    assert (fields["summary"].value, fields["title"].value) == ("B1", "B2")


def test_a_record_written_thousands_of_times_merges_in_bitmask_work() -> None:
    # A tampered laptop's bundle of 5,000 edits of one case, unaware of one edit of B: pairs of
    # operations would be 12 million; the merge answers with one conflict per text field.
    ins = insert_case(summary="base", title="base")
    b = op(DEV_B, 1, {"summary": "B", "title": "B"}, replaces=ins)
    line: list[Op] = []
    for n in range(5_000):
        data = {"summary": f"A{n}", "title": f"T{n}"}
        line.append(op(DEV_A, 10 + n, data, replaces=line[-1] if line else ins))
    state = merged([ins, b])
    state.apply_all(line)
    assert sorted((c.field, c.winner.op_id) for c in state.conflicts()) == [
        ("summary", line[-1].op_id),
        ("title", line[-1].op_id),
    ]


# -- the conflicts against their definition, on random histories ---------------------------------

CASE_TEXT = ("title", "summary")
Found = set[tuple[str, str | None, uuid.UUID, uuid.UUID]]


def _reference(ops: list[Op]) -> tuple[bool, Found]:
    """Whether a case file is deleted, and its conflicts, as the module's rules define them,
    computed the plainest way: sets of what each operation has seen, and every pair."""
    from minorifamiglie.domain.causality import causal_order, direct_parents

    ordered = causal_order(ops)
    index = {o.op_id: i for i, o in enumerate(ordered)}
    seen: list[set[int]] = []
    complete: list[bool] = []
    for i, parents in enumerate(direct_parents([o.lineage for o in ordered])):
        mine: set[int] = set()
        whole = True
        for p in parents:
            j = index.get(p)
            if j is None:
                whole = False
            elif j < i:
                mine |= {j} | seen[j]
                whole = whole and complete[j]
        seen.append(mine)
        complete.append(whole)
    n = len(ordered)
    everyone = list(range(n))

    def concurrent(i: int, j: int) -> bool:
        return i != j and complete[i] and complete[j] and j not in seen[i] and i not in seen[j]

    def settled(i: int, j: int, among: list[int]) -> bool:
        return any(i in seen[k] and j in seen[k] for k in among)

    def latest(a: int, b: int, line: list[int]) -> bool:  # nothing of a's line replaced it
        return not any(a in seen[c] and concurrent(c, b) for c in line)

    out: Found = set()
    for name in CASE_TEXT:
        writers = [i for i in everyone if name in ordered[i].data]
        for a in writers:
            for b in writers:
                if (
                    a < b
                    and ordered[a].data[name] != ordered[b].data[name]
                    and concurrent(a, b)
                    and not settled(a, b, writers)
                    and latest(a, b, writers)
                    and latest(b, a, writers)
                ):
                    out.add((CONCURRENT_EDIT, name, ordered[b].op_id, ordered[a].op_id))
    tombs = [i for i in everyone if ordered[i].kind is OpKind.TOMBSTONE]
    edits = [i for i in everyone if ordered[i].kind is OpKind.UPDATE]
    for t in tombs:
        for e in edits:
            if (
                concurrent(t, e)
                and not settled(t, e, everyone)
                and latest(t, e, tombs)
                and latest(e, t, edits)
            ):
                out.add((DELETE_VS_EDIT, None, ordered[t].op_id, ordered[e].op_id))
    restores = [i for i in edits if ordered[i].data.get("deleted_at", "") is None]
    deleted = any(not any(t in seen[r] for r in restores) for t in tombs)
    writers = [k for k in everyone if "deleted_at" in ordered[k].data]
    for t in [] if deleted else tombs:
        undoing = [r for r in restores if t in seen[r]]
        if undoing and not any(r in seen[k] for r in undoing for k in writers):
            out.add((CASE_RESTORED, None, ordered[undoing[0]].op_id, ordered[t].op_id))
            break
    return deleted, out


history_steps = st.lists(
    st.tuples(
        st.sampled_from(DEVICES),
        st.sampled_from(["title", "summary", "both", "delete", "restore", "restore"]),
        st.integers(0, 2),  # the value written
        st.integers(0, 4),  # which earlier operation it replaces (0: the last one)
        st.lists(st.integers(0, 4), max_size=2),  # other operations it names as heads
        st.integers(0, 9),  # 0: it replaces one not received yet (ancestry incomplete)
    ),
    min_size=1,
    max_size=14,
)


@settings(max_examples=examples(300), deadline=None)
@given(steps=history_steps, rnd=st.randoms(use_true_random=False))
def test_deletion_and_conflicts_match_their_definition_on_random_histories(
    steps: list[tuple[uuid.UUID, str, int, int, list[int], int]], rnd: random.Random
) -> None:
    ops = [insert_case(summary="")]
    for wall, (device, what, value, back, others, known) in enumerate(steps, start=1):
        text = f"v{value}"
        writes: dict[str, dict[str, Any]] = {
            "title": {"title": text},
            "summary": {"summary": text},
            "both": {"title": text, "summary": text},
            "delete": {"deleted_at": f"d{wall}"},
            "restore": {"deleted_at": None},
        }
        data = writes[what]
        kind = OpKind.TOMBSTONE if what == "delete" else OpKind.UPDATE
        replaces = ops[-1 - min(back, len(ops) - 1)].op_id
        if not known:  # it names an operation this device has not received
            replaces = uuid.UUID(int=1 << 100 | wall)
        seen = {ops[-1 - k].op_id for k in others if k < len(ops)} - {replaces}
        new = Op(
            op_id=uuid.UUID(int=next(_ids)),
            device_id=device,
            hlc=Timestamp(NOW + wall, 0, device.hex).encode(),
            entity="cases",
            entity_id=CASE,
            kind=kind,
            data=data,
            replaces=replaces,
            seen=tuple(sorted(seen, key=str)),
        )
        ops.append(new)
    deleted, expected = _reference(ops)
    shuffled = ops[:]
    rnd.shuffle(shuffled)
    for state in (merged(ops), merged(shuffled)):
        got = {(c.kind, c.field, c.winner.op_id, c.loser.op_id) for c in state.conflicts()}
        assert (state.is_deleted("cases", CASE), got) == (deleted, expected)
