"""The one place with platform-specific calls: private modes, atomic writes, folder fsync,
the profile lock (a POSIX and a Windows implementation, chosen once by `os.name`); and, for the
GUI's lock, the Caps Lock state and the Windows session and power messages (ctypes, no Qt).

On POSIX a profile is private by its modes (folder 0700, files 0600, set before any data is
written). On Windows mode bits mean only "read-only" and `os.fchmod` does not exist before
Python 3.13: privacy rests on the ACL of the per-user data folder the profile lives in, so the
Windows branch creates files and folders and never changes modes."""

from __future__ import annotations

import contextlib
import errno
import functools
import importlib
import os
import shutil
import stat
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from types import TracebackType
from typing import Any, BinaryIO, NamedTuple, Protocol

PRIVATE_DIR = 0o700
PRIVATE_FILE = 0o600

# fsync of a folder: network shares and some file systems answer these instead of syncing.
_DIR_FSYNC_UNSUPPORTED = {errno.EINVAL, errno.EBADF, errno.ENOTSUP, errno.EOPNOTSUPP}
# os.link refused by the file system (FAT USB sticks, some SMB mounts and sync clients).
_NO_HARD_LINKS = {errno.EPERM, errno.EACCES, errno.ENOTSUP, errno.EOPNOTSUPP, errno.ENOSYS}
# A file system that keeps no modes (a FAT USB stick) refuses fchmod; the file was created
# 0600 anyway, so only a default ACL could have widened it there.
_NO_MODES = {errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP}

_O_BINARY = getattr(os, "O_BINARY", 0)
_O_NOINHERIT = getattr(os, "O_NOINHERIT", 0)
_O_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
_O_NONBLOCK = getattr(os, "O_NONBLOCK", 0)  # POSIX: a FIFO opens without waiting for a writer
_O_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)  # POSIX: a symlink as the last component fails


class ProfileLockedError(Exception):
    """Another process (another window of the application) holds the lock."""


class FileLock:
    """A held lock on one file; released by `close()`, on exit of a `with`, and by the OS
    when the process ends (so a crash never leaves a profile locked)."""

    def __init__(self, path: Path, fd: int, release: Callable[[int], None]) -> None:
        self.path = path
        self._fd: int | None = fd
        self._release = release

    @property
    def held(self) -> bool:
        return self._fd is not None

    def close(self) -> None:
        fd, self._fd = self._fd, None
        if fd is None:
            return
        try:
            self._release(fd)
        finally:
            os.close(fd)

    def __enter__(self) -> FileLock:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()


class PosixFiles:
    """Linux and macOS: modes, umask, fsync of folders, hard links, flock."""

    def __init__(self, link: Callable[[str, str], None] = os.link) -> None:
        self._link = link  # injectable: a test plays a file system without hard links

    # -------------------------------------------------------------- private folders and files
    def make_private_dir(self, path: Path) -> None:
        path.mkdir(mode=PRIVATE_DIR, parents=True, exist_ok=True)
        os.chmod(path, PRIVATE_DIR)

    def set_private(self, path: Path) -> None:
        """Tighten an existing folder to 0700 or file to 0600 (SQLite's -wal and -shm)."""
        os.chmod(path, PRIVATE_DIR if path.is_dir() else PRIVATE_FILE)

    @contextlib.contextmanager
    def private_umask(self) -> Iterator[None]:
        """Files created meanwhile by others (SQLite) are born without group or other bits."""
        old = os.umask(0o077)
        try:
            yield
        finally:
            os.umask(old)

    def protect_fd(self, fd: int) -> None:
        try:
            os.fchmod(fd, PRIVATE_FILE)  # a default ACL may have widened the creation mode
        except OSError as exc:
            if exc.errno not in _NO_MODES:
                raise

    def open_new_private(self, path: Path) -> int:
        """Create `path` (never over an existing file), 0600 before any data; a write fd."""
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _O_CLOEXEC, PRIVATE_FILE)
        try:
            self.protect_fd(fd)
        except BaseException:
            os.close(fd)
            os.unlink(path)
            raise
        return fd

    # -------------------------------------------------------------- commit of a finished file
    def sync_file(self, fd: int) -> None:
        """The file's bytes on the disk (a full disk or a network share may say so only here)."""
        os.fsync(fd)

    def replace(self, source: Path, target: Path) -> None:
        os.replace(source, target)

    def rename_new(self, source: Path, target: Path) -> None:
        """Move `source` to `target` unless `target` exists (FileExistsError): exact even when
        another process creates `target` at the same moment."""
        try:
            self._link(str(source), str(target))
        except FileExistsError:
            raise
        except OSError as exc:
            if exc.errno not in _NO_HARD_LINKS:
                raise
            # No hard links here: reserve the name with O_EXCL (a concurrent creator fails
            # there), then replace our own empty placeholder. A reader sees nothing, an empty
            # file or the whole file, never half of it.
            os.close(self.open_new_private(target))
            try:
                os.replace(source, target)
            except BaseException:
                with contextlib.suppress(OSError):
                    os.unlink(target)
                raise
            return
        os.unlink(source)

    def fsync_dir(self, path: Path) -> None:
        """Make a rename in `path` durable; shares that cannot sync a folder are tolerated."""
        try:
            fd = os.open(path, os.O_RDONLY | _O_CLOEXEC)
        except OSError as exc:
            if exc.errno in _DIR_FSYNC_UNSUPPORTED or exc.errno == errno.EACCES:
                return
            raise
        try:
            os.fsync(fd)
        except OSError as exc:
            if exc.errno not in _DIR_FSYNC_UNSUPPORTED:
                raise
        finally:
            os.close(fd)

    # -------------------------------------------------------------- lock
    def lock(self, path: Path) -> FileLock:
        import fcntl

        fd = os.open(path, os.O_RDWR | os.O_CREAT | _O_CLOEXEC, PRIVATE_FILE)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            os.close(fd)
            if exc.errno in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
                raise ProfileLockedError(str(path)) from None
            raise
        return FileLock(path, fd, lambda fd: fcntl.flock(fd, fcntl.LOCK_UN))


class WindowsFiles:
    """Windows: no modes (the per-user folder's ACL keeps the profile private), no folder
    fsync, renames that fail while another program (an antivirus, a sync client) has the file
    open, msvcrt byte-range locks. The OS calls it makes exist on Linux too, except msvcrt
    (injected) and the no-replace rename (injected), so tests run it on Linux."""

    RETRY_SECONDS = 5.0  # an antivirus scan of a new file usually lasts well under a second
    FIRST_WAIT = 0.02

    def __init__(
        self,
        msvcrt: Any = None,
        *,
        replace: Callable[[str, str], None] = os.replace,
        rename: Callable[[str, str], None] = os.rename,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._msvcrt = msvcrt
        self._replace = replace
        self._rename = rename  # on Windows os.rename refuses an existing target
        self._sleep = sleep
        self._clock = clock

    def make_private_dir(self, path: Path) -> None:
        path.mkdir(parents=True, exist_ok=True)

    def set_private(self, path: Path) -> None:
        return None

    @contextlib.contextmanager
    def private_umask(self) -> Iterator[None]:
        yield

    def protect_fd(self, fd: int) -> None:
        return None

    def open_new_private(self, path: Path) -> int:
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | _O_BINARY | _O_NOINHERIT
        return os.open(path, flags, PRIVATE_FILE)  # 0600 has the write bit: not read-only

    def sync_file(self, fd: int) -> None:
        os.fsync(fd)  # _commit: FlushFileBuffers

    def replace(self, source: Path, target: Path) -> None:
        self._retry(self._replace, source, target)

    def rename_new(self, source: Path, target: Path) -> None:
        self._retry(self._rename, source, target)

    def _retry(self, move: Callable[[str, str], None], source: Path, target: Path) -> None:
        """A sharing violation (PermissionError) is retried for a bounded time."""
        deadline = self._clock() + self.RETRY_SECONDS
        wait = self.FIRST_WAIT
        while True:
            try:
                move(str(source), str(target))
                return
            except PermissionError:
                if self._clock() + wait > deadline:
                    raise
            self._sleep(wait)
            wait = min(wait * 2, 0.5)

    def fsync_dir(self, path: Path) -> None:
        return None  # a folder cannot be opened on Windows; NTFS journals the rename

    def lock(self, path: Path) -> FileLock:
        msvcrt = self._msvcrt or importlib.import_module("msvcrt")
        flags = os.O_RDWR | os.O_CREAT | _O_BINARY | _O_NOINHERIT
        fd = os.open(path, flags, PRIVATE_FILE)
        try:
            os.lseek(fd, 0, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError as exc:
            os.close(fd)
            if exc.errno in (errno.EACCES, errno.EDEADLK):  # LK_NBLCK answers EACCES
                raise ProfileLockedError(str(path)) from None
            raise

        def release(fd: int) -> None:
            os.lseek(fd, 0, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

        return FileLock(path, fd, release)


Files = PosixFiles | WindowsFiles
CURRENT: Files = WindowsFiles() if os.name == "nt" else PosixFiles()


# ------------------------------------------------------------------ the module's interface


def make_private_dir(path: Path, files: Files = CURRENT) -> None:
    """Create `path` (and its parents) private to this user; an existing one is tightened."""
    files.make_private_dir(path)


def set_private(path: Path, files: Files = CURRENT) -> None:
    files.set_private(path)


def private_umask(files: Files = CURRENT) -> contextlib.AbstractContextManager[None]:
    """Around code whose files are created by a library (SQLite): born private on POSIX."""
    return files.private_umask()


def fsync_dir(path: Path, files: Files = CURRENT) -> None:
    files.fsync_dir(path)


def move_new(source: Path, target: Path, files: Files = CURRENT) -> None:
    """Move `source` to `target` in the same folder tree, only if nothing is at `target`
    (FileExistsError otherwise, never an overwrite)."""
    files.rename_new(source, target)


def move_aside(source: Path, target: Path, files: Files = CURRENT) -> None:
    """`move_new` for whatever stands at `source`: a regular file as `move_new` moves it; a
    folder, a link or anything else renamed when nothing is at `target` (the caller's own
    folder, where nobody else writes, so checking first is enough). Never a hard link of a
    link: macOS's link() follows it, which would put the file it points to (anyone's, on a
    shared folder that a sync client uploads) in its place."""
    if stat.S_ISREG(os.lstat(source).st_mode):
        files.rename_new(source, target)
        return
    if os.path.lexists(target):
        raise FileExistsError(target)
    os.rename(source, target)


def open_new_private(path: Path, files: Files = CURRENT) -> int:
    """A write descriptor on a new file `path` (FileExistsError if it exists), private before
    any byte is written."""
    return files.open_new_private(path)


def lock(path: Path, files: Files = CURRENT) -> FileLock:
    """Take the lock file `path` without waiting; ProfileLockedError if another process
    holds it. Two locks on one file in one process also exclude each other."""
    return files.lock(path)


def lock_waiting(
    path: Path,
    timeout: float,
    files: Files = CURRENT,
    *,
    sleep: Callable[[float], None] = time.sleep,
    clock: Callable[[], float] = time.monotonic,
) -> FileLock:
    """Take the lock file `path`, waiting up to `timeout` seconds for its holder to release
    it (polling, short at first: holders of such locks keep them for milliseconds);
    ProfileLockedError after that. Both branches, as `lock`."""
    deadline = clock() + timeout
    wait = 0.005
    while True:
        try:
            return files.lock(path)
        except ProfileLockedError:
            left = deadline - clock()
            if left <= 0:
                raise
        sleep(min(wait, left))
        wait = min(wait * 2, 0.1)


@contextlib.contextmanager
def atomic_file(
    path: Path, *, replace: bool = True, suffix: str = "", files: Files = CURRENT
) -> Iterator[BinaryIO]:
    """The one way the application writes a file: it appears whole or not at all, private.

    A temporary file in the same folder, created 0600 (mkstemp) before any byte, is streamed
    into by the block, flushed and fsynced, then renamed over `path` (replace=True) or moved to
    `path` only if no file is there (replace=False: FileExistsError, never an overwrite; exact,
    with no check beforehand: link(2) on POSIX, a rename that refuses an existing name on
    Windows, O_EXCL where there are no hard links); last the folder is fsynced, so the rename
    survives a power cut. An error inside the block or in any of those steps leaves `path` as
    it was and no temporary file. `suffix` ends the temporary name: it says which kind of
    write a leftover of a killed process was."""
    _refuse_special(path)
    fd, name = tempfile.mkstemp(prefix=".tmp-", suffix=suffix, dir=path.parent)
    tmp = Path(name)
    try:
        with os.fdopen(fd, "wb") as out:
            files.protect_fd(fd)
            yield out
            out.flush()
            files.sync_file(out.fileno())
        if replace:
            files.replace(tmp, path)
        else:
            files.rename_new(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    files.fsync_dir(path.parent)


def _refuse_special(path: Path) -> None:
    """NotAFileError when `path` is a pipe, a device or a socket (followed through links): a
    rename over it would replace it with the file (as root, /dev/full with case data) and the
    write would look done. A regular file, a folder (the rename says) or nothing pass."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return
    if not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
        raise NotAFileError(f"{path} non è un file normale: nulla è stato scritto")


def write_atomic(path: Path, data: bytes, files: Files = CURRENT) -> None:
    """Write or replace `path` so that a crash leaves either the old or the new file."""
    with atomic_file(path, files=files) as out:
        out.write(data)


def write_new(path: Path, data: bytes, suffix: str = "", files: Files = CURRENT) -> None:
    """Create `path` whole, or raise FileExistsError: an existing file, even one created by
    another process a moment ago, is never replaced."""
    with atomic_file(path, replace=False, suffix=suffix, files=files) as out:
        out.write(data)


# ------------------------------------------------------------------ an open database's bytes

_PIPE_BYTES = 1 << 20  # a pipe this large moves a 1 MiB read in one go (Linux; a hint elsewhere)


class NotAFileError(Exception):
    """Something other than a regular file where a file was expected: a folder, a FIFO, a
    device (anyone who can write to a shared folder can put one there)."""


def open_regular(path: Path, follow: bool = True) -> tuple[BinaryIO, os.stat_result]:
    """`path` opened for reading, with its status, when it is a regular file, else
    NotAFileError, decided without waiting: on POSIX the file is opened non-blocking, so a FIFO
    cannot hold the reader until a writer comes, and the mode is checked on the open file
    itself. A symlink to a regular file counts unless `follow` is False (a shared folder's
    files, which the application never links: one linked to another file is refused). OSError
    when it cannot be opened (a share gone away)."""
    flags = os.O_RDONLY | _O_BINARY | _O_NOINHERIT | _O_CLOEXEC | _O_NONBLOCK
    if not follow:
        flags |= _O_NOFOLLOW
    try:
        fd = os.open(path, flags)
    except IsADirectoryError:
        raise NotAFileError("a folder") from None
    except PermissionError:
        if path.is_dir():  # what Windows answers for a folder
            raise NotAFileError("a folder") from None
        raise
    except OSError as exc:
        if not follow and exc.errno == errno.ELOOP:
            raise NotAFileError("a link") from None
        raise
    try:
        status = os.fstat(fd)
        if not stat.S_ISREG(status.st_mode):
            raise NotAFileError("not a regular file")
        if _O_NONBLOCK:
            os.set_blocking(fd, True)
        return os.fdopen(fd, "rb"), status
    except BaseException:
        os.close(fd)
        raise


class Reader(Protocol):
    def read(self, n: int = -1, /) -> bytes: ...


def can_read_open_database(files: Files = CURRENT) -> bool:
    """Whether `read_open_database` works here (POSIX needs the `head` utility)."""
    return isinstance(files, WindowsFiles) or shutil.which("head") is not None


@contextlib.contextmanager
def read_open_database(path: Path, size: int, files: Files = CURRENT) -> Iterator[Reader]:
    """The first `size` bytes of a database file that SQLite connections of this process may
    hold locks on, as a file to read; OSError if fewer come. On POSIX a child process (`head
    -c`) reads them: closing any descriptor of a file drops every POSIX lock the process holds
    on it, SQLite's too, which would let another process take the file as unused and delete its
    WAL under this one ("How To Corrupt An SQLite Database File", 2.2). So this process never
    opens the file itself. On Windows locks belong to handles: the file is read directly."""
    if isinstance(files, WindowsFiles):
        with path.open("rb") as fh:
            yield _Exact(fh, size)
        return
    head = shutil.which("head")
    if head is None:
        raise FileNotFoundError(errno.ENOENT, "head")
    child = subprocess.Popen(  # noqa: S603 - a fixed program, no shell, a path argument
        [head, "-c", str(size), "--", str(path.absolute())],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )
    assert child.stdout is not None
    try:
        with contextlib.suppress(OSError, AttributeError):
            fcntl = importlib.import_module("fcntl")
            fcntl.fcntl(child.stdout.fileno(), fcntl.F_SETPIPE_SZ, _PIPE_BYTES)
        yield _Exact(child.stdout, size)
    finally:
        child.stdout.close()
        if child.poll() is None:
            child.kill()
        child.wait()


class _Exact:
    """Reads exactly `size` bytes of `raw`, then reports the end; OSError if `raw` ends first."""

    def __init__(self, raw: Reader, size: int) -> None:
        self._raw = raw
        self._left = size

    def read(self, n: int = -1, /) -> bytes:
        want = self._left if n < 0 else min(n, self._left)
        data = self._raw.read(want) if want else b""
        if len(data) < want:
            raise OSError(errno.EIO, "file shorter than expected")
        self._left -= len(data)
        return data


# ------------------------------------------------------------------ keyboard and session (GUI)
# Asked by the GUI's unlock screen and lock watcher; never raise: None (or False) where the
# answer cannot be known here. ctypes is imported only when one of them is first used.

VK_CAPITAL = 0x14  # GetKeyState: bit 0 is the toggle state of Caps Lock
WM_POWERBROADCAST = 0x0218
PBT_APMSUSPEND = 0x0004  # wParam of WM_POWERBROADCAST: the system is about to sleep
WM_WTSSESSION_CHANGE = 0x02B1  # sent after WTSRegisterSessionNotification
WTS_SESSION_LOCK = 0x7  # wParam of WM_WTSSESSION_CHANGE: the session was locked (Win+L)
NOTIFY_FOR_THIS_SESSION = 0
X_LOCK_MASK = 1 << 1  # the core "Lock" modifier: what Caps Lock latches
XKB_USE_CORE_KBD = 0x0100


def no_core_dumps() -> None:
    """Ask the system to write no core file of this process if it ever crashes: one holds the
    process's memory, decrypted case files and the key among it, in whatever folder the system
    chooses (often the working folder). POSIX only; Windows writes no such file by default."""
    if os.name == "nt":
        return
    import resource

    with contextlib.suppress(ValueError, OSError):
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def no_display(environ: Mapping[str, str] | None = None) -> bool:
    """Whether a window has nowhere to appear: on Linux and the other X11/Wayland systems no
    display is named (an SSH session, a cron job), unless Qt is told which platform to use
    (QT_QPA_PLATFORM, e.g. offscreen). Windows and macOS always have one. Without it, Qt's
    own start fails with several lines of plugin messages and aborts the process."""
    env = os.environ if environ is None else environ
    if os.name == "nt" or sys.platform == "darwin":
        return False
    return not (env.get("DISPLAY") or env.get("WAYLAND_DISPLAY") or env.get("QT_QPA_PLATFORM"))


def caps_lock_on(
    platform: str, *, user32: Any = None, x11: X11Keyboard | None = None
) -> bool | None:
    """Whether Caps Lock is on, for Qt's platform name `platform` ("windows", "xcb"); None on
    the others (Wayland gives clients no such state, "offscreen") or when the call fails.
    `user32` and `x11` are injectable; by default the system's."""
    if platform == "windows":
        library = user32 if user32 is not None else _windows_library("user32")
        if library is None:
            return None
        try:
            return bool(library.GetKeyState(VK_CAPITAL) & 1)
        except (AttributeError, OSError):
            return None
    if platform == "xcb":
        return (x11 or _default_x11()).caps_lock()
    return None


class X11Keyboard:
    """The XKB state of an X display through libX11, over a connection of its own opened at
    the first question (Qt's is not reachable from Python); `display` None means $DISPLAY.
    A display that cannot be opened answers None, and is not tried again."""

    def __init__(self, display: bytes | None = None) -> None:
        self._name = display
        self._lib: Any = None
        self._display: int | None = None
        self._failed = False

    def caps_lock(self) -> bool | None:
        if not self._connect():
            return None
        import ctypes

        state = _xkb_state_type()()
        if self._lib.XkbGetState(self._display, XKB_USE_CORE_KBD, ctypes.byref(state)) != 0:
            return None  # not Success: no XKB on this server
        return bool(state.locked_mods & X_LOCK_MASK)

    def close(self) -> None:
        if self._display:
            self._lib.XCloseDisplay(self._display)
        self._display = None

    def _connect(self) -> bool:
        if self._display:
            return True
        if self._failed:
            return False
        self._failed = True  # until it works
        try:
            import ctypes
            import ctypes.util

            name = ctypes.util.find_library("X11") or "libX11.so.6"
            lib = ctypes.CDLL(name)
            lib.XOpenDisplay.restype = ctypes.c_void_p
            lib.XOpenDisplay.argtypes = [ctypes.c_char_p]
            lib.XCloseDisplay.argtypes = [ctypes.c_void_p]
            lib.XkbGetState.argtypes = [ctypes.c_void_p, ctypes.c_uint, ctypes.c_void_p]
            lib.XkbGetState.restype = ctypes.c_int
            display = lib.XOpenDisplay(self._name)
        except (OSError, AttributeError):
            return False
        if not display:
            return False
        self._lib, self._display, self._failed = lib, display, False
        return True


_X11: list[X11Keyboard] = []


def _default_x11() -> X11Keyboard:
    if not _X11:
        _X11.append(X11Keyboard())
    return _X11[0]


class WindowsMessage(NamedTuple):
    hwnd: int
    message: int
    wparam: int
    lparam: int


def read_windows_message(address: int) -> WindowsMessage:
    """The MSG structure that Qt hands a native event filter on Windows (event type
    b"windows_generic_MSG"), read at `address`."""
    msg = _msg_type().from_address(address)
    return WindowsMessage(msg.hwnd or 0, msg.message, msg.wParam, msg.lParam)


def register_session_notification(hwnd: int, *, wtsapi32: Any = None) -> bool:
    """Ask Windows to send WM_WTSSESSION_CHANGE (the session locked, unlocked…) to the window
    `hwnd`; False where that cannot be done (not Windows, no Terminal Services)."""
    library = wtsapi32 if wtsapi32 is not None else _windows_library("wtsapi32")
    if library is None:
        return False
    try:
        return bool(library.WTSRegisterSessionNotification(hwnd, NOTIFY_FOR_THIS_SESSION))
    except (AttributeError, OSError):
        return False


def unregister_session_notification(hwnd: int, *, wtsapi32: Any = None) -> None:
    """Undo `register_session_notification`, before the window is destroyed."""
    library = wtsapi32 if wtsapi32 is not None else _windows_library("wtsapi32")
    if library is None:
        return
    with contextlib.suppress(AttributeError, OSError):
        library.WTSUnRegisterSessionNotification(hwnd)


def _windows_library(name: str) -> Any:
    """A Windows DLL by name, with the argument types of the few functions used here; None
    elsewhere (ctypes has no WinDLL outside Windows)."""
    import ctypes

    loader = getattr(ctypes, "WinDLL", None)
    if loader is None:
        return None
    try:
        library = loader(name, use_last_error=True)
    except OSError:
        return None
    if name == "user32":
        library.GetKeyState.argtypes = [ctypes.c_int]
        library.GetKeyState.restype = ctypes.c_short
    elif name == "wtsapi32":
        library.WTSRegisterSessionNotification.argtypes = [ctypes.c_void_p, ctypes.c_uint32]
        library.WTSRegisterSessionNotification.restype = ctypes.c_int
        library.WTSUnRegisterSessionNotification.argtypes = [ctypes.c_void_p]
        library.WTSUnRegisterSessionNotification.restype = ctypes.c_int
    return library


@functools.cache
def _msg_type() -> Any:
    """MSG of winuser.h: HWND, UINT, WPARAM (pointer-sized unsigned), LPARAM (pointer-sized
    signed), DWORD time, POINT pt, DWORD lPrivate."""
    import ctypes

    class Point(ctypes.Structure):
        _fields_ = (("x", ctypes.c_int32), ("y", ctypes.c_int32))

    class Msg(ctypes.Structure):
        _fields_ = (
            ("hwnd", ctypes.c_void_p),
            ("message", ctypes.c_uint32),
            ("wParam", ctypes.c_size_t),
            ("lParam", ctypes.c_ssize_t),
            ("time", ctypes.c_uint32),
            ("pt", Point),
            ("lPrivate", ctypes.c_uint32),
        )

    return Msg


@functools.cache
def _xkb_state_type() -> Any:
    """XkbStateRec of X11/extensions/XKBstr.h."""
    import ctypes

    class XkbState(ctypes.Structure):
        _fields_ = (
            ("group", ctypes.c_ubyte),
            ("locked_group", ctypes.c_ubyte),
            ("base_group", ctypes.c_ushort),
            ("latched_group", ctypes.c_ushort),
            ("mods", ctypes.c_ubyte),
            ("base_mods", ctypes.c_ubyte),
            ("latched_mods", ctypes.c_ubyte),
            ("locked_mods", ctypes.c_ubyte),
            ("compat_state", ctypes.c_ubyte),
            ("grab_mods", ctypes.c_ubyte),
            ("compat_grab_mods", ctypes.c_ubyte),
            ("lookup_mods", ctypes.c_ubyte),
            ("compat_lookup_mods", ctypes.c_ubyte),
            ("ptr_buttons", ctypes.c_ushort),
        )

    return XkbState
