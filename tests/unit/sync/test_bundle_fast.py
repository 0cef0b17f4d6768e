"""The fast reading of a bundle's payload (msgspec) never decides differently from the strict one
(stdlib json + Operation.from_json): for any plaintext, either the fast path steps aside (None)
or it gives exactly the strict path's operations; whatever the strict path refuses, the fast
path steps aside, so the refusal is always named by the strict one. Hostile values of a member
whose bundle verifies, byte mutations, and a valid payload of every shape an operation takes."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from minorifamiglie.domain.enums import OpKind
from minorifamiglie.sync import bundle as b
from minorifamiglie.sync import snapshot as sn
from minorifamiglie.sync.bundle import BundleHeader
from minorifamiglie.sync.container import BundleError
from minorifamiglie.sync.operations import MAX_SEEN, Operation, bundle_decoder
from minorifamiglie.sync.snapshot import SnapshotHeader

TEAM = uuid.UUID("11111111-1111-4111-8111-111111111111")
DEVICE = uuid.UUID("22222222-2222-4222-8222-222222222222")
OTHER = uuid.UUID("33333333-3333-4333-8333-333333333333")


def hlc(device: uuid.UUID, counter: int) -> str:
    return f"{1_795_000_000_000:015d}:{counter:06d}:{device.hex}"


def op_json(i: int, device: uuid.UUID = DEVICE) -> dict[str, Any]:
    seen = sorted(str(uuid.UUID(int=(5 << 120) + i + k)) for k in range(i % 3))
    value: dict[str, Any] = {
        "op_id": str(uuid.UUID(int=(1 << 120) + i)),
        "device_id": str(device),
        "hlc": hlc(device, i),
        "entity": ["cases", "visits", "persons"][i % 3],
        "entity_id": str(uuid.UUID(int=(2 << 120) + i)),
        "kind": [k.value for k in OpKind][i % len(OpKind)],
        "data": {"summary": f'testo {i} è "citato" \\', "hours": i / 3, "n": i, "x": None},
        "replaces": str(uuid.UUID(int=(3 << 120) + i)) if i % 2 else None,
    }
    if i % 4:  # `seen` is optional: absent and empty mean the same
        value["seen"] = seen
    return value


def payload(ops: list[dict[str, Any]], **changes: Any) -> dict[str, Any]:
    return {"team_id": str(TEAM), "device_id": str(DEVICE), "sequence": 4, "operations": ops,
            **changes}  # fmt: skip


def header(count: int) -> BundleHeader:
    return BundleHeader(TEAM, DEVICE, 4, b.FIRST_PREV_HASH, count, 0, 0)


def strict(plaintext: bytes, count: int) -> list[Operation] | str:
    try:
        return b._strict_operations(plaintext, header(count))
    except BundleError as error:
        return error.reason


def assert_same_decision(plaintext: bytes, count: int) -> list[Operation] | None:
    fast = b._fast_bundle(plaintext, header(count))
    expected = strict(plaintext, count)
    if isinstance(expected, str):
        assert fast is None, f"fast path accepted what the strict one refuses ({expected})"
    elif fast is not None:
        assert fast == expected
    return fast


def encoded(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False).encode("utf-8")


def test_a_valid_payload_takes_the_fast_path_with_the_strict_paths_operations() -> None:
    ops = [op_json(i) for i in range(12)]
    fast = assert_same_decision(encoded(payload(ops)), len(ops))
    assert fast is not None and len(fast) == 12
    assert [op.to_json() for op in fast] == [
        {**o, "seen": o.get("seen", [])} for o in ops
    ]  # fmt: skip
    assert {type(op.op_id) for op in fast} == {uuid.UUID}


def mutate(change: Callable[[dict[str, Any]], None]) -> bytes:
    ops = [op_json(i) for i in range(3)]
    whole = payload(ops)
    change(whole)
    return encoded(whole)


def _set_op(key: str, value: Any) -> Callable[[dict[str, Any]], None]:
    return lambda p: p["operations"][1].__setitem__(key, value)


def _drop_op(key: str) -> Callable[[dict[str, Any]], None]:
    return lambda p: p["operations"][1].pop(key)


HOSTILE: dict[str, Callable[[dict[str, Any]], None]] = {
    "upper-case op id": _set_op("op_id", str(uuid.UUID(int=7)).upper()),
    "unhyphenated op id": _set_op("op_id", uuid.UUID(int=7).hex),
    "braced entity id": _set_op("entity_id", "{" + str(uuid.UUID(int=7)) + "}"),
    "urn replaces": _set_op("replaces", uuid.UUID(int=7).urn),
    "integer op id": _set_op("op_id", 7),
    "another device": _set_op("device_id", str(OTHER)),
    "hlc of another device": _set_op("hlc", hlc(OTHER, 1)),
    "short hlc": _set_op("hlc", "1:2:" + DEVICE.hex),
    "negative hlc": _set_op("hlc", f"-{1:014d}:000001:{DEVICE.hex}"),
    "hlc with unicode digits": _set_op("hlc", "١" * 15 + ":000001:" + DEVICE.hex),
    "hlc as number": _set_op("hlc", 12),
    "unknown kind": _set_op("kind", "drop"),
    "kind as number": _set_op("kind", 1),
    "entity with a quote": _set_op("entity", 'cases"'),
    "entity upper case": _set_op("entity", "CASES"),
    "data a list": _set_op("data", [1, 2]),
    "data null": _set_op("data", None),
    "seen unsorted": _set_op("seen", [str(uuid.UUID(int=9)), str(uuid.UUID(int=8))]),
    "seen repeated": _set_op("seen", [str(uuid.UUID(int=8))] * 2),
    "seen null": _set_op("seen", None),
    "seen too long": _set_op("seen", sorted(str(uuid.UUID(int=i)) for i in range(MAX_SEEN + 1))),
    "seen upper case": _set_op("seen", [str(uuid.UUID(int=8)).upper()]),
    "extra operation key": _set_op("extra", 1),
    "missing replaces": _drop_op("replaces"),
    "missing data": _drop_op("data"),
    "operation a list": lambda p: p["operations"].__setitem__(1, [1]),
    "extra payload key": lambda p: p.__setitem__("extra", 1),
    "missing team": lambda p: p.pop("team_id"),
    "another team": lambda p: p.__setitem__("team_id", str(OTHER)),
    "payload device differs": lambda p: p.__setitem__("device_id", str(OTHER)),
    "sequence true": lambda p: p.__setitem__("sequence", True),
    "sequence float": lambda p: p.__setitem__("sequence", 4.0),
    "sequence text": lambda p: p.__setitem__("sequence", "4"),
    "sequence huge": lambda p: p.__setitem__("sequence", 2**70),
    "one operation more": lambda p: p["operations"].append(op_json(3)),
    "operations an object": lambda p: p.__setitem__("operations", {}),
    "huge integer in data": _set_op("data", {"n": 2**80}),
    # of the right length (msgspec checks lengths), wrong in their characters
    "op id with an arabic digit": _set_op("op_id", "\u0663" + str(uuid.UUID(int=7))[1:]),
    "entity id with a fullwidth digit": _set_op("entity_id", str(uuid.UUID(int=7))[:-1] + "７"),
    "replaces with a space": _set_op("replaces", " " + str(uuid.UUID(int=7))[1:]),
    "hlc one tail digit off": _set_op("hlc", hlc(DEVICE, 1)[:-1] + "3"),
    "hlc with a letter in its counter": _set_op(
        "hlc", hlc(DEVICE, 1)[:17] + "a" + hlc(DEVICE, 1)[18:]
    ),
    "hlc with a colon moved": _set_op("hlc", hlc(DEVICE, 1)[:14] + ":0" + hlc(DEVICE, 1)[16:]),
    "device id upper case": _set_op("device_id", str(DEVICE).upper()),
    "payload device upper case": lambda p: p.__setitem__("device_id", str(DEVICE).upper()),
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_a_hostile_value_gets_the_strict_paths_decision(name: str) -> None:
    assert_same_decision(mutate(HOSTILE[name]), 3)


GOOD = encoded(payload([op_json(i) for i in range(3)]))
TEXTUAL: dict[str, bytes] = {
    "NaN in data": GOOD.replace(b'"x": null', b'"x": NaN'),
    "Infinity in data": GOOD.replace(b'"x": null', b'"x": -Infinity'),
    "number overflowing to infinity": GOOD.replace(b'"x": null', b'"x": 1e400'),
    "lone surrogate escape": GOOD.replace(b'"x": null', b'"x": "\\ud800"'),
    "escaped hyphen in an id": GOOD.replace(b"-4000-", b"\\u002d4000-", 1),
    "duplicate operation key": GOOD.replace(b'"x": null}', b'"x": null}, "data": {}', 1),
    "duplicate team key": GOOD.replace(b"{", b'{"team_id": "x", ', 1),
    "byte order mark": b"\xef\xbb\xbf" + GOOD,
    "invalid UTF-8": GOOD.replace(b"testo", b"t\xffsto", 1),
    "encoded surrogate": GOOD.replace(b"testo", b"t\xed\xa0\x80sto", 1),
    "trailing data": GOOD + b" {}",
    "trailing comma": GOOD[:-1] + b",}",
    "truncated": GOOD[:-10],
    "deeply nested data": GOOD.replace(b'"x": null', b'"x": ' + b"[" * 100_000 + b"]" * 100_000),
    "whitespace around": b"\n\t " + GOOD + b" \r\n",
    "empty": b"",
}


@pytest.mark.parametrize("name", sorted(TEXTUAL))
def test_hostile_text_gets_the_strict_paths_decision(name: str) -> None:
    assert_same_decision(TEXTUAL[name], 3)


def test_a_lone_surrogate_is_refused_by_both_paths() -> None:
    # valid JSON, not text: the stdlib parser keeps it, and UTF-8 then fails wherever it is
    # written (the change log), so the payload is refused where it is read
    assert b._fast_bundle(TEXTUAL["lone surrogate escape"], header(3)) is None
    assert strict(TEXTUAL["lone surrogate escape"], 3) == "payload_malformed"


def test_values_json_allows_beyond_its_grammar_step_aside_for_the_strict_path() -> None:
    # msgspec refuses NaN and infinities, which the stdlib accepts: the strict path decides
    for name in ("NaN in data", "Infinity in data", "number overflowing to infinity"):
        assert b._fast_bundle(TEXTUAL[name], header(3)) is None
        assert isinstance(strict(TEXTUAL[name], 3), list)


@settings(max_examples=300, deadline=None)
@given(
    position=st.integers(min_value=0, max_value=len(GOOD) - 1),
    cut=st.integers(min_value=0, max_value=4),
    insert=st.binary(max_size=4),
)
def test_any_splice_of_a_valid_payload_gets_the_strict_paths_decision(
    position: int, cut: int, insert: bytes
) -> None:
    assert_same_decision(GOOD[:position] + insert + GOOD[position + cut :], 3)


@settings(max_examples=200, deadline=None)
@given(
    key=st.sampled_from(
        ["op_id", "device_id", "hlc", "entity", "entity_id", "kind", "data", "replaces", "seen"]
    ),
    value=st.recursive(
        st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=40),
        lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner),
        max_leaves=6,
    ),
)
def test_any_value_in_any_field_gets_the_strict_paths_decision(key: str, value: Any) -> None:
    assert_same_decision(mutate(_set_op(key, value)), 3)


# A device whose hex digits have letters, and an HLC of it of every wrong kind: a tail that
# differs in one letter, in case, or that holds the device's hex shifted into the next HLC.
LETTERED = uuid.UUID("a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d")


def lettered(changes: dict[int, str]) -> bytes:
    ops = [op_json(i, LETTERED) for i in range(4)]
    for index, value in changes.items():
        ops[index]["hlc"] = value
    return encoded(payload(ops, device_id=str(LETTERED)))


def lettered_header(count: int) -> BundleHeader:
    return BundleHeader(TEAM, LETTERED, 4, b.FIRST_PREV_HASH, count, 0, 0)


def test_hlcs_must_end_in_the_bundles_device_letter_for_letter() -> None:
    good = lettered({})
    fast = b._fast_bundle(good, lettered_header(4))
    assert fast is not None and fast == b._strict_operations(good, lettered_header(4))
    stem = f"{1_795_000_000_000:015d}:{1:06d}:"
    rotated = LETTERED.hex[1:] + LETTERED.hex[:1]
    for wrong in (
        stem + LETTERED.hex[:-1] + "e",  # one letter off
        stem + LETTERED.hex.upper(),
        stem + rotated,  # the device's digits, shifted by one
        stem[1:] + LETTERED.hex + "0",  # the device's digits in the wrong place
    ):
        plaintext = lettered({2: wrong})
        with pytest.raises(BundleError):
            b._strict_operations(plaintext, lettered_header(4))
        assert b._fast_bundle(plaintext, lettered_header(4)) is None, wrong


def test_a_bundle_of_one_device_is_read_by_a_decoder_of_its_own() -> None:
    # each device's decoder knows its id: another device's bundle never reads with it
    ops = [op_json(i, LETTERED) for i in range(2)]
    plaintext = encoded(payload(ops, device_id=str(LETTERED)))
    assert b._fast_bundle(plaintext, lettered_header(2)) is not None
    assert b._fast_bundle(plaintext, header(2)) is None  # the header says DEVICE
    assert bundle_decoder(str(LETTERED)) is not bundle_decoder(str(DEVICE))


def snapshot_header(count: int) -> SnapshotHeader:
    return SnapshotHeader(TEAM, DEVICE, OTHER, 2, 3, {}, count, 0, 0)


def test_a_snapshot_part_reads_the_same_on_both_paths() -> None:
    # operations of several devices, as a snapshot holds
    ops = [op_json(i, DEVICE if i % 2 else OTHER) for i in range(8)]
    good = {"team_id": str(TEAM), "for_device": str(OTHER), "part": 2, "operations": ops}
    fast = sn._fast_snapshot(encoded(good), snapshot_header(8))
    assert fast is not None
    assert fast == sn._strict_snapshot_operations(encoded(good), snapshot_header(8))
    for change in (
        {"part": 3},
        {"for_device": str(DEVICE)},
        {"extra": 1},
        {"operations": [*ops[:-1], {**ops[-1], "hlc": hlc(OTHER, 1)}]},  # hlc of another device
    ):
        plaintext = encoded({**good, **change})
        with pytest.raises(BundleError):
            sn._strict_snapshot_operations(plaintext, snapshot_header(8))
        assert sn._fast_snapshot(plaintext, snapshot_header(8)) is None
