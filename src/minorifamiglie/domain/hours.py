"""Hours against the monte ore: which visits count, their durations, the authorised share of a
period. Pure arithmetic; whether a missed visit counts is an Ambito setting (DOMAIN.md)."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

from minorifamiglie.domain.enums import HoursPeriod, VisitOutcome, VisitStatus
from minorifamiglie.domain.errors import ValidationError


@dataclass(frozen=True, slots=True)
class HoursRules:
    """Set per Ambito. By default only visits that took place (svolta) count; an Ambito that
    pays for missed visits sets `count_missed`, and `missed_outcomes` says which ones are
    "missed" (by default the assenza non comunicata)."""

    count_missed: bool = False
    missed_outcomes: frozenset[VisitOutcome] = frozenset({VisitOutcome.NO_SHOW})

    def counted_outcomes(self) -> frozenset[VisitOutcome]:
        done = frozenset({VisitOutcome.DONE})
        return done | self.missed_outcomes if self.count_missed else done


class TimedVisit(Protocol):
    """What the arithmetic needs of a visit: `entities.Visit` fits, so does a slim row."""

    @property
    def date(self) -> dt.date: ...
    @property
    def start_time(self) -> dt.time: ...
    @property
    def end_time(self) -> dt.time: ...
    @property
    def outcome(self) -> VisitOutcome: ...
    @property
    def status(self) -> VisitStatus: ...
    @property
    def deleted_at(self) -> dt.datetime | None: ...


@dataclass(frozen=True, slots=True)
class VisitSlot:
    """The columns of a visit that hours are computed from, without its texts."""

    date: dt.date
    start_time: dt.time
    end_time: dt.time
    outcome: VisitOutcome
    status: VisitStatus
    deleted_at: dt.datetime | None = None


def duration_minutes(start: dt.time, end: dt.time) -> int:
    """Minutes from start to end of the same day; an inverted pair counts nothing."""
    minutes = (end.hour * 60 + end.minute) - (start.hour * 60 + start.minute)
    return max(minutes, 0)


def counts(visit: TimedVisit, rules: HoursRules | None = None) -> bool:
    """A visit counts once it is closed and signed, not deleted, with a counted outcome.
    Drafts do not count: their times may still change."""
    rules = rules or HoursRules()
    return (
        visit.deleted_at is None
        and visit.status is VisitStatus.CLOSED
        and visit.outcome in rules.counted_outcomes()
    )


def in_range(day: dt.date, start: dt.date | None, end: dt.date | None) -> bool:
    return (start is None or start <= day) and (end is None or day <= end)


def minutes_used(
    visits: Iterable[TimedVisit],
    rules: HoursRules | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
) -> int:
    """Total minutes of the visits that count, dated within [start, end] (both inclusive)."""
    rules = rules or HoursRules()
    return sum(
        duration_minutes(v.start_time, v.end_time)
        for v in visits
        if counts(v, rules) and in_range(v.date, start, end)
    )


def to_hours(minutes: int) -> float:
    return round(minutes / 60, 2)


def month_bounds(year: int, month: int) -> tuple[dt.date, dt.date]:
    """First and last day of a month."""
    return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])


def parse_month(text: str, field: str = "month") -> tuple[dt.date, dt.date]:
    """A month typed as AAAA-MM, as its first and last day."""
    found = re.fullmatch(r"(\d{4})-(\d{1,2})", text.strip())
    if not found or not 1 <= int(found.group(2)) <= 12:
        raise ValidationError("Mese non valido: usare AAAA-MM", field)
    return month_bounds(int(found.group(1)), int(found.group(2)))


def overlap(
    start: dt.date, end: dt.date, other_start: dt.date, other_end: dt.date | None
) -> tuple[dt.date, dt.date] | None:
    """The common days of two ranges (the second may be open-ended), or None."""
    first = max(start, other_start)
    last = end if other_end is None else min(end, other_end)
    return (first, last) if first <= last else None


def authorised_for_range(
    authorised_hours: float, period: HoursPeriod, start: dt.date, end: dt.date
) -> float:
    """The share of a weekly or monthly monte ore that falls in [start, end], pro rata by days:
    a whole calendar month of a monthly activation gives exactly its authorised hours."""
    if end < start:
        return 0.0
    if period is HoursPeriod.WEEK:
        return round(authorised_hours * ((end - start).days + 1) / 7, 2)
    total = 0.0
    day = start
    while day <= end:
        first, last = month_bounds(day.year, day.month)
        upto = min(last, end)
        total += authorised_hours * ((upto - day).days + 1) / ((last - first).days + 1)
        day = upto + dt.timedelta(days=1)
    return round(total, 2)
