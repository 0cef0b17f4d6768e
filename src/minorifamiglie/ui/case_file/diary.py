"""Diario: the visits of the case as a timeline, newest first, filterable by kind."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QComboBox, QLabel, QWidget

from minorifamiglie.domain.enums import VisitKind, VisitOutcome, VisitStatus
from minorifamiglie.ui.case_file.base import TableTab
from minorifamiglie.ui.case_file.data import load_visits
from minorifamiglie.ui.case_file.models import MUTED, SOON, Column, RowTableModel
from minorifamiglie.ui.common import fmt_date, fmt_time, plain_label, show_error
from minorifamiglie.ui.labels import label
from minorifamiglie.ui.operations import QueryOperation
from minorifamiglie.ui.workspace import Workspace

if TYPE_CHECKING:
    from minorifamiglie.services.visits import VisitView

STATUS_COLUMN = 3


def first_line(text: str, limit: int = 140) -> str:
    for raw in text.splitlines():
        line = raw.strip()
        if line:
            return line if len(line) <= limit else line[: limit - 1] + "…"
    return ""


class DiaryTableModel(RowTableModel["VisitView"]):
    """Visits as the service returns them (the tab asks for newest first)."""

    def columns(self) -> Sequence[Column[VisitView]]:
        return (
            Column(self.tr("Date"), lambda r: fmt_date(r.visit.date)),
            Column(
                self.tr("Time"),
                lambda r: f"{fmt_time(r.visit.start_time)}–{fmt_time(r.visit.end_time)}",
            ),
            Column(self.tr("Kind"), lambda r: label(r.visit.kind)),
            Column(self.tr("Status"), lambda r: label(r.visit.status)),
            Column(self.tr("Outcome"), lambda r: label(r.visit.outcome)),
            Column(self.tr("Amendments"), lambda r: str(len(r.amendments)) if r.amendments else ""),
            Column(self.tr("Notes"), lambda r: first_line(r.visit.notes)),
        )

    def row_id(self, row: VisitView) -> object:
        return row.visit.id

    def foreground(self, row: VisitView, column: int) -> QColor | None:
        if column == STATUS_COLUMN and row.visit.status is VisitStatus.DRAFT:
            return SOON
        if row.visit.outcome is not VisitOutcome.DONE:
            return MUTED
        return None

    def bold(self, row: VisitView, column: int) -> bool:
        return column == STATUS_COLUMN and row.visit.status is VisitStatus.DRAFT


class DiaryTab(TableTab["VisitView"]):
    """Double-click (or Enter) on a visit asks for the visit editor; "New visit" too."""

    visitRequested = Signal(object, object)  # case id, visit id or None

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(workspace, DiaryTableModel(), self.tr("Diary of the visits"), parent)
        self.new_button = self.button(self.tr("&New visit"), self.new_visit)
        self.open_button = self.button(self.tr("&Open"), self.open_selected, self.tr("Open visit"))
        self.kind = QComboBox()
        self.kind.setAccessibleName(self.tr("Filter by kind"))
        self.kind.addItem(self.tr("All kinds"), None)
        for kind in VisitKind:
            self.kind.addItem(label(kind), kind)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.count = plain_label()
        self.count.setObjectName("diaryCount")
        self.add_buttons(self.new_button)
        self.add_buttons(self.open_button, needs_row=True)
        self.buttons.addSpacing(16)
        kind_label = QLabel(self.tr("&Kind:"))
        kind_label.setBuddy(self.kind)
        self.buttons.addWidget(kind_label)
        self.buttons.addWidget(self.kind)
        self.buttons.addSpacing(12)
        self.buttons.addWidget(self.count)
        self.finish_buttons()
        self._query = QueryOperation(self, workspace)

    def selected_kind(self) -> VisitKind | None:
        value = self.kind.currentData()  # Qt hands a StrEnum back as a plain str
        return VisitKind(value) if value else None

    def refresh_view(self) -> None:
        rows = self.data.visits if self.data is not None else ()
        self.model.set_rows(rows)
        self._show_count()

    def _show_count(self) -> None:
        if self.data is None:
            self.count.clear()
            return
        n = self.model.rowCount()
        self.count.setText(self.tr("%n visit(s)", "", n))

    def _kind_changed(self) -> None:
        """The filter runs in SQL: ask the worker for the visits of that kind."""
        case_id = self.case_id
        if case_id is None:
            return
        kind = self.selected_kind()

        def loaded(rows: tuple[VisitView, ...]) -> None:
            if self.case_id == case_id:
                self.model.set_rows(rows)
                self._show_count()

        self._query.run(
            lambda opened: load_visits(opened, case_id, kind),
            loaded,
            lambda error: show_error(self, error),
        )

    def new_visit(self) -> None:
        if self.case_id is not None:
            self.visitRequested.emit(self.case_id, None)

    def open_selected(self) -> None:
        row = self.selected()
        if row is not None:
            self.activated(row)

    def activated(self, row: VisitView) -> None:
        case_id: uuid.UUID | None = self.case_id
        if case_id is not None:
            self.visitRequested.emit(case_id, row.visit.id)

    def clear(self) -> None:
        self._query.cancel()
        super().clear()
