"""Sincronizzazione: the shared folder, "Synchronise now", the past runs and what each refused.
Synchronisation runs by itself when the folder appears and every N minutes while it is there,
never two at once."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from PySide6.QtCore import Qt

from minorifamiglie.domain.enums import Service
from minorifamiglie.services import cases, syncing, team
from minorifamiglie.sync import share as sh
from minorifamiglie.ui import file_dialogs
from minorifamiglie.ui.models.sync_table import RefusalTableModel, SyncRunTableModel
from minorifamiglie.ui.pages.sync import SyncPage
from minorifamiglie.ui.sync_controller import SyncController
from minorifamiglie.ui.sync_labels import refusal_language

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
TODAY = dt.date(2026, 3, 16)


@pytest.fixture
def open_page(qtbot, workspace, wait_tasks):
    """Sincronizzazione with its controller started, as after unlock (the folder checked every
    50 ms; a sync every minute, which tests make pass by emitting the timer's timeout)."""
    controllers: list[SyncController] = []

    def start() -> SyncPage:
        controller = SyncController(workspace, interval_minutes=1, probe_ms=50)
        controllers.append(controller)
        page = SyncPage(workspace, controller)
        qtbot.addWidget(page)
        page.resize(1100, 700)
        page.show()
        controller.start()
        page.refresh()
        wait_tasks()
        return page

    yield start
    for controller in controllers:
        controller.stop()
    wait_tasks()


def new_case(opened, title: str = "Famiglia R."):
    return cases.add_case(opened, ambito="VBR", service=Service.ADM, title=title, today=TODAY)


def test_without_a_team_there_is_nothing_to_synchronise(qtbot, open_page) -> None:
    page = open_page()
    qtbot.waitUntil(lambda: page.controller.status is not None, timeout=5_000)
    assert "not part of a team" in page.state_label.text()
    assert not page.choose_button.isEnabled()
    assert not page.sync_button.isEnabled()
    assert page.model.rowCount() == 0


def test_the_folder_appears_and_the_page_shows_the_synchronisation(
    qtbot, open_page, wait_tasks, on_worker, share: Path, team_of_two, qtmodeltester
) -> None:
    # Given the shared folder is not there when the application starts
    colleague = team_of_two
    away = share.with_name("chiavetta")
    share.rename(away)
    page = open_page()
    controller = page.controller
    qtbot.waitUntil(lambda: controller.reachable is False, timeout=5_000)
    assert "not reachable" in page.state_label.text()
    assert page.folder_label.text() == str(share)
    runs_before = page.model.rowCount()
    assert runs_before == 1  # the one made when the team was set up

    # And Marco synchronised a new case meanwhile
    marco_case = new_case(colleague, "Famiglia di Marco")
    syncing.sync(colleague, away)

    # When the folder appears (the USB stick is plugged in)
    with qtbot.waitSignal(controller.syncFinished, timeout=10_000):
        away.rename(share)
    wait_tasks()

    # Then the synchronisation ran by itself, once, and is listed first
    assert marco_case.code in [row.code for row in on_worker(cases.list_cases)]
    qtmodeltester.check(page.model)
    assert page.model.rowCount() == runs_before + 1
    model = page.model
    assert model.index(0, SyncRunTableModel.WHEN).data().startswith("today at ")
    assert int(model.index(0, SyncRunTableModel.RECEIVED).data()) > 0
    assert model.index(0, SyncRunTableModel.OUTCOME).data() == "Completed"
    assert page.refused_title.text() == "The selected synchronisation refused nothing."
    assert "The shared folder is reachable." in page.state_label.text()
    assert "Last synchronisation today at" in page.state_label.text()


def test_the_files_refused_and_why(
    qtbot, open_page, wait_tasks, on_worker, share: Path, team_of_two, qtmodeltester
) -> None:
    # Given a file in Marco's folder of the share that is not a bundle (damaged, or forged)
    colleague = team_of_two
    view = on_worker(team.show)
    folder = sh.TeamFolder(share, view.team_id)
    last = max((seq for seq, _path in folder.bundles(colleague.device_id)), default=0)
    folder.bundle(colleague.device_id, last + 1).write_bytes(b"non sono un pacchetto")

    # When Giulia synchronises from the page
    page = open_page()
    controller = page.controller
    qtbot.waitUntil(page.sync_button.isEnabled, timeout=5_000)
    wait_tasks()
    with qtbot.waitSignal(controller.syncFinished, timeout=10_000) as finished:
        qtbot.mouseClick(page.sync_button, Qt.MouseButton.LeftButton)
    wait_tasks()

    # Then the run is partial, and the file refused is listed with the reason in words
    (refusal,) = finished.args[0].refused
    assert page.model.index(0, SyncRunTableModel.OUTCOME).data() == "Partial: some files refused"
    assert page.current_run() is not None and page.current_run().refused == (refusal,)
    qtmodeltester.check(page.refusal_model)
    assert page.refusal_model.rowCount() == 1
    file = page.refusal_model.index(0, RefusalTableModel.FILE).data()
    assert file.endswith(f"{last + 1:08d}.mfb")
    reason = page.refusal_model.index(0, RefusalTableModel.REASON).data()
    assert reason == refusal.message(refusal_language())
    assert reason and reason != refusal.reason
    assert page.refused_title.text() == "Files refused by the selected synchronisation: 1"

    # When she selects the run made before the file was there, it refused nothing
    page.table.selectRow(page.model.rowCount() - 1)
    assert page.refusal_model.rowCount() == 0


def test_choosing_another_shared_folder(
    qtbot, open_page, wait_tasks, on_worker, tmp_path: Path, share: Path, team_of_two
) -> None:
    page = open_page()
    qtbot.waitUntil(page.choose_button.isEnabled, timeout=5_000)
    moved = tmp_path / "nuova-condivisa"
    moved.mkdir()

    # When Giulia chooses another folder in the folder dialog
    qtbot.mouseClick(page.choose_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.folder_dialog is not None)  # once the share answered
    dialog = page.folder_dialog
    assert dialog is not None
    assert Path(dialog.directory().absolutePath()) == Path(share).resolve()  # opens in the share
    dialog.fileSelected.emit(str(moved))
    dialog.reject()
    wait_tasks()

    # Then it is the team's folder from now on, and the page shows it
    assert on_worker(syncing.status).share == str(moved)
    qtbot.waitUntil(lambda: page.folder_label.text() == str(moved), timeout=5_000)
    # And the documents saved next are not proposed inside it
    assert str(moved) not in file_dialogs.start_folder()


def test_every_few_minutes_while_the_folder_is_there_one_at_a_time(
    qtbot, open_page, wait_tasks, team_of_two
) -> None:
    # Given a sync every minute, the folder reachable and the first sync done
    page = open_page()
    controller = page.controller
    assert controller.auto_timer.interval() == 60_000
    assert controller.auto_timer.isActive()
    qtbot.waitUntil(lambda: controller.reachable is True, timeout=15_000)
    qtbot.waitUntil(lambda: not controller.running, timeout=15_000)
    wait_tasks()
    finished: list[object] = []
    controller.syncFinished.connect(finished.append)

    # When a minute passes, three times (the timer's timeout, emitted rather than waited for)
    for done in (1, 2, 3):
        controller.auto_timer.timeout.emit()
        qtbot.waitUntil(lambda done=done: len(finished) == done, timeout=15_000)

    # Then it synchronised each time, by itself
    assert len(finished) == 3

    # And a second one never starts while one runs
    controller.sync_now()
    assert controller.running
    assert controller.sync_now() is False
    assert not page.sync_button.isEnabled()
    wait_tasks()
    assert page.model.rowCount() >= 4


def test_changes_dated_ahead_are_said_held_until_the_clock_reaches_them(
    qtbot, open_page, wait_tasks, on_worker, team_of_two
) -> None:
    # Given the page open after the first synchronisation
    colleague = team_of_two
    page = open_page()
    controller = page.controller
    qtbot.waitUntil(lambda: page.sync_button.isEnabled() and not controller.running, timeout=10_000)
    wait_tasks()
    assert page.notice_label.isHidden()
    # And Marco's laptop, its clock a year ahead, adds a case and synchronises
    ahead = dt.datetime.now(dt.UTC) + dt.timedelta(days=365)
    colleague.now = lambda: ahead
    new_case(colleague, "Famiglia del futuro")
    syncing.sync(colleague)

    # When Giulia synchronises
    with qtbot.waitSignal(controller.syncFinished, timeout=10_000) as finished:
        qtbot.mouseClick(page.sync_button, Qt.MouseButton.LeftButton)
    wait_tasks()

    # Then the page says how many changes wait for their date, and why, in plain words
    held = finished.args[0].held
    assert held > 0
    expected = (
        f"{held} changes received carry a date in the future: they will be applied when the "
        "clock reaches it."
    )
    qtbot.waitUntil(lambda: page.notice_label.text() == expected, timeout=5_000)
    assert page.notice_label.isVisible()
    assert on_worker(syncing.status).held == held
    # And so does the status line of a main window (the same words)
    from minorifamiglie.ui.sync_labels import sync_notices

    assert sync_notices(finished.args[0]) == [page.notice_label.text()]

    # And it stays while they wait: a later sync that receives nothing new still says it
    with qtbot.waitSignal(controller.syncFinished, timeout=10_000) as later:
        qtbot.mouseClick(page.sync_button, Qt.MouseButton.LeftButton)
    wait_tasks()
    assert later.args[0].held == 0
    qtbot.waitUntil(lambda: not controller.running, timeout=5_000)
    assert page.notice_label.text() == expected and page.notice_label.isVisible()

    # At the lock it is cleared
    page.clear()
    assert page.notice_label.isHidden() and page.notice_label.text() == ""


def test_this_devices_own_changes_dated_ahead_are_said_once(
    qtbot, open_page, wait_tasks, on_worker, team_of_two
) -> None:
    page = open_page()
    controller = page.controller
    qtbot.waitUntil(lambda: page.sync_button.isEnabled() and not controller.running, timeout=10_000)
    wait_tasks()
    # Given a case added on this laptop while its clock was a year ahead, then corrected
    now = dt.datetime.now(dt.UTC)
    ahead = now + dt.timedelta(days=365)

    def at(moment: dt.datetime):
        def set_clock(opened) -> None:
            opened.now = lambda: moment

        return set_clock

    on_worker(at(ahead))
    on_worker(lambda opened: new_case(opened, "Famiglia scritta nel futuro"))
    on_worker(at(now))

    # When Giulia synchronises
    with qtbot.waitSignal(controller.syncFinished, timeout=10_000) as finished:
        qtbot.mouseClick(page.sync_button, Qt.MouseButton.LeftButton)
    wait_tasks()

    # Then the page says this device's changes carry a wrong date
    own = finished.args[0].own_clock_ahead
    assert own > 0
    assert page.notice_label.isVisible()
    assert page.notice_label.text().startswith(f"{own} changes of this device carry a wrong date")

    # And the next synchronisation does not say it again
    with qtbot.waitSignal(controller.syncFinished, timeout=10_000):
        qtbot.mouseClick(page.sync_button, Qt.MouseButton.LeftButton)
    wait_tasks()
    assert page.notice_label.isHidden()


def test_the_status_line_keeps_a_held_notice_until_the_next_message(
    qtbot, workspace, on_worker, wait_tasks
) -> None:
    from minorifamiglie.services import profiles
    from minorifamiglie.ui.main_window import MainWindow

    main = MainWindow(workspace, on_worker(profiles.info))
    qtbot.addWidget(main)
    main.show()
    try:
        # When a sync ends having held operations dated ahead (the report as the service makes it)
        main.sync.syncFinished.emit(syncing.SyncReport(exported=1, imported=2, held=3))
        # Then the status line says it beside the counts
        assert main.statusBar().currentMessage() == (
            "Synchronised: 1 sent, 2 received. 3 changes received carry a date in the future: "
            "they will be applied when the clock reaches it."
        )
        # and a plain sync says only the counts
        main.sync.syncFinished.emit(syncing.SyncReport(exported=0, imported=0))
        assert main.statusBar().currentMessage() == "Synchronised: 0 sent, 0 received."
    finally:
        main.before_lock()
        wait_tasks()


def test_a_failed_sync_is_in_the_history_with_its_outcome(
    qtbot, open_page, wait_tasks, share: Path, team_of_two
) -> None:
    page = open_page()
    qtbot.waitUntil(page.sync_button.isEnabled, timeout=5_000)
    qtbot.waitUntil(lambda: not page.controller.running, timeout=10_000)
    wait_tasks()
    page.refresh()
    wait_tasks()
    before = page.model.rowCount()
    assert before >= 1
    # When the shared folder goes away (the USB stick unplugged) and Giulia synchronises
    share.rename(share.with_name("staccata"))
    with qtbot.waitSignal(page.controller.syncFailed, timeout=10_000):
        assert page.controller.sync_now()
    wait_tasks()
    # Then the failed run is in the history, first, and says why
    page.refresh()
    wait_tasks()
    qtbot.waitUntil(lambda: page.model.rowCount() == before + 1, timeout=5_000)
    texts = [str(page.model.index(0, c).data()) for c in range(page.model.columnCount())]
    assert "Failed: the shared folder was not reachable" in texts
