"""The hybrid logical clock: monotonic on one device, causal across devices, bounded drift."""

from __future__ import annotations

import itertools
import uuid

import pytest
from hypothesis import given
from hypothesis import strategies as st

from minorifamiglie.domain.hlc import (
    MAX_COUNTER,
    MAX_DRIFT_MS,
    ClockDriftError,
    HybridLogicalClock,
    Timestamp,
    horizon,
    is_ahead,
)

DEVICE_A = uuid.UUID("00000000-0000-4000-8000-00000000000a")
DEVICE_B = uuid.UUID("00000000-0000-4000-8000-00000000000b")
NOW = 1_795_000_000_000  # November 2026, in ms

# The encoding's domain: 15 digits of milliseconds (year 33658), 6 digits of counter.
walls = st.integers(min_value=0, max_value=10**15 - 1)
counters = st.integers(min_value=0, max_value=10**6 - 1)
devices = st.uuids().map(lambda u: u.hex)
timestamps = st.builds(Timestamp, walls, counters, devices)


@given(st.lists(st.integers(min_value=NOW - 10_000, max_value=NOW + 10_000), min_size=1))
def test_local_timestamps_strictly_increase_even_when_the_wall_clock_goes_back(
    physical: list[int],
) -> None:
    clock = HybridLogicalClock(DEVICE_A)
    stamps = [clock.now(ms) for ms in physical]
    assert all(a < b for a, b in itertools.pairwise(stamps))
    assert all(s.device == DEVICE_A.hex for s in stamps)
    assert clock.last == stamps[-1]


def test_the_wall_part_follows_the_physical_clock_and_the_counter_breaks_ties() -> None:
    clock = HybridLogicalClock(DEVICE_A)
    assert clock.now(NOW) == Timestamp(NOW, 0, DEVICE_A.hex)
    assert clock.now(NOW) == Timestamp(NOW, 1, DEVICE_A.hex)
    assert clock.now(NOW - 5000) == Timestamp(NOW, 2, DEVICE_A.hex)  # clock stepped back
    assert clock.now(NOW + 1) == Timestamp(NOW + 1, 0, DEVICE_A.hex)


def test_a_clock_resumes_after_its_last_saved_timestamp() -> None:
    saved = Timestamp(NOW + 60_000, 7, DEVICE_A.hex)
    clock = HybridLogicalClock(DEVICE_A, saved)
    assert clock.now(NOW) > saved


@given(
    local=st.lists(st.integers(min_value=-5_000, max_value=5_000), max_size=5),
    remote_wall=st.integers(min_value=-MAX_DRIFT_MS, max_value=MAX_DRIFT_MS),  # from physical
    remote_counter=counters,
    physical=st.integers(min_value=-5_000, max_value=5_000),
)
def test_after_observing_a_remote_event_every_local_event_sorts_after_it(
    local: list[int], remote_wall: int, remote_counter: int, physical: int
) -> None:
    clock = HybridLogicalClock(DEVICE_A)
    before = [clock.now(NOW + ms) for ms in local]
    remote = Timestamp(NOW + physical + remote_wall, remote_counter, DEVICE_B.hex)
    merged = clock.observe(remote, NOW + physical)
    assert merged > remote
    assert all(merged > b for b in before)
    assert merged.device == DEVICE_A.hex
    assert clock.now(NOW + physical) > merged


def test_observing_equal_walls_takes_the_larger_counter() -> None:
    clock = HybridLogicalClock(DEVICE_A, Timestamp(NOW, 3, DEVICE_A.hex))
    assert clock.observe(Timestamp(NOW, 9, DEVICE_B.hex), NOW - 1) == Timestamp(
        NOW, 10, DEVICE_A.hex
    )
    clock = HybridLogicalClock(DEVICE_A, Timestamp(NOW, 3, DEVICE_A.hex))
    assert clock.observe(Timestamp(NOW - 1, 9, DEVICE_B.hex), NOW - 1) == Timestamp(
        NOW, 4, DEVICE_A.hex
    )
    clock = HybridLogicalClock(DEVICE_A)
    assert clock.observe(Timestamp(NOW - 1, 9, DEVICE_B.hex), NOW) == Timestamp(
        NOW, 0, DEVICE_A.hex
    )


def test_a_counter_at_its_greatest_carries_into_the_wall_part() -> None:
    # six digits, always: a seventh would not sort as the tuple, and storage refuses it
    remote = Timestamp(NOW + 60_000, MAX_COUNTER, DEVICE_B.hex)
    clock = HybridLogicalClock(DEVICE_A)
    merged = clock.observe(remote, NOW)
    assert merged == Timestamp(NOW + 60_001, 0, DEVICE_A.hex) and merged.encode() > remote.encode()
    following = [clock.now(NOW) for _ in range(3)]
    assert [t.counter for t in following] == [1, 2, 3]
    full = HybridLogicalClock(DEVICE_A, Timestamp(NOW, MAX_COUNTER, DEVICE_A.hex))
    assert full.now(NOW) == Timestamp(NOW + 1, 0, DEVICE_A.hex)
    # a clock saved with seven digits by an earlier version resumes within six
    saved = HybridLogicalClock(DEVICE_A, Timestamp(NOW, MAX_COUNTER + 1, DEVICE_A.hex))
    assert saved.now(NOW) == Timestamp(NOW + 1, 0, DEVICE_A.hex)


def test_a_remote_clock_too_far_ahead_is_refused_and_changes_nothing() -> None:
    # A wrong clock would otherwise win every last-writer-wins merge (docs/architecture.md §13).
    clock = HybridLogicalClock(DEVICE_A)
    last = clock.now(NOW)
    with pytest.raises(ClockDriftError):
        clock.observe(Timestamp(NOW + MAX_DRIFT_MS + 1, 0, DEVICE_B.hex), NOW)
    assert clock.last == last
    # Exactly at the bound is still accepted.
    assert clock.observe(Timestamp(NOW + MAX_DRIFT_MS, 0, DEVICE_B.hex), NOW).wall_ms == (
        NOW + MAX_DRIFT_MS
    )


@given(timestamps)
def test_encode_then_decode_gives_the_same_timestamp(ts: Timestamp) -> None:
    assert Timestamp.decode(ts.encode()) == ts


@given(timestamps, timestamps)
def test_encoded_timestamps_sort_like_the_tuples(a: Timestamp, b: Timestamp) -> None:
    # So SQL and bundles can compare the text without parsing it.
    assert (a.encode() < b.encode()) == (a < b)
    assert (a.encode() == b.encode()) == (a == b)


@pytest.mark.parametrize("text", ["", "1:2", "a:b:c", "1:2:3:4", "000000000000001-000000-ab"])
def test_a_malformed_timestamp_is_refused(text: str) -> None:
    with pytest.raises(ValueError, match="malformed"):
        Timestamp.decode(text)


def test_a_clock_corrected_after_running_a_year_ahead_falls_back_to_the_wall_clock() -> None:
    # Otherwise every later timestamp of the device stays a year ahead and is held by the others.
    year = 365 * 24 * 3600 * 1000
    clock = HybridLogicalClock(DEVICE_A)
    ahead = clock.now(NOW + year)
    corrected = clock.now(NOW)
    assert corrected == Timestamp(NOW, 0, DEVICE_A.hex) and corrected < ahead
    assert clock.now(NOW) > corrected  # monotonic again from there
    assert is_ahead(ahead, NOW) and not is_ahead(corrected, NOW)
    assert ahead.encode() > horizon(NOW) >= Timestamp(NOW + MAX_DRIFT_MS, 7, "f" * 32).encode()
    # Observing a sane remote timestamp does not bring the wrong date back either.
    stale = HybridLogicalClock(DEVICE_A, ahead)
    assert stale.observe(Timestamp(NOW + 5, 0, DEVICE_B.hex), NOW).wall_ms == NOW + 5


def test_a_clock_ahead_within_the_drift_bound_is_kept() -> None:
    clock = HybridLogicalClock(DEVICE_A)
    ahead = clock.now(NOW + MAX_DRIFT_MS)
    assert clock.now(NOW) > ahead
