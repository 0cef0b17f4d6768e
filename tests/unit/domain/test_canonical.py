"""The canonical JSON behind the hash chains, conflict ids and sync bundles: one definition,
whose bytes never change (the golden files of tests/data hold the older ones)."""

from __future__ import annotations

import enum
import json
import uuid
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from minorifamiglie.domain.canonical import canonical_bytes, canonical_json

VALUE: dict[str, Any] = {
    "op_id": "0b3f6c1e-5d2a-4c7e-9f10-2a3b4c5d6e7f",
    "data": {"notes": "Nicolò è arrivato alle 15:00 «puntuale»", "hours": 7.5, "ok": True},
    "seen": [],
    "replaces": None,
    "entity": "visits",
    "seq": 12,
}


def test_keys_sorted_no_spaces_non_ascii_kept() -> None:
    assert canonical_json(VALUE) == (
        '{"data":{"hours":7.5,"notes":"Nicolò è arrivato alle 15:00 «puntuale»","ok":true},'
        '"entity":"visits","op_id":"0b3f6c1e-5d2a-4c7e-9f10-2a3b4c5d6e7f","replaces":null,'
        '"seen":[],"seq":12}'
    )


def test_the_bytes_are_the_text_in_utf8_and_what_json_dumps_always_gave() -> None:
    assert canonical_bytes(VALUE) == canonical_json(VALUE).encode("utf-8")
    for value in (VALUE, [1, "a\u2028b", {"z": 1, "a": [None, 1.25]}], '\x00\n"', 3):
        assert canonical_json(value) == json.dumps(
            value, sort_keys=True, separators=(",", ":"), ensure_ascii=False
        )


# Every code point, surrogates too (st.text() leaves them out).
_ANY_TEXT = st.text(st.characters(exclude_categories=()))
_PLAIN = st.one_of(
    _ANY_TEXT,
    st.integers(),
    st.integers(min_value=-(2**200), max_value=2**200),
    st.booleans(),
    st.none(),
)


def _stdlib(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


@given(st.dictionaries(_ANY_TEXT, _PLAIN, max_size=12))
def test_a_flat_object_encodes_as_the_stdlib_encoder_does(value: dict[str, Any]) -> None:
    # Any text: control characters, quotes, backslashes, U+2028, astral planes, lone
    # surrogates (which only the stdlib path can keep); integers far beyond 64 bits.
    assert canonical_json(value) == _stdlib(value)
    try:
        expected = _stdlib(value).encode("utf-8")
    except UnicodeEncodeError:
        with pytest.raises(UnicodeEncodeError):
            canonical_bytes(value)
    else:
        assert canonical_bytes(value) == expected


class _Kind(enum.StrEnum):
    VISIT = "visita"


class _Level(enum.IntEnum):
    HIGH = 3


def test_what_the_fast_path_leaves_to_the_stdlib_is_still_encoded_by_it() -> None:
    for value in (
        {"hours": 1e16, "small": 1e-05, "max": 1.7976931348623157e308},
        {"nested": {"b": 1, "a": [2, None]}},
        {"kind": _Kind.VISIT, "level": _Level.HIGH},
        {"nan": float("nan")},
        {"lone": "\ud800"},
    ):
        assert canonical_json(value) == _stdlib(value)
    with pytest.raises(TypeError):  # as ever: a key that is not a text, an object unknown
        canonical_json({1: "a", "b": 2})
    with pytest.raises(TypeError):
        canonical_json({"id": uuid.uuid4()})
