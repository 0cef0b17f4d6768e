"""The platform calls behind the GUI's lock (minorifamiglie.portable): the Caps Lock state on a
real X server (Xvfb, when the machine has it) and through Windows' GetKeyState played at the
DLL boundary, the MSG structure Qt hands a native event filter, and the session notification
registration, which is quietly unavailable off Windows."""

from __future__ import annotations

import ctypes
import ctypes.util
import ctypes.wintypes
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from typing import Any

import pytest

from minorifamiglie import portable


# ---------------------------------------------------------------------------------- Caps Lock
class FakeUser32:
    """user32.GetKeyState: the high bit says the key is down, the low bit that it is toggled."""

    def __init__(self, state: int) -> None:
        self.state = state
        self.asked: list[int] = []

    def GetKeyState(self, key: int) -> int:
        self.asked.append(key)
        return self.state


@pytest.mark.parametrize(
    ("state", "on"),
    [(0, False), (1, True), (-127, True), (-128, False)],  # -127: down and toggled
)
def test_windows_reads_the_toggle_bit_of_caps_lock(state: int, on: bool) -> None:
    user32 = FakeUser32(state)
    assert portable.caps_lock_on("windows", user32=user32) is on
    assert user32.asked == [portable.VK_CAPITAL]


def test_where_the_state_cannot_be_known_the_answer_is_none() -> None:
    for platform in ("wayland", "offscreen", "cocoa", "minimal"):
        assert portable.caps_lock_on(platform) is None
    if os.name != "nt":
        assert portable.caps_lock_on("windows") is None  # no user32 here
    nowhere = portable.X11Keyboard(b":4242")  # no such display
    assert nowhere.caps_lock() is None
    assert portable.caps_lock_on("xcb", x11=nowhere) is None


@pytest.fixture
def x_display() -> Iterator[bytes]:
    """A private X server; its display name."""
    xvfb = shutil.which("Xvfb")
    if xvfb is None or ctypes.util.find_library("X11") is None:
        pytest.skip("Xvfb and libX11 are needed")
    read, write = os.pipe()
    server = subprocess.Popen(
        [xvfb, "-displayfd", str(write), "-nolisten", "tcp", "-screen", "0", "320x240x24"],
        pass_fds=(write,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write)
    number = b""
    while not number.endswith(b"\n"):
        chunk = os.read(read, 1)
        if not chunk:
            break
        number += chunk
    os.close(read)
    try:
        assert number.strip(), "Xvfb gave no display"
        yield b":" + number.strip()
    finally:
        server.terminate()
        server.wait(timeout=10)


def lock_caps(display: bytes, on: bool) -> None:
    """What the Caps Lock key does: latch the core Lock modifier (from another client)."""
    x11 = ctypes.CDLL(ctypes.util.find_library("X11"))
    x11.XOpenDisplay.restype = ctypes.c_void_p
    x11.XOpenDisplay.argtypes = [ctypes.c_char_p]
    x11.XkbLockModifiers.argtypes = [ctypes.c_void_p, ctypes.c_uint, ctypes.c_uint, ctypes.c_uint]
    x11.XSync.argtypes = [ctypes.c_void_p, ctypes.c_int]
    x11.XCloseDisplay.argtypes = [ctypes.c_void_p]
    handle = x11.XOpenDisplay(display)
    assert handle
    mask = portable.X_LOCK_MASK
    assert x11.XkbLockModifiers(handle, portable.XKB_USE_CORE_KBD, mask, mask if on else 0)
    x11.XSync(handle, 0)
    x11.XCloseDisplay(handle)


def test_x11_follows_caps_lock_on_a_real_server(x_display: bytes) -> None:
    keyboard = portable.X11Keyboard(x_display)
    try:
        assert portable.caps_lock_on("xcb", x11=keyboard) is False
        lock_caps(x_display, True)
        assert portable.caps_lock_on("xcb", x11=keyboard) is True
        lock_caps(x_display, False)
        assert keyboard.caps_lock() is False
    finally:
        keyboard.close()


# ---------------------------------------------------------------------------------- Windows
def test_a_windows_msg_is_read_where_qt_hands_it() -> None:
    msg = ctypes.wintypes.MSG()
    msg.hWnd = 0x00A1_0B2C
    msg.message = portable.WM_POWERBROADCAST
    msg.wParam = portable.PBT_APMSUSPEND
    msg.lParam = -5
    msg.time = 987654
    read = portable.read_windows_message(ctypes.addressof(msg))
    assert read == portable.WindowsMessage(0x00A1_0B2C, 0x0218, 0x0004, -5)


class FakeWtsapi32:
    def __init__(self) -> None:
        self.calls: list[tuple[Any, ...]] = []

    def WTSRegisterSessionNotification(self, hwnd: int, flags: int) -> int:
        self.calls.append(("register", hwnd, flags))
        return 1

    def WTSUnRegisterSessionNotification(self, hwnd: int) -> int:
        self.calls.append(("unregister", hwnd))
        return 1


def test_session_notifications_are_asked_for_this_session_only() -> None:
    wtsapi32 = FakeWtsapi32()
    assert portable.register_session_notification(0x77, wtsapi32=wtsapi32)
    portable.unregister_session_notification(0x77, wtsapi32=wtsapi32)
    assert wtsapi32.calls == [
        ("register", 0x77, portable.NOTIFY_FOR_THIS_SESSION),
        ("unregister", 0x77),
    ]


@pytest.mark.skipif(os.name == "nt", reason="off Windows only")
def test_off_windows_session_notifications_are_quietly_unavailable() -> None:
    assert portable.register_session_notification(0x77) is False
    portable.unregister_session_notification(0x77)  # no error


@pytest.mark.parametrize(
    ("environ", "none"),
    [
        ({}, True),  # an SSH session, a cron job
        ({"DISPLAY": ":0"}, False),
        ({"WAYLAND_DISPLAY": "wayland-0"}, False),
        ({"QT_QPA_PLATFORM": "offscreen"}, False),
        ({"DISPLAY": ""}, True),
    ],
)
def test_a_window_without_a_display_is_known_before_qt_aborts(
    environ: dict[str, str], none: bool
) -> None:
    expected = none and os.name != "nt" and sys.platform != "darwin"
    assert portable.no_display(environ) is expected


@pytest.mark.skipif(os.name == "nt", reason="POSIX resource limits")
def test_a_crash_writes_no_core_file() -> None:
    # A core file holds the process's memory: the decrypted case files, the key
    child = subprocess.run(
        [sys.executable, "-c",
         "import resource; from minorifamiglie import portable; portable.no_core_dumps(); "
         "print(resource.getrlimit(resource.RLIMIT_CORE))"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert child.stdout.strip() == "(0, 0)"
