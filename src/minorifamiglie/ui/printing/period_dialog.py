""" "Sintesi della cartella…": which period of the diary goes into the summary (by default the
last six months)."""

from __future__ import annotations

import calendar
import datetime as dt

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from minorifamiglie.ui.common import DATE_FORMAT, from_qdate, make_error_label, to_qdate

DEFAULT_MONTHS = 6


def months_before(day: dt.date, months: int) -> dt.date:
    """The same day `months` earlier (the last day of a shorter month when it has none)."""
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last))


class SummaryPeriodDialog(QDialog):
    """Emits `periodChosen(start, end)`."""

    periodChosen = Signal(object, object)  # dt.date, dt.date

    def __init__(self, today: dt.date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("summaryPeriodDialog")
        self.setWindowTitle(self.tr("Case summary"))
        self.start_edit = self._date_edit("summaryFrom", self.tr("From"))
        self.end_edit = self._date_edit("summaryTo", self.tr("To"))
        self.start_edit.setDate(to_qdate(months_before(today, DEFAULT_MONTHS)))
        self.end_edit.setDate(to_qdate(today))
        self.error = make_error_label()
        intro = QLabel(
            self.tr(
                "The summary holds the persons, measures, services and hours, goals and "
                "deadlines of the case, and the diary of this period:"
            )
        )
        intro.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("&From"), self.start_edit)
        form.addRow(self.tr("&To"), self.end_edit)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(self.tr("Preview"))
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.setMinimumWidth(440)

    def _date_edit(self, name: str, accessible: str) -> QDateEdit:
        edit = QDateEdit()
        edit.setObjectName(name)
        edit.setAccessibleName(accessible)
        edit.setDisplayFormat(DATE_FORMAT)
        edit.setCalendarPopup(True)
        edit.calendarWidget().setFirstDayOfWeek(Qt.DayOfWeek.Monday)
        return edit

    def period(self) -> tuple[dt.date, dt.date]:
        return from_qdate(self.start_edit.date()), from_qdate(self.end_edit.date())

    def submit(self) -> None:
        start, end = self.period()
        if end < start:
            self.error.setText(self.tr("The end of the period must not be before its start."))
            self.error.setVisible(True)
            return
        self.accept()
        self.periodChosen.emit(start, end)
