"""Cartelle: every case, with instant search and filters, loaded a page at a time off the Qt
thread (SQL filters and pages: docs/architecture.md §13). Text in the search box goes through the
one search (services/search.py): names, codes, codici fiscali, titles and the texts of the
visits, best first, each row saying where it was found."""

from __future__ import annotations

import dataclasses
import datetime as dt
import threading
import uuid
from collections.abc import Sequence
from functools import partial
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPersistentModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QPainter,
    QTextDocument,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from minorifamiglie.domain.ambiti import AMBITI, ambito_id
from minorifamiglie.domain.changes import Changes
from minorifamiglie.domain.enums import CaseStatus, Service
from minorifamiglie.services.search import Place, SearchResult
from minorifamiglie.storage.queries import CaseFilter, CaseRowView
from minorifamiglie.ui.common import error_text, plain_label, unhidden
from minorifamiglie.ui.dialogs.new_case import NewCaseDialog
from minorifamiglie.ui.labels import label
from minorifamiglie.ui.models.case_table import CaseTableModel
from minorifamiglie.ui.operations import QueryOperation
from minorifamiglie.ui.pages.base import Page
from minorifamiglie.ui.workspace import Workspace

if TYPE_CHECKING:
    from minorifamiglie.domain.entities import Operator
    from minorifamiglie.storage.profile import OpenProfile

E = TypeVar("E", Service, CaseStatus)
PAGE_SIZE = 200
ALL = ""  # the value of the first item of a filter
# Typing: a search starts as soon as a key is typed, unless one is still on the worker; then
# the text typed meanwhile is searched once that one is back (only the latest, never a queue of
# stale ones). The short delay only joins the characters of one burst, such as a paste.
SEARCH_DELAY_MS = 30
# Column widths of the list, and while searching (when "Trovato in" needs the room).
LIST_WIDTHS = {
    CaseTableModel.CODE: 150,
    CaseTableModel.AMBITO: 180,
    CaseTableModel.SERVICE: 200,
    CaseTableModel.STATUS: 90,
    CaseTableModel.OPENED: 90,
    CaseTableModel.FOUND_IN: 360,
}
SEARCH_WIDTHS = {
    CaseTableModel.CODE: 150,
    CaseTableModel.MINORS: 170,
    CaseTableModel.AMBITO: 120,
    CaseTableModel.SERVICE: 150,
    CaseTableModel.STATUS: 70,
    CaseTableModel.OPENED: 85,
}


class CasesPage(Page):
    """The list of case files. Emits `caseOpened(case_id)` on double-click or Enter, or
    `visitRequested(case_id, visit_id)` for a case the search found in the texts of a visit."""

    caseOpened = Signal(object)  # uuid.UUID
    visitRequested = Signal(object, object)  # case id, visit id
    handOverRequested = Signal(object)  # list[uuid.UUID]: the cases to preselect
    importRequested = Signal()

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(workspace, parent)
        self.setObjectName("casesPage")
        # The first page (or the search), the count, the next page: a new query supersedes
        # all three, and an answer to an older one is dropped.
        self._rows = QueryOperation(self, workspace)
        self._count = QueryOperation(self, workspace)
        self._more = QueryOperation(self, workspace)
        self._operators = QueryOperation(self, workspace)  # the operator filter's choices
        self._operators_loaded = False
        self._stale = True  # the list must be read again when the page is shown
        self._select_after_load: uuid.UUID | None = None
        self._build_controls()
        self._build_table()
        self._build_layout()
        self.search_timer = QTimer(self)
        self.search_timer.setSingleShot(True)
        self.search_timer.setInterval(SEARCH_DELAY_MS)
        self.search_timer.timeout.connect(self.reload)
        self._searching = False  # a search is on the worker
        self._search_again = False  # the text changed meanwhile
        self._search_stop = threading.Event()  # set: the search on the worker gives up
        self.search.textChanged.connect(self._text_changed)
        self.search.returnPressed.connect(self._search_now)
        self.search.installEventFilter(self)
        for combo in self._filters():
            combo.currentIndexChanged.connect(lambda _i: self.reload())
        self.model.moreRequested.connect(self._load_more)
        self.table.activated.connect(self._activated)
        self.new_button.clicked.connect(self.new_case)
        workspace.changesApplied.connect(self._changes_applied)

    def _build_controls(self) -> None:
        self.search = QLineEdit()
        self.search.setObjectName("caseSearch")
        self.search.setAccessibleName(self.tr("Search cases"))
        self.search.setPlaceholderText(
            self.tr("Search names, case codes, codici fiscali and visit notes (Ctrl+F)")
        )
        self.search.setClearButtonEnabled(True)
        self.new_button = QPushButton(self.tr("New case"))
        self.new_button.setObjectName("newCaseButton")
        self.new_button.setAccessibleName(self.tr("New case"))
        self.new_button.setToolTip(self.tr("Open a new case file (Ctrl+Shift+N)"))
        self.hand_over_button = QPushButton(self.tr("Hand over…"))
        self.hand_over_button.setObjectName("casesHandOverButton")
        self.hand_over_button.setToolTip(
            self.tr("An encrypted file of case files for the Ambito or another cooperative")
        )
        self.hand_over_button.clicked.connect(self._hand_over)
        self.import_button = QPushButton(self.tr("Import…"))
        self.import_button.setObjectName("casesImportButton")
        self.import_button.setToolTip(self.tr("Import case files received in an encrypted file"))
        self.import_button.clicked.connect(self.importRequested)

        self.ambito_filter = self._combo(self.tr("Filter by ambito"), self.tr("All ambiti"))
        for code, name in AMBITI:
            self.ambito_filter.addItem(name, ambito_id(code))
        self.service_filter = self._combo(self.tr("Filter by service"), self.tr("All services"))
        for service in Service:
            self.service_filter.addItem(label(service), service.value)
        self.status_filter = self._combo(self.tr("Filter by status"), self.tr("All statuses"))
        for status in CaseStatus:
            self.status_filter.addItem(label(status), status.value)
        self.operator_filter = self._combo(
            self.tr("Filter by assigned operator"), self.tr("All operators")
        )
        self.count_label = plain_label()
        self.count_label.setObjectName("caseCount")
        self.count_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)

    def _filters(self) -> tuple[QComboBox, ...]:
        return (self.ambito_filter, self.service_filter, self.status_filter, self.operator_filter)

    def _build_table(self) -> None:
        self.model = CaseTableModel(self)
        self.table = QTableView()
        self.table.setObjectName("caseTable")
        self.table.setAccessibleName(self.tr("Cases"))
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(CaseTableModel.MINORS, QHeaderView.ResizeMode.Stretch)
        self.found_in_delegate = RichTextDelegate(self.table)
        self.table.setItemDelegateForColumn(CaseTableModel.FOUND_IN, self.found_in_delegate)
        self.table.setColumnHidden(CaseTableModel.FOUND_IN, True)
        for column, width in LIST_WIDTHS.items():
            header.resizeSection(column, width)
        self.empty_label = plain_label()
        self.empty_label.setObjectName("caseListEmpty")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setWordWrap(True)
        self.empty_label.setVisible(False)

        self.visit_mode_label = QLabel(
            self.tr(
                "Visit mode is on: the list of cases is hidden so that no other family's "
                "names are on screen.\nTurn visit mode off (F9) to see the cases again."
            )
        )
        self.visit_mode_label.setObjectName("caseListHidden")
        self.visit_mode_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.visit_mode_label.setWordWrap(True)

    def _build_layout(self) -> None:
        list_panel = QWidget()
        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.import_button)
        top.addWidget(self.hand_over_button)
        top.addWidget(self.new_button)
        filters = QHBoxLayout()
        for combo in self._filters():
            filters.addWidget(combo, 1)
        filters.addWidget(self.count_label)
        panel_layout = QVBoxLayout(list_panel)
        panel_layout.setContentsMargins(0, 0, 0, 0)
        panel_layout.addLayout(top)
        panel_layout.addLayout(filters)
        panel_layout.addWidget(self.table, 1)
        panel_layout.addWidget(self.empty_label)
        self.stack = QStackedWidget()
        self.stack.addWidget(list_panel)
        self.stack.addWidget(self.visit_mode_label)
        layout = QVBoxLayout(self)
        layout.addWidget(self.make_heading())
        layout.addWidget(self.stack, 1)

    def _combo(self, name: str, everything: str) -> QComboBox:
        combo = QComboBox()
        combo.setAccessibleName(name)
        combo.setToolTip(name)
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(12)
        combo.addItem(everything, ALL)
        return combo

    # ------------------------------------------------------------------ Page
    def title(self) -> str:
        return self.tr("Cases")

    def refresh(self) -> None:
        if not self.workspace.unlocked:
            return
        if not self._operators_loaded:
            self._load_operators()
        if not self.visit_mode and (self._stale or self.model.rowCount() == 0):
            self.reload()

    def set_visit_mode(self, on: bool) -> None:
        super().set_visit_mode(on)
        self.search_timer.stop()
        self._stop_search()
        if on:
            # Not only hidden: forgotten, so nothing of the list stays in the widgets.
            self._cancel_reads()
            self._stale = True
            self.model.clear()
            self.count_label.clear()
            self.empty_label.setVisible(False)
            self.stack.setCurrentWidget(self.visit_mode_label)
        else:
            self.stack.setCurrentIndex(0)
            self.refresh()

    def _cancel_reads(self) -> None:
        for query in (self._rows, self._count, self._more):
            query.cancel()
        self._searching = False  # a search cancelled does not come back

    def clear(self) -> None:
        self._cancel_reads()
        self.search_timer.stop()
        self._stop_search()
        self.model.clear()
        self.count_label.clear()
        self.empty_label.setVisible(False)
        self.search.blockSignals(True)
        self.search.clear()
        self.search.blockSignals(False)
        for combo in (self.ambito_filter, self.service_filter, self.status_filter):
            combo.blockSignals(True)
            combo.setCurrentIndex(0)
            combo.blockSignals(False)
        self.operator_filter.blockSignals(True)
        self.operator_filter.clear()
        self.operator_filter.addItem(self.tr("All operators"), ALL)
        self.operator_filter.blockSignals(False)
        self._operators_loaded = False
        self._stale = True

    def focus_search(self) -> None:
        """Ctrl+F: put the cursor in the search box (nothing to search in visit mode)."""
        if self.visit_mode:
            return
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    # ------------------------------------------------------------------ loading
    def current_filter(self) -> CaseFilter:
        return CaseFilter(
            text=self.search.text().strip(),
            ambito_id=_chosen(self.ambito_filter),
            # Qt hands a StrEnum back as a plain str: rebuild the member.
            service=_member(Service, _chosen(self.service_filter)),
            status=_member(CaseStatus, _chosen(self.status_filter)),
            operator_id=_chosen(self.operator_filter),
        )

    def reload(self) -> None:
        """Start a new query from the first page; an older query still running is ignored."""
        self.search_timer.stop()
        if self.visit_mode or not self.workspace.unlocked:
            return
        self._cancel_reads()
        flt = self.current_filter()
        first = dataclasses.replace(flt, limit=PAGE_SIZE + 1, offset=0)
        self._stale = False
        if flt.text:
            self._search(flt)
            return

        def rows_job(opened: OpenProfile) -> list[CaseRowView]:
            from minorifamiglie.services import cases

            return cases.list_cases(opened, first)

        def count_job(opened: OpenProfile) -> int:
            from minorifamiglie.services import cases

            return cases.count_cases(opened, flt)

        self._rows.run(rows_job, self._first_page_arrived, self._failed)
        self._count.run(count_job, self._count_arrived, self._failed)

    def _text_changed(self, _text: str) -> None:
        if self._searching:
            self._search_again = True
            self._search_stop.set()  # given up at its next check; then the latest text
        else:
            self.search_timer.start()

    def _stop_search(self) -> None:
        """Nothing more of the search on the worker is wanted (a lock, visit mode)."""
        self._search_again = False
        self._search_stop.set()

    def _search(self, flt: CaseFilter) -> None:
        stop = self._search_stop = threading.Event()

        def job(opened: OpenProfile) -> SearchResult:
            from minorifamiglie.services import search

            return search.search(opened, flt.text, flt, cancelled=stop.is_set)

        def done(result: SearchResult) -> None:
            if not self._search_back():
                self._search_arrived(result)

        def failed(error: BaseException) -> None:
            from minorifamiglie.services.search import SearchCancelled

            if not self._search_back() and not isinstance(error, SearchCancelled):
                self._failed(error)

        self._searching = True
        self._search_again = False
        self._rows.run(job, done, failed)

    def _search_back(self) -> bool:
        """A search came back from the worker: True when the text has changed since and the
        new text's search has been started instead of showing this one."""
        self._searching = False
        if not self._search_again:
            return False
        self._search_again = False
        self.reload()
        return True

    def _search_arrived(self, result: SearchResult) -> None:
        previous = self._selected_case_id()
        self._show_found_in(True)
        self.model.set_hits(result.hits)
        self._reselect(self._select_after_load or previous)
        self._select_after_load = None
        count = len(result.hits)
        if result.more:
            text = self.tr("The first %Ln cases", "", count)
        else:
            text = self.tr("1 case") if count == 1 else self.tr("%Ln cases", "", count)
        self.count_label.setText(text)
        self._update_empty_label()

    def _show_found_in(self, on: bool) -> None:
        """While searching, "Trovato in" takes the free width (where the matched words are) and
        the other columns narrow to readable widths; otherwise the minors' names take it."""
        if self.table.isColumnHidden(CaseTableModel.FOUND_IN) != on:
            return
        header = self.table.horizontalHeader()
        self.table.setColumnHidden(CaseTableModel.FOUND_IN, not on)
        stretch, fixed = (
            (CaseTableModel.FOUND_IN, CaseTableModel.MINORS)
            if on
            else (CaseTableModel.MINORS, CaseTableModel.FOUND_IN)
        )
        header.setSectionResizeMode(fixed, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
        for column, width in (SEARCH_WIDTHS if on else LIST_WIDTHS).items():
            header.resizeSection(column, width)

    def _search_now(self) -> None:
        if self.search_timer.isActive():
            self.reload()

    def _first_page_arrived(self, rows: Sequence[CaseRowView]) -> None:
        previous = self._selected_case_id()
        self._show_found_in(False)
        self.model.set_rows(rows[:PAGE_SIZE], has_more=len(rows) > PAGE_SIZE)
        self._reselect(self._select_after_load or previous)
        self._select_after_load = None
        self._update_empty_label()

    def _load_more(self, offset: int) -> None:
        flt = dataclasses.replace(self.current_filter(), limit=PAGE_SIZE + 1, offset=offset)

        def job(opened: OpenProfile) -> list[CaseRowView]:
            from minorifamiglie.services import cases

            return cases.list_cases(opened, flt)

        self._more.run(job, partial(self._more_arrived, offset), self._more_failed)

    def _more_arrived(self, offset: int, rows: Sequence[CaseRowView]) -> None:
        if offset == self.model.rowCount():
            self.model.append_rows(rows[:PAGE_SIZE], has_more=len(rows) > PAGE_SIZE)

    def _more_failed(self, error: BaseException) -> None:
        self.model.fetch_failed()
        self._failed(error)

    def _count_arrived(self, count: int) -> None:
        # %Ln: the number grouped as the locale groups it (10.000 in Italian).
        self.count_label.setText(
            self.tr("1 case") if count == 1 else self.tr("%Ln cases", "", count)
        )
        self._update_empty_label()

    def _failed(self, error: BaseException) -> None:
        from minorifamiglie.ui.workspace import LockedError

        if isinstance(error, LockedError):
            return
        self.count_label.setText(error_text(error))

    def _update_empty_label(self) -> None:
        empty = self.model.rowCount() == 0
        if empty:
            filtered = self.current_filter() != CaseFilter()
            self.empty_label.setText(
                self.tr("No case matches the search and filters.")
                if filtered
                else self.tr("No cases yet: create the first one with “New case”.")
            )
        self.empty_label.setVisible(empty)

    def _load_operators(self) -> None:
        self._operators_loaded = True

        def job(opened: OpenProfile) -> list[Operator]:
            from minorifamiglie.services import operators

            return operators.list_operators(opened, include_inactive=True)

        self._operators.run(job, self._operators_arrived, self._operators_failed)

    def _operators_arrived(self, operators: Sequence[Operator]) -> None:
        current = _chosen(self.operator_filter)
        self.operator_filter.blockSignals(True)
        self.operator_filter.clear()
        self.operator_filter.addItem(self.tr("All operators"), ALL)
        for operator in operators:
            self.operator_filter.addItem(_menu_text(operator.name), operator.id)
        index = self.operator_filter.findData(current) if current is not None else 0
        self.operator_filter.setCurrentIndex(max(index, 0))
        self.operator_filter.blockSignals(False)
        if current is not None and index < 0:
            self.reload()

    def _operators_failed(self, _error: BaseException) -> None:
        self._operators_loaded = False

    def _changes_applied(self, changes: Changes) -> None:
        from minorifamiglie.services import cases

        if "operators" in changes:
            self._operators_loaded = False
        if not changes.touches(cases.SOURCES) or not self.workspace.unlocked:
            return
        if self.isVisible() and not self.visit_mode:
            if not self._operators_loaded:
                self._load_operators()
            self.reload()
        else:
            self._stale = True

    # ------------------------------------------------------------------ selection, opening
    def _selected_case_id(self) -> uuid.UUID | None:
        row = self.model.row_at(self.table.currentIndex().row())
        return row.id if row is not None else None

    def _reselect(self, case_id: uuid.UUID | None) -> None:
        if case_id is None:
            return
        for row, view in enumerate(self.model.rows):
            if view.id == case_id:
                index = self.model.index(row, 0)
                self.table.setCurrentIndex(index)
                self.table.scrollTo(index)
                return

    def _hand_over(self) -> None:
        selected = self._selected_case_id()
        self.handOverRequested.emit([] if selected is None else [selected])

    def _activated(self, index: QModelIndex) -> None:
        hit = self.model.hit_at(index.row())
        if hit is not None and hit.place is Place.NOTES and hit.visit_id is not None:
            self.visitRequested.emit(hit.case_id, hit.visit_id)
            return
        row = self.model.row_at(index.row())
        if row is not None:
            self.caseOpened.emit(row.id)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Down arrow in the search box: into the results, on the first (or the selected) row."""
        if (
            watched is self.search
            and event.type() == QEvent.Type.KeyPress
            and getattr(event, "key", lambda: None)() == Qt.Key.Key_Down
            and self.model.rowCount() > 0
        ):
            if not self.table.currentIndex().isValid():
                self.table.setCurrentIndex(self.model.index(0, 0))
            self.table.setFocus(Qt.FocusReason.TabFocusReason)
            return True
        return super().eventFilter(watched, event)

    def new_case(self) -> NewCaseDialog | None:
        """Open the New case dialog; the list reloads itself when the case is written."""
        if self.visit_mode or not self.workspace.unlocked:
            return None
        dialog = NewCaseDialog(self.workspace, self, today=dt.date.today())
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.caseCreated.connect(self._case_created)
        dialog.open()
        return dialog

    def _case_created(self, case_id: uuid.UUID) -> None:
        # Selected in the list once it reloads, and opened: next come its persons and measures.
        self._select_after_load = case_id
        self.caseOpened.emit(case_id)


def _chosen(combo: QComboBox) -> Any:
    """The current item's value, None for "all".

    The "all" item holds "" rather than None: PySide6 6.12 on Python 3.11 loses a reference to
    None each time a QVariant holding None comes back to Python (combo data, QModelIndex.data),
    and the interpreter aborts once None's count reaches zero."""
    value = combo.currentData()
    return None if isinstance(value, str) and value == ALL else value


def _member(enum: type[E], value: object) -> E | None:
    return None if value is None else enum(str(value))


class RichTextDelegate(QStyledItemDelegate):
    """Draws a cell's `CaseTableModel.RichTextRole` (the matched words in bold) on one line."""

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        rich = index.data(CaseTableModel.RichTextRole)
        if not rich:
            super().paint(painter, option, index)
            return
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        style = opt.widget.style() if opt.widget is not None else QApplication.style()
        opt.text = ""
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        doc = QTextDocument()
        doc.setDefaultFont(opt.font)
        doc.setDocumentMargin(2)
        doc.setHtml(rich)
        text_rect = style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, opt, opt.widget)
        painter.save()
        # Centred on the row's height, as the plain cells beside it are.
        top = text_rect.top() + max(0, int((text_rect.height() - doc.size().height()) / 2))
        painter.translate(text_rect.left(), top)
        painter.setClipRect(text_rect.translated(-text_rect.left(), -top))
        context = QAbstractTextDocumentLayout.PaintContext()
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        context.palette.setColor(
            context.palette.ColorRole.Text,
            opt.palette.highlightedText().color() if selected else opt.palette.text().color(),
        )
        doc.documentLayout().draw(painter, context)
        painter.restore()


MENU_CHARS = 60  # an operator's name in a drop-down list: longer is cut


def _menu_text(name: str) -> str:
    """A name as a drop-down list shows it: nothing hidden, at most MENU_CHARS characters (a
    synced name of 200 letters made the operators' list as wide as the screen)."""
    name = unhidden(name)
    return name if len(name) <= MENU_CHARS else name[: MENU_CHARS - 1] + "…"
