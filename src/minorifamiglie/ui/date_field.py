"""Date and time fields that hold exactly what was typed.

Qt's QDateEdit and QTimeEdit edit a date section by section: a click lands in one section and
typing 02/03/2015 there stored 04/03/2015; 31/02/2026 showed "31/12/00002/2026" and became
31/12/2026 (issue 13). These are plain text fields instead: the text is the truth, read with the
domain's own `date_of` and `time_of` (15/03/2020, 15032020, 15.03.2020; 9:30, 0930), and a text
that names no day, or a day out of range, gives "Data non valida" next to the field and no
value: nothing is stored from it, and nothing replaces it by another date. A month (the hours
report's) is picked from two lists instead, month and year: nothing to mistype there."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, QLocale, Qt, Signal
from PySide6.QtWidgets import (
    QCalendarWidget,
    QComboBox,
    QHBoxLayout,
    QLineEdit,
    QMenu,
    QToolButton,
    QWidget,
    QWidgetAction,
)

from minorifamiglie.domain.validation import date_of, time_of
from minorifamiglie.domain.value_bounds import DATE_MAX, DATE_MIN
from minorifamiglie.ui.common import fmt_date, fmt_time, from_qdate, plain_label, to_qdate

FIRST_DAY, LAST_DAY = DATE_MIN, DATE_MAX  # the bounds of every stored date


class _TextField(QWidget):
    """A line edit and, beside it, the message that says why its text is not a value."""

    changed = Signal()  # the text changed, by typing or by set_value (valid or not)
    editingFinished = Signal()

    def __init__(self, accessible: str, placeholder: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.line = QLineEdit()
        self.line.setAccessibleName(accessible)
        self.line.setPlaceholderText(placeholder)
        self.line.setMaxLength(16)
        self.line.setClearButtonEnabled(False)
        self.message = plain_label()
        self.message.setObjectName("fieldError")
        self.message.setStyleSheet("color: #b00020;")
        self.message.setVisible(False)
        self.row = QHBoxLayout(self)
        self.row.setContentsMargins(0, 0, 0, 0)
        self.row.addWidget(self.line)
        self.setFocusProxy(self.line)
        self.line.textEdited.connect(self._edited)
        self.line.editingFinished.connect(self._finished)

    def _end_row(self) -> None:
        """The message after the field's own widgets, then the free space."""
        self.row.addWidget(self.message)
        self.row.addStretch(1)

    def text(self) -> str:
        return self.line.text()

    def set_text(self, text: str) -> None:
        """Show `text` as typed (a draft's text after a crash, valid or not)."""
        self.line.setText(text)
        self._show_message(bool(text.strip()))
        self.changed.emit()

    def show_problem(self) -> bool:
        """Say now, next to the field, why its text is not a value (as leaving it does); True
        when it is one."""
        self._show_message(True)
        return self.is_valid()

    def setReadOnly(self, read_only: bool) -> None:
        self.line.setReadOnly(read_only)

    def isReadOnly(self) -> bool:
        return self.line.isReadOnly()

    def is_valid(self) -> bool:
        return not self.problem()

    def problem(self) -> str:
        """Why the text is not a value ("" when it is one)."""
        raise NotImplementedError

    def _edited(self, _text: str) -> None:
        # While typing, a message only for what can no longer become valid; the rest at the end.
        self._show_message(False)
        self.changed.emit()

    def _finished(self) -> None:
        self._tidy()
        self._show_message(True)
        self.editingFinished.emit()

    def _tidy(self) -> None:
        """Write a valid text in the one canonical form (15032020 -> 15/03/2020)."""

    def _show_message(self, finished: bool) -> None:
        problem = self.problem() if finished else ""
        self.message.setText(problem)
        self.message.setVisible(bool(problem))


class DateField(_TextField):
    """A date typed as dd/mm/yyyy (or ddmmyyyy, dd.mm.yyyy), with a calendar beside it."""

    def __init__(
        self,
        accessible: str,
        parent: QWidget | None = None,
        *,
        optional: bool = False,
        minimum: dt.date = FIRST_DAY,
        maximum: dt.date = LAST_DAY,
    ) -> None:
        super().__init__(accessible, self.tr("dd/mm/yyyy"), parent)
        self.optional = optional
        self.minimum, self.maximum = minimum, maximum
        self.line.setMaximumWidth(self.line.fontMetrics().horizontalAdvance("00/00/00000") + 24)
        self.calendar = QCalendarWidget()
        self.calendar.setFirstDayOfWeek(Qt.DayOfWeek.Monday)
        self.calendar.setGridVisible(True)
        self.calendar.clicked.connect(self._picked)
        self.calendar.activated.connect(self._picked)
        menu = QMenu(self)
        action = QWidgetAction(menu)
        action.setDefaultWidget(self.calendar)
        menu.addAction(action)
        menu.aboutToShow.connect(self._before_calendar)
        self.button = QToolButton()
        self.button.setText("▾")
        self.button.setAccessibleName(self.tr("Choose from the calendar"))
        self.button.setToolTip(self.tr("Choose from the calendar"))
        self.button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.button.setMenu(menu)
        self.button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.button.setStyleSheet("QToolButton::menu-indicator { image: none; width: 0; }")
        self.row.addWidget(self.button)
        self._end_row()

    def set_range(self, minimum: dt.date, maximum: dt.date) -> None:
        self.minimum, self.maximum = minimum, maximum

    def value(self) -> dt.date | None:
        """The day typed; None when the field is empty or its text is not a day in range."""
        text = self.line.text().strip()
        if not text:
            return None
        day = date_of(text)
        if day is None or not self.minimum <= day <= self.maximum:
            return None
        return day

    def set_value(self, day: dt.date | None) -> None:
        self.line.setText(fmt_date(day))
        self._show_message(True)
        self.changed.emit()

    def problem(self) -> str:
        text = self.line.text().strip()
        if not text:
            return "" if self.optional else self.tr("Required")
        day = date_of(text)
        if day is None:
            return self.tr("Invalid date: use dd/mm/yyyy")
        if day < self.minimum:
            return self.tr("Date before %1").replace("%1", fmt_date(self.minimum))
        if day > self.maximum:
            return self.tr("Date after %1").replace("%1", fmt_date(self.maximum))
        return ""

    def _tidy(self) -> None:
        day = date_of(self.line.text())
        if day is not None and fmt_date(day) != self.line.text():
            self.line.setText(fmt_date(day))
            self.changed.emit()

    def _before_calendar(self) -> None:
        self.calendar.setDateRange(to_qdate(self.minimum), to_qdate(self.maximum))
        shown = date_of(self.line.text()) or min(max(dt.date.today(), self.minimum), self.maximum)
        self.calendar.setSelectedDate(to_qdate(shown))

    def _picked(self, day: QDate) -> None:
        menu = self.button.menu()
        if menu is not None:
            menu.close()
        if self.line.isReadOnly():
            return
        self.set_value(from_qdate(day))
        self.editingFinished.emit()


class TimeField(_TextField):
    """A time typed as hh:mm (or hhmm, hh.mm)."""

    def __init__(self, accessible: str, parent: QWidget | None = None) -> None:
        super().__init__(accessible, self.tr("hh:mm"), parent)
        self.line.setMaximumWidth(self.line.fontMetrics().horizontalAdvance("00:000") + 24)
        self._end_row()

    def value(self) -> dt.time | None:
        return time_of(self.line.text())

    def set_value(self, moment: dt.time | None) -> None:
        self.line.setText(fmt_time(moment))
        self._show_message(True)
        self.changed.emit()

    def problem(self) -> str:
        text = self.line.text().strip()
        if not text:
            return self.tr("Required")
        return "" if time_of(text) is not None else self.tr("Invalid time: use hh:mm")

    def _tidy(self) -> None:
        moment = time_of(self.line.text())
        if moment is not None and fmt_time(moment) != self.line.text():
            self.line.setText(fmt_time(moment))
            self.changed.emit()


class MonthField(QWidget):
    """A month of a year, picked from the names of the months and a list of years (typing the
    first letters of a month, or a year, picks it too), with the previous and next month beside:
    there is no text to mistype, so it is always exactly the month chosen."""

    changed = Signal()  # the month or the year changed (once for both)

    FIRST_YEAR = 2000

    def __init__(
        self, accessible: str, parent: QWidget | None = None, *, last_year: int | None = None
    ) -> None:
        super().__init__(parent)
        self.setAccessibleName(accessible)
        self._quiet = False
        self.month_combo = QComboBox()
        self.month_combo.setObjectName("monthName")
        self.month_combo.setAccessibleName(self.tr("Month"))
        locale = QLocale()
        for number in range(1, 13):
            name = locale.standaloneMonthName(number, QLocale.FormatType.LongFormat)
            self.month_combo.addItem(name[:1].upper() + name[1:], number)
        self.year_combo = QComboBox()
        self.year_combo.setObjectName("monthYear")
        self.year_combo.setAccessibleName(self.tr("Year"))
        last = last_year if last_year is not None else dt.date.today().year + 1
        for year in range(self.FIRST_YEAR, max(last, self.FIRST_YEAR) + 1):
            self.year_combo.addItem(str(year), year)
        self.previous_button = self._step_button("‹", self.tr("Previous month"), -1)
        self.next_button = self._step_button("›", self.tr("Next month"), 1)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(4)
        row.addWidget(self.previous_button)
        row.addWidget(self.month_combo)
        row.addWidget(self.year_combo)
        row.addWidget(self.next_button)
        self.setFocusProxy(self.month_combo)
        self.month_combo.currentIndexChanged.connect(self._picked)
        self.year_combo.currentIndexChanged.connect(self._picked)

    def _step_button(self, text: str, tip: str, step: int) -> QToolButton:
        button = QToolButton()
        button.setText(text)
        button.setAccessibleName(tip)
        button.setToolTip(tip)
        button.clicked.connect(lambda: self.step(step))
        return button

    def value(self) -> tuple[int, int]:
        """(year, month)."""
        return int(self.year_combo.currentData()), int(self.month_combo.currentData())

    def set_value(self, year: int, month: int) -> None:
        """Show this month (a year outside the list is added to it); `changed` once."""
        if not 1 <= month <= 12:
            raise ValueError("month out of range")
        if self.year_combo.findData(year) < 0:
            combo = self.year_combo
            years = sorted({*(int(combo.itemData(i)) for i in range(combo.count())), year})
            self.year_combo.blockSignals(True)
            self.year_combo.clear()
            for item in years:
                self.year_combo.addItem(str(item), item)
            self.year_combo.blockSignals(False)
        if self.value() == (year, month):
            return
        self._quiet = True
        try:
            self.year_combo.setCurrentIndex(self.year_combo.findData(year))
            self.month_combo.setCurrentIndex(month - 1)
        finally:
            self._quiet = False
        self.changed.emit()

    def step(self, months: int) -> None:
        """The month `months` later (earlier when negative)."""
        year, month = self.value()
        index = year * 12 + month - 1 + months
        self.set_value(index // 12, index % 12 + 1)

    def _picked(self, _index: int) -> None:
        if not self._quiet:
            self.changed.emit()
