"""The worker delivers results on the Qt thread and keeps order."""

from __future__ import annotations

import threading


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
