"""Faults at the true OS boundary, shared by the tests that need them."""

from __future__ import annotations

import errno
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest


class FullFile:
    """A file on a full disk: opening works, every write fails with ENOSPC, as the kernel says
    it at the file object's write."""

    def __init__(self, inner: Any) -> None:
        self._inner = inner

    def write(self, data: bytes) -> int:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)

    def __enter__(self) -> FullFile:
        return self

    def __exit__(self, *exc: object) -> None:
        self._inner.close()


def fill_the_disk(monkeypatch: pytest.MonkeyPatch) -> None:
    """From now on every write of portable's atomic files fails as on a full disk."""
    real_fdopen = os.fdopen

    def fdopen(fd: int, *args: Any, **kwargs: Any) -> Any:
        return FullFile(real_fdopen(fd, *args, **kwargs))

    monkeypatch.setattr(os, "fdopen", fdopen)  # the os module that portable uses


_HOLDER = """
import sys
from pathlib import Path
from minorifamiglie import portable
held = portable.lock(Path(sys.argv[1]))
print("held", flush=True)
sys.stdin.read()
"""


def hold_lock_in_another_process(lock: Path) -> subprocess.Popen[str]:
    """Another process of the application holding `lock` (as a second window would) until it
    is killed or its stdin closes; returns once the lock is held."""
    child = subprocess.Popen(
        [sys.executable, "-c", _HOLDER, str(lock)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None
    assert child.stdout.readline() == "held\n"
    return child


_DB_HOLDER = """
import sys
from pathlib import Path
from minorifamiglie.storage.database import connect_raw
key = bytes.fromhex(sys.stdin.readline().strip())
conn = connect_raw(Path(sys.argv[1]), key)
conn.execute("BEGIN IMMEDIATE" if sys.argv[2] == "write" else "BEGIN")
conn.execute("SELECT count(*) FROM audit_events").fetchone()
print("held", flush=True)
sys.stdin.readline()
conn.execute("ROLLBACK")
print("released", flush=True)
sys.stdin.read()
"""


class DatabaseHolder:
    """Another process with a transaction open on a profile's database: `write` holds the
    write lock (as a running sync or import does), `read` a read snapshot (as `check` or
    `dump` does). Synchronised by its pipes, never by sleeping."""

    def __init__(self, database: Path, master_key: bytes, mode: str = "write") -> None:
        self.child = subprocess.Popen(
            [sys.executable, "-c", _DB_HOLDER, str(database), mode],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self.child.stdin is not None and self.child.stdout is not None
        self.child.stdin.write(master_key.hex() + "\n")  # on a pipe, not on the command line
        self.child.stdin.flush()
        assert self.child.stdout.readline() == "held\n"

    def release(self) -> None:
        """Returns once the other process has ended its transaction."""
        assert self.child.stdin is not None and self.child.stdout is not None
        self.child.stdin.write("\n")
        self.child.stdin.flush()
        assert self.child.stdout.readline() == "released\n"

    def stop(self) -> None:
        self.child.kill()
        self.child.wait()
        for pipe in (self.child.stdin, self.child.stdout):
            if pipe is not None:
                pipe.close()
