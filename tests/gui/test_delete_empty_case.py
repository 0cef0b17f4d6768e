"""A case created by mistake, with one click, is deleted again from its case file: "Delete empty
case…" is enabled only while the case holds nothing, asks first naming the case, and goes back
to the list of cases (issue 13, point 7)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from minorifamiglie.domain.enums import Service
from minorifamiglie.services import cases, visits
from minorifamiglie.ui.case_file import CaseFileView

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
TODAY = dt.date(2026, 3, 16)


@pytest.fixture
def asked(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The educator answers Yes to the question; what it said is kept."""
    questions: list[str] = []

    def question(_parent, _title, text, *_args, **_kwargs):
        questions.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", question)
    return questions


def open_view(qtbot: Any, workspace: Any, wait_tasks: Any, case_id: Any) -> CaseFileView:
    view = CaseFileView(workspace, today=lambda: TODAY)
    qtbot.addWidget(view)
    view.resize(1200, 680)
    view.show()
    view.load(case_id)
    qtbot.waitUntil(lambda: view.data is not None, timeout=10_000)
    wait_tasks()
    return view


def test_a_case_created_by_mistake_is_deleted_and_the_list_comes_back(
    qtbot, main, wait_tasks, on_worker, asked
) -> None:
    # Given the educator creates a case with the New case dialog, with a child
    dialog = main.cases_page.new_case()
    assert dialog is not None
    qtbot.keyClicks(dialog.first_name, "Nicola")
    qtbot.keyClicks(dialog.last_name, "Dangelo")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    wait_tasks()

    # Then its case file opens, and "Delete empty case…" is enabled
    view = main.case_file
    qtbot.waitUntil(lambda: view.data is not None, timeout=10_000)
    assert main.stack.currentWidget() is view
    code = view.data.detail.case.code
    button = view.delete_button
    assert button.isVisible() and button.isEnabled()
    assert button.text() == "Delete empty case…"

    # When she clicks it and confirms
    with qtbot.waitSignal(view.deleted, timeout=10_000) as deleted:
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert deleted.args == [code]
    wait_tasks()

    # Then the question named the case, and the Cartelle page is back without it
    assert len(asked) == 1 and code in asked[0]
    qtbot.waitUntil(lambda: main.stack.currentWidget() is main.cases_page, timeout=10_000)
    assert view.case_id is None
    wait_tasks()
    assert main.cases_page.model.rowCount() == 0
    assert on_worker(cases.list_cases) == []


def test_a_case_with_a_visit_cannot_be_deleted_and_says_why(
    qtbot, workspace, wait_tasks, on_worker, asked
) -> None:
    # Given a case with a visit in its diary
    def scene(opened: Any) -> Any:
        case = cases.add_case(opened, ambito="VBR", service=Service.ADM, today=TODAY)
        visits.add_visit(
            opened, case=case.code, date=TODAY, start=dt.time(9), end=dt.time(10), today=TODAY
        )
        return case

    case = on_worker(scene)
    view = open_view(qtbot, workspace, wait_tasks, case.id)

    # Then "Delete empty case…" is disabled, and its tooltip says what the case holds
    button = view.delete_button
    assert button.isVisible() and not button.isEnabled()
    assert "1 visit" in button.toolTip()
    view.delete_empty_case()  # even asked directly: no question, nothing deleted
    wait_tasks()
    assert asked == []
    assert [r.id for r in on_worker(cases.list_cases)] == [case.id]


def test_no_keeps_the_case_and_visit_mode_hides_the_button(
    qtbot, workspace, wait_tasks, on_worker, monkeypatch
) -> None:
    case = on_worker(
        lambda opened: cases.add_case(opened, ambito="BG", service=Service.TUTELA, today=TODAY)
    )
    view = open_view(qtbot, workspace, wait_tasks, case.id)
    monkeypatch.setattr(QMessageBox, "question", lambda *_a, **_k: QMessageBox.StandardButton.No)
    view.delete_button.click()
    wait_tasks()
    assert view.case_id == case.id
    assert [r.id for r in on_worker(cases.list_cases)] == [case.id]

    view.set_visit_mode(True)
    assert not view.delete_button.isVisible()
    view.set_visit_mode(False)
    assert view.delete_button.isVisible()


def test_what_arrived_meanwhile_is_never_deleted(
    qtbot, workspace, wait_tasks, on_worker, asked
) -> None:
    # Given an empty case on screen
    case = on_worker(
        lambda opened: cases.add_case(opened, ambito="VBR", service=Service.ADM, today=TODAY)
    )
    view = open_view(qtbot, workspace, wait_tasks, case.id)
    assert view.delete_button.isEnabled()

    # and a visit written since (by a command, in another window) that the screen has not seen
    def elsewhere(opened):
        visits.add_visit(
            opened, case=case.code, date=TODAY, start=dt.time(9), end=dt.time(10), today=TODAY
        )
        opened.take_changes()  # another process's write: this window is not told of it

    on_worker(elsewhere)

    # When the educator deletes it, the service refuses and the screen says why
    view.delete_button.click()
    wait_tasks()
    assert len(asked) == 1
    assert view.case_id == case.id
    assert view.message.text() == "La cartella contiene già 1 visita: non si può eliminare"
    assert [r.id for r in on_worker(cases.list_cases)] == [case.id]
