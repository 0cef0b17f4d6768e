"""The one hours rule: which visits count against the monte ore, the minutes each is credited,
the authorised share of a period and how minutes become the hours shown. Pure arithmetic over
plain values; the case file, the GUI table, the PDF and the CSV all take their numbers from
`tallies` here, so they agree to the minute for every activation and month.

The rule (DOMAIN.md, "monte ore", "ore dirette / indirette", "Rendicontazione ore"):
- a visit counts once it is closed and signed, not deleted, with a counted outcome (svolta;
  missed visits too when the Ambito pays them) and a counted kind (`HoursRules`). Drafts do not
  count: their times may still change. An amended visit counts once, with its original times;
- overlapping visits of one operator on one case are counted as the union of their times, so
  nothing is paid twice: on each day, taken by start time, a visit is credited only the minutes
  not already covered by an earlier one of the same operator and case (so when the two belong
  to different activations, the one that started first keeps the common minutes). Two
  operators at the same meeting are two people's work: both count;
- ore dirette / indirette follow the visit's kind (`VisitKind.is_direct`); "visite svolte" are
  the meetings in person with the child or the family that took place (`is_visit`), never a
  team meeting, a report being written or a phone call, whatever their minutes;
- the authorised hours are the share of an activation's monte ore that falls in the period, pro
  rata by days (a whole calendar month of a monthly activation gives exactly its hours), leaving
  out the days the case was suspended (or after it was closed): see `unpaid_spans`.

Rounding, in one place (`Tally`). Minutes are integers and stay exact. They become hundredths
of an hour once, on the finest line anything shows: one activation and one operator in one
period (the case file shows an activation, the report a case, service and operator: both are
sums of these lines). Every figure above that is the sum of the hundredths shown below it:
delivered = direct + indirect, a case's, a service's, an ambito's and the month's totals. So the
rows of the report add up to its totals exactly as printed, and a spreadsheet's SUM over the
CSV gives the printed total. The price is that a total may differ from the rounding of its
exact minutes by at most half a hundredth (18 seconds) per line; the choice over largest-
remainder rounding is deliberate: that would change a line's figure depending on the other
lines, and the case file could no longer show the same figure as the report."""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import re
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Protocol, TypeVar

from minorifamiglie.domain.enums import (
    CaseStatus,
    HoursPeriod,
    Service,
    VisitKind,
    VisitOutcome,
    VisitStatus,
)
from minorifamiglie.domain.errors import ValidationError

Span = tuple[dt.date, dt.date | None]  # both days included; None: still open

CANCELLED_OUTCOMES = (
    VisitOutcome.CANCELLED_BY_FAMILY,
    VisitOutcome.CANCELLED_BY_SERVICE,
    VisitOutcome.NO_SHOW,
)


@dataclass(frozen=True, slots=True)
class HoursRules:
    """The parameters of the rule an Ambito may set (its settings will feed them later; these
    are today's defaults). By default only visits that took place (svolta) count; an Ambito
    that pays for missed visits sets `count_missed`, and `missed_outcomes` says which ones are
    "missed" (by default the assenza non comunicata). Phone calls count as indirect hours
    unless `count_phone_calls` is off."""

    count_missed: bool = False
    missed_outcomes: frozenset[VisitOutcome] = frozenset({VisitOutcome.NO_SHOW})
    count_phone_calls: bool = True

    def counted_outcomes(self) -> frozenset[VisitOutcome]:
        return _counted_outcomes(self.count_missed, self.missed_outcomes)

    def counts_kind(self, kind: VisitKind) -> bool:
        return self.count_phone_calls or kind is not VisitKind.PHONE_CALL


@functools.cache
def _counted_outcomes(
    count_missed: bool, missed: frozenset[VisitOutcome]
) -> frozenset[VisitOutcome]:
    done = frozenset({VisitOutcome.DONE})
    return done | missed if count_missed else done


DEFAULT_RULES = HoursRules()


class TimedVisit(Protocol):
    """What deciding whether a visit counts needs: `entities.Visit` fits, so does a slim row."""

    @property
    def kind(self) -> VisitKind: ...
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


class HoursVisit(TimedVisit, Protocol):
    """A visit with what the hours are grouped by: `entities.Visit` fits."""

    @property
    def id(self) -> uuid.UUID: ...
    @property
    def case_id(self) -> uuid.UUID: ...
    @property
    def activation_id(self) -> uuid.UUID | None: ...
    @property
    def operator_id(self) -> uuid.UUID: ...


class ActivationTerms(Protocol):
    """An activation's monte ore: `entities.ServiceActivation` fits."""

    @property
    def id(self) -> uuid.UUID: ...
    @property
    def case_id(self) -> uuid.UUID: ...
    @property
    def service(self) -> Service: ...
    @property
    def start_on(self) -> dt.date: ...
    @property
    def end_on(self) -> dt.date | None: ...
    @property
    def authorised_hours(self) -> float: ...
    @property
    def hours_period(self) -> HoursPeriod: ...
    @property
    def operator_id(self) -> uuid.UUID | None: ...


@dataclass(frozen=True, slots=True)
class VisitSlot:
    """The columns of a visit that deciding whether it counts needs, without its texts."""

    date: dt.date
    start_time: dt.time
    end_time: dt.time
    outcome: VisitOutcome
    status: VisitStatus
    deleted_at: dt.datetime | None = None
    kind: VisitKind = VisitKind.HOME_VISIT


# ------------------------------------------------------------------------------ visits


def minute_of_day(moment: dt.time) -> int:
    return moment.hour * 60 + moment.minute


def duration_minutes(start: dt.time, end: dt.time) -> int:
    """Minutes from start to end of the same day; an inverted pair counts nothing."""
    return max(minute_of_day(end) - minute_of_day(start), 0)


def counts(visit: TimedVisit, rules: HoursRules | None = None) -> bool:
    """A visit counts once it is closed and signed, not deleted, with a counted outcome and
    kind. Drafts do not count: their times may still change."""
    rules = rules or DEFAULT_RULES
    return (
        visit.deleted_at is None
        and visit.status is VisitStatus.CLOSED
        and visit.outcome in rules.counted_outcomes()
        and rules.counts_kind(visit.kind)
    )


def is_visit(kind: VisitKind) -> bool:
    """A meeting in person with the child or the family (what "visite svolte" and "visite
    annullate" count): not a team meeting, a report being written or a phone call."""
    return kind.is_direct


def in_range(day: dt.date, start: dt.date | None, end: dt.date | None) -> bool:
    return (start is None or start <= day) and (end is None or day <= end)


V = TypeVar("V", bound=HoursVisit)


def _same_slot_groups(visits: Iterable[V]) -> list[list[V]]:
    """Visits of one operator on one case on one day, each group by start time."""
    groups: dict[tuple[uuid.UUID, uuid.UUID, dt.date], list[V]] = {}
    for v in visits:
        groups.setdefault((v.case_id, v.operator_id, v.date), []).append(v)
    return [
        sorted(group, key=lambda v: (v.start_time, v.end_time, v.id)) if len(group) > 1 else group
        for group in groups.values()
    ]


def credited_minutes(
    visits: Iterable[HoursVisit], rules: HoursRules | None = None
) -> dict[uuid.UUID, int]:
    """Minutes credited to each visit that counts, once overlaps of the same operator, case
    and day are removed: by start time, each visit gets only the part not covered by an
    earlier one. Visits that do not count are left out."""
    rules = rules or DEFAULT_RULES
    out: dict[uuid.UUID, int] = {}
    for group in _same_slot_groups(v for v in visits if counts(v, rules)):
        covered = 0  # minutes since midnight already credited
        for v in group:
            start, end = minute_of_day(v.start_time), minute_of_day(v.end_time)
            out[v.id] = max(0, end - max(start, covered))
            covered = max(covered, end)
    return out


@dataclass(frozen=True, slots=True)
class Overlap:
    """Two visits of one operator on one case whose times cross on the same day; `minutes`
    are the minutes they share (counted once)."""

    first: HoursVisit
    second: HoursVisit
    minutes: int


def overlaps(visits: Iterable[V]) -> list[Overlap]:
    """Every pair of the given visits of one operator on one case whose times cross, the
    earlier first; the caller chooses which visits (those that count, or those being typed)."""
    out: list[Overlap] = []
    for group in _same_slot_groups(visits):
        for i, a in enumerate(group):
            for b in group[i + 1 :]:
                if b.start_time >= a.end_time:
                    break  # sorted by start: no later one reaches back into `a`
                shared = minute_of_day(min(a.end_time, b.end_time)) - minute_of_day(b.start_time)
                if shared > 0:
                    out.append(Overlap(a, b, shared))
    return out


def crossing(visit: V, others: Iterable[V], rules: HoursRules | None = None) -> list[V]:
    """The other live visits of the same operator, case and day whose times cross `visit`'s,
    both with an outcome and a kind that would count (drafts too: they will be signed), by
    start time. What the educator is warned about when entering a visit."""
    rules = rules or DEFAULT_RULES

    def countable(v: TimedVisit) -> bool:
        return (
            v.deleted_at is None
            and v.outcome in rules.counted_outcomes()
            and rules.counts_kind(v.kind)
        )

    if not countable(visit):
        return []
    return sorted(
        (
            v
            for v in others
            if v.id != visit.id
            and countable(v)
            and (v.case_id, v.operator_id, v.date) == (visit.case_id, visit.operator_id, visit.date)
            and v.start_time < visit.end_time
            and visit.start_time < v.end_time
        ),
        key=lambda v: (v.start_time, v.end_time),
    )


# ------------------------------------------------------------------------------ periods


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


def free_parts(
    start: dt.date, end: dt.date, without: Iterable[Span] = ()
) -> list[tuple[dt.date, dt.date]]:
    """The days of [start, end] outside every span of `without`, as ranges."""
    parts = [(start, end)] if start <= end else []
    one = dt.timedelta(days=1)
    for gap_start, gap_end in without:
        kept: list[tuple[dt.date, dt.date]] = []
        for a, b in parts:
            if (gap_end is not None and gap_end < a) or b < gap_start:
                kept.append((a, b))
                continue
            if a < gap_start:
                kept.append((a, gap_start - one))
            if gap_end is not None and gap_end < b:
                kept.append((gap_end + one, b))
        parts = kept
    return parts


def unpaid_spans(
    history: Sequence[tuple[dt.date, CaseStatus]], closed_on: dt.date | None = None
) -> tuple[Span, ...]:
    """The days a case accrues no authorised hours: while it is suspended, and after it was
    closed. `history` is the case's status, each from the day it took effect, in the order it
    was set; a status holds from its day until the day before the next one."""
    spans: list[Span] = []
    since: dt.date | None = None
    for day, status in history:
        if status is CaseStatus.SUSPENDED:
            since = day if since is None else since
        elif since is not None:
            if day > since:
                spans.append((since, day - dt.timedelta(days=1)))
            since = None
    if since is not None:
        spans.append((since, None))
    if closed_on is not None:
        spans.append((closed_on + dt.timedelta(days=1), None))
    return tuple(spans)


def _exact_hours(hours: float) -> Fraction:
    """A monte ore as typed (validation keeps it to the hundredth), without binary noise."""
    return Fraction(round(hours * 100), 100)


def authorised_centi(
    authorised_hours: float,
    period: HoursPeriod,
    start: dt.date,
    end: dt.date,
    without: Iterable[Span] = (),
) -> int:
    """The share of a weekly or monthly monte ore that falls in [start, end] outside the spans
    `without`, pro rata by days, in hundredths of an hour: computed exactly and rounded once
    (half up). A whole calendar month of a monthly activation gives exactly its hours."""
    hours = _exact_hours(authorised_hours)
    total = Fraction(0)
    for a, b in free_parts(start, end, without):
        if period is HoursPeriod.WEEK:
            total += hours * ((b - a).days + 1) / 7
            continue
        day = a
        while day <= b:
            first, last = month_bounds(day.year, day.month)
            upto = min(last, b)
            total += hours * ((upto - day).days + 1) / ((last - first).days + 1)
            day = upto + dt.timedelta(days=1)
    return _half_up(total * 100)


def authorised_for_range(
    authorised_hours: float,
    period: HoursPeriod,
    start: dt.date,
    end: dt.date,
    without: Iterable[Span] = (),
) -> float:
    """`authorised_centi` in hours (two decimals)."""
    return authorised_centi(authorised_hours, period, start, end, without) / 100


# ------------------------------------------------------------------------------ shown hours


def _half_up(value: Fraction) -> int:
    return int((value + Fraction(1, 2)) // 1)


def centi_hours(minutes: int) -> int:
    """Minutes as hundredths of an hour, rounded half up: 20 min → 33 (0,33 h). In integers:
    ⌊minutes × 100 / 60 + 1/2⌋ = ⌊(10 × minutes + 3) / 6⌋."""
    return (10 * minutes + 3) // 6


@dataclass(frozen=True, slots=True)
class Tally:
    """Authorised against delivered, and the visits done and cancelled by cause, of one line
    or of a total. Minutes are exact; the `*_centi` figures are the hundredths of an hour
    shown (see the module's "Rounding"): made once per line by `Tally.line`, summed above."""

    authorised_centi: int = 0
    direct_minutes: int = 0
    indirect_minutes: int = 0
    direct_centi: int = 0
    indirect_centi: int = 0
    visits: int = 0  # visits done (`is_visit`) that count
    cancelled_by_family: int = 0
    cancelled_by_service: int = 0
    no_show: int = 0

    @classmethod
    def line(
        cls, authorised_centi: int = 0, direct_minutes: int = 0, indirect_minutes: int = 0, **n: int
    ) -> Tally:
        """The figures of one line: its minutes rounded to the hundredths it shows."""
        return cls(
            authorised_centi,
            direct_minutes,
            indirect_minutes,
            centi_hours(direct_minutes),
            centi_hours(indirect_minutes),
            **n,
        )

    def __add__(self, other: Tally) -> Tally:
        return Tally(
            self.authorised_centi + other.authorised_centi,
            self.direct_minutes + other.direct_minutes,
            self.indirect_minutes + other.indirect_minutes,
            self.direct_centi + other.direct_centi,
            self.indirect_centi + other.indirect_centi,
            self.visits + other.visits,
            self.cancelled_by_family + other.cancelled_by_family,
            self.cancelled_by_service + other.cancelled_by_service,
            self.no_show + other.no_show,
        )

    @property
    def minutes(self) -> int:
        """Delivered minutes, direct and indirect, exact."""
        return self.direct_minutes + self.indirect_minutes

    @property
    def delivered_centi(self) -> int:
        return self.direct_centi + self.indirect_centi

    # Hours as floats for formatting with two decimals: k / 100 always prints back as k.
    @property
    def authorised_hours(self) -> float:
        return self.authorised_centi / 100

    @property
    def direct_hours(self) -> float:
        return self.direct_centi / 100

    @property
    def indirect_hours(self) -> float:
        return self.indirect_centi / 100

    @property
    def delivered_hours(self) -> float:
        """Direct and indirect together, as the sum of the two figures shown."""
        return self.delivered_centi / 100

    @property
    def remaining_hours(self) -> float:
        return (self.authorised_centi - self.delivered_centi) / 100

    @property
    def cancelled(self) -> int:
        return self.cancelled_by_family + self.cancelled_by_service + self.no_show

    def cancelled_for(self, outcome: VisitOutcome) -> int:
        return {
            VisitOutcome.CANCELLED_BY_FAMILY: self.cancelled_by_family,
            VisitOutcome.CANCELLED_BY_SERVICE: self.cancelled_by_service,
            VisitOutcome.NO_SHOW: self.no_show,
        }.get(outcome, 0)


def total(tallies: Iterable[Tally]) -> Tally:
    out = Tally()
    for t in tallies:
        out = out + t
    return out


# ------------------------------------------------------------------------------ the lines


@dataclass(frozen=True, slots=True)
class LineKey:
    """The finest line hours are shown on: one operator's hours on one activation (None for
    visits linked to none) of one service of one case. Authorised hours sit on the line of the
    activation's operator (None when it has none)."""

    case_id: uuid.UUID
    service: Service
    operator_id: uuid.UUID | None
    activation_id: uuid.UUID | None


def tallies(
    first: dt.date,
    last: dt.date,
    activations: Iterable[ActivationTerms],
    visits: Iterable[HoursVisit],
    case_service: Mapping[uuid.UUID, Service],
    *,
    rules: HoursRules | None = None,
    unpaid: Mapping[uuid.UUID, Sequence[Span]] | None = None,
) -> dict[LineKey, Tally]:
    """The hours of [first, last] (usually a month) per line, for the cases of `case_service`
    (each case's own service): the authorised share of each activation (outside the case's
    `unpaid` spans), the minutes credited to the visits that count, and the visits done and
    cancelled. A visit belongs to its activation's service when the activation is among
    `activations`, else to the case's. Give every visit of the cases on the days concerned:
    the credit of one depends on the others of the same operator, case and day."""
    rules = rules or DEFAULT_RULES
    unpaid = unpaid or {}
    acts = [a for a in activations if a.case_id in case_service]
    service_of = {a.id: a.service for a in acts}
    out: dict[LineKey, Tally] = {}

    def add(key: LineKey, tally: Tally) -> None:
        out[key] = out.get(key, Tally()) + tally

    for a in acts:
        span = overlap(first, last, a.start_on, a.end_on)
        gaps = unpaid.get(a.case_id, ())
        if span is None or not free_parts(*span, gaps):
            continue  # not running, or the case suspended all along: no line of its own
        centi = authorised_centi(a.authorised_hours, a.hours_period, *span, gaps)
        add(LineKey(a.case_id, a.service, a.operator_id, a.id), Tally(authorised_centi=centi))

    live = [
        v
        for v in visits
        if v.case_id in case_service
        and v.deleted_at is None
        and v.status is VisitStatus.CLOSED
        and in_range(v.date, first, last)
    ]
    credit = credited_minutes(live, rules)
    # Per line: direct and indirect minutes, visits done, cancelled by family, by the service,
    # no-shows; made into Tallies once at the end.
    sums: dict[LineKey, list[int]] = {}
    done, by_family = VisitOutcome.DONE, VisitOutcome.CANCELLED_BY_FAMILY
    by_service, no_show = VisitOutcome.CANCELLED_BY_SERVICE, VisitOutcome.NO_SHOW
    for v in live:
        service = (service_of.get(v.activation_id) if v.activation_id else None) or case_service[
            v.case_id
        ]
        key = LineKey(v.case_id, service, v.operator_id, v.activation_id)
        line = sums.get(key)
        if line is None:
            line = sums[key] = [0, 0, 0, 0, 0, 0]
        minutes = credit.get(v.id)
        if minutes is not None:
            line[0 if v.kind.is_direct else 1] += minutes
        if is_visit(v.kind):
            outcome = v.outcome
            line[2] += outcome is done and minutes is not None
            line[3] += outcome is by_family
            line[4] += outcome is by_service
            line[5] += outcome is no_show
    for key, (direct, indirect, visits_done, family, service_side, missed) in sums.items():
        add(
            key,
            Tally.line(
                direct_minutes=direct,
                indirect_minutes=indirect,
                visits=visits_done,
                cancelled_by_family=family,
                cancelled_by_service=service_side,
                no_show=missed,
            ),
        )
    return out


def activation_tally(
    activation: ActivationTerms,
    first: dt.date,
    last: dt.date,
    case_visits: Iterable[HoursVisit],
    case_service: Service,
    *,
    rules: HoursRules | None = None,
    unpaid: Sequence[Span] = (),
) -> Tally:
    """One activation's hours in [first, last]: the sum of its lines (one per operator), the
    same figures the report's rows are made of. `case_visits`: every visit of the case."""
    lines = tallies(
        first,
        last,
        [activation],
        case_visits,
        {activation.case_id: case_service},
        rules=rules,
        unpaid={activation.case_id: unpaid},
    )
    return total(t for key, t in lines.items() if key.activation_id == activation.id)
