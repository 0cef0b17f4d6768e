"""Hybrid logical clock: timestamps that order events across devices with drifting clocks.

A timestamp is `wall_ms`, `counter` and the device id; as text it sorts the same way as the
tuple, so it can be compared in SQL and in bundles without parsing."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

# A remote timestamp further ahead than this is refused as evidence of a wrong clock.
MAX_DRIFT_MS = 24 * 3600 * 1000


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
        if physical_ms > self._last.wall_ms:
            ts = Timestamp(physical_ms, 0, self._device)
        else:
            ts = Timestamp(self._last.wall_ms, self._last.counter + 1, self._device)
        self._last = ts
        return ts

    def observe(self, remote: Timestamp, physical_ms: int) -> Timestamp:
        """Merge a remote timestamp so later local events sort after it."""
        if remote.wall_ms - physical_ms > MAX_DRIFT_MS:
            raise ClockDriftError("remote clock ahead beyond the allowed drift")
        wall = max(self._last.wall_ms, remote.wall_ms, physical_ms)
        if wall == self._last.wall_ms == remote.wall_ms:
            counter = max(self._last.counter, remote.counter) + 1
        elif wall == self._last.wall_ms:
            counter = self._last.counter + 1
        elif wall == remote.wall_ms:
            counter = remote.counter + 1
        else:
            counter = 0
        self._last = Timestamp(wall, counter, self._device)
        return self._last
