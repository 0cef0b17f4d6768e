""" "Relazione di aggiornamento…": the period the report to the court covers (by default the
last six months) and its format, an editable OpenDocument text or a PDF."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from minorifamiglie.ui.common import make_error_label
from minorifamiglie.ui.date_field import DateField
from minorifamiglie.ui.printing.period_dialog import DEFAULT_MONTHS, months_before


class CourtReportDialog(QDialog):
    """Emits `reportChosen(start, end, suffix)` with suffix ".odt" or ".pdf"; nothing while a
    date is not a date or the period ends before it starts."""

    reportChosen = Signal(object, object, str)  # dt.date, dt.date, suffix

    def __init__(self, today: dt.date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("courtReportDialog")
        self.setWindowTitle(self.tr("Update report to the court"))
        self.start_edit = DateField(self.tr("From"))
        self.start_edit.setObjectName("courtReportFrom")
        self.end_edit = DateField(self.tr("To"))
        self.end_edit.setObjectName("courtReportTo")
        self.start_edit.set_value(months_before(today, DEFAULT_MONTHS))
        self.end_edit.set_value(today)
        self.format_box = QComboBox()
        self.format_box.setObjectName("courtReportFormat")
        self.format_box.setAccessibleName(self.tr("Format"))
        self.format_box.addItem(self.tr("Editable text (OpenDocument, .odt)"), ".odt")
        self.format_box.addItem(self.tr("PDF"), ".pdf")
        self.error = make_error_label()
        intro = QLabel(
            self.tr(
                "The report gathers the verified facts, the statements and the professional "
                "evaluations of the signed visits of this period in three sections, with the "
                "PEI goals, the hours and the meetings:"
            )
        )
        intro.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("&From"), self.start_edit)
        form.addRow(self.tr("&To"), self.end_edit)
        form.addRow(self.tr("F&ormat"), self.format_box)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Save…"))
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.setMinimumWidth(460)

    def submit(self) -> None:
        self.error.setVisible(False)
        for field in (self.start_edit, self.end_edit):
            if not field.show_problem():  # the field says why, next to itself
                field.setFocus()
                return
        start, end = self.start_edit.value(), self.end_edit.value()
        assert start is not None and end is not None
        if end < start:
            self.error.setText(self.tr("The end of the period must not be before its start."))
            self.error.setVisible(True)
            self.end_edit.setFocus()
            return
        self.accept()
        self.reportChosen.emit(start, end, str(self.format_box.currentData()))
