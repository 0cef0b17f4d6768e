"""Operations (ui/operations.py): the latest read wins and a superseded read queued on the
worker is not run; nothing is delivered to a screen that is gone; reads end at the lock;
writes are never dropped (issue 15, point 2)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

import pytest

from PySide6.QtWidgets import QWidget

from minorifamiglie.ui.operations import QueryOperation, WriteOperation
from minorifamiglie.ui.tasks import TaskRunner
from minorifamiglie.ui.workspace import Workspace
from support.worker import worker_held


class Screen(QWidget):
    def __init__(self, workspace: Workspace) -> None:
        super().__init__()
        self.query = QueryOperation(self, workspace)
        self.writes = WriteOperation(self, workspace)
        self.shown: list[Any] = []
        self.errors: list[BaseException] = []

    def show_result(self, value: Any) -> None:
        self.shown.append(value)

    def show_error(self, error: BaseException) -> None:
        self.errors.append(error)


@pytest.fixture
def hold(workspace: Workspace) -> Iterator[threading.Event]:
    """The worker held by a blocking job (a long sync) until the event is set."""
    with worker_held(workspace.runner) as release:
        yield release


def test_the_latest_read_wins_and_a_superseded_queued_read_is_not_run(
    qtbot: Any, workspace: Workspace, hold: threading.Event
) -> None:
    screen = Screen(workspace)
    qtbot.addWidget(screen)
    ran: list[str] = []

    def read(name: str) -> Any:
        def fn(_opened: Any) -> str:
            ran.append(name)
            return name

        return fn

    screen.query.run(read("first"), screen.show_result)
    screen.query.run(read("second"), screen.show_result)
    screen.query.run(read("third"), screen.show_result, screen.show_error)
    assert workspace.runner.busy
    hold.set()
    workspace.runner.wait_idle()
    qtbot.waitUntil(lambda: not workspace.runner.busy, timeout=5000)
    assert ran == ["third"]  # the two superseded while queued never reached the database
    assert screen.shown == ["third"]


def test_a_result_already_on_its_way_is_not_delivered_once_superseded(
    qtbot: Any, workspace: Workspace
) -> None:
    screen = Screen(workspace)
    qtbot.addWidget(screen)
    screen.query.run(lambda _opened: "old", screen.show_result)
    workspace.runner.wait_idle()  # ran: its result waits in the Qt event queue
    screen.query.run(lambda _opened: "new", screen.show_result)
    qtbot.waitUntil(lambda: not workspace.runner.busy, timeout=5000)
    assert screen.shown == ["new"]


def test_a_result_for_a_deleted_owner_is_not_delivered_and_raises_nothing(
    qtbot: Any, workspace: Workspace, hold: threading.Event
) -> None:
    screen = Screen(workspace)
    shown = screen.shown
    label_texts: list[str] = []
    from PySide6.QtWidgets import QLabel

    label = QLabel(screen)
    # A closure over a child widget, the kind that raised "already deleted" at teardown
    screen.query.run(lambda _opened: "late", lambda text: label_texts.append(label.text() + text))
    screen.writes.run(lambda _opened: "written", screen.show_result)
    screen.deleteLater()
    qtbot.waitUntil(lambda: not _valid(label), timeout=5000)
    hold.set()
    with qtbot.captureExceptions() as raised:
        workspace.runner.wait_idle()
        qtbot.waitUntil(lambda: not workspace.runner.busy, timeout=5000)
    assert raised == []
    assert shown == [] and label_texts == []


def test_reads_are_cancelled_at_lock(
    qtbot: Any, workspace: Workspace, hold: threading.Event
) -> None:
    screen = Screen(workspace)
    qtbot.addWidget(screen)
    ran: list[int] = []
    screen.query.run(lambda _opened: ran.append(1), screen.show_result, screen.show_error)
    locked: list[None] = []
    workspace.lock(locked.append)
    hold.set()
    qtbot.waitUntil(lambda: bool(locked), timeout=5000)
    assert ran == [] and screen.shown == [] and screen.errors == []


def test_cancel_drops_the_read_and_a_later_one_still_runs(
    qtbot: Any, workspace: Workspace, hold: threading.Event
) -> None:
    screen = Screen(workspace)
    qtbot.addWidget(screen)
    screen.query.run(lambda _opened: "hidden", screen.show_result)
    screen.query.cancel()  # visit mode on: nothing of it may reach the screen
    hold.set()
    workspace.runner.wait_idle()
    qtbot.waitUntil(lambda: not workspace.runner.busy, timeout=5000)
    assert screen.shown == []
    screen.query.run(lambda _opened: "shown", screen.show_result)
    qtbot.waitUntil(lambda: screen.shown == ["shown"], timeout=5000)


def test_a_write_is_never_dropped(qtbot: Any, workspace: Workspace, hold: threading.Event) -> None:
    screen = Screen(workspace)
    ran: list[str] = []

    def write(name: str) -> Any:
        return lambda _opened: ran.append(name)

    screen.writes.run(write("one"))
    screen.writes.run(write("two"))
    screen.query.run(lambda _opened: None, screen.show_result)
    screen.query.cancel()
    screen.deleteLater()
    qtbot.waitUntil(lambda: not _valid(screen), timeout=5000)
    workspace.lock()
    hold.set()
    workspace.runner.wait_idle()
    assert ran == ["one", "two"]  # closed screen, cancelled reads, a lock: the writes ran


def test_a_forgotten_write_still_runs_and_reports_nothing(
    qtbot: Any, workspace: Workspace, hold: threading.Event
) -> None:
    screen = Screen(workspace)
    qtbot.addWidget(screen)
    ran: list[str] = []
    screen.writes.run(lambda _opened: ran.append("sync"), screen.show_result)
    screen.writes.forget()  # the sync controller stopped at lock
    screen.writes.run(lambda _opened: ran.append("next"), screen.show_result)
    hold.set()
    qtbot.waitUntil(lambda: len(screen.shown) == 1, timeout=5000)
    workspace.runner.wait_idle()
    assert ran == ["sync", "next"]
    assert screen.shown == [None]  # only the write of the new session was reported


def test_run_on_another_runner(qtbot: Any) -> None:
    runner = TaskRunner()
    owner = QWidget()
    qtbot.addWidget(owner)
    query = QueryOperation(owner)
    got: list[int] = []
    query.run_on(runner, lambda: 1, got.append)
    query.run_on(runner, lambda: 2, got.append)
    qtbot.waitUntil(lambda: got == [2], timeout=5000)
    with pytest.raises(TypeError):
        query.run(lambda _opened: 3, got.append)
    runner.shutdown()


def _valid(widget: QWidget) -> bool:
    import shiboken6

    return bool(shiboken6.isValid(widget))
