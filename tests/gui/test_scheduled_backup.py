"""The scheduled backup: the educator picks a folder (the USB stick) and a frequency in Settings;
while the profile is unlocked a backup is written there when due, on the database worker, and
the status bar says how it went."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from PySide6.QtCore import Qt

from minorifamiglie.services import backup
from minorifamiglie.ui.backup_controller import BackupController
from minorifamiglie.ui.settings import Preferences, SettingsDialog, load_preferences
from support.profiles import PASSPHRASE

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def test_the_dialog_stores_the_folder_and_the_frequency(qtbot: Any, tmp_path: Path) -> None:
    # Given nothing chosen: no scheduled backup
    assert (load_preferences().backup_folder, load_preferences().backup_days) == ("", 0)
    dialog = SettingsDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.backup_days.currentText() == "Never"
    # When the educator types the stick's folder, picks "Every week" and saves
    qtbot.keyClicks(dialog.backup_folder, str(tmp_path / "chiavetta"))
    dialog.backup_days.setCurrentIndex(dialog.backup_days.findText("Every week"))
    with qtbot.waitSignal(dialog.preferencesSaved) as saved:
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    # Then the choice is saved and read back
    chosen = saved.args[0]
    assert (chosen.backup_folder, chosen.backup_days) == (str(tmp_path / "chiavetta"), 7)
    assert load_preferences() == chosen


def test_a_due_backup_is_written_once_on_the_worker(
    qtbot: Any, workspace: Any, wait_tasks: Any, tmp_path: Path
) -> None:
    stick = tmp_path / "chiavetta"
    stick.mkdir()
    controller = BackupController(workspace, folder=str(stick), every_days=1)
    # When the profile is unlocked with a daily backup never made
    with qtbot.waitSignal(controller.backupFinished, timeout=15_000) as finished:
        controller.start()
    # Then one encrypted file is in the folder, and it restores with the passphrase
    info = finished.args[0]
    assert [p.name for p in stick.iterdir()] == [info.path.name]
    restored = backup.restore(info.path, tmp_path / "ripristino", PASSPHRASE)
    assert (restored.root / "profile.json").exists()
    # And checking again the same day writes nothing more
    assert controller.check()
    wait_tasks()
    assert not controller.running
    assert len(list(stick.iterdir())) == 1
    controller.stop()


def test_a_missing_folder_is_reported_and_off_means_off(
    qtbot: Any, workspace: Any, wait_tasks: Any, tmp_path: Path
) -> None:
    controller = BackupController(workspace, folder=str(tmp_path / "staccata"), every_days=1)
    with qtbot.waitSignal(controller.backupFailed, timeout=15_000) as failed:
        controller.start()
    assert "non raggiungibile" in failed.args[0]
    assert controller.last_error == failed.args[0]
    # With the schedule off, nothing is even asked of the worker
    controller.set_schedule(str(tmp_path), 0)
    assert not controller.enabled
    assert not controller.check()
    controller.stop()
    assert not controller.check()


def test_the_main_window_backs_up_after_unlock_and_says_so(
    qtbot: Any, gui_profile: Path, tmp_path: Path
) -> None:
    from minorifamiglie.ui.main_window import MainWindow
    from minorifamiglie.ui.settings import save_preferences
    from minorifamiglie.ui.tasks import TaskRunner
    from minorifamiglie.ui.workspace import Workspace

    stick = tmp_path / "chiavetta"
    stick.mkdir()
    save_preferences(Preferences(backup_folder=str(stick), backup_days=7))
    runner = TaskRunner()
    workspace = Workspace(gui_profile, runner)
    infos: list[Any] = []
    workspace.unlock(PASSPHRASE, infos.append, infos.append)
    qtbot.waitUntil(lambda: bool(infos), timeout=10_000)
    window = MainWindow(workspace, infos[0])
    qtbot.addWidget(window)
    try:
        window.after_unlock()
        qtbot.waitUntil(lambda: any(stick.iterdir()), timeout=15_000)
        qtbot.waitUntil(lambda: "minorifamiglie-backup-" in window.statusBar().currentMessage())
        assert window.backups.enabled and window.backups.every_days == 7
    finally:
        window.before_lock()
        workspace.lock()
        runner.wait_idle()
        runner.shutdown()
