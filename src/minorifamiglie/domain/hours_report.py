"""The monthly rendicontazione ore, computed once: per ambito, service, case and operator, the
authorised hours against the hours delivered, the visits cancelled per cause, and the totals per
service, per ambito and overall. The GUI, the PDF and the CSV all show these numbers.

The rules (DOMAIN.md, "Rendicontazione ore"):
- a visit is delivered when `hours.counts` says so: closed and signed, not deleted, with a
  counted outcome (svolta; missed visits too if the Ambito pays for them). Drafts are excluded:
  their times may still change. An amended visit counts once, with its original times (an
  amendment adds text, never a new slot);
- ore dirette / indirette follow the visit's kind (`VisitKind.is_direct`);
- overlapping visits of one operator on one case are counted as the union of their intervals, so
  nothing is paid twice: visits are taken by start time and each is credited only the minutes not
  already covered by an earlier one of the same operator, case and day;
- a visit belongs to the service of its activation, or to the case's own service without one;
- the authorised hours are the share of each activation's monte ore that falls in the month
  (`hours.authorised_for_range`, pro rata by days; a whole month of a monthly activation gives
  exactly its hours); they sit on the row of the activation's operator ("" when it has none);
- cancelled visits (closed, not deleted, outcome other than svolta) are counted per cause;
- holidays change nothing: a visit on a holiday counts like any other.

Hours are kept in minutes and turned into hours (two decimals) only for display, so totals are
sums of minutes, not of rounded hours."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field

from minorifamiglie.domain.enums import (
    HoursPeriod,
    Service,
    VisitKind,
    VisitOutcome,
    VisitStatus,
)
from minorifamiglie.domain.hours import (
    HoursRules,
    authorised_for_range,
    counts,
    in_range,
    overlap,
    to_hours,
)

CANCELLED_OUTCOMES = (
    VisitOutcome.CANCELLED_BY_FAMILY,
    VisitOutcome.CANCELLED_BY_SERVICE,
    VisitOutcome.NO_SHOW,
)


# ------------------------------------------------------------------------------ inputs


@dataclass(frozen=True, slots=True)
class CaseInfo:
    """A case as the report names it: its code and the minor's initials, never a name."""

    case_id: uuid.UUID
    code: str
    initials: str
    ambito_code: str
    ambito_name: str
    service: Service


@dataclass(frozen=True, slots=True)
class ActivationInfo:
    activation_id: uuid.UUID
    case_id: uuid.UUID
    service: Service
    start_on: dt.date
    end_on: dt.date | None
    authorised_hours: float
    hours_period: HoursPeriod
    operator_id: uuid.UUID | None = None
    operator: str = ""


@dataclass(frozen=True, slots=True)
class VisitInfo:
    """The columns of a visit the report needs (it fits `hours.TimedVisit`)."""

    visit_id: uuid.UUID
    case_id: uuid.UUID
    activation_id: uuid.UUID | None
    operator_id: uuid.UUID
    operator: str
    kind: VisitKind
    date: dt.date
    start_time: dt.time
    end_time: dt.time
    outcome: VisitOutcome
    status: VisitStatus
    deleted_at: dt.datetime | None = None


# ------------------------------------------------------------------------------ outputs


@dataclass(frozen=True, slots=True)
class Tally:
    """Authorised against delivered, and the cancelled visits by cause."""

    authorised_hours: float = 0.0
    direct_minutes: int = 0
    indirect_minutes: int = 0
    visits: int = 0  # visits that count (their minutes may be reduced by an overlap)
    cancelled_by_family: int = 0
    cancelled_by_service: int = 0
    no_show: int = 0

    def __add__(self, other: Tally) -> Tally:
        return Tally(
            round(self.authorised_hours + other.authorised_hours, 2),
            self.direct_minutes + other.direct_minutes,
            self.indirect_minutes + other.indirect_minutes,
            self.visits + other.visits,
            self.cancelled_by_family + other.cancelled_by_family,
            self.cancelled_by_service + other.cancelled_by_service,
            self.no_show + other.no_show,
        )

    @property
    def direct_hours(self) -> float:
        return to_hours(self.direct_minutes)

    @property
    def indirect_hours(self) -> float:
        return to_hours(self.indirect_minutes)

    @property
    def delivered_hours(self) -> float:
        """Direct and indirect together."""
        return to_hours(self.direct_minutes + self.indirect_minutes)

    @property
    def cancelled(self) -> int:
        return self.cancelled_by_family + self.cancelled_by_service + self.no_show

    def cancelled_for(self, outcome: VisitOutcome) -> int:
        return {
            VisitOutcome.CANCELLED_BY_FAMILY: self.cancelled_by_family,
            VisitOutcome.CANCELLED_BY_SERVICE: self.cancelled_by_service,
            VisitOutcome.NO_SHOW: self.no_show,
        }.get(outcome, 0)


@dataclass(frozen=True, slots=True)
class HoursRow:
    """One operator's hours on one service of one case."""

    ambito_code: str
    ambito_name: str
    service: Service
    case_code: str
    initials: str
    operator: str  # "" for authorised hours of an activation without an operator
    hours: Tally


@dataclass(frozen=True, slots=True)
class CaseTotal:
    ambito_code: str
    service: Service
    case_code: str
    initials: str
    hours: Tally


@dataclass(frozen=True, slots=True)
class ServiceTotal:
    ambito_code: str
    service: Service
    hours: Tally


@dataclass(frozen=True, slots=True)
class AmbitoTotal:
    ambito_code: str
    ambito_name: str
    hours: Tally


@dataclass(frozen=True, slots=True)
class HoursReport:
    """The month's report; `rows` sorted by ambito, service, case and operator."""

    first: dt.date
    last: dt.date
    ambito: str | None  # the ambito code it is limited to, or None for all
    rows: tuple[HoursRow, ...]
    by_case: tuple[CaseTotal, ...] = ()
    by_service: tuple[ServiceTotal, ...] = ()
    by_ambito: tuple[AmbitoTotal, ...] = ()
    total: Tally = field(default_factory=Tally)

    @property
    def month(self) -> str:
        return f"{self.first:%Y-%m}"


# ------------------------------------------------------------------------------ the computation

_Key = tuple[uuid.UUID, Service, uuid.UUID | None]  # case, service, operator


def credited_minutes(visits: Iterable[VisitInfo]) -> dict[uuid.UUID, int]:
    """Minutes credited to each visit once overlaps of the same operator, case and day are
    removed: by start time, each visit gets only the part not covered by an earlier one."""
    groups: dict[tuple[uuid.UUID, uuid.UUID, dt.date], list[VisitInfo]] = {}
    for v in visits:
        groups.setdefault((v.case_id, v.operator_id, v.date), []).append(v)
    out: dict[uuid.UUID, int] = {}
    for group in groups.values():
        covered = 0  # minutes since midnight already counted
        for v in sorted(group, key=lambda v: (v.start_time, v.end_time, v.visit_id)):
            start = v.start_time.hour * 60 + v.start_time.minute
            end = v.end_time.hour * 60 + v.end_time.minute
            out[v.visit_id] = max(0, end - max(start, covered))
            covered = max(covered, end)
    return out


def compute(
    first: dt.date,
    last: dt.date,
    cases: Iterable[CaseInfo],
    activations: Iterable[ActivationInfo],
    visits: Iterable[VisitInfo],
    *,
    ambito: str | None = None,
    rules: HoursRules | None = None,
) -> HoursReport:
    """The report of [first, last] (a month) from the cases, their activations and visits.
    Visits outside the range, of unknown cases, drafts and deleted ones are ignored."""
    rules = rules or HoursRules()
    case_of = {c.case_id: c for c in cases}
    acts = [a for a in activations if a.case_id in case_of]
    act_service = {a.activation_id: a.service for a in acts}
    tallies: dict[_Key, Tally] = {}
    names: dict[uuid.UUID | None, str] = {None: ""}

    def add(key: _Key, tally: Tally) -> None:
        tallies[key] = tallies.get(key, Tally()) + tally

    for a in acts:
        span = overlap(first, last, a.start_on, a.end_on)
        if span is None:
            continue
        names[a.operator_id] = a.operator
        hours = authorised_for_range(a.authorised_hours, a.hours_period, *span)
        add((a.case_id, a.service, a.operator_id), Tally(authorised_hours=hours))

    live = [
        v
        for v in visits
        if v.case_id in case_of
        and v.deleted_at is None
        and v.status is VisitStatus.CLOSED
        and in_range(v.date, first, last)
    ]
    counted = [v for v in live if counts(v, rules)]
    minutes = credited_minutes(counted)
    for v in live:
        names[v.operator_id] = v.operator
        service = act_service.get(v.activation_id) if v.activation_id else None
        key = (v.case_id, service or case_of[v.case_id].service, v.operator_id)
        cancelled = Tally(
            cancelled_by_family=int(v.outcome is VisitOutcome.CANCELLED_BY_FAMILY),
            cancelled_by_service=int(v.outcome is VisitOutcome.CANCELLED_BY_SERVICE),
            no_show=int(v.outcome is VisitOutcome.NO_SHOW),
        )
        if v.visit_id in minutes:
            used = minutes[v.visit_id]
            direct = v.kind.is_direct
            cancelled = cancelled + Tally(
                direct_minutes=used if direct else 0,
                indirect_minutes=0 if direct else used,
                visits=1,
            )
        add(key, cancelled)

    rows = sorted(
        (
            HoursRow(
                case_of[case_id].ambito_code,
                case_of[case_id].ambito_name,
                service,
                case_of[case_id].code,
                case_of[case_id].initials,
                names.get(op_id, ""),
                tally,
            )
            for (case_id, service, op_id), tally in tallies.items()
        ),
        key=lambda r: (r.ambito_code, r.service.label(), r.case_code, r.operator == "", r.operator),
    )
    return summarise(first, last, ambito, rows)


def summarise(
    first: dt.date, last: dt.date, ambito: str | None, rows: list[HoursRow]
) -> HoursReport:
    """The totals per case, per service (within an ambito), per ambito and overall."""
    by_case: dict[tuple[str, Service, str], CaseTotal] = {}
    by_service: dict[tuple[str, Service], ServiceTotal] = {}
    by_ambito: dict[str, AmbitoTotal] = {}
    total = Tally()
    for r in rows:
        ck = (r.ambito_code, r.service, r.case_code)
        prev_c = by_case.get(ck)
        by_case[ck] = CaseTotal(
            r.ambito_code,
            r.service,
            r.case_code,
            r.initials,
            r.hours if prev_c is None else prev_c.hours + r.hours,
        )
        sk = (r.ambito_code, r.service)
        prev_s = by_service.get(sk)
        by_service[sk] = ServiceTotal(
            r.ambito_code, r.service, r.hours if prev_s is None else prev_s.hours + r.hours
        )
        prev_a = by_ambito.get(r.ambito_code)
        by_ambito[r.ambito_code] = AmbitoTotal(
            r.ambito_code, r.ambito_name, r.hours if prev_a is None else prev_a.hours + r.hours
        )
        total = total + r.hours
    return HoursReport(
        first,
        last,
        ambito,
        tuple(rows),
        tuple(by_case.values()),
        tuple(by_service.values()),
        tuple(by_ambito.values()),
        total,
    )
