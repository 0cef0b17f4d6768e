"""Scadenze: every deadline of the cases in charge, overdue first in red, then by due date."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from minorifamiglie.domain.changes import Changes
from minorifamiglie.domain.enums import DeadlineKind
from minorifamiglie.services import deadlines
from minorifamiglie.services.deadlines import UpcomingDeadline
from minorifamiglie.ui.common import error_text, filled, plain_label, read_only_table
from minorifamiglie.ui.labels import label
from minorifamiglie.ui.models.deadline_table import DeadlineTableModel
from minorifamiglie.ui.operations import QueryOperation
from minorifamiglie.ui.pages.base import Page
from minorifamiglie.ui.workspace import Workspace

if TYPE_CHECKING:
    from minorifamiglie.storage.profile import OpenProfile

HORIZONS = (30, 90, 365)


def _table_view(model: DeadlineTableModel, accessible: str) -> QTableView:
    return read_only_table(model, accessible, "deadlineTable", fit="but-last")


class DeadlinesPage(Page):
    """Emits `caseOpened(case_id)` when a deadline is double-clicked (or Enter is pressed)."""

    caseOpened = Signal(object)

    def __init__(
        self,
        workspace: Workspace,
        parent: QWidget | None = None,
        today: Callable[[], dt.date] = dt.date.today,
    ) -> None:
        super().__init__(workspace, parent)
        self.setObjectName("deadlinesPage")
        self._today = today
        self._query = QueryOperation(self, workspace)
        self._loaded = False
        filters = self._build_filters()
        self.model = DeadlineTableModel(self)
        self.table = _table_view(self.model, self.tr("Deadlines"))
        self.table.activated.connect(self._open)
        self.hidden_notice = QLabel(
            self.tr(
                "Visit mode: the deadlines of the cases are hidden.\n"
                "Turn visit mode off (F9) to see them."
            )
        )
        self.hidden_notice.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.hidden_notice.setWordWrap(True)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.table)
        self.stack.addWidget(self.hidden_notice)

        self.filters_box = QWidget()
        self.filters_box.setLayout(filters)
        layout = QVBoxLayout(self)
        layout.addWidget(self.make_heading())
        layout.addWidget(self.filters_box)
        layout.addWidget(self.stack, 1)

        self.horizon.currentIndexChanged.connect(self.refresh)
        self.kind.currentIndexChanged.connect(self.refresh)
        workspace.changesApplied.connect(self._changes_applied)

    def _build_filters(self) -> QHBoxLayout:
        self.horizon = QComboBox()
        self.horizon.setAccessibleName(self.tr("Period"))
        for days in HORIZONS:
            text = self.tr("Next year") if days == 365 else self.tr("Next %1 days")
            self.horizon.addItem(text.replace("%1", str(days)), days)
        self.horizon.setCurrentIndex(len(HORIZONS) - 1)
        self.kind = QComboBox()
        self.kind.setAccessibleName(self.tr("Kind of deadline"))
        self.kind.addItem(self.tr("All kinds"), None)
        for member in DeadlineKind:
            self.kind.addItem(label(member), member)
        self.summary = plain_label()
        self.summary.setObjectName("deadlineSummary")
        self.summary.setAccessibleName(self.tr("Summary"))
        period_label = QLabel(self.tr("&Period:"))
        period_label.setBuddy(self.horizon)
        kind_label = QLabel(self.tr("&Kind:"))
        kind_label.setBuddy(self.kind)
        filters = QHBoxLayout()
        filters.addWidget(period_label)
        filters.addWidget(self.horizon)
        filters.addSpacing(12)
        filters.addWidget(kind_label)
        filters.addWidget(self.kind)
        filters.addStretch(1)
        filters.addWidget(self.summary)
        return filters

    def title(self) -> str:
        return self.tr("Deadlines")

    # ------------------------------------------------------------------ loading
    def refresh(self) -> None:
        if self.visit_mode or not self.workspace.unlocked:
            return
        today = self._today()
        days = int(self.horizon.currentData())
        data = self.kind.currentData()  # a StrEnum comes back from Qt as a plain str
        kind = DeadlineKind(data) if data else None

        def load(opened: OpenProfile) -> list[UpcomingDeadline]:
            rows = deadlines.upcoming_deadlines(opened, today, days, include_done=True)
            return [r for r in rows if kind is None or r.kind is kind]

        self.summary.setText(self.tr("Loading…"))
        self._query.run(load, partial(self._loaded_rows, days), self._failed)

    def _loaded_rows(self, days: int, rows: list[UpcomingDeadline]) -> None:
        self._loaded = True
        self.model.set_rows(rows)
        rows = [r for r in rows if r.done_on is None]  # the counts are of what is still to do
        overdue = sum(1 for r in rows if r.overdue)
        if not rows:
            text = self.tr("No deadlines in the next %1 days.").replace("%1", str(days))
        else:
            # Each count says only what it names: the overdue ones are not "in the next days".
            text = filled(
                self.tr("%1 deadlines in the next %2 days · %3 overdue"),
                str(len(rows) - overdue),
                str(days),
                str(overdue),
            )
        self.summary.setText(text)

    def _failed(self, error: BaseException) -> None:
        self.summary.setText(error_text(error))

    def _changes_applied(self, changes: Changes) -> None:
        if self._loaded and changes.touches(deadlines.SOURCES):
            self.refresh()

    def _open(self, index: QModelIndex) -> None:
        row = self.model.row_at(index.row())
        if row is not None and not self.visit_mode:
            self.caseOpened.emit(row.case_id)

    # ------------------------------------------------------------------ modes
    def set_visit_mode(self, on: bool) -> None:
        super().set_visit_mode(on)
        self.stack.setCurrentWidget(self.hidden_notice if on else self.table)
        self.filters_box.setVisible(not on)
        if on:
            self._query.cancel()
            self.model.clear()
            self.summary.clear()
        else:
            self.refresh()

    def clear(self) -> None:
        self._query.cancel()
        self._loaded = False
        self.model.clear()
        self.summary.clear()
