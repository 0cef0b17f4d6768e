"""Calendario: the visits and meetings of a week or a month, Monday first, with the Italian
public holidays (and the patron days of the comuni worked in) marked and today highlighted."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QLocale, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QKeySequence,
    QPainter,
    QPaintEvent,
    QPixmap,
    QResizeEvent,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QCheckBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from minorifamiglie.domain import calendar as cal
from minorifamiglie.domain.changes import Changes
from minorifamiglie.domain.enums import VisitKind, VisitOutcome
from minorifamiglie.services import agenda, profiles
from minorifamiglie.services.agenda import AgendaItem
from minorifamiglie.ui.common import error_text, fmt_time, plain_html, plain_label, to_qdate
from minorifamiglie.ui.labels import label
from minorifamiglie.ui.operations import QueryOperation
from minorifamiglie.ui.pages.base import Page
from minorifamiglie.ui.workspace import Workspace

if TYPE_CHECKING:
    from minorifamiglie.storage.profile import OpenProfile

ItemRole = Qt.ItemDataRole.UserRole + 1  # the AgendaItem behind a list entry
DEFAULT_COMUNI = tuple(p.comune for p in cal.PATRON_DAYS)
Loaded = tuple[list[AgendaItem], dict[dt.date, cal.Holiday] | None]

KIND_COLORS = {
    VisitKind.HOME_VISIT: "#1e88e5",
    VisitKind.FACILITATED_MEETING: "#8e24aa",
    VisitKind.INTERVIEW: "#00897b",
    VisitKind.ACCOMPANIMENT: "#f4511e",
    VisitKind.SCHOOL: "#f9a825",
    VisitKind.PHONE_CALL: "#6d4c41",
    VisitKind.TEAM_MEETING: "#546e7a",
    VisitKind.REPORT_WRITING: "#7cb342",
}

STYLE = """
QFrame#dayCell { background: palette(base); border: 1px solid #d7dbe0; }
QFrame#dayCell[outside="true"] { background: #f3f4f6; }
QFrame#dayCell[holiday="true"] { background: #fdeeee; }
QFrame#dayCell[today="true"] { border: 2px solid #1a73e8; }
QFrame#dayCell QListWidget { background: transparent; border: none; }
QLabel#dayNumber { font-weight: bold; }
QLabel#dayNumber[outside="true"] { color: #9aa0a6; }
QLabel#dayNumber[holiday="true"] { color: #c62828; }
QLabel#dayNumber[today="true"] {
    color: white; background: #1a73e8; border-radius: 4px; padding: 0 4px;
}
QLabel#holidayName { color: #c62828; }
QPushButton#moreButton { border: none; color: #1a73e8; text-align: left; padding: 0 4px; }
QPushButton#moreButton:hover { text-decoration: underline; }
QLabel#weekdayHeader { color: #5f6368; font-weight: bold; }
"""


def _capitalized(text: str) -> str:
    return text[:1].upper() + text[1:]


def _repolish(widget: QWidget, **props: bool) -> None:
    """Set dynamic properties that the style sheet reads, and apply them."""
    for name, value in props.items():
        widget.setProperty(name, value)
    widget.style().unpolish(widget)
    widget.style().polish(widget)
    widget.updateGeometry()


class _ElidedLabel(QLabel):
    """A one-line label that ends in "…" when its text does not fit (holiday names)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTextFormat(Qt.TextFormat.PlainText)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        text = self.fontMetrics().elidedText(
            self.text(), Qt.TextElideMode.ElideRight, self.contentsRect().width()
        )
        self.style().drawItemText(
            painter,
            self.contentsRect(),
            int(self.alignment()),
            self.palette(),
            self.isEnabled(),
            text,
            self.foregroundRole(),
        )
        painter.end()


class _Items:
    """How a visit reads in a list: the caller says whether other cases may be on screen."""

    def __init__(self) -> None:
        self.discreet = False
        self._icons: dict[VisitKind, QPixmap] = {}

    def icon(self, kind: VisitKind) -> QPixmap:
        if kind not in self._icons:
            pixmap = QPixmap(10, 10)
            pixmap.fill(Qt.GlobalColor.transparent)
            painter = QPainter(pixmap)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setBrush(QColor(KIND_COLORS.get(kind, "#888888")))
            painter.setPen(Qt.PenStyle.NoPen)
            painter.drawRoundedRect(0, 0, 10, 10, 3, 3)
            painter.end()
            self._icons[kind] = pixmap
        return self._icons[kind]

    def make(self, item: AgendaItem, *, long: bool) -> QListWidgetItem:
        kind = label(item.kind)
        times = f"{fmt_time(item.start_time)}–{fmt_time(item.end_time)}"
        if long:
            text = f"{times}\n{kind}" if self.discreet else f"{times}\n{kind}\n{item.case_code}"
        else:
            start = fmt_time(item.start_time)
            text = f"{start} {kind}" if self.discreet else f"{start} {kind} — {item.case_code}"
        entry = QListWidgetItem(self.icon(item.kind), text)
        entry.setData(ItemRole, item)
        entry.setToolTip(plain_html(self.tooltip(item, times, kind)))
        if item.outcome is not VisitOutcome.DONE:
            font = QFont(entry.font())
            font.setStrikeOut(True)
            entry.setFont(font)
            entry.setForeground(QColor("#80868b"))
        return entry

    def tooltip(self, item: AgendaItem, times: str, kind: str) -> str:
        lines = [f"{times} {kind}"]
        if not self.discreet:
            lines.append(f"{item.case_code} — {item.minors}" if item.minors else item.case_code)
            if item.place:
                lines.append(item.place)
            lines.append(label(item.status))
            if item.outcome is not VisitOutcome.DONE:
                lines.append(label(item.outcome))
            lines.append(QCoreApplication.translate("CalendarPage", "Double-click to open"))
        return "\n".join(lines)


def _list_widget(name: str) -> QListWidget:
    view = QListWidget()
    view.setObjectName(name)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    view.setTextElideMode(Qt.TextElideMode.ElideRight)
    view.setIconSize(QSize(10, 10))
    return view


class DayCell(QFrame):
    """One day of the month grid: its number, its holiday, the first visits that fit, and
    "+N more" (which opens the day's week)."""

    moreClicked = Signal(object)  # dt.date

    def __init__(self, items: _Items, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("dayCell")
        self.items = items
        self.day = dt.date.min
        self._visits: Sequence[AgendaItem] = ()
        self.number = plain_label()
        self.number.setObjectName("dayNumber")
        self.number.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.holiday = _ElidedLabel()
        self.holiday.setObjectName("holidayName")
        self.holiday.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.list = _list_widget("dayItems")
        self.list.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self.list.setUniformItemSizes(True)
        self.more = QPushButton()
        self.more.setObjectName("moreButton")
        self.more.setCursor(Qt.CursorShape.PointingHandCursor)
        self.more.setFlat(True)
        self.more.hide()
        self.more.clicked.connect(lambda: self.moreClicked.emit(self.day))
        head = QHBoxLayout()
        head.setSpacing(6)
        head.addWidget(self.number)
        head.addWidget(self.holiday, 1)
        self.box = QVBoxLayout(self)
        self.box.setContentsMargins(4, 3, 2, 2)
        self.box.setSpacing(1)
        self.box.addLayout(head)
        self.box.addWidget(self.list, 1)
        self.box.addWidget(self.more)
        self.setMinimumSize(60, 48)

    def set_day(
        self, day: dt.date, *, outside: bool, today: bool, holiday: cal.Holiday | None
    ) -> None:
        self.day = day
        self.number.setText(str(day.day))
        off = (holiday is not None and holiday.national) or day.weekday() == 6
        name = ""
        if holiday is not None:
            name = holiday.name if holiday.national else f"{holiday.name} ({holiday.comune})"
        self.holiday.setText(name)
        self.holiday.setToolTip(plain_html(name))
        self.setAccessibleName(QLocale().toString(to_qdate(day), QLocale.FormatType.LongFormat))
        _repolish(self, outside=outside, holiday=holiday is not None, today=today)
        _repolish(self.number, outside=outside, holiday=off, today=today)

    def set_visits(self, visits: Sequence[AgendaItem]) -> None:
        self._visits = visits
        self._fill()

    def row_height(self) -> int:
        return max(self.list.fontMetrics().height(), 10) + 4

    def capacity(self) -> int:
        """How many entries fit in the list at the cell's present height."""
        margins = self.box.contentsMargins()
        free = (
            self.height()
            - margins.top()
            - margins.bottom()
            - self.number.sizeHint().height()
            - self.box.spacing()
        )
        rows = max(free, 0) // self.row_height()
        if len(self._visits) > rows:  # "+N more" takes a row
            rows = max(free - self.more.sizeHint().height(), 0) // self.row_height()
        return max(rows, 0)

    def _fill(self) -> None:
        self.list.clear()
        shown = self._visits[: self.capacity()]
        height = self.row_height()
        for visit in shown:
            entry = self.items.make(visit, long=False)
            entry.setSizeHint(QSize(10, height))
            self.list.addItem(entry)
        hidden = len(self._visits) - len(shown)
        self.more.setVisible(hidden > 0)
        self.more.setText(self.tr("+%n more", "", hidden))
        self.more.setAccessibleName(self.tr("%n more visits on this day", "", hidden))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if min(len(self._visits), self.capacity()) != self.list.count():
            self._fill()


class MonthView(QWidget):
    """Six Monday-first weeks: a header of weekday names, then 42 day cells."""

    def __init__(self, items: _Items, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setSpacing(0)
        self.headers: list[QLabel] = []
        for column in range(7):
            header = plain_label()
            header.setObjectName("weekdayHeader")
            header.setAlignment(Qt.AlignmentFlag.AlignCenter)
            grid.addWidget(header, 0, column)
            grid.setColumnStretch(column, 1)
            self.headers.append(header)
        self.cells: list[DayCell] = []
        for i in range(cal.MONTH_GRID_DAYS):
            cell = DayCell(items)
            grid.addWidget(cell, 1 + i // 7, i % 7)
            self.cells.append(cell)
        for row in range(1, 7):
            grid.setRowStretch(row, 1)

    def set_locale(self, locale: QLocale) -> None:
        for column, header in enumerate(self.headers):
            name = locale.standaloneDayName(column + 1, QLocale.FormatType.ShortFormat)
            header.setText(_capitalized(name))
            header.setAccessibleName(
                _capitalized(locale.standaloneDayName(column + 1, QLocale.FormatType.LongFormat))
            )

    def lists(self) -> list[QListWidget]:
        return [cell.list for cell in self.cells]


class WeekView(QWidget):
    """Seven columns, Monday first: each day's visits in order of time."""

    def __init__(self, items: _Items, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.items = items
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(4)
        grid.setVerticalSpacing(0)
        self.headers: list[QFrame] = []
        self.titles: list[QLabel] = []
        self.holidays: list[QLabel] = []
        self.columns: list[QListWidget] = []
        for column in range(7):
            header = QFrame()
            header.setObjectName("dayCell")
            title = plain_label()
            title.setObjectName("dayNumber")
            title.setAlignment(Qt.AlignmentFlag.AlignCenter)
            holiday = _ElidedLabel()
            holiday.setObjectName("holidayName")
            holiday.setAlignment(Qt.AlignmentFlag.AlignCenter)
            holiday.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
            box = QVBoxLayout(header)
            box.setContentsMargins(4, 4, 4, 4)
            box.setSpacing(0)
            box.addWidget(title, 0, Qt.AlignmentFlag.AlignHCenter)
            box.addWidget(holiday)
            listing = _list_widget("weekItems")
            listing.setWordWrap(True)
            listing.setSpacing(2)
            listing.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Expanding)
            grid.addWidget(header, 0, column)
            grid.addWidget(listing, 1, column)
            grid.setColumnStretch(column, 1)
            self.headers.append(header)
            self.titles.append(title)
            self.holidays.append(holiday)
            self.columns.append(listing)
        grid.setRowStretch(1, 1)

    def set_days(
        self,
        days: Sequence[dt.date],
        today: dt.date,
        holidays: dict[dt.date, cal.Holiday],
        locale: QLocale,
    ) -> None:
        for i, day in enumerate(days):
            holiday = holidays.get(day)
            weekday = locale.standaloneDayName(day.isoweekday(), QLocale.FormatType.ShortFormat)
            self.titles[i].setText(f"{_capitalized(weekday)} {day.day}")
            name = ""
            if holiday is not None:
                name = holiday.name if holiday.national else f"{holiday.name} ({holiday.comune})"
            self.holidays[i].setText(name)
            self.holidays[i].setToolTip(plain_html(name))
            self.holidays[i].setVisible(bool(name))
            off = (holiday is not None and holiday.national) or day.weekday() == 6
            accessible = locale.toString(to_qdate(day), QLocale.FormatType.LongFormat)
            self.columns[i].setAccessibleName(accessible)
            self.headers[i].setToolTip(accessible)
            _repolish(
                self.headers[i], outside=False, holiday=holiday is not None, today=day == today
            )
            _repolish(self.titles[i], outside=False, holiday=off, today=day == today)

    def set_visits(self, by_day: Sequence[Sequence[AgendaItem]]) -> None:
        for listing, visits in zip(self.columns, by_day, strict=True):
            listing.clear()
            for visit in visits:
                listing.addItem(self.items.make(visit, long=True))

    def lists(self) -> list[QListWidget]:
        return list(self.columns)


class CalendarPage(Page):
    """Emits `visitRequested(case_id, visit_id)` when a visit is double-clicked (or Enter)."""

    visitRequested = Signal(object, object)

    WEEK, MONTH = 0, 1

    def __init__(
        self,
        workspace: Workspace,
        parent: QWidget | None = None,
        today: Callable[[], dt.date] = dt.date.today,
        comuni: Iterable[str] = DEFAULT_COMUNI,
        locale: QLocale | None = None,
    ) -> None:
        super().__init__(workspace, parent)
        self.setObjectName("calendarPage")
        self.setStyleSheet(STYLE)
        self._today = today
        self.comuni = tuple(comuni)
        self.locale_ = locale or QLocale()
        self.anchor = today()
        self.mode = self.MONTH
        self._query = QueryOperation(self, workspace)
        self._loaded = False
        self.visits: list[AgendaItem] = []
        self.holidays: dict[dt.date, cal.Holiday] = {}
        self._holiday_years: set[int] = set()
        self.items = _Items()
        bar = self._build_bar()
        self._build_views()
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.discreet_note)
        layout.addWidget(self.stack, 1)

        for listing in (*self.month_view.lists(), *self.week_view.lists()):
            listing.itemActivated.connect(self._activated)
        for cell in self.month_view.cells:
            cell.moreClicked.connect(self.show_week_of)
        self.previous_button.clicked.connect(lambda: self.step(-1))
        self.next_button.clicked.connect(lambda: self.step(1))
        self.today_button.clicked.connect(self.go_today)
        self.views_group.idClicked.connect(self.set_mode)
        self.only_mine.toggled.connect(lambda _on: self.refresh())
        workspace.changesApplied.connect(self._changes_applied)
        self._draw_frame()

    def _build_bar(self) -> QHBoxLayout:
        """Previous, today, next; the period shown; how many visits; only mine; week or month."""
        self.previous_button = QPushButton("◀")
        self.previous_button.setAccessibleName(self.tr("Previous"))
        self.previous_button.setShortcut(QKeySequence("Alt+Left"))
        self.today_button = QPushButton(self.tr("&Today"))
        self.today_button.setAccessibleName(self.tr("Go to today"))
        self.next_button = QPushButton("▶")
        self.next_button.setAccessibleName(self.tr("Next"))
        self.next_button.setShortcut(QKeySequence("Alt+Right"))
        for button in (self.previous_button, self.next_button):
            button.setFixedWidth(36)
        self.period = plain_label()
        self.period.setObjectName("periodTitle")
        font = self.period.font()
        font.setPointSizeF(font.pointSizeF() * 1.35)
        font.setBold(True)
        self.period.setFont(font)
        self.count = plain_label()
        self.count.setObjectName("visitCount")
        self.only_mine = QCheckBox(self.tr("Only &mine"))
        self.only_mine.setAccessibleName(self.tr("Show only my visits"))
        self.week_button = QPushButton(self.tr("&Week"))
        self.month_button = QPushButton(self.tr("M&onth"))
        self.views_group = QButtonGroup(self)
        for button, mode in ((self.week_button, self.WEEK), (self.month_button, self.MONTH)):
            button.setCheckable(True)
            self.views_group.addButton(button, mode)
        self.week_button.setAccessibleName(self.tr("Week view"))
        self.month_button.setAccessibleName(self.tr("Month view"))
        self.month_button.setChecked(True)
        self.update_previous_next_tips()
        bar = QHBoxLayout()
        bar.addWidget(self.previous_button)
        bar.addWidget(self.today_button)
        bar.addWidget(self.next_button)
        bar.addSpacing(12)
        bar.addWidget(self.period)
        bar.addStretch(1)
        bar.addWidget(self.count)
        bar.addSpacing(12)
        bar.addWidget(self.only_mine)
        bar.addSpacing(12)
        bar.addWidget(self.week_button)
        bar.addWidget(self.month_button)
        return bar

    def _build_views(self) -> None:
        self.month_view = MonthView(self.items)
        self.month_view.set_locale(self.locale_)
        self.week_view = WeekView(self.items)
        self.stack = QStackedWidget()
        self.stack.insertWidget(self.WEEK, self.week_view)
        self.stack.insertWidget(self.MONTH, self.month_view)
        self.stack.setCurrentIndex(self.MONTH)
        self.discreet_note = QLabel(
            self.tr(
                "Visit mode: only your own appointments, without cases or names, "
                "to find a free time for the next meeting."
            )
        )
        self.discreet_note.setWordWrap(True)
        self.discreet_note.setObjectName("visitModeNote")
        self.discreet_note.hide()

    def title(self) -> str:
        return self.tr("Calendar")

    # ------------------------------------------------------------------ navigation
    def visible_days(self) -> list[dt.date]:
        if self.mode == self.WEEK:
            return cal.week_days(self.anchor)
        return cal.month_grid(self.anchor.year, self.anchor.month)

    def set_mode(self, mode: int) -> None:
        self.mode = mode
        self.views_group.button(mode).setChecked(True)
        self.stack.setCurrentIndex(mode)
        self.update_previous_next_tips()
        self._navigate()

    def step(self, direction: int) -> None:
        if self.mode == self.WEEK:
            self.anchor += dt.timedelta(days=7 * direction)
        else:
            self.anchor = cal.shift_month(self.anchor, direction)
        self._navigate()

    def go_today(self) -> None:
        self.anchor = self._today()
        self._navigate()

    def go_to(self, day: dt.date) -> None:
        self.anchor = day
        self._navigate()

    def show_week_of(self, day: dt.date) -> None:
        self.anchor = day
        self.set_mode(self.WEEK)

    def update_previous_next_tips(self) -> None:
        week = self.mode == self.WEEK
        self.previous_button.setToolTip(
            (self.tr("Previous week") if week else self.tr("Previous month")) + " (Alt+←)"
        )
        self.next_button.setToolTip(
            (self.tr("Next week") if week else self.tr("Next month")) + " (Alt+→)"
        )

    def _navigate(self) -> None:
        self._draw_frame()
        self.refresh()

    # ------------------------------------------------------------------ drawing
    def period_text(self) -> str:
        loc = self.locale_
        if self.mode == self.MONTH:
            month = loc.standaloneMonthName(self.anchor.month, QLocale.FormatType.LongFormat)
            return f"{_capitalized(month)} {self.anchor.year}"
        first, last = cal.week_days(self.anchor)[0], cal.week_days(self.anchor)[-1]
        if first.month == last.month:
            return f"{first.day}–{loc.toString(to_qdate(last), 'd MMMM yyyy')}"
        left = "d MMMM" if first.year == last.year else "d MMMM yyyy"
        return (
            f"{loc.toString(to_qdate(first), left)} – {loc.toString(to_qdate(last), 'd MMMM yyyy')}"
        )

    def _draw_frame(self) -> None:
        """Days, holidays and today, at once; the visits follow when loaded. Holidays of a
        year not seen yet come with the visits (the first lookup is slow: not on this thread)."""
        days = self.visible_days()
        today = self._today()
        self.period.setText(self.period_text())
        if self.mode == self.MONTH:
            for cell, day in zip(self.month_view.cells, days, strict=True):
                cell.set_day(
                    day,
                    outside=day.month != self.anchor.month,
                    today=day == today,
                    holiday=self.holidays.get(day),
                )
        else:
            self.week_view.set_days(days, today, self.holidays, self.locale_)
        self._draw_visits()

    def _language(self) -> str:
        return "en" if self.locale_.language() == QLocale.Language.English else "it"

    def _draw_visits(self) -> None:
        days = self.visible_days()
        by_day: dict[dt.date, list[AgendaItem]] = defaultdict(list)
        for visit in self.visits:
            by_day[visit.date].append(visit)
        if self.mode == self.MONTH:
            for cell, day in zip(self.month_view.cells, days, strict=True):
                cell.set_visits(by_day.get(day, []))
        else:
            self.week_view.set_visits([by_day.get(day, []) for day in days])
        shown = sum(len(by_day.get(day, [])) for day in days)
        if not self._loaded:
            self.count.clear()
        elif self.mode == self.MONTH:
            month = sum(1 for v in self.visits if v.date.month == self.anchor.month)
            self.count.setText(self.tr("%n visits and meetings", "", month))
        else:
            self.count.setText(self.tr("%n visits and meetings", "", shown))

    # ------------------------------------------------------------------ loading
    def refresh(self) -> None:
        if not self.workspace.unlocked:
            return
        days = self.visible_days()
        first, last = days[0], days[-1]
        mine = self.only_mine.isChecked() or self.visit_mode
        years = set(range(first.year, last.year + 1))
        lookup = None
        if not years <= self._holiday_years:
            lookup = (*cal.years_between(first, last), self.comuni, self._language())

        def load(opened: OpenProfile) -> Loaded:
            operator = profiles.info(opened).operator.id if mine else None
            found = agenda.visits_between(opened, first, last, operator)
            if lookup is None:
                return found, None
            start, end, comuni, language = lookup
            return found, cal.holidays_between(start, end, comuni=comuni, language=language)

        self._query.run(load, self._visits_loaded, self._failed)

    def _visits_loaded(self, loaded: Loaded) -> None:
        visits, holidays = loaded
        self._loaded = True
        self.visits = visits
        if holidays is not None:
            self.holidays.update(holidays)
            first, last = self.visible_days()[0], self.visible_days()[-1]
            self._holiday_years.update(range(first.year, last.year + 1))
            self._draw_frame()
        else:
            self._draw_visits()

    def _failed(self, error: BaseException) -> None:
        self.count.setText(error_text(error))

    def _changes_applied(self, changes: Changes) -> None:
        if self._loaded and changes.touches(agenda.SOURCES):
            self.refresh()

    def _activated(self, entry: QListWidgetItem) -> None:
        item = entry.data(ItemRole)
        if isinstance(item, AgendaItem) and not self.visit_mode:
            self.visitRequested.emit(item.case_id, item.visit_id)

    # ------------------------------------------------------------------ modes
    def set_visit_mode(self, on: bool) -> None:
        """Other cases must not be on screen: only the operator's own appointments, as times
        and kinds (enough to agree on the next meeting), and nothing opens."""
        super().set_visit_mode(on)
        self.items.discreet = on
        self.discreet_note.setVisible(on)
        self.only_mine.setEnabled(not on)
        self._query.cancel()
        self.visits = []
        self._loaded = False
        self._draw_visits()
        self.refresh()

    def clear(self) -> None:
        self._query.cancel()
        self._loaded = False
        self.visits = []
        self._draw_visits()
