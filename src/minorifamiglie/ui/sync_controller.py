"""When to synchronise: the shared folder watched every few seconds, a sync in the background when
it comes back (and at unlock, and every N minutes while it is there), never two at once.

The folder is checked on a file task (a short-lived thread of its own, ui/tasks.py), never on
the Qt thread nor on the database worker: a network share that went away can hang `is_dir()` for
a long time, and neither the screen nor the database should wait for it. At most one check is in
flight."""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal

from minorifamiglie.domain.changes import Changes
from minorifamiglie.services import syncing
from minorifamiglie.ui.common import error_text
from minorifamiglie.ui.operations import QueryOperation, WriteOperation
from minorifamiglie.ui.settings import clamp_sync, load_preferences
from minorifamiglie.ui.tasks import file_tasks
from minorifamiglie.ui.workspace import Workspace

if TYPE_CHECKING:
    from minorifamiglie.services.syncing import SyncReport, SyncStatus
    from minorifamiglie.storage.profile import OpenProfile

PROBE_INTERVAL_MS = 10_000
MINUTE_MS = 60_000  # the unit of the sync interval setting


def _is_dir(share: str) -> bool:
    try:
        return Path(share).is_dir()
    except OSError:
        return False


class SyncController(QObject):
    """Owned by the main window; `start()` after unlock, `stop()` before lock.

    `status` is the last `syncing.SyncStatus` read (None while locked), `reachable` whether the
    configured shared folder answered the last check (None: not checked yet, or no folder),
    `running` whether a sync is under way, `last_error` the message of the last failed sync."""

    statusChanged = Signal(object)  # SyncStatus
    reachabilityChanged = Signal(object)  # bool | None
    syncStarted = Signal()
    syncFinished = Signal(object)  # SyncReport
    syncFailed = Signal(str)  # what the user reads

    def __init__(
        self,
        workspace: Workspace,
        parent: QObject | None = None,
        *,
        interval_minutes: int | None = None,
        probe_ms: int = PROBE_INTERVAL_MS,
    ) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.status: SyncStatus | None = None
        self.reachable: bool | None = None
        self.running = False
        self.last_error: str | None = None
        # Forgotten at stop: what comes back of a session after it is dropped (a sync runs on).
        self._status_query = QueryOperation(self, workspace)
        self._probe = QueryOperation(self)
        self._sync = WriteOperation(self, workspace)
        self._active = False
        self._probing = False
        self._status_loading = False
        self._status_again = False
        self.probe_timer = QTimer(self)
        self.probe_timer.setInterval(probe_ms)
        self.probe_timer.timeout.connect(self.probe)
        self.auto_timer = QTimer(self)
        self.auto_timer.timeout.connect(self._periodic)
        if interval_minutes is None:
            interval_minutes = load_preferences().sync_minutes
        self.set_interval_minutes(interval_minutes)
        workspace.changesApplied.connect(self._changes_applied)

    # ------------------------------------------------------------------ life cycle
    def start(self) -> None:
        self._forget_session()
        self._active = True
        self.reachable = None
        self.last_error = None
        self.running = False
        self.refresh_status()
        self.probe_timer.start()
        self.auto_timer.start()

    def stop(self) -> None:
        self._forget_session()
        self._active = False
        self.probe_timer.stop()
        self.auto_timer.stop()
        self.status = None
        self.reachable = None
        self.running = False
        self._probing = False
        self._status_loading = False
        self._status_again = False

    def _forget_session(self) -> None:
        self._status_query.cancel()
        self._probe.cancel()
        self._sync.forget()

    def set_interval_minutes(self, minutes: int) -> None:
        """Sync every this many minutes while the folder is reachable (counted from the last)."""
        active = self.auto_timer.isActive()
        self.auto_timer.setInterval(clamp_sync(minutes) * MINUTE_MS)
        if active:
            self.auto_timer.start()

    @property
    def in_team(self) -> bool:
        return self.status is not None and self.status.in_team

    # ------------------------------------------------------------------ status
    def refresh_status(self) -> None:
        """Read pending changes, last sync and open conflicts again (on the worker)."""
        if not self._active or not self.workspace.unlocked:
            return
        if self._status_loading:
            self._status_again = True
            return
        self._status_loading = True
        self._status_query.run(syncing.status, self._status_loaded, self._status_failed)

    def _status_loaded(self, status: SyncStatus) -> None:
        self._status_loading = False
        before = self.status.share if self.status is not None else None
        self.status = status
        if status.share != before:
            self.reachable = None
            self.reachabilityChanged.emit(None)
        self.statusChanged.emit(status)
        if status.share != before:
            self.probe()
        if self._status_again:
            self._status_again = False
            self.refresh_status()

    def _status_failed(self, _error: BaseException) -> None:
        self._status_loading = False
        self._status_again = False

    def _changes_applied(self, _changes: Changes) -> None:
        self.refresh_status()

    # ------------------------------------------------------------------ the folder
    def probe(self) -> None:
        """Check the folder now, on a file task (skipped while a check is pending)."""
        status = self.status
        if not self._active or status is None or not status.in_team or not status.share:
            return
        if self._probing:
            return
        self._probing = True
        share = status.share
        on_probed = partial(self._on_probed, share)
        self._probe.run_on(file_tasks(), lambda: _is_dir(share), on_probed, self._probe_failed)

    def _probe_failed(self, _error: BaseException) -> None:
        self._probing = False

    def _on_probed(self, share: str, reachable: bool) -> None:
        self._probing = False
        if self.status is None or share != self.status.share:
            self.probe()  # the folder changed meanwhile: check the new one
            return
        before = self.reachable
        self.reachable = reachable
        if before != reachable:
            self.reachabilityChanged.emit(reachable)
        if reachable and before is not True:
            self.sync_now()  # connectivity is back (or the application was just unlocked)

    def _periodic(self) -> None:
        if self.reachable:
            self.sync_now()

    # ------------------------------------------------------------------ syncing
    def sync_now(self) -> bool:
        """Start a sync in the background; False when one is already running or locked."""
        if not self._active or self.running or not self.workspace.unlocked:
            return False
        self.running = True
        self.syncStarted.emit()

        def job(opened: OpenProfile) -> SyncReport:
            return syncing.sync(opened)

        self._sync.run(job, self._synced, self._sync_failed)
        return True

    def _synced(self, report: SyncReport) -> None:
        self.running = False
        self.last_error = None
        if self.auto_timer.isActive():
            self.auto_timer.start()  # the next automatic sync counts from this one
        self.syncFinished.emit(report)

    def _sync_failed(self, error: BaseException) -> None:
        self.running = False
        self.last_error = error_text(error)
        self.syncFailed.emit(self.last_error)
        # A TeamError is refused before anything is read or written; otherwise what was
        # applied before the error stays applied: storage reported it, and the workspace
        # announces it right after this callback (the pages reload it).
        self.refresh_status()
