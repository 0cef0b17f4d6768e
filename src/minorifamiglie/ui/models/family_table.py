"""The registry of foster families and a family's placements (abbinamenti), as tables."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QObject

from minorifamiglie.domain.entities import FosterFamily
from minorifamiglie.domain.rules import DeadlineRules
from minorifamiglie.services.placements import PlacementView
from minorifamiglie.ui.common import fmt_date
from minorifamiglie.ui.labels import label
from minorifamiglie.ui.models.registry_table import (
    PlacementRowsModel,
    RegistryTableModel,
    Texts,
    ambito_name,
    next_review,
)


class FamilyTableModel(RegistryTableModel[FosterFamily, FosterFamily]):
    """Rows are `FosterFamily` records in the service's order (by name)."""

    NAME, COMUNE, AMBITO, AVAILABILITY, STATUS, TRAINING = range(6)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(
            (
                self.tr("Family"),
                self.tr("Municipality"),
                self.tr("Ambito"),
                self.tr("Availability"),
                self.tr("Status"),
                self.tr("Training completed"),
            ),
            parent,
        )

    def record(self, row: FosterFamily) -> FosterFamily:
        return row

    def tooltip(self, row: FosterFamily) -> tuple[str, ...]:
        return (row.name, row.members, row.notes)

    def texts(self, row: FosterFamily) -> Texts:
        return {
            self.NAME: lambda: row.name,
            self.COMUNE: lambda: row.comune,
            self.AMBITO: lambda: ambito_name(row.ambito_id),
            self.AVAILABILITY: lambda: label(row.availability),
            self.STATUS: lambda: label(row.status),
            self.TRAINING: lambda: fmt_date(row.training_completed_on),
        }


class PlacementTableModel(PlacementRowsModel[PlacementView]):
    """Rows are `PlacementView`s of one family, most recent first. Ended placements are
    greyed; a six-monthly review past due is red."""

    (
        CHILD,
        CASE,
        LEGAL_BASIS,
        KIND,
        SCHEDULE,
        START,
        PLANNED_END,
        LAST_REVIEW,
        NEXT_REVIEW,
        ENDED,
    ) = range(10)

    def __init__(
        self,
        parent: QObject | None = None,
        today: dt.date | None = None,
        rules: DeadlineRules | None = None,
    ) -> None:
        super().__init__(
            (
                self.tr("Child"),
                self.tr("Case"),
                self.tr("Legal basis"),
                self.tr("Kind"),
                self.tr("Schedule"),
                self.tr("Start"),
                self.tr("Planned end"),
                self.tr("Last review"),
                self.tr("Next review"),
                self.tr("Ended on"),
            ),
            parent,
            today,
            rules,
        )

    def next_review(self, view: PlacementView) -> dt.date | None:
        return next_review(view.placement, self.rules.foster_review_months)

    def texts(self, row: PlacementView) -> Texts:
        p = row.placement
        return super().texts(row) | {
            self.KIND: lambda: label(p.kind),
            self.SCHEDULE: lambda: label(p.schedule),
        }
