"""Oggi: today's and tomorrow's visits and meetings, the deadlines of the next 30 days (overdue
first, in red) and the drafts still to close and sign.

Visit mode (in front of a family) keeps only the list of today's appointments, reduced to time,
kind and status: the case code, the child's name and the place (often another family's
address) are hidden, and so are tomorrow, the deadlines (court reports) and the drafts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

from PySide6.QtCore import QAbstractItemModel, QLocale, QModelIndex, Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from minorifamiglie.domain.changes import Changes
from minorifamiglie.services.today import (
    DEADLINE_DAYS,
    SOURCES,
    TodayData,
    TodayScope,
    load_today,
    set_today_scope,
)
from minorifamiglie.storage.profile import OpenProfile
from minorifamiglie.ui.common import error_text, filled, fmt_date, plain_label, to_qdate
from minorifamiglie.ui.models.agenda_table import AgendaTableModel
from minorifamiglie.ui.models.deadline_table import DeadlineTableModel
from minorifamiglie.ui.operations import QueryOperation, WriteOperation
from minorifamiglie.ui.pages.base import Page
from minorifamiglie.ui.workspace import Workspace

A = AgendaTableModel
# The first columns fit their contents, the rest share the width (and elide): no sideways
# scrolling at 1366x768. The status shows as a tooltip and greyed cancelled rows.
DAY_COLUMNS = (A.TIME, A.KIND, A.MINORS, A.PLACE, A.CASE)
DRAFT_COLUMNS = (A.DATE, A.TIME, A.KIND, A.MINORS, A.CASE)
VISIT_MODE_COLUMNS = (A.TIME, A.KIND, A.STATUS)


def prefetch(opened: OpenProfile) -> tuple[dt.date, TodayData]:
    """Queued by the workspace right behind the unlock (workspace.UNLOCK_READS): Oggi's data
    is read while the main window is being built."""
    today = dt.date.today()
    return today, load_today(opened, today)


class _Section(QGroupBox):
    """A titled table with a line saying when it is empty."""

    def __init__(
        self, title: str, model: QAbstractItemModel, empty: str, name: str, fitted: int
    ) -> None:
        super().__init__(title)
        self.base_title = title
        self.empty_text = empty
        self.loading = True  # until the first result: "Loading…", not "nothing planned"
        # The title with its count; the deadlines' counts the overdue ones apart.
        self.count_title: Callable[[int], str] = lambda rows: f"{title} ({rows})"
        self.fitted = fitted  # how many leading columns fit their contents
        self.table = QTableView()
        self.table.setObjectName(name)
        self.table.setAccessibleName(title)
        self.table.setModel(model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.empty = QLabel(self.tr("Loading…"))
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.empty.setStyleSheet("color: #666;")
        self.stack = QStackedWidget()
        self.stack.addWidget(self.table)
        self.stack.addWidget(self.empty)
        box = QVBoxLayout(self)
        box.setContentsMargins(6, 6, 6, 6)
        box.addWidget(self.stack)
        model.modelReset.connect(self._reset)
        self._reset()

    def _reset(self) -> None:
        model = self.table.model()
        rows = model.rowCount()
        self.stack.setCurrentWidget(self.table if rows else self.empty)
        self.empty.setText(self.tr("Loading…") if self.loading else self.empty_text)
        self.setTitle(self.count_title(rows) if rows else self.base_title)
        header = self.table.horizontalHeader()
        # The fitted columns (time, kind, date) fit the rows on screen: a section shows a few
        # rows of lists that can hold over a thousand, and sampling a hundred rows of four
        # lists cost 90 ms of the unlock.
        header.setResizeContentsPrecision(0)
        for column in range(model.columnCount()):
            mode = (
                QHeaderView.ResizeMode.ResizeToContents
                if column < self.fitted
                else QHeaderView.ResizeMode.Stretch
            )
            header.setSectionResizeMode(column, mode)

    def set_loading(self, loading: bool) -> None:
        self.loading = loading
        self._reset()


class TodayPage(Page):
    """Double-click (or Enter) on a visit or a draft emits `visitRequested(case_id, visit_id)`;
    on a deadline `caseOpened(case_id)`."""

    caseOpened = Signal(object)
    visitRequested = Signal(object, object)

    def __init__(
        self,
        workspace: Workspace,
        parent: QWidget | None = None,
        today: Callable[[], dt.date] = dt.date.today,
    ) -> None:
        super().__init__(workspace, parent)
        self.setObjectName("todayPage")
        self._today = today
        self._query = QueryOperation(self, workspace)
        self._writes = WriteOperation(self, workspace)
        self._loaded = False

        top = self._top_bar()

        self.today_model = AgendaTableModel(DAY_COLUMNS, self)
        self.tomorrow_model = AgendaTableModel(DAY_COLUMNS, self)
        self.drafts_model = AgendaTableModel(DRAFT_COLUMNS, self)
        self.deadline_model = DeadlineTableModel(self)
        self.today_box = _Section(
            self.tr("Today"),
            self.today_model,
            self.tr("No visits or meetings planned today."),
            "todayTable",
            2,
        )
        self.tomorrow_box = _Section(
            self.tr("Tomorrow"),
            self.tomorrow_model,
            self.tr("Nothing planned tomorrow."),
            "tomorrowTable",
            2,
        )
        self.deadline_box = _Section(
            self.tr("Deadlines in the next %1 days").replace("%1", str(DEADLINE_DAYS)),
            self.deadline_model,
            self.tr("No deadlines in the next %1 days.").replace("%1", str(DEADLINE_DAYS)),
            "todayDeadlineTable",
            2,
        )
        self.drafts_box = _Section(
            self.tr("Drafts to close and sign"),
            self.drafts_model,
            self.tr("No drafts left open."),
            "draftTable",
            3,
        )
        self.deadline_box.count_title = self._deadline_title
        # The description is in Scadenze; here the kind and the case say enough.
        self.deadline_box.table.setColumnHidden(DeadlineTableModel.TITLE, True)
        for box in (self.today_box, self.tomorrow_box, self.drafts_box):
            box.table.activated.connect(self._open_visit)
        self.deadline_box.table.activated.connect(self._open_deadline)

        self.visit_notice = QLabel(
            self.tr(
                "Visit mode: only the times of today's appointments are shown; cases, "
                "deadlines and drafts are hidden. Turn visit mode off (F9) to see them."
            )
        )
        self.visit_notice.setWordWrap(True)
        self.visit_notice.setStyleSheet("color: #666;")
        self.visit_notice.setVisible(False)

        self.grid = grid = QGridLayout()
        grid.addWidget(self.today_box, 0, 0)
        grid.addWidget(self.tomorrow_box, 0, 1)
        grid.addWidget(self.deadline_box, 1, 0)
        grid.addWidget(self.drafts_box, 1, 1)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        grid.setRowStretch(0, 1)
        grid.setRowStretch(1, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.scope_note)
        layout.addWidget(self.visit_notice)
        layout.addLayout(grid, 1)

        workspace.changesApplied.connect(self._changes_applied)

    def _top_bar(self) -> QHBoxLayout:
        """The day's heading, the summary and whose day: the operator's own cases (the
        default) or the whole team's, kept per profile (services/today.py)."""
        self.heading = plain_label()
        self.heading.setObjectName("todayHeading")
        font = QFont(self.heading.font())
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.heading.setFont(font)
        self.summary = plain_label()
        self.summary.setObjectName("todaySummary")
        self.summary.setAccessibleName(self.tr("Summary"))
        self.scope = QComboBox()
        self.scope.setObjectName("todayScope")
        self.scope.addItem(self.tr("My cases"), TodayScope.MINE)
        self.scope.addItem(self.tr("The whole team"), TodayScope.TEAM)
        self.scope.setToolTip(
            self.tr(
                "My cases: the cases you follow and the visits you lead. Every case in charge "
                "is in Deadlines and Calendar."
            )
        )
        self.scope_label = QLabel(self.tr("&Show:"))
        self.scope_label.setBuddy(self.scope)
        self.scope.activated.connect(self._scope_chosen)
        self.scope_note = plain_label()
        self.scope_note.setObjectName("todayScopeNote")
        self.scope_note.setWordWrap(True)
        self.scope_note.setStyleSheet("color: #666;")
        self.scope_note.setVisible(False)
        top = QHBoxLayout()
        top.addWidget(self.heading)
        top.addStretch(1)
        top.addWidget(self.summary)
        top.addSpacing(12)
        top.addWidget(self.scope_label)
        top.addWidget(self.scope)
        return top

    def title(self) -> str:
        return self.tr("Today")

    @property
    def loaded(self) -> bool:
        """The data of the day is on screen (False while "Loading…", after a lock)."""
        return self._loaded

    def _deadline_title(self, rows: int) -> str:
        """ "Overdue (57) · Deadlines in the next 30 days (107)": each count only what it names."""
        overdue = sum(1 for d in self.deadline_model.rows if d.overdue)
        upcoming = self.deadline_box.base_title + f" ({rows - overdue})"
        if not overdue:
            return upcoming
        return self.tr("Overdue (%1)").replace("%1", str(overdue)) + " · " + upcoming

    def _sections(self) -> tuple[_Section, ...]:
        return (self.today_box, self.tomorrow_box, self.deadline_box, self.drafts_box)

    # ------------------------------------------------------------------ loading
    def refresh(self) -> None:
        if not self.workspace.unlocked:
            return
        today = self._today()
        self._set_heading(today)
        self.summary.setText(self.tr("Loading…"))

        def load(opened: OpenProfile) -> TodayData:
            return load_today(opened, today)

        def prefetched(value: tuple[dt.date, TodayData]) -> None:
            read_on, data = value
            if read_on == today:
                self._loaded_data(data)
            else:  # read just before midnight: read again
                self._query.run(load, self._loaded_data, self._failed)

        if not self.workspace.take("today", *self._query.expect(prefetched, self._failed)):
            self._query.run(load, self._loaded_data, self._failed)

    def _set_heading(self, today: dt.date) -> None:
        weekday = QLocale().dayName(to_qdate(today).dayOfWeek())
        self.heading.setText(filled(self.tr("Today, %1 %2"), weekday, fmt_date(today)))

    def _loaded_data(self, data: TodayData) -> None:
        self._loaded = True
        for box in self._sections():
            box.set_loading(False)
        self.today_model.set_rows(data.today)
        self.scope.setCurrentIndex(self.scope.findData(data.asked))
        self.scope_note.setVisible(data.shown is not data.asked and not self.visit_mode)
        self.scope_note.setText(
            self.tr("You do not follow any open case yet: here are the whole team's.")
        )
        if self.visit_mode:
            # Nothing about other cases reaches the screen, not even hidden models.
            for model in (self.tomorrow_model, self.drafts_model, self.deadline_model):
                model.clear()
            self.summary.clear()
            return
        self.tomorrow_model.set_rows(data.tomorrow)
        self.deadline_model.set_rows(data.deadlines)
        self.drafts_model.set_rows(data.drafts)
        overdue = sum(1 for d in data.deadlines if d.overdue)
        self.summary.setText(
            filled(
                self.tr("%1 overdue deadlines · %2 drafts to close"),
                str(overdue),
                str(len(data.drafts)),
            )
        )
        self.summary.setStyleSheet("color: #b00020;" if overdue else "")

    def _scope_chosen(self, index: int) -> None:
        """Kept on this profile, then Oggi read again in the new scope."""
        scope = TodayScope(self.scope.itemData(index))
        self._writes.run(
            lambda opened: set_today_scope(opened, scope),
            lambda _none: self.refresh(),
            lambda error: self.summary.setText(error_text(error)),
        )

    def _failed(self, error: BaseException) -> None:
        self.summary.setText(error_text(error))

    def _changes_applied(self, changes: Changes) -> None:
        if self._loaded and changes.touches(SOURCES):
            self.refresh()

    # ------------------------------------------------------------------ opening
    def _open_visit(self, index: QModelIndex) -> None:
        model = index.model()
        case_id = model.data(index, AgendaTableModel.CaseIdRole)
        visit_id = model.data(index, AgendaTableModel.VisitIdRole)
        if case_id is not None:
            self.visitRequested.emit(case_id, visit_id)

    def _open_deadline(self, index: QModelIndex) -> None:
        row = self.deadline_model.row_at(index.row())
        if row is not None and not self.visit_mode:
            self.caseOpened.emit(row.case_id)

    # ------------------------------------------------------------------ modes
    def set_visit_mode(self, on: bool) -> None:
        super().set_visit_mode(on)
        self.today_model.set_columns(VISIT_MODE_COLUMNS if on else DAY_COLUMNS)
        for box in (self.tomorrow_box, self.deadline_box, self.drafts_box):
            box.setVisible(not on)
        for widget in (self.scope_label, self.scope):
            widget.setVisible(not on)
        if on:
            self.scope_note.setVisible(False)
        self.grid.removeWidget(self.today_box)
        span = 2 if on else 1  # alone, today's list takes the whole page
        self.grid.addWidget(self.today_box, 0, 0, span, span)
        self.visit_notice.setVisible(on)
        if on:
            for model in (self.tomorrow_model, self.drafts_model, self.deadline_model):
                model.clear()
            self.summary.clear()
        if self._loaded or on:
            self.refresh()

    def visible_sections(self) -> Sequence[str]:
        """The titles of the sections on screen (for tests and screen readers)."""
        boxes = (self.today_box, self.tomorrow_box, self.deadline_box, self.drafts_box)
        return [box.base_title for box in boxes if not box.isHidden()]

    def clear(self) -> None:
        self._query.cancel()
        self._loaded = False
        for box in self._sections():
            box.set_loading(True)
        for model in (self.today_model, self.tomorrow_model, self.drafts_model):
            model.clear()
        self.deadline_model.clear()
        self.summary.clear()
