"""Oggi: what the educator sees first in the morning."""

from __future__ import annotations

import datetime as dt

import pytest

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush

from minorifamiglie.domain.enums import Authority, MeasureKind, MemberRole, Service, VisitKind
from minorifamiglie.services import agenda, cases, records, visits
from minorifamiglie.ui.models.agenda_table import AgendaTableModel
from minorifamiglie.ui.pages.today import TodayPage

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

TODAY = dt.date.today()


def run(workspace, wait_tasks, fn):
    out: list[object] = []
    workspace.call(fn, out.append, out.append)
    wait_tasks()
    assert out and not isinstance(out[0], BaseException), out
    return out[0]


@pytest.fixture
def agenda_data(workspace, wait_tasks):
    """A case with a visit planned today, an old draft not yet closed, a closed visit, a court
    report overdue by five days and a plan review in three weeks."""

    def job(opened):
        case = cases.add_case(opened, ambito="DAL", service=Service.ADM, minor_name="Sofia Colombo")
        cases.add_member(
            opened, case.code, first_name="Marta", last_name="Colombo", role=MemberRole.MOTHER
        )
        planned = visits.add_visit(
            opened,
            case=case.code,
            date=TODAY,
            start=dt.time(15),
            end=dt.time(16, 30),
            place="Domicilio",
        )
        old_draft = visits.add_visit(
            opened,
            case=case.code,
            date=TODAY - dt.timedelta(days=3),
            start=dt.time(9),
            end=dt.time(10),
            kind=VisitKind.SCHOOL,
            notes="Colloquio con le insegnanti",
        )
        visits.add_visit(
            opened,
            case=case.code,
            date=TODAY - dt.timedelta(days=7),
            start=dt.time(9),
            end=dt.time(10),
            place="Domicilio",
            notes="Chiusa",
            close=True,
        )
        records.add_measure(
            opened,
            case.id,
            authority=Authority.JUVENILE_COURT,
            kind=MeasureKind.ENTRUSTMENT,
            issued_on=TODAY - dt.timedelta(days=200),
            next_report_due=TODAY - dt.timedelta(days=5),
        )
        records.add_goal(
            opened,
            case.id,
            title="Autonomia nei compiti",
            review_on=TODAY + dt.timedelta(days=21),
        )
        return case, planned, old_draft

    return run(workspace, wait_tasks, job)


def loaded_page(qtbot, workspace, wait_tasks) -> TodayPage:
    page = TodayPage(workspace)
    qtbot.addWidget(page)
    page.resize(1200, 700)
    page.show()
    page.refresh()
    wait_tasks()
    return page


def test_today_lists_the_planned_visit_the_drafts_and_the_overdue_court_report_first(
    qtbot, workspace, wait_tasks, agenda_data
) -> None:
    case, planned, old_draft = agenda_data

    # When the educator opens Oggi
    page = loaded_page(qtbot, workspace, wait_tasks)

    # Then today's visit is listed, with its time, case and child
    assert [r.visit_id for r in page.today_model.rows] == [planned.id]
    shown = [page.today_model.index(0, c).data() for c in range(page.today_model.columnCount())]
    assert "15:00–16:30" in shown and case.code in shown and "Sofia Colombo" in shown
    assert page.tomorrow_model.rowCount() == 0
    assert page.tomorrow_box.empty.isVisible()

    # And the drafts not yet closed, the old one first; the closed visit is not there
    assert [r.visit_id for r in page.drafts_model.rows] == [old_draft.id, planned.id]

    # And the overdue court report comes first, in red, then the plan review
    first = page.deadline_model.row_at(0)
    assert first is not None and first.overdue and first.days_left == -5
    assert first.kind.value == "relazione-tribunale"
    brush = page.deadline_model.index(0, 0).data(Qt.ItemDataRole.ForegroundRole)
    assert isinstance(brush, QBrush) and brush.color().name() == "#b00020"
    assert [d.kind.value for d in page.deadline_model.rows] == [
        "relazione-tribunale",
        "verifica-progetto",
    ]
    assert "1 overdue" in page.summary.text()


def double_click(qtbot, table, index) -> None:
    """A real double-click: a first click, then the double-click event."""
    center = table.visualRect(index).center()
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=center)
    qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=center)


def test_double_clicks_open_the_visit_or_the_case(
    qtbot, workspace, wait_tasks, agenda_data
) -> None:
    case, planned, old_draft = agenda_data
    page = loaded_page(qtbot, workspace, wait_tasks)

    # When she double-clicks today's visit, the editor is asked for that visit
    with qtbot.waitSignal(page.visitRequested) as requested:
        double_click(qtbot, page.today_box.table, page.today_model.index(0, 1))
    assert requested.args == [case.id, planned.id]

    # And a draft, by keyboard
    drafts = page.drafts_box.table
    drafts.setFocus()
    drafts.setCurrentIndex(page.drafts_model.index(0, 0))
    with qtbot.waitSignal(page.visitRequested) as requested:
        qtbot.keyClick(drafts, Qt.Key.Key_Return)
    assert requested.args == [case.id, old_draft.id]

    # When she double-clicks a deadline, the case file is asked for
    with qtbot.waitSignal(page.caseOpened) as opened:
        double_click(qtbot, page.deadline_box.table, page.deadline_model.index(0, 2))
    assert opened.args == [case.id]


def test_visit_mode_keeps_only_the_times_of_today(
    qtbot, workspace, wait_tasks, agenda_data
) -> None:
    case, _planned, _old = agenda_data
    page = loaded_page(qtbot, workspace, wait_tasks)

    # When visit mode is turned on in front of a family
    page.set_visit_mode(True)
    wait_tasks()

    # Then only today's list is left, without case codes, names or places
    assert page.visible_sections() == ["Today"]
    assert page.visit_notice.isVisible()
    model = page.today_model
    shown = [model.index(0, c).data() for c in range(model.columnCount())]
    assert shown[0] == "15:00–16:30"
    assert case.code not in shown and "Sofia Colombo" not in shown and "Domicilio" not in shown
    for hidden in (page.tomorrow_model, page.drafts_model, page.deadline_model):
        assert hidden.rowCount() == 0
    assert page.summary.text() == ""

    # When it is turned off, everything comes back
    page.set_visit_mode(False)
    wait_tasks()
    assert len(page.visible_sections()) == 4
    assert page.deadline_model.rowCount() == 2
    assert model.columnCount() == 5


def test_a_visit_added_elsewhere_appears_and_lock_clears_the_page(
    qtbot, workspace, wait_tasks, agenda_data
) -> None:
    case, _planned, _old = agenda_data
    page = loaded_page(qtbot, workspace, wait_tasks)

    # When a visit for tomorrow is written (by the editor, say)
    workspace.write(
        lambda o: visits.add_visit(
            o,
            case=case.code,
            date=TODAY + dt.timedelta(days=1),
            start=dt.time(10),
            end=dt.time(11),
            kind=VisitKind.FACILITATED_MEETING,
            place="Spazio neutro",
        ),
    )
    wait_tasks()
    wait_tasks()

    # Then Oggi reloads by itself and shows it under Tomorrow
    assert page.tomorrow_model.rowCount() == 1
    assert page.tomorrow_model.rows[0].place == "Spazio neutro"

    # When the application locks, nothing stays on screen
    page.clear()
    assert page.today_model.rowCount() == 0
    assert page.deadline_model.rowCount() == 0
    assert page.drafts_model.rowCount() == 0


def test_the_agenda_model_passes_the_model_tester(
    qtmodeltester, workspace, wait_tasks, agenda_data
) -> None:
    items = run(
        workspace,
        wait_tasks,
        lambda o: agenda.visits_between(o, TODAY - dt.timedelta(days=10), TODAY),
    )
    model = AgendaTableModel()
    model.set_rows(items)
    assert model.rowCount() == 3
    qtmodeltester.check(model)
    model.set_columns((AgendaTableModel.TIME, AgendaTableModel.KIND))
    qtmodeltester.check(model)
    assert model.index(0, 1).data(AgendaTableModel.VisitIdRole) == items[0].visit_id
    model.clear()
    qtmodeltester.check(model)


def test_the_deadline_heading_counts_the_overdue_ones_apart(
    qtbot, workspace, wait_tasks, agenda_data
) -> None:
    # Given one court report overdue and one plan review in three weeks
    page = loaded_page(qtbot, workspace, wait_tasks)
    # Then "the next 30 days" counts only the review; the overdue report has its own count
    assert page.deadline_box.title() == "Overdue (1) · Deadlines in the next 30 days (1)"


def test_the_sections_say_loading_until_the_first_result(qtbot, workspace, wait_tasks) -> None:
    page = TodayPage(workspace)
    qtbot.addWidget(page)
    page.show()
    # Before anything is read, nothing claims the day is empty
    assert page.today_box.empty.text() == "Loading…"
    assert page.deadline_box.empty.text() == "Loading…"
    page.refresh()
    wait_tasks()
    # Once read, an empty day says so
    qtbot.waitUntil(lambda: page.today_box.empty.text() == "No visits or meetings planned today.")
    assert page.drafts_box.empty.text() == "No drafts left open."
    # And after a lock, "Loading…" again until the next result
    page.clear()
    assert page.today_box.empty.text() == "Loading…"


def test_the_team_is_one_choice_away_and_the_choice_is_kept(
    qtbot, workspace, wait_tasks, agenda_data
) -> None:
    _case, planned, _old = agenda_data

    # Given a colleague's case, with a visit today, that this educator does not follow
    def colleagues_case(opened):
        from minorifamiglie.domain import entities as e
        from minorifamiglie.domain.enums import Role
        from minorifamiglie.storage import models as m
        from minorifamiglie.storage.repository import Repository

        other = cases.add_case(opened, ambito="DAL", service=Service.ADM, minor_name="Ivo Sala")
        with opened.session() as session:
            marco = Repository(session).add(
                e.Operator, name="Marco Ferrari", role=Role.EDUCATOR, active=True
            )
        cases.set_operators(opened, other.code, [marco.id])
        visit = visits.add_visit(
            opened, case=other.code, date=TODAY, start=dt.time(9), end=dt.time(10)
        )
        with opened.session() as session:
            row = session.get(m.VisitRow, visit.id)
            row.operator_id = marco.id
        return visit

    theirs = run(workspace, wait_tasks, colleagues_case)

    # When she opens Oggi: her own cases, as the selector says
    page = loaded_page(qtbot, workspace, wait_tasks)
    assert page.scope.currentText() == "My cases"
    assert [r.visit_id for r in page.today_model.rows] == [planned.id]
    assert not page.scope_note.isVisible()

    # When she chooses the whole team with the keyboard
    page.scope.setFocus()
    qtbot.keyClick(page.scope, Qt.Key.Key_Down)
    wait_tasks()
    wait_tasks()  # the choice is written, then Oggi read again

    # Then her colleague's visit is there too, and the choice outlives the page
    assert page.scope.currentText() == "The whole team"
    assert [r.visit_id for r in page.today_model.rows] == [theirs.id, planned.id]
    again = loaded_page(qtbot, workspace, wait_tasks)
    assert again.scope.currentText() == "The whole team"
    assert len(again.today_model.rows) == 2


def test_following_no_case_shows_the_team_and_says_why(qtbot, workspace, wait_tasks) -> None:
    # Given a case she does not follow (taken over by nobody), with a visit today
    def job(opened):
        case = cases.add_case(opened, ambito="DAL", service=Service.ADM, minor_name="Ivo Sala")
        cases.set_operators(opened, case.code, [])
        return visits.add_visit(
            opened, case=case.code, date=TODAY, start=dt.time(9), end=dt.time(10)
        )

    visit = run(workspace, wait_tasks, job)
    # When she opens Oggi on her own cases
    page = loaded_page(qtbot, workspace, wait_tasks)
    # Then the team's day is shown, and the page says so
    assert [r.visit_id for r in page.today_model.rows] == [visit.id]
    assert page.scope_note.isVisible()
    assert "do not follow any open case" in page.scope_note.text()
