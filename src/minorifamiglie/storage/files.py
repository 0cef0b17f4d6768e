"""Boring, explicit file writes: private modes before any data, fsync, atomic rename.

The platform-specific calls are in minorifamiglie.portable; these are the profile's names."""

from __future__ import annotations

from pathlib import Path

from minorifamiglie import portable
from minorifamiglie.config import LOCK_FILE

PRIVATE_DIR = portable.PRIVATE_DIR
PRIVATE_FILE = portable.PRIVATE_FILE


def make_private_dir(path: Path) -> None:
    portable.make_private_dir(path)


def atomic_write(path: Path, data: bytes) -> None:
    """Write `path` so that a crash leaves either the old or the new file, never half."""
    portable.write_atomic(path, data)


def tighten_modes(root: Path) -> None:
    """SQLite creates -wal and -shm files with the process umask; keep every file 0600 and
    every folder (the copies in backup/, one level down) 0700."""
    portable.set_private(root)
    for entry in root.iterdir():
        if entry.is_symlink():
            continue
        if entry.is_file() and entry.name != LOCK_FILE:
            portable.set_private(entry)
        elif entry.is_dir():
            tighten_modes(entry)
