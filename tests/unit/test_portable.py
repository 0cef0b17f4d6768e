"""The platform-specific file calls (minorifamiglie.portable), both branches on this machine:
private modes, atomic writes that survive a Windows sharing violation, creation that never
replaces a file, folder fsync, the profile lock against a second process, and paths with a
non-ASCII user name. The Windows branch runs here with the OS calls Linux has; only msvcrt and
the Windows meaning of rename (refuse an existing target) are played at that boundary."""

from __future__ import annotations

import errno
import os
import stat
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from faults import hold_lock_in_another_process
from minorifamiglie import portable
from minorifamiglie.portable import PosixFiles, ProfileLockedError, WindowsFiles
from support.clock import FakeClock

POSIX_ONLY = pytest.mark.skipif(os.name == "nt", reason="modes, flock and fork are POSIX")


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


class FakeMsvcrt:
    """Windows' msvcrt.locking at the OS boundary: byte ranges locked per file (not per
    descriptor), a second lock on a held range refused with EACCES, unlocked by its holder."""

    LK_UNLCK, LK_LOCK, LK_NBLCK, LK_RLCK, LK_NBRLCK = 0, 1, 2, 3, 4

    def __init__(self) -> None:
        self.held: dict[tuple[int, int, int, int], int] = {}

    def locking(self, fd: int, mode: int, nbytes: int) -> None:
        info = os.fstat(fd)
        key = (info.st_dev, info.st_ino, os.lseek(fd, 0, os.SEEK_CUR), nbytes)
        if mode == self.LK_NBLCK:
            if key in self.held:
                raise PermissionError(errno.EACCES, "Permission denied")
            self.held[key] = fd
        elif mode == self.LK_UNLCK:
            if self.held.get(key) != fd:
                raise PermissionError(errno.EACCES, "Permission denied")
            del self.held[key]
        else:
            raise AssertionError(f"the lock is never taken blocking (mode {mode})")


def windows_rename(source: str, target: str) -> None:
    """os.rename as Windows does it (MoveFileEx without REPLACE_EXISTING): an existing target
    is refused. Made exact here with a hard link, which Linux refuses on an existing name."""
    os.link(source, target)
    os.unlink(source)


def no_hard_links(source: str, target: str) -> None:
    """os.link on a FAT USB stick or an SMB mount that refuses hard links."""
    raise PermissionError(errno.EPERM, "Operation not permitted")


def windows(**kwargs: Any) -> WindowsFiles:
    return WindowsFiles(FakeMsvcrt(), rename=windows_rename, **kwargs)


BRANCHES: dict[str, Callable[[], portable.Files]] = {
    "posix": PosixFiles,
    "posix-without-hard-links": lambda: PosixFiles(link=no_hard_links),
    "windows": windows,
}


@pytest.fixture(params=sorted(BRANCHES))
def files(request: pytest.FixtureRequest) -> portable.Files:
    return BRANCHES[request.param]()


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(".tmp-"))


# ------------------------------------------------------------------ private folders and files


@POSIX_ONLY
def test_posix_folders_are_0700_and_new_files_0600_before_any_byte(
    tmp_path: Path, usual_umask: None
) -> None:
    # Given a desktop umask that would make everything readable by others
    folder = tmp_path / "profilo" / "dentro"
    # When a private folder and a private file are made
    portable.make_private_dir(folder, PosixFiles())
    fd = portable.open_new_private(folder / "profile.json", PosixFiles())
    try:
        # Then both are private before anything is written
        assert mode(folder / "profile.json") == 0o600
        assert os.fstat(fd).st_size == 0
    finally:
        os.close(fd)
    assert mode(folder) == 0o700
    # And an existing folder that was too open is tightened; a file is never created over
    os.chmod(folder, 0o755)
    portable.make_private_dir(folder, PosixFiles())
    assert mode(folder) == 0o700
    with pytest.raises(FileExistsError):
        portable.open_new_private(folder / "profile.json", PosixFiles())


@POSIX_ONLY
def test_posix_private_umask_makes_library_files_private_and_is_restored(
    tmp_path: Path, usual_umask: None
) -> None:
    with portable.private_umask(PosixFiles()):
        (tmp_path / "cartelle.db-wal").write_bytes(b"")  # as SQLite creates it
    (tmp_path / "after").write_bytes(b"")
    assert mode(tmp_path / "cartelle.db-wal") == 0o600
    assert mode(tmp_path / "after") == 0o644


def test_the_windows_branch_never_needs_fchmod_nor_changes_modes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given Python before 3.13 on Windows, which has no os.fchmod
    monkeypatch.delattr(os, "fchmod", raising=False)
    monkeypatch.setattr(os, "chmod", lambda *a, **k: pytest.fail("chmod called"))
    files = windows()
    # When the Windows branch makes a folder, a new file and an atomic write
    folder = tmp_path / "AppData" / "Local" / "minorifamiglie" / "profilo"
    portable.make_private_dir(folder, files)
    os.close(portable.open_new_private(folder / "nuovo", files))
    portable.write_atomic(folder / "profile.json", b"{}", files)
    with portable.private_umask(files):
        portable.set_private(folder / "profile.json", files)
    # Then all of it is there: privacy is the per-user folder's ACL, not modes
    assert (folder / "profile.json").read_bytes() == b"{}"
    assert sorted(p.name for p in folder.iterdir()) == ["nuovo", "profile.json"]


# ------------------------------------------------------------------ atomic writes


def test_an_atomic_write_replaces_whole_and_leaves_no_temporary_file(
    files: portable.Files, tmp_path: Path
) -> None:
    target = tmp_path / "profile.json"
    portable.write_atomic(target, b"prima", files)
    portable.write_atomic(target, b"dopo", files)
    assert target.read_bytes() == b"dopo"
    assert leftovers(tmp_path) == []
    if isinstance(files, PosixFiles):
        assert mode(target) == 0o600


def test_a_failure_while_writing_leaves_the_old_file_and_no_temporary_file(
    files: portable.Files, tmp_path: Path
) -> None:
    target = tmp_path / "backup.mfbk"
    target.write_bytes(b"vecchio backup")
    with (
        pytest.raises(OSError, match="disco pieno"),
        portable.atomic_file(target, files=files) as out,
    ):
        out.write(b"meta")
        raise OSError(errno.ENOSPC, "disco pieno")
    assert target.read_bytes() == b"vecchio backup"
    assert leftovers(tmp_path) == []


class Recording(PosixFiles):
    """The POSIX branch, telling the order of the steps that make a write durable."""

    def __init__(self) -> None:
        super().__init__()
        self.steps: list[str] = []

    def sync_file(self, fd: int) -> None:
        self.steps.append("sync file")
        super().sync_file(fd)

    def replace(self, source: Path, target: Path) -> None:
        self.steps.append("rename")
        super().replace(source, target)

    def rename_new(self, source: Path, target: Path) -> None:
        self.steps.append("rename new")
        super().rename_new(source, target)

    def fsync_dir(self, path: Path) -> None:
        self.steps.append("sync folder")
        super().fsync_dir(path)


def test_the_file_is_synced_before_its_rename_and_the_folder_after(tmp_path: Path) -> None:
    files = Recording()
    portable.write_atomic(tmp_path / "profile.json", b"{}", files)
    portable.write_new(tmp_path / "00000001.mfb", b"bundle", files=files)
    assert files.steps == [
        *("sync file", "rename", "sync folder"),
        *("sync file", "rename new", "sync folder"),
    ]


@POSIX_ONLY
def test_a_written_file_is_0600_whatever_the_umask(tmp_path: Path, usual_umask: None) -> None:
    portable.write_atomic(tmp_path / "sostituito.pdf", b"x")
    portable.write_new(tmp_path / "nuovo.mfb", b"x")
    with portable.atomic_file(tmp_path / "a-pezzi.mfbk") as out:
        out.write(b"x")
    assert {name: mode(tmp_path / name) for name in sorted(os.listdir(tmp_path))} == {
        "a-pezzi.mfbk": 0o600,
        "nuovo.mfb": 0o600,
        "sostituito.pdf": 0o600,
    }


@pytest.mark.parametrize("step", ["sync_file", "protect_fd", "replace", "fsync_dir"])
def test_a_fault_at_any_step_leaves_the_old_file_and_no_temporary_file(
    files: portable.Files, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, step: str
) -> None:
    # Given a file, and a disk that fails at one step of replacing it (fsync answering ENOSPC:
    # a full network share says so only there)
    target = tmp_path / "profile.json"
    target.write_bytes(b"vecchio")

    def fail(*args: Any) -> None:
        raise OSError(errno.ENOSPC, "disco pieno")

    monkeypatch.setattr(files, step, fail)
    # When it is written, Then the error comes back, the old file is whole and nothing is left
    with pytest.raises(OSError, match="disco pieno"):
        portable.write_atomic(target, b"nuovo, e piu' lungo del vecchio", files)
    if step == "fsync_dir":  # after the rename: the new file is in place, only not yet durable
        assert target.read_bytes() == b"nuovo, e piu' lungo del vecchio"
    else:
        assert target.read_bytes() == b"vecchio"
    assert leftovers(tmp_path) == []


def test_windows_retries_a_replace_while_another_program_holds_the_file(tmp_path: Path) -> None:
    # Given an antivirus that keeps profile.json open for the first two attempts
    target = tmp_path / "profile.json"
    target.write_bytes(b"prima")
    attempts: list[str] = []

    def replace(source: str, dest: str) -> None:
        attempts.append(dest)
        if len(attempts) <= 2:
            raise PermissionError(13, "The process cannot access the file (sharing violation)")
        os.replace(source, dest)

    time = FakeClock()
    files = windows(replace=replace, sleep=time.sleep, clock=time.monotonic)
    # When the file is written
    portable.write_atomic(target, b"dopo", files)
    # Then it is replaced at the third attempt, after two short waits, with nothing left over
    assert target.read_bytes() == b"dopo"
    assert len(attempts) == 3
    assert time.sleeps == [WindowsFiles.FIRST_WAIT, 2 * WindowsFiles.FIRST_WAIT]
    assert leftovers(tmp_path) == []


def test_windows_gives_up_after_a_bounded_time_and_keeps_the_old_file(tmp_path: Path) -> None:
    # Given a sync client that never lets go of the file
    target = tmp_path / "profile.json"
    target.write_bytes(b"prima")

    def replace(source: str, dest: str) -> None:
        raise PermissionError(13, "sharing violation")

    time = FakeClock()
    files = windows(replace=replace, sleep=time.sleep, clock=time.monotonic)
    # When the file is written, the error comes back after at most RETRY_SECONDS of waiting
    with pytest.raises(PermissionError):
        portable.write_atomic(target, b"dopo", files)
    assert 0 < sum(time.sleeps) <= WindowsFiles.RETRY_SECONDS
    assert target.read_bytes() == b"prima"
    assert leftovers(tmp_path) == []


def test_a_posix_replace_is_never_retried(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []

    def refuse(source: str, dest: str) -> None:
        calls.append(dest)
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(PermissionError):
        portable.write_atomic(tmp_path / "profile.json", b"x", PosixFiles())
    assert len(calls) == 1


# ------------------------------------------------------------------ create, never replace


def test_of_two_writers_of_one_new_file_the_second_fails_and_the_first_is_kept(
    files: portable.Files, tmp_path: Path
) -> None:
    # Given two laptops writing the same bundle name at the same moment: neither file is
    # there when they start, both have written their temporary files
    target = tmp_path / "00000007.mfb"
    first = portable.atomic_file(target, replace=False, files=files)
    second = portable.atomic_file(target, replace=False, files=files)
    first.__enter__().write(b"bundle di A")
    second.__enter__().write(b"bundle di B")
    # When A's file lands first
    first.__exit__(None, None, None)
    # Then B is told the name is taken, and A's file is never overwritten
    with pytest.raises(FileExistsError):
        second.__exit__(None, None, None)
    assert target.read_bytes() == b"bundle di A"
    with pytest.raises(FileExistsError):
        portable.write_new(target, b"bundle di C", files=files)
    assert target.read_bytes() == b"bundle di A"
    assert leftovers(tmp_path) == []


def created_meanwhile(move: Callable[[str, str], None]) -> Callable[[str, str], None]:
    """`move`, after another program has created the target: the moment between any check
    for the name and the rename."""

    def racing(source: str, target: str) -> None:
        Path(target).write_bytes(b"di un altro portatile")
        move(source, target)

    return racing


RACING: dict[str, Callable[[], portable.Files]] = {
    "posix": lambda: PosixFiles(link=created_meanwhile(os.link)),
    "posix-without-hard-links": lambda: PosixFiles(link=created_meanwhile(no_hard_links)),
    "windows": lambda: WindowsFiles(FakeMsvcrt(), rename=created_meanwhile(windows_rename)),
}


@pytest.mark.parametrize("branch", sorted(RACING))
def test_never_replace_holds_for_a_file_created_just_before_the_rename(
    branch: str, tmp_path: Path
) -> None:
    # Given no file at the name when the write starts, and another laptop creating one at the
    # last moment
    target = tmp_path / "00000007.mfb"
    files = RACING[branch]()
    # When this one's file is moved there, Then it is refused and the other one is kept
    with pytest.raises(FileExistsError):
        portable.write_new(target, b"di questo portatile", files=files)
    assert target.read_bytes() == b"di un altro portatile"
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize("step", ["sync_file", "rename_new"])
def test_a_fault_while_creating_leaves_no_file_at_all(
    files: portable.Files, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, step: str
) -> None:
    def fail(*args: Any) -> None:
        raise OSError(errno.EIO, "errore di I/O")

    monkeypatch.setattr(files, step, fail)
    with pytest.raises(OSError, match="errore di I/O"):
        portable.write_new(tmp_path / "team.json", b"x", files=files)
    assert os.listdir(tmp_path) == []


def test_many_threads_creating_one_file_exactly_one_wins(
    files: portable.Files, tmp_path: Path
) -> None:
    target = tmp_path / "team.json"
    writers = 8
    start = threading.Barrier(writers)
    won: list[int] = []
    lost: list[int] = []

    def write(n: int) -> None:
        start.wait()
        try:
            portable.write_new(target, f"scrittore {n}".encode(), files=files)
            won.append(n)
        except FileExistsError:
            lost.append(n)

    threads = [threading.Thread(target=write, args=(n,)) for n in range(writers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(won) == 1 and len(lost) == writers - 1
    assert target.read_bytes() == f"scrittore {won[0]}".encode()
    assert leftovers(tmp_path) == []


# ------------------------------------------------------------------ fsync of a folder


@POSIX_ONLY
def test_posix_fsync_of_a_folder_tolerates_a_share_that_cannot(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    portable.fsync_dir(tmp_path, PosixFiles())  # a local disk: really synced
    for code in (errno.EINVAL, errno.EBADF, errno.ENOTSUP):
        monkeypatch.setattr(os, "fsync", lambda fd, code=code: _raise(OSError(code, "share")))
        portable.fsync_dir(tmp_path, PosixFiles())
    monkeypatch.setattr(os, "fsync", lambda fd: _raise(OSError(errno.EIO, "I/O error")))
    with pytest.raises(OSError, match="I/O error"):
        portable.fsync_dir(tmp_path, PosixFiles())


def _raise(exc: BaseException) -> None:
    raise exc


def test_windows_does_not_open_a_folder_to_sync_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(os, "open", lambda *a, **k: pytest.fail("a folder cannot be opened"))
    portable.fsync_dir(tmp_path, windows())


# ------------------------------------------------------------------ the profile lock


@pytest.fixture
def holder(tmp_path: Path) -> Iterator[subprocess.Popen[str]]:
    """Another process of the application holding the lock of the profile in tmp_path."""
    child = hold_lock_in_another_process(tmp_path / ".lock")
    try:
        yield child
    finally:
        child.kill()
        child.wait()


@POSIX_ONLY
def test_a_second_process_is_refused_until_the_first_dies(
    tmp_path: Path, holder: subprocess.Popen[str]
) -> None:
    # Given another process holding the lock
    # When this one tries, it is refused at once
    with pytest.raises(ProfileLockedError):
        portable.lock(tmp_path / ".lock")
    # Then, when the other process dies without releasing anything, the OS frees the lock
    holder.kill()
    holder.wait()
    with portable.lock(tmp_path / ".lock") as held:
        assert held.held
    assert not held.held
    assert (tmp_path / ".lock").read_bytes() == b""  # nothing personal, nothing at all


def test_a_lock_excludes_a_second_one_and_is_free_again_once_closed(tmp_path: Path) -> None:
    for files in (PosixFiles(), windows()):
        if isinstance(files, PosixFiles) and os.name == "nt":
            continue
        first = portable.lock(tmp_path / ".lock", files)
        with pytest.raises(ProfileLockedError):
            portable.lock(tmp_path / ".lock", files)
        first.close()
        first.close()  # closing twice is harmless
        portable.lock(tmp_path / ".lock", files).close()


@POSIX_ONLY
def test_a_posix_lock_file_is_private(tmp_path: Path, usual_umask: None) -> None:
    with portable.lock(tmp_path / ".lock", PosixFiles()):
        assert mode(tmp_path / ".lock") == 0o600


# ------------------------------------------------------------------ non-ASCII user names

STORY = r"""
import sys, warnings
from pathlib import Path
warnings.simplefilter("error", EncodingWarning)
from minorifamiglie import portable
from minorifamiglie.services import backup
from minorifamiglie.storage import profile
from minorifamiglie.storage.keyfile import KdfParams

home = Path(sys.argv[1])
kdf = KdfParams(time_cost=1, memory_cost_kib=8 * 1024, parallelism=1)
created = profile.create(home / "AppData" / "profilo", "passphrase di Nicolò", kdf)
device = created.device_id
created.close()
opened = profile.unlock(home / "AppData" / "profilo", "passphrase di Nicolò")
backup.backup(opened, home / "Documenti" / "copia di Nicolò.mfbk")
opened.close()
copy = home / "Documenti" / "copia di Nicolò.mfbk"
restored = backup.restore(copy, home / "nuovo portatile", "passphrase di Nicolò")
assert restored.device_id == str(device), restored
portable.write_atomic(home / "Documenti" / "è già lì.txt", "Nicolò".encode())
print("ok")
"""


def test_create_unlock_backup_restore_and_write_under_a_non_ascii_user_folder(
    tmp_path: Path,
) -> None:
    # Given a user folder like C:\Users\Nicolò or /home/nicolò, with an apostrophe too
    home = tmp_path / "Nicolò D'Angelo"
    (home / "Documenti").mkdir(parents=True)
    # When a profile is created, unlocked, backed up, restored and a file written there, in a
    # Python that warns whenever a file is opened in text mode with the locale's codec
    run = subprocess.run(
        [sys.executable, "-X", "warn_default_encoding", "-c", STORY, str(home)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )
    # Then everything works, and nothing in the application used the locale's codec
    assert (run.returncode, run.stdout, run.stderr) == (0, "ok\n", "")
    assert (home / "Documenti" / "è già lì.txt").read_text(encoding="utf-8") == "Nicolò"
    assert (home / "nuovo portatile" / "cartelle.db").is_file()


# ------------------------------------------------------------------ waiting for a lock


def lock_branches() -> list[portable.Files]:
    return [windows()] if os.name == "nt" else [PosixFiles(), windows()]


def test_a_waiting_lock_is_taken_once_its_holder_releases_it(tmp_path: Path) -> None:
    for files in lock_branches():
        # Given another holder, which lets go while this one waits
        holder = portable.lock(tmp_path / "x.lock", files)
        clock = FakeClock()

        def sleep(seconds: float, clock: FakeClock = clock, holder: Any = holder) -> None:
            clock.sleep(seconds)
            if len(clock.sleeps) == 3:
                holder.close()

        # When this one waits for it
        with portable.lock_waiting(
            tmp_path / "x.lock", 10.0, files, sleep=sleep, clock=clock.monotonic
        ) as held:
            # Then it holds the lock after the holder's release, short waits first
            assert held.held
            assert len(clock.sleeps) == 3 and clock.sleeps[0] <= 0.01
            with pytest.raises(ProfileLockedError):
                portable.lock(tmp_path / "x.lock", files)


def test_a_waiting_lock_gives_up_after_its_timeout(tmp_path: Path) -> None:
    for files in lock_branches():
        with portable.lock(tmp_path / "x.lock", files):
            clock = FakeClock()
            with pytest.raises(ProfileLockedError):
                portable.lock_waiting(
                    tmp_path / "x.lock", 2.0, files, sleep=clock.sleep, clock=clock.monotonic
                )
            # never past the deadline, and not one sleep of it all at once
            assert sum(clock.sleeps) == pytest.approx(2.0)
            assert max(clock.sleeps) <= 0.1


@POSIX_ONLY
def test_a_waiting_lock_waits_for_another_process(
    tmp_path: Path, holder: subprocess.Popen[str]
) -> None:
    # Given another process holding the lock; it lets go once this one has started waiting
    clock = FakeClock()

    def sleep(seconds: float) -> None:
        clock.sleep(seconds)
        if holder.poll() is None:
            holder.kill()
            holder.wait()

    with portable.lock_waiting(tmp_path / ".lock", 5.0, sleep=sleep, clock=clock.monotonic) as held:
        assert held.held
    assert clock.sleeps  # it did wait, then took the lock


@pytest.mark.skipif(sys.platform == "win32", reason="mkfifo is POSIX")
def test_a_file_is_never_written_over_a_pipe_or_a_device(tmp_path: Path) -> None:
    # A rename over them would replace them and look like a write (as root: /dev/full)
    pipe = tmp_path / "uscita.pdf"
    os.mkfifo(pipe)
    link = tmp_path / "collegamento.pdf"
    link.symlink_to(pipe)
    for target in (pipe, link):
        with pytest.raises(portable.NotAFileError, match="non è un file normale"):
            portable.write_atomic(target, b"%PDF")
    assert stat.S_ISFIFO(pipe.lstat().st_mode) and link.is_symlink()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["collegamento.pdf", "uscita.pdf"]
    regular = tmp_path / "file.pdf"
    regular.write_bytes(b"old")
    portable.write_atomic(regular, b"new")  # a regular file is replaced as ever
    assert regular.read_bytes() == b"new"


def test_moving_a_link_aside_moves_the_link_never_what_it_points_to(tmp_path: Path) -> None:
    # macOS's link() follows a link: a hard link of it would put the file it points to (a
    # private one, say) in the shared folder a sync client uploads
    private = tmp_path / "privato.txt"
    private.write_text("segreto")
    share = tmp_path / "condivisa"
    share.mkdir()
    slot = share / "00000001.mfb"
    slot.symlink_to(private)
    aside = share / "00000001.mfb.damaged-1"
    portable.move_aside(slot, aside)
    assert aside.is_symlink() and not slot.exists()
    assert private.stat().st_nlink == 1
    folder = share / "00000002.mfb"
    folder.mkdir()
    portable.move_aside(folder, share / "00000002.mfb.damaged-1")
    assert (share / "00000002.mfb.damaged-1").is_dir()
    with pytest.raises(FileExistsError):
        portable.move_aside(share / "00000002.mfb.damaged-1", aside)
