"""Court measures and plan goals: added, edited, removed; checked, logged and audited."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import pytest

from minorifamiglie.domain import entities as e
from minorifamiglie.domain.enums import (
    AuditAction,
    Authority,
    GoalStatus,
    MeasureKind,
    OpKind,
    PlanKind,
)
from minorifamiglie.domain.errors import NotFoundError, ValidationError
from minorifamiglie.domain.ids import CaseId, MeasureId
from minorifamiglie.services import cases, records
from minorifamiglie.services.case_refs import typed_id
from minorifamiglie.storage.profile import OpenProfile
from support.clock import TODAY


def add_decree(opened: OpenProfile, case_id: CaseId, **overrides: Any) -> e.Measure:
    values: dict[str, Any] = dict(
        authority=Authority.JUVENILE_COURT,
        kind=MeasureKind.ENTRUSTMENT,
        issued_on=dt.date(2026, 9, 15),
        docket_number="RG 1234/2026",
        prescriptions="Incontri protetti con il padre ogni quindici giorni",
        next_report_due=dt.date(2027, 3, 15),
        today=TODAY,
    )
    values.update(overrides)
    return records.add_measure(opened, case_id, **values)


# Measures ---------------------------------------------------------------------------------------


def test_a_decree_is_added_logged_and_audited(opened: OpenProfile, case_file, traces) -> None:
    measure = add_decree(opened, case_file.case.id)

    assert measure.case_id == case_file.case.id
    assert measure.authority is Authority.JUVENILE_COURT
    assert measure.docket_number == "RG 1234/2026"
    assert records.list_measures(opened, case_file.case.code) == [measure]
    assert traces.changes("measures", measure.id) == [OpKind.INSERT]
    [event] = traces.audit("measures", measure.id)
    assert event.action is AuditAction.CREATE
    assert event.case_id == case_file.case.id
    assert event.detail == {}


def test_the_next_report_cannot_be_due_before_the_decree(opened: OpenProfile, case_file) -> None:
    with pytest.raises(ValidationError) as err:
        add_decree(opened, case_file.case.id, next_report_due=dt.date(2026, 9, 1))
    assert err.value.field == "next_report_due"
    assert "precede" in str(err.value)
    assert records.list_measures(opened, case_file.case.id) == []


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"issued_on": dt.date(2026, 12, 1)}, "issued_on"),
        ({"issued_on": None}, "issued_on"),
        ({"issued_on": "15/09/2026"}, "issued_on"),
        ({"docket_number": "R" * 61}, "docket_number"),
        ({"authority": "tribunale-di-marte"}, "authority"),
        ({"kind": 42}, "kind"),
        ({"prescriptions": "x" * 100_001}, "prescriptions"),
    ],
)
def test_each_bad_measure_field_is_named(
    opened: OpenProfile, case_file, overrides: dict[str, object], field: str
) -> None:
    with pytest.raises(ValidationError) as err:
        add_decree(opened, case_file.case.id, **overrides)
    assert err.value.field == field


def test_text_choices_and_dates_are_accepted_as_typed_on_the_command_line(
    opened: OpenProfile, case_file
) -> None:
    measure = add_decree(
        opened,
        case_file.case.id,
        authority="Tribunale per i Minorenni",
        kind="art-403",
        issued_on="2026-10-01",
        next_report_due="",
    )
    assert measure.authority is Authority.JUVENILE_COURT
    assert measure.kind is MeasureKind.EMERGENCY_403
    assert measure.issued_on == dt.date(2026, 10, 1)
    assert measure.next_report_due is None


def test_a_measure_of_an_unknown_case_is_refused(opened: OpenProfile) -> None:
    with pytest.raises(NotFoundError):
        add_decree(opened, CaseId(uuid.uuid4()))


def test_editing_a_measure_logs_only_the_changed_fields(
    opened: OpenProfile, case_file, traces
) -> None:
    measure = add_decree(opened, case_file.case.id)

    edited = records.update_measure(
        opened,
        measure.id,
        next_report_due=dt.date(2027, 5, 15),
        docket_number="RG 1234/2026",  # unchanged
        today=TODAY,
    )

    assert edited.next_report_due == dt.date(2027, 5, 15)
    assert traces.changes("measures", measure.id) == [OpKind.INSERT, OpKind.UPDATE]
    update = traces.audit("measures", measure.id)[-1]
    assert update.action is AuditAction.UPDATE
    assert update.case_id == case_file.case.id
    assert update.detail == {"fields": ["next_report_due"]}


def test_an_edit_that_changes_nothing_writes_nothing(
    opened: OpenProfile, case_file, traces
) -> None:
    measure = add_decree(opened, case_file.case.id)
    assert records.update_measure(opened, measure.id, kind=measure.kind, today=TODAY) == measure
    assert traces.changes("measures", measure.id) == [OpKind.INSERT]
    assert traces.actions("measures", measure.id) == [AuditAction.CREATE]


def test_an_edit_is_checked_against_the_fields_it_does_not_change(
    opened: OpenProfile, case_file
) -> None:
    measure = add_decree(opened, case_file.case.id)
    with pytest.raises(ValidationError) as err:
        records.update_measure(opened, measure.id, issued_on=dt.date(2027, 4, 1), today=TODAY)
    assert err.value.field == "issued_on"  # in the future
    with pytest.raises(ValidationError) as err:
        records.update_measure(opened, measure.id, next_report_due=dt.date(2026, 9, 14))
    assert err.value.field == "next_report_due"
    with pytest.raises(ValidationError) as err:
        records.update_measure(opened, measure.id, case_id=uuid.uuid4())
    assert err.value.field == "case_id"
    assert records.list_measures(opened, case_file.case.id) == [measure]


def test_a_removed_measure_is_tombstoned_and_leaves_the_lists(
    opened: OpenProfile, case_file, traces
) -> None:
    measure = add_decree(opened, case_file.case.id)

    records.remove_measure(opened, measure.id)

    assert records.list_measures(opened, case_file.case.id) == []
    assert cases.show_case(opened, case_file.case.code, today=TODAY).measures == ()
    assert traces.changes("measures", measure.id) == [OpKind.INSERT, OpKind.TOMBSTONE]
    assert traces.actions("measures", measure.id)[-1] is AuditAction.DELETE
    with pytest.raises(NotFoundError, match="Provvedimento non trovato"):
        records.remove_measure(opened, measure.id)
    with pytest.raises(NotFoundError, match="Provvedimento non trovato"):
        records.update_measure(opened, measure.id, docket_number="RG 1/2027")


def test_a_measure_id_typed_badly_is_a_validation_error(opened: OpenProfile) -> None:
    with pytest.raises(ValidationError, match=r"^Identificativo non valido$"):
        records.remove_measure(opened, typed_id(MeasureId, "non-un-id"))


# Goals ------------------------------------------------------------------------------------------


def test_a_pei_goal_with_indicators_and_review(opened: OpenProfile, case_file, traces) -> None:
    goal = records.add_goal(
        opened,
        case_file.case.id,
        title="  Frequenza scolastica regolare  ",
        indicators="Assenze mensili sotto il 10%",
        review_on=dt.date(2027, 2, 28),
    )

    assert goal.title == "Frequenza scolastica regolare"
    assert goal.plan is PlanKind.PEI
    assert goal.status is GoalStatus.ACTIVE
    assert records.list_goals(opened, case_file.case.id) == [goal]
    assert traces.changes("goals", goal.id) == [OpKind.INSERT]
    assert traces.audit("goals", goal.id)[0].case_id == case_file.case.id


def test_a_goal_needs_a_title(opened: OpenProfile, case_file) -> None:
    with pytest.raises(ValidationError) as err:
        records.add_goal(opened, case_file.case.id, title="   ")
    assert err.value.field == "title"
    assert "Obiettivo" in str(err.value)
    goal = records.add_goal(opened, case_file.case.id, title="Autonomia negli spostamenti")
    with pytest.raises(ValidationError) as err:
        records.update_goal(opened, goal.id, title="")
    assert err.value.field == "title"
    with pytest.raises(ValidationError) as err:
        records.update_goal(opened, goal.id, review_on="domani")
    assert err.value.field == "review_on"
    with pytest.raises(ValidationError) as err:
        records.update_goal(opened, goal.id, status="dimenticato")
    assert err.value.field == "status"


def test_goal_status_after_review_and_plan_filter(opened: OpenProfile, case_file, traces) -> None:
    pei = records.add_goal(opened, case_file.case.id, title="Routine serale")
    frame = records.add_goal(
        opened, case_file.case.id, title="Rientro in famiglia", plan=PlanKind.FRAMEWORK
    )

    reviewed = records.update_goal(opened, pei.id, status=GoalStatus.ACHIEVED, review_on=None)

    assert reviewed.status is GoalStatus.ACHIEVED
    assert traces.audit("goals", pei.id)[-1].detail == {"fields": ["status"]}
    assert records.list_goals(opened, case_file.case.id, PlanKind.FRAMEWORK) == [frame]
    assert [g.id for g in records.list_goals(opened, case_file.case.id)] == [pei.id, frame.id]


def test_a_removed_goal_leaves_the_lists(opened: OpenProfile, case_file, traces) -> None:
    goal = records.add_goal(opened, case_file.case.id, title="Cura di sé")
    records.remove_goal(opened, goal.id)
    assert records.list_goals(opened, case_file.case.id) == []
    assert cases.show_case(opened, case_file.case.id.hex, today=TODAY).goals == ()
    assert traces.changes("goals", goal.id) == [OpKind.INSERT, OpKind.TOMBSTONE]
    assert traces.actions("goals", goal.id) == [AuditAction.CREATE, AuditAction.DELETE]
