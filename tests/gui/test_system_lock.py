"""The application locks when the computer goes to sleep, the lid closes or the session locks
(issue 13): logind and the screen savers over D-Bus on Linux, power and session messages on
Windows. What the system sends is played at its boundary: the D-Bus handlers driven with the
signal's arguments, a private dbus-daemon emitting real signals (when the machine has one), a
real MSG structure fed to the native event filter. The lock itself goes the way of Ctrl+L:
the open editor saved and closed, the database closed, and the unlock screen says why and when,
by a clock the test sets."""

from __future__ import annotations

import ctypes
import ctypes.wintypes
import dataclasses
import datetime as dt
import logging
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any, cast

import pytest
import shiboken6

from PySide6.QtCore import QByteArray, QEvent, QMetaType, QObject, Qt
from PySide6.QtDBus import (
    QDBusArgument,
    QDBusConnection,
    QDBusError,
    QDBusMessage,
    QDBusObjectPath,
    QDBusUnixFileDescriptor,
    QDBusVariant,
    QDBusVirtualObject,
)
from PySide6.QtWidgets import QWidget

from minorifamiglie import portable
from minorifamiglie.domain.enums import Role, Service
from minorifamiglie.services import cases
from minorifamiglie.ui.app import AppController
from minorifamiglie.ui.main_window import MainWindow
from minorifamiglie.ui.system_lock import (
    LOGIND,
    LOGIND_MANAGER,
    LOGIND_PATH,
    LOGIND_SESSION,
    PROPERTIES,
    SystemLockWatcher,
    WindowsSessionFilter,
)
from minorifamiglie.ui.unlock import LockReason
from support.clock import FakeClock
from support.profiles import FAST_KDF, PASSPHRASE, ProfileCopies

pytestmark = pytest.mark.qt_log_ignore(
    "This plugin does not support propagateSizeHints", "This plugin does not support raise"
)

AT_14_32 = dt.datetime(2026, 3, 16, 14, 32, 7)
TODAY = AT_14_32.date()
NOTES = "Compiti fatti insieme alla madre; Luca sereno."
OWN_SESSION = "/org/freedesktop/login1/session/_32"
OTHER_SESSION = "/org/freedesktop/login1/session/_33"
WTS_SESSION_UNLOCK = 0x8
PBT_APMRESUMEAUTOMATIC = 0x12


def no_bus() -> QDBusConnection:
    """A connection that never connected: the machine has no such bus."""
    return QDBusConnection("minorifamiglie-test-no-bus")


def offline_watcher(platform: str = "linux") -> SystemLockWatcher:
    return SystemLockWatcher(system_bus=no_bus(), session_bus=no_bus(), platform=platform)


def reasons_of(watcher: SystemLockWatcher) -> list[LockReason]:
    said: list[LockReason] = []
    watcher.lockRequested.connect(said.append)
    return said


# ---------------------------------------------------------------------------------- handlers
def test_logind_and_the_screen_savers_ask_for_a_lock_only_when_locking(qtbot: Any) -> None:
    watcher = offline_watcher()
    said = reasons_of(watcher)
    watcher.prepare_for_sleep(False)  # back from sleep
    watcher.screen_saver_changed(False)  # the locker went away
    assert said == []
    watcher.prepare_for_sleep(True)
    watcher.session_locked()
    watcher.screen_saver_changed(True)
    assert said == [LockReason.SLEEP, LockReason.SESSION, LockReason.SESSION]


def test_no_bus_is_silent(qtbot: Any, caplog: pytest.LogCaptureFixture) -> None:
    # Given a machine with neither a system nor a session bus (a container, a bare X server)
    caplog.set_level(logging.DEBUG, logger="minorifamiglie.ui.system_lock")
    watcher = offline_watcher()
    # When the watcher starts: no error, no dialog, no Qt warning (which fails the test)
    watcher.start()
    watcher.start()  # twice changes nothing
    # Then it says why at debug level only
    assert {r.levelno for r in caplog.records} == {logging.DEBUG}
    assert any("no system bus" in r.getMessage() for r in caplog.records)
    assert watcher.session_path is None
    watcher.stop()


def test_a_build_without_qtdbus_still_watches_nothing_quietly(
    qtbot: Any, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    # Given the binding missing, as in the Windows build (which needs none)
    script = (
        "import sys; sys.modules['PySide6.QtDBus'] = None\n"
        "from minorifamiglie.ui.system_lock import SystemLockWatcher, WindowsSessionFilter\n"
    )
    subprocess.run([sys.executable, "-c", script], check=True, capture_output=True)
    monkeypatch.setitem(sys.modules, "PySide6.QtDBus", None)
    caplog.set_level(logging.DEBUG, logger="minorifamiglie.ui.system_lock")
    # When the watcher starts on Linux: nothing but a line at debug level
    watcher = SystemLockWatcher(platform="linux")
    watcher.start()
    assert [r.getMessage() for r in caplog.records] == [
        "no QtDBus: no lock at sleep nor at the session's lock"
    ]
    watcher.stop()


# ---------------------------------------------------------------------------------- Windows
def windows_msg(hwnd: int, message: int, wparam: int, lparam: int = 0) -> ctypes.wintypes.MSG:
    """The MSG of winuser.h, as Windows hands it to Qt and Qt to the native event filter."""
    msg = ctypes.wintypes.MSG()
    msg.hWnd = hwnd
    msg.message = message
    msg.wParam = wparam
    msg.lParam = lparam
    msg.time = 123456
    return msg


def feed(native: WindowsSessionFilter, msg: ctypes.wintypes.MSG, kind: bytes) -> object:
    return native.nativeEventFilter(QByteArray(kind), ctypes.addressof(msg))


def test_the_windows_filter_locks_at_suspend_and_session_lock_of_the_main_window(
    qtbot: Any,
) -> None:
    # Given the watcher as on Windows, the main window named (a real widget, a real handle)
    watcher = offline_watcher("win32")
    said = reasons_of(watcher)
    watcher.start()
    window = QWidget()
    qtbot.addWidget(window)
    try:
        watcher.watch_window(window)  # WTSRegisterSessionNotification: absent here, no error
        native = watcher.native_filter
        assert native is not None
        hwnd = int(window.winId())
        assert native.hwnd == hwnd
        generic = b"windows_generic_MSG"

        # When Windows says what does not lock: resume, unlock, another window's suspend,
        # another kind of native event
        for msg, kind in (
            (windows_msg(hwnd, portable.WM_POWERBROADCAST, PBT_APMRESUMEAUTOMATIC), generic),
            (windows_msg(hwnd, portable.WM_WTSSESSION_CHANGE, WTS_SESSION_UNLOCK), generic),
            (windows_msg(hwnd + 8, portable.WM_POWERBROADCAST, portable.PBT_APMSUSPEND), generic),
            (windows_msg(hwnd, portable.WM_POWERBROADCAST, portable.PBT_APMSUSPEND), b"xcb"),
        ):
            assert feed(native, msg, kind) == (False, 0)
        assert said == []

        # When the system is about to sleep, then the session is locked (Win+L)
        suspend = windows_msg(hwnd, portable.WM_POWERBROADCAST, portable.PBT_APMSUSPEND)
        lock = windows_msg(hwnd, portable.WM_WTSSESSION_CHANGE, portable.WTS_SESSION_LOCK, 1)
        # Then each asks for its lock, and neither message is swallowed
        assert feed(native, suspend, generic) == (False, 0)
        assert feed(native, lock, generic) == (False, 0)
        assert said == [LockReason.SLEEP, LockReason.SESSION]
    finally:
        watcher.stop()
    assert watcher.native_filter is None


def test_the_windows_filter_does_nothing_before_a_window_is_named() -> None:
    said: list[LockReason] = []
    native = WindowsSessionFilter(said.append)
    msg = windows_msg(0x1234, portable.WM_POWERBROADCAST, portable.PBT_APMSUSPEND)
    assert feed(native, msg, b"windows_generic_MSG") == (False, 0)
    assert said == []


# ---------------------------------------------------------------------------------- logind
# The system bus as QtDBus presents it to the watcher, with logind behind it: what a
# QDBusConnection offers (isConnected, connect, disconnect, callWithCallback), signals handed to
# the subscribed slots as QtDBus hands them (by sender, path, interface, member, signature),
# and method calls kept until the test answers them as logind would. Runs where no dbus-daemon
# does (CI, containers); the same paths over a real bus are in the next section.
@dataclasses.dataclass
class Call:
    message: QDBusMessage
    receiver: QObject
    on_reply: str
    on_error: str


def _invoke(receiver: QObject, slot: str, *args: object) -> None:
    """Call a slot named as QtDBus gets it from SLOT(): "1name(Types)"."""
    getattr(receiver, slot[1:].split("(", 1)[0])(*args)


class FakeSystemBus:
    def __init__(self) -> None:
        self.subscriptions: list[tuple[str, str, str, str, str, QObject, str]] = []
        self.calls: list[Call] = []

    def isConnected(self) -> bool:
        return True

    def lastError(self) -> QDBusError:
        return QDBusError()

    def connect(self, *subscription: Any) -> bool:
        self.subscriptions.append(subscription)
        return True

    def disconnect(self, *subscription: Any) -> bool:
        self.subscriptions.remove(subscription)
        return True

    def callWithCallback(
        self, message: QDBusMessage, receiver: QObject, on_reply: str, on_error: str, _ms: int
    ) -> bool:
        self.calls.append(Call(message, receiver, on_reply, on_error))
        return True

    def asked(self, member: str) -> list[Call]:
        return [c for c in self.calls if c.message.member() == member]

    def emit(self, path: str, interface: str, name: str, signature: str, *args: object) -> None:
        """A signal from logind (the owner of org.freedesktop.login1)."""
        for service, s_path, s_interface, s_name, s_signature, receiver, slot in list(
            self.subscriptions
        ):
            if (
                service in ("", LOGIND)
                and s_path in ("", path)
                and (s_interface, s_name, s_signature) == (interface, name, signature)
            ):
                signal = QDBusMessage.createSignal(path, interface, name)
                signal.setArguments(list(args))
                _invoke(receiver, slot, signal)

    def answer(self, call: Call, *args: object) -> None:
        reply = call.message.createReply()
        reply.setArguments(list(args))
        _invoke(call.receiver, call.on_reply, reply)

    def fail(self, call: Call, name: str) -> None:
        error = call.message.createErrorReply(name, "refused")
        _invoke(call.receiver, call.on_error, QDBusError(error), call.message)


def as_bus(bus: FakeSystemBus) -> QDBusConnection:
    return cast(QDBusConnection, bus)


def grant(bus: FakeSystemBus, call: Call) -> int:
    """logind grants the inhibitor: the write end of a pipe goes to the application (logind
    keeps the read end, and goes on with the sleep when it reads the end of the file)."""
    read_end, write_end = os.pipe()
    os.set_blocking(read_end, False)
    bus.answer(call, QDBusUnixFileDescriptor(write_end))
    os.close(write_end)  # the message's copy went with the message
    return read_end


def held(read_end: int) -> bool:
    """Whether the application still keeps the inhibitor open, as logind sees it."""
    try:
        return os.read(read_end, 1) != b""
    except BlockingIOError:
        return True


def logind_watcher(bus: FakeSystemBus) -> SystemLockWatcher:
    watcher = SystemLockWatcher(system_bus=as_bus(bus), session_bus=no_bus(), platform="linux")
    watcher.start()
    return watcher


def test_the_sleep_inhibitor_is_let_go_only_after_the_lock_and_taken_again_at_wake_up(
    qtbot: Any,
) -> None:
    # Given the watcher started: it asked logind for a delay inhibitor of sleep, and got it
    bus = FakeSystemBus()
    watcher = logind_watcher(bus)
    (call,) = bus.asked("Inhibit")
    assert (call.message.service(), call.message.path(), call.message.interface()) == (
        LOGIND,
        LOGIND_PATH,
        LOGIND_MANAGER,
    )
    what, who, _why, mode = call.message.arguments()
    assert (what, who, mode) == ("sleep", "Minori e Famiglie", "delay")
    first = grant(bus, call)
    try:
        assert held(first) and watcher.inhibitor_fd is not None
        at_lock: list[tuple[LockReason, bool]] = []
        watcher.lockRequested.connect(lambda reason: at_lock.append((reason, held(first))))

        # When the lid closes: logind says the computer is about to sleep
        bus.emit(LOGIND_PATH, LOGIND_MANAGER, "PrepareForSleep", "b", True)
        # Then the lock happens with the inhibitor held, which is let go afterwards, once
        # the event loop has drawn the lock
        assert at_lock == [(LockReason.SLEEP, True)]
        assert held(first)
        qtbot.waitUntil(lambda: not held(first), timeout=5_000)
        assert watcher.inhibitor_fd is None
        assert len(bus.asked("Inhibit")) == 1  # none asked while going to sleep

        # When the computer wakes up, a new inhibitor is taken for the next sleep
        bus.emit(LOGIND_PATH, LOGIND_MANAGER, "PrepareForSleep", "b", False)
        assert at_lock == [(LockReason.SLEEP, True)]
        _, again = bus.asked("Inhibit")
        second = grant(bus, again)
        try:
            assert held(second)
            # When the application stops watching, it lets it go
            watcher.stop()
            assert not held(second) and watcher.inhibitor_fd is None
        finally:
            os.close(second)
    finally:
        os.close(first)
        watcher.stop()


def test_an_inhibitor_that_arrives_late_or_not_at_all_holds_nothing_up(
    qtbot: Any, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="minorifamiglie.ui.system_lock")
    bus = FakeSystemBus()
    watcher = logind_watcher(bus)
    said = reasons_of(watcher)
    # When the lid closes before logind has answered, then it grants the inhibitor
    (call,) = bus.asked("Inhibit")
    bus.emit(LOGIND_PATH, LOGIND_MANAGER, "PrepareForSleep", "b", True)
    late = grant(bus, call)
    # Then the sleep is not held up: the descriptor is closed at once
    assert said == [LockReason.SLEEP]
    assert not held(late) and watcher.inhibitor_fd is None
    os.close(late)

    # When logind refuses the inhibitor after the wake-up (a policy): quietly no inhibitor
    bus.emit(LOGIND_PATH, LOGIND_MANAGER, "PrepareForSleep", "b", False)
    _, refused = bus.asked("Inhibit")
    bus.fail(refused, "org.freedesktop.DBus.Error.AccessDenied")
    assert watcher.inhibitor_fd is None
    # And the next sleep still locks
    bus.emit(LOGIND_PATH, LOGIND_MANAGER, "PrepareForSleep", "b", True)
    assert said == [LockReason.SLEEP, LockReason.SLEEP]

    # When the application stopped watching before logind answered
    bus.emit(LOGIND_PATH, LOGIND_MANAGER, "PrepareForSleep", "b", False)
    *_, asked = bus.asked("Inhibit")
    watcher.stop()
    after_stop = grant(bus, asked)
    assert not held(after_stop) and watcher.inhibitor_fd is None
    os.close(after_stop)
    assert {r.levelno for r in caplog.records} == {logging.DEBUG}


def session_properties(bus: FakeSystemBus, path: str, interface: str = LOGIND_SESSION) -> None:
    """PropertiesChanged of a logind object (what changed is not read: see _watch_session)."""
    bus.emit(
        path, PROPERTIES, "PropertiesChanged", "sa{sv}as", interface, {"X": QDBusVariant(1)}, []
    )


def test_the_session_locked_hint_locks_the_application(
    qtbot: Any, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="minorifamiglie.ui.system_lock")
    # Given the watcher, which logind told its session
    bus = FakeSystemBus()
    watcher = logind_watcher(bus)
    said = reasons_of(watcher)
    (get_session,) = bus.asked("GetSession")
    assert get_session.message.arguments() == ["auto"]
    bus.answer(get_session, QDBusObjectPath(OWN_SESSION))
    assert watcher.session_path == OWN_SESSION

    # When the properties of another session, or another interface of its own, change
    session_properties(bus, OTHER_SESSION)
    session_properties(bus, OWN_SESSION, "org.freedesktop.login1.User")
    # Then logind is not even asked
    assert bus.asked("Get") == []

    # When its own session's properties change (the screen dimmed: IdleHint), not locked
    session_properties(bus, OWN_SESSION)
    (get,) = bus.asked("Get")
    assert (get.message.path(), get.message.interface(), get.message.arguments()) == (
        OWN_SESSION,
        PROPERTIES,
        [LOGIND_SESSION, "LockedHint"],
    )
    bus.answer(get, QDBusVariant(False))
    assert said == []
    # When logind cannot say: nothing, at debug level
    session_properties(bus, OWN_SESSION)
    bus.fail(bus.asked("Get")[-1], "org.freedesktop.DBus.Error.NoReply")
    assert said == []

    # When the desktop's locker comes up and sets LockedHint
    session_properties(bus, OWN_SESSION)
    bus.answer(bus.asked("Get")[-1], QDBusVariant(True))
    # Then the application locks, for the session's lock
    assert said == [LockReason.SESSION]
    # And so does the Lock signal of the session (the application, locked, ignores it)
    bus.emit(OWN_SESSION, LOGIND_SESSION, "Lock", "")
    assert said == [LockReason.SESSION, LockReason.SESSION]

    # When it stops watching, nothing more is asked nor said
    watcher.stop()
    session_properties(bus, OWN_SESSION)
    bus.emit(OWN_SESSION, LOGIND_SESSION, "Lock", "")
    assert len(bus.asked("Get")) == 3 and len(said) == 2
    assert bus.subscriptions == []
    assert {r.levelno for r in caplog.records} == {logging.DEBUG}


def test_a_session_that_logind_cannot_name_has_its_locked_hint_watched_everywhere(
    qtbot: Any,
) -> None:
    bus = FakeSystemBus()
    watcher = logind_watcher(bus)
    said = reasons_of(watcher)
    bus.fail(bus.asked("GetSession")[0], "org.freedesktop.login1.NoSessionForPID")
    assert watcher.session_path == ""
    # When any session's LockedHint turns true, the one that changed is asked
    session_properties(bus, OTHER_SESSION)
    (get,) = bus.asked("Get")
    assert get.message.path() == OTHER_SESSION
    bus.answer(get, QDBusVariant(True))
    assert said == [LockReason.SESSION]
    watcher.stop()


# ---------------------------------------------------------------------------------- a real bus
class FakeLogind(QDBusVirtualObject):
    """logind's Manager.GetSession (the path of the caller's session), Manager.Inhibit (the
    write end of a pipe, whose read end it keeps, as logind does) and, registered with its
    sub-paths, the session's LockedHint."""

    def __init__(self, session: str) -> None:
        super().__init__()
        self.session = session
        self.inhibitors: list[int] = []
        self.locked_hint = False

    def introspect(self, path: str) -> str:
        return ""

    def handleMessage(self, message: QDBusMessage, connection: QDBusConnection) -> bool:
        member = message.member()
        if member == "GetSession":
            connection.send(message.createReply(QDBusObjectPath(self.session)))
        elif member == "Inhibit":
            read_end, write_end = os.pipe()
            os.set_blocking(read_end, False)
            self.inhibitors.append(read_end)
            reply = message.createReply()
            reply.setArguments([QDBusUnixFileDescriptor(write_end)])
            connection.send(reply)
            os.close(write_end)
        elif member == "Get" and message.path() == self.session:
            reply = message.createReply()
            reply.setArguments([QDBusVariant(self.locked_hint)])
            connection.send(reply)
        else:
            return False
        return True

    def close(self) -> None:
        for read_end in self.inhibitors:
            os.close(read_end)


@pytest.fixture
def private_bus(qtbot: Any) -> Iterator[dict[str, QDBusConnection]]:
    """A dbus-daemon of the test's own, and three connections to it: the application's, the
    one that owns org.freedesktop.login1, and another program's."""
    daemon_path = shutil.which("dbus-daemon")
    if daemon_path is None:
        pytest.skip("dbus-daemon is not installed")
    daemon = subprocess.Popen(
        [daemon_path, "--session", "--nofork", "--nopidfile", "--print-address=1"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert daemon.stdout is not None
    address = daemon.stdout.readline().strip()
    names = {
        role: f"minorifamiglie-test-{role}-{os.getpid()}" for role in ("app", "logind", "other")
    }
    try:
        connections = {role: QDBusConnection.connectToBus(address, n) for role, n in names.items()}
        assert all(c.isConnected() for c in connections.values()), address
        assert connections["logind"].registerService("org.freedesktop.login1")
        yield connections
    finally:
        for name in names.values():
            QDBusConnection.disconnectFromBus(name)
        daemon.terminate()
        daemon.wait(timeout=10)


def emit(bus: QDBusConnection, path: str, interface: str, name: str, *args: object) -> None:
    signal = QDBusMessage.createSignal(path, interface, name)
    signal.setArguments(list(args))
    assert bus.send(signal)


def test_real_signals_on_a_bus_lock_and_spoofed_or_other_sessions_do_not(
    qtbot: Any, private_bus: dict[str, QDBusConnection]
) -> None:
    # Given logind on the bus, which knows this process's session, and the watcher started
    logind, other = private_bus["logind"], private_bus["other"]
    fake = FakeLogind(OWN_SESSION)
    assert logind.registerVirtualObject("/org/freedesktop/login1", fake)
    app_bus = private_bus["app"]
    watcher = SystemLockWatcher(system_bus=app_bus, session_bus=app_bus, platform="linux")
    said = reasons_of(watcher)
    watcher.start()
    qtbot.waitUntil(lambda: watcher.session_path == OWN_SESSION, timeout=10_000)

    # When another session is locked, and another program pretends to be logind
    emit(logind, OTHER_SESSION, "org.freedesktop.login1.Session", "Lock")
    emit(
        other, "/org/freedesktop/login1", "org.freedesktop.login1.Manager", "PrepareForSleep", True
    )
    emit(
        logind,
        "/org/freedesktop/login1",
        "org.freedesktop.login1.Manager",
        "PrepareForSleep",
        False,
    )
    # And then logind locks this session (messages of one sender arrive in order)
    with qtbot.waitSignal(watcher.lockRequested, timeout=10_000):
        emit(logind, OWN_SESSION, "org.freedesktop.login1.Session", "Lock")
    # Then only this session's lock counted
    assert said == [LockReason.SESSION]

    # When the lid closes
    with qtbot.waitSignal(watcher.lockRequested, timeout=10_000):
        emit(
            logind,
            "/org/freedesktop/login1",
            "org.freedesktop.login1.Manager",
            "PrepareForSleep",
            True,
        )
    # And GNOME's locker comes up, after KDE's went away
    emit(other, "/ScreenSaver", "org.freedesktop.ScreenSaver", "ActiveChanged", False)
    with qtbot.waitSignal(watcher.lockRequested, timeout=10_000):
        emit(other, "/org/gnome/ScreenSaver", "org.gnome.ScreenSaver", "ActiveChanged", True)
    assert said == [LockReason.SESSION, LockReason.SLEEP, LockReason.SESSION]

    # When the application stops watching, nothing more arrives
    watcher.stop()
    with qtbot.assertNotEmitted(watcher.lockRequested, wait=200):
        emit(logind, OWN_SESSION, "org.freedesktop.login1.Session", "Lock")
    logind.unregisterObject("/org/freedesktop/login1")
    fake.close()


def test_a_session_logind_does_not_name_watches_every_session(
    qtbot: Any, private_bus: dict[str, QDBusConnection]
) -> None:
    # Given logind that cannot say which session this process is in (no GetSession answer)
    app_bus, logind = private_bus["app"], private_bus["logind"]
    watcher = SystemLockWatcher(system_bus=app_bus, session_bus=app_bus, platform="linux")
    said = reasons_of(watcher)
    watcher.start()
    qtbot.waitUntil(lambda: watcher.session_path == "", timeout=10_000)
    # When any session is locked, the application locks: one lock too many, never one missed
    with qtbot.waitSignal(watcher.lockRequested, timeout=10_000):
        emit(logind, OTHER_SESSION, "org.freedesktop.login1.Session", "Lock")
    assert said == [LockReason.SESSION]
    watcher.stop()


def no_strings() -> QDBusArgument:
    """An empty array of strings ("as"): a Python [] would go as "av"."""
    empty = QDBusArgument()
    empty.beginArray(QMetaType(QMetaType.Type.QString))
    empty.endArray()
    return empty


def test_over_a_real_bus_the_inhibitor_is_a_descriptor_and_the_locked_hint_locks(
    qtbot: Any, private_bus: dict[str, QDBusConnection]
) -> None:
    # Given logind on the bus, and the watcher started: it found its session and holds an
    # inhibitor, passed by QtDBus as a file descriptor
    logind, app_bus = private_bus["logind"], private_bus["app"]
    fake = FakeLogind(OWN_SESSION)
    sub_paths = QDBusConnection.VirtualObjectRegisterOption.SubPath
    assert logind.registerVirtualObject(LOGIND_PATH, fake, sub_paths)
    watcher = SystemLockWatcher(system_bus=app_bus, session_bus=app_bus, platform="linux")
    said = reasons_of(watcher)
    watcher.start()
    try:
        qtbot.waitUntil(
            lambda: watcher.session_path == OWN_SESSION and watcher.inhibitor_fd is not None,
            timeout=10_000,
        )
        (first,) = fake.inhibitors
        assert held(first)
        # When the lid closes: the lock, then the inhibitor let go
        with qtbot.waitSignal(watcher.lockRequested, timeout=10_000):
            emit(logind, LOGIND_PATH, LOGIND_MANAGER, "PrepareForSleep", True)
        qtbot.waitUntil(lambda: not held(first), timeout=10_000)
        # When it wakes up: a new one
        emit(logind, LOGIND_PATH, LOGIND_MANAGER, "PrepareForSleep", False)
        qtbot.waitUntil(lambda: watcher.inhibitor_fd is not None, timeout=10_000)
        assert len(fake.inhibitors) == 2 and held(fake.inhibitors[1])

        # When the desktop's locker sets the session's LockedHint
        fake.locked_hint = True
        changed = {"LockedHint": QDBusVariant(True)}
        with qtbot.waitSignal(watcher.lockRequested, timeout=10_000):
            emit(logind, OWN_SESSION, PROPERTIES, "PropertiesChanged", LOGIND_SESSION, changed,
                 no_strings())  # fmt: skip
        assert said == [LockReason.SLEEP, LockReason.SESSION]
        watcher.stop()
        assert not held(fake.inhibitors[1])
    finally:
        watcher.stop()
        logind.unregisterObject(LOGIND_PATH)
        fake.close()


# ---------------------------------------------------------------------------------- the app


@pytest.fixture
def profile(tmp_path: Path, profile_copy: ProfileCopies) -> Path:
    return profile_copy(tmp_path / "profilo", "Giulia Bianchi", Role.EDUCATOR, "pc")


@pytest.fixture
def app(qtbot: Any, profile: Path) -> Iterator[Any]:
    """Starts the application on the profile with a fixed time of day; shut down at the end."""
    started: list[AppController] = []

    def start(watcher: SystemLockWatcher, clock: FakeClock | None = None) -> AppController:
        controller = AppController(
            profile,
            idle_minutes=2,
            kdf=FAST_KDF,
            clock=(clock or FakeClock()).monotonic,
            now=lambda: AT_14_32,
            system_lock=watcher,
        )
        started.append(controller)
        controller.start()
        return controller

    yield start
    for controller in started:
        controller.shutdown()
        qtbot.waitUntil(lambda c=controller: not c.runner.busy, timeout=15_000)
        main = controller.main_window
        windows = [controller.unlock_window, main, *(main.editors if main else [])]
        for window in windows:
            if window is not None and shiboken6.isValid(window):
                window.hide()
                shiboken6.delete(window)


def unlock(qtbot: Any, controller: AppController) -> MainWindow:
    window = controller.unlock_window
    qtbot.waitUntil(window.passphrase.isEnabled, timeout=10_000)
    qtbot.keyClicks(window.passphrase, PASSPHRASE)
    qtbot.keyClick(window.passphrase, Qt.Key.Key_Return)
    qtbot.waitUntil(
        lambda: controller.main_window is not None and controller.main_window.isVisible(),
        timeout=15_000,
    )
    qtbot.waitUntil(lambda: not controller.runner.busy, timeout=15_000)
    main = controller.main_window
    assert isinstance(main, MainWindow)
    return main


def on_worker(qtbot: Any, controller: AppController, fn: Any) -> Any:
    out: list[Any] = []
    controller.workspace.call(fn, out.append, out.append)
    qtbot.waitUntil(lambda: bool(out), timeout=10_000)
    assert not isinstance(out[0], BaseException), out
    return out[0]


def test_sleep_locks_the_application_the_way_ctrl_l_does(qtbot: Any, app: Any) -> None:
    # Given Giulia writing a visit, the application unlocked
    watcher = offline_watcher()
    controller = app(watcher)
    main = unlock(qtbot, controller)
    assert watcher.session_path is None  # started: no bus here, nothing else
    case = on_worker(
        qtbot,
        controller,
        lambda o: cases.add_case(o, ambito="VBR", service=Service.ADM, title="R.", today=TODAY),
    )
    main.open_visit(case.id, None)
    (editor,) = main.editors
    qtbot.waitExposed(editor)
    qtbot.waitUntil(editor.body.isEnabled, timeout=10_000)
    qtbot.keyClicks(editor.notes_edit, NOTES)

    # When she closes the lid: logind says the computer is about to sleep
    watcher.prepare_for_sleep(True)

    # Then nothing of the case is on screen, the unlock screen says why and when
    assert not main.isVisible() and not editor.isVisible()
    window = controller.unlock_window
    assert window.isVisible()
    assert window.lock_reason.text() == "Locked when the computer went to sleep at 14:32"
    qtbot.waitUntil(lambda: not controller.runner.busy, timeout=15_000)
    assert not controller.workspace.unlocked

    # When the session locker comes up a moment later: the first reason stays
    watcher.screen_saver_changed(True)
    assert window.lock_reason.text() == "Locked when the computer went to sleep at 14:32"

    # When she unlocks again, the editor comes back with what she had typed (saved at the lock)
    main = unlock(qtbot, controller)
    assert not window.lock_reason.isVisible() and window.passphrase.text() == ""
    qtbot.waitUntil(lambda: len(main.editors) == 1, timeout=10_000)
    (editor,) = main.editors
    qtbot.waitUntil(editor.body.isEnabled, timeout=10_000)
    assert editor.notes_edit.toPlainText() == NOTES


def test_the_idle_lock_and_ctrl_l_say_so_on_the_unlock_screen(qtbot: Any, app: Any) -> None:
    clock = FakeClock()
    controller = app(offline_watcher(), clock)
    main = unlock(qtbot, controller)
    # When two minutes pass without a key and the timer goes off
    clock.advance(121)
    controller.idle.timeout.emit()
    # Then the unlock screen says it locked for inactivity, at the time of the lock
    window = controller.unlock_window
    assert not main.isVisible()
    assert window.lock_reason.text() == "Locked after inactivity at 14:32"
    # When she unlocks and locks with Ctrl+L
    main = unlock(qtbot, controller)
    main.activateWindow()
    qtbot.waitUntil(main.isActiveWindow)
    qtbot.keyClick(main.focusWidget() or main, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert not main.isVisible()
    assert window.lock_reason.text() == "Locked at 14:32"


class ShowCounter(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.shown = 0

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Show:
            self.shown += 1
        return False


def test_a_lock_while_the_passphrase_is_checked_closes_the_profile_before_showing_it(
    qtbot: Any, app: Any
) -> None:
    # Given the application locked once (the main window exists), the passphrase typed again
    watcher = offline_watcher()
    controller = app(watcher)
    unlock(qtbot, controller)
    controller.lock()
    window = controller.unlock_window
    main = controller.main_window
    assert main is not None and not main.isVisible()
    counter = ShowCounter()
    main.installEventFilter(counter)
    qtbot.keyClicks(window.passphrase, PASSPHRASE)
    qtbot.keyClick(window.passphrase, Qt.Key.Key_Return)
    # When the lid closes while the key is being derived
    watcher.prepare_for_sleep(True)
    # Then the profile is closed again as soon as it opened, nothing of it shown, saying why
    slept = "Locked when the computer went to sleep at 14:32"
    qtbot.waitUntil(lambda: window.lock_reason.text() == slept, timeout=15_000)
    assert counter.shown == 0 and not main.isVisible()
    assert window.isVisible() and window.passphrase.isEnabled() and window.button.isEnabled()
    assert window.passphrase.text() == ""
    qtbot.waitUntil(lambda: not controller.runner.busy, timeout=15_000)
    assert not controller.workspace.unlocked
    main.removeEventFilter(counter)
    # And the next unlock opens it as usual
    unlock(qtbot, controller)
    assert controller.workspace.unlocked and not window.lock_reason.isVisible()


def test_on_windows_the_session_lock_message_locks_the_application(qtbot: Any, app: Any) -> None:
    # Given the application as on Windows: the watcher's filter listens to the main window
    watcher = offline_watcher("win32")
    controller = app(watcher)
    main = unlock(qtbot, controller)
    native = watcher.native_filter
    assert native is not None and native.hwnd == int(main.winId())
    # When Windows says the session was locked (Win+L)
    msg = windows_msg(native.hwnd, portable.WM_WTSSESSION_CHANGE, portable.WTS_SESSION_LOCK)
    feed(native, msg, b"windows_generic_MSG")
    # Then the application is locked, and says why
    assert not main.isVisible()
    window = controller.unlock_window
    assert window.lock_reason.text() == "Locked when the session was locked at 14:32"
    qtbot.waitUntil(lambda: not controller.runner.busy, timeout=15_000)
    assert not controller.workspace.unlocked


def test_the_application_is_locked_before_logind_may_suspend(qtbot: Any, app: Any) -> None:
    # Given the application on Linux, logind on the system bus
    bus = FakeSystemBus()
    watcher = SystemLockWatcher(system_bus=as_bus(bus), session_bus=no_bus(), platform="linux")
    controller = app(watcher)
    assert bus.calls == []  # nothing asked of the system before the first unlock
    main = unlock(qtbot, controller)
    inhibitor = grant(bus, bus.asked("Inhibit")[0])
    try:
        # When the lid closes
        bus.emit(LOGIND_PATH, LOGIND_MANAGER, "PrepareForSleep", "b", True)
        # Then nothing of the profile is on screen while logind still waits for the inhibitor
        window = controller.unlock_window
        assert not main.isVisible() and window.isVisible() and held(inhibitor)
        assert window.lock_reason.text() == "Locked when the computer went to sleep at 14:32"
        # And the inhibitor goes, so that the computer sleeps
        qtbot.waitUntil(lambda: not held(inhibitor), timeout=5_000)
        qtbot.waitUntil(lambda: not controller.runner.busy, timeout=15_000)
        assert not controller.workspace.unlocked
    finally:
        os.close(inhibitor)

    # When it wakes up and she unlocks, then the desktop's locker sets LockedHint
    bus.emit(LOGIND_PATH, LOGIND_MANAGER, "PrepareForSleep", "b", False)
    main = unlock(qtbot, controller)
    bus.answer(bus.asked("GetSession")[0], QDBusObjectPath(OWN_SESSION))
    session_properties(bus, OWN_SESSION)
    bus.answer(bus.asked("Get")[0], QDBusVariant(True))
    # Then the application is locked, and says why
    assert not main.isVisible()
    assert window.lock_reason.text() == "Locked when the session was locked at 14:32"
    qtbot.waitUntil(lambda: not controller.runner.busy, timeout=15_000)
    assert not controller.workspace.unlocked
