"""Boring, explicit file writes: private modes before any data, fsync, atomic rename."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

PRIVATE_DIR = 0o700
PRIVATE_FILE = 0o600


def make_private_dir(path: Path) -> None:
    path.mkdir(mode=PRIVATE_DIR, parents=True, exist_ok=True)
    os.chmod(path, PRIVATE_DIR)


def atomic_write(path: Path, data: bytes) -> None:
    """Write `data` to `path` so that a crash leaves either the old or the new file, never half."""
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=path.parent)
    try:
        os.fchmod(fd, PRIVATE_FILE)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    dir_fd = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


def tighten_modes(root: Path) -> None:
    """SQLite creates -wal and -shm files with the process umask; keep every file 0600 and
    every folder (the copies in backup/, one level down) 0700."""
    os.chmod(root, PRIVATE_DIR)
    for entry in root.iterdir():
        if entry.is_symlink():
            continue
        if entry.is_file():
            os.chmod(entry, PRIVATE_FILE)
        elif entry.is_dir():
            tighten_modes(entry)
