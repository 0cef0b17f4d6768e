"""What "private" means for a file or folder the application writes, on each platform.

POSIX: folders 0700, files 0600, set before any data (minorifamiglie/portable.py). Windows has
no such bits (os.chmod only sets read-only): there privacy rests on the per-user data folder's
ACL (packaging/README.md), so these checks hold by construction and the Windows suite tests the
rest of each story."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

POSIX_MODES = pytest.mark.skipif(os.name == "nt", reason="POSIX mode bits; Windows uses ACLs")


def is_private_file(path: Path) -> bool:
    return os.name == "nt" or stat.S_IMODE(path.stat().st_mode) == 0o600


def is_private_dir(path: Path) -> bool:
    return os.name == "nt" or stat.S_IMODE(path.stat().st_mode) == 0o700
