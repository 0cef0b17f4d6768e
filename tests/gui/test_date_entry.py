"""Dates and times are what was typed, or a clear "Data non valida" and nothing stored (issue 13,
point 4): typed with real key events into the real fields."""

from __future__ import annotations

import datetime as dt

import pytest

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QMessageBox, QVBoxLayout, QWidget

from minorifamiglie.domain.enums import MemberRole, Service, VisitOutcome
from minorifamiglie.services import cases, visits
from minorifamiglie.ui.date_field import DateField, MonthField, TimeField
from minorifamiglie.ui.printing.period_dialog import SummaryPeriodDialog
from minorifamiglie.ui.visit_editor import VisitEditorWindow

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def type_into(qtbot, field, text: str) -> None:
    """Click into the field, select what is there, type, and leave it with Tab."""
    qtbot.mouseClick(field.line, Qt.MouseButton.LeftButton)
    field.line.selectAll()
    qtbot.keyClicks(field.line, text)
    qtbot.keyClick(field.line, Qt.Key.Key_Tab)


def in_a_form(qtbot, field):
    """The field and a second one after it, for Tab to go to."""
    form = QWidget()
    column = QVBoxLayout(form)
    column.addWidget(field)
    column.addWidget(QLineEdit())
    qtbot.addWidget(form)
    form.show()
    qtbot.waitExposed(form)
    form.activateWindow()
    qtbot.waitUntil(form.isActiveWindow)
    return form


@pytest.fixture
def field(qtbot):
    widget = DateField("Data di nascita", maximum=dt.date(2026, 12, 5))
    form = in_a_form(qtbot, widget)
    yield widget
    form.close()


@pytest.mark.parametrize(
    ("typed", "day", "shown"),
    [("02/03/2015", dt.date(2015, 3, 2), "02/03/2015"),
     ("2/3/2015", dt.date(2015, 3, 2), "02/03/2015"),
     ("02032015", dt.date(2015, 3, 2), "02/03/2015"),
     ("02.03.2015", dt.date(2015, 3, 2), "02/03/2015")],
)  # fmt: skip
def test_a_typed_date_is_exactly_the_day_typed(qtbot, field, typed, day, shown) -> None:
    field.set_value(dt.date(2020, 4, 4))  # whatever was there before
    type_into(qtbot, field, typed)
    assert field.value() == day
    assert field.text() == shown
    assert not field.message.isVisible()


@pytest.mark.parametrize("typed", ["31/02/2026", "02/03/15", "domani", "2/3", "31/12/00002"])
def test_a_text_that_is_no_day_says_so_and_gives_no_date(qtbot, field, typed) -> None:
    field.set_value(dt.date(2020, 4, 4))
    type_into(qtbot, field, typed)
    assert field.value() is None
    assert field.text() == typed  # what was typed stays, for her to correct
    assert field.message.isVisible()
    assert field.message.text()


def test_a_day_out_of_range_is_refused_by_name(qtbot, field) -> None:
    type_into(qtbot, field, "06/12/2026")
    assert field.value() is None
    assert "05/12/2026" in field.message.text()


def test_times_are_exactly_what_was_typed(qtbot) -> None:
    widget = TimeField("Inizio")
    form = in_a_form(qtbot, widget)
    for typed, expected, shown in [("9:30", dt.time(9, 30), "09:30"),
                                   ("0930", dt.time(9, 30), "09:30"),
                                   ("25:00", None, "25:00")]:  # fmt: skip
        type_into(qtbot, widget, typed)
        assert widget.value() == expected
        assert widget.text() == shown
        assert widget.message.isVisible() is (expected is None)
    form.close()


# ------------------------------------------------------------------ the period of a summary


def test_the_period_of_a_summary_is_exactly_the_days_typed(qtbot) -> None:
    # Given the period dialog of the case summary
    dialog = SummaryPeriodDialog(dt.date(2026, 3, 16))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    chosen: list[tuple[dt.date, dt.date]] = []
    dialog.periodChosen.connect(lambda start, end: chosen.append((start, end)))

    # When a start that is no day is typed, the field says so and no period is chosen
    type_into(qtbot, dialog.start_edit, "31/02/2026")
    assert dialog.start_edit.text() == "31/02/2026"
    assert dialog.start_edit.message.isVisible()
    dialog.submit()
    assert chosen == [] and dialog.isVisible()
    assert dialog.start_edit.line.hasFocus()  # back in the field to correct it

    # When both are typed as the educator types them, they are exactly those days
    type_into(qtbot, dialog.start_edit, "01012026")
    type_into(qtbot, dialog.end_edit, "2/3/2026")
    assert (dialog.start_edit.text(), dialog.end_edit.text()) == ("01/01/2026", "02/03/2026")
    assert not dialog.start_edit.message.isVisible()
    dialog.submit()
    assert chosen == [(dt.date(2026, 1, 1), dt.date(2026, 3, 2))]


def test_a_month_is_picked_not_typed_so_it_is_never_another(qtbot) -> None:
    field = MonthField("Mese", last_year=2026)
    form = in_a_form(qtbot, field)
    changes: list[tuple[int, int]] = []
    field.changed.connect(lambda: changes.append(field.value()))
    field.set_value(2026, 2)
    assert changes == [(2026, 2)]  # once, for the month and the year together
    field.step(-2)
    assert field.value() == (2025, 12)
    field.set_value(1998, 5)  # a year before the list is added to it
    assert field.value() == (1998, 5)
    assert field.year_combo.currentText() == "1998"
    form.close()


# ------------------------------------------------------------------------ in the visit editor


def make_case(workspace, wait_tasks):
    out: list[object] = []

    def job(opened):
        case = cases.add_case(opened, ambito="VBR", service=Service.ADM, minor_name="Zoë Nguyễn")
        cases.add_member(
            opened, case.code, first_name="Hà", last_name="Nguyễn", role=MemberRole.MOTHER
        )
        return case

    workspace.call(job, out.append, out.append)
    wait_tasks()
    return out[0]


@pytest.fixture
def editor(qtbot, workspace, wait_tasks):
    case = make_case(workspace, wait_tasks)
    window = VisitEditorWindow(workspace, case.id, None)
    qtbot.addWidget(window)
    window.autosave_timer.setInterval(50)
    window.show()
    qtbot.waitExposed(window)
    qtbot.waitUntil(window.body.isEnabled, timeout=10_000)
    return window


def saved_visit(qtbot, workspace, wait_tasks, editor):
    done: list[bool] = []
    editor.save_now(lambda: done.append(True))
    qtbot.waitUntil(lambda: bool(done), timeout=10_000)
    out: list[object] = []
    workspace.call(lambda o: visits.get_visit(o, editor.visit_id).visit, out.append, out.append)
    wait_tasks()
    return out[0]


def test_an_impossible_visit_date_is_never_stored_as_another_date(
    qtbot, workspace, wait_tasks, editor, monkeypatch
) -> None:
    asked: list[str] = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: asked.append(a[2]))
    yesterday = dt.date.today() - dt.timedelta(days=1)
    type_into(qtbot, editor.date_edit, yesterday.strftime("%d%m%Y"))
    qtbot.keyClicks(editor.notes_edit, "Compiti fatti insieme.")
    assert saved_visit(qtbot, workspace, wait_tasks, editor).date == yesterday

    type_into(qtbot, editor.date_edit, "31/02/2026")
    assert editor.date_edit.message.isVisible()
    qtbot.keyClicks(editor.notes_edit, " Poi merenda.")
    visit = saved_visit(qtbot, workspace, wait_tasks, editor)
    assert visit.date == yesterday  # the last valid date, not 31/12/2026 nor any other
    assert visit.notes.endswith("Poi merenda.")  # the rest of the draft is still saved
    assert editor.date_edit.text() == "31/02/2026"

    editor.close_and_sign()  # refused before any question: the date is to be fixed
    assert asked == [] and not editor.read_only


def test_a_future_date_on_a_visit_marked_done_asks_first(qtbot, editor, monkeypatch) -> None:
    asked: list[str] = []

    def no(_parent, _title, text, *_args, **_kwargs):
        asked.append(text)
        return QMessageBox.StandardButton.No

    monkeypatch.setattr(QMessageBox, "question", no)
    assert editor.outcome_combo.currentData() == VisitOutcome.DONE.value
    future = dt.date.today() + dt.timedelta(days=30)
    type_into(qtbot, editor.date_edit, future.strftime("%d/%m/%Y"))
    assert len(asked) == 1 and future.strftime("%d/%m/%Y") in asked[0]
    assert editor.date_edit.line.hasFocus()  # "No": back in the field to correct it
