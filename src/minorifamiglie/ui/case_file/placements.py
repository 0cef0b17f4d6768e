"""Collocamenti: where the children of the case live away from home, with a foster family
(abbinamenti, made from the Families page) or in a residential community (inserimenti, made
here or there), their six-monthly reviews, and how a community placement ended."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QPushButton, QWidget

from minorifamiglie.domain import entities as e
from minorifamiglie.domain.enums import LegalBasis, MemberRole
from minorifamiglie.domain.rules import DeadlineRules, add_months
from minorifamiglie.services.communities import CommunityPlacementView, CommunityView
from minorifamiglie.services.placements import PlacementView
from minorifamiglie.ui.case_file.base import TableTab
from minorifamiglie.ui.case_file.models import MUTED, OVERDUE, Column, RowTableModel
from minorifamiglie.ui.common import fmt_date, show_error
from minorifamiglie.ui.community_forms import end_placement_fields
from minorifamiglie.ui.forms import FormField
from minorifamiglie.ui.labels import label
from minorifamiglie.ui.models.community_table import next_community_review
from minorifamiglie.ui.operations import QueryOperation
from minorifamiglie.ui.workspace import Workspace

Row = PlacementView | CommunityPlacementView
NEXT_REVIEW_COLUMN = 6


def next_review(row: Row) -> dt.date | None:
    if isinstance(row, CommunityPlacementView):
        return next_community_review(row)
    p = row.placement
    if p.ended_on is not None:
        return None
    return add_months(p.last_review_on or p.start_on, DeadlineRules().foster_review_months)


def where(row: Row) -> str:
    return row.community.name if isinstance(row, CommunityPlacementView) else row.family.name


def kind(row: Row) -> str:
    if isinstance(row, CommunityPlacementView):
        return label(row.community.kind)
    return QCoreApplication.translate("PlacementsTab", "Foster family: %1").replace(
        "%1", label(row.placement.kind)
    )


class PlacementTableModel(RowTableModel[Row]):
    """Placements by start; ended ones greyed, a review past due in red."""

    def __init__(self, parent: Any = None) -> None:
        self.today = dt.date.today()
        super().__init__(parent)

    def columns(self) -> Sequence[Column[Row]]:
        return (
            Column(self.tr("Child"), lambda r: r.minor.full_name),
            Column(self.tr("Where"), where),
            Column(self.tr("Kind"), kind),
            Column(self.tr("Legal basis"), lambda r: label(r.placement.legal_basis)),
            Column(self.tr("From"), lambda r: fmt_date(r.placement.start_on)),
            Column(self.tr("Planned end"), lambda r: fmt_date(r.placement.planned_end_on)),
            Column(self.tr("Next review"), lambda r: fmt_date(next_review(r))),
            Column(self.tr("Ended on"), lambda r: fmt_date(r.placement.ended_on)),
            Column(
                self.tr("Why it ended"),
                lambda r: label(r.placement.end_reason) if r.placement.end_reason else "",
            ),
        )

    def row_id(self, row: Row) -> object:
        return row.placement.id

    def overdue(self, row: Row) -> bool:
        due = next_review(row)
        return due is not None and due < self.today

    def foreground(self, row: Row, column: int) -> QColor | None:
        if row.placement.ended_on is not None:
            return MUTED
        return OVERDUE if column == NEXT_REVIEW_COLUMN and self.overdue(row) else None

    def bold(self, row: Row, column: int) -> bool:
        return column == NEXT_REVIEW_COLUMN and self.overdue(row)


class PlacementsTab(TableTab[Row]):
    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(
            workspace, PlacementTableModel(), self.tr("Placements of the case"), parent
        )
        self._communities = QueryOperation(self, workspace)
        self.place_button = self.button(self.tr("&Place in a community…"), self.place_in_community)
        self.review_button = self.button(
            self.tr("&Record review…"), self.record_review, self.tr("Record the review")
        )
        self.end_button = self.button(
            self.tr("E&nd placement…"), self.end_selected, self.tr("End the community placement")
        )
        self.add_buttons(self.place_button)
        self.add_buttons(self.review_button, self.end_button, needs_row=True)
        self.finish_buttons()

    def refresh_view(self) -> None:
        assert isinstance(self.model, PlacementTableModel)
        if self.data is None:
            self.model.set_rows(())
            return
        self.model.today = self.data.today
        rows = sorted(
            self.data.placements,
            key=lambda r: (r.placement.ended_on is not None, r.placement.start_on),
        )
        self.model.set_rows(rows)

    def can_act_on(self, row: Row, button: QPushButton) -> bool:
        if row.placement.ended_on is not None:
            return False
        # A foster placement ends from the Families page.
        return button is not self.end_button or isinstance(row, CommunityPlacementView)

    def _minors(self) -> list[e.Person]:
        if self.data is None:
            return []
        return [mv.person for mv in self.data.detail.members if mv.member.role is MemberRole.MINOR]

    def place_in_community(self) -> None:
        """Loads the registry of communities, then asks where and how."""
        if self.case_id is None:
            return
        from minorifamiglie.services import communities

        self._communities.run(
            communities.list_communities,
            self._open_place_form,
            lambda error: show_error(self, error),
        )

    def _open_place_form(self, found: list[CommunityView]) -> None:
        case_id = self.case_id
        if case_id is None or self.data is None:
            return
        from minorifamiglie.services import communities

        minors = self._minors()
        fields = [
            FormField(
                "minor_id",
                self.tr("Child"),
                "combo",
                required=True,
                choices=[(p.full_name, p.id) for p in minors],
                none_label=None if minors else self.tr("(no child in care in this case)"),
            ),
            FormField(
                "community_id",
                self.tr("Community"),
                "combo",
                required=True,
                choices=[
                    (f"{v.community.name} — {label(v.community.kind)}", v.community.id)
                    for v in found
                ],
                none_label=None if found else self.tr("(no community in the registry yet)"),
            ),
            FormField("legal_basis", self.tr("Legal basis"), "enum", enum_type=LegalBasis),
            FormField("start_on", self.tr("Start date"), "date", required=True),
            FormField("planned_end_on", self.tr("Planned end"), "optional-date"),
        ]

        def place(opened: Any, v: dict[str, Any]) -> e.CommunityPlacement:
            return communities.place_in_community(opened, case_id, **v)

        self.open_form(
            self.tr("Place in a community"),
            fields,
            place,
            values={"legal_basis": LegalBasis.JUDICIAL, "start_on": self.data.today},
        )

    def record_review(self) -> None:
        row = self.selected()
        if row is None or self.data is None:
            return
        from minorifamiglie.services import communities, placements

        placement = row.placement

        def review(opened: Any, v: dict[str, Any]) -> object:
            if isinstance(placement, e.CommunityPlacement):
                return communities.record_community_review(
                    opened, placement.id, v["last_review_on"]
                )
            return placements.record_placement_review(opened, placement.id, v["last_review_on"])

        self.open_form(
            self.tr("Six-monthly review of %1").replace("%1", row.minor.full_name),
            [FormField("last_review_on", self.tr("Review held on"), "date", required=True)],
            review,
            values={"last_review_on": self.data.today},
        )

    def end_selected(self) -> None:
        row = self.selected()
        if not isinstance(row, CommunityPlacementView) or self.data is None:
            return
        from minorifamiglie.services import communities

        placement_id = row.placement.id

        def end(opened: Any, v: dict[str, Any]) -> e.CommunityPlacement:
            return communities.end_community_placement(
                opened, placement_id, reason=v["end_reason"], ended_on=v["ended_on"]
            )

        self.open_form(
            self.tr("End the placement of %1").replace("%1", row.minor.full_name),
            end_placement_fields(),
            end,
            values={"ended_on": self.data.today},
        )
