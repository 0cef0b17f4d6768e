"""The profile folder's files: private modes, and what killed writes left behind.

Every file is written by minorifamiglie.portable (`write_atomic`, `write_new`, `atomic_file`:
private before any byte, fsynced, renamed into place, the folder fsynced)."""

from __future__ import annotations

import contextlib
import os
import re
import stat
import time
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from minorifamiglie import portable
from minorifamiglie.config import LOCK_FILE

PRIVATE_DIR = portable.PRIVATE_DIR
PRIVATE_FILE = portable.PRIVATE_FILE
# What portable.atomic_file leaves when its process is killed: its prefix, then tempfile's
# 8 random characters (then the caller's suffix, if any).
TEMP_NAME = r"\.tmp-[a-z0-9_]{8}"
# A document the user saves (a PDF, a CSV, an .odt, an attachment) is whole in a temporary file
# of this suffix beside it before it takes its name. Plain text of a case: what a killed save
# leaves there is removed by the next save into that folder (write_document).
DOCUMENT_SUFFIX = ".documento-part"
DOCUMENT_LEFTOVERS = re.compile(TEMP_NAME + re.escape(DOCUMENT_SUFFIX))


def make_private_dir(path: Path) -> None:
    portable.make_private_dir(path)


def tighten_modes(root: Path) -> None:
    """SQLite creates -wal and -shm files with the process umask; keep every file 0600 and
    every folder (the copies in backup/, one level down) 0700. A file that another process
    removes meanwhile (its last connection closing) is simply gone."""
    portable.set_private(root)
    for entry in root.iterdir():
        try:
            if entry.is_symlink():
                continue
            if entry.is_file() and entry.name != LOCK_FILE:
                portable.set_private(entry)
            elif entry.is_dir():
                tighten_modes(entry)
        except FileNotFoundError:
            continue  # another process on this profile closed its database: its -wal went


def remove_stale_temp_files(folder: Path, names: re.Pattern[str], before: float) -> int:
    """Remove what killed operations left in `folder`: regular files (never a folder or a
    link) whose whole name matches `names` (the application's own temporary names, exactly)
    and that were last written before `before` (a time.time() stamp: the start of the current
    operation, so a file another operation is writing now is left alone). How many went."""
    removed = 0
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return 0
    for entry in entries:
        if not names.fullmatch(entry.name):
            continue
        with contextlib.suppress(OSError):
            info = entry.stat(follow_symlinks=False)
            if stat.S_ISREG(info.st_mode) and info.st_mtime < before:
                os.unlink(entry.path)
                removed += 1
    return removed


def write_document(path: Path, data: bytes) -> None:
    """Save a document for the user at `path` (atomically, private), first removing what a
    killed save left in that folder: a plaintext copy of a case file nobody knows is there."""
    with document_files(path) as (out,):
        out.write(data)


@contextlib.contextmanager
def document_files(*paths: Path) -> Iterator[tuple[BinaryIO, ...]]:
    """Several documents that go together (a report's two CSV files), each whole or none,
    after the leftovers of killed saves in their folders are removed."""
    started = time.time()
    for folder in {path.parent for path in paths}:
        remove_stale_temp_files(folder, DOCUMENT_LEFTOVERS, started)
    with contextlib.ExitStack() as stack:
        yield tuple(
            stack.enter_context(portable.atomic_file(path, suffix=DOCUMENT_SUFFIX))
            for path in paths
        )
