"""Upgrades in the application (docs/upgrades.md): unlocking an older golden profile opens the
main window and says, in Italian, that the profile was upgraded and where the copy written
before it is; a profile of a newer version stays on the unlock screen with the refusal."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
import shiboken6

from PySide6.QtCore import QLocale, Qt
from PySide6.QtWidgets import QMessageBox

from minorifamiglie.domain.enums import Role
from minorifamiglie.storage import migrate
from minorifamiglie.storage.database import raw_connection
from minorifamiglie.storage.keyfile import read_keyfile
from minorifamiglie.ui import i18n, labels
from minorifamiglie.ui.app import AppController
from support.profiles import FAST_KDF, PASSPHRASE, ProfileCopies

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

DATA = Path(__file__).resolve().parents[1] / "data"
GOLDEN_PASSPHRASE = "passphrase dorata di prova"  # tests/data/README.md


@pytest.fixture
def start(qtbot: Any, qapp: Any) -> Any:
    """An AppController on a folder, in Italian; shut down and its windows dropped at the end
    (and the language removed: the other GUI tests read the English source strings)."""
    before = QLocale()
    installed = i18n.install(qapp, "it")
    started: list[AppController] = []

    def run(root: Path) -> AppController:
        controller = AppController(root, kdf=FAST_KDF)
        started.append(controller)
        controller.start()
        return controller

    yield run
    for controller in started:
        controller.shutdown()
        qtbot.waitUntil(lambda c=controller: not c.runner.busy, timeout=15_000)
        for window in (controller.upgrade_notice, controller.unlock_window, controller.main_window):
            if window is not None and shiboken6.isValid(window):
                window.hide()
                shiboken6.delete(window)
    for translator in installed:
        qapp.removeTranslator(translator)
    QLocale.setDefault(before)
    labels.reset()


def unlock(qtbot: Any, controller: AppController, passphrase: str) -> None:
    window = controller.unlock_window
    qtbot.waitUntil(window.passphrase.isEnabled, timeout=10_000)
    qtbot.keyClicks(window.passphrase, passphrase)
    qtbot.keyClick(window.passphrase, Qt.Key.Key_Return)


def test_unlocking_an_older_profile_says_it_was_upgraded(
    qtbot: Any, tmp_path: Path, start: Any
) -> None:
    # Given the oldest golden profile on this laptop
    root = tmp_path / "profilo"
    shutil.copytree(DATA / "profile-0001", root)
    app = start(root)
    # When the educator unlocks it with today's version
    unlock(qtbot, app, GOLDEN_PASSPHRASE)
    qtbot.waitUntil(lambda: app.upgrade_notice is not None, timeout=15_000)
    # Then the main window is open and a notice says where the copy is
    assert app.main_window is not None and app.main_window.isVisible()
    notice = app.upgrade_notice
    assert isinstance(notice, QMessageBox) and notice.isVisible()
    [copy] = (root / "backup").iterdir()
    assert notice.windowTitle() == "Profilo aggiornato"
    assert f"schema {migrate.head_revision()}, prima era 0001" in notice.text()
    assert str(copy) in notice.text()
    assert "si apre con la stessa passphrase" in notice.text()


def test_a_newer_profile_stays_on_the_unlock_screen_with_the_reason(
    qtbot: Any, tmp_path: Path, start: Any, profile_copy: ProfileCopies
) -> None:
    # Given a profile a newer version has upgraded
    root = tmp_path / "profilo"
    profile_copy(root, "Giulia Bianchi", Role.EDUCATOR, "pc")
    key = read_keyfile(root / "profile.json").unwrap(PASSPHRASE)
    with raw_connection(root / "cartelle.db", key) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999_futura'")
    app = start(root)
    # When the educator types the right passphrase
    unlock(qtbot, app, PASSPHRASE)
    window = app.unlock_window
    qtbot.waitUntil(lambda: bool(window.error.text()), timeout=15_000)
    # Then the unlock screen stays, with the refusal, and no main window opens
    assert window.error.text().startswith(
        "Questo profilo è stato aggiornato da una versione più recente di Minori e Famiglie"
    )
    # (the main window may have been built, hidden and empty, while the key was derived)
    assert window.isVisible()
    assert app.main_window is None or not app.main_window.isVisible()
    assert window.passphrase.isEnabled()
