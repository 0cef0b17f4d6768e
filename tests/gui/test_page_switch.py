"""One page at a time: switching pages never leaves another drawn underneath.

A page hidden while the focus is inside it passes the focus on to the next widget in the chain,
the side navigation; a list's focus-in selects its first row, which switched to Oggi in the
middle of the switch, and both pages stayed visible (issue 13, point 1)."""

from __future__ import annotations

import datetime as dt

import pytest

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from minorifamiglie.domain.enums import Service
from minorifamiglie.services import cases, profiles
from minorifamiglie.ui.main_window import MainWindow

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
TODAY = dt.date(2026, 3, 16)


@pytest.fixture
def main(qtbot, workspace, wait_tasks, on_worker):
    window = MainWindow(workspace, on_worker(profiles.info), today=lambda: TODAY)
    qtbot.addWidget(window)
    window.resize(1280, 720)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.after_unlock()
    wait_tasks()
    yield window
    window.before_lock()
    wait_tasks()


def visible_pages(window: MainWindow) -> list[object]:
    stack = window.stack
    pages = [stack.widget(i) for i in range(stack.count())]
    return [page for page in pages if page is not None and page.isVisible()]


def focus_is_in(widget: object) -> bool:
    focused = QApplication.focusWidget()
    return focused is not None and (focused is widget or widget.isAncestorOf(focused))  # type: ignore[attr-defined]


def test_a_case_opened_from_the_list_by_keyboard_is_the_only_page_visible(
    qtbot, main, on_worker, wait_tasks
) -> None:
    case = on_worker(
        lambda op: cases.add_case(op, ambito="VBR", service=Service.ADM, title="F.", today=TODAY)
    )
    main.focus_search()
    wait_tasks()
    table = main.cases_page.table
    qtbot.waitUntil(lambda: table.model().rowCount() == 1)
    table.setFocus()
    table.selectRow(0)
    qtbot.waitUntil(table.hasFocus)

    qtbot.keyClick(table, Qt.Key.Key_Return)  # opens the case, as a double-click does
    wait_tasks()

    assert main.case_file.case_id == case.id
    assert visible_pages(main) == [main.case_file]
    assert main.nav.currentRow() == -1  # no page of the navigation claims to be shown
    assert focus_is_in(main.case_file)  # the focus went with the page, not to the navigation


def test_back_to_the_list_and_through_every_page_one_at_a_time(
    qtbot, main, on_worker, wait_tasks
) -> None:
    case = on_worker(
        lambda op: cases.add_case(op, ambito="VBR", service=Service.ADM, title="F.", today=TODAY)
    )
    main.open_case(case.id)
    wait_tasks()
    main.case_file.setFocus()
    for row, page in enumerate(main.pages):
        focused = QApplication.focusWidget()
        main.nav.setCurrentRow(row)
        wait_tasks()
        assert visible_pages(main) == [page], page.title()
        if focused is not None and not main.nav.isAncestorOf(focused):
            assert not main.nav.hasFocus() or main.nav.currentRow() == row
    main.open_case(case.id)
    wait_tasks()
    assert visible_pages(main) == [main.case_file]
    main.case_file.closed.emit()
    wait_tasks()
    assert visible_pages(main) == [main.cases_page]


def test_ctrl_shift_n_opens_a_new_case_from_any_page(qtbot, main, wait_tasks) -> None:
    from minorifamiglie.ui.dialogs.new_case import NewCaseDialog

    main.show_page(main.calendar_page)
    wait_tasks()
    main.nav.setFocus()
    qtbot.keyClick(
        main.nav,
        Qt.Key.Key_N,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    dialogs = main.cases_page.findChildren(NewCaseDialog)
    assert len(dialogs) == 1 and dialogs[0].isVisible()
    assert visible_pages(main) == [main.cases_page]
    dialogs[0].reject()
