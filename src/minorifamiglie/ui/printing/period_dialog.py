""" "Sintesi della cartella…": which period of the diary goes into the summary (by default the
last six months)."""

from __future__ import annotations

import calendar
import datetime as dt

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from minorifamiglie.ui.common import make_error_label
from minorifamiglie.ui.date_field import DateField

DEFAULT_MONTHS = 6


def months_before(day: dt.date, months: int) -> dt.date:
    """The same day `months` earlier (the last day of a shorter month when it has none)."""
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last))


class SummaryPeriodDialog(QDialog):
    """Emits `periodChosen(start, end)`. The dates are typed as dd/mm/yyyy (or picked from the
    calendar beside them): a text that is no date says so next to its field, and no period is
    chosen until both are dates."""

    periodChosen = Signal(object, object)  # dt.date, dt.date

    def __init__(self, today: dt.date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("summaryPeriodDialog")
        self.setWindowTitle(self.tr("Case summary"))
        self.start_edit = self._date_edit("summaryFrom", self.tr("From"))
        self.end_edit = self._date_edit("summaryTo", self.tr("To"))
        self.start_edit.set_value(months_before(today, DEFAULT_MONTHS))
        self.end_edit.set_value(today)
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

    def _date_edit(self, name: str, accessible: str) -> DateField:
        edit = DateField(accessible)
        edit.setObjectName(name)
        return edit

    def period(self) -> tuple[dt.date, dt.date] | None:
        """The two days typed; None while either text is not a date."""
        start, end = self.start_edit.value(), self.end_edit.value()
        if start is None or end is None:
            return None
        return start, end

    def submit(self) -> None:
        self.error.setVisible(False)
        for field in (self.start_edit, self.end_edit):
            if not field.show_problem():  # the field says why, next to itself
                field.setFocus()
                return
        period = self.period()
        assert period is not None
        start, end = period
        if end < start:
            self.error.setText(self.tr("The end of the period must not be before its start."))
            self.error.setVisible(True)
            self.end_edit.setFocus()
            return
        self.accept()
        self.periodChosen.emit(start, end)
