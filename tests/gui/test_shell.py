"""The worker delivers results on the Qt thread and keeps order."""

from __future__ import annotations

import threading

import shiboken6


def test_tasks_run_off_the_qt_thread_in_order_and_report_back(workspace, wait_tasks) -> None:
    main = threading.get_ident()
    seen: list[tuple[int, bool]] = []
    for i in range(5):
        workspace.call(lambda _op, i=i: (i, threading.get_ident() != main), seen.append)
    wait_tasks()
    assert seen == [(i, True) for i in range(5)]


def test_an_error_comes_back_to_the_error_callback(workspace, wait_tasks) -> None:
    errors: list[BaseException] = []

    def boom(_op: object) -> None:
        raise ValueError("x")

    workspace.call(boom, None, errors.append)
    wait_tasks()
    assert isinstance(errors[0], ValueError)


def test_a_result_for_a_closed_window_is_dropped_not_delivered(
    qtbot, workspace, wait_tasks
) -> None:
    """A page or dialog closed while its query ran: its method is not called on a deleted
    widget (that raised "Internal C++ object already deleted")."""
    from PySide6.QtWidgets import QLabel

    class Page(QLabel):
        def arrived(self, value: object) -> None:
            self.setText(str(value))

    page = Page()
    gate = threading.Event()
    workspace.call(lambda _op: gate.wait(5) and 42, page.arrived)
    page.deleteLater()
    qtbot.waitUntil(lambda: not shiboken6.isValid(page))
    gate.set()
    wait_tasks()  # no exception in the Qt event loop (pytest-qt fails the test on one)
