"""Provvedimenti: the court measures of the case; the next report due stands out when near.
A measure ends (expired, revoked, replaced, came of age) with its reason, and a report sent to
the court is recorded ("Relazione inviata"): it completes the deadline it was due for."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QPushButton, QWidget

from minorifamiglie.domain import entities as e
from minorifamiglie.domain.enums import Authority, DeadlineKind, MeasureEnd, MeasureKind
from minorifamiglie.domain.rules import DeadlineRules
from minorifamiglie.ui.case_file.base import CaseTab, TableTab
from minorifamiglie.ui.case_file.models import MUTED, OVERDUE, SOON, Column, RowTableModel
from minorifamiglie.ui.common import filled, fmt_date
from minorifamiglie.ui.forms import FormField, RecordFormDialog
from minorifamiglie.ui.labels import label
from minorifamiglie.ui.workspace import Workspace

if TYPE_CHECKING:
    from minorifamiglie.services.cases import DeadlineView

REPORT_COLUMN = 4


def sent_for(deadlines: Sequence[DeadlineView], measure: e.Measure) -> DeadlineView | None:
    """The court-report deadline of `measure` met for its next report date, if any."""
    for d in deadlines:
        if (
            d.kind == DeadlineKind.COURT_REPORT.value
            and d.source_id == measure.id
            and d.done_on is not None
            and d.due_on == measure.next_report_due
        ):
            return d
    return None


class MeasureTableModel(RowTableModel[e.Measure]):
    """Measures, newest first. The next report's due date is red when overdue and amber when
    it falls within the Scadenze horizon (DeadlineRules.horizon_days)."""

    def __init__(self, parent: Any = None) -> None:
        self.today = dt.date.today()
        self.horizon = DeadlineRules().horizon_days
        self.deadlines: Sequence[DeadlineView] = ()  # of the case: which reports were sent
        super().__init__(parent)

    def columns(self) -> Sequence[Column[e.Measure]]:
        return (
            Column(self.tr("Date"), lambda r: fmt_date(r.issued_on)),
            Column(self.tr("Authority"), lambda r: label(r.authority)),
            Column(self.tr("Measure"), lambda r: label(r.kind), lambda r: label(r.kind)),
            Column(self.tr("Docket no."), lambda r: r.docket_number),
            Column(self.tr("Next report due"), self._report),
            Column(self.tr("Ended"), self._ended),
            Column(
                self.tr("Prescriptions"),
                lambda r: " ".join(r.prescriptions.split()),
                lambda r: r.prescriptions[:500],
            ),
        )

    def _ended(self, row: e.Measure) -> str:
        if row.ended_on is None:
            return ""
        if row.end_reason is None:
            return fmt_date(row.ended_on)
        return filled(self.tr("%1 (%2)"), fmt_date(row.ended_on), label(row.end_reason))

    def _report(self, row: e.Measure) -> str:
        due = row.next_report_due
        if due is None or row.ended_on is not None:
            return ""
        sent = sent_for(self.deadlines, row)
        if sent is not None and sent.done_on is not None:
            return filled(self.tr("%1 (sent on %2)"), fmt_date(due), fmt_date(sent.done_on))
        days = (due - self.today).days
        if days < 0:
            return self.tr("%1 (overdue)").replace("%1", fmt_date(due))
        if days <= self.horizon:
            return self.tr("%1 (in %n days)", "", days).replace("%1", fmt_date(due))
        return fmt_date(due)

    def _state(self, row: e.Measure) -> str:
        due = row.next_report_due
        if row.ended_on is not None:
            return "ended"
        if due is None or sent_for(self.deadlines, row) is not None:
            return ""
        days = (due - self.today).days
        return "overdue" if days < 0 else "soon" if days <= self.horizon else ""

    def foreground(self, row: e.Measure, column: int) -> QColor | None:
        state = self._state(row)
        if state == "ended":
            return MUTED
        if column != REPORT_COLUMN:
            return None
        return OVERDUE if state == "overdue" else SOON if state == "soon" else None

    def bold(self, row: e.Measure, column: int) -> bool:
        return column == REPORT_COLUMN and self._state(row) in ("overdue", "soon")


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


def end_fields() -> list[FormField]:
    return [
        FormField(
            "ended_on",
            QCoreApplication.translate("MeasuresTab", "Ended on"),
            "date",
            required=True,
        ),
        FormField(
            "end_reason",
            QCoreApplication.translate("MeasuresTab", "How it ended"),
            "enum",
            required=True,
            enum_type=MeasureEnd,
            none_label=QCoreApplication.translate("MeasuresTab", "(choose)"),
        ),
    ]


def report_sent_fields() -> list[FormField]:
    return [
        FormField(
            "sent_on",
            QCoreApplication.translate("MeasuresTab", "Sent on"),
            "date",
            required=True,
        ),
        FormField(
            "protocol",
            QCoreApplication.translate("MeasuresTab", "Protocol number"),
            "text",
            max_length=60,
        ),
        FormField("notes", QCoreApplication.translate("MeasuresTab", "Notes"), "multiline"),
        FormField(
            "next_report_due",
            QCoreApplication.translate("MeasuresTab", "Next report due on"),
            "optional-date",
        ),
    ]


def open_report_sent_form(
    tab: CaseTab, measure: e.Measure, due_on: dt.date | None, today: dt.date
) -> RecordFormDialog:
    """ "Relazione inviata" for the report of `measure` due on `due_on`: sent by the operator
    of this profile; it completes that deadline (and may set the next one)."""
    from minorifamiglie.services import sent_reports

    measure_id = measure.id

    def record(opened: Any, v: dict[str, Any]) -> e.CourtReport:
        return sent_reports.record_sent_report(opened, measure_id, due_on=due_on, **v)

    title = QCoreApplication.translate("MeasuresTab", "Report sent: %1").replace(
        "%1", label(measure.kind)
    )
    if due_on is not None:
        title = QCoreApplication.translate("MeasuresTab", "Report due on %1 sent").replace(
            "%1", fmt_date(due_on)
        )
    return tab.open_form(
        title,
        report_sent_fields(),
        record,
        values={"sent_on": today, "next_report_due": None},
    )


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
        self.report_button = self.button(
            self.tr("Report &sent…"),
            self.report_sent,
            self.tr("Record the report sent to the court for the selected measure"),
        )
        self.end_button = self.button(
            self.tr("E&nd measure…"),
            self.end_selected,
            self.tr("Record that the selected measure ended"),
        )
        self.add_buttons(self.add_button)
        self.add_buttons(
            self.edit_button,
            self.report_button,
            self.end_button,
            self.remove_button,
            needs_row=True,
        )
        self.finish_buttons()

    def refresh_view(self) -> None:
        assert isinstance(self.model, MeasureTableModel)
        if self.data is None:
            self.model.set_rows(())
            return
        self.model.today = self.data.today
        self.model.deadlines = self.data.detail.deadlines
        self.model.set_rows(tuple(reversed(self.data.detail.measures)))

    def can_act_on(self, row: e.Measure, button: QPushButton) -> bool:
        return button is not self.end_button or row.ended_on is None

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
            values={f.name: getattr(row, f.name) for f in measure_fields()},
        )

    def report_sent(self) -> None:
        """The report due next (already sent: one without a due date) was sent."""
        row = self.selected()
        if row is None or self.data is None:
            return
        assert isinstance(self.model, MeasureTableModel)
        due = row.next_report_due
        if sent_for(self.model.deadlines, row) is not None or row.ended_on is not None:
            due = None
        open_report_sent_form(self, row, due, self.data.today)

    def end_selected(self) -> None:
        row = self.selected()
        if row is None or self.data is None or row.ended_on is not None:
            return
        from minorifamiglie.services import records

        measure_id = row.id

        def end(opened: Any, v: dict[str, Any]) -> e.Measure:
            return records.end_measure(
                opened, measure_id, reason=v["end_reason"], ended_on=v["ended_on"]
            )

        self.open_form(
            self.tr("End of the measure of %1").replace("%1", fmt_date(row.issued_on)),
            end_fields(),
            end,
            values={"ended_on": self.data.today},
        )

    def remove_selected(self) -> None:
        row = self.selected()
        if row is None or not self.confirm(
            self.tr("Remove the measure of %1?").replace("%1", fmt_date(row.issued_on))
        ):
            return
        from minorifamiglie.services import records

        measure_id = row.id
        self.write(lambda opened: records.remove_measure(opened, measure_id))
