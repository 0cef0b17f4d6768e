"""The unlock screen as a KeePassXC user expects it (issue 13): a Caps Lock warning while the
passphrase field has focus, an eye that shows the passphrase (hidden again at the next lock),
and, after the application locked itself, why and when."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest

from PySide6.QtCore import QLocale, Qt
from PySide6.QtWidgets import QApplication, QLineEdit

from minorifamiglie.ui import i18n, labels
from minorifamiglie.ui.unlock import LockReason, UnlockWindow

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

AT_14_32 = dt.datetime(2026, 3, 16, 14, 32, 51)
SHIFT = Qt.KeyboardModifier.ShiftModifier


class SystemCapsLock:
    """What the windowing system says of Caps Lock; None: it cannot say (Wayland, offscreen)."""

    def __init__(self, state: bool | None = None) -> None:
        self.state = state

    def __call__(self) -> bool | None:
        return self.state


@pytest.fixture
def system() -> SystemCapsLock:
    return SystemCapsLock()


@pytest.fixture
def window(qtbot: Any, system: SystemCapsLock) -> UnlockWindow:
    """The unlock screen shown, its passphrase field focused, as at start."""
    window = UnlockWindow(caps_lock=system)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.reset()
    qtbot.waitUntil(window.passphrase.hasFocus)
    return window


# ---------------------------------------------------------------------------------- Caps Lock
def test_a_letter_typed_uppercase_without_shift_warns_of_caps_lock(
    qtbot: Any, window: UnlockWindow
) -> None:
    # Given a system that cannot say whether Caps Lock is on
    warning = window.caps_warning
    assert not warning.isVisible()
    # When the educator types a lowercase letter, then a digit
    qtbot.keyClick(window.passphrase, "a")
    qtbot.keyClick(window.passphrase, "7")
    assert not warning.isVisible()
    # When a letter arrives uppercase without Shift
    qtbot.keyClick(window.passphrase, "A")
    # Then the warning is under the field, and says so
    assert warning.isVisible()
    assert warning.text() == "Caps Lock is on"
    # And a digit or a space say nothing new
    qtbot.keyClick(window.passphrase, "3")
    qtbot.keyClick(window.passphrase, " ")
    assert warning.isVisible()
    # When a letter arrives lowercase with Shift held: still Caps Lock
    qtbot.keyClick(window.passphrase, "b", SHIFT)
    assert warning.isVisible()
    # When Shift gives an uppercase letter: Caps Lock is off
    qtbot.keyClick(window.passphrase, "C", SHIFT)
    assert not warning.isVisible()
    assert window.passphrase.text() == "a7A3 bC"


def test_the_caps_lock_key_turns_the_warning_on_and_off(qtbot: Any, window: UnlockWindow) -> None:
    qtbot.keyClick(window.passphrase, "A")
    assert window.caps_warning.isVisible()
    qtbot.keyClick(window.passphrase, Qt.Key.Key_CapsLock)
    assert not window.caps_warning.isVisible()
    qtbot.keyClick(window.passphrase, Qt.Key.Key_CapsLock)
    assert window.caps_warning.isVisible()


def test_the_warning_shows_only_while_the_field_has_focus(
    qtbot: Any, window: UnlockWindow, system: SystemCapsLock
) -> None:
    # Given Caps Lock on, as the system says
    system.state = True
    window.passphrase.clearFocus()
    window.passphrase.setFocus()
    qtbot.waitUntil(window.caps_warning.isVisible)
    # When the focus moves to the About link
    window.about_button.setFocus()
    # Then the warning goes
    qtbot.waitUntil(lambda: not window.caps_warning.isVisible())
    # And comes back with the focus, as long as Caps Lock is on
    window.passphrase.setFocus()
    qtbot.waitUntil(window.caps_warning.isVisible)
    system.state = False
    window.about_button.setFocus()
    window.passphrase.setFocus()
    qtbot.waitUntil(window.passphrase.hasFocus)
    assert not window.caps_warning.isVisible()


def test_what_the_system_says_wins_over_the_letters(
    qtbot: Any, window: UnlockWindow, system: SystemCapsLock
) -> None:
    # Given a system that knows Caps Lock is off (an AltGr or input method may give capitals)
    system.state = False
    qtbot.keyClick(window.passphrase, "A")
    assert not window.caps_warning.isVisible()
    # When it turns on: the first key says so, whatever it is
    system.state = True
    qtbot.keyClick(window.passphrase, Qt.Key.Key_CapsLock)
    assert window.caps_warning.isVisible()


def test_a_lock_forgets_the_caps_lock_seen_before(qtbot: Any, window: UnlockWindow) -> None:
    qtbot.keyClick(window.passphrase, "A")
    assert window.caps_warning.isVisible()
    window.reset()
    assert window.passphrase.hasFocus()
    assert not window.caps_warning.isVisible()


# ---------------------------------------------------------------------------------- the eye
def test_the_eye_shows_the_passphrase_and_a_lock_hides_it_again(
    qtbot: Any, window: UnlockWindow
) -> None:
    # Given a passphrase typed, hidden, with the eye at the end of the field
    qtbot.keyClicks(window.passphrase, "nebbia sulla valle")
    button = window.reveal_button
    assert button is not None
    assert window.passphrase.echoMode() == QLineEdit.EchoMode.Password
    assert button.isVisible()
    assert button.accessibleName() == "Show the passphrase"
    assert button.toolTip() == "Show the passphrase"
    # When the educator clicks it
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    # Then the passphrase is readable, and the eye now offers to hide it
    assert window.passphrase.echoMode() == QLineEdit.EchoMode.Normal
    assert window.reveal_action.isChecked()
    assert button.accessibleName() == "Hide the passphrase"
    assert button.toolTip() == "Hide the passphrase"
    # When the application is locked and the screen shown again
    window.hide()
    window.show()
    window.reset()
    # Then the field is empty and hidden again
    assert window.passphrase.text() == ""
    assert window.passphrase.echoMode() == QLineEdit.EchoMode.Password
    assert not window.reveal_action.isChecked()
    assert button.accessibleName() == "Show the passphrase"
    # And a second click hides what the first showed
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert window.passphrase.echoMode() == QLineEdit.EchoMode.Password


# ---------------------------------------------------------------------------------- why locked
@pytest.mark.parametrize(
    ("reason", "text"),
    [
        (LockReason.IDLE, "Locked after inactivity at 14:32"),
        (LockReason.SLEEP, "Locked when the computer went to sleep at 14:32"),
        (LockReason.SESSION, "Locked when the session was locked at 14:32"),
        (LockReason.USER, "Locked at 14:32"),
    ],
)
def test_the_screen_says_why_and_when_it_locked(
    window: UnlockWindow, reason: LockReason, text: str
) -> None:
    assert not window.lock_reason.isVisible()  # at start, nothing
    window.show_locked(reason, AT_14_32)
    assert window.lock_reason.isVisible()
    assert window.lock_reason.text() == text
    window.show_wrong_passphrase(0)  # a wrong passphrase does not hide why it locked
    assert window.lock_reason.text() == text
    window.reset()
    assert not window.lock_reason.isVisible()


# ---------------------------------------------------------------------------------- in Italian
@pytest.fixture
def italian(qapp: QApplication) -> Iterator[None]:
    before = QLocale()
    installed = i18n.install(qapp, "it")
    yield
    for translator in installed:
        qapp.removeTranslator(translator)
    QLocale.setDefault(before)
    labels.reset()


def test_in_italian(qtbot: Any, italian: None) -> None:
    window = UnlockWindow(caps_lock=SystemCapsLock(True))
    qtbot.addWidget(window)
    assert window.caps_warning.text() == "Bloc Maiusc attivo"
    assert window.reveal_button is not None
    assert window.reveal_button.accessibleName() == "Mostra la passphrase"
    assert window.reveal_button.toolTip() == "Mostra la passphrase"
    window.reveal_action.setChecked(True)
    assert window.reveal_button.toolTip() == "Nascondi la passphrase"
    said = {}
    for reason in LockReason:
        window.show_locked(reason, AT_14_32)
        said[reason] = window.lock_reason.text()
    assert said == {
        LockReason.IDLE: "Bloccato per inattività alle 14:32",
        LockReason.SLEEP: "Bloccato alla sospensione del computer alle 14:32",
        LockReason.SESSION: "Bloccato al blocco della sessione alle 14:32",
        LockReason.USER: "Bloccato alle 14:32",
    }
