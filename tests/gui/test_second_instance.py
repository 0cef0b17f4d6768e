"""One application per profile (ui/app.py): the profile's lock is taken before any window opens,
a second window on the same profile is refused with one Italian message and exit code 1, and at
the first start the locked, still empty folder is where the wizard creates or restores."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from PySide6.QtCore import QTimer, QTranslator
from PySide6.QtWidgets import QApplication, QMessageBox

from faults import hold_lock_in_another_process
from minorifamiglie.domain.enums import Role
from minorifamiglie.domain.errors import DomainError
from minorifamiglie.services import backup, profiles
from minorifamiglie.ui import i18n
from minorifamiglie.ui.app import hold_profile, run
from private_modes import is_private_dir
from support.profiles import FAST_KDF, PASSPHRASE

# The values of tests/gui/conftest.py, which a test module cannot import.


@pytest.fixture
def other_window(gui_profile: Path) -> Iterator[subprocess.Popen[str]]:
    """The application already open on the profile, in another process."""
    child = hold_lock_in_another_process(gui_profile / ".lock")
    try:
        yield child
    finally:
        child.kill()
        child.wait()


def close_next_message_box(seen: list[str]) -> None:
    """Read and close the modal box as soon as it opens (its own event loop runs the timer)."""

    def close() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(0, close)
            return
        seen.append(box.text())
        box.close()

    QTimer.singleShot(0, close)


def digests(root: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in root.iterdir()}


def test_a_second_window_on_the_same_profile_is_refused_and_changes_nothing(
    qtbot: object,
    gui_profile: Path,
    other_window: subprocess.Popen[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Given the application already open on the profile in another process
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # run() installs its own
    installed: list[QTranslator] = []

    def install(app: QApplication, language: str = "it") -> list[QTranslator]:
        installed.extend(real_install(app, language))
        return installed

    real_install = i18n.install
    monkeypatch.setattr(i18n, "install", install)
    before = digests(gui_profile)
    seen: list[str] = []
    close_next_message_box(seen)
    # When it is started again on the same profile
    try:
        code = run(gui_profile, language="it")
    finally:
        for translator in installed:  # the next tests read the English source strings
            QApplication.removeTranslator(translator)
    # Then one message says so in Italian, nothing else opened, and nothing was touched
    assert code == 1
    assert seen == [
        "Minori e Famiglie è già aperto su questo profilo in un'altra finestra. "
        "Usare quella finestra, oppure chiuderla e riaprire l'applicazione."
    ]
    assert [w for w in QApplication.topLevelWidgets() if w.isVisible()] == []
    assert digests(gui_profile) == before


def test_once_the_other_window_is_gone_the_profile_can_be_held_again(
    qtbot: object, gui_profile: Path, other_window: subprocess.Popen[str]
) -> None:
    other_window.kill()
    other_window.wait()
    held = hold_profile(gui_profile)
    assert held is not None and held.held
    held.close()


def test_at_the_first_start_the_folder_is_locked_empty_and_still_takes_a_new_profile(
    qtbot: object, tmp_path: Path
) -> None:
    # Given the first start on a laptop: no profile folder yet
    root = tmp_path / "minorifamiglie" / "profilo"
    # When the application takes the lock before showing the wizard
    held = hold_profile(root)
    assert held is not None
    try:
        # Then the folder is private and holds only the empty lock file
        assert is_private_dir(root)
        assert [p.name for p in root.iterdir()] == [".lock"]
        # And a second window is refused while this one waits in the wizard
        seen: list[str] = []
        close_next_message_box(seen)
        assert hold_profile(root) is None
        assert len(seen) == 1
        # And a restore that fails (a file that is not a backup) leaves the lock in place
        bogus = tmp_path / "non-un-backup.mfbk"
        bogus.write_bytes(b"nulla di utile")
        with pytest.raises(DomainError):
            backup.restore(bogus, root, PASSPHRASE)
        assert [p.name for p in root.iterdir()] == [".lock"]
        # And the wizard's new profile is created in the locked folder
        profiles.init_profile(root, PASSPHRASE, "Giulia Bianchi", Role.EDUCATOR, kdf=FAST_KDF)
        opened = profiles.unlock(root, PASSPHRASE)
        opened.close()
        assert (root / ".lock").read_bytes() == b""
    finally:
        held.close()
