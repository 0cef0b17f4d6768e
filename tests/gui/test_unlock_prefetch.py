"""Oggi's data is read on the worker right behind the unlock, while the Qt thread builds the
window (workspace.UNLOCK_READS): read once, taken only by the window built on that unlock,
never stale, never delivered after a lock."""

from __future__ import annotations

import datetime as dt
import sys
import threading
from pathlib import Path
from typing import Any

import pytest

from minorifamiglie.domain.enums import Service
from minorifamiglie.services import cases, visits
from minorifamiglie.services import today as today_service
from minorifamiglie.ui.pages import today as today_module
from minorifamiglie.ui.pages.today import TodayPage
from minorifamiglie.ui.tasks import TaskRunner
from minorifamiglie.ui.workspace import Workspace

GUI_PASSPHRASE = "cavallo batteria graffetta"  # the GUI fixtures' profile

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

TODAY = dt.date.today()


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[tuple[dt.date, int, str]]:
    """Every read of Oggi's data: (the day it was read for, the thread it ran on, the function
    that asked: "prefetch" behind the unlock, "load" the page itself)."""
    calls: list[tuple[dt.date, int, str]] = []
    real = today_service.load_today  # what the page calls

    def load_today(opened: Any, today: dt.date) -> today_service.TodayData:
        calls.append((today, threading.get_ident(), sys._getframe(1).f_code.co_name))
        return real(opened, today)

    monkeypatch.setattr(today_module, "load_today", load_today)
    return calls


@pytest.fixture
def locked_workspace(qtbot: Any, gui_profile: Path) -> Any:
    """A workspace not yet unlocked, with a visit planned today in the profile."""
    from minorifamiglie.services import profiles

    opened = profiles.unlock(gui_profile, GUI_PASSPHRASE)
    try:
        case = cases.add_case(opened, ambito="VBR", service=Service.ADM, minor_name="Ada Rota")
        visits.add_visit(
            opened, case=case.code, date=TODAY, start=dt.time(15), end=dt.time(16), place="Casa"
        )
    finally:
        opened.close()
    runner = TaskRunner()
    ws = Workspace(gui_profile, runner)
    yield ws
    ws.lock()
    runner.wait_idle()
    runner.shutdown()


def unlock(qtbot: Any, ws: Workspace, on_unlocked: Any) -> None:
    done: list[object] = []
    errors: list[BaseException] = []

    def unlocked(info: object) -> None:
        on_unlocked()
        done.append(info)

    ws.unlock(GUI_PASSPHRASE, unlocked, errors.append)
    qtbot.waitUntil(lambda: bool(done or errors), timeout=10_000)
    assert not errors and done  # (a lock asked for by on_unlocked may already have run)


def idle(qtbot: Any, ws: Workspace) -> None:
    qtbot.waitUntil(lambda: not ws.runner.busy, timeout=10_000)


def test_oggi_built_on_unlock_takes_the_read_made_behind_the_key(qtbot, locked_workspace, reads):
    ws = locked_workspace
    pages: list[TodayPage] = []

    def build() -> None:  # as the main window does on unlock
        page = TodayPage(ws)
        qtbot.addWidget(page)
        page.refresh()
        pages.append(page)

    unlock(qtbot, ws, build)
    idle(qtbot, ws)
    qtbot.waitUntil(lambda: pages[0].today_model.rowCount() == 1)

    # Read once, on the worker, for today, behind the key: the page asked for nothing more
    assert [(day, by) for day, _, by in reads] == [(TODAY, "prefetch")]
    assert reads[0][1] != threading.main_thread().ident
    assert "overdue deadlines" in pages[0].summary.text()


def test_a_read_nobody_took_on_unlock_is_dropped(qtbot, locked_workspace, reads):
    ws = locked_workspace
    unlock(qtbot, ws, lambda: None)
    idle(qtbot, ws)

    # When a visit is added after the unlock and Oggi is only then shown
    def add(opened: Any) -> None:
        case = cases.list_cases(opened)[0]
        visits.add_visit(
            opened, case=case.code, date=TODAY, start=dt.time(17), end=dt.time(18), place="Scuola"
        )

    ws.write(add)
    idle(qtbot, ws)
    page = TodayPage(ws)
    qtbot.addWidget(page)
    page.refresh()
    idle(qtbot, ws)

    # Then it reads again and shows both visits, not the read made at unlock
    qtbot.waitUntil(lambda: page.today_model.rowCount() == 2)
    assert [by for _, _, by in reads] == ["prefetch", "load"]


def test_a_lock_before_the_read_arrives_delivers_nothing(qtbot, locked_workspace, reads):
    ws = locked_workspace
    pages: list[TodayPage] = []

    def build_then_lock() -> None:
        page = TodayPage(ws)
        qtbot.addWidget(page)
        page.refresh()
        pages.append(page)
        ws.lock()  # before the read queued behind the unlock is delivered

    unlock(qtbot, ws, build_then_lock)
    idle(qtbot, ws)
    qtbot.wait(0)  # deliver whatever the worker finished
    assert pages[0].today_model.rowCount() == 0
    assert pages[0].summary.text() == "Loading…"


def test_a_page_with_another_day_reads_its_own(qtbot, locked_workspace, reads):
    ws = locked_workspace
    tomorrow = TODAY + dt.timedelta(days=1)
    pages: list[TodayPage] = []

    def build() -> None:  # midnight passed between the read and the window
        page = TodayPage(ws, today=lambda: tomorrow)
        qtbot.addWidget(page)
        page.refresh()
        pages.append(page)

    unlock(qtbot, ws, build)
    idle(qtbot, ws)
    qtbot.waitUntil(lambda: len(reads) == 2)
    idle(qtbot, ws)
    assert [(day, by) for day, _, by in reads] == [(TODAY, "prefetch"), (tomorrow, "load")]
    assert pages[0].today_model.rowCount() == 0  # the visit is today: yesterday for the page
    assert pages[0].tomorrow_model.rowCount() == 0


def test_no_read_behind_the_key_when_oggi_is_not_shown_first(qtbot, locked_workspace, reads):
    ws = locked_workspace
    ws.prefetch_on_unlock = False  # the main window will show a case file
    unlock(qtbot, ws, lambda: None)
    idle(qtbot, ws)
    assert reads == []


def test_the_main_window_is_built_hidden_and_empty_while_the_key_is_derived(
    qtbot: Any, gui_profile: Path
) -> None:
    from minorifamiglie.ui.app import AppController

    controller = AppController(gui_profile)
    controller.start()
    release = threading.Event()
    try:
        window = controller.unlock_window
        qtbot.waitUntil(window.passphrase.isEnabled, timeout=10_000)
        # Given the unlock cannot finish yet (the key still being derived, here the worker held)
        controller.runner.run(lambda: release.wait(10))
        window.passphrase.setText(GUI_PASSPHRASE)
        window._submit()
        # Then the main window is built meanwhile: hidden, and nothing of the profile in it
        qtbot.waitUntil(lambda: controller.main_window is not None, timeout=5_000)
        main = controller.main_window
        assert not controller.workspace.unlocked
        assert not main.isVisible() and main.operator_label.text() == ""
        # And once the key is there, that same window is the one shown, with who is working
        release.set()
        qtbot.waitUntil(main.isVisible, timeout=10_000)
        assert controller.main_window is main
        assert main.operator_label.text() == "Giulia Bianchi"
        qtbot.waitUntil(lambda: main.today_page.loaded, timeout=10_000)
    finally:
        release.set()
        _close(controller)


def _close(controller: Any) -> None:
    import shiboken6

    controller.shutdown()
    for widget in (controller.unlock_window, controller.main_window):
        if widget is not None and shiboken6.isValid(widget):
            widget.hide()
            shiboken6.delete(widget)


def test_the_main_window_is_prepared_while_the_passphrase_is_typed(
    qtbot: Any, gui_profile: Path
) -> None:
    from minorifamiglie.ui.app import AppController

    controller = AppController(gui_profile)
    try:
        # Given the unlock screen, and no passphrase typed yet
        controller.start()
        # Then, once the imports are done, the main window is built page by page: hidden,
        # nothing of the profile in it, the profile still locked
        qtbot.waitUntil(
            lambda: (
                controller.main_window is not None and hasattr(controller.main_window, "case_file")
            ),
            timeout=15_000,
        )
        main = controller.main_window
        assert len(main.pages) == 10
        assert not controller.workspace.unlocked
        assert not main.isVisible() and main.operator_label.text() == ""
        assert controller.unlock_window.isVisible()
        # And the passphrase shows that same window, with Oggi read
        controller.unlock_window.passphrase.setText(GUI_PASSPHRASE)
        controller.unlock_window._submit()
        qtbot.waitUntil(main.isVisible, timeout=10_000)
        assert controller.main_window is main
        qtbot.waitUntil(lambda: main.today_page.loaded, timeout=10_000)
    finally:
        _close(controller)


def test_a_passphrase_submitted_while_the_pages_are_built_gets_them_all(
    qtbot: Any, gui_profile: Path
) -> None:
    from minorifamiglie.ui.app import AppController

    controller = AppController(gui_profile)
    try:
        controller.start()
        # Given a main window begun in the background, one page built of eleven
        controller._build_main_window(pages_later=True)
        main = controller.main_window
        assert main.build_next_page()
        assert len(main.pages) == 1
        # When the passphrase is submitted now
        controller.unlock_window.passphrase.setText(GUI_PASSPHRASE)
        controller.unlock_window._submit()
        qtbot.waitUntil(main.isVisible, timeout=10_000)
        # Then the window shown has every page and the case file, and Oggi is read
        assert controller.main_window is main
        assert len(main.pages) == 10 and main.case_file is not None
        assert not main.build_next_page()
        qtbot.waitUntil(lambda: main.today_page.loaded, timeout=10_000)
    finally:
        _close(controller)
