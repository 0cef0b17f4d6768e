"""The scheduled backup: while unlocked, every so often (and at unlock) ask the worker whether a
backup is due and, if so, write it to the chosen folder (for example the USB stick).

The backup itself runs on the database worker like any other task (services/backup.py); the
screen only hears how it went, through `backupFinished` and `backupFailed`."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal

from minorifamiglie.services import backup
from minorifamiglie.ui.common import error_text
from minorifamiglie.ui.operations import WriteOperation
from minorifamiglie.ui.settings import clamp_backup_days, load_preferences
from minorifamiglie.ui.workspace import Workspace

if TYPE_CHECKING:
    from minorifamiglie.services.backup import BackupInfo
    from minorifamiglie.storage.profile import OpenProfile

CHECK_INTERVAL_MS = 30 * 60_000  # a due backup waits at most half an hour


class BackupController(QObject):
    """Owned by the main window; `start()` after unlock, `stop()` before lock."""

    backupFinished = Signal(object)  # BackupInfo
    backupFailed = Signal(str)  # what the user reads

    def __init__(
        self,
        workspace: Workspace,
        parent: QObject | None = None,
        *,
        folder: str | None = None,
        every_days: int | None = None,
        check_ms: int = CHECK_INTERVAL_MS,
    ) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.running = False
        self.last_error: str | None = None
        self._backup = WriteOperation(self, workspace)  # forgotten at start and stop
        self._active = False
        if folder is None or every_days is None:
            preferences = load_preferences()
            folder = preferences.backup_folder if folder is None else folder
            every_days = preferences.backup_days if every_days is None else every_days
        self.folder = folder
        self.every_days = clamp_backup_days(every_days)
        self.timer = QTimer(self)
        self.timer.setInterval(check_ms)
        self.timer.timeout.connect(self.check)

    @property
    def enabled(self) -> bool:
        return bool(self.folder.strip()) and self.every_days > 0

    def start(self) -> None:
        self._backup.forget()
        self._active = True
        self.running = False
        self.timer.start()
        self.check()

    def stop(self) -> None:
        self._backup.forget()
        self._active = False
        self.running = False
        self.timer.stop()

    def set_schedule(self, folder: str, every_days: int) -> None:
        self.folder = folder
        self.every_days = clamp_backup_days(every_days)
        self.check()

    def check(self) -> bool:
        """Back up now if due (decided on the worker); False when off, locked or running."""
        if not self._active or self.running or not self.enabled or not self.workspace.unlocked:
            return False
        self.running = True
        folder, days = Path(self.folder.strip()), self.every_days

        def job(opened: OpenProfile) -> BackupInfo | None:
            return backup.scheduled_backup(opened, folder, days)

        self._backup.run(job, self._done, self._failed)
        return True

    def _done(self, info: BackupInfo | None) -> None:
        self.running = False
        if info is not None:
            self.last_error = None
            self.backupFinished.emit(info)

    def _failed(self, error: BaseException) -> None:
        self.running = False
        self.last_error = error_text(error)
        self.backupFailed.emit(self.last_error)
