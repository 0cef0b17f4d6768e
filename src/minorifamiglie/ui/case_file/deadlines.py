"""Scadenze of the case: derived (court reports, reviews…) and manual, overdue in red."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtGui import QColor
from PySide6.QtWidgets import QCheckBox, QPushButton, QWidget

from minorifamiglie.domain.enums import DeadlineKind
from minorifamiglie.domain.ids import DeadlineId
from minorifamiglie.domain.rules import DeadlineRules
from minorifamiglie.ui.case_file.base import TableTab
from minorifamiglie.ui.case_file.measures import open_report_sent_form
from minorifamiglie.ui.case_file.models import MUTED, OVERDUE, SOON, Column, RowTableModel
from minorifamiglie.ui.common import filled, fmt_date
from minorifamiglie.ui.forms import FormField
from minorifamiglie.ui.labels import label
from minorifamiglie.ui.workspace import Workspace

if TYPE_CHECKING:
    from minorifamiglie.services.cases import DeadlineView


def deadline_title(row: DeadlineView) -> str:
    """A derived deadline is named by its kind (translated); a manual one by its title."""
    kind = DeadlineKind(row.kind)
    if not row.derived:
        return row.title or label(kind)
    # Derived titles are "<Italian kind>: <what>" (a goal's title, a birthday): keep the what,
    # translate the kind (which may hold ": " itself).
    prefix = f"{kind.label()}: "
    if row.title.startswith(prefix):
        return f"{label(kind)}: {row.title.removeprefix(prefix)}"
    return label(kind)


class CaseDeadlineTableModel(RowTableModel["DeadlineView"]):
    """The deadlines of one case by due date; overdue red, within the horizon amber,
    done grey."""

    def __init__(self, parent: Any = None) -> None:
        self.today = dt.date.today()
        self.horizon = DeadlineRules().horizon_days
        super().__init__(parent)

    def columns(self) -> Sequence[Column[DeadlineView]]:
        return (
            Column(self.tr("Due on"), lambda r: fmt_date(r.due_on)),
            Column(self.tr("When"), self._when),
            Column(
                self.tr("Source"),
                lambda r: self.tr("Automatic") if r.derived else self.tr("Manual"),
            ),
            Column(self.tr("Deadline"), deadline_title, deadline_title),
        )

    def _when(self, row: DeadlineView) -> str:
        if row.done_on is not None and row.done_by:
            return filled(self.tr("done on %1 by %2"), fmt_date(row.done_on), row.done_by)
        if row.done_on is not None:
            return self.tr("done on %1").replace("%1", fmt_date(row.done_on))
        days = (row.due_on - self.today).days
        if days < 0:
            return self.tr("overdue by %n days", "", -days)
        if days == 0:
            return self.tr("today")
        return self.tr("in %n days", "", days)

    def state(self, row: DeadlineView) -> str:
        if row.done_on is not None:
            return "done"
        days = (row.due_on - self.today).days
        return "overdue" if days < 0 else "soon" if days <= self.horizon else ""

    def row_id(self, row: DeadlineView) -> object:
        return row.source_id

    def foreground(self, row: DeadlineView, column: int) -> QColor | None:
        return {"done": MUTED, "overdue": OVERDUE, "soon": SOON}.get(self.state(row))

    def bold(self, row: DeadlineView, column: int) -> bool:
        return self.state(row) == "overdue"


class DeadlinesTab(TableTab["DeadlineView"]):
    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(
            workspace, CaseDeadlineTableModel(), self.tr("Deadlines of the case"), parent
        )
        self.add_button = self.button(self.tr("&Add deadline…"), self.add_deadline)
        self.done_button = self.button(self.tr("&Mark done"), self.mark_done)
        self.show_done = QCheckBox(self.tr("Show &done"))
        self.show_done.setAccessibleName(self.tr("Show the deadlines already done"))
        self.show_done.toggled.connect(self.refresh_view)
        self.add_buttons(self.add_button)
        self.add_buttons(self.done_button, needs_row=True)
        self.buttons.addSpacing(16)
        self.buttons.addWidget(self.show_done)
        self.finish_buttons()
        self.done_button.setToolTip(
            self.tr(
                "A report to the court is marked done by recording it as sent; other automatic "
                "deadlines end when their source changes (e.g. a plan reviewed)"
            )
        )

    def refresh_view(self) -> None:
        assert isinstance(self.model, CaseDeadlineTableModel)
        if self.data is None:
            self.model.set_rows(())
            return
        self.model.today = self.data.today
        rows = [
            d for d in self.data.detail.deadlines if self.show_done.isChecked() or d.done_on is None
        ]
        self.model.set_rows(rows)

    def can_act_on(self, row: DeadlineView, button: QPushButton) -> bool:
        # A derived deadline is done when its source changes (a goal is reviewed), not by a
        # tick here; a court report, by recording it as sent ("Relazione inviata").
        if row.done_on is not None:
            return False
        return not row.derived or row.kind == DeadlineKind.COURT_REPORT.value

    def add_deadline(self) -> None:
        case_id = self.case_id
        if case_id is None:
            return
        from minorifamiglie.services import deadlines

        def add(opened: Any, v: dict[str, Any]) -> object:
            return deadlines.add_deadline(opened, case_id, **v)

        today = self.data.today if self.data is not None else dt.date.today()
        self.open_form(
            self.tr("New deadline"),
            [
                FormField("title", self.tr("What is due"), "text", required=True, max_length=300),
                FormField("due_on", self.tr("Due on"), "date", required=True),
            ],
            add,
            values={"due_on": today + dt.timedelta(days=7)},
        )

    def activated(self, row: DeadlineView) -> None:
        if not row.derived and row.done_on is None:
            self.edit(row)

    def edit(self, row: DeadlineView) -> None:
        from minorifamiglie.services import deadlines

        def update(opened: Any, v: dict[str, Any]) -> object:
            return deadlines.update_deadline(opened, DeadlineId(row.source_id), **v)

        self.open_form(
            self.tr("Edit deadline"),
            [
                FormField("title", self.tr("What is due"), "text", required=True, max_length=300),
                FormField("due_on", self.tr("Due on"), "date", required=True),
            ],
            update,
            values={"title": row.title, "due_on": row.due_on},
        )

    def mark_done(self) -> None:
        row = self.selected()
        if row is None or row.done_on is not None:
            return
        if row.derived:
            self._report_sent(row)
            return
        from minorifamiglie.services import deadlines

        deadline_id = DeadlineId(row.source_id)  # not derived: a deadline's own id
        today = self.data.today if self.data is not None else dt.date.today()
        self.write(lambda opened: deadlines.complete_deadline(opened, deadline_id, today=today))

    def _report_sent(self, row: DeadlineView) -> None:
        """ "Mark done" on a report to the court: the report was sent (measures tab's form)."""
        if self.data is None or row.kind != DeadlineKind.COURT_REPORT.value:
            return
        measure = next((m for m in self.data.detail.measures if m.id == row.source_id), None)
        if measure is not None:
            open_report_sent_form(self, measure, row.due_on, self.data.today)
