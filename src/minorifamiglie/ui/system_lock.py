"""Lock when the computer sleeps, the lid closes or the session locks: logind and the screen
savers over D-Bus on Linux, power and session messages on Windows.

On Linux the watcher holds a logind "delay" inhibitor for sleep: logind waits (at most its
InhibitDelayMaxSec, 5 s by default) until the lock has been drawn and the inhibitor's file
descriptor closed, then suspends; it is taken again at the wake-up. The session's lock is seen
three ways: logind's Lock signal, its LockedHint property turning true (set by the desktop's
locker), and the screen savers' ActiveChanged.

None of it is required: a missing bus, logind, screen saver or QtDBus binding (the Windows
build has none: it is imported only where D-Bus is used) is logged at debug level and nothing
else happens; the idle lock and Ctrl+L remain. The watcher only says that a lock is due and
why; the application locks through the same path as Ctrl+L."""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    SLOT,
    QAbstractNativeEventFilter,
    QByteArray,
    QCoreApplication,
    QObject,
    QTimer,
    Signal,
    Slot,
)
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

from minorifamiglie import portable
from minorifamiglie.ui.unlock import LockReason

if TYPE_CHECKING:
    from PySide6.QtDBus import QDBusConnection, QDBusError, QDBusMessage

LOG = logging.getLogger(__name__)

LOGIND = "org.freedesktop.login1"
LOGIND_PATH = "/org/freedesktop/login1"
LOGIND_MANAGER = "org.freedesktop.login1.Manager"
LOGIND_SESSION = "org.freedesktop.login1.Session"
PROPERTIES = "org.freedesktop.DBus.Properties"
# Inhibit(what, who, why, mode): `who` and `why` are what `systemd-inhibit --list` shows.
INHIBIT = (
    "sleep",
    "Minori e Famiglie",
    "Lock the open profile before the computer sleeps",
    "delay",
)
# ActiveChanged(true) when the screen locker comes up: KDE and others (freedesktop), GNOME,
# MATE, Cinnamon. From any sender and path: each desktop publishes it where it likes.
SCREEN_SAVERS = (
    "org.freedesktop.ScreenSaver",
    "org.gnome.ScreenSaver",
    "org.mate.ScreenSaver",
    "org.cinnamon.ScreenSaver",
)
SESSION_CALL_TIMEOUT_MS = 5_000
WINDOWS_MSG = b"windows_generic_MSG"


class SystemLockWatcher(QObject):
    """Emits `lockRequested(LockReason)` when the system goes to sleep (SLEEP) or the session
    or screen is locked (SESSION). `start()` subscribes; `watch_window()` names the main
    window on Windows, where session messages go to one registered window.

    The buses and the platform are injectable: tests use a private bus, or drive the handlers
    (`prepare_for_sleep`, `session_locked`, `screen_saver_changed`) and the native event filter
    directly with what the system would send."""

    lockRequested = Signal(object)  # LockReason

    def __init__(
        self,
        parent: QObject | None = None,
        *,
        system_bus: QDBusConnection | None = None,
        session_bus: QDBusConnection | None = None,
        platform: str = sys.platform,
    ) -> None:
        super().__init__(parent)
        self._platform = platform
        self._system_bus = system_bus
        self._session_bus = session_bus
        self._started = False
        self._subscriptions: list[tuple[QDBusConnection, tuple[str, ...]]] = []
        # The logind session whose Lock is watched: None until known, "" for every session.
        self.session_path: str | None = None
        self.native_filter: WindowsSessionFilter | None = None
        # logind's bus, once it is watched; the sleep inhibitor's descriptor while held, and
        # whether one has been asked for (the answer not yet in); whether the system is going
        # to sleep (between PrepareForSleep true and false: no inhibitor is taken then).
        self._logind: QDBusConnection | None = None
        self.inhibitor_fd: int | None = None
        self._inhibitor_asked = False
        self._sleeping = False

    # ------------------------------------------------------------------ start and stop
    def start(self) -> None:
        """Subscribe to what this platform offers; a second call does nothing."""
        if self._started:
            return
        self._started = True
        if self._platform == "win32":
            self.native_filter = WindowsSessionFilter(self.lockRequested.emit)
            app = QCoreApplication.instance()
            if app is not None:
                app.installNativeEventFilter(self.native_filter)
        elif self._platform != "darwin":
            try:
                from PySide6.QtDBus import QDBusConnection
            except ImportError:  # a build without the binding
                LOG.debug("no QtDBus: no lock at sleep nor at the session's lock")
                return
            self._watch_logind(self._system_bus or QDBusConnection.systemBus())
            self._watch_screen_savers(self._session_bus or QDBusConnection.sessionBus())

    def watch_window(self, window: QWidget) -> None:
        """Windows: session messages (WTS_SESSION_LOCK) go to this window, and the power
        messages of this window (sent to every top-level one) are the ones that count."""
        if self.native_filter is None:
            return
        hwnd = int(window.winId())
        self.native_filter.hwnd = hwnd
        if not portable.register_session_notification(hwnd):
            LOG.debug("session notifications not available: only sleep locks the profile")

    def stop(self) -> None:
        for bus, (service, path, interface, name, signature, slot) in self._subscriptions:
            bus.disconnect(service, path, interface, name, signature, self, _slot(slot))
        self._subscriptions.clear()
        self._release_inhibitor()
        self._logind = None
        self._sleeping = False
        native = self.native_filter
        if native is not None:
            app = QCoreApplication.instance()
            if app is not None:
                app.removeNativeEventFilter(native)
            if native.hwnd is not None:
                portable.unregister_session_notification(native.hwnd)
            self.native_filter = None
        self._started = False

    # ------------------------------------------------------------------ what the system says
    def prepare_for_sleep(self, starting: bool) -> None:
        """logind's PrepareForSleep: True before the sleep (the lid closed), False after.

        Before: the lock (synchronous: the windows are hidden when the signal returns), then,
        at the next turn of the event loop, the window system is brought up to date and the
        inhibitor released, so logind suspends with the unlock screen drawn. After: the
        inhibitor is taken again for the next sleep."""
        self._sleeping = starting
        if starting:
            self.lockRequested.emit(LockReason.SLEEP)
            if self.inhibitor_fd is not None:
                QTimer.singleShot(0, self, self._locked_before_sleep)
        elif self._logind is not None:
            self._take_inhibitor(self._logind)

    def _locked_before_sleep(self) -> None:
        app = QCoreApplication.instance()
        if isinstance(app, QGuiApplication):
            QGuiApplication.sync()  # the hide and the unlock screen reach the display
        if self._sleeping:
            self._release_inhibitor()

    def session_locked(self) -> None:
        """logind's Lock on this process's session (loginctl lock-session, the desktop), or
        its LockedHint become true."""
        self.lockRequested.emit(LockReason.SESSION)

    def screen_saver_changed(self, active: bool) -> None:
        """A screen saver's ActiveChanged: True when the locker comes up."""
        if active:
            self.lockRequested.emit(LockReason.SESSION)

    # ------------------------------------------------------------------ D-Bus
    def _watch_logind(self, bus: QDBusConnection) -> None:
        if not bus.isConnected():
            LOG.debug("no system bus (%s): no lock at sleep", bus.lastError().name())
            return
        self._logind = bus
        sleep = (LOGIND, LOGIND_PATH, LOGIND_MANAGER, "PrepareForSleep", "b")
        self._subscribe(bus, *sleep, "_on_prepare_for_sleep(QDBusMessage)")
        self._take_inhibitor(bus)
        # The session's path ("auto": the caller's, or its user's display session), asked
        # without waiting: the Lock signal comes from the real path, never from ".../auto".
        asked = self._call(
            bus,
            LOGIND_PATH,
            LOGIND_MANAGER,
            "GetSession",
            ["auto"],
            "_on_session_found(QDBusMessage)",
            "_on_session_unknown(QDBusError,QDBusMessage)",
        )
        if not asked:
            self._watch_session(bus, "")

    def _watch_session(self, bus: QDBusConnection, path: str) -> None:
        """Lock of the session at `path`, and its LockedHint; "" (its own session unknown)
        watches every one: a lock too many is better than one missed."""
        self.session_path = path
        self._subscribe(
            bus, LOGIND, path, LOGIND_SESSION, "Lock", "", "_on_session_lock(QDBusMessage)"
        )
        # PropertiesChanged(interface, changed a{sv}, invalidated as): PySide6 cannot read the
        # a{sv} of a signal (its QDBusArgument offers only the writing begin*), so a change of
        # a session's properties makes the watcher ask for LockedHint (_on_locked_hint).
        self._subscribe(
            bus,
            LOGIND,
            path,
            PROPERTIES,
            "PropertiesChanged",
            "sa{sv}as",
            "_on_session_properties(QDBusMessage)",
        )

    def _call(
        self,
        bus: QDBusConnection,
        path: str,
        interface: str,
        method: str,
        arguments: list[Any],
        on_reply: str,
        on_error: str,
    ) -> bool:
        """A method of logind, called without waiting: its answer goes to `on_reply` or to
        `on_error`. False when it could not be sent."""
        from PySide6.QtDBus import QDBusMessage

        call = QDBusMessage.createMethodCall(LOGIND, path, interface, method)
        call.setArguments(arguments)
        try:
            return bool(
                bus.callWithCallback(
                    call, self, _slot(on_reply), _slot(on_error), SESSION_CALL_TIMEOUT_MS
                )
            )
        except (TypeError, ValueError):  # a binding that changed: no lock, but no crash
            LOG.debug("cannot call logind's %s", method, exc_info=True)
            return False

    # ------------------------------------------------------------------ the sleep inhibitor
    def _take_inhibitor(self, bus: QDBusConnection) -> None:
        """Ask logind for a delay inhibitor of sleep, unless one is held or asked for."""
        if self.inhibitor_fd is not None or self._inhibitor_asked or self._sleeping:
            return
        self._inhibitor_asked = self._call(
            bus,
            LOGIND_PATH,
            LOGIND_MANAGER,
            "Inhibit",
            list(INHIBIT),
            "_on_inhibitor(QDBusMessage)",
            "_on_no_inhibitor(QDBusError,QDBusMessage)",
        )

    def _release_inhibitor(self) -> None:
        """Close the inhibitor's descriptor: logind may go on with the sleep."""
        fd, self.inhibitor_fd = self.inhibitor_fd, None
        if fd is not None:
            try:
                os.close(fd)
            except OSError:
                LOG.debug("the sleep inhibitor was already closed", exc_info=True)

    @Slot("QDBusMessage")
    def _on_inhibitor(self, reply: QDBusMessage) -> None:
        from PySide6.QtDBus import QDBusUnixFileDescriptor

        self._inhibitor_asked = False
        arguments = reply.arguments()
        held = arguments[0] if arguments else None
        if not isinstance(held, QDBusUnixFileDescriptor) or not held.isValid():
            LOG.debug("logind gave no sleep inhibitor: the lock may be drawn after the sleep")
            return
        # The message's own copy closes with it; this one stays open until released.
        fd = os.dup(held.fileDescriptor())
        if self._logind is None or self._sleeping or self.inhibitor_fd is not None:
            os.close(fd)  # stopped, or the sleep began while asking: nothing to hold up
            return
        self.inhibitor_fd = fd

    @Slot("QDBusError", "QDBusMessage")
    def _on_no_inhibitor(self, error: QDBusError, _call: QDBusMessage) -> None:
        self._inhibitor_asked = False
        LOG.debug("no sleep inhibitor (%s): the lock may be drawn after the sleep", error.name())

    def _watch_screen_savers(self, bus: QDBusConnection) -> None:
        if not bus.isConnected():
            LOG.debug("no session bus (%s): screen savers not watched", bus.lastError().name())
            return
        for interface in SCREEN_SAVERS:
            self._subscribe(
                bus, "", "", interface, "ActiveChanged", "b", "_on_screen_saver(QDBusMessage)"
            )

    def _subscribe(self, bus: QDBusConnection, *match: str) -> None:
        service, path, interface, name, signature, slot = match
        try:
            connected = bus.connect(service, path, interface, name, signature, self, _slot(slot))
        except (TypeError, ValueError):  # a binding that changed: no lock, but no crash
            LOG.debug("cannot watch %s.%s", interface, name, exc_info=True)
            return
        if connected:
            self._subscriptions.append((bus, (service, path, interface, name, signature, slot)))
        else:
            LOG.debug("cannot watch %s.%s (%s)", interface, name, bus.lastError().name())

    # Types named, not imported: the class exists where QtDBus does not.
    @Slot("QDBusMessage")
    def _on_prepare_for_sleep(self, message: QDBusMessage) -> None:
        self.prepare_for_sleep(_first_bool(message))

    @Slot("QDBusMessage")
    def _on_session_lock(self, message: QDBusMessage) -> None:
        self.session_locked()

    @Slot("QDBusMessage")
    def _on_screen_saver(self, message: QDBusMessage) -> None:
        self.screen_saver_changed(_first_bool(message))

    @Slot("QDBusMessage")
    def _on_session_properties(self, message: QDBusMessage) -> None:
        arguments = message.arguments()
        if not arguments or arguments[0] != LOGIND_SESSION or self._logind is None:
            return
        self._call(
            self._logind,
            message.path(),
            PROPERTIES,
            "Get",
            [LOGIND_SESSION, "LockedHint"],
            "_on_locked_hint(QDBusMessage)",
            "_on_locked_hint_unknown(QDBusError,QDBusMessage)",
        )

    @Slot("QDBusMessage")
    def _on_locked_hint(self, reply: QDBusMessage) -> None:
        from PySide6.QtDBus import QDBusVariant

        arguments = reply.arguments()
        value = arguments[0] if arguments else None
        if isinstance(value, QDBusVariant):
            value = value.variant()
        if value is True:
            self.session_locked()

    @Slot("QDBusError", "QDBusMessage")
    def _on_locked_hint_unknown(self, error: QDBusError, _call: QDBusMessage) -> None:
        LOG.debug("the session's LockedHint could not be read (%s)", error.name())

    @Slot("QDBusMessage")
    def _on_session_found(self, reply: QDBusMessage) -> None:
        from PySide6.QtDBus import QDBusObjectPath

        arguments = reply.arguments()
        found = arguments[0] if arguments else None
        path = found.path() if isinstance(found, QDBusObjectPath) else ""
        if self._logind is not None:  # not stopped while asking
            self._watch_session(self._logind, path)

    @Slot("QDBusError", "QDBusMessage")
    def _on_session_unknown(self, error: QDBusError, _call: QDBusMessage) -> None:
        LOG.debug("logind session not found (%s): watching every session", error.name())
        if self._logind is not None:
            self._watch_session(self._logind, "")


def _slot(signature: str) -> Any:
    """A slot as QtDBus names it; PySide6 wants the str that SLOT() gives (its stubs say bytes,
    which it refuses)."""
    return SLOT(signature)


def _first_bool(message: QDBusMessage) -> bool:
    arguments = message.arguments()
    return bool(arguments) and arguments[0] is True


class WindowsSessionFilter(QAbstractNativeEventFilter):
    """Installed on the application on Windows: WM_POWERBROADCAST with PBT_APMSUSPEND (the
    system is about to sleep: the lock happens before it does, while Windows waits for the
    window to answer) and WM_WTSSESSION_CHANGE with WTS_SESSION_LOCK (Win+L, the lid closed
    with sign-in required). Only the messages of the watched window count, so a broadcast
    reaching every top-level window locks once. Nothing is swallowed."""

    def __init__(self, on_lock: Callable[[LockReason], None]) -> None:
        super().__init__()
        self.on_lock = on_lock
        self.hwnd: int | None = None

    def nativeEventFilter(
        self, eventType: QByteArray | bytes | bytearray | memoryview, message: int
    ) -> Any:
        kind = eventType.data() if isinstance(eventType, QByteArray) else bytes(eventType)
        if self.hwnd is None or not message or kind != WINDOWS_MSG:
            return False, 0
        msg = portable.read_windows_message(int(message))
        if msg.hwnd != self.hwnd:
            return False, 0
        if msg.message == portable.WM_POWERBROADCAST and msg.wparam == portable.PBT_APMSUSPEND:
            self.on_lock(LockReason.SLEEP)
        elif (
            msg.message == portable.WM_WTSSESSION_CHANGE and msg.wparam == portable.WTS_SESSION_LOCK
        ):
            self.on_lock(LockReason.SESSION)
        return False, 0
