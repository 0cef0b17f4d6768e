"""The day and the time the tests reckon on, injected where the code asks for them."""

from __future__ import annotations

import datetime as dt

# The day most tests are set on (a Tuesday): the code is given it (`today=`), never the real one.
TODAY = dt.date(2026, 11, 24)


class FakeClock:
    """A clock the test moves by hand: `now()` for the code's `now` parameters, `monotonic()`
    and `time()` for its timers, `sleep(seconds)` records the wait and moves the clock on
    instead of waiting."""

    def __init__(self, start: dt.datetime | None = None) -> None:
        self.at = start or dt.datetime(2026, 11, 24, 9, 0, tzinfo=dt.UTC)
        self.sleeps: list[float] = []

    def now(self) -> dt.datetime:
        return self.at

    def time(self) -> float:
        return self.at.timestamp()

    monotonic = time

    def advance(self, seconds: float) -> None:
        self.at += dt.timedelta(seconds=seconds)

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.advance(seconds)
