"""Rendicontazione: the hours delivered in a month against the hours authorised, per ambito,
service, case and operator, as the cooperative reports them to the Ambito; previewed and printed,
or saved as PDF (optionally with a password) or CSV for a spreadsheet."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import partial
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from minorifamiglie.domain.ambiti import AMBITI
from minorifamiglie.domain.hours_report import HoursReport, OverlapLine
from minorifamiglie.domain.italian_format import fmt_date, fmt_hours, fmt_time
from minorifamiglie.services import hours_report, printing
from minorifamiglie.storage.profile import OpenProfile
from minorifamiglie.ui import file_dialogs
from minorifamiglie.ui.common import error_text, filled, plain_label, read_only_table
from minorifamiglie.ui.date_field import MonthField
from minorifamiglie.ui.models.hours_table import HoursTableModel
from minorifamiglie.ui.operations import QueryOperation, WriteOperation
from minorifamiglie.ui.pages.base import Page
from minorifamiglie.ui.printing.job import Printable, PrintJob
from minorifamiglie.ui.printing.launch import PreviewLauncher
from minorifamiglie.ui.printing.save_dialog import SaveFileDialog
from minorifamiglie.ui.workspace import Workspace

ERROR_STYLE = "color: #b00020;"
KIND = "hours_report"


def previous_month(today: dt.date) -> str:
    first = today.replace(day=1) - dt.timedelta(days=1)
    return f"{first:%Y-%m}"


class HoursReportPage(Page):
    def __init__(
        self,
        workspace: Workspace,
        parent: QWidget | None = None,
        today: Callable[[], dt.date] = dt.date.today,
    ) -> None:
        super().__init__(workspace, parent)
        self.setObjectName("hoursReportPage")
        self.today = today
        self.report: HoursReport | None = None
        self.save_dialog: SaveFileDialog | None = None
        self._query = QueryOperation(self, workspace)
        self._writes = WriteOperation(self, workspace)
        self.launcher = PreviewLauncher(self, workspace, self._failed_document)
        self._build_pickers()
        self.model = HoursTableModel(self)
        self.table = read_only_table(
            self.model, self.tr("Hours of the month"), "hoursTable", fit="none"
        )
        self._size_columns()
        self.summary = plain_label()
        self.summary.setObjectName("hoursSummary")
        self.summary.setWordWrap(True)
        self._build_overlaps()
        self.hidden_label = QLabel(
            self.tr(
                "Visit mode is on: the hours of the cases are hidden.\n"
                "Turn visit mode off (F9) to see them again."
            )
        )
        self.hidden_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.hidden_label.setWordWrap(True)
        content = QWidget()
        column = QVBoxLayout(content)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(self.pickers)
        column.addWidget(self.summary)
        column.addWidget(self.table, 1)
        column.addWidget(self.overlaps_label)
        column.addWidget(self.overlaps_list)
        column.addLayout(self._build_buttons())
        self.stack = QStackedWidget()
        self.stack.addWidget(content)
        self.stack.addWidget(self.hidden_label)
        layout = QVBoxLayout(self)
        layout.addWidget(self.make_heading())
        layout.addWidget(self.stack, 1)
        self._set_buttons_enabled(False)

    def _size_columns(self) -> None:
        """Numbers as wide as they need, the names share the rest (elided, whole in the
        tooltip)."""
        header = self.table.horizontalHeader()
        header.setStretchLastSection(False)
        for column in range(self.model.columnCount()):
            mode = (
                QHeaderView.ResizeMode.ResizeToContents
                if column >= HoursTableModel.AUTHORISED
                else QHeaderView.ResizeMode.Stretch
            )
            header.setSectionResizeMode(column, mode)

    def _build_overlaps(self) -> None:
        """The month's overlapping visits of one operator on one case, counted once: what the
        coordinator checks before sending the hours (a diary entry typed twice, a wrong time)."""
        self.overlaps_label = plain_label()
        self.overlaps_label.setObjectName("hoursOverlapsLabel")
        self.overlaps_label.setWordWrap(True)
        self.overlaps_list = QListWidget()
        self.overlaps_list.setObjectName("hoursOverlaps")
        self.overlaps_list.setAccessibleName(self.tr("Overlapping visits"))
        self.overlaps_list.setMaximumHeight(6 * self.fontMetrics().height() + 12)
        self.overlaps_label.setBuddy(self.overlaps_list)
        self._show_overlaps(())

    def overlap_text(self, line: OverlapLine) -> str:
        case = f"{line.case_code} ({line.initials})" if line.initials else line.case_code
        return filled(
            self.tr("%1 · %2 · %3 · %4 and %5: %6 min counted once"),
            fmt_date(line.day),
            case,
            line.operator,
            f"{fmt_time(line.first[0])}–{fmt_time(line.first[1])}",
            f"{fmt_time(line.second[0])}–{fmt_time(line.second[1])}",
            str(line.minutes),
        )

    def _show_overlaps(self, lines: tuple[OverlapLine, ...]) -> None:
        self.overlaps_list.clear()
        self.overlaps_list.addItems([self.overlap_text(line) for line in lines])
        self.overlaps_label.setText(
            self.tr(
                "%n overlapping visits of one operator on one case, their common time counted "
                "once:",
                "",
                len(lines),
            )
        )
        self.overlaps_label.setVisible(bool(lines))
        self.overlaps_list.setVisible(bool(lines))

    def _build_pickers(self) -> None:
        # A month and a year picked from lists: never another month than the one chosen.
        self.month_edit = MonthField(self.tr("Month"), last_year=self.today().year + 1)
        self.month_edit.setObjectName("hoursMonth")
        self.set_month(previous_month(self.today()))
        self.ambito_combo = QComboBox()
        self.ambito_combo.setObjectName("hoursAmbito")
        self.ambito_combo.setAccessibleName(self.tr("Ambito"))
        self.ambito_combo.addItem(self.tr("All ambiti"), None)
        for code, name in AMBITI:
            self.ambito_combo.addItem(name, code)
        self.month_edit.changed.connect(self.refresh)
        self.ambito_combo.currentIndexChanged.connect(lambda _index: self.refresh())
        month_label = QLabel(self.tr("&Month"))
        month_label.setBuddy(self.month_edit)
        ambito_label = QLabel(self.tr("&Ambito"))
        ambito_label.setBuddy(self.ambito_combo)
        self.pickers = QHBoxLayout()
        self.pickers.addWidget(month_label)
        self.pickers.addWidget(self.month_edit)
        self.pickers.addSpacing(16)
        self.pickers.addWidget(ambito_label)
        self.pickers.addWidget(self.ambito_combo)
        self.pickers.addStretch(1)

    def _build_buttons(self) -> QHBoxLayout:
        self.preview_button = QPushButton(self.tr("&Preview and print"))
        self.preview_button.setObjectName("hoursPreview")
        self.preview_button.clicked.connect(self.preview)
        self.pdf_button = QPushButton(self.tr("Save P&DF…"))
        self.pdf_button.setObjectName("hoursSavePdf")
        self.pdf_button.clicked.connect(self.choose_pdf)
        self.csv_button = QPushButton(self.tr("Save &CSV…"))
        self.csv_button.setObjectName("hoursSaveCsv")
        self.csv_button.setToolTip(self.tr("For a spreadsheet: separated by ;, decimal comma"))
        self.csv_button.clicked.connect(self.choose_csv)
        self.message = plain_label()
        self.message.setObjectName("hoursMessage")
        self.message.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(self.message, 1)
        row.addWidget(self.preview_button)
        row.addWidget(self.pdf_button)
        row.addWidget(self.csv_button)
        return row

    def title(self) -> str:
        return self.tr("Hours report")

    # ------------------------------------------------------------------ choices
    def month(self) -> str:
        year, number = self.month_edit.value()
        return f"{year:04d}-{number:02d}"

    def set_month(self, month: str) -> None:
        year, number = (int(part) for part in month.split("-"))
        self.month_edit.set_value(year, number)

    def ambito(self) -> str | None:
        code = self.ambito_combo.currentData()
        return str(code) if code else None

    def set_ambito(self, code: str | None) -> None:
        self.ambito_combo.setCurrentIndex(max(0, self.ambito_combo.findData(code)))

    # ------------------------------------------------------------------ loading
    def refresh(self) -> None:
        if not self.workspace.unlocked or self.visit_mode:
            return
        month, ambito = self.month(), self.ambito()
        self._set_buttons_enabled(False)
        self._query.run(
            lambda opened: hours_report.hours_report(opened, month, ambito),
            self._loaded,
            self._load_failed,
        )

    def _loaded(self, report: HoursReport) -> None:
        self.report = report
        self.model.set_report(report)
        total = report.total
        self.summary.setText(
            filled(
                self.tr("%1 to %2: %3 hours delivered of %4 authorised, %5 visits, %6 cancelled."),
                fmt_date(report.first),
                fmt_date(report.last),
                fmt_hours(total.delivered_hours),
                fmt_hours(total.authorised_hours),
                str(total.visits),
                str(total.cancelled),
            )
        )
        self.summary.setStyleSheet("")
        self._show_overlaps(report.overlaps)
        self._set_buttons_enabled(True)

    def _load_failed(self, error: BaseException) -> None:
        self.summary.setText(error_text(error))
        self.summary.setStyleSheet(ERROR_STYLE)

    def _set_buttons_enabled(self, on: bool) -> None:
        for button in (self.preview_button, self.pdf_button, self.csv_button):
            button.setEnabled(on)

    # ------------------------------------------------------------------ documents
    def _job(self, report: HoursReport) -> PrintJob:
        suffix = f"-{report.ambito}" if report.ambito else ""
        return PrintJob(
            title=self.tr("Hours report %1").replace("%1", f"{report.first:%m/%Y}") + suffix,
            file_name=f"rendicontazione-{report.month}{suffix}.pdf",
            kind=KIND,
            entity=KIND,
        )

    def preview(self) -> None:
        report = self.report
        if report is None:
            return
        job, today = self._job(report), self.today()
        self.launcher.open(
            lambda opened: Printable(job, hours_report.hours_report_pdf(opened, report, today))
        )

    def _failed_document(self, error: BaseException) -> None:
        self._say(error_text(error), error=True)

    def _say(self, text: str, error: bool = False) -> None:
        self.message.setText(text)
        self.message.setStyleSheet(ERROR_STYLE if error else "color: #555;")

    def choose_pdf(self) -> SaveFileDialog | None:
        report = self.report
        if report is None:
            return None
        job, today = self._job(report), self.today()

        def save(opened: OpenProfile, path: Path, password: str | None) -> None:
            data = hours_report.hours_report_pdf(opened, report, today)
            printing.save_pdf(
                opened,
                data,
                path,
                kind=KIND,
                entity=KIND,
                entity_id=None,
                case_id=None,
                password=password,
            )

        return self._open_save(
            self.tr("Save PDF"), Path(file_dialogs.start_path(job.file_name)), save, True
        )

    def choose_csv(self) -> SaveFileDialog | None:
        report = self.report
        if report is None:
            return None
        name = self._job(report).file_name.removesuffix(".pdf") + ".csv"

        def save(opened: OpenProfile, path: Path, _password: str | None) -> tuple[Path, Path]:
            # The rows, and their totals in a file of their own: a SUM over the rows is right.
            return hours_report.save_hours_csv(opened, report, path, entity=KIND)

        return self._open_save(
            self.tr("Save CSV"),
            Path(file_dialogs.start_path(name)),
            save,
            False,
            companions=lambda path: [hours_report.totals_path(path)],
        )

    def _open_save(
        self,
        title: str,
        suggested: Path,
        save: Callable[[OpenProfile, Path, str | None], object],
        with_password: bool,
        companions: Callable[[Path], list[Path]] | None = None,
    ) -> SaveFileDialog:
        if self.save_dialog is not None:
            self.save_dialog.reject()
        file_filter = "" if with_password else self.tr("CSV files (*.csv)")
        dialog = SaveFileDialog(
            title,
            suggested,
            self,
            with_password=with_password,
            file_filter=file_filter,
            companions=companions,
        )

        def requested(path: Path, password: str | None) -> None:
            self._writes.run(
                lambda opened: save(opened, path, password),
                partial(self._saved, dialog, path),
                partial(self._save_failed, dialog),
            )

        dialog.saveRequested.connect(requested)
        dialog.finished.connect(lambda _result: self._forget_dialog(dialog))
        self.save_dialog = dialog
        dialog.open()
        return dialog

    def _saved(self, dialog: SaveFileDialog, path: Path, result: object) -> None:
        if self.save_dialog is dialog:
            dialog.finish()
        if isinstance(result, tuple):  # the CSV of the rows and the one of the totals
            self._say(
                filled(self.tr("Saved as %1, the totals as %2."), str(result[0]), str(result[1]))
            )
            return
        self._say(self.tr("Saved as %1.").replace("%1", str(path)))

    def _save_failed(self, dialog: SaveFileDialog, error: BaseException) -> None:
        if self.save_dialog is dialog:
            dialog.show_error(error_text(error))
        else:
            self._say(error_text(error), error=True)

    def _forget_dialog(self, dialog: SaveFileDialog) -> None:
        if self.save_dialog is dialog:
            self.save_dialog = None
        dialog.deleteLater()

    # ------------------------------------------------------------------ modes
    def set_visit_mode(self, on: bool) -> None:
        super().set_visit_mode(on)
        if on:
            self._forget()
            self.stack.setCurrentWidget(self.hidden_label)
        else:
            self.stack.setCurrentIndex(0)
            self.refresh()

    def _forget(self) -> None:
        self._query.cancel()
        self.launcher.close()
        if self.save_dialog is not None:
            self.save_dialog.reject()
        self.report = None
        self.model.clear()
        self.summary.clear()
        self._show_overlaps(())
        self.message.clear()
        self._set_buttons_enabled(False)

    def clear(self) -> None:
        self._forget()
