"""What a write changed is reported by storage, not declared by the screen that asked for it:
a measure added in a case file reaches Scadenze and Oggi, though no call site names a table."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from sqlalchemy import select

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QDialogButtonBox

from minorifamiglie.domain.changes import Changes
from minorifamiglie.domain.enums import Authority, DeadlineKind, MeasureKind, Service
from minorifamiglie.services import cases
from minorifamiglie.storage.models import CaseRow
from minorifamiglie.ui.case_file import CaseFileView
from minorifamiglie.ui.pages.deadlines import DeadlinesPage
from minorifamiglie.ui.pages.today import TodayPage

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
TODAY = dt.date.today()


def run(workspace: Any, wait_tasks: Any, fn: Any) -> Any:
    out: list[object] = []
    workspace.call(fn, out.append, out.append)
    wait_tasks()
    assert out and not isinstance(out[0], BaseException), out
    return out[0]


def new_case(opened: Any) -> Any:
    return cases.add_case(opened, ambito="VBR", service=Service.TUTELA, minor_name="Luca Rota")


def court_reports(rows: Any) -> list[dt.date]:
    return [r.due_on for r in rows if r.kind is DeadlineKind.COURT_REPORT]


def test_a_measure_added_in_a_case_file_reaches_deadlines_and_today(
    qtbot: Any, workspace: Any, wait_tasks: Any
) -> None:
    # Given Scadenze and Oggi loaded, and a case file open beside them
    case = run(workspace, wait_tasks, new_case)
    deadlines_page = DeadlinesPage(workspace, today=lambda: TODAY)
    today_page = TodayPage(workspace)
    view = CaseFileView(workspace)
    for widget in (deadlines_page, today_page, view):
        qtbot.addWidget(widget)
        widget.resize(1100, 680)
        widget.show()
    deadlines_page.refresh()
    today_page.refresh()
    view.load(case.id)
    wait_tasks()
    assert court_reports(deadlines_page.model.rows) == []
    assert court_reports(today_page.deadline_model.rows) == []

    # When a decree with a report due in 20 days is added in the case file's Provvedimenti
    due = TODAY + dt.timedelta(days=20)
    view.tabs.setCurrentWidget(view.measures)
    qtbot.mouseClick(view.measures.add_button, Qt.MouseButton.LeftButton)
    dialog = view.measures.dialog
    assert dialog is not None
    for name, value in (("authority", Authority.JUVENILE_COURT), ("kind", MeasureKind.LIMITATION)):
        combo = dialog.editor(name)
        assert isinstance(combo, QComboBox)
        combo.setCurrentIndex(dialog.find_option(name, value))
    dialog.set_values({"issued_on": TODAY - dt.timedelta(days=10), "next_report_due": due})
    qtbot.mouseClick(
        dialog.buttons.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton
    )
    wait_tasks()
    wait_tasks()  # the reloads the announcement asked for

    # Then both screens show the report to the court, with nothing refreshed by hand
    assert court_reports(deadlines_page.model.rows) == [due]
    assert court_reports(today_page.deadline_model.rows) == [due]


def test_the_tables_written_are_announced_after_the_result(
    qtbot: Any, workspace: Any, wait_tasks: Any
) -> None:
    heard: list[tuple[str, object]] = []
    workspace.changesApplied.connect(lambda changes: heard.append(("changes", changes)))

    # A write: its result first, then what storage reported
    workspace.write(new_case, lambda case: heard.append(("done", case.code)))
    wait_tasks()
    assert [kind for kind, _ in heard] == ["done", "changes"]
    changes = heard[1][1]
    assert isinstance(changes, Changes)
    assert {"cases", "persons", "case_members", "audit_events"} <= changes

    # A read that writes nothing announces nothing
    heard.clear()

    def read(opened: Any) -> int:
        with opened.read_session() as session:
            return len(session.execute(select(CaseRow.id)).all())

    workspace.call(read, lambda count: heard.append(("done", count)))
    wait_tasks()
    assert heard == [("done", 1)]


def test_a_job_failing_after_a_commit_still_announces_what_was_committed(
    qtbot: Any, workspace: Any, wait_tasks: Any
) -> None:
    heard: list[tuple[str, object]] = []
    workspace.changesApplied.connect(lambda changes: heard.append(("changes", changes)))

    def job(opened: Any) -> None:
        new_case(opened)  # committed
        raise RuntimeError("the step after it fails")

    workspace.write(job, None, lambda error: heard.append(("failed", str(error))))
    wait_tasks()

    assert heard[0] == ("failed", "the step after it fails")
    assert heard[1][0] == "changes" and "cases" in heard[1][1]  # type: ignore[operator]
