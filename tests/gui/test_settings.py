"""Settings: how long the application waits before locking itself, and its language. An educator
changes them in the Settings dialog; the idle lock applies at once, the language at next start."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import shiboken6

from PySide6.QtCore import QSettings, Qt

from minorifamiglie.domain.enums import Role
from minorifamiglie.ui.app import AppController
from minorifamiglie.ui.main_window import MainWindow
from minorifamiglie.ui.settings import (
    IDLE_KEY,
    LANGUAGE_KEY,
    Preferences,
    SettingsDialog,
    load_preferences,
    save_preferences,
    startup_language,
)
from minorifamiglie.ui.settings_file import open_settings
from support.clock import FakeClock
from support.profiles import FAST_KDF, PASSPHRASE, ProfileCopies

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


@pytest.fixture
def profile(tmp_path: Path, profile_copy: ProfileCopies) -> Path:
    return profile_copy(tmp_path / "profilo", "Giulia Bianchi", Role.EDUCATOR, "pc")


@pytest.fixture
def unlocked(qtbot: Any, profile: Path) -> Any:
    """Start the application on the profile and unlock it; shut it down at the end."""
    started: list[AppController] = []

    def start(clock: Callable[[], float] = time.monotonic) -> tuple[AppController, MainWindow]:
        controller = AppController(profile, kdf=FAST_KDF, clock=clock)
        started.append(controller)
        controller.start()
        qtbot.keyClicks(controller.unlock_window.passphrase, PASSPHRASE)
        qtbot.keyClick(controller.unlock_window.passphrase, Qt.Key.Key_Return)
        qtbot.waitUntil(
            lambda: controller.main_window is not None and controller.main_window.isVisible(),
            timeout=15_000,
        )
        qtbot.waitUntil(lambda: not controller.runner.busy, timeout=15_000)
        return controller, controller.main_window

    yield start
    for controller in started:
        controller.shutdown()
        qtbot.waitUntil(lambda c=controller: not c.runner.busy, timeout=15_000)
        for window in (controller.unlock_window, controller.main_window):
            if window is not None and shiboken6.isValid(window):
                window.hide()
                shiboken6.delete(window)


# ---------------------------------------------------------------------------------- the dialog
def test_the_defaults_are_five_minutes_and_italian(qtbot: Any, settings_folder: Path) -> None:
    # Given nothing was ever saved
    assert load_preferences() == Preferences(idle_minutes=5, language="it")
    # When the dialog opens, it shows them, and says the language changes at the next start
    dialog = SettingsDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.idle_minutes.value() == 5
    assert dialog.language.currentText() == "Italiano"
    assert dialog.language_note.isVisible()
    assert "next start" in dialog.language_note.text()
    assert (dialog.idle_minutes.minimum(), dialog.idle_minutes.maximum()) == (1, 120)
    # And nothing of it was written to the real home: the file is in the test's folder
    assert Path(open_settings().fileName()).is_relative_to(settings_folder)


def test_saving_the_dialog_stores_the_choices(qtbot: Any) -> None:
    dialog = SettingsDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    # When the educator chooses 15 minutes and English, and saves
    dialog.idle_minutes.selectAll()
    qtbot.keyClicks(dialog.idle_minutes, "15")
    dialog.language.setCurrentIndex(dialog.language.findText("English"))
    with qtbot.waitSignal(dialog.preferencesSaved) as saved:
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    # Then they are in the settings file and read back at the next start
    assert saved.args == [Preferences(idle_minutes=15, language="en")]
    on_disk = QSettings(open_settings().fileName(), QSettings.Format.IniFormat)
    assert on_disk.value(IDLE_KEY) in (15, "15")
    assert on_disk.value(LANGUAGE_KEY) == "en"
    assert load_preferences() == Preferences(15, "en")
    assert startup_language(None) == "en"


def test_cancel_changes_nothing(qtbot: Any) -> None:
    save_preferences(Preferences(10, "it"))
    dialog = SettingsDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.idle_minutes.setValue(99)
    dialog.reject()
    assert load_preferences() == Preferences(10, "it")


def test_the_command_line_language_wins_and_bad_values_fall_back() -> None:
    save_preferences(Preferences(5, "en"))
    assert startup_language("it") == "it"
    assert startup_language(None) == "en"
    # A settings file edited by hand: out of range or unknown values become the defaults
    settings = open_settings()
    settings.setValue(IDLE_KEY, 500)
    settings.setValue(LANGUAGE_KEY, "klingon")
    assert load_preferences() == Preferences(120, "it")
    settings.setValue(IDLE_KEY, "soon")
    assert load_preferences().idle_minutes == 5


# ---------------------------------------------------------------------------------- idle lock
def test_the_application_reads_the_idle_minutes_and_the_dialog_changes_them(
    qtbot: Any, unlocked: Any
) -> None:
    # Given the educator chose 7 minutes some time ago
    save_preferences(Preferences(7, "it"))
    controller, main = unlocked()
    assert controller.idle.interval() == 7 * 60_000
    assert controller.idle.isActive()

    # When she opens Settings… from the toolbar and sets 20 minutes
    main.settings_action.trigger()
    dialog = main.settings_dialog
    assert isinstance(dialog, SettingsDialog)
    qtbot.waitExposed(dialog)
    assert dialog.idle_minutes.value() == 7
    dialog.idle_minutes.setValue(20)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    # Then the running application waits 20 minutes from now on, and remembers it
    qtbot.waitUntil(lambda: main.settings_dialog is None, timeout=2_000)
    assert controller.idle.interval() == 20 * 60_000
    assert controller.idle.isActive()
    assert load_preferences().idle_minutes == 20


def test_the_application_locks_itself_after_the_idle_time(qtbot: Any, unlocked: Any) -> None:
    # Given a lock after 2 minutes of inactivity, on a clock this test moves by hand
    clock = FakeClock()
    save_preferences(Preferences(2, "it"))
    controller, main = unlocked(clock=clock.monotonic)
    assert controller.idle.interval() == 2 * 60_000
    assert controller.idle.isActive()

    # When the educator keeps working for longer than that, a key every 30 seconds,
    # and the timer goes off half a minute after her last key
    for _ in range(8):
        clock.advance(30)
        qtbot.keyClick(main.nav, Qt.Key.Key_Down)
    clock.advance(30)
    controller.idle.timeout.emit()

    # Then the application stays open, and waits for what remains of the 2 minutes
    assert main.isVisible()
    assert controller.workspace.unlocked
    assert controller.idle.isActive()
    assert controller.idle.interval() == 90_000

    # When she stops touching it until those 90 seconds have passed
    clock.advance(89)
    controller.idle.timeout.emit()
    assert main.isVisible()
    clock.advance(1)
    controller.idle.timeout.emit()

    # Then it has locked itself: the unlock window is up and the database closed
    assert not main.isVisible()
    assert controller.unlock_window.isVisible()
    qtbot.waitUntil(lambda: not controller.runner.busy, timeout=15_000)
    assert not controller.workspace.unlocked
    assert not controller.idle.isActive()

    # And a timer that goes off late, the profile locked already, changes nothing
    controller.idle.timeout.emit()
    assert controller.unlock_window.isVisible()

    # And after unlocking, the timer runs again
    qtbot.keyClicks(controller.unlock_window.passphrase, PASSPHRASE)
    qtbot.keyClick(controller.unlock_window.passphrase, Qt.Key.Key_Return)
    qtbot.waitUntil(main.isVisible, timeout=15_000)
    assert controller.idle.isActive()
    assert controller.idle.interval() == 2 * 60_000
