"""Rendicontazione: the hours of a month per ambito, service, case and operator, with the same
numbers as services.hours_report, previewed, printed, saved as PDF or as CSV."""

from __future__ import annotations

import datetime as dt
import io
import shutil
from pathlib import Path
from typing import Any

import pikepdf
import pytest

from PySide6.QtCore import QLocale, Qt
from PySide6.QtWidgets import QMessageBox

from minorifamiglie.domain.enums import HoursPeriod, Service, VisitKind, VisitOutcome
from minorifamiglie.domain.italian_format import fmt_hours
from minorifamiglie.services import activations, cases, hours_report, visits
from minorifamiglie.ui.models.hours_table import HoursTableModel, Level
from minorifamiglie.ui.pages.hours import HoursReportPage, previous_month
from private_modes import is_private_file
from support.profiles import scene_profile

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
TODAY = dt.date(2026, 3, 16)
FEBRUARY = "2026-02"


def visit(opened: Any, case: Any, day: int, start: int, end: int, **extra: Any) -> None:
    visits.add_visit(
        opened,
        case=str(case.id),
        date=dt.date(2026, 2, day) if day > 0 else dt.date(2026, 3, -day),
        start=dt.time(start),
        end=dt.time(end),
        today=TODAY,
        **{"close": True, "place": "Domicilio", "notes": "Visita regolare.", **extra},
    )


@pytest.fixture(scope="module")
def month_of_visits(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """February 2026: a Valle Brembana ADM case with 20 h a month authorised, three home
    visits (one cancelled by the family), an équipe meeting (ore indirette), a draft and a March
    visit that do not count; a Bergamo tutoring case with one school visit. Made once for the
    module, through the services, in a copy of the session's template; each test works on a
    copy of it (`gui_profile`)."""
    with scene_profile(tmp_path_factory, "hours-page") as (root, opened):
        adm = cases.add_case(
            opened, ambito="VBR", service=Service.ADM, minor_name="Luca Rota", today=TODAY
        )
        activations.add_activation(
            opened,
            adm.id,
            service=Service.ADM,
            start_on=dt.date(2026, 1, 1),
            authorised_hours=20,
            hours_period=HoursPeriod.MONTH,
        )
        visit(opened, adm, 3, 15, 17)
        visit(opened, adm, 10, 15, 17)
        visit(opened, adm, 17, 15, 17, outcome=VisitOutcome.CANCELLED_BY_FAMILY)
        visit(opened, adm, 20, 9, 10, kind=VisitKind.TEAM_MEETING)
        visit(opened, adm, 24, 15, 18, close=False)  # a draft: not counted
        visit(opened, adm, -2, 15, 17)  # 2 March: another month
        tutoring = cases.add_case(
            opened, ambito="BG", service=Service.TUTORING, minor_name="Sara Pesenti", today=TODAY
        )
        visit(opened, tutoring, 12, 14, 16, kind=VisitKind.SCHOOL)
    return root


@pytest.fixture
def gui_profile(tmp_path: Path, month_of_visits: Path) -> Path:
    """This test's own copy of the module's month of visits."""
    return Path(shutil.copytree(month_of_visits, tmp_path / "profilo", symlinks=True))


@pytest.fixture
def page(qtbot: Any, workspace: Any, wait_tasks: Any) -> HoursReportPage:
    widget = HoursReportPage(workspace, today=lambda: TODAY)
    qtbot.addWidget(widget)
    widget.resize(1200, 640)
    widget.show()
    widget.refresh()
    wait_tasks()
    return widget


def shown(model: HoursTableModel) -> list[list[str]]:
    return [
        [model.data(model.index(r, c)) for c in range(model.columnCount())]
        for r in range(model.rowCount())
    ]


def numbers(tally: Any) -> list[str]:
    return [
        fmt_hours(tally.authorised_hours),
        fmt_hours(tally.direct_hours),
        fmt_hours(tally.indirect_hours),
        fmt_hours(tally.delivered_hours),
        str(tally.visits),
        str(tally.cancelled),
    ]


def test_the_previous_month_for_all_ambiti_by_default(page: HoursReportPage) -> None:
    assert previous_month(dt.date(2026, 1, 5)) == "2025-12"
    assert page.month() == FEBRUARY
    assert page.month_edit.value() == (2026, 2)
    name = QLocale().standaloneMonthName(2, QLocale.FormatType.LongFormat)
    assert page.month_edit.month_combo.currentText().lower() == name.lower()
    assert page.month_edit.year_combo.currentText() == "2026"
    assert page.ambito() is None
    assert page.ambito_combo.count() == 15  # "All ambiti" and the 14 of the province
    assert page.ambito_combo.currentText() == "All ambiti"


def test_the_table_shows_the_numbers_of_the_report(
    page: HoursReportPage, on_worker, qtmodeltester
) -> None:
    # Given the report the service computes for February
    report = on_worker(lambda opened: hours_report.hours_report(opened, FEBRUARY))
    qtmodeltester.check(page.model)
    rows = shown(page.model)

    # Then every row of the report is on screen with its numbers, then the totals
    details = [r for r, line in zip(rows, page.model.rows, strict=True) if line.level is Level.ROW]
    assert [r[5:] for r in details] == [numbers(row.hours) for row in report.rows]
    assert [r[2].split(" ")[0] for r in details] == [row.case_code for row in report.rows]
    # beside each case, its comune of residence (none given here)
    assert [r[3] for r in details] == ["non indicato"] * len(report.rows)
    assert rows[-1][2] == "Overall total"
    assert rows[-1][5:] == numbers(report.total)
    ambiti = [
        r for r, line in zip(rows, page.model.rows, strict=True) if line.level is Level.AMBITO
    ]
    assert [r[5:] for r in ambiti] == [numbers(a.hours) for a in report.by_ambito]
    # and these are the hours of the month: 2+2 h direct and 1 h indirect in Valle Brembana,
    # 2 h in Bergamo, 20 h authorised, one visit cancelled by the family, no draft, no March;
    # three visits done (the équipe meeting counts as hours, not as a visit)
    assert rows[-1][5:] == ["20,00", "6,00", "1,00", "7,00", "3", "1"]
    assert "7,00 hours delivered of 20,00 authorised, 3 visits, 1 cancelled" in (
        page.summary.text()
    )
    assert page.preview_button.isEnabled()


def test_one_ambito(qtbot, page: HoursReportPage, wait_tasks, on_worker, qtmodeltester) -> None:
    page.set_ambito("VBR")
    wait_tasks()
    report = on_worker(lambda opened: hours_report.hours_report(opened, FEBRUARY, "VBR"))
    qtmodeltester.check(page.model)
    rows = shown(page.model)
    assert {
        r[0] for r, line in zip(rows, page.model.rows, strict=True) if line.level is Level.ROW
    } == {"Valle Brembana"}
    assert rows[-1][5:] == numbers(report.total) == ["20,00", "4,00", "1,00", "5,00", "2", "1"]
    # A month without visits: only the (empty) overall total
    page.set_month("2025-06")
    wait_tasks()
    assert shown(page.model) == [["", "", "Overall total", "", "", *["0,00"] * 4, "0", "0"]]


def test_the_month_is_chosen_from_the_keyboard_and_is_exactly_that_month(
    qtbot, page: HoursReportPage, wait_tasks
) -> None:
    # When the educator types the start of a month's name, then a year, in the two lists
    june = QLocale().standaloneMonthName(6, QLocale.FormatType.LongFormat)
    page.month_edit.month_combo.setFocus()
    qtbot.keyClicks(page.month_edit.month_combo, june[:3])
    qtbot.keyClick(page.month_edit.month_combo, Qt.Key.Key_Tab)
    qtbot.keyClicks(page.month_edit.year_combo, "2025")
    wait_tasks()

    # Then the report is of June 2025, and nothing else
    assert page.month() == "2025-06"
    assert page.report is not None and page.report.month == "2025-06"
    assert shown(page.model) == [["", "", "Overall total", "", "", *["0,00"] * 4, "0", "0"]]

    # And the arrows beside go one month back and forth, across the year too
    page.month_edit.set_value(2026, 1)
    qtbot.mouseClick(page.month_edit.previous_button, Qt.MouseButton.LeftButton)
    assert page.month() == "2025-12"
    qtbot.mouseClick(page.month_edit.next_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(page.month_edit.next_button, Qt.MouseButton.LeftButton)
    wait_tasks()
    assert page.month() == FEBRUARY
    assert page.report is not None and page.report.month == FEBRUARY


def test_save_csv_writes_the_report_for_a_spreadsheet(
    qtbot, page: HoursReportPage, wait_tasks, on_worker, tmp_path: Path
) -> None:
    target = tmp_path / "rendicontazione.csv"
    dialog = page.choose_csv()
    assert dialog is not None
    assert not dialog.password.isVisible()
    assert dialog.path_edit.text().endswith("rendicontazione-2026-02.csv")
    dialog.path_edit.setText(str(target))
    dialog.submit()
    wait_tasks()
    report = on_worker(lambda opened: hours_report.hours_report(opened, FEBRUARY))
    data = target.read_bytes()
    assert data == hours_report.hours_report_csv(report)
    assert data.startswith(b"\xef\xbb\xbf") and b";" in data
    assert is_private_file(target)
    # and the totals beside it, in a file of their own
    totals = tmp_path / "rendicontazione-totali.csv"
    assert totals.read_bytes() == hours_report.hours_totals_csv(report)
    assert is_private_file(totals)
    assert page.save_dialog is None
    assert str(target) in page.message.text() and str(totals) in page.message.text()


def test_saving_over_an_existing_totals_file_asks_first(
    qtbot, page: HoursReportPage, wait_tasks, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given last month's totals already beside where the rows go
    target = tmp_path / "rendicontazione.csv"
    totals = tmp_path / "rendicontazione-totali.csv"
    totals.write_bytes(b"gennaio")
    asked: list[str] = []

    def answer(reply: QMessageBox.StandardButton) -> None:
        def question(_parent: Any, _title: str, text: str, *a: Any, **k: Any) -> Any:
            asked.append(text)
            return reply

        monkeypatch.setattr(QMessageBox, "question", staticmethod(question))

    dialog = page.choose_csv()
    assert dialog is not None
    dialog.path_edit.setText(str(target))

    # When the user says no, nothing is written and the dialog stays
    answer(QMessageBox.StandardButton.No)
    dialog.submit()
    wait_tasks()
    assert asked and "rendicontazione-totali.csv" in asked[0]
    assert "rendicontazione.csv\n" not in asked[0]  # the rows' file is new: not named
    assert totals.read_bytes() == b"gennaio" and not target.exists()
    assert page.save_dialog is dialog and dialog.buttons.isEnabled()

    # And when they agree, both are written
    answer(QMessageBox.StandardButton.Yes)
    dialog.submit()
    wait_tasks()
    assert totals.read_bytes() != b"gennaio" and target.exists()


def test_save_pdf_with_a_password(qtbot, page: HoursReportPage, wait_tasks, tmp_path: Path) -> None:
    target = tmp_path / "ore.pdf"
    dialog = page.choose_pdf()
    assert dialog is not None
    dialog.path_edit.setText(str(target))
    dialog.password.setText("rendiconto-febbraio")
    dialog.repeat.setText("rendiconto-febbraio")
    dialog.submit()
    wait_tasks()
    with pytest.raises(pikepdf.PasswordError):
        pikepdf.open(target)
    with pikepdf.open(target, password="rendiconto-febbraio") as pdf:
        assert len(pdf.pages) >= 1


def test_preview_and_print(qtbot, page: HoursReportPage, wait_tasks) -> None:
    page.preview_button.click()
    wait_tasks()
    preview = page.launcher.dialog
    assert preview is not None and preview.isVisible()
    assert preview.page_count() >= 1
    assert preview.windowTitle() == "Preview — Hours report 02/2026"
    with pikepdf.open(io.BytesIO(preview._pdf)) as pdf:
        assert len(pdf.pages) == preview.page_count()
    page.clear()  # the application locks
    assert page.launcher.dialog is None
    assert page.model.rowCount() == 0


def test_visit_mode_hides_the_hours(qtbot, page: HoursReportPage, wait_tasks) -> None:
    page.set_visit_mode(True)
    assert page.model.rowCount() == 0
    assert page.stack.currentWidget() is page.hidden_label
    assert not page.preview_button.isEnabled()
    page.set_visit_mode(False)
    wait_tasks()
    assert page.model.rowCount() > 0


def test_the_overlaps_of_the_month_are_listed_for_the_coordinator(
    qtbot, page: HoursReportPage, wait_tasks, on_worker
) -> None:
    # Given no overlapping visits in February: no list
    assert not page.overlaps_list.isVisible()

    # When a second visit on 3 February crosses the first one (15:00-17:00) by an hour
    def overlap(opened: Any) -> None:
        adm = next(c for c in cases.list_cases(opened) if c.service is Service.ADM)
        visit(opened, adm, 3, 16, 18)

    on_worker(overlap)
    page.refresh()
    wait_tasks()
    # Then it is listed, with the hour counted once
    assert page.overlaps_list.isVisible()
    assert page.overlaps_list.count() == 1
    text = page.overlaps_list.item(0).text()
    assert text.startswith("03/02/2026 · VBR-2026-")
    assert "Giulia Bianchi · 15:00–17:00 and 16:00–18:00: 60 min counted once" in text
    assert "1 overlapping" in page.overlaps_label.text()
    assert page.report is not None and page.report.total.direct_minutes == 7 * 60
    # and visit mode hides it with the rest
    page.set_visit_mode(True)
    assert page.overlaps_list.count() == 0
