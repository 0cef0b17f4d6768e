"""Oggi's data: today's and tomorrow's visits and meetings, the deadlines of the next 30 days and
the drafts still to close, of the operator's own cases ("I miei casi", the default) or of the
whole team.

An operator's own cases are those they follow (case_operators), and their own visits are those of
those cases plus the ones they lead anywhere else (covering for a colleague). The team's view is
one choice away and kept per profile, as is Scadenze with every case in charge. An operator who
follows no case yet sees the team's, and is told why (`TodayData.shown`).

Why not the team's for everyone: on a consortium-sized profile (10,000 cases) the team's
deadlines number in the thousands, too many to read on one screen and the larger part of the
time between the passphrase and a populated Oggi (issue 13)."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import func, select

from minorifamiglie.domain.enums import CaseStatus
from minorifamiglie.domain.ids import OperatorId
from minorifamiglie.services import agenda, deadlines
from minorifamiglie.services.agenda import AgendaItem
from minorifamiglie.services.deadlines import UpcomingDeadline
from minorifamiglie.storage import models as m
from minorifamiglie.storage.profile import OPERATOR_KEY, OpenProfile, get_local, set_local

DEADLINE_DAYS = 30
# The tables Oggi is read from: its visits and drafts (agenda), its deadlines.
SOURCES = agenda.SOURCES | deadlines.SOURCES
SCOPE_KEY = "today_scope"  # local to this profile: a choice of this person on this laptop


class TodayScope(StrEnum):
    MINE = "mine"
    TEAM = "team"


@dataclass(frozen=True, slots=True)
class TodayData:
    today: tuple[AgendaItem, ...]
    tomorrow: tuple[AgendaItem, ...]
    deadlines: tuple[UpcomingDeadline, ...]
    drafts: tuple[AgendaItem, ...]
    asked: TodayScope  # what the operator chose
    shown: TodayScope  # what is shown: the team's when they follow no case yet
    followed: int  # the cases in charge (aperte or sospese) the operator follows


def today_scope(opened: OpenProfile) -> TodayScope:
    """The scope chosen on this profile, "I miei casi" until another is chosen."""
    with opened.read_session() as session:
        return _stored_scope(get_local(session, SCOPE_KEY))


def _stored_scope(stored: str | None) -> TodayScope:
    try:
        return TodayScope(stored or TodayScope.MINE)
    except ValueError:  # a value of a later version: the default
        return TodayScope.MINE


def set_today_scope(opened: OpenProfile, scope: TodayScope) -> None:
    with opened.session() as session:
        set_local(session, SCOPE_KEY, TodayScope(scope).value)


def load_today(opened: OpenProfile, today: dt.date, scope: TodayScope | None = None) -> TodayData:
    """What Oggi shows on `today`, in `scope` (None: the one chosen on this profile)."""
    with opened.read_session() as session:
        asked = scope or _stored_scope(get_local(session, SCOPE_KEY))
        operator = get_local(session, OPERATOR_KEY)
        operator_id = OperatorId(uuid.UUID(operator)) if operator else None
        followed = 0
        if operator_id is not None:
            followed = session.execute(
                select(func.count())
                .select_from(m.CaseRow)
                .where(
                    m.CaseRow.id.in_(agenda.followed_cases(operator_id)),
                    m.CaseRow.deleted_at.is_(None),
                    m.CaseRow.status != CaseStatus.CLOSED,
                )
            ).scalar_one()
    shown = TodayScope.MINE if asked is TodayScope.MINE and followed else TodayScope.TEAM
    mine = operator_id if shown is TodayScope.MINE else None
    tomorrow = today + dt.timedelta(days=1)
    visits = agenda.visits_between(opened, today, tomorrow, followed_by=mine)
    return TodayData(
        tuple(v for v in visits if v.date == today),
        tuple(v for v in visits if v.date == tomorrow),
        tuple(deadlines.upcoming_deadlines(opened, today, DEADLINE_DAYS, followed_by=mine)),
        tuple(agenda.open_drafts(opened, today, followed_by=mine)),
        asked,
        shown,
        followed,
    )
