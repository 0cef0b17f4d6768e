"""UUIDv7 ids: the RFC 9562 layout, and ids that sort by the time they were made."""

from __future__ import annotations

import time
import uuid

import pytest
from hypothesis import given
from hypothesis import strategies as st

from minorifamiglie.domain.ids import parse_uuid, uuid7

millis = st.integers(min_value=0, max_value=(1 << 48) - 1)


@given(millis)
def test_version_variant_and_timestamp_bits(ms: int) -> None:
    u = uuid7(ms)
    assert u.version == 7
    assert u.variant == uuid.RFC_4122
    assert u.int >> 80 == ms


def test_without_an_argument_the_timestamp_is_now() -> None:
    before = int(time.time() * 1000)
    u = uuid7()
    after = int(time.time() * 1000)
    assert before <= u.int >> 80 <= after


def test_the_74_random_bits_differ() -> None:
    ids = {uuid7(1_795_000_000_000) for _ in range(1000)}
    assert len(ids) == 1000


@given(millis, millis)
def test_ids_made_in_different_milliseconds_sort_by_time(a: int, b: int) -> None:
    ua, ub = uuid7(a), uuid7(b)
    if a < b:
        assert ua < ub
        assert str(ua) < str(ub)  # as text too, the way the database compares them
        assert ua.hex < ub.hex
    elif a > b:
        assert ua > ub


def test_ids_made_one_after_another_never_go_backwards_in_time() -> None:
    ids = [uuid7() for _ in range(200)]
    stamps = [u.int >> 80 for u in ids]
    assert stamps == sorted(stamps)


def test_parse_uuid_accepts_what_a_user_pastes_and_refuses_the_rest() -> None:
    u = uuid7()
    assert parse_uuid(f"  {u}\n") == u
    assert parse_uuid(u.hex.upper()) == u
    for bad in ("", "BG-2026-0001", str(u)[:-1]):
        with pytest.raises(ValueError, match="not a valid id"):
            parse_uuid(bad)
