"""Provvedimenti: the court measures of the case; the next report due stands out when near."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QWidget

from minorifamiglie.domain import entities as e
from minorifamiglie.domain.enums import Authority, MeasureKind
from minorifamiglie.domain.rules import DeadlineRules
from minorifamiglie.ui.case_file.base import TableTab
from minorifamiglie.ui.case_file.models import OVERDUE, SOON, Column, RowTableModel
from minorifamiglie.ui.common import fmt_date
from minorifamiglie.ui.forms import FormField
from minorifamiglie.ui.labels import label
from minorifamiglie.ui.workspace import Workspace

CHANGES = {"measures"}
REPORT_COLUMN = 4


class MeasureTableModel(RowTableModel[e.Measure]):
    """Measures, newest first. The next report's due date is red when overdue and amber when
    it falls within the Scadenze horizon (DeadlineRules.horizon_days)."""

    def __init__(self, parent: Any = None) -> None:
        self.today = dt.date.today()
        self.horizon = DeadlineRules().horizon_days
        super().__init__(parent)

    def columns(self) -> Sequence[Column[e.Measure]]:
        return (
            Column(self.tr("Date"), lambda r: fmt_date(r.issued_on)),
            Column(self.tr("Authority"), lambda r: label(r.authority)),
            Column(self.tr("Measure"), lambda r: label(r.kind), lambda r: label(r.kind)),
            Column(self.tr("Docket no."), lambda r: r.docket_number),
            Column(self.tr("Next report due"), self._report),
            Column(
                self.tr("Prescriptions"),
                lambda r: " ".join(r.prescriptions.split()),
                lambda r: r.prescriptions[:500],
            ),
        )

    def _report(self, row: e.Measure) -> str:
        due = row.next_report_due
        if due is None:
            return ""
        days = (due - self.today).days
        if days < 0:
            return self.tr("%1 (overdue)").replace("%1", fmt_date(due))
        if days <= self.horizon:
            return self.tr("%1 (in %n days)", "", days).replace("%1", fmt_date(due))
        return fmt_date(due)

    def _state(self, row: e.Measure) -> str:
        due = row.next_report_due
        if due is None:
            return ""
        days = (due - self.today).days
        return "overdue" if days < 0 else "soon" if days <= self.horizon else ""

    def foreground(self, row: e.Measure, column: int) -> QColor | None:
        if column != REPORT_COLUMN:
            return None
        state = self._state(row)
        return OVERDUE if state == "overdue" else SOON if state == "soon" else None

    def bold(self, row: e.Measure, column: int) -> bool:
        return column == REPORT_COLUMN and bool(self._state(row))


def measure_fields() -> list[FormField]:
    return [
        FormField(
            "authority",
            QCoreApplication.translate("MeasuresTab", "Authority"),
            "enum",
            enum_type=Authority,
        ),
        FormField(
            "kind",
            QCoreApplication.translate("MeasuresTab", "Kind of measure"),
            "enum",
            enum_type=MeasureKind,
        ),
        FormField(
            "docket_number",
            QCoreApplication.translate("MeasuresTab", "Docket number"),
            "text",
            max_length=60,
        ),
        FormField(
            "issued_on",
            QCoreApplication.translate("MeasuresTab", "Date of the measure"),
            "date",
            required=True,
        ),
        FormField(
            "prescriptions", QCoreApplication.translate("MeasuresTab", "Prescriptions"), "multiline"
        ),
        FormField(
            "next_report_due",
            QCoreApplication.translate("MeasuresTab", "Next report to the court due on"),
            "optional-date",
        ),
    ]


class MeasuresTab(TableTab[e.Measure]):
    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(workspace, MeasureTableModel(), self.tr("Court measures"), parent)
        self.add_button = self.button(self.tr("&Add measure…"), self.add_measure)
        self.edit_button = self.button(
            self.tr("&Edit…"), self.edit_selected, self.tr("Edit measure")
        )
        self.remove_button = self.button(
            self.tr("&Remove"), self.remove_selected, self.tr("Remove measure")
        )
        self.add_buttons(self.add_button)
        self.add_buttons(self.edit_button, self.remove_button, needs_row=True)
        self.finish_buttons()

    def refresh_view(self) -> None:
        assert isinstance(self.model, MeasureTableModel)
        if self.data is None:
            self.model.set_rows(())
            return
        self.model.today = self.data.today
        self.model.set_rows(tuple(reversed(self.data.detail.measures)))

    def add_measure(self) -> None:
        case_id = self.case_id
        if case_id is None:
            return
        from minorifamiglie.services import records

        def add(opened: Any, v: dict[str, Any]) -> e.Measure:
            return records.add_measure(opened, case_id, **v)

        self.open_form(
            self.tr("New court measure"),
            measure_fields(),
            add,
            changes=CHANGES,
            values={
                "authority": Authority.JUVENILE_COURT,
                "kind": MeasureKind.ENTRUSTMENT,
                "next_report_due": None,
            },
        )

    def activated(self, row: e.Measure) -> None:
        self.edit(row)

    def edit_selected(self) -> None:
        row = self.selected()
        if row is not None:
            self.edit(row)

    def edit(self, row: e.Measure) -> None:
        from minorifamiglie.services import records

        def update(opened: Any, v: dict[str, Any]) -> e.Measure:
            return records.update_measure(opened, row.id, **v)

        self.open_form(
            self.tr("Edit court measure"),
            measure_fields(),
            update,
            changes=CHANGES,
            values={f.name: getattr(row, f.name) for f in measure_fields()},
        )

    def remove_selected(self) -> None:
        row = self.selected()
        if row is None or not self.confirm(
            self.tr("Remove the measure of %1?").replace("%1", fmt_date(row.issued_on))
        ):
            return
        from minorifamiglie.services import records

        measure_id = row.id
        self.write(lambda opened: records.remove_measure(opened, measure_id), CHANGES)
