"""The application: first run or unlock, then the main window; locking (Ctrl+L, idle timeout,
the system going to sleep or locking the session).

Start-up stays light: only Qt and the unlock screen are imported before the passphrase is typed;
the database layers are imported on the worker thread during unlock."""

from __future__ import annotations

import datetime as dt
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from minorifamiglie.ui.common import filled
from minorifamiglie.ui.qt_gc import QtThreadCollector
from minorifamiglie.ui.settings import (
    DEFAULT_IDLE_MINUTES,
    Preferences,
    clamp_idle,
    load_preferences,
    startup_language,
)
from minorifamiglie.ui.settings_file import APPLICATION, ORGANIZATION
from minorifamiglie.ui.tasks import TaskRunner
from minorifamiglie.ui.unlock import LockReason, UnlockWindow
from minorifamiglie.ui.workspace import Workspace, warm_up

if TYPE_CHECKING:
    from minorifamiglie.portable import FileLock
    from minorifamiglie.storage.keyfile import KdfParams
    from minorifamiglie.ui.system_lock import SystemLockWatcher

__all__ = ["DEFAULT_IDLE_MINUTES", "AppController", "run"]
WARM_UP_DELAY_MS = 300
MINUTE_MS = 60_000  # the unit of the idle setting
USER_EVENTS = {
    QEvent.Type.KeyPress,
    QEvent.Type.MouseButtonPress,
    QEvent.Type.Wheel,
    QEvent.Type.MouseMove,
}


class AppController(QObject):
    """Owns the worker, the workspace and the top-level windows; no globals elsewhere."""

    def __init__(
        self,
        root: Path,
        idle_minutes: int | None = None,
        parent: QObject | None = None,
        kdf: KdfParams | None = None,
        clock: Callable[[], float] = time.monotonic,
        now: Callable[[], dt.datetime] = dt.datetime.now,
        system_lock: SystemLockWatcher | None = None,
    ) -> None:
        """`idle_minutes` None: the minutes chosen in the settings (5 by default). `kdf` is
        for tests only: None creates a new profile with the real Argon2id parameters. `clock`
        (seconds) decides whether the idle time has passed; tests move a fake one by hand.
        `now` is the local time the unlock screen says a lock happened at. `system_lock` says
        when the system sleeps or locks the session; None: the platform's, made at the first
        unlock (D-Bus is not needed before)."""
        super().__init__(parent)
        self.root = root
        self.kdf = kdf
        self.clock = clock
        self.now = now
        self.last_activity = clock()
        self.idle_ms = 0
        self._shut_down = False
        self._open = False  # the main window is up on an unlocked profile
        self._unlocking = False
        # A lock asked for while the passphrase was being checked, and when.
        self._lock_pending: tuple[LockReason, dt.datetime] | None = None
        self.system_lock = system_lock
        self._shown_once = False  # the main window has been shown after an unlock
        if system_lock is not None:
            system_lock.lockRequested.connect(self.lock)
        self.runner = TaskRunner(self)
        self.workspace = Workspace(root, self.runner)
        self.unlock_window = UnlockWindow()
        self.unlock_window.unlockRequested.connect(self._unlock)
        self.unlock_window.aboutRequested.connect(self.open_about)
        self.wizard: QWidget | None = None
        self.main_window: Any = None
        self.upgrade_notice: QMessageBox | None = None  # shown after an unlock that upgraded
        self.restored_waiting = 0  # edits waiting for their record in a backup just restored
        self.waiting_notice: QMessageBox | None = None  # says so after the unlock
        self.idle = QTimer(self)
        self.idle.setSingleShot(True)
        self.idle.timeout.connect(self.check_idle)
        if idle_minutes is None:
            idle_minutes = load_preferences().idle_minutes
        self.set_idle_minutes(idle_minutes)

    # ------------------------------------------------------------------ start
    def start(self) -> None:
        # While the passphrase is typed, the worker imports the database layers and the pages,
        # so that the unlock itself only pays for the KDF. Started after the first paint.
        QTimer.singleShot(WARM_UP_DELAY_MS, self, self._warm_up)
        if (self.root / "profile.json").exists():
            self.unlock_window.show()
            self.unlock_window.reset()
        else:
            from minorifamiglie.ui.first_run import FirstRunWizard

            wizard = FirstRunWizard()
            wizard.profileRequested.connect(self._create_profile)
            wizard.restoreRequested.connect(self._restore_backup)
            self.wizard = wizard
            wizard.show()

    def _warm_up(self) -> None:
        if not self._shut_down:
            self.runner.run(warm_up, self._warmed_up)

    def _warmed_up(self, _result: object) -> None:
        """The imports are done and the passphrase is still being typed: the first main window
        is built now, hidden and empty, a page per turn of the event loop (the longest pause
        of the unlock screen is one page's; keys typed meanwhile wait, none is lost), then
        painted once off screen. Built while the key was derived instead, it competed for the
        two cores with the KDF's two lanes, and both took longer."""
        if self.main_window is None and not self._unlocking and self.unlock_window.isVisible():
            QTimer.singleShot(0, self, self._start_main_window)

    def _preparing(self) -> bool:
        """Whether the main window is still being prepared in the background: begun, and
        neither unlocking nor ever shown."""
        return (
            self.main_window is not None
            and not self._unlocking
            and not self._shown_once
            and not self._shut_down
        )

    def _start_main_window(self) -> None:
        if self.main_window is not None or self._unlocking or self._shut_down:
            return
        self._build_main_window(pages_later=True)
        QTimer.singleShot(0, self, self._next_page)

    def _next_page(self) -> None:
        if not self._preparing():
            return  # unlocking: `_unlock` builds the rest at once
        assert self.main_window is not None
        if self.main_window.build_next_page():
            QTimer.singleShot(0, self, self._next_page)
        else:
            QTimer.singleShot(0, self, self._paint_main_window_once)

    def _paint_main_window_once(self) -> None:
        """Lay it out and paint it once off screen (`grab`): its first show at unlock no longer
        pays for the style, the fonts and the layouts."""
        if self._preparing():
            assert self.main_window is not None
            self.main_window.grab()

    def _create_profile(self, new: Any) -> None:
        kdf = self.kdf

        def job() -> None:
            from minorifamiglie.services import profiles

            profiles.init_profile(
                self.root, new.passphrase, new.operator, new.role, new.device_name, kdf
            )

        self.unlock_window.show()
        self.unlock_window.set_busy(True)
        self.runner.run(job, lambda _: self._unlock(new.passphrase), self._unlock_failed)

    def _restore_backup(self, request: Any) -> None:
        """A new laptop takes over from an old one: the backup file becomes the profile in
        `root` (checked in full, which takes a while on a big profile), then it is opened with
        the passphrase it was written with. On failure nothing is left in `root` and the
        wizard comes back with the reason."""
        root = self.root

        def job() -> int:
            from minorifamiglie.services import backup

            info = backup.restore(request.path, root, request.passphrase)
            return sum(info.waiting.values())

        self.unlock_window.show()
        self.unlock_window.show_restoring()
        self.runner.run(
            job, lambda waiting: self._restored(request.passphrase, waiting), self._restore_failed
        )

    def _restored(self, passphrase: str, waiting: int) -> None:
        self.unlock_window.end_restoring()
        self.restored_waiting = waiting  # said once the main window shows
        self._unlock(passphrase)

    def _restore_failed(self, error: BaseException) -> None:
        from minorifamiglie.ui.common import error_text
        from minorifamiglie.ui.first_run import FirstRunWizard

        window = self.unlock_window
        window.end_restoring()
        if isinstance(self.wizard, FirstRunWizard):
            self.wizard.show_restore_error(error_text(error))  # shown before the other hides
            window.hide()
        else:
            window.show_error(error_text(error))

    # ------------------------------------------------------------------ unlock / lock
    def open_about(self) -> QWidget:
        """Informazioni, from the unlock screen: the version is asked for before unlocking."""
        from minorifamiglie.ui.dialogs.about import AboutDialog

        dialog = AboutDialog(self.root, self.runner, self.unlock_window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def _unlock(self, passphrase: str) -> None:
        self.unlock_window.set_busy(True)
        self._unlocking = True
        self.workspace.unlock(passphrase, self._unlocked, self._unlock_failed)
        # Submitted before the main window was ready (`_warmed_up`): it is built, or its pages
        # finished, hidden and empty, while the key is derived (the derivation leaves Python's
        # lock free), after the busy state is painted: after the key only its data is left to
        # read. Measured on 2,000 cases: building it beside the reads of Oggi took 280 ms of
        # the 530 after the key.
        QTimer.singleShot(0, self, self._build_main_window)

    def _build_main_window(self, pages_later: bool = False) -> None:
        """The main window, with all its pages unless `pages_later`; a window already begun
        gets the pages it still lacks."""
        from minorifamiglie.ui.main_window import MainWindow

        if self._shut_down:
            return
        if self.main_window is not None:
            if not pages_later:
                self.main_window.finish_pages()
            return
        window = MainWindow(self.workspace, None, pages_later=pages_later)
        window.lockRequested.connect(self.lock)
        window.preferencesChanged.connect(self.apply_preferences)
        self.main_window = window

    def _unlock_failed(self, error: BaseException) -> None:
        self._unlocking = False
        self._lock_pending = None
        from minorifamiglie.domain.errors import (
            DomainError,
            UncountedWrongPassphraseError,
            WrongPassphraseError,
        )

        if isinstance(error, UncountedWrongPassphraseError):
            # Not recorded (a full disk, another writer): no wait to count down, and the
            # reason said as the storage gives it, in Italian.
            self.unlock_window.show_wrong_passphrase(0)
            self.unlock_window.show_error(str(error))
        elif isinstance(error, WrongPassphraseError):

            def wait() -> float:
                from minorifamiglie.storage.keyfile import read_keyfile, remaining_wait

                return remaining_wait(read_keyfile(self.root / "profile.json"))

            self.runner.run(wait, self.unlock_window.show_wrong_passphrase)
        elif isinstance(error, DomainError):
            self.unlock_window.show_error(str(error))
        else:
            self.unlock_window.show_error(
                self.tr("The profile could not be opened (%1).").replace("%1", type(error).__name__)
            )

    def _unlocked(self, info: Any) -> None:
        self._unlocking = False
        pending, self._lock_pending = self._lock_pending, None
        if pending is not None:
            # The lid closed (the session locked) while the key was being derived: the profile
            # is closed again before anything of it is shown; its editors wait for next time.
            self.workspace.lock()
            self.unlock_window.reset()
            self.unlock_window.show_locked(*pending)
            return
        first = not self._shown_once
        self._shown_once = True
        self._build_main_window()  # unless it was built while the key was derived
        assert self.main_window is not None
        self.main_window.set_profile_info(info)
        self.unlock_window.hide()
        self.unlock_window.reset()  # the passphrase typed is not kept in the hidden field
        self.main_window.show()
        self._open = True
        self.main_window.after_unlock()
        if first:
            self._watch_system(self.main_window)
        if getattr(info, "upgrade", None) is not None:
            self._tell_upgraded(info.upgrade)
        if self.restored_waiting:
            self._tell_waiting(self.restored_waiting)
            self.restored_waiting = 0
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)
        self.last_activity = self.clock()
        self.idle.start(self.idle_ms)

    def _watch_system(self, window: QWidget) -> None:
        """From the first unlock on, the system's sleep and session lock lock the profile."""
        if self.system_lock is None:
            from minorifamiglie.ui.system_lock import SystemLockWatcher

            self.system_lock = SystemLockWatcher(self)
            self.system_lock.lockRequested.connect(self.lock)
        self.system_lock.start()
        self.system_lock.watch_window(window)

    def _tell_upgraded(self, upgrade: Any) -> None:
        """This version migrated an older profile at this unlock: say so, and where the copy
        written before it is (docs/upgrades.md). Not modal: the work can start at once."""
        text = filled(
            self.tr(
                "This version of Minori e Famiglie has upgraded your profile (schema %1, it "
                "was %2). Before the upgrade it saved a copy of the whole profile in:\n\n%3\n\n"
                "The copy opens with the same passphrase (Restore from a backup…)."
            ),
            upgrade.to_revision,
            upgrade.from_revision or "—",
            str(upgrade.backup) if upgrade.backup else "—",
        )
        box = QMessageBox(
            QMessageBox.Icon.Information,
            self.tr("Profile upgraded"),
            text,
            QMessageBox.StandardButton.Ok,
            self.main_window,
        )
        box.setObjectName("upgradeNotice")
        box.setTextFormat(Qt.TextFormat.PlainText)  # a path
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
        self.upgrade_notice = box

    def _tell_waiting(self, waiting: int) -> None:
        """The backup just restored holds edits received before the record they edit (a
        causal gap, not damage): say they wait, and for what. Not modal."""
        box = QMessageBox(
            QMessageBox.Icon.Information,
            self.tr("Backup restored"),
            self.tr(
                "%n changes are waiting for their record: they will arrive with the next "
                "synchronisation.",
                "",
                waiting,
            ),
            QMessageBox.StandardButton.Ok,
            self.main_window,
        )
        box.setObjectName("restoreWaitingNotice")
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
        self.waiting_notice = box

    def lock(self, reason: LockReason = LockReason.USER) -> None:
        """Save drafts, close the database and drop the key; forms come back after unlock.
        The same path for every `reason` (Ctrl+L, idle, sleep, session locked), which the
        unlock screen shows with the time. Once: a second request while locked does nothing."""
        if not self._open or not self.workspace.unlocked or self.main_window is None:
            if self._unlocking and self._lock_pending is None:
                self._lock_pending = (reason, self.now())
            return
        self._open = False
        self.idle.stop()
        self.main_window.before_lock()
        self.main_window.hide()
        self.workspace.lock()
        self.unlock_window.show()
        self.unlock_window.reset()
        self.unlock_window.show_locked(reason, self.now())

    # ------------------------------------------------------------------ idle
    def set_idle_minutes(self, minutes: int) -> None:
        """Lock after this many minutes without a key press, click or mouse move (1 to 120)."""
        active = self.idle.isActive()
        self.idle_ms = clamp_idle(minutes) * MINUTE_MS
        self.idle.setInterval(self.idle_ms)
        if active:
            self.idle.start()

    def check_idle(self) -> None:
        """The idle timer went off: the clock, not the timer, says whether to lock. A timer that
        fires late (a loaded machine) locks late, never early; activity since it was started
        only moves it to what remains of the idle time after the last key press or click."""
        if not self._open or not self.workspace.unlocked or self.main_window is None:
            return
        remaining_ms = self.idle_ms - int((self.clock() - self.last_activity) * 1000)
        if remaining_ms <= 0:
            self.lock(LockReason.IDLE)
        else:
            self.idle.start(remaining_ms)

    def apply_preferences(self, preferences: Preferences) -> None:
        """Saved in the settings dialog: the idle time applies now, the language at next start."""
        self.set_idle_minutes(preferences.idle_minutes)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Only noted here: restarting the timer at every mouse move costs more than a clock read.
        if event.type() in USER_EVENTS:
            self.last_activity = self.clock()
        return False

    def shutdown(self) -> None:
        self._shut_down = True
        self.idle.stop()
        if self.system_lock is not None:
            self.system_lock.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        if self.main_window is not None and self._open:
            self.main_window.before_lock()
        self.workspace.lock()
        self.runner.wait_idle()
        self.runner.shutdown()


def quiet_excepthook(exc_type: type[BaseException], exc: BaseException, tb: Any) -> None:
    """An unexpected error in a slot is reported by type and code location only: the message
    of a database error can quote row values, which must never reach a terminal or a log."""
    import traceback

    frames = "".join(
        f"  {frame.filename}:{frame.lineno} in {frame.name}\n" for frame in traceback.extract_tb(tb)
    )
    sys.stderr.write(f"minorifamiglie: errore imprevisto ({exc_type.__name__})\n{frames}")


def run(
    root: Path,
    language: str | None = None,
    argv: list[str] | None = None,
    demo_hint: str | None = None,
) -> int:
    """Open the application on the profile in `root`; `demo_hint` is the passphrase of a demo
    profile, shown on the unlock screen (synthetic data only). `language` None: the one chosen
    in the settings (Italian unless changed)."""
    from minorifamiglie.ui import i18n

    sys.excepthook = quiet_excepthook
    app = QApplication.instance() or QApplication(argv or sys.argv)
    assert isinstance(app, QApplication)
    set_identity(app)
    i18n.install(app, startup_language(language))
    profile_lock = hold_profile(root)
    if profile_lock is None:
        return 1
    # Cycles are collected on this thread only, never on the database worker (ui/qt_gc.py).
    collector = QtThreadCollector(app)
    collector.start()
    try:
        controller = AppController(root)
        if demo_hint:
            controller.unlock_window.show_demo_hint(demo_hint)
        app.aboutToQuit.connect(controller.shutdown)
        controller.start()
        return app.exec()
    finally:
        collector.stop()
        profile_lock.close()


def set_identity(app: QApplication) -> None:
    """The name the settings are stored under, and the icon of every window (the taskbar's,
    on Linux and Windows alike)."""
    from importlib import resources

    from PySide6.QtGui import QIcon

    app.setApplicationName(APPLICATION)
    app.setOrganizationName(ORGANIZATION)
    icons = resources.files("minorifamiglie.resources") / "icons"
    icon = QIcon()
    for size in (16, 32, 48, 64, 128, 256):
        icon.addFile(str(icons / f"minorifamiglie-{size}.png"))
    app.setWindowIcon(icon)


def hold_profile(root: Path) -> FileLock | None:
    """The profile's lock, taken before any window opens and kept while the application
    runs: a second window on the same profile is refused with one message, and None."""
    from minorifamiglie import portable
    from minorifamiglie.config import ProfilePaths

    try:
        # The first start creates the folder now (private): the wizard fills it later.
        portable.make_private_dir(root)
        return portable.lock(ProfilePaths(root).lock)
    except portable.ProfileLockedError:
        QMessageBox.warning(
            None,
            QCoreApplication.translate("AppController", "Minori e Famiglie"),
            QCoreApplication.translate(
                "AppController",
                "Minori e Famiglie is already open on this profile in another window. "
                "Use that window, or close it and start again.",
            ),
        )
        return None
