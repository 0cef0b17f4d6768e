"""What the case file view shows, gathered in one task on the worker (never on the Qt thread)."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING

from minorifamiglie.domain import entities as e
from minorifamiglie.domain.enums import VisitKind
from minorifamiglie.domain.ids import CaseId

if TYPE_CHECKING:
    from minorifamiglie.services.activations import HoursUsage
    from minorifamiglie.services.audit_log import HistoryRow
    from minorifamiglie.services.case_removal import CaseContents
    from minorifamiglie.services.cases import CaseDetail
    from minorifamiglie.services.communities import CommunityPlacementView
    from minorifamiglie.services.placements import PlacementView
    from minorifamiglie.services.visits import VisitView
    from minorifamiglie.storage.profile import OpenProfile


@dataclass(frozen=True, slots=True)
class ActivationRow:
    """An activation with the hours used this month against its authorised share."""

    activation: e.ServiceActivation
    usage: HoursUsage | None  # None when the activation does not cover this month
    operator_name: str


@dataclass(frozen=True, slots=True)
class CaseFileData:
    detail: CaseDetail
    activations: tuple[ActivationRow, ...]
    visits: tuple[VisitView, ...]  # newest first
    history: tuple[HistoryRow, ...]  # newest first
    operators: tuple[e.Operator, ...]  # every active operator, for pickers
    today: dt.date
    contents: CaseContents  # what stops deleting the case (all zero: "Delete empty case…")
    # With a foster family and in a community, with their names (the Placements tab).
    placements: tuple[PlacementView | CommunityPlacementView, ...] = ()

    @property
    def case_id(self) -> CaseId:
        return self.detail.case.id


def load_case_file(
    opened: OpenProfile, case_id: CaseId, kind: VisitKind | None, today: dt.date
) -> CaseFileData:
    """Runs on the worker. Opening the case is recorded in the audit log by show_case."""
    from minorifamiglie.services import (
        activations,
        audit_log,
        case_removal,
        cases,
        communities,
        operators,
        placements,
    )

    detail = cases.show_case(opened, str(case_id), today=today)
    staff = tuple(operators.list_operators(opened, include_inactive=True))
    names = {op.id: op.name for op in staff}
    rows = []
    first, last = _month(today)
    for act in detail.activations:
        covers = act.start_on <= last and (act.end_on is None or act.end_on >= first)
        usage = activations.hours_used(opened, act.id, month=today, today=today) if covers else None
        rows.append(
            ActivationRow(act, usage, names.get(act.operator_id, "") if act.operator_id else "")
        )
    diary = load_visits(opened, case_id, kind)
    history = tuple(audit_log.case_history(opened, case_id))
    return CaseFileData(
        detail,
        tuple(rows),
        diary,
        history,
        tuple(op for op in staff if op.active),
        today,
        case_removal.case_contents(opened, case_id),
        (
            *placements.list_placements(opened, case_id),
            *communities.list_case_community_placements(opened, case_id),
        ),
    )


def load_visits(
    opened: OpenProfile, case_id: uuid.UUID, kind: VisitKind | None
) -> tuple[VisitView, ...]:
    from minorifamiglie.services import visits

    return tuple(reversed(visits.list_visits(opened, str(case_id), kind)))


def _month(today: dt.date) -> tuple[dt.date, dt.date]:
    first = today.replace(day=1)
    following = (first + dt.timedelta(days=32)).replace(day=1)
    return first, following - dt.timedelta(days=1)
