"""One hours rule everywhere: on a demo profile, for every activation and every row of a month,
the case file's figures, the report's row, the PDF's text and the CSV's cells are the same, and
the same as an independent recomputation from the raw visits (overlaps of one operator on one
case counted once, minutes rounded to the hundredth once per activation and operator)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import subprocess
import uuid
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

import pytest

from minorifamiglie.domain import entities as e
from minorifamiglie.domain.enums import (
    HoursPeriod,
    Role,
    Service,
    VisitKind,
    VisitOutcome,
    VisitStatus,
)
from minorifamiglie.domain.hours import HoursRules, month_bounds
from minorifamiglie.domain.ids import ActivationId
from minorifamiglie.services import (
    activations,
    ambito_settings,
    case_summary,
    demo,
    hours_data,
    hours_report,
    profiles,
)
from minorifamiglie.storage import models as m
from minorifamiglie.storage.profile import OpenProfile
from minorifamiglie.storage.repository import Repository
from support.clock import TODAY
from support.profiles import DEVICE, OPERATOR, PASSPHRASE, template_copy

MONTHS = ("2026-10", "2026-11")  # a whole month, and the current one (with drafts)
IN_PERSON = {
    VisitKind.HOME_VISIT,
    VisitKind.FACILITATED_MEETING,
    VisitKind.INTERVIEW,
    VisitKind.ACCOMPANIMENT,
    VisitKind.SCHOOL,
}
CODE = re.compile(r"\b[A-Z]{2,3}-\d{4}-\d{4}-[A-Z2-7]{3}\b")
CENT = Decimal("0.01")
VISIT_FIELDS = (
    "case_id", "activation_id", "operator_id", "kind", "date", "start_time", "end_time",
    "place", "outcome", "present_person_ids", "notes", "facts", "statements", "evaluations",
    "observations", "next_steps", "status", "closed_at",
)  # fmt: skip


@dataclass(frozen=True)
class Demo:
    opened: OpenProfile
    overlap: tuple[e.Visit, e.Visit]  # a visit of the demo, and the one staged to cross it


def minute(moment: dt.time) -> int:
    return moment.hour * 60 + moment.minute


@pytest.fixture(scope="module")
def demo_profile(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Demo]:
    """A small demo profile (with suspended cases), plus one visit crossing another of the
    same educator on the same case in October, whatever the demo's own data holds. Made once
    for the module: its tests only read it (and print from it)."""
    root = tmp_path_factory.mktemp("ore") / "profilo"
    template_copy(root, OPERATOR, Role.EDUCATOR, DEVICE)
    opened = profiles.unlock(root, PASSPHRASE)
    try:
        yield _with_overlap(opened)
    finally:
        opened.close()


def _with_overlap(opened: OpenProfile) -> Demo:
    demo.generate(opened, cases=20, seed=7, today=TODAY)
    first, last = month_bounds(2026, 10)
    with opened.session() as session:
        repo = Repository(session)
        done = repo.find(
            e.Visit,
            m.VisitRow.status == VisitStatus.CLOSED,
            m.VisitRow.outcome == VisitOutcome.DONE,
            m.VisitRow.kind == VisitKind.HOME_VISIT,
            m.VisitRow.activation_id.is_not(None),
            m.VisitRow.date.between(first, last),
            order_by=[m.VisitRow.date, m.VisitRow.id],
        )
        base = next(v for v in done if v.duration_minutes >= 30 and v.end_time.hour < 22)
        middle = (minute(base.start_time) + minute(base.end_time)) // 2 // 5 * 5
        crossing = repo.add(
            e.Visit,
            **{
                **{f: getattr(base, f) for f in VISIT_FIELDS},
                "start_time": dt.time(middle // 60, middle % 60),
                "end_time": base.end_time.replace(hour=base.end_time.hour + 1),
                "notes": "Seconda parte dell'incontro.",
            },
        )
    return Demo(opened, (base, crossing))


# ------------------------------------------------------------------------------ recomputation

Numbers = tuple[Decimal, Decimal, Decimal, int, int, int, int]
LineKey = tuple[uuid.UUID, Service, uuid.UUID | None, uuid.UUID | None]


def credited_by_sets(
    visits: list[e.Visit], rules: dict[uuid.UUID, HoursRules] | None = None
) -> dict[uuid.UUID, int]:
    """Minutes credited to each closed visit that counts under the rules of its case's Ambito
    (done; missed too where the Ambito pays them; phone calls unless it does not): by start
    time, what earlier visits of the operator that day on the case have not covered yet (as
    sets of minutes of the day). Without `rules`, today's defaults."""
    credited: dict[uuid.UUID, int] = {}
    groups: dict[tuple[uuid.UUID, uuid.UUID, dt.date], list[e.Visit]] = defaultdict(list)
    for v in visits:
        rule = rules[v.case_id] if rules is not None else HoursRules()
        missed = rule.count_missed and v.outcome is VisitOutcome.NO_SHOW
        call_ok = rule.count_phone_calls or v.kind is not VisitKind.PHONE_CALL
        if (
            (v.outcome is VisitOutcome.DONE or missed)
            and call_ok
            and v.status is VisitStatus.CLOSED
        ):
            groups[(v.case_id, v.operator_id, v.date)].append(v)
    for group in groups.values():
        covered: set[int] = set()
        for v in sorted(group, key=lambda v: (v.start_time, v.end_time, str(v.id))):
            minutes = set(range(minute(v.start_time), minute(v.end_time)))
            credited[v.id] = len(minutes - covered)
            covered |= minutes
    return credited


def hundredths(minutes: int) -> Decimal:
    return (Decimal(minutes) / 60).quantize(CENT, ROUND_HALF_UP)


def recompute_lines(opened: OpenProfile, month: str) -> dict[LineKey, Numbers]:
    """Per case, service, operator and activation: authorised, direct and indirect hours as
    shown, visits done, cancelled by the family, by the service, no-shows; from the raw rows,
    by another road than domain/hours.py (sets of minutes, Decimal). The days without
    authorised hours (suspended, closed) come from services.hours_data, tested on its own."""
    first, last = month_bounds(*map(int, month.split("-")))
    with opened.read_session() as session:
        repo = Repository(session)
        acts = {a.id: a for a in repo.find(e.ServiceActivation)}
        service_of_case = {c.id: c.service for c in repo.find(e.Case)}
        month_visits = [
            v
            for v in repo.find(e.Visit, m.VisitRow.date.between(first, last))
            if v.status is VisitStatus.CLOSED
        ]
        unpaid = hours_data.unpaid_spans(session, set(service_of_case))
        ambito_of = {c.id: c.ambito_id for c in repo.find(e.Case)}
        of_ambito = ambito_settings.hours_rules_on(session, set(ambito_of.values()), first)
        rules: dict[uuid.UUID, HoursRules] = {
            case_id: of_ambito[ambito] for case_id, ambito in ambito_of.items()
        }
    credited = credited_by_sets(month_visits, rules)
    raw: dict[LineKey, list[Decimal | int]] = defaultdict(lambda: [Decimal(0), 0, 0, 0, 0, 0, 0])
    for act in acts.values():
        lo, hi = max(first, act.start_on), min(last, act.end_on or last)
        days = [
            lo + dt.timedelta(days=n)
            for n in range((hi - lo).days + 1)
            if not any(
                a <= lo + dt.timedelta(days=n) and (b is None or lo + dt.timedelta(days=n) <= b)
                for a, b in unpaid.get(act.case_id, ())
            )
        ]
        if days:
            per = 7 if act.hours_period is HoursPeriod.WEEK else (last - first).days + 1
            share = Decimal(str(act.authorised_hours)) * len(days) / per
            raw[(act.case_id, act.service, act.operator_id, act.id)][0] = share.quantize(
                CENT, ROUND_HALF_UP
            )
    for v in month_visits:
        activation = acts.get(v.activation_id) if v.activation_id else None
        service = activation.service if activation is not None else service_of_case[v.case_id]
        line = raw[(v.case_id, service, v.operator_id, v.activation_id)]
        line[1 if v.kind in IN_PERSON else 2] += credited.get(v.id, 0)
        if v.kind in IN_PERSON:
            outcomes = (
                VisitOutcome.DONE,
                VisitOutcome.CANCELLED_BY_FAMILY,
                VisitOutcome.CANCELLED_BY_SERVICE,
                VisitOutcome.NO_SHOW,
            )
            line[3 + outcomes.index(v.outcome)] += 1
    return {
        key: (
            Decimal(values[0]),
            hundredths(int(values[1])),
            hundredths(int(values[2])),
            *(int(n) for n in values[3:]),
        )  # type: ignore[misc]
        for key, values in raw.items()
    }


def add(a: Numbers, b: Numbers) -> Numbers:
    return (
        a[0] + b[0],
        a[1] + b[1],
        a[2] + b[2],
        a[3] + b[3],
        a[4] + b[4],
        a[5] + b[5],
        a[6] + b[6],
    )


def shown(values: Numbers) -> list[str]:
    return [f"{v:.2f}".replace(".", ",") if isinstance(v, Decimal) else str(v) for v in values]


ZERO: Numbers = (Decimal(0), Decimal(0), Decimal(0), 0, 0, 0, 0)


# ------------------------------------------------------------------------------ the documents


def pdf_lines(pdf: bytes) -> dict[tuple[str, str], list[tuple[str, set[str]]]]:
    """(case code, service label) → its rows in the laid-out text of the PDF: the row's line,
    and the words of its cells, those wrapped onto the next lines too (a long comune pushes
    the operator's surname below: "San Giovanni / Bianco", "Federica / Agostinelli")."""
    text = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode("utf-8")
    labels = {s.label() for s in Service}
    service = ""
    out: dict[tuple[str, str], list[tuple[str, set[str]]]] = defaultdict(list)
    row: set[str] | None = None
    for raw in text.splitlines():
        line = raw.strip()
        if line in labels:
            service, row = line, None
        elif (found := CODE.match(line)) is not None:
            row = set(line.split())
            out[(found.group(), service)].append((line, row))
        elif row is not None and raw.startswith(" " * 10) and not re.search(r"\d", line):
            row |= set(line.split())  # a cell of the row above, wrapped
        else:
            row = None
    return out


def csv_rows(data: bytes) -> dict[tuple[str, str, str], list[str]]:
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    return {(r[4], r[3], r[6]): r[7:] for r in rows[1:]}


@pytest.mark.parametrize("month", MONTHS)
def test_case_file_report_pdf_and_csv_agree_for_every_activation(
    demo_profile: Demo, month: str
) -> None:
    opened = demo_profile.opened
    lines = recompute_lines(opened, month)
    report = hours_report.hours_report(opened, month)
    pdf = pdf_lines(hours_report.hours_report_pdf(opened, report, today=TODAY))
    cells = csv_rows(hours_report.hours_report_csv(report))
    with opened.read_session() as session:
        repo = Repository(session)
        code_of: dict[uuid.UUID, str] = {c.id: c.code for c in repo.find(e.Case)}
        name_of: dict[uuid.UUID, str] = {o.id: o.name for o in repo.find(e.Operator)}
        case_of: dict[uuid.UUID, uuid.UUID] = {
            a.id: a.case_id for a in repo.find(e.ServiceActivation)
        }
    first, last = month_bounds(*map(int, month.split("-")))

    # Every activation in the case file: its bar ("4,5 of 17,14 h") and its tooltip.
    by_activation: dict[uuid.UUID, Numbers] = defaultdict(lambda: ZERO)
    for (_case, _service, _operator, act_id), values in lines.items():
        if act_id is not None:
            by_activation[act_id] = add(by_activation[act_id], values)
    assert len(by_activation) >= 15, "the demo has activations in the month"
    for act_id, values in by_activation.items():
        tally = activations.hours_used(opened, ActivationId(act_id), month=month).tally
        assert [
            Decimal(tally.authorised_centi) / 100,
            Decimal(tally.direct_centi) / 100,
            Decimal(tally.indirect_centi) / 100,
            tally.visits,
            tally.cancelled_by_family,
            tally.cancelled_by_service,
            tally.no_show,
        ] == list(values), act_id
        # and the Sintesi della cartella of the same month
        summary = case_summary.case_summary(
            opened, code_of[case_of[act_id]], first, last, today=TODAY
        )
        line = next(a for a in summary.activations if a.activation.id == act_id)
        assert Decimal(str(line.used_hours)) == values[1] + values[2]
        assert Decimal(str(line.authorised_hours)) == values[0]

    # Every row of the report, in the PDF and in the CSV.
    by_row: dict[tuple[str, Service, str], Numbers] = defaultdict(lambda: ZERO)
    for (case_id, service, operator_id, _act), values in lines.items():
        key = (code_of[case_id], service, name_of[operator_id] if operator_id else "")
        by_row[key] = add(by_row[key], values)
    rows = {(r.case_code, r.service, r.operator): r.hours for r in report.rows}
    assert set(rows) == set(by_row)
    for (code, service, operator), values in by_row.items():
        t = rows[(code, service, operator)]
        assert shown(values) == [
            f"{t.authorised_hours:.2f}".replace(".", ","),
            f"{t.direct_hours:.2f}".replace(".", ","),
            f"{t.indirect_hours:.2f}".replace(".", ","),
            str(t.visits),
            str(t.cancelled_by_family),
            str(t.cancelled_by_service),
            str(t.no_show),
        ], (code, service, operator)
        who = set((operator or "—").split())
        printed = [ln for ln, words in pdf[(code, service.label())] if who <= words]
        assert [ln.split()[-7:] for ln in printed] == [shown(values)], (code, operator)
        assert cells[(code, service.label(), operator)] == shown(values)


def test_the_overlap_is_counted_once_everywhere(demo_profile: Demo) -> None:
    opened = demo_profile.opened
    base, crossing = demo_profile.overlap
    assert base.activation_id is not None
    shared = minute(base.end_time) - minute(crossing.start_time)
    assert shared > 0
    report = hours_report.hours_report(opened, "2026-10")
    assert (base.date, (base.start_time, base.end_time), crossing.start_time, shared) in {
        (o.day, o.first, o.second[0], o.minutes) for o in report.overlaps
    }
    first, last = month_bounds(2026, 10)
    with opened.read_session() as session:
        october = Repository(session).find(
            e.Visit, m.VisitRow.case_id == base.case_id, m.VisitRow.date.between(first, last)
        )
    linked = [
        v
        for v in october
        if v.activation_id == base.activation_id
        and v.status is VisitStatus.CLOSED
        and v.outcome is VisitOutcome.DONE
    ]
    usage = activations.hours_used(opened, base.activation_id, month="2026-10")
    credited = credited_by_sets(october)
    assert credited[crossing.id] == crossing.duration_minutes - shared
    assert usage.minutes == sum(credited[v.id] for v in linked)
    assert usage.minutes <= sum(v.duration_minutes for v in linked) - shared
