"""Hybrid logical clock: timestamps that order events across devices with drifting clocks.

A timestamp is `wall_ms`, `counter` and the device id; as text it sorts the same way as the
tuple, so it can be compared in SQL and in bundles without parsing.

A clock error is bounded: a remote timestamp more than MAX_DRIFT_MS ahead of the receiver's
wall clock is not observed (sync holds that operation until the receiver's clock reaches it),
and a device whose own last timestamp is more than MAX_DRIFT_MS ahead of its wall clock (its
clock was wrong and has been corrected) stops stamping in the future: it falls back to the
wall clock instead of carrying the wrong date forever. Its later writes on a record it wrote
with the wrong date still come after that write: they name it (`replaces`), and the merge puts
an operation after every operation it names (sync/merge.py, "Order")."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

# A remote timestamp further ahead than this is refused as evidence of a wrong clock.
MAX_DRIFT_MS = 24 * 3600 * 1000
# The counter's greatest value: it is written with six digits (the encoded form sorts as the
# tuple only so), and one more carries into the wall part, as a millisecond later. A teammate's
# operation stamped with this counter (a tampered laptop's, up to a day ahead) otherwise made
# the next local stamp seven digits long, which storage refuses: no device that synced it could
# save anything until its wall clock had passed that stamp.
MAX_COUNTER = 999_999


@dataclass(frozen=True, slots=True, order=True)
class Timestamp:
    wall_ms: int
    counter: int
    device: str  # hex of the device id: the tie-break

    def encode(self) -> str:
        return f"{self.wall_ms:015d}:{self.counter:06d}:{self.device}"

    @classmethod
    def decode(cls, text: str) -> Timestamp:
        try:
            wall, counter, device = text.split(":")
            return cls(int(wall), int(counter), device)
        except ValueError:
            raise ValueError("malformed HLC timestamp") from None


class ClockDriftError(Exception):
    """A remote clock is too far ahead to be trusted."""


class HybridLogicalClock:
    """Not thread safe: owned by the single database worker."""

    def __init__(self, device: UUID, last: Timestamp | None = None) -> None:
        self._device = device.hex
        self._last = last or Timestamp(0, 0, self._device)

    @property
    def last(self) -> Timestamp:
        return self._last

    def now(self, physical_ms: int) -> Timestamp:
        last = self._bounded_last(physical_ms)
        if physical_ms > last.wall_ms:
            ts = Timestamp(physical_ms, 0, self._device)
        else:
            ts = self._stamp(last.wall_ms, last.counter + 1)
        self._last = ts
        return ts

    def observe(self, remote: Timestamp, physical_ms: int) -> Timestamp:
        """Merge a remote timestamp so later local events sort after it."""
        if is_ahead(remote, physical_ms):
            raise ClockDriftError("remote clock ahead beyond the allowed drift")
        last = self._bounded_last(physical_ms)
        wall = max(last.wall_ms, remote.wall_ms, physical_ms)
        if wall == last.wall_ms == remote.wall_ms:
            counter = max(last.counter, remote.counter) + 1
        elif wall == last.wall_ms:
            counter = last.counter + 1
        elif wall == remote.wall_ms:
            counter = remote.counter + 1
        else:
            counter = 0
        self._last = self._stamp(wall, counter)
        return self._last

    def _stamp(self, wall_ms: int, counter: int) -> Timestamp:
        """This device's timestamp at (wall_ms, counter), a counter beyond MAX_COUNTER carried
        into the wall part: it still sorts after every timestamp before it."""
        if counter > MAX_COUNTER:
            return Timestamp(wall_ms + 1, 0, self._device)
        return Timestamp(wall_ms, counter, self._device)

    def _bounded_last(self, physical_ms: int) -> Timestamp:
        """The last timestamp, or nothing when it is beyond the drift bound (a wrong clock,
        since corrected): then the clock goes on from the wall clock."""
        if is_ahead(self._last, physical_ms):
            return Timestamp(0, 0, self._device)
        return self._last


def is_ahead(stamp: Timestamp, physical_ms: int) -> bool:
    """Whether a timestamp is further ahead of this wall clock than a sane clock drifts."""
    return stamp.wall_ms - physical_ms > MAX_DRIFT_MS


def horizon(physical_ms: int) -> str:
    """The greatest encoded timestamp not ahead of this wall clock: every encoded HLC that
    sorts after it `is_ahead` (for comparisons in SQL)."""
    return Timestamp(physical_ms + MAX_DRIFT_MS, 999_999, "g").encode()
