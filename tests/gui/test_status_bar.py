"""The status bar tells an educator, at a glance, whether the team's shared folder is there, what
waits to be sent, when the last synchronisation was and whether conflicts wait for her; the
application synchronises by itself at unlock and when the folder comes back."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from PySide6.QtCore import Qt

from minorifamiglie.domain.enums import Service
from minorifamiglie.services import cases, profiles, syncing
from minorifamiglie.ui.main_window import MainWindow
from minorifamiglie.ui.settings import load_preferences

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
TODAY = dt.date(2026, 3, 16)
PROBE_MS = 50


@pytest.fixture
def open_main(qtbot, workspace, wait_tasks, on_worker):
    """The main window after unlock, checking the shared folder every 50 ms."""
    windows: list[MainWindow] = []

    def start() -> MainWindow:
        info = on_worker(profiles.info)
        main = MainWindow(workspace, info, today=lambda: TODAY)
        qtbot.addWidget(main)
        main.sync.probe_timer.setInterval(PROBE_MS)
        main.resize(1280, 720)
        main.show()
        main.after_unlock()
        windows.append(main)
        wait_tasks()
        return main

    yield start
    for main in windows:
        main.before_lock()
    wait_tasks()


def new_case(opened, title: str = "Famiglia R."):
    return cases.add_case(opened, ambito="VBR", service=Service.ADM, title=title, today=TODAY)


def test_without_a_team_it_says_so_and_cannot_synchronise(qtbot, open_main) -> None:
    main = open_main()
    bar = main.sync_status
    qtbot.waitUntil(lambda: bar.share_label.text() == "No team", timeout=5_000)
    assert not bar.pending_label.isVisible()
    assert not bar.last_label.isVisible()
    assert not bar.conflicts_label.isVisible()
    assert not main.sync_action.isEnabled()


def test_at_unlock_it_synchronises_and_shows_what_is_pending(
    qtbot, open_main, wait_tasks, on_worker, workspace, team_of_two
) -> None:
    # Given Marco opened a case on his laptop and synchronised it
    colleague = team_of_two
    marco_case = new_case(colleague, "Famiglia di Marco")
    syncing.sync(colleague)

    # When Giulia unlocks, with the shared folder reachable
    main = open_main()
    bar = main.sync_status

    # Then the application synchronises by itself: Marco's case is here
    qtbot.waitUntil(lambda: main.sync.status is not None and main.sync.status.pending == 0)
    qtbot.waitUntil(lambda: bar.share_label.text() == "Shared folder reachable", timeout=5_000)
    wait_tasks()
    codes = [row.code for row in on_worker(cases.list_cases)]
    assert marco_case.code in codes
    assert bar.pending_label.text() == "0 change(s) to send"
    assert bar.last_label.text().startswith("Last sync: today at ")
    assert not bar.conflicts_label.isVisible()
    assert main.sync_action.isEnabled()

    # When she opens a case, the status bar counts the changes waiting to be sent
    workspace.write(lambda opened: new_case(opened, "Famiglia di Giulia"))
    wait_tasks()
    pending = on_worker(syncing.status).pending
    assert pending > 0
    qtbot.waitUntil(lambda: bar.pending_label.text() == f"{pending} change(s) to send")

    # And "Synchronise now" sends them
    with qtbot.waitSignal(main.sync.syncFinished, timeout=10_000) as finished:
        main.sync_action.trigger()
    assert finished.args[0].exported == pending
    wait_tasks()
    qtbot.waitUntil(lambda: bar.pending_label.text() == "0 change(s) to send")


def test_the_folder_goes_away_and_comes_back(
    qtbot, open_main, wait_tasks, on_worker, share: Path, team_of_two
) -> None:
    colleague = team_of_two
    main = open_main()
    bar = main.sync_status
    qtbot.waitUntil(lambda: bar.share_label.text() == "Shared folder reachable", timeout=5_000)
    wait_tasks()

    # When the network share goes away (the laptop left the office)
    away = share.with_name("altrove")
    share.rename(away)
    # Then the status bar says so within a check
    qtbot.waitUntil(lambda: bar.share_label.text() == "Shared folder not reachable", timeout=5_000)

    # Meanwhile Marco, in the office, synchronised a new case
    marco_case = new_case(colleague, "Famiglia di Marco")
    syncing.sync(colleague, away)

    # When the share is back, the application synchronises by itself
    with qtbot.waitSignal(main.sync.syncFinished, timeout=10_000) as finished:
        away.rename(share)
    assert finished.args[0].imported > 0
    wait_tasks()
    assert marco_case.code in [row.code for row in on_worker(cases.list_cases)]
    assert bar.share_label.text() == "Shared folder reachable"


def test_open_conflicts_are_a_link_to_them(
    qtbot, open_main, wait_tasks, on_worker, team_of_two
) -> None:
    # Given both changed the same summary and synchronised
    colleague = team_of_two
    case = on_worker(new_case)
    on_worker(syncing.sync)
    syncing.sync(colleague)
    on_worker(lambda opened: cases.edit_case(opened, str(case.id), {"summary": "Giulia"}))
    cases.edit_case(colleague, str(case.id), {"summary": "Marco"})
    syncing.sync(colleague)

    # When Giulia's application synchronises at unlock
    main = open_main()
    bar = main.sync_status
    qtbot.waitUntil(bar.conflicts_label.isVisible, timeout=5_000)

    # Then the status bar counts the conflict, and a click on it opens Conflitti
    assert "1 open conflict(s)" in bar.conflicts_label.text()
    bar.conflicts_label.linkActivated.emit("conflicts")
    assert main.stack.currentWidget() is main.conflicts_page
    wait_tasks()
    assert main.conflicts_page.model.rowCount() == 1


def test_a_failed_synchronisation_shows_in_the_status_bar_not_in_a_dialog(
    qtbot, open_main, wait_tasks, share: Path, team_of_two
) -> None:
    main = open_main()
    bar = main.sync_status
    qtbot.waitUntil(lambda: bar.share_label.text() == "Shared folder reachable", timeout=5_000)
    wait_tasks()
    share.rename(share.with_name("altrove"))

    # When she asks to synchronise before the status bar noticed the folder is gone
    with qtbot.waitSignal(main.sync.syncFailed, timeout=10_000) as failed:
        main.sync_action.trigger()

    # Then the reason is in the status bar (its tooltip) and nothing pops up
    assert "Cartella condivisa non raggiungibile" in failed.args[0]
    assert bar.share_label.text() in ("Synchronisation failed", "Shared folder not reachable")
    qtbot.waitUntil(lambda: bar.share_label.text() == "Shared folder not reachable")
    assert main.sync.last_error is not None
    assert visible_dialogs() == []


def visible_dialogs() -> list[object]:
    """Dialogs on screen (none may pop up by itself)."""
    from PySide6.QtWidgets import QApplication, QDialog

    return [w for w in QApplication.topLevelWidgets() if isinstance(w, QDialog) and w.isVisible()]


def test_the_interval_chosen_in_settings_applies_at_once(qtbot, open_main) -> None:
    main = open_main()
    dialog = main.open_settings()
    qtbot.waitExposed(dialog)
    assert dialog.sync_minutes.value() == 15
    assert main.sync.auto_timer.interval() == 15 * 60_000
    dialog.sync_minutes.setValue(5)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: main.settings_dialog is None, timeout=2_000)
    assert main.sync.auto_timer.interval() == 5 * 60_000
    assert load_preferences().sync_minutes == 5
