"""A wrong passphrase on a full disk: the attempt cannot be counted in profile.json, and the
unlock screen says so in Italian (not a countdown), leaving profile.json as it was."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import shiboken6

from PySide6.QtCore import QLocale, Qt

from faults import fill_the_disk
from minorifamiglie.domain.enums import Role
from minorifamiglie.ui import i18n, labels
from minorifamiglie.ui.app import AppController
from support.profiles import FAST_KDF, ProfileCopies

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def test_a_wrong_passphrase_on_a_full_disk_says_the_disk_is_full(
    qtbot: Any,
    qapp: Any,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    profile_copy: ProfileCopies,
) -> None:
    # Given a profile on a disk that has just filled up, and the application in Italian
    root = tmp_path / "profilo"
    profile_copy(root, "Giulia Bianchi", Role.EDUCATOR, "pc")
    before = (root / "profile.json").read_bytes()
    fill_the_disk(monkeypatch)
    locale = QLocale()
    installed = i18n.install(qapp, "it")
    controller = AppController(root, kdf=FAST_KDF)
    controller.start()
    try:
        window = controller.unlock_window
        qtbot.waitUntil(window.passphrase.isEnabled, timeout=10_000)
        # When someone types a wrong passphrase
        qtbot.keyClicks(window.passphrase, "non e questa")
        qtbot.keyClick(window.passphrase, Qt.Key.Key_Return)
        # Then the screen says the attempt was not recorded because the disk is full, lets
        # them try again at once, and profile.json is untouched
        qtbot.waitUntil(lambda: "disco pieno" in window.error.text(), timeout=15_000)
        assert "Passphrase errata" in window.error.text()
        assert window.button.isEnabled() and window.passphrase.isEnabled()
        assert (root / "profile.json").read_bytes() == before
        assert not controller.workspace.unlocked
    finally:
        controller.shutdown()
        qtbot.waitUntil(lambda: not controller.runner.busy, timeout=15_000)
        for widget in (controller.unlock_window, controller.main_window):
            if widget is not None and shiboken6.isValid(widget):
                widget.hide()
                shiboken6.delete(widget)
        for translator in installed:
            qapp.removeTranslator(translator)
        QLocale.setDefault(locale)
        labels.reset()
