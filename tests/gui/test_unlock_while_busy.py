"""The application unlocks while another process writes to the profile (a command-line sync, a
long import): the main window opens without waiting for it, and the unlock's audit event,
deferred meanwhile, is in the log once the profile is locked again."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import shiboken6
from sqlalchemy import select

from PySide6.QtCore import Qt

from faults import DatabaseHolder
from minorifamiglie.config import ProfilePaths
from minorifamiglie.domain.enums import AuditAction, Role
from minorifamiglie.services import profiles
from minorifamiglie.storage import models as m
from minorifamiglie.ui.app import AppController
from support.profiles import FAST_KDF, PASSPHRASE, ProfileCopies

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def unlock_events(root: Path) -> int:
    opened = profiles.unlock(root, PASSPHRASE)
    try:
        with opened.read_session() as session:
            actions = session.execute(select(m.AuditEventRow.action)).scalars().all()
        return sum(1 for a in actions if AuditAction(a) is AuditAction.UNLOCK)
    finally:
        opened.close()


def test_the_main_window_opens_while_another_process_writes(
    qtbot: Any, tmp_path: Path, profile_copy: ProfileCopies
) -> None:
    # Given a profile another process is writing to
    root = tmp_path / "profilo"
    profile_copy(root, "Giulia Bianchi", Role.EDUCATOR, "pc")
    before = unlock_events(root)  # this look adds one unlock of its own
    opened = profiles.unlock(root, PASSPHRASE)
    key = opened.master_key()
    opened.close()
    holder = DatabaseHolder(ProfilePaths(root).database, key, "write")
    controller = AppController(root, kdf=FAST_KDF)
    controller.start()
    try:
        window = controller.unlock_window
        qtbot.waitUntil(window.passphrase.isEnabled, timeout=10_000)
        # When the educator unlocks
        qtbot.keyClicks(window.passphrase, PASSPHRASE)
        qtbot.keyClick(window.passphrase, Qt.Key.Key_Return)
        # Then the main window opens while the other process still holds the write lock
        qtbot.waitUntil(
            lambda: controller.main_window is not None and controller.main_window.isVisible(),
            timeout=15_000,
        )
        assert holder.child.poll() is None
        holder.release()
    finally:
        holder.stop()
        controller.shutdown()
        qtbot.waitUntil(lambda: not controller.runner.busy, timeout=15_000)
        for widget in (controller.unlock_window, controller.main_window):
            if widget is not None and shiboken6.isValid(widget):
                widget.hide()
                shiboken6.delete(widget)
    # And its unlock is in the audit log (beside the two of the set-up and the one of the look)
    assert unlock_events(root) == before + 3
