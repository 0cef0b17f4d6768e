"""Calendario: an educator looks at the month and the week, with holidays marked, and opens a
visit from there."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest

from PySide6.QtCore import QLocale, Qt

from minorifamiglie.domain.enums import Service, VisitKind, VisitOutcome, VisitStatus
from minorifamiglie.domain.ids import CaseId, OperatorId, VisitId
from minorifamiglie.services import cases, visits
from minorifamiglie.services.agenda import AgendaItem
from minorifamiglie.ui.pages.calendar import CalendarPage

# The offscreen platform says so whenever a shown window's minimum size changes: not a defect.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
TODAY = dt.date(2026, 4, 10)  # a Friday
ITALIAN = QLocale(QLocale.Language.Italian, QLocale.Country.Italy)


def run(workspace, wait_tasks, fn):
    out: list[object] = []
    workspace.call(fn, out.append, out.append)
    wait_tasks()
    assert out and not isinstance(out[0], BaseException), out
    return out[0]


def a_planned_home_visit(opened):
    """Case VBR-… with a home visit planned on Wednesday 15 April 2026 at 15:00."""
    case = cases.add_case(
        opened, ambito="VBR", service=Service.ADM, minor_name="Sara Pesenti", today=TODAY
    )
    visit = visits.add_visit(
        opened,
        case=str(case.id),
        date=dt.date(2026, 4, 15),
        start=dt.time(15, 0),
        end=dt.time(16, 30),
        kind=VisitKind.HOME_VISIT,
        place="Domicilio",
        today=TODAY,
    )
    return case, visit


def open_page(qtbot, workspace, wait_tasks) -> CalendarPage:
    page = CalendarPage(workspace, today=lambda: TODAY, locale=ITALIAN)
    qtbot.addWidget(page)
    page.resize(1100, 640)
    page.show()
    qtbot.waitExposed(page)
    page.refresh()
    wait_tasks()
    return page


def cell_of(page: CalendarPage, day: dt.date):
    cells = [c for c in page.month_view.cells if c.day == day]
    assert len(cells) == 1, day
    return cells[0]


def texts(listing) -> list[str]:
    return [listing.item(i).text() for i in range(listing.count())]


def test_a_planned_visit_appears_on_its_day_in_the_month_and_the_week(
    qtbot, workspace, wait_tasks
) -> None:
    # Given a home visit planned on Wednesday 15 April at 15:00
    case, visit = run(workspace, wait_tasks, a_planned_home_visit)

    # When the educator opens the calendar (a month, in Italian, Monday first)
    page = open_page(qtbot, workspace, wait_tasks)
    assert page.period.text() == "Aprile 2026"
    assert [h.text() for h in page.month_view.headers] == [
        "Lun",
        "Mar",
        "Mer",
        "Gio",
        "Ven",
        "Sab",
        "Dom",
    ]
    assert page.month_view.cells[0].day == dt.date(2026, 3, 30)  # the Monday before the 1st

    # Then the visit is on the 15th, and on no other day
    wednesday = cell_of(page, dt.date(2026, 4, 15))
    assert texts(wednesday.list) == [f"15:00 Home visit — {case.code}"]
    assert sum(c.list.count() for c in page.month_view.cells) == 1
    assert page.count.text() == "1 visits and meetings"

    # When they switch to the week view
    qtbot.mouseClick(page.week_button, Qt.MouseButton.LeftButton)
    wait_tasks()
    # Then the week of today is shown, and the visit is in Wednesday's column, with its times
    assert page.period.text() == "6–12 aprile 2026"
    assert all(c.count() == 0 for c in page.week_view.columns)
    qtbot.mouseClick(page.next_button, Qt.MouseButton.LeftButton)
    wait_tasks()
    assert page.period.text() == "13–19 aprile 2026"
    assert [t.text() for t in page.week_view.titles][:3] == ["Lun 13", "Mar 14", "Mer 15"]
    counts = [c.count() for c in page.week_view.columns]
    assert counts == [0, 0, 1, 0, 0, 0, 0]
    assert texts(page.week_view.columns[2]) == [f"15:00–16:30\nHome visit\n{case.code}"]

    # When they double-click it
    listing = page.week_view.columns[2]
    rect = listing.visualItemRect(listing.item(0))
    with qtbot.waitSignal(page.visitRequested) as requested:
        qtbot.mouseClick(listing.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        qtbot.mouseDClick(listing.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    # Then the visit editor is asked for that visit
    assert requested.args == [case.id, visit.id]


def test_holidays_are_marked_and_months_can_be_browsed(qtbot, workspace, wait_tasks) -> None:
    page = open_page(qtbot, workspace, wait_tasks)

    # Liberation day (25 April) is a holiday, today (10 April) is highlighted
    liberation = cell_of(page, dt.date(2026, 4, 25))
    assert liberation.property("holiday") is True
    assert liberation.holiday.text() == "Anniversario della Liberazione"
    assert cell_of(page, dt.date(2026, 4, 24)).property("holiday") is False
    today = [c.day for c in page.month_view.cells if c.property("today")]
    assert today == [TODAY]
    # Easter Monday too
    assert cell_of(page, dt.date(2026, 4, 6)).holiday.text() == "Lunedì dell'Angelo"

    # When they go forward a month, then back two, then to today
    qtbot.mouseClick(page.next_button, Qt.MouseButton.LeftButton)
    assert page.period.text() == "Maggio 2026"
    assert cell_of(page, dt.date(2026, 5, 1)).holiday.text() == "Festa del Lavoro"
    qtbot.mouseClick(page.previous_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(page.previous_button, Qt.MouseButton.LeftButton)
    assert page.period.text() == "Marzo 2026"
    assert not any(c.property("today") for c in page.month_view.cells)
    qtbot.mouseClick(page.today_button, Qt.MouseButton.LeftButton)
    assert page.period.text() == "Aprile 2026"

    # Christmas and Saint Stephen are holidays in December; Sant'Alessandro is Bergamo's
    page.go_to(dt.date(2026, 12, 1))
    assert cell_of(page, dt.date(2026, 12, 25)).holiday.text() == "Natale"
    assert cell_of(page, dt.date(2026, 12, 26)).property("holiday") is True
    page.go_to(dt.date(2026, 8, 1))
    assert cell_of(page, dt.date(2026, 8, 26)).holiday.text() == "Sant'Alessandro (Bergamo)"
    wait_tasks()


def test_a_busy_day_shows_a_few_visits_and_opens_its_week(qtbot, workspace, wait_tasks) -> None:
    # Given fourteen visits on Monday 20 April
    def busy_day(opened):
        case = cases.add_case(opened, ambito="BG", service=Service.ADM, minor_name="Ivo Rota")
        for hour in range(8, 22):
            visits.add_visit(
                opened,
                case=case.code,
                date=dt.date(2026, 4, 20),
                start=dt.time(hour, 0),
                end=dt.time(hour, 45),
                kind=VisitKind.PHONE_CALL,
                today=TODAY,
            )
        return case

    run(workspace, wait_tasks, busy_day)
    page = open_page(qtbot, workspace, wait_tasks)

    # Then the month shows the first ones that fit, then "+N more"
    monday = cell_of(page, dt.date(2026, 4, 20))
    shown = monday.list.count()
    assert 1 <= shown < 14
    assert texts(monday.list)[0].startswith("08:00 Phone call")
    assert monday.more.isVisible()
    assert monday.more.text() == f"+{14 - shown} more"

    # When they click "+N more", the week of that day opens with all fourteen
    qtbot.mouseClick(monday.more, Qt.MouseButton.LeftButton)
    wait_tasks()
    assert page.mode == CalendarPage.WEEK
    assert page.week_view.columns[0].count() == 14


def test_a_month_with_five_hundred_visits_is_drawn(qtbot, workspace, wait_tasks) -> None:
    # Given 500 visits in April (as the worker would deliver them)
    page = open_page(qtbot, workspace, wait_tasks)
    case_id = CaseId(uuid.uuid4())
    many = [
        AgendaItem(
            VisitId(uuid.uuid4()),
            case_id,
            "BG-2026-0001-AB",
            "Sara Pesenti",
            dt.date(2026, 4, 1 + i % 30),
            dt.time(8 + i % 10, 0),
            dt.time(9 + i % 10, 0),
            VisitKind.HOME_VISIT,
            "",
            VisitStatus.DRAFT,
            VisitOutcome.DONE,
            OperatorId(uuid.uuid4()),
        )
        for i in range(500)
    ]
    page._visits_loaded((many, None))
    # Then every day shows what fits and says how many more there are
    for cell in page.month_view.cells:
        if cell.day.month == 4:
            count = sum(1 for v in many if v.date == cell.day)
            assert cell.list.count() + int(cell.more.text().split()[0][1:]) == count
    assert page.count.text() == "500 visits and meetings"


def test_visit_mode_shows_only_times_and_kinds(qtbot, workspace, wait_tasks) -> None:
    case, _visit = run(workspace, wait_tasks, a_planned_home_visit)
    page = open_page(qtbot, workspace, wait_tasks)

    # When visit mode is switched on
    page.set_visit_mode(True)
    wait_tasks()
    # Then the educator's own visit shows as a time and a kind, without its case
    wednesday = cell_of(page, dt.date(2026, 4, 15))
    assert texts(wednesday.list) == ["15:00 Home visit"]
    assert case.code not in wednesday.list.item(0).toolTip()
    assert page.discreet_note.isVisible()
    # and nothing opens from it
    with qtbot.assertNotEmitted(page.visitRequested):
        wednesday.list.itemActivated.emit(wednesday.list.item(0))

    # When it is switched off, the case code is back
    page.set_visit_mode(False)
    wait_tasks()
    assert texts(wednesday.list) == [f"15:00 Home visit — {case.code}"]

    # When the application locks, nothing is left on screen
    page.clear()
    assert sum(c.list.count() for c in page.month_view.cells) == 0
