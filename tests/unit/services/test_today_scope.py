"""Oggi's data, of the operator's own cases (the default) or of the whole team (issue 13)."""

from __future__ import annotations

import datetime as dt
import uuid

from minorifamiglie.domain import entities as e
from minorifamiglie.domain.enums import CaseStatus, Role, Service
from minorifamiglie.domain.ids import OperatorId
from minorifamiglie.services import cases, deadlines, visits
from minorifamiglie.services.today import (
    TodayScope,
    load_today,
    set_today_scope,
    today_scope,
)
from minorifamiglie.storage import models as m
from minorifamiglie.storage.profile import OpenProfile, set_local
from minorifamiglie.storage.repository import Repository

TODAY = dt.date(2026, 12, 7)


def add_operator(opened: OpenProfile, name: str) -> OperatorId:
    with opened.session() as session:
        return Repository(session).add(e.Operator, name=name, role=Role.EDUCATOR, active=True).id


def led_by(opened: OpenProfile, visit: e.Visit, operator_id: uuid.UUID) -> None:
    with opened.session() as session:
        row = session.get(m.VisitRow, visit.id)
        assert row is not None
        row.operator_id = operator_id


def a_day(opened: OpenProfile, code: str, day: dt.date, start: int) -> e.Visit:
    return visits.add_visit(
        opened, case=code, date=day, start=dt.time(start), end=dt.time(start + 1), today=TODAY
    )


def test_my_cases_are_those_i_follow_and_the_visits_i_lead(opened: OpenProfile) -> None:
    # Given Giulia (this profile) follows case A; Marco follows case B alone
    marco = add_operator(opened, "Marco Ferrari")
    mine = cases.add_case(opened, ambito="VBR", service=Service.ADM)
    theirs = cases.add_case(opened, ambito="VBR", service=Service.ADM, today=TODAY)
    cases.set_operators(opened, theirs.code, [marco])
    # a visit today in each case, led by whoever follows it, and one Giulia leads in case B
    # covering for Marco; a draft of Marco's in case B from yesterday; a deadline in each case
    own = a_day(opened, mine.code, TODAY, 9)
    led_by(opened, other := a_day(opened, theirs.code, TODAY, 11), marco)
    covering = a_day(opened, theirs.code, dt.date(2026, 12, 8), 15)
    led_by(opened, their_draft := a_day(opened, theirs.code, dt.date(2026, 12, 6), 10), marco)
    deadlines.add_deadline(opened, mine.code, title="Relazione al Comune", due_on=TODAY)
    deadlines.add_deadline(opened, theirs.code, title="Incontro con la scuola", due_on=TODAY)

    # When Oggi is read as she left it (never chosen: her own cases)
    data = load_today(opened, TODAY)

    # Then it holds her case, and the visit she leads in Marco's, and nothing else of his
    assert (data.asked, data.shown, data.followed) == (TodayScope.MINE, TodayScope.MINE, 1)
    assert [v.visit_id for v in data.today] == [own.id]
    assert [v.visit_id for v in data.tomorrow] == [covering.id]
    assert {d.case_id for d in data.deadlines} == {mine.id}
    assert {v.visit_id for v in data.drafts} == {own.id}  # drafts up to today, of hers only
    # And the whole team's, when asked, holds Marco's too
    team = load_today(opened, TODAY, TodayScope.TEAM)
    assert team.shown is TodayScope.TEAM
    assert [v.visit_id for v in team.today] == [own.id, other.id]
    assert {d.case_id for d in team.deadlines} == {mine.id, theirs.id}
    assert {v.visit_id for v in team.drafts} == {own.id, other.id, their_draft.id}


def test_the_choice_is_kept_on_the_profile(opened: OpenProfile) -> None:
    assert today_scope(opened) is TodayScope.MINE
    set_today_scope(opened, TodayScope.TEAM)
    assert today_scope(opened) is TodayScope.TEAM
    assert load_today(opened, TODAY).asked is TodayScope.TEAM
    set_today_scope(opened, TodayScope.MINE)
    assert load_today(opened, TODAY).asked is TodayScope.MINE


def test_a_stored_scope_this_version_does_not_know_is_the_default(opened: OpenProfile) -> None:
    with opened.session() as session:
        set_local(session, "today_scope", "ambito")  # written by a later version, say
    assert today_scope(opened) is TodayScope.MINE
    assert load_today(opened, TODAY).asked is TodayScope.MINE


def test_following_no_open_case_shows_the_team_and_says_so(opened: OpenProfile) -> None:
    # Given the only case Giulia follows is closed, and Marco's is open with a visit today
    marco = add_operator(opened, "Marco Ferrari")
    closed = cases.add_case(opened, ambito="VBR", service=Service.ADM, today=TODAY)
    cases.edit_case(
        opened,
        closed.code,
        {"status": CaseStatus.CLOSED.value, "closure_reason": "cambio-residenza"},
        today=TODAY,
    )
    theirs = cases.add_case(opened, ambito="VBR", service=Service.ADM)
    cases.set_operators(opened, theirs.code, [marco])
    led_by(opened, visit := a_day(opened, theirs.code, TODAY, 9), marco)
    # When Oggi is read in her own cases
    data = load_today(opened, TODAY)
    # Then she sees the team's day, told that it is the team's
    assert (data.asked, data.shown, data.followed) == (TodayScope.MINE, TodayScope.TEAM, 0)
    assert [v.visit_id for v in data.today] == [visit.id]
