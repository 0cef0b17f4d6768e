"""Scadenze: an educator sees what is overdue first, in red, and opens the case from there."""

from __future__ import annotations

import datetime as dt

import pytest

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush

from minorifamiglie.domain.enums import Authority, DeadlineKind, MeasureKind, Service
from minorifamiglie.services import cases, deadlines, records
from minorifamiglie.ui.models.deadline_table import OVERDUE_COLOR, DeadlineTableModel
from minorifamiglie.ui.pages.deadlines import DeadlinesPage

TODAY = dt.date(2026, 3, 16)
# The offscreen platform says so whenever a shown window's minimum size changes: not a defect.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def run(workspace, wait_tasks, fn):
    """Run `fn(opened)` on the worker (as the services would be run) and return its result."""
    out: list[object] = []
    workspace.call(fn, out.append, out.append)
    wait_tasks()
    assert out and not isinstance(out[0], BaseException), out
    return out[0]


def a_case_with_an_overdue_court_report(opened):
    case = cases.add_case(
        opened, ambito="VBR", service=Service.TUTELA, minor_name="Luca Rota", today=TODAY
    )
    deadlines.add_deadline(
        opened, case.id, title="Inviare il PEI alla scuola", due_on=TODAY + dt.timedelta(days=7)
    )
    deadlines.add_deadline(
        opened, case.id, title="Colloquio con la neuropsichiatra", due_on=TODAY.replace(month=6)
    )
    records.add_measure(
        opened,
        case.id,
        authority=Authority.JUVENILE_COURT,
        kind=MeasureKind.ENTRUSTMENT,
        issued_on=TODAY - dt.timedelta(days=200),
        next_report_due=TODAY - dt.timedelta(days=10),
        today=TODAY,
    )
    return case


def open_page(qtbot, workspace, wait_tasks) -> DeadlinesPage:
    page = DeadlinesPage(workspace, today=lambda: TODAY)
    qtbot.addWidget(page)
    page.resize(1000, 500)
    page.show()
    page.refresh()
    wait_tasks()
    return page


def test_an_overdue_court_report_is_listed_first_and_in_red(
    qtbot, workspace, wait_tasks, qtmodeltester
) -> None:
    # Given a case whose report to the court was due ten days ago, and two manual deadlines
    case = run(workspace, wait_tasks, a_case_with_an_overdue_court_report)

    # When the educator opens Scadenze
    page = open_page(qtbot, workspace, wait_tasks)

    # Then the court report comes first, in red, ten days overdue; the others follow by date
    model = page.model
    qtmodeltester.check(model)
    assert model.rowCount() == 3
    first = model.row_at(0)
    assert first is not None and first.kind is DeadlineKind.COURT_REPORT
    assert model.index(0, DeadlineTableModel.DAYS).data() == "Overdue by 10 days"
    assert model.index(0, DeadlineTableModel.CASE).data() == case.code
    red = model.index(0, DeadlineTableModel.TITLE).data(Qt.ItemDataRole.ForegroundRole)
    assert isinstance(red, QBrush) and red.color() == OVERDUE_COLOR
    assert model.index(1, DeadlineTableModel.TITLE).data() == "Inviare il PEI alla scuola"
    assert model.index(1, DeadlineTableModel.DAYS).data() == "In 7 days"
    assert model.index(1, 0).data(Qt.ItemDataRole.ForegroundRole) is None
    assert model.index(1, DeadlineTableModel.DUE).data() == "23/03/2026"
    assert page.summary.text() == "2 deadlines in the next 365 days · 1 overdue"

    # When they double-click the court report
    table = page.table
    rect = table.visualRect(model.index(0, DeadlineTableModel.KIND))
    with qtbot.waitSignal(page.caseOpened) as opened:
        qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    # Then its case opens
    assert opened.args == [case.id]


def test_the_period_and_the_kind_narrow_the_list(qtbot, workspace, wait_tasks) -> None:
    # Given the same case
    run(workspace, wait_tasks, a_case_with_an_overdue_court_report)
    page = open_page(qtbot, workspace, wait_tasks)
    assert page.model.rowCount() == 3

    # When only the next 30 days are asked for, the June appointment leaves the list
    page.horizon.setCurrentIndex(page.horizon.findData(30))
    wait_tasks()
    assert [r.title for r in page.model.rows][1:] == ["Inviare il PEI alla scuola"]

    # When only the court reports are asked for
    page.kind.setCurrentIndex(page.kind.findData(DeadlineKind.COURT_REPORT))
    wait_tasks()
    assert [r.kind for r in page.model.rows] == [DeadlineKind.COURT_REPORT]


def test_a_new_deadline_appears_without_reloading_by_hand(qtbot, workspace, wait_tasks) -> None:
    case = run(workspace, wait_tasks, a_case_with_an_overdue_court_report)
    page = open_page(qtbot, workspace, wait_tasks)

    # When a deadline is added elsewhere in the application
    workspace.write(
        lambda opened: deadlines.add_deadline(
            opened, case.id, title="Udienza", due_on=TODAY + dt.timedelta(days=1)
        ),
    )
    wait_tasks()

    # Then Scadenze shows it at once, due tomorrow
    assert page.model.index(1, DeadlineTableModel.DAYS).data() == "Tomorrow"
    assert page.model.rowCount() == 4


def test_visit_mode_hides_the_list(qtbot, workspace, wait_tasks) -> None:
    run(workspace, wait_tasks, a_case_with_an_overdue_court_report)
    page = open_page(qtbot, workspace, wait_tasks)
    assert page.table.isVisible()

    # When visit mode is switched on in front of a family
    page.set_visit_mode(True)
    # Then no case code nor deadline is left on screen, only the explanation
    assert not page.table.isVisible()
    assert page.hidden_notice.isVisible()
    assert page.model.rowCount() == 0

    # And when it is switched off the list comes back
    page.set_visit_mode(False)
    wait_tasks()
    assert page.table.isVisible() and page.model.rowCount() == 3

    # When the application locks, nothing is kept on screen
    page.clear()
    assert page.model.rowCount() == 0
