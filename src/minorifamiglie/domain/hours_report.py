"""The monthly rendicontazione ore, computed once: per ambito, service, case and operator, the
authorised hours against the hours delivered, the visits done and cancelled per cause, and the
totals per case, service, ambito and overall; and the overlapping visits that were counted once,
for the coordinator to check. The GUI, the PDF and the CSV all show these numbers.

What counts, how overlaps and suspensions are treated and how minutes are rounded is the one
hours rule of `domain/hours.py`: a row is the sum of its lines (`hours.tallies`: one per
activation and operator, the same lines the case file shows an activation with), every total the
sum of its rows as shown. Holidays change nothing: a visit on a holiday counts like any other."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from minorifamiglie.domain.enums import (
    HoursPeriod,
    Service,
    VisitKind,
    VisitOutcome,
    VisitStatus,
)
from minorifamiglie.domain.hours import (
    CANCELLED_OUTCOMES,
    HoursRules,
    Span,
    Tally,
    counts,
    credited_minutes,
    in_range,
    overlaps,
    tallies,
)
from minorifamiglie.domain.places import NOT_GIVEN

__all__ = [
    "CANCELLED_OUTCOMES",
    "ActivationInfo",
    "AmbitoTotal",
    "CaseInfo",
    "CaseTotal",
    "HoursReport",
    "HoursRow",
    "OverlapLine",
    "ServiceTotal",
    "Tally",
    "VisitInfo",
    "compute",
    "credited_minutes",
    "summarise",
]


# ------------------------------------------------------------------------------ inputs


@dataclass(frozen=True, slots=True)
class CaseInfo:
    """A case as the report names it: its code and the minor's initials, never a name; its
    comune of residence by name ("" when not given or unknown)."""

    case_id: uuid.UUID
    code: str
    initials: str
    ambito_code: str
    ambito_name: str
    service: Service
    comune: str = ""


@dataclass(frozen=True, slots=True)
class ActivationInfo:
    """An activation's monte ore and operator (it fits `hours.ActivationTerms`)."""

    id: uuid.UUID
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
    """The columns of a visit the report needs (it fits `hours.HoursVisit`)."""

    id: uuid.UUID
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
class HoursRow:
    """One operator's hours on one service of one case."""

    ambito_code: str
    ambito_name: str
    service: Service
    case_code: str
    initials: str
    operator: str  # "" for authorised hours of an activation without an operator
    hours: Tally
    comune: str = NOT_GIVEN  # the case's comune of residence, "non indicato" when not given


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
class OverlapLine:
    """Two visits of one operator on one case that cross: `minutes` shared, counted once."""

    ambito_code: str
    case_code: str
    initials: str
    operator: str
    day: dt.date
    first: tuple[dt.time, dt.time]
    second: tuple[dt.time, dt.time]
    minutes: int


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
    overlaps: tuple[OverlapLine, ...] = ()

    @property
    def month(self) -> str:
        return f"{self.first:%Y-%m}"


# ------------------------------------------------------------------------------ the computation


def compute(
    first: dt.date,
    last: dt.date,
    cases: Iterable[CaseInfo],
    activations: Iterable[ActivationInfo],
    visits: Iterable[VisitInfo],
    *,
    ambito: str | None = None,
    rules: HoursRules | None = None,
    unpaid: Mapping[uuid.UUID, Sequence[Span]] | None = None,
    rules_by_case: Mapping[uuid.UUID, HoursRules] | None = None,
) -> HoursReport:
    """The report of [first, last] (a month) from the cases, their activations and visits, and
    the spans each case accrues no authorised hours (suspended, closed). Visits outside the
    range, of unknown cases, drafts and deleted ones are ignored. Each case is counted by the
    rules of its Ambito (`rules_by_case`), `rules` (or the defaults) for a case not in it:
    a case's lines depend on its own visits and activations only, so the cases are tallied in
    groups of the same rules."""
    case_of = {c.case_id: c for c in cases}
    acts = list(activations)
    visits = list(visits)
    names: dict[uuid.UUID | None, str] = {None: ""}
    names.update((a.operator_id, a.operator) for a in acts if a.operator_id is not None)
    names.update((v.operator_id, v.operator) for v in visits)
    default = rules or HoursRules()
    by_case = rules_by_case or {}
    groups: dict[HoursRules, dict[uuid.UUID, Service]] = {}
    for c in case_of.values():
        groups.setdefault(by_case.get(c.case_id, default), {})[c.case_id] = c.service
    lines = {}
    for group_rules, case_service in groups.items():
        lines.update(
            tallies(first, last, acts, visits, case_service, rules=group_rules, unpaid=unpaid)
        )
    merged: dict[tuple[uuid.UUID, Service, uuid.UUID | None], Tally] = {}
    for key, tally in lines.items():
        row_key = (key.case_id, key.service, key.operator_id)
        merged[row_key] = merged.get(row_key, Tally()) + tally
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
                case_of[case_id].comune or NOT_GIVEN,
            )
            for (case_id, service, op_id), tally in merged.items()
        ),
        key=lambda r: (r.ambito_code, r.service.label(), r.case_code, r.operator == "", r.operator),
    )
    counted = [
        v
        for v in visits
        if v.case_id in case_of
        and in_range(v.date, first, last)
        and counts(v, by_case.get(v.case_id, default))
    ]
    crossed = sorted(
        (
            OverlapLine(
                case_of[o.first.case_id].ambito_code,
                case_of[o.first.case_id].code,
                case_of[o.first.case_id].initials,
                names.get(o.first.operator_id, ""),
                o.first.date,
                (o.first.start_time, o.first.end_time),
                (o.second.start_time, o.second.end_time),
                o.minutes,
            )
            for o in overlaps(counted)
        ),
        key=lambda o: (o.day, o.ambito_code, o.case_code, o.operator, o.first, o.second),
    )
    return summarise(first, last, ambito, rows, tuple(crossed))


def summarise(
    first: dt.date,
    last: dt.date,
    ambito: str | None,
    rows: list[HoursRow],
    crossed: tuple[OverlapLine, ...] = (),
) -> HoursReport:
    """The totals per case, per service (within an ambito), per ambito and overall: each the
    sum of its rows as shown."""
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
        crossed,
    )
